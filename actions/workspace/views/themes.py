"""Recurring themes in the staff workspace: the public site's view, for the user's own
authorities and including inspections not yet published."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from actions.selectors import recurring_themes_by_authority
from inspections import themes
from inspections.models import Inspection


@login_required
def recurring_themes(request: HttpRequest) -> HttpResponse:
    inspections = Inspection.objects.for_user(request.user)
    return render(
        request,
        "actions/themes.html",
        {
            "by_authority": recurring_themes_by_authority(inspections).items(),
            "theme_rules": themes.VOCABULARY,
            "breadcrumbs": [("Dashboard", reverse("workspace:dashboard"))],
        },
    )
