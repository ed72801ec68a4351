"""Findings of letters of every kind, from the synthetic fixtures in tests/fixtures/letters.

Monitoring visits, joint targeted area inspections (JTAI), annual unannounced
inspections and the 2009-2013 inspections whose areas for improvement are grouped
under timescales: none of these are in the corpus of real PDFs, so these letters
are written from their published structure.
"""

from pathlib import Path

import pytest

from inspections.parsing import parse_text


def texts(letter, kind):
    return [finding.text for finding in letter.findings_of(kind)]


LETTERS = Path(__file__).resolve().parents[2] / "fixtures" / "letters"


def letter_fixture(name: str):
    return parse_text((LETTERS / f"{name}.txt").read_text(encoding="utf-8"))


def test_what_a_monitoring_visit_looked_at_is_not_a_finding():
    letter = letter_fixture("monitoring-visit-2022-isle-of-wight-areas-for-improvement")

    assert texts(letter, "area_for_development") == [
        "The consistency of contingency planning in child protection plans.",
        "The recording of children's views in their assessments.",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "monitoring-visit-2019-sandwell-trust",
        "monitoring-visit-2021-middlesbrough",
        "monitoring-visit-2021-north-northamptonshire",
        "monitoring-visit-2021-slough-remote",
        "monitoring-visit-2024-westmorland-and-furness",
    ],
)
def test_a_narrative_monitoring_visit_letter_has_no_findings(name):
    assert letter_fixture(name).findings == []


@pytest.mark.parametrize(
    "name",
    [
        "safeguarding-and-looked-after-children-2011-stockport",
        "safeguarding-and-looked-after-children-2010-telford-and-wrekin",
    ],
)
def test_safeguarding_and_looked_after_children_reports_keep_part_and_timescale(name):
    letter = letter_fixture(name)

    got = [(f.section, f.timescale, f.text.split()[0].lower()) for f in letter.findings]

    assert {f.kind for f in letter.findings} == {"area_for_development"}
    assert [(part, timescale) for part, timescale, _ in got] == EXPECTED_SLAC_PARTS[name]
    assert {first for _, _, first in got} <= {"ensure", "improve", "develop", "increase"}


SG, LAC = "Safeguarding services", "Services for looked after children"
EXPECTED_SLAC_PARTS = {
    "safeguarding-and-looked-after-children-2011-stockport": [
        (SG, "Immediately"),
        (SG, "Immediately"),
        (SG, "Within three months"),
        (SG, "Within three months"),
        (SG, "Within three months"),
        (SG, "Within six months"),
        (LAC, "Within three months"),
        (LAC, "Within three months"),
        (LAC, "Within six months"),
    ],
    "safeguarding-and-looked-after-children-2010-telford-and-wrekin": [
        (SG, "Immediately"),
        (SG, "Within 3 months"),
        (SG, "Within 3 months"),
        (SG, "Within 6 months"),
        (LAC, "Within 3 months"),
        (LAC, "Within 6 months"),
        (LAC, "Within 6 months"),
    ],
}


def test_an_item_split_by_a_page_number_in_a_timescale_list_is_one_item():
    letter = letter_fixture("safeguarding-and-looked-after-children-2011-stockport")

    assert (
        "ensure that the minutes of child protection conferences are distributed to families "
        "and agencies within 20 working days"
    ) in texts(letter, "area_for_development")


@pytest.mark.parametrize(
    ("name", "strengths", "areas"),
    [
        ("jtai-2017-wiltshire-numbered", 2, 3),
        ("jtai-2018-kingston-upon-thames-achieving-for-children", 1, 1),
        ("jtai-2019-bradford", 2, 2),
        ("jtai-2019-brighton-and-hove-agencies", 3, 4),
        ("jtai-2023-medway", 2, 2),
    ],
)
def test_joint_targeted_area_inspection_letters_list_strengths_and_areas(name, strengths, areas):
    letter = letter_fixture(name)

    assert len(letter.findings_of("strength")) == strengths
    assert len(letter.findings_of("area_for_development")) == areas
    assert not any(f.text.startswith(("A young child", "Partners have")) for f in letter.findings)


def test_a_child_protection_inspection_groups_its_areas_under_timescales():
    letter = letter_fixture("protection-of-children-2013-bolton")

    assert [(f.timescale, f.section) for f in letter.findings] == [
        ("Immediately", ""),
        ("Immediately", ""),
        ("Within three months", ""),
        ("Within three months", ""),
        ("Within six months", ""),
    ]
    # A sentence that mentions three months later in the report sets no timescale.
    assert not any("action plan" in f.text for f in letter.findings)


def test_an_annual_unannounced_letter_with_priority_actions():
    letter = letter_fixture("annual-unannounced-2009-doncaster-priority-action")

    assert [f.text.split(",")[0] for f in letter.findings_of("priority_action")] == [
        "A significant number of referrals are not allocated to a qualified social worker",
        "Initial assessments are not completed within timescales and do not consistently "
        "consider the risks to children.",
    ]
    assert texts(letter, "area_for_development") == [
        "Management oversight of decisions is not always recorded on case files.",
        "The quality of supervision is variable.",
    ]
    assert not any(f.timescale for f in letter.findings)
