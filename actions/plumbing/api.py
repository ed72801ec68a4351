"""What every endpoint of the REST API shares: one error shape, pagination, throttles,
sorting and the upload limit (actions/plumbing/api_schema.py describes them in the schema).

DRF's settings name classes of this module that DRF's views load as they are defined,
so this module must not import rest_framework.views or anything that does.

Errors always look like `{"status": 400, "code": "invalid", "detail": "...", "errors":
{...}}`; `errors` holds field errors (400 only), and a 409 for a stale version adds
`current`, the resource as it is now.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any, cast

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db.models import F, QuerySet
from django.db.models.expressions import BaseExpression
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import BaseParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from actions.plumbing.ids import MAX_ID

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView as _ViewBase
    from rest_framework.serializers import BaseSerializer as _SerializerBase
else:  # plain mixins at run time (see above on rest_framework.views); typed as what they join
    _ViewBase = _SerializerBase = object

MAX_PAGE_SIZE = 200
PAGE_SIZE = 50


# Errors ---------------------------------------------------------------------------------


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "too_large"
    default_detail = "The request is too large."


class Conflict(exceptions.APIException):
    """409: the request clashes with the resource's current state. Keyword arguments are
    added to the error body (a stale version's `current`, a duplicate's `existing`)."""

    status_code = 409
    default_code = "conflict"

    def __init__(self, detail: str, code: str = "conflict", **extra: Any) -> None:
        super().__init__(detail, code)
        self.extra = extra


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, with every error answered in the one shape described above."""
    from rest_framework import views  # it imports the classes this module defines

    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()  # without naming the model it looked in
    response = views.exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django answers 500 and logs it
    if isinstance(exc, exceptions.ValidationError):
        data = response.data
        response.data = {
            "status": response.status_code,
            "code": "invalid",
            "detail": "The request is not valid; see errors.",
            "errors": data if isinstance(data, dict) else {"non_field_errors": data},
        }
        return response
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    response.data = {
        "status": response.status_code,
        "code": str(getattr(detail, "code", "") or getattr(exc, "default_code", "error")),
        "detail": str(detail),
        **getattr(exc, "extra", {}),
    }
    return response


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    optional_in_schema: tuple[str, ...] = ("errors",)

    status = serializers.IntegerField(read_only=True, help_text="The HTTP status code.")
    code = serializers.CharField(read_only=True, help_text="A short machine-readable reason.")
    detail = serializers.CharField(read_only=True, help_text="What went wrong, for people.")
    errors = serializers.DictField(  # type: ignore[assignment]  # the body's field, not Serializer.errors
        read_only=True,
        help_text="400 only: the messages for each field that is not valid; "
        "`non_field_errors` for the request as a whole.",
    )


# Uploads --------------------------------------------------------------------------------


class _SizeLimit(BaseParser):
    """Refuses with 413, before reading it, a body larger than the biggest upload taken.
    (DRF's parsers read the request stream themselves, so Django's own limit on the size
    of a request body does not apply to them.)"""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH", "") if request is not None else ""
        if length.isdigit() and int(length) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise PayloadTooLarge(
                f"The request is larger than {settings.MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
            )
        return super().parse(stream, media_type, parser_context)


