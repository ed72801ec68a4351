"""The Atom feed of an authority: newly published inspections and completed actions."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from actions.models import ActionItem, Status
from inspections.models import Inspection
from tests.public.conftest import KIND, publish

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _link(entry: ET.Element) -> str:
    link = entry.find(f"{ATOM}link")
    assert link is not None
    return link.get("href", "")


def entries(client, slug: str = "wigan") -> list[dict[str, str]]:
    response = client.get(f"/authorities/{slug}/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title", ""),
            "link": _link(entry),
            "summary": entry.findtext(f"{ATOM}summary", ""),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]


def test_it_lists_published_inspections_and_completed_actions_newest_first(client, wigan):
    older = publish(wigan, year=2017, kind=Inspection.Kind.SIF)
    newer = publish(
        wigan, year=2020, findings=[(KIND.AREA_FOR_DEVELOPMENT, "Casework audits to improve.")]
    )
    finding = newer.findings.get()
    ActionItem.objects.create(finding=finding, title="Still going", status=Status.IN_PROGRESS)
    ActionItem.objects.create(
        finding=finding,
        title="Finished",
        status=Status.COMPLETED,
        completed_at=timezone.make_aware(datetime.datetime(2026, 2, 5, 10)),
    )
    ActionItem.objects.create(
        finding=finding,
        title="Internal wording of the summarised one",
        status=Status.COMPLETED,
        completed_at=timezone.make_aware(datetime.datetime(2026, 1, 7, 10)),
        public_summary="Team managers audit five cases a month.",
        public_summary_approved_at=timezone.now(),
    )

    found = entries(client)

    assert [e["title"] for e in found] == [
        "Action completed: Area for development (Focused visit, January 2020)",
        "Action completed: Area for development (Focused visit, January 2020)",
        "Published: Focused visit, January 2020",
        "Published: Single inspection framework (SIF), January 2017",
    ]
    assert found[0]["link"].endswith(f"/inspections/{newer.pk}/#finding-{finding.pk}")
    assert "Completed on 5 February 2026. For: Casework audits to improve." in found[0]["summary"]
    # An approved public summary says what was done; the title never shows.
    assert found[1]["summary"] == (
        "Completed on 7 January 2026: Team managers audit five cases a month. "
        "For: Casework audits to improve."
    )
    assert "Internal wording" not in str(found)
    assert found[3]["link"].endswith(f"/inspections/{older.pk}/")


def test_it_leaves_out_unpublished_inspections_and_other_authorities(client, wigan):
    publish(wigan, year=2021, published=False)
    publish(wigan.__class__.objects.get(name="Wirral"), year=2020)

    assert entries(client) == []


def test_an_unknown_authority_has_no_feed(client, db):
    assert client.get("/authorities/atlantis/feed/").status_code == 404
