"""How the service writes statuses, RAG ratings, people, findings and dates, in one place.

Templates reach these through the filters and tags of actions/templatetags/actions_display.py.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim

from actions.models import Rag, Status
from inspections.models import FindingKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from inspections.models import Inspection

# GOV.UK tag colour for each status and RAG rating; the tag's text always names it too.
STATUS_COLOURS: dict[str, str] = {
    Status.NOT_STARTED: "grey",
    Status.IN_PROGRESS: "blue",
    Status.BLOCKED: "orange",
    Status.COMPLETED: "teal",
    Status.VERIFIED: "green",
    Status.CANCELLED: "grey",
}
RAG_COLOURS: dict[str, str] = {
    Rag.RED: "red",
    Rag.AMBER: "orange",
    Rag.GREEN: "green",
    Rag.NOT_SCHEDULED: "grey",
}

# The heading over each group of findings, on the public and the workspace pages.
KIND_HEADINGS: dict[str, str] = {
    FindingKind.PRIORITY_ACTION: "Areas for priority action",
    FindingKind.AREA_FOR_DEVELOPMENT: "Areas for development",
    FindingKind.RECOMMENDATION: "Recommendations",
    FindingKind.STRENGTH: "Strengths",
    FindingKind.SATISFACTORY: "Satisfactory practice",
}


def person_name(user: AbstractBaseUser) -> str:
    """Full name, else username: the Python form of person_name_expression."""
    return user.get_full_name() or user.get_username()  # type: ignore[attr-defined]


def person_name_expression(prefix: str) -> Coalesce:
    """person_name in SQL, for the user at `prefix` (e.g. "owner__"); NULL when there is
    none. Lists sort by it and reports read it without loading users."""
    full_name = Trim(Concat(f"{prefix}first_name", Value(" "), f"{prefix}last_name"))
    return Coalesce(NullIf(full_name, Value("")), f"{prefix}username")


def long_date(day: datetime.date) -> str:
    """'5 February 2026', the way the service writes dates."""
    return f"{day.day} {day:%B %Y}"


def visit_dates(inspection: Inspection) -> str:
    """'4 November 2025 to 5 November 2025', or the one day, or '' when not known."""
    start, end = inspection.visit_start, inspection.visit_end
    if start is None:
        return ""
    return f"{long_date(start)} to {long_date(end)}" if end and end != start else long_date(start)
