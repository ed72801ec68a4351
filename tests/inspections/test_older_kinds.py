"""The 2009–2013 inspections have kinds of their own and keep their "adequate" grades."""

from pathlib import Path

import pytest

from actions.importing.letters import import_confident, match_authority, review_reasons
from inspections.models import Grade, Inspection
from inspections.parsing import parse_text

LETTERS = Path(__file__).resolve().parents[1] / "fixtures" / "letters"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kind", "overall"),
    [
        ("safeguarding-and-looked-after-children-2011-stockport", "safeguarding_lac", ""),
        ("protection-of-children-2013-bolton", "child_protection", Grade.ADEQUATE),
    ],
)
def test_an_older_report_is_imported_without_review_with_its_adequate_grades(name, kind, overall):
    text = (LETTERS / f"{name}.txt").read_text(encoding="utf-8")
    parsed = parse_text(text)
    authority = match_authority(parsed)

    assert review_reasons(parsed, authority) == []
    inspection = import_confident(
        text=text, filename=f"{name}.txt", data=None, parsed=parsed, authority=authority
    )

    inspection = Inspection.objects.get(pk=inspection.pk)
    assert inspection.kind == kind
    assert inspection.overall_judgement == overall
    assert Grade.ADEQUATE in set(inspection.judgements.values_list("grade", flat=True))
