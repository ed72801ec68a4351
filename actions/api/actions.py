"""API v1: actions, their status changes and timeline, and "my actions", for signed-in staff.

The views are thin, like the workspace's: they look the action up in the user's own
queryset (another authority's action is 404) and call the same services, which decide
who may do what. A service's refusal becomes an API error in one place,
`ServiceRefusalsMixin` (a reader who may not change it gets 403). Lists use the
workspace's ActionFilter, and pages are cursors over its sort order.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action as route
from rest_framework.generics import (
    GenericAPIView,
    ListAPIView,
    ListCreateAPIView,
    get_object_or_404,
)
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from actions import services
from actions.api.action_reads import ActionQueryFilter, ActionSerializer, action_rows
from actions.api.action_serializers import (
    ActionChangeSerializer,
    ActionConflictSerializer,
    ActionCreateSerializer,
    ActionUpdateSerializer,
    NoteSerializer,
    NoteUploadSerializer,
    TransitionSerializer,
)
from actions.filters import DEFAULT_SORT, SORTS
from actions.models import ActionItem, ActionUpdate
from actions.plumbing.api import (
    PAGE_SIZE_PARAMETER,
    Conflict,
    ErrorSerializer,
    LimitedJSONParser,
    LimitedMultiPartParser,
    PagePagination,
    RenderedResponse,
    UnfilteredLookupMixin,
    created,
    requested_page_size,
)
from actions.plumbing.api_schema import NO_NUL
from actions.plumbing.auth import signed_in_user
from actions.plumbing.revision_cache import cached_for_person

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def visible_actions(user: User) -> QuerySet[ActionItem]:
    """The user's actions, as the services and permission rules read them (without the
    inspection's letter text)."""
    return (
        ActionItem.objects.for_user(user)
        .select_related("finding__inspection")
        .defer("finding__inspection__source_text")
    )


def represented(request: Request, actions: QuerySet[ActionItem], pk: Any) -> dict:
    """Action `pk` of `actions` (the user's) as ActionSerializer writes it, or 404."""
    rows = action_rows(actions)
    row = get_object_or_404(rows, pk=pk)  # type: ignore[type-var]  # a dict: stubs say a model
    return ActionSerializer(row, context={"request": request}).data


class ActionCursorPagination(BasePagination):
    """Pages that follow on from the last row seen, in the list's sort order.

    The cursor holds the sort, the last row's sort value and its id, so a page costs one
    query however deep into the list it is, and rows added or changed meanwhile never
    make a page repeat or skip one. Only the sorts of ActionFilter are supported.
    """

    cursor_query_param = "cursor"

    def paginate_queryset(  # type: ignore[override]  # given ActionFilter's rows only
        self, queryset: QuerySet[ActionItem, dict[str, Any]], request: Request, view: Any = None
    ) -> list[dict[str, Any]]:
        self.request = request
        # Already checked by ActionFilter, which has ordered the queryset by it.
        self.sort = request.query_params.get("sort") or DEFAULT_SORT
        self.page_size = requested_page_size(request)
        queryset = queryset.annotate(cursor_value=SORTS[self.sort.removeprefix("-")])
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor:
            value, pk = self._decode(cursor)
            try:
                queryset = queryset.filter(self._after(value, pk))
            except (DjangoValidationError, ValueError, TypeError):
                raise exceptions.NotFound("The cursor is not valid.") from None
        rows = list(queryset[: self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        del rows[self.page_size :]
        self.last = rows[-1] if rows else None
        return rows

    def _after(self, value: Any, pk: int) -> Q:
        """The rows after (value, pk) in the order `value asc|desc nulls last, pk`."""
        descending = self.sort.startswith("-")
        beyond, pk_beyond = ("lt", "pk__lt") if descending else ("gt", "pk__gt")
        if value is None:
            return Q(cursor_value__isnull=True, **{pk_beyond: pk})
        return (
            Q(**{f"cursor_value__{beyond}": value})
            | Q(cursor_value=value, **{pk_beyond: pk})
            | Q(cursor_value__isnull=True)
        )

    def _encode(self, row: dict[str, Any]) -> str:
        value = row["cursor_value"]  # annotated on the page
        if isinstance(value, datetime.date):  # and datetimes
            value = value.isoformat()
        raw = json.dumps([self.sort, value, row["id"]], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def _decode(self, cursor: str) -> tuple[Any, int]:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            sort, value, pk = json.loads(raw)
        except (binascii.Error, ValueError, TypeError, RecursionError):  # or JSON too deep
            raise exceptions.NotFound("The cursor is not valid.") from None
        if sort != self.sort or not isinstance(pk, int) or isinstance(value, list | dict):
            raise exceptions.NotFound("The cursor is not valid for this sort order.")
        return value, pk

    def get_next_link(self) -> str | None:
        if not self.has_next or self.last is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self._encode(self.last))

    def get_paginated_response(self, data: list) -> Response:
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page, or null on the last one.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "Where the page starts: take it from the previous page's `next`.",
                "schema": {"type": "string"},
            },
            PAGE_SIZE_PARAMETER,
        ]


