"""GOV.UK's date input (actions/plumbing/dates.py): three boxes read as one date, GOV.UK's
error messages naming the wrong part, and only that part marked as an error."""

import datetime
import re

import pytest
from django import forms

from actions.plumbing.dates import DateProblem, GovukDateField, read_date
from tests.dates import date_fields


class DueForm(forms.Form):
    due_date = GovukDateField(required=False)
    expires_on = GovukDateField(label="Expiry date", help_text="Up to a year ahead.")


def bound(day: str = "", month: str = "", year: str = "", **others: str) -> DueForm:
    data = {"due_date_day": day, "due_date_month": month, "due_date_year": year}
    return DueForm(data=data | date_fields("expires_on", "2027-03-27") | others)


def box(html: str, part: str) -> str:
    """The <input> of one box of the due date."""
    found = re.search(rf'<input[^>]*name="due_date_{part}"[^>]*>', html)
    assert found, part
    return found.group(0)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (("27", "3", "2027"), datetime.date(2027, 3, 27)),
        (("07", "03", "2027"), datetime.date(2027, 3, 7)),
        ((" 1 ", "Jan", "2028"), datetime.date(2028, 1, 1)),
        (("29", "february", "2028"), datetime.date(2028, 2, 29)),
        (("", "", ""), None),
    ],
)
def test_it_reads_the_date_as_people_type_it(typed, expected):
    assert read_date(*typed) == expected


@pytest.mark.parametrize(
    ("typed", "code", "parts"),
    [
        (("27", "", "2027"), "incomplete", ("month",)),
        (("", "", "2027"), "incomplete", ("day", "month")),
        (("31", "2", "2027"), "invalid", ("day",)),
        (("29", "2", "2027"), "invalid", ("day",)),
        (("27", "13", "2027"), "invalid", ("month",)),
        (("0", "3", "2027"), "invalid", ("day",)),
        (("27", "3", "27"), "year_digits", ("year",)),
        (("27", "3", "twenty"), "invalid", ("year",)),
        (("32", "13", "2027"), "invalid", ("day", "month", "year")),
        (("²", "3", "2027"), "invalid", ("day",)),
    ],
)
def test_it_names_what_is_wrong_and_which_parts(typed, code, parts):
    with pytest.raises(DateProblem) as problem:
        read_date(*typed)
    assert (problem.value.code, problem.value.parts) == (code, parts)


def test_a_valid_date_is_cleaned_to_a_date_and_a_blank_optional_one_to_none():
    form = bound("27", "3", "2027")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due_date"] == datetime.date(2027, 3, 27)
    blank = bound()
    assert blank.is_valid(), blank.errors
    assert blank.cleaned_data["due_date"] is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (("27", "", "2027"), "Due date must include a month"),
        (("", "", "2027"), "Due date must include a day and month"),
        (("31", "2", "2027"), "Due date must be a real date"),
        (("27", "3", "27"), "Due date must include a year with 4 numbers"),
    ],
)
def test_errors_say_what_is_wrong_in_govuk_words(typed, message):
    form = bound(*typed)
    assert not form.is_valid()
    assert form.errors["due_date"] == [message]


def test_a_required_date_left_blank_asks_for_it():
    form = bound(**date_fields("expires_on", None))
    assert not form.is_valid()
    assert form.errors["expires_on"] == ["Enter the expiry date"]


def test_validators_run_on_the_date():
    def not_in_2027(day: datetime.date) -> None:
        if day.year == 2027:
            raise forms.ValidationError("Due date must not be in 2027")

    class Checked(forms.Form):
        due_date = GovukDateField(validators=[not_in_2027])

    form = Checked(data=date_fields("due_date", "2027-03-27"))
    assert not form.is_valid()
    assert form.errors["due_date"] == ["Due date must not be in 2027"]


def test_it_renders_govuks_date_input_with_a_legend_hint_and_numeric_boxes():
    html = str(DueForm())
    assert '<fieldset class="govuk-fieldset" role="group"' in html
    assert '<legend class="govuk-fieldset__legend">Due date (optional)</legend>' in html
    assert '<div id="id_due_date_helptext" class="govuk-hint">For example, 27 3 2027</div>' in html
    assert "Up to a year ahead. For example, 27 3 2027" in html
    for part, width in [("day", 2), ("month", 2), ("year", 4)]:
        label = f'<label class="govuk-label govuk-date-input__label" for="id_due_date_{part}">'
        assert label in html
        tag = box(html, part)
        assert f'id="id_due_date_{part}"' in tag
        assert 'inputmode="numeric"' in tag and 'type="text"' in tag
        assert f"govuk-input--width-{width}" in tag


def test_it_shows_the_date_it_was_given():
    html = str(DueForm(initial={"due_date": datetime.date(2027, 1, 31)}))
    assert 'value="31"' in box(html, "day") and 'value="1"' in box(html, "month")
    assert 'value="2027"' in box(html, "year")


def test_only_the_missing_part_is_marked_and_the_summary_links_to_it():
    html = str(bound("27", "", "2027"))
    assert "govuk-input--error" in box(html, "month")
    assert "govuk-input--error" not in box(html, "day")
    assert "govuk-input--error" not in box(html, "year")
    assert 'value="27"' in box(html, "day")  # what was typed stays
    assert '<a href="#id_due_date_month">Due date must include a month</a>' in html
    assert 'aria-describedby="id_due_date_helptext id_due_date_error"' in html


def test_a_date_that_does_not_exist_marks_the_day_and_links_to_it():
    html = str(bound("31", "2", "2027"))
    assert "govuk-input--error" in box(html, "day")
    assert "govuk-input--error" not in box(html, "month")
    assert '<a href="#id_due_date_day">Due date must be a real date</a>' in html


def test_an_error_about_the_whole_date_marks_every_box():
    html = str(bound("32", "13", "2027"))
    for part in ("day", "month", "year"):
        assert "govuk-input--error" in box(html, part)
    assert '<a href="#id_due_date_day">' in html
