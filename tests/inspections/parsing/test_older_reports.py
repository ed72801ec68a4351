"""Reports of the 2009–2013 frameworks: annual unannounced inspections, inspections of
safeguarding and looked after children services, and of local authority arrangements
for the protection of children.

None is in the corpus of real PDFs, so the fixtures in tests/fixtures/letters are
written from their published structure; their expected extractions are in
tests/fixtures/expected/letters.
"""

import json
from pathlib import Path

import pytest

from inspections.parsing import parse_text

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
LETTERS = FIXTURES / "letters"
EXPECTED = FIXTURES / "expected" / "letters"
OLDER = sorted(path.stem for path in EXPECTED.glob("*.json"))


def read(name: str) -> str:
    return (LETTERS / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", OLDER, ids=OLDER)
def test_an_older_report_matches_its_expected_extraction(name, assert_matches_expected):
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))

    assert_matches_expected(parse_text(read(name)).to_dict(), expected)


def test_every_older_fixture_has_an_expected_extraction():
    older = ("annual-unannounced-", "safeguarding-and-looked-after-", "protection-of-children-")
    assert sorted(p.stem for p in LETTERS.glob("*.txt") if p.stem.startswith(older)) == OLDER


def test_a_safeguarding_and_looked_after_report_grades_each_part_and_has_no_overall_grade():
    letter = parse_text(read("safeguarding-and-looked-after-children-2011-stockport"))

    assert letter.inspection_type == "safeguarding_lac"
    assert letter.overall_judgement is None
    assert letter.provenance["overall_judgement"].how == "missing"
    assert "two parts" in letter.provenance["overall_judgement"].note
    assert letter.judgements["Safeguarding services: Overall effectiveness"] == "adequate"
    assert letter.judgements["Services for looked after children: Overall effectiveness"] == "good"
    # A group's heading in the table is not glued to the area under it.
    assert letter.judgements["Services for looked after children: Being healthy"] == "good"
    assert letter.warnings == []


def test_the_body_grades_a_report_whose_record_of_main_findings_came_out_in_columns():
    text = read("safeguarding-and-looked-after-children-2011-stockport")
    record = text.index("Record of main findings\nSafeguarding services")
    columns = (
        "Record of main findings\nSafeguarding services\nOverall effectiveness\n"
        "Capacity for improvement\nServices for looked after children\n"
        "Overall effectiveness\nCapacity for improvement\n\nadequate\ngood\ngood\ngood\n"
    )

    letter = parse_text(text[:record] + columns)

    assert letter.judgements == {
        "Safeguarding services: Overall effectiveness": "adequate",
        "Safeguarding services: Capacity for improvement": "good",
        "Safeguarding services: Children and young people are safe: the effectiveness of "
        "services in taking reasonable steps to ensure that children and young people are "
        "safe": "adequate",
        "Services for looked after children: Overall effectiveness": "good",
        "Services for looked after children: Capacity for improvement": "good",
    }


def test_a_protection_of_children_report_takes_its_overall_grade_from_its_sentence():
    letter = parse_text(read("protection-of-children-2013-bolton"))

    assert letter.inspection_type == "child_protection"
    assert letter.overall_judgement == "adequate"
    assert "Overall effectiveness" not in letter.judgements
    # "adequate at best" in a paragraph is prose, not a grade.
    assert set(letter.judgements.values()) == {"adequate", "good"}
    assert len(letter.judgements) == 3


def test_the_body_reads_a_heading_and_its_numbered_grade_on_one_line():
    text = read("safeguarding-and-looked-after-children-2011-stockport")
    text = text[: text.index("Record of main findings\nSafeguarding services")]
    joined = text.replace(
        "Overall effectiveness\n\nGrade 3 (adequate)", "Overall effectiveness Grade 3 (adequate)"
    )

    letter = parse_text(joined)

    assert letter.judgements["Safeguarding services: Overall effectiveness"] == "adequate"


def test_adequate_is_no_grade_in_a_later_framework():
    text = (FIXTURES / "texts" / "2024-05-15-calderdale-inspection.txt").read_text("utf-8")
    text = text.replace("children in care\n\nGood", "children in care\n\nAdequate", 1)

    letter = parse_text(text)

    assert letter.inspection_type == "ilacs_short"
    assert "adequate" not in letter.judgements.values()
    assert letter.overall_judgement != "adequate"