STALE = {409: ActionConflictSerializer}


def api_error(error: services.ActionError, request: Request) -> exceptions.APIException:
    """The API's answer to a service's refusal, whose message is already fit to show:
    403 for a role that does not allow it, 409 for a stale version (with the action as
    it is now, so the client can merge and retry) or a move the lifecycle does not
    allow, and 400 for the rest."""
    if isinstance(error, services.StaleAction):
        actions = ActionItem.objects.for_user(signed_in_user(request))
        return Conflict(
            str(error), code="stale", current=represented(request, actions, error.current.pk)
        )
    if isinstance(error, services.NotPermitted):
        return exceptions.PermissionDenied(str(error))
    if isinstance(error, services.TransitionNotAllowed):
        return Conflict(str(error), code="transition_not_allowed")
    return serializers.ValidationError({error.field or "non_field_errors": [str(error)]})


class ServiceRefusalsMixin(APIView):
    """For views that call the services: each refusal is answered by `api_error`."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, services.ActionError):
            exc = api_error(exc, self.request)
        return super().handle_exception(exc)


class ActionListMixin(GenericAPIView):
    """Lists of actions: the workspace's filters and cursor pages of rows. `get_queryset`
    gives the user's actions (`for_user`), as model instances."""

    serializer_class = ActionSerializer
    filterset_class = ActionQueryFilter
    pagination_class = ActionCursorPagination

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Kept per person and URL under their authorities' revision numbers
        (actions/plumbing/revision_cache.py): a script that polls a page builds it once
        per change to what it lists. A refused filter or cursor is never kept."""

        def page(_numbers: dict[int, int | None]) -> str | bytes:
            actions = self.filter_queryset(self.get_queryset())
            rows = self.paginate_queryset(action_rows(actions)) or []
            data = self.get_paginated_response(self.get_serializer(rows, many=True).data).data
            context = self.get_renderer_context()
            return request.accepted_renderer.render(data, request.accepted_media_type, context)

        # As rendered: the URL, and the media type asked for (it may ask for indenting).
        asked = f"api {request.accepted_media_type} {request.build_absolute_uri()}"
        today = timezone.localdate()
        return RenderedResponse(cached_for_person(asked, signed_in_user(request), today, page))


# Some of ActionFilter's parameters, as a script should send them.
LIST_PARAMETERS = [
    OpenApiParameter(
        "q",
        str,
        description="Words in the action's title or description, or in the finding.",
        pattern=NO_NUL,
    ),
    OpenApiParameter(
        "owner",
        str,
        description="`me`, `unassigned`, or the id of someone who owns actions in your "
        "authorities.",
        pattern=r"^(me|unassigned|[0-9]*)$",
    ),
    OpenApiParameter(
        "overdue", str, description="Any value but `false` or `0`: only overdue actions."
    ),
    OpenApiParameter(
        "due_soon",
        str,
        description="Any value but `false` or `0`: only open actions due in the next 14 days.",
    ),
    OpenApiParameter(
        "due_date_request",
        str,
        description="Any value but `false` or `0`: only actions with a new due date waiting "
        "for a decision.",
    ),
    *(
        OpenApiParameter(
            name,
            str,
            description=f"Due on or {when} this date: 2026-03-27, or as people write it "
            "(27/3/2026, 27 March 2026). Empty for any.",
        )
        for name, when in (("due_after", "after"), ("due_before", "before"))
    ),
]


@extend_schema_view(
    list=extend_schema(
        description="The actions of your authorities, filtered and sorted as in the "
        "workspace's list, a page at a time.",
        parameters=LIST_PARAMETERS,
    ),
    retrieve=extend_schema(description="One action of your authorities."),
)
@extend_schema(tags=["actions"])
class ActionViewSet(
    ServiceRefusalsMixin,
    ActionListMixin,
    UnfilteredLookupMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    def get_queryset(self) -> QuerySet[ActionItem]:
        return visible_actions(signed_in_user(self.request))

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(represented(request, self.get_queryset(), pk))

    def _respond(self, action: ActionItem) -> Response:
        return Response(represented(self.request, self.get_queryset(), action.pk))

    @extend_schema(request=ActionCreateSerializer, responses={201: ActionSerializer})
    def create(self, request: Request) -> Response:
        """Add an action to an actionable finding (managers)."""
        given = ActionCreateSerializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        action = services.create_action(by=signed_in_user(request), **given.validated_data)
        data = self._respond(action).data
        return created(data, location=data["url"])

    @extend_schema(request=ActionChangeSerializer, responses={200: ActionSerializer, **STALE})
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change an action's title, description, owner, due date or priority (managers)."""
        action = self.get_object()
        change = ActionChangeSerializer(
            data=request.data, context={**self.get_serializer_context(), "action": action}
        )
        change.is_valid(raise_exception=True)
        action = services.update_action(
            action=action,
            by=signed_in_user(request),
            expected_version=change.validated_data["version"],
            **change.changes(),
        )
        return self._respond(action)

    @extend_schema(request=TransitionSerializer, responses={200: ActionSerializer, **STALE})
    @route(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        """Move the action along its lifecycle, as the status form of the action page does.
        409 when the version is stale or the move is not open from the current status."""
        action = self.get_object()
        move = TransitionSerializer(data=request.data)
        move.is_valid(raise_exception=True)
        services.change_status(
            action=action,
            to_status=move.validated_data["to_status"],
            by=signed_in_user(request),
            note=move.validated_data["note"],
            expected_version=move.validated_data["version"],
        )
        return self._respond(action)


@extend_schema(tags=["actions"], parameters=LIST_PARAMETERS)
class MyActionList(ActionListMixin, ListAPIView):
    """The actions you own, filtered and sorted like any list of actions."""

    def get_queryset(self) -> QuerySet[ActionItem]:
        if getattr(self, "swagger_fake_view", False):  # the schema is being made
            return ActionItem.objects.none()
        user = signed_in_user(self.request)
        return visible_actions(user).filter(owner=user)


@extend_schema_view(
    get=extend_schema(tags=["actions"]),
    post=extend_schema(
        tags=["actions"],
        request={
            "application/json": NoteSerializer,
            "multipart/form-data": NoteUploadSerializer,
        },
        responses={201: ActionUpdateSerializer, 413: ErrorSerializer},
        description="Add a progress note, with an evidence file when sent as "
        "multipart/form-data (the action's owner, or a manager of its authority).",
    ),
)
class ActionUpdateList(ServiceRefusalsMixin, ListCreateAPIView):
    """The action's timeline, oldest first: notes, status changes and evidence."""

    serializer_class = ActionUpdateSerializer
    pagination_class = PagePagination
    parser_classes = [LimitedJSONParser, LimitedMultiPartParser]
    filter_backends: list = []

    def get_action(self) -> ActionItem:
        if not hasattr(self, "_action"):
            actions = visible_actions(signed_in_user(self.request))
            self._action = get_object_or_404(actions, pk=self.kwargs["pk"])
        return self._action

    def get_queryset(self) -> QuerySet[ActionUpdate]:
        return self.get_action().updates.select_related("author").order_by("created_at", "id")

    def create(self, request: Request, pk: str) -> Response:
        action = self.get_action()
        upload = request.content_type.startswith("multipart/")
        given = (NoteUploadSerializer if upload else NoteSerializer)(data=request.data)
        given.is_valid(raise_exception=True)
        update = services.add_note(
            action=action,
            by=signed_in_user(request),
            note=given.validated_data["note"],
            evidence=given.validated_data.get("evidence"),
            evidence_content_type=getattr(given, "evidence_content_type", ""),
        )
        return Response(self.get_serializer(update).data, status=status.HTTP_201_CREATED)
