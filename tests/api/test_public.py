"""What anonymous clients read: published inspections as the public pages show them, and
of each action only its public state. Never an owner, a note, a title or a file."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from actions.models import ActionUpdate
from tests.api.conftest import ApiWorld

pytestmark = pytest.mark.django_db

PUBLIC_ENDPOINTS = ["/api/v1/authorities/?slug=wigan", "/api/v1/inspections/", "/api/v1/findings/"]
INSPECTION_FIELDS = {
    "id",
    "url",
    "authority",
    "kind",
    "title",
    "visit_start",
    "visit_end",
    "letter_date",
    "published_date",
    "lead_inspector",
    "inspectors",
    "overall_judgement",
    "document_url",
    "judgements",
    "progress",
}
FINDING_FIELDS = {"id", "url", "inspection", "kind", "text", "section", "themes", "actions"}
ACTION_FIELDS = {"status", "due_date", "completed_on", "overdue"}


@pytest.fixture
def internal_detail(api: ApiWorld) -> list[str]:
    """A note and a piece of evidence on the published inspection's action; the words
    that must never reach an anonymous client."""
    update = ActionUpdate(
        action=api.public_action, author=api.world.colleague, note="Met the police liaison"
    )
    update.evidence.save("liaison-minutes.txt", ContentFile(b"minutes"), save=False)
    update.evidence_name = "liaison-minutes.txt"
    update.save()
    return [
        "Met the police liaison",
        "liaison-minutes",
        api.public_action.title,
        api.public_action.description,
        api.world.colleague.username,
        api.world.colleague.email,
        api.world.inspection.title,  # the unpublished inspection
    ]


def test_an_anonymous_client_reads_exactly_what_the_public_page_shows(api):
    inspection = api.client(None).get(f"/api/v1/inspections/{api.published.pk}/").json()

    assert set(inspection) == INSPECTION_FIELDS | {"findings"}
    assert set(inspection["findings"][0]) == FINDING_FIELDS
    assert inspection["findings"][0]["actions"] == [
        {"status": "not_started", "due_date": "2030-03-31", "completed_on": None, "overdue": False}
    ]
    assert set(inspection["findings"][0]["actions"][0]) == ACTION_FIELDS


def test_anonymous_lists_hold_only_public_fields(api):
    client = api.client(None)

    authority = client.get("/api/v1/authorities/?slug=wigan").json()["results"][0]
    inspections = client.get("/api/v1/inspections/").json()["results"]
    findings = client.get("/api/v1/findings/").json()["results"]

    assert set(authority) == {"id", "url", "name", "slug", "council_name"}
    assert [set(i) for i in inspections] == [INSPECTION_FIELDS]
    assert [set(f) for f in findings] == [FINDING_FIELDS]


@pytest.mark.parametrize("url", PUBLIC_ENDPOINTS)
def test_nothing_internal_reaches_an_anonymous_client(api, internal_detail, url):
    body = api.client(None).get(url).content.decode()
    detail = api.client(None).get(f"/api/v1/inspections/{api.published.pk}/").content.decode()

    for words in internal_detail:
        assert words not in body
        assert words not in detail


def test_staff_also_see_whether_an_inspection_is_published_and_each_findings_heading(api):
    inspections = api.client("outsider").get("/api/v1/inspections/").json()["results"]
    finding = api.client("viewer").get(f"/api/v1/findings/{api.public_finding.pk}/").json()

    assert [(i["id"], i["published"]) for i in inspections] == [(api.published.pk, True)]
    assert finding["heading"] == "Recommendations"


def test_staff_see_their_own_authoritys_drafts_and_can_list_only_them(api):
    drafts = api.client("viewer").get("/api/v1/inspections/?published=false").json()["results"]

    assert [i["id"] for i in drafts] == [api.world.inspection.pk]
