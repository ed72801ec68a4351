"""Filters and tags through which templates show statuses, RAG ratings, overdue actions and
people. Each reads its rule from the domain (actions.models, actions.display), so no
template decides a business rule or picks a colour itself."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import template
from django.template.loader import render_to_string

from actions import display
from actions.models import Rag

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from actions.models import ActionItem

register = template.Library()

TAG_TEMPLATE = "govuk/tag.html"


@register.filter
def person_name(user: AbstractBaseUser | None) -> str:
    """A person's display name; '' for nobody, so `|default:"No owner"` can follow."""
    return display.person_name(user) if user else ""


@register.inclusion_tag(TAG_TEMPLATE)
def status_tag(action: ActionItem) -> dict[str, Any]:
    """The action's status as a GOV.UK tag in the status's colour."""
    return {"text": action.get_status_display(), "colour": display.STATUS_COLOURS[action.status]}


@register.inclusion_tag(TAG_TEMPLATE)
def rag_tag(rag: str, text: str = "") -> dict[str, Any]:
    """A RAG rating ("red", "amber", "green", from ActionItem.rag or the `rag_status`
    annotation) as a GOV.UK tag naming it; `text` says more, e.g. "Red: overdue"."""
    return {"text": text or Rag(rag).label, "colour": display.RAG_COLOURS[Rag(rag)]}


@register.simple_tag
def overdue_tag(action: ActionItem, today: datetime.date) -> str:
    """A red "Overdue" tag when the action is overdue (ActionItem.is_overdue); else nothing."""
    if not action.is_overdue(today):
        return ""
    return render_to_string(TAG_TEMPLATE, {"text": "Overdue", "colour": "red"})
