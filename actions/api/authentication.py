"""`Authorization: Bearer <key>` on API requests, checked against personal API tokens
(actions/tokens.py keeps the rules), and how the schema describes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from actions.models import ApiToken
from actions.tokens import active_token

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from drf_spectacular.openapi import AutoSchema
    from rest_framework.request import Request

KEYWORD = "Bearer"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>`: the token's user, unless it is revoked or inactive."""

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
        token = active_token(key)
        if token is None:
            raise exceptions.AuthenticationFailed("The API key is not valid or was revoked.")
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
            "description": "A personal API token from the workspace's “API tokens” page.",
        }