class LimitedJSONParser(_SizeLimit, JSONParser):
    """Also answers 400 to JSON nested too deeply to read: Python's json module gives up
    after about a thousand levels with a RecursionError, which would be a 500."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("JSON parse error - it is nested too deeply.") from None


class LimitedMultiPartParser(_SizeLimit, MultiPartParser):
    pass


# Pagination and sorting -----------------------------------------------------------------


PAGE_SIZE_PARAMETER = {
    "name": "page_size",
    "in": "query",
    "required": False,
    "description": f"Rows per page: {PAGE_SIZE} unless asked, at most {MAX_PAGE_SIZE}.",
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
}


def requested_page_size(request: Any) -> int:
    """The page size asked for, else PAGE_SIZE. Anything but a whole number from 1 to
    MAX_PAGE_SIZE is a 400 rather than quietly ignored, so a script learns of its mistake."""
    value = request.query_params.get("page_size")
    if value is None:
        return PAGE_SIZE
    if not re.fullmatch(r"[0-9]{1,9}", value) or not 1 <= int(value) <= MAX_PAGE_SIZE:
        raise exceptions.ValidationError(
            {"page_size": [f"Give a whole number from 1 to {MAX_PAGE_SIZE}."]}
        )
    return int(value)


class PagePagination(PageNumberPagination):
    """Numbered pages, for everything but actions."""

    page_size = PAGE_SIZE
    last_page_strings = ()  # "page=last" would be a string where the schema says a number

    def get_page_size(self, request: Any) -> int:
        return requested_page_size(request)

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        page = {
            "name": self.page_query_param,
            "in": "query",
            "required": False,
            "description": "The page, from 1.",
            "schema": {"type": "integer", "minimum": 1},
        }
        return [page, PAGE_SIZE_PARAMETER]


class SortFilter(django_filters.ChoiceFilter):
    """Orders by one key of `sorts`, "-" prefixed for descending, else by `default`.
    Empty values sort last either way round and ties are broken by id, so pages never
    overlap or skip a row (the same rule as the workspace's action list)."""

    def __init__(
        self, *args: Any, sorts: dict[str, F | BaseExpression], default: str, **kwargs: Any
    ) -> None:
        self.sorts, self.default = sorts, default
        choices = [(key, key) for name in sorts for key in (name, f"-{name}")]
        super().__init__(*args, choices=choices, empty_label=None, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        key = value or self.default
        expression = self.sorts[key.removeprefix("-")]
        if key.startswith("-"):
            return qs.order_by(expression.desc(nulls_last=True), "-pk")
        return qs.order_by(expression.asc(nulls_last=True), "pk")


class IdFilter(django_filters.Filter):
    """An id: a whole number, or 400. An id that matches nothing gives an empty list,
    and so does one no row could have (SQLite refuses to compare with those)."""

    field_class = forms.IntegerField

    def filter(self, qs: QuerySet, value: int | None) -> QuerySet:
        if value is not None and not 1 <= value <= MAX_ID:
            return qs.none()
        return super().filter(qs, value)


# Views ---------------------------------------------------------------------------------------


class RenderedResponse(Response):
    """A response whose body was rendered when the page was first built and kept in the
    cache (actions.plumbing.revision_cache): sent as kept, without rendering it again.
    `data` is the body read back, only for whoever asks (tests)."""

    def __init__(self, content: str | bytes) -> None:
        super().__init__()
        self._content_as_kept = content if isinstance(content, bytes) else content.encode()

    @property
    def data(self) -> Any:
        return json.loads(self._content_as_kept)

    @data.setter
    def data(self, value: Any) -> None:
        """Response.__init__ sets it; the body stands for it."""

    @property
    def rendered_content(self) -> bytes:  # type: ignore[override]  # as Response's, bytes
        renderer = self.accepted_renderer
        charset = renderer.charset
        self["Content-Type"] = (
            f"{renderer.media_type}; charset={charset}" if charset else renderer.media_type
        )
        return self._content_as_kept


def created(data: Any, location: str) -> Response:
    """201 with the new resource, and its address in `Location` as a plain str. DRF's
    serialized addresses are `Hyperlink`s, a str subclass that WSGI servers (wsgiref under
    runserver) refuse in a header: the client got a 500 for a write that was made, and
    one that retries on a 5xx made it twice."""
    return Response(data, status=201, headers={"Location": str(location)})


class UnfilteredLookupMixin(_ViewBase):
    """Finds one object in the user's queryset without applying the list's filters, so
    query parameters meant for a list cannot turn a lookup into a 400. Another
    authority's object is not in the user's queryset, so it is 404."""

    def get_object(self) -> Any:
        from rest_framework.generics import get_object_or_404  # as for views, above

        lookup = self.lookup_url_kwarg or self.lookup_field
        obj = get_object_or_404(self.get_queryset(), **{self.lookup_field: self.kwargs[lookup]})
        self.check_object_permissions(self.request, obj)
        return obj


# Throttling -----------------------------------------------------------------------------


class _RatesFromSettings:
    """Reads the rate when asked rather than once at import, so settings can change it."""

    scope: str | None

    def get_rate(self) -> str | None:
        # DRF's stubs type the rates as numbers; they are strings such as "60/min".
        rates = cast("dict[str | None, str | None]", api_settings.DEFAULT_THROTTLE_RATES)
        return rates.get(self.scope)


class AnonThrottle(_RatesFromSettings, AnonRateThrottle):
    pass


class UserThrottle(_RatesFromSettings, UserRateThrottle):
    pass


# Links ----------------------------------------------------------------------------------


_MARK = 918273645


def link(context: Mapping[str, Any], view_name: str, pk: int) -> str:
    """The absolute API address of object `pk` of `view_name`. The URL pattern is reversed
    once per response and view name, not once per row: on a page of actions, reverse()
    took longer than all the rest of a row's fields."""
    # A serializer's context is typed as a Mapping but is the view's dict, shared by
    # every serializer of the response: the place to keep what was reversed.
    templates = cast(dict[str, Any], context).setdefault("_link_templates", {})
    if view_name not in templates:
        url = reverse(view_name, kwargs={"pk": _MARK}, request=context.get("request"))
        templates[view_name] = url.rpartition(str(_MARK))
    head, _, tail = templates[view_name]
    return f"{head}{pk}{tail}"


class Link(serializers.HyperlinkedIdentityField):
    """An object's API address, by its id (see `link`)."""

    def get_url(self, obj: Any, view_name: str, request: Any, format: str | None) -> str:
        # The serializer's context is a dict (`link` caches in it); the stubs say Mapping.
        return link(cast("dict", self.context), view_name, obj.pk)


# Staff-only fields ----------------------------------------------------------------------


class StaffFieldsMixin(_SerializerBase):
    """Leaves `staff_fields` out for anonymous clients, who see only what the public pages
    show. The schema lists those fields as optional."""

    staff_fields: tuple[str, ...] = ()

    @property
    def optional_in_schema(self) -> tuple[str, ...]:
        return self.staff_fields

    def to_representation(self, instance: Any) -> dict:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            for name in self.staff_fields:
                data.pop(name, None)
        return data
