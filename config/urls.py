from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from actions.views import calendar

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("work/", include("actions.urls")),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
]
