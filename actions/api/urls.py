"""/api/v1/: the REST API, its OpenAPI schema and its documentation."""

from typing import NoReturn

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions
from rest_framework.decorators import api_view, permission_classes, schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
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


router = SimpleRouter()
router.register("authorities", AuthorityViewSet, basename="authority")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("findings", FindingViewSet, basename="finding")
router.register("actions", ActionViewSet, basename="action")

urlpatterns = [
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
