"""F1: the Atom feed carried letter text as HTML (`<summary type="html">`), so markup in
a finding or an inspection's title ran in feed readers. Every entry is plain text now."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from actions.models import ActionItem, Status
from tests.public.conftest import KIND, publish

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
MARKUP = '<script>alert(1)</script><img src="x" onerror="alert(2)">'


def test_markup_in_letter_text_is_plain_text_in_every_entry(client, world):
    inspection = publish(
        world.wigan,
        year=2020,
        title=f"Focused visit {MARKUP}",
        findings=[(KIND.AREA_FOR_DEVELOPMENT, f"Audits {MARKUP} to improve.")],
    )
    ActionItem.objects.create(
        finding=inspection.findings.get(),
        title="Finished",
        status=Status.COMPLETED,
        completed_at=timezone.make_aware(datetime.datetime(2026, 2, 5, 10)),
    )

    response = client.get("/authorities/wigan/feed/")
    entries = list(ET.fromstring(response.content).iter(f"{ATOM}entry"))

    assert len(entries) == 2
    for entry in entries:
        for name in ("title", "summary"):
            element = entry.find(f"{ATOM}{name}")
            assert element is not None
            # Atom's default type is text; "html" or "xhtml" would make readers render it.
            assert element.get("type", "text") == "text", (name, element.attrib)
    summaries = [entry.findtext(f"{ATOM}summary", "") for entry in entries]
    # The reader is shown the characters as written, as the public page shows them.
    assert any(MARKUP in summary for summary in summaries)
    assert f"Focused visit {MARKUP}" in summaries
