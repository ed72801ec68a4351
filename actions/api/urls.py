"""/api/v1/: the REST API, its OpenAPI schema and its documentation."""

from typing import NoReturn

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view, permission_classes, schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import SimpleRouter

from actions.api.actions import ActionUpdateList, ActionViewSet, MyActionList
from actions.api.inspections import (
    AuthorityViewSet,
    FindingViewSet,
    InspectionViewSet,
    LetterImportView,
    LetterPreviewView,
)

app_name = "api"


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@permission_classes([AllowAny])
@schema(None)
def not_found(request: Request, path: str = "") -> NoReturn:
    raise exceptions.NotFound("There is nothing at this address.")


# What the root links to: (name in the answer, URL name, what it is).
ROOT_LINKS = (
    ("authorities", "api:authority-list", "Local authorities. Public."),
    ("inspections", "api:inspection-list", "Published inspections; staff see their own too."),
    ("findings", "api:finding-list", "Findings of published inspections; staff see more."),
    ("actions", "api:action-list", "Your authorities' actions. Needs a token or session."),
    ("my_actions", "api:my-actions", "The actions you own. Needs a token or session."),
    ("imports", "api:import", "Import an Ofsted letter. Needs a token of an administrator."),
    ("schema", "api:schema", "This API's OpenAPI 3 schema."),
    ("docs", "api:docs", "This API's documentation, to read and try in a browser."),
)


# The root's answer: one address a link.
ApiRootSerializer = type(
    "ApiRootSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "Where each part of the API is, so a client needs to know only /api/v1/.",
        **{
            name: serializers.URLField(read_only=True, help_text=about)
            for name, _, about in ROOT_LINKS
        },
    },
)


@extend_schema(
    operation_id="root",
    summary="The API's collections, schema and documentation",
    responses=ApiRootSerializer,
)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request: Request) -> Response:
    """Public, like the schema and the documentation it links to: it names addresses only,
    and each collection decides who may read it."""
    return Response({name: reverse(url, request=request) for name, url, _ in ROOT_LINKS})


router = SimpleRouter()
router.register("authorities", AuthorityViewSet, basename="authority")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("findings", FindingViewSet, basename="finding")
router.register("actions", ActionViewSet, basename="action")

urlpatterns = [
    path("", api_root, name="root"),
    path("actions/<int:pk>/updates/", ActionUpdateList.as_view(), name="action-updates"),
    path("me/actions/", MyActionList.as_view(), name="my-actions"),
    path("imports/preview/", LetterPreviewView.as_view(), name="import-preview"),
    path("imports/", LetterImportView.as_view(), name="import"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's start-up script is fetched from this same address (?script), not
    # inlined, and its stylesheet draws icons as data: images: both within the CSP.
    path(
        "docs/",
        csp_update({"img-src": "data:"})(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="api/swagger_ui.html"
            )
        ),
        name="docs",
    ),
    *router.urls,
    # Last: any other path under /api/v1/ is a JSON 404, like an unknown object.
    re_path(r"^(?P<path>.*)$", not_found),
]
