"""Nothing internal reaches the public: no notes, evidence, owners, names or e-mail addresses."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from actions import services
from actions.models import ActionItem, Status
from inspections.models import Membership
from tests.conftest import make_user
from tests.public.conftest import KIND, publish

pytestmark = pytest.mark.django_db

SECRETS = [
    "Ottoline",  # the owner's first name
    "Quartermaine",  # the owner's last name
    "oquartermaine",  # the owner's username
    "oquartermaine@example.org",  # the owner's e-mail address
    "Mabel",  # the manager's first name, who verified the action
    "Marchbanks",
    "mmarchbanks@example.org",
    "Budget for the audit team was cut",  # an internal note
    "Pay the agency invoice",  # the action's internal title
    "Procurement route agreed with finance",  # its internal description
    "audit-minutes-confidential.pdf",  # the evidence file's name
    "CONFIDENTIAL MINUTES",  # the evidence file's content
    "Signed off after checking the minutes",  # the verification note
]


@pytest.fixture
def seeded(wigan):
    """A published inspection whose action has an owner, notes, evidence and a sign-off."""
    owner = make_user("oquartermaine", wigan, Membership.Role.OWNER)
    owner.first_name, owner.last_name = "Ottoline", "Quartermaine"
    owner.save()
    manager = make_user("mmarchbanks", wigan, Membership.Role.MANAGER)
    manager.first_name, manager.last_name = "Mabel", "Marchbanks"
    manager.save()
    inspection = publish(
        wigan,
        year=2020,
        findings=[(KIND.AREA_FOR_DEVELOPMENT, "Casework audits to focus on quality.")],
    )
    inspection.source_document.save("wigan-2020.txt", ContentFile(b"Ofsted letter to Wigan"))
    action = ActionItem.objects.create(
        finding=inspection.findings.get(),
        title="Pay the agency invoice",
        description="Procurement route agreed with finance",
        owner=owner,
        due_date=datetime.date(2026, 3, 1),
    )
    services.add_note(
        action=action,
        by=owner,
        note="Budget for the audit team was cut",
        evidence=SimpleUploadedFile("audit-minutes-confidential.pdf", b"CONFIDENTIAL MINUTES"),
        evidence_content_type="application/pdf",
    )
    services.change_status(action=action, to_status=Status.IN_PROGRESS, by=owner)
    services.change_status(action=action, to_status=Status.COMPLETED, by=owner, note="Done.")
    services.change_status(
        action=action,
        to_status=Status.VERIFIED,
        by=manager,
        note="Signed off after checking the minutes",
    )
    return inspection


def public_responses(client, inspection) -> dict[str, bytes]:
    urls = [
        "/",
        "/authorities/wigan/",
        f"/inspections/{inspection.pk}/",
        "/search/?q=audit",
        "/search/?q=casework&authority=wigan&year=2020&kind=area_for_development",
        "/search/?kind=area_for_development",
        "/authorities/wigan/feed/",
        f"/inspections/{inspection.pk}/document/",
    ]
    responses = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        responses[url] = body
    return responses


def test_no_public_page_feed_or_download_shows_anything_internal(client, seeded):
    responses = public_responses(client, seeded)

    for url, body in responses.items():
        text = body.decode()
        for secret in SECRETS:
            assert secret.casefold() not in text.casefold(), f"{secret!r} leaked on {url}"


def test_the_public_still_sees_the_actions_public_state(client, seeded):
    page = client.get(f"/inspections/{seeded.pk}/").content.decode()

    assert "Verified" in page
    assert "1 March 2026" in page  # due date
    assert "Action 1" in page
