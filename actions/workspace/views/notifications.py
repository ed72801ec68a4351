"""What the service e-mailed: each person's own notifications, and for administrators the
whole outbox (with failures to resend), a way to run the sweep now, and, when mail is
written to files as with `make run`, the mail folder itself."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from actions import notifications, queue
from actions.models import Notification

PAGE_SIZE = 50
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
# Django's file backend ends every message with this line.
MESSAGE_SEPARATOR = b"\n" + b"-" * 79 + b"\n"
MAIL_FILE_NAME = re.compile(r"^[\w.-]+\.log$")

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


def _mail_folder() -> Path | None:
    """The folder mail is written to, when it is written to files (`make run`)."""
    return Path(settings.EMAIL_FILE_PATH) if settings.EMAIL_BACKEND == FILE_BACKEND else None


def _coloured(page: Page) -> Page:
    for notification in page:
        notification.state_colour = STATE_COLOURS[notification.state]
    return page


@login_required
@require_safe
def my_notifications(request: HttpRequest) -> HttpResponse:
    rows = (
        Notification.objects.filter(recipient=request.user)
        .exclude(state=State.SUPERSEDED)
        .select_related("action")
        .order_by("-created_at", "-pk")
    )
    page = _coloured(Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")))
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
    page = _coloured(Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")))
    return render(
        request,
        "actions/outbox.html",
        {
            "page_obj": page,
            "filters": filters,
            "querystring": f"state={state}" if state else "",
            "mail_folder": _mail_folder() is not None,
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


@dataclass
class MailFile:
    name: str
    messages: list[EmailMessage]


def _read_mail_file(path: Path) -> MailFile:
    parts = [part for part in path.read_bytes().split(MESSAGE_SEPARATOR) if part.strip()]
    parsed = [email.message_from_bytes(part, policy=email.policy.default) for part in parts]
    return MailFile(name=path.name, messages=parsed)


def _mail_files() -> list[Path]:
    folder = _mail_folder()
    if folder is None:
        raise Http404("Mail is not written to files here.")
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.is_file() and MAIL_FILE_NAME.match(p.name)]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


@login_required
@require_safe
def mail_folder(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    page = Paginator(_mail_files(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "actions/mail_folder.html",
        {
            "page_obj": page,
            "files": [_read_mail_file(path) for path in page],
            "folder": _mail_folder(),
            "breadcrumbs": [
                ("Dashboard", reverse("workspace:dashboard")),
                ("Outbox", reverse("workspace:outbox")),
            ],
        },
    )


@login_required
@require_safe
def mail_message(request: HttpRequest, name: str) -> HttpResponse:
    _require_admin(request)
    path = next((p for p in _mail_files() if p.name == name), None)
    if path is None:
        raise Http404("No such message.")
    mail = _read_mail_file(path)
    shown = [
        {
            "message": message,
            "date": getattr(message["Date"], "datetime", None),
            "text": _body(message, "plain"),
            "html": _body(message, "html"),
        }
        for message in mail.messages
    ]
    return render(
        request,
        "actions/mail_message.html",
        {
            "name": name,
            "shown": shown,
            "breadcrumbs": [
                ("Dashboard", reverse("workspace:dashboard")),
                ("Outbox", reverse("workspace:outbox")),
                ("Mail folder", reverse("workspace:mail_folder")),
            ],
        },
    )


def _body(message: EmailMessage, kind: str) -> str:
    part = message.get_body(preferencelist=(kind,))
    return part.get_content() if part is not None else ""
