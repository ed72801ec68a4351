from django.contrib import admin
from django.urls import include, path

from actions.views import calendar

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("work/", include("actions.urls")),
    path("api/v1/", include("config.api_urls")),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("", include("inspections.urls")),
]
