from django.contrib import admin
from django.urls import include, path

from actions.plumbing import auth, health
from actions.workspace.views import calendar

urlpatterns = [
    # Probes: alive (no dependency checked) and ready to serve (database, migrations, Redis).
    path("healthz", health.liveness, name="healthz"),
    path("readyz", health.readiness, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/", include(auth.account_urls)),  # Django's, with GOV.UK's wording
    # OpenID Connect single sign-on (Microsoft Entra ID and the like), when configured.
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("work/", include("actions.workspace.urls")),
    path("api/v1/", include("actions.api.urls")),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("", include("actions.public.urls")),
]
