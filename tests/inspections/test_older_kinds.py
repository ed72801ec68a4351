"""The 2009–2013 inspections have kinds of their own and keep their "adequate" grades."""

from pathlib import Path

import pytest

from actions.importing import bulk
from actions.importing.bulk_inputs import Document
from inspections.models import Grade, Inspection

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
    path = LETTERS / f"{name}.txt"

    row = bulk.decide(Document(path.name, path.read_bytes))

    inspection = Inspection.objects.get()
    assert (row["outcome"], row["inspection"]) == (bulk.IMPORTED, inspection.pk), row["reason"]
    assert inspection.kind == kind
    assert inspection.overall_judgement == overall
    assert Grade.ADEQUATE in set(inspection.judgements.values_list("grade", flat=True))
