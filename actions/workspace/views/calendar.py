"""The personal calendar feed: each person's open, dated actions as all-day events.

Calendar apps (Outlook, Google, Apple) fetch the feed on their own schedule and cannot
sign in, so the feed's URL carries a secret token instead of a session. The person can
replace the token at any time, which makes every old copy of the URL stop working.
"""

from __future__ import annotations

import datetime
from typing import cast

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from icalendar.enums import TRANSP

from actions.display import person_name
from actions.models import ActionItem, StaffProfile, Status, new_calendar_token
from actions.plumbing.auth import signed_in_user

# Calendar apps poll; this asks them to do so hourly (Outlook may still wait longer).
REFRESH = datetime.timedelta(hours=1)


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    profile, _ = StaffProfile.objects.get_or_create(user=signed_in_user(request))
    if request.method == "POST":
        profile.calendar_token = new_calendar_token()
        profile.save(update_fields=["calendar_token"])
        messages.success(
            request, "Your calendar has a new address. The old address no longer works."
        )
        return redirect("workspace:calendar")
    feed_url = request.build_absolute_uri(reverse("calendar_feed", args=[profile.calendar_token]))
    return render(request, "actions/calendar.html", {"feed_url": feed_url})


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    profile = get_object_or_404(
        StaffProfile.objects.select_related("user"), calendar_token=token, user__is_active=True
    )
    user = profile.user
    actions = (
        ActionItem.objects.for_user(user)
        .open()
        .filter(owner=user, due_date__isnull=False)
        .order_by("due_date", "pk")
    )
    calendar = icalendar.Calendar.new(
        name=f"My inspection actions ({person_name(user)})",
        prodid="-//Inspection action tracker//Personal action calendar//EN",
        refresh_interval=REFRESH,
    )
    # Outlook reads the older, non-standard name for the refresh interval.
    calendar.add("x-published-ttl", REFRESH)
    for action in actions:
        calendar.add_component(_event(request, action))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="actions.ics"'
    # The body is one person's work list: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response


def _event(request: HttpRequest, action: ActionItem) -> icalendar.Event:
    """An all-day event on the action's due date; its UID stays the same for the action."""
    url = request.build_absolute_uri(reverse("workspace:action", args=[action.pk]))
    status = Status(action.status).label
    due = cast(datetime.date, action.due_date)  # the feed lists only actions with one
    return icalendar.Event.new(
        uid=f"action-{action.pk}@{request.get_host()}",
        summary=action.title,
        description=f"Status: {status}\n{url}",
        url=url,
        start=due,
        # A date with no end is a one-day event (RFC 5545, 3.6.1): the form for the last
        # date there is, which has no next day. (Stored before due dates were held to a
        # range: one such action must not break its owner's whole feed.)
        end=due + datetime.timedelta(days=1) if due < datetime.date.max else None,
        stamp=action.updated_at,
        # Bumped on every saved change, so calendar apps take the newest copy.
        sequence=action.version,
        transparency=TRANSP.TRANSPARENT,  # a deadline, not time the person is busy
    )
