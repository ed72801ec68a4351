"""Dates and date ranges in the ways Ofsted writes them, and extraction mangles them."""

from datetime import date

import pytest

from inspections.parsing import parse_text
from inspections.parsing.dates import find_spans, parse_date, parse_date_line, visit_span

AREA = "What needs to improve?\n\u25fc The quality of plans.\n"


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


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("on 15, 16 and 21 July 2025.", date(2025, 7, 15), date(2025, 7, 21)),
        ("from 28 November to 9 December 2022", date(2022, 11, 28), date(2022, 12, 9)),
        ("30 December 2019 to 10 January 2020", date(2019, 12, 30), date(2020, 1, 10)),
        ("on 1st and 2nd March 2021", date(2021, 3, 1), date(2021, 3, 2)),
        ("on the 23rd of May 2019", date(2019, 5, 23), date(2019, 5, 23)),
    ],
)
def test_lists_spans_and_ordinals_are_read_in_full(text, start, end):
    span = find_spans(text)[0]

    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "letter_date", "start", "end"),
    [
        (
            "30 and 31 January. The inspectors",
            date(2018, 2, 22),
            date(2018, 1, 30),
            date(2018, 1, 31),
        ),
        ("8 and 9 September.", date(2021, 10, 12), date(2021, 9, 8), date(2021, 9, 9)),
        # A letter written in January about a December visit: the year before.
        ("11 and 12 December.", date(2019, 1, 17), date(2018, 12, 11), date(2018, 12, 12)),
        ("29 December to 3 January.", date(2019, 2, 1), date(2018, 12, 29), date(2019, 1, 3)),
    ],
)
def test_a_visit_without_a_year_takes_it_from_the_letter_date(text, letter_date, start, end):
    span = visit_span(text, letter_date)

    assert span is not None
    assert (span.start, span.end, span.year_supplied) == (start, end, True)


def test_a_visit_without_a_year_and_no_letter_date_is_not_guessed():
    assert visit_span("30 and 31 January.", None) is None


def test_a_visit_with_its_year_is_read_as_written():
    span = visit_span("18 and 19 October 2023. His Majesty's", date(2023, 11, 22))

    assert span is not None
    assert (span.start, span.end, span.year_supplied) == (
        date(2023, 10, 18),
        date(2023, 10, 19),
        False,
    )


def test_the_year_of_a_visit_is_supplied_from_the_letter_date_and_marked_inferred(make_letter):
    letter = parse_text(make_letter(AREA, date="22 February 2018", visit="30 and 31 January"))

    assert (letter.visit_start, letter.visit_end) == (date(2018, 1, 30), date(2018, 1, 31))
    assert letter.provenance["visit_start"].how == "inferred"
    assert "2018 is taken from the letter's date" in letter.provenance["visit_end"].note


def test_the_end_of_a_visit_is_never_taken_from_later_text(make_letter):
    body = (
        "Leaders expect to finish the review by 30 April 2018.\n"
        "The previous inspection took place between 4 and 15 September 2017.\n" + AREA
    )
    letter = parse_text(make_letter(body, date="22 February 2018", visit="30 and 31 January"))

    assert (letter.visit_start, letter.visit_end) == (date(2018, 1, 30), date(2018, 1, 31))


def test_a_single_remote_visit_day(make_letter):
    text = make_letter(AREA, date="20 November 2020", visit="6 October 2020").replace(
        "children's services on 6 October 2020.",
        "children's services. The visit was carried out remotely on 6 October 2020.",
    )

    letter = parse_text(text)

    assert (letter.visit_start, letter.visit_end) == (date(2020, 10, 6), date(2020, 10, 6))
    assert letter.provenance["visit_start"].how == "read"


def test_a_misprinted_year_in_a_visit_span_is_corrected_and_explained(make_letter):
    letter = parse_text(
        make_letter(AREA, date="28 November 2023", visit="24 October 2022 to 25 October 2023")
    )

    assert (letter.visit_start, letter.visit_end) == (date(2023, 10, 24), date(2023, 10, 25))
    assert letter.provenance["visit_start"].how == "inferred"
    assert "24 October 2022" in letter.provenance["visit_start"].note
    assert letter.provenance["visit_end"].how == "read"


REPORT = """Inspection of Stockport local authority children's services
Inspection dates:
{dates}
Lead inspector: Jo Bloggs, His Majesty's Inspector
Judgement
Grade
Children's services in Stockport are good.
The impact of leaders on social work practice with children and families is good.
"""


@pytest.mark.parametrize(
    ("dates", "start", "end", "kind"),
    [
        ("2 to 6 June 2025", date(2025, 6, 2), date(2025, 6, 6), "ilacs_short"),
        ("28 November to 9 December 2022", date(2022, 11, 28), date(2022, 12, 9), "ilacs_standard"),
        (
            "30 December 2019 to 10 January 2020",
            date(2019, 12, 30),
            date(2020, 1, 10),
            "ilacs_standard",
        ),
    ],
)
def test_inspection_dates_on_the_line_below_their_label_decide_the_kind(dates, start, end, kind):
    letter = parse_text(REPORT.format(dates=dates))

    assert (letter.visit_start, letter.visit_end) == (start, end)
    assert letter.inspection_type == kind
    assert letter.provenance["inspection_type"].how == "inferred"
    week = "one-week" if kind == "ilacs_short" else "2-week"
    assert f"a {week} visit" in letter.provenance["inspection_type"].note


def test_dates_in_a_running_footer_are_the_visit_when_the_cover_has_none():
    page = (
        "Inspection of Stockport local authority children's services\n"
        "Children's services in Stockport are good.\n"
        "The impact of leaders on social work practice with children and families is good.\n"
        "Jo Bloggs, His Majesty's Inspector, led the inspection.\n"
    )
    footer = "\nInspection of Stockport local authority children's services\n2 to 6 June 2025\n"
    text = page + ("Leaders know their service well.\n" + footer) * 4

    letter = parse_text(text)

    assert (letter.visit_start, letter.visit_end) == (date(2025, 6, 2), date(2025, 6, 6))


def test_a_visit_over_three_days_across_two_months():
    span = find_spans("on 30 and 31 January and 1 February 2018.")[0]

    assert (span.start, span.end) == (date(2018, 1, 30), date(2018, 2, 1))


def test_the_visit_sentence_wins_over_an_earlier_inspection_named_first(make_letter):
    text = make_letter(AREA, visit="7 and 8 March 2022").replace(
        "This letter summarises",
        "Since the inspection on 4 March 2019, leaders have made changes. This letter summarises",
    )

    letter = parse_text(text)

    assert (letter.visit_start, letter.visit_end) == (date(2022, 3, 7), date(2022, 3, 8))
