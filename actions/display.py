"""How the workspace writes statuses, RAG ratings, people and dates, in one place."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from actions.models import Rag, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# GOV.UK tag colour for each status and RAG rating; the tag's text always names it too.
STATUS_COLOURS = {
    Status.NOT_STARTED: "grey",
    Status.IN_PROGRESS: "blue",
    Status.BLOCKED: "orange",
    Status.COMPLETED: "teal",
    Status.VERIFIED: "green",
    Status.CANCELLED: "grey",
}
RAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "orange", Rag.GREEN: "green"}


def person_name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


def long_date(day: datetime.date) -> str:
    """'5 February 2026', the way the service writes dates."""
    return f"{day.day} {day:%B %Y}"
