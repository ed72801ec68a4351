"""The OpenAPI schema's account of what actions/plumbing/api.py adds to every endpoint: the error
responses, staff-only fields, and the strings DRF refuses.

(Not in actions/plumbing/api.py: drf-spectacular's AutoSchema imports DRF's views, which import the
classes actions/plumbing/api.py defines.)
"""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated

from actions.plumbing.api import ErrorSerializer

ERRORS = {
    400: "The request is not valid; `errors` says why, field by field.",
    401: "Not signed in, or the API token is not valid, was revoked or has expired.",
    403: "Signed in, but not allowed to do this (a read-only API token may only read).",
    404: "Not found, or not yours to see; or a page or cursor that does not exist.",
    409: "In conflict with the resource as it is now: `code` says how.",
    413: "The request or its file is too large.",
    429: "Too many requests: wait the seconds that the Retry-After header gives.",
}

# DRF's CharField refuses text with a NUL character, and trims text before checking that
# a required value is not blank: the schema says so, for clients and for Schemathesis.
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = r"^[^\x00]*[^\x00\s][^\x00]*$"


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus the error responses each operation can give."""

    def _error_statuses(self) -> set[int]:
        statuses = {401, 429}  # a bad token, and throttling, are possible anywhere
        listing = self._is_list_view()
        if self.method not in SAFE_METHODS or listing:
            statuses.add(400)
        if listing or "{" in self.path:
            statuses.add(404)  # an unknown object, page or cursor
        simple = all(type(p) in (AllowAny, IsAuthenticated) for p in self.view.get_permissions())
        if self.method not in SAFE_METHODS or not simple:
            statuses.add(403)
        return statuses

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict:
        responses = super()._get_response_bodies(direction)
        for status in sorted(self._error_statuses()):
            if str(status) not in responses:
                error = OpenApiResponse(ErrorSerializer, description=ERRORS[status])
                responses[str(status)] = self._get_response_for_code(
                    error, str(status), direction=direction
                )
        for status, description in ERRORS.items():
            response = responses.get(str(status))
            if response is not None and not response.get("description"):
                response["description"] = description
        return responses

    def _map_basic_serializer(self, serializer: Any, direction: str) -> dict:
        schema = super()._map_basic_serializer(serializer, direction)
        optional = getattr(serializer, "optional_in_schema", ())
        if optional and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema


def postprocess_schema(result: dict, generator: Any, request: Any, public: bool) -> dict:
    """Adds the patterns of NO_NUL and NOT_BLANK to the free-text fields of request bodies
    (query parameters that refuse NUL say so where they are declared), and the empty
    value to the choices of filters, where it means "any", as in the workspace's forms."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            for prop in component.get("properties", {}).values():
                _constrain(prop)
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                choices = parameter["schema"].get("enum")
                if parameter["in"] == "query" and choices and "" not in choices:
                    choices.append("")
    return result


def _constrain(schema: dict) -> None:
    if schema.get("type") == "array":
        _constrain(schema.get("items", {}))
    free_text = not ({"format", "enum", "pattern", "$ref", "allOf", "oneOf"} & set(schema))
    if schema.get("type") == "string" and free_text:
        schema["pattern"] = NOT_BLANK if schema.get("minLength", 0) >= 1 else NO_NUL
