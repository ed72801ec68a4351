"""What the service e-mailed: each person's own notifications, and for administrators the
whole outbox (with failures to resend) and a way to run the sweep now. Mail written to
files (`make run`) is read with any mail client, not here."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from actions import notifications, queue
from actions.models import Notification
from actions.plumbing.auth import signed_in_user
from actions.reminders.items import describe_items

PAGE_SIZE = 50

State = Notification.State
STATE_COLOURS = {
    State.PENDING: "yellow",
    State.SENDING: "blue",
    State.SENT: "green",
    State.FAILED: "red",
    State.SUPERSEDED: "grey",
}


def _require_admin(request: HttpRequest) -> None:
    """The outbox holds everyone's mail, so it is for the service's administrators."""
    if not request.user.is_superuser:
        raise PermissionDenied("Only administrators can see the outbox.")


def _shown(page: Page) -> Page:
    """The page's notices with their state's colour and the words of the actions they
    list (one query for the page)."""
    for notification in page:
        notification.state_colour = STATE_COLOURS[notification.state]
    describe_items(page)
    return page


@login_required
@require_safe
def my_notifications(request: HttpRequest) -> HttpResponse:
    rows = (
        Notification.objects.filter(recipient=signed_in_user(request))
        .exclude(state=State.SUPERSEDED)
        .select_related("action")
        .order_by("-created_at", "-pk")
    )
    page = _shown(Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")))
    return render(
        request,
        "actions/notifications.html",
        {
            "page_obj": page,
            "breadcrumbs": [("Dashboard", reverse("workspace:dashboard"))],
        },
    )


class OutboxFilter(forms.Form):
    state = forms.ChoiceField(
        label="Show", choices=[("", "All notices"), *State.choices], required=False
    )


@login_required
@require_safe
def outbox(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    filters = OutboxFilter(request.GET)
    rows = Notification.objects.select_related("recipient", "action").order_by("-created_at", "-pk")
    state = filters.cleaned_data["state"] if filters.is_valid() else ""
    if state:
        rows = rows.filter(state=state)
    page = _shown(Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")))
    return render(
        request,
        "actions/outbox.html",
        {
            "page_obj": page,
            "filters": filters,
            "querystring": f"state={state}" if state else "",
            "breadcrumbs": [("Dashboard", reverse("workspace:dashboard"))],
        },
    )


@login_required
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    notification = get_object_or_404(Notification, pk=pk)
    if notification.state != State.FAILED:
        messages.info(request, "Only a notice that failed can be sent again.")
    else:
        notifications.resend(notification=notification)
        messages.success(request, f"“{notification.subject}” will be sent again.")
    return redirect("workspace:outbox")


@login_required
@require_POST
def run_sweep(request: HttpRequest) -> HttpResponse:
    """Queue today's reminder sweep now, as beat does every morning."""
    _require_admin(request)
    try:
        queue.enqueue(queue.SEND_REMINDERS)
    except queue.BROKER_DOWN:
        messages.error(
            request,
            "The task queue cannot be reached, so the sweep was not started. "
            "Run “python manage.py send_reminders” on the server instead.",
        )
    else:
        messages.success(
            request, "Today’s reminders are being worked out. Refresh this page in a moment."
        )
    return redirect("workspace:outbox")
