"""The workspace's front page: my actions, what is due, and each inspection's progress."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from actions.models import Rag, Status
from actions.plumbing.auth import signed_in_user
from actions.workspace.dashboard import build_dashboard
from actions.workspace.fragments import cached_fragment


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Built and rendered only when something it shows has changed: it aggregates every
    action the person can see (actions.workspace.fragments)."""
    today = timezone.localdate()
    user = signed_in_user(request)

    def body() -> str:
        context = {
            "dashboard": build_dashboard(user, today),
            "today": today,
            "status_labels": Status.labels,
            "rag_labels": Rag.labels,
        }
        return render_to_string("actions/_dashboard_body.html", context, request=request)

    return render(
        request,
        "actions/dashboard.html",
        {"body": cached_fragment("dashboard", user, today, body)},
    )
