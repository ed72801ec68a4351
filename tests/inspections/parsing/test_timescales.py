"""Timescales of older reports' areas for improvement, and the due dates they propose."""

import datetime

import pytest

from inspections.parsing import parse_text
from inspections.parsing.timescales import proposed_due_date, tidy_timescale

D = datetime.date


@pytest.mark.parametrize(
    ("timescale", "start", "due"),
    [
        ("Immediately", D(2011, 5, 27), D(2011, 6, 27)),
        ("immediately:", D(2011, 5, 27), D(2011, 6, 27)),
        ("Within three months", D(2011, 5, 27), D(2011, 8, 27)),
        ("Within 3 months", D(2011, 5, 27), D(2011, 8, 27)),
        ("Within six months", D(2010, 11, 19), D(2011, 5, 19)),
        ("Within 6 months.", D(2010, 11, 19), D(2011, 5, 19)),
        ("within the next twelve months", D(2012, 3, 1), D(2013, 3, 1)),
        ("Within one month", D(2012, 1, 15), D(2012, 2, 15)),
        ("Within a month", D(2012, 1, 15), D(2012, 2, 15)),
        ("Within two weeks", D(2012, 12, 24), D(2013, 1, 7)),
        ("Within 28 days", D(2012, 2, 10), D(2012, 3, 9)),
        ("Within one year", D(2012, 2, 29), D(2013, 2, 28)),
        # A month's end moves to the end of a shorter month...
        ("Within three months", D(2011, 11, 30), D(2012, 2, 29)),
        ("Within three months", D(2010, 11, 30), D(2011, 2, 28)),
        ("Immediately", D(2012, 1, 31), D(2012, 2, 29)),
        ("Immediately", D(2011, 1, 31), D(2011, 2, 28)),
        ("Within six months", D(2011, 8, 31), D(2012, 2, 29)),
        # ...and across the end of a year.
        ("Within three months", D(2010, 12, 31), D(2011, 3, 31)),
        ("Within eighteen months", D(2010, 10, 1), D(2012, 4, 1)),
    ],
)
def test_a_timescale_proposes_a_due_date_from_the_start(timescale, start, due):
    assert proposed_due_date(timescale, start) == due


@pytest.mark.parametrize(
    "timescale",
    ["", "As soon as possible", "By the end of March 2012", "Within reason", "Shortly"],
)
def test_a_timescale_it_cannot_read_proposes_no_date(timescale):
    assert proposed_due_date(timescale, D(2011, 5, 27)) is None


@pytest.mark.parametrize(
    ("line", "tidied"),
    [
        ("Immediately:", "Immediately"),
        ("IMMEDIATELY", "Immediately"),
        ("Within three months:", "Within three months"),
        ("within  3 months", "Within 3 months"),
        ("Within the next six months.", "Within the next six months"),
        ("(Within six months)", "Within six months"),
    ],
)
def test_a_timescale_line_is_kept_as_written_and_tidied(line, tidied):
    assert tidy_timescale(line) == tidied


@pytest.mark.parametrize(
    "line",
    [
        "Within three months of the last inspection the council had recruited managers.",
        "Areas for improvement",
        "Ensure that assessments are completed within 35 working days.",
    ],
)
def test_a_sentence_that_mentions_a_period_is_not_a_timescale(line):
    assert tidy_timescale(line) is None


def test_timescales_group_the_areas_for_improvement_and_stay_with_each(make_letter):
    body = (
        "Areas for improvement\n"
        "9. In order to improve the quality of provision and services, the local authority\n"
        "and its partners should take the following action.\n\n"
        "Immediately:\n"
        "\u2022 ensure that all children in need are allocated a qualified social worker\n\n"
        "Within 3 months\n"
        "\u2022 improve the quality of assessments\n"
        "\u2022 review the threshold document.\n\n"
        "Within six months:\n"
        "\u2022 Within six months: develop a workforce strategy.\n\n"
        "Safeguarding outcomes for children and young people\n"
        "10. Children and young people are safe.\n"
    )

    letter = parse_text(make_letter(body))

    assert [(f.text, f.timescale) for f in letter.findings] == [
        ("ensure that all children in need are allocated a qualified social worker", "Immediately"),
        ("improve the quality of assessments", "Within 3 months"),
        ("review the threshold document.", "Within 3 months"),
        ("develop a workforce strategy.", "Within six months"),
    ]
    assert letter.to_dict()["finding_timescales"]["area_for_development"] == [
        "Immediately",
        "Within 3 months",
        "Within 3 months",
        "Within six months",
    ]


def test_a_letter_without_timescales_has_no_finding_timescales_in_its_dict(make_letter):
    letter = parse_text(make_letter("What needs to improve?\n\u25fc The quality of plans.\n"))

    assert letter.findings[0].timescale == ""
    assert "finding_timescales" not in letter.to_dict()
