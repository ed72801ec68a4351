from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, str]:
    """Makes the service name available to every template (header, page titles)."""
    return {"service_name": settings.SERVICE_NAME}
