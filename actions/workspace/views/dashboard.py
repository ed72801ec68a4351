"""The workspace's front page: my actions, what is due, and each inspection's progress."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from actions.models import Rag, Status
from actions.workspace.dashboard import build_dashboard


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "actions/dashboard.html",
        {
            "dashboard": build_dashboard(request.user, today),
            "today": today,
            "status_labels": Status.labels,
            "rag_labels": Rag.labels,
        },
    )
