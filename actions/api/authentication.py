"""`Authorization: Bearer <key>` on API requests, checked against personal API tokens
(actions/tokens.py keeps the rules), and how the schema describes it.

This is the one place a token's scope is enforced: authentication runs for every API
view, whatever permission classes the view names, so a read-only token cannot write
through a view that forgot to ask."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.permissions import SAFE_METHODS

from actions import tokens
from actions.models import ApiToken

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from drf_spectacular.openapi import AutoSchema
    from rest_framework.request import Request

KEYWORD = "Bearer"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>`: the token's user, unless the token is revoked or
    expired or its user inactive (401). A read-only token sent with any method but GET,
    HEAD or OPTIONS is refused (403) before the view looks at the request."""

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None  # not ours: the session may still sign the request in
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the header as “Bearer <key>”.")
        try:
            key = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The API key is not valid.") from None
        try:
            token = tokens.token_for_request(key, writes=request.method not in SAFE_METHODS)
        except tokens.TokenRefused as refusal:
            raise exceptions.AuthenticationFailed(str(refusal)) from None
        except tokens.TokenIsReadOnly as refusal:
            raise exceptions.PermissionDenied(str(refusal), code="read_only_token") from None
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes token authentication."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal API token from the workspace's “API tokens” page. A read-only "
                "token may only read (GET): any other method gets 403. A token past its "
                "expiry date gets 401."
            ),
        }
