"""The workspace's front page: my actions, what is due, and each inspection's progress."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from actions.plumbing.auth import signed_in_user
from actions.plumbing.revision_cache import cached_fragment
from actions.workspace.dashboard import build_dashboard, progress_sections


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Built and rendered only when something it shows has changed: it aggregates every
    action the person can see (actions.plumbing.revision_cache)."""
    today = timezone.localdate()
    user = signed_in_user(request)

    def body(revisions: dict[int, int | None]) -> str:
        dashboard = build_dashboard(user, today)
        context = {
            "dashboard": dashboard,
            "progress": progress_sections(user, dashboard.inspections, revisions, today),
            "today": today,
        }
        return render_to_string("actions/_dashboard_body.html", context, request=request)

    return render(
        request,
        "actions/dashboard.html",
        {"body": cached_fragment("dashboard", user, today, body)},
    )
