"""The public site's URLs, mounted at the root. Names are prefixed "public_" (and `home`
for the front page) rather than namespaced, because base.html links to `home`."""

from django.urls import path

from actions.public import info, views

urlpatterns = [
    path("", views.home, name="home"),
    path("authorities/<slug:slug>/", views.authority, name="public_authority"),
    path("authorities/<slug:slug>/feed/", views.authority_feed, name="public_feed"),
    path("authorities/<slug:slug>/follow/", info.follow, name="public_follow"),
    path("inspections/<int:pk>/", views.inspection, name="public_inspection"),
    path(
        "inspections/<int:pk>/findings/<int:finding_pk>/actions/",
        views.finding_actions,
        name="public_finding_actions",
    ),
    path(
        "inspections/<int:pk>/document/",
        views.inspection_document,
        name="public_document",
    ),
    path("search/", views.search, name="public_search"),
    path("accessibility/", info.accessibility, name="public_accessibility"),
    path("privacy/", info.privacy, name="public_privacy"),
    path("cookies/", info.cookies, name="public_cookies"),
    path("feedback/", info.feedback, name="public_feedback"),
]
