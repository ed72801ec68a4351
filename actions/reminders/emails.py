"""The e-mail for a notice, or for one person's assignment notices together: plain text
with an HTML alternative, absolute links from settings.SITE_URL, and a Message-ID that
stays the same on every attempt at the same notice."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from actions import email_links
from actions.display import long_date, person_name
from actions.models import ActionItem, Notification

Kind = Notification.Kind

TEMPLATES: dict[str, str] = {
    Kind.ASSIGNED: "emails/assigned",
    Kind.DIGEST: "emails/digest",
    Kind.ESCALATION: "emails/escalation",
    Kind.WEEKLY_SUMMARY: "emails/weekly_summary",
    Kind.DUE_DATE_REQUESTED: "emails/due_date_requested",
    Kind.DUE_DATE_DECIDED: "emails/due_date_decided",
    Kind.COMPLETED: "emails/completed",
    Kind.VERIFIED: "emails/verified",
}


def build_message(notifications: list[Notification]) -> EmailMultiAlternatives:
    """The e-mail for one notice (or one person's assignment notices), as plain text with
    an HTML alternative. Links are absolute, from settings.SITE_URL."""
    first = notifications[0]
    recipient = first.recipient
    context = {
        "notification": first,
        "name": person_name(recipient),
        "site_url": settings.SITE_URL,
        "service_name": settings.SERVICE_NAME,
        "settings_url": absolute(reverse("workspace:reminder_settings")),
        "notifications_url": absolute(reverse("workspace:notifications")),
        **_kind_context(first.kind, notifications),
    }
    template = TEMPLATES[first.kind]
    # On one line: a subject with a line break cannot be sent (BadHeaderError), and a
    # title stored before titles were held to one line may have one.
    subject = " ".join(context.get("subject", first.subject).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[recipient.email],
        headers={"Message-ID": _message_id(first)},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _message_id(notification: Notification) -> str:
    """The same for every attempt at the same notice, so a copy sent twice after a crash
    can be recognised as one message."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notice-{notification.pk}.{notification.kind}.{notification.day:%Y%m%d}@{domain}>"


def _kind_context(kind: str, notifications: list[Notification]) -> dict[str, Any]:
    first = notifications[0]
    if kind == Kind.ASSIGNED:
        # _still_relevant has dropped the assignments whose action is gone.
        actions = [cast(ActionItem, n.action) for n in notifications]
        items = [_assigned_item(action, first.recipient_id) for action in actions]
        subject = first.subject if len(items) == 1 else f"You have {len(items)} new actions"
        return {"items": items, "subject": subject, "by": first.payload.get("by", "")}
    if kind in (Kind.DUE_DATE_REQUESTED, Kind.DUE_DATE_DECIDED, Kind.COMPLETED, Kind.VERIFIED):
        # The event as it was when the step was taken (actions/due_dates.py,
        # actions/reminders/verification.py).
        url = absolute(reverse("workspace:action", args=[first.action_id]))
        return {**first.payload, "url": url}
    if kind == Kind.WEEKLY_SUMMARY:
        rows = first.payload.get("authorities", [])
        actions_url = absolute(reverse("workspace:actions"))
        for row in rows:
            row["overdue_url"] = f"{actions_url}?authority={row['authority_id']}&overdue=yes"
            for statement in row.get("statements", []):
                statement["url"] = _statement_url(statement["inspection_id"])
        return {"authorities": rows, "day": long_date(first.day)}
    sections = first.payload.get("sections", [])
    for section in sections:
        for item in section["items"]:
            _add_links(item, section["name"], first.recipient_id)
        section["more"] = section["count"] - len(section["items"])
    return {
        "sections": sections,
        "my_actions_url": absolute(reverse("workspace:actions")) + "?owner=me",
        "unowned_url": absolute(reverse("workspace:actions")) + "?owner=unassigned",
    }


def _assigned_item(action: ActionItem, recipient_id: int) -> dict[str, Any]:
    item = {
        "id": action.pk,
        "title": action.title,
        "when": f"due {long_date(action.due_date)}" if action.due_date else "no due date yet",
    }
    _add_links(item, "assigned", recipient_id)
    return item


def _statement_url(inspection_id: int) -> str:
    return absolute(reverse("workspace:inspection", args=[inspection_id]) + "#statement")


def _add_links(item: dict[str, Any], section: str, recipient_id: int) -> None:
    if section == "statements":
        item["url"] = _statement_url(item["inspection_id"])
        return
    if section == "unowned":
        path = reverse("workspace:inspection", args=[item["inspection_id"]])
        item["url"] = absolute(f"{path}#finding-{item['id']}")
        return
    item["url"] = absolute(reverse("workspace:action", args=[item["id"]]))
    if section != "escalated":
        # Owners may reply from the e-mail; managers' escalations link to the action only.
        item["reply_url"] = absolute(email_links.reply_path(item["id"], recipient_id))
