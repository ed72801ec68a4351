from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def service(request: HttpRequest) -> dict:
    """The service name for every page, and the workspace menu for signed-in staff."""
    context: dict = {"service_name": settings.SERVICE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["workspace_navigation"] = [
            {"text": "Dashboard", "href": reverse("workspace:dashboard")},
            {"text": "Actions", "href": reverse("workspace:actions")},
            {"text": "My actions", "href": reverse("workspace:actions") + "?owner=me"},
            {"text": "Calendar", "href": reverse("workspace:calendar")},
            {"text": "Themes", "href": reverse("workspace:themes")},
            {"text": "API tokens", "href": reverse("workspace:api_tokens")},
            {"text": "Notifications", "href": reverse("workspace:notifications")},
        ]
        if user.is_superuser:
            context["workspace_navigation"].append(
                {"text": "Outbox", "href": reverse("workspace:outbox")}
            )
    return context
