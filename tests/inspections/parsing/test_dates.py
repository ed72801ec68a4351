"""Dates and date ranges in the ways Ofsted writes them, and extraction mangles them."""

from datetime import date

import pytest

from inspections.parsing import parse_text
from inspections.parsing.dates import find_spans, parse_date, parse_date_line


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("conducted on 12 and 13 January 2010.", date(2010, 1, 12), date(2010, 1, 13)),
        ("Inspection dates: 21 February to 4 March 2022", date(2022, 2, 21), date(2022, 3, 4)),
        ("on 11 December and 12 December 2018.", date(2018, 12, 11), date(2018, 12, 12)),
        ("Inspection dates: 8\u201319 June 2026", date(2026, 6, 8), date(2026, 6, 19)),
        ("Inspection dates: 8-19 June 2026", date(2026, 6, 8), date(2026, 6, 19)),
        (
            "Inspection dates: 19 November\u201330 November 2018",
            date(2018, 11, 19),
            date(2018, 11, 30),
        ),
        ("Inspection date: 16 January 20179 February 2017", date(2017, 1, 16), date(2017, 2, 9)),
        ("23 November 2015 \u2013 17 December 2015", date(2015, 11, 23), date(2015, 12, 17)),
        ("20 January 2015 to 11 February 2015", date(2015, 1, 20), date(2015, 2, 11)),
        ("on 30 November and 1 December 2021.", date(2021, 11, 30), date(2021, 12, 1)),
        ("between 29 December and 2 January 2019", date(2018, 12, 29), date(2019, 1, 2)),
        ("on 21 January 2020.", date(2020, 1, 21), date(2020, 1, 21)),
        ("on 5th and 6th February 2010", date(2010, 2, 5), date(2010, 2, 6)),
        ("from 3 to 7 Nov 2025", date(2025, 11, 3), date(2025, 11, 7)),
    ],
)
def test_a_visit_range_is_read_in_full(text, start, end):
    span = find_spans(text)[0]

    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 February 2010", date(2010, 2, 5)),
        ("5th February 2010", date(2010, 2, 5)),
        ("1st March 2018", date(2018, 3, 1)),
        ("22nd of August 2025", date(2025, 8, 22)),
        ("Tuesday 5 February 2010", date(2010, 2, 5)),
        ("  13 February 2020  ", date(2020, 2, 13)),
        ("Date: 7 July 2011", date(2011, 7, 7)),
    ],
)
def test_a_date_line_is_read(text, expected):
    assert parse_date_line(text) == expected


@pytest.mark.parametrize("text", ["31 February 2010", "5 February", "February 2010", "In 2019"])
def test_impossible_or_partial_dates_are_not_dates(text):
    assert parse_date(text) is None
    assert find_spans(text) == []


def test_a_date_inside_a_sentence_is_not_a_date_line():
    assert parse_date_line("At 16 January 2017, 2,050 children were in need.") is None


def test_visit_dates_come_from_the_sentence_that_says_when_the_visit_was(make_letter):
    letter = parse_text(
        make_letter(
            "What needs to improve?\n\u25fc Timeliness of strategy meetings.",
            visit="21 February to 4 March 2022",
        )
    )

    assert (letter.visit_start, letter.visit_end) == (date(2022, 2, 21), date(2022, 3, 4))
    assert letter.letter_date == date(2022, 1, 14)


def test_a_letter_dated_with_an_ordinal_is_read(make_letter):
    letter = parse_text(
        make_letter("Areas for development\n- Supervision is irregular.", date="5th February 2022")
    )

    assert letter.letter_date == date(2022, 2, 5)
