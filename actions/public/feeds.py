"""An Atom feed per authority: its newly published inspections and its completed actions.

Like the public pages, the feed shows an action's public state only: which finding it
answers, its approved public summary and when it was completed, never its title, owner,
notes or evidence. Entries are
plain text, as the public pages escape the same letter text: markup in a letter is shown
to feed readers as written, never run.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from actions.display import long_date
from actions.models import DONE_STATUSES, ActionItem
from actions.publishing import public_summary_of
from actions.selectors import PUBLIC_ACTION_FIELDS, published_inspections
from inspections.models import DATE_FALLBACK, Inspection, LocalAuthority

ITEMS = 50
# Atom ids must be permanent IRIs; a tag URI stays the same whatever host serves the feed.
GUID_PREFIX = "tag:inspection-action-tracker,2026:"


class PlainTextAtomFeed(Atom1Feed):
    """Atom with plain-text summaries: Django writes them as `type="html"`, which readers
    render. (Titles carry no type, and Atom's default is text.)"""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


@dataclass(frozen=True)
class Entry:
    guid: str
    title: str
    link: str
    description: str
    when: datetime.datetime


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _inspection_time(inspection: Inspection) -> datetime.datetime:
    """Where an inspection sits in the feed: when it was published, else its own date,
    else when it was added."""
    day = inspection.published_date or inspection.date
    return _midnight(day) if day else inspection.created_at


class AuthorityFeed(Feed):
    feed_type = PlainTextAtomFeed

    def get_object(self, request: HttpRequest, slug: str) -> LocalAuthority:
        return get_object_or_404(LocalAuthority, slug=slug)

    def title(self, authority: LocalAuthority) -> str:
        return f"{authority.name}: Ofsted inspections and actions"

    def subtitle(self, authority: LocalAuthority) -> str:
        return (
            f"Inspections of {authority.name} children’s services as they are published, "
            "and actions as they are completed."
        )

    def link(self, authority: LocalAuthority) -> str:
        return reverse("public_authority", args=[authority.slug])

    def items(self, authority: LocalAuthority) -> list[Entry]:
        """The newest inspections and completed actions together, newest first: two queries."""
        inspections = published_inspections().filter(authority=authority)[:ITEMS]
        entries = [
            Entry(
                guid=f"{GUID_PREFIX}inspection-{inspection.pk}",
                title=f"Published: {inspection.label}",
                link=reverse("public_inspection", args=[inspection.pk]),
                description=inspection.title,
                when=_inspection_time(inspection),
            )
            for inspection in inspections
        ]
        actions = (
            ActionItem.objects.filter(
                finding__inspection__authority=authority,
                finding__inspection__published=True,
                status__in=DONE_STATUSES,
                completed_at__isnull=False,
            )
            .select_related("finding__inspection")
            .only(
                *PUBLIC_ACTION_FIELDS,
                "finding__kind",
                "finding__text",
                "finding__inspection__kind",
                *(f"finding__inspection__{name}" for name in DATE_FALLBACK),
                "finding__inspection__title",
            )
            .order_by("-completed_at", "-pk")[:ITEMS]
        )
        for action in actions:
            finding = action.finding
            url = reverse("public_inspection", args=[finding.inspection_id])
            summary = public_summary_of(action).rstrip(".")
            entries.append(
                Entry(
                    guid=f"{GUID_PREFIX}action-{action.pk}-completed",
                    title=f"Action completed: {finding.get_kind_display()} "
                    f"({finding.inspection.label})",
                    link=f"{url}#finding-{finding.pk}",
                    description=f"Completed on {long_date(timezone.localdate(action.completed_at))}"
                    + (f": {summary}" if summary else "")
                    + f". For: {Truncator(finding.text).words(40)}",
                    when=action.completed_at,  # type: ignore[arg-type]  # completed_at__isnull=False
                )
            )
        entries.sort(key=lambda entry: entry.when, reverse=True)
        return entries[:ITEMS]

    def item_title(self, entry: Entry) -> str:
        return entry.title

    def item_description(self, entry: Entry) -> str:
        return entry.description

    def item_link(self, entry: Entry) -> str:
        return entry.link

    def item_guid(self, entry: Entry) -> str:
        return entry.guid

    item_guid_is_permalink = False

    def item_updateddate(self, entry: Entry) -> datetime.datetime:
        return entry.when

    def item_pubdate(self, entry: Entry) -> datetime.datetime:
        return entry.when
