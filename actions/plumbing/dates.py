"""GOV.UK's date input: a date typed as day, month and year in three boxes.

https://design-system.service.gov.uk/components/date-input/ asks for three text inputs
(not a browser date picker, which many people cannot use), a hint with an example, and
errors that say which part is wrong and highlight only that part. `read_date` is the rule,
free of Django; `GovukDateField` turns its problems into form errors whose `parts` param
tells the renderer (actions/plumbing/forms.py) which boxes to highlight.

Use it wherever a form asks for a date:

    due_date = GovukDateField(label="Due date", required=False)

Posted data has three keys per field: `<name>_day`, `<name>_month`, `<name>_year`.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name

PARTS = ("day", "month", "year")
# Width of each box, in characters (govuk-input--width-N).
PART_WIDTHS = {"day": 2, "month": 2, "year": 4}
EXAMPLE = "27 3 2027"

# People type "March", "mar" or "Sept" in the month box; GOV.UK asks services to accept them.
_MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}


# A date sent as one value (a link, a bookmark): ISO, or as people wrote it before the
# date input had three boxes.
ONE_VALUE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def read_one_value(text: str) -> datetime.date | None:
    """A date sent as one value, or None for a blank one; ValueError for anything else."""
    if not text.strip():
        return None
    for pattern in ONE_VALUE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {text!r}")


class DateProblem(ValueError):
    """Why three typed parts are not a date, and which parts to highlight."""

    def __init__(self, code: str, parts: tuple[str, ...]) -> None:
        super().__init__(code, parts)
        self.code = code
        self.parts = parts


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


def read_date(day: str, month: str, year: str) -> datetime.date | None:
    """The date the three parts make, None when all are blank.

    Raises DateProblem: "incomplete" (parts = the blank ones), "year_digits" (a year that is
    not 4 numbers) or "invalid" (parts = the wrong one; all three when more than one is
    wrong; the day when the month has no such day, as in 31 2 2027).
    """
    typed = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    blank = tuple(part for part in PARTS if not typed[part])
    if len(blank) == len(PARTS):
        return None
    if blank:
        raise DateProblem("incomplete", blank)
    numbers = {
        "day": _number(typed["day"]),
        "month": _number(typed["month"]) or _MONTH_NAMES.get(typed["month"].lower()),
        "year": _number(typed["year"]),
    }
    in_range = {"day": range(1, 32), "month": range(1, 13), "year": range(1, 10000)}
    wrong = tuple(part for part in PARTS if numbers[part] not in in_range[part])
    if len(wrong) > 1:
        raise DateProblem("invalid", PARTS)
    if wrong:
        raise DateProblem("invalid", wrong)
    if len(typed["year"]) != 4:
        raise DateProblem("year_digits", ("year",))
    try:
        return datetime.date(*(numbers[part] or 0 for part in ("year", "month", "day")))
    except ValueError:
        raise DateProblem("invalid", ("day",)) from None


def typed_parts(day: datetime.date | None) -> list[str | None]:
    """A date as a person would type it in the three boxes: 5, not 05."""
    if day is None:
        return [None, None, None]
    return [str(day.day), str(day.month), str(day.year)]


def wrong_parts(error: ValidationError) -> tuple[str, ...]:
    """The parts an error on a GovukDateField is about: all three unless it names some."""
    params = error.params or {}
    return tuple(params.get("parts", PARTS))


class GovukDateWidget(forms.MultiWidget):
    """Three numeric text boxes, day, month and year, in templates/govuk/forms/date_input.html."""

    template_name = "govuk/forms/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        boxes: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(
                attrs={
                    "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                    "inputmode": "numeric",
                }
            )
            for part, width in PART_WIDTHS.items()
        }
        super().__init__(boxes, attrs)

    def decompress(self, value: datetime.date | str | None) -> list[str | None]:
        if isinstance(value, str):  # one value from a link; a date it is not shows blank
            try:
                value = read_one_value(value)
            except ValueError:
                value = None
        return typed_parts(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        """Each box gets an id that ends like its name (`<id>_day`) and its label."""
        context = super().get_context(name, value, attrs)
        group_id = context["widget"]["attrs"].get("id")
        for part, box in zip(PARTS, context["widget"]["subwidgets"], strict=True):
            box["label"] = part.capitalize()
            if group_id:
                box["attrs"]["id"] = f"{group_id}_{part}"
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_day" if id_ else ""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        """The three boxes; or, when none was sent, one value under the field's own name,
        as a link or bookmark carries it (`?due_after=2027-03-27`)."""
        if name in data and not any(f"{name}_{part}" in data for part in PARTS):
            return data.get(name)
        return super().value_from_datadict(data, files, name)


class GovukDateField(forms.MultiValueField):
    """A date typed in GOV.UK's date input, with GOV.UK's error messages.

    The messages start with the field's label ("Due date must include a month"); a hint
    "For example, 27 3 2027" follows any help text. `required` and `validators` work as on
    any field; errors from validators highlight the whole date.
    """

    widget = GovukDateWidget
    default_error_messages = {
        "required": "Enter the %(name)s",
        "incomplete": "%(label)s must include a %(missing)s",
        "invalid": "%(label)s must be a real date",
        "year_digits": "%(label)s must include a year with 4 numbers",
    }

    def __init__(self, *, help_text: str = "", **kwargs: Any) -> None:
        example = f"For example, {EXAMPLE}"
        kwargs["help_text"] = f"{help_text} {example}" if help_text else example
        boxes = [forms.CharField(required=False) for _part in PARTS]
        super().__init__(fields=boxes, require_all_fields=False, **kwargs)

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> forms.BoundField:
        # The messages need the label, which Django otherwise makes only for display.
        if self.label is None:
            self.label = pretty_name(field_name)
        return super().get_bound_field(form, field_name)

    def clean(self, value: Any) -> datetime.date | None:
        label = str(self.label or "Date")
        if isinstance(value, str):  # one value, from a link (see the widget)
            value = typed_parts(self._read_one_value(value, label))
        elif not isinstance(value, list | tuple):  # a disabled field's initial date
            value = typed_parts(value)
        day, month, year = (str(part or "") for part in value)
        try:
            date = read_date(day, month, year)
        except DateProblem as problem:
            missing = " and ".join(problem.parts)
            raise ValidationError(
                self.error_messages[problem.code],
                code=problem.code,
                params={"label": label, "missing": missing, "parts": problem.parts},
            ) from None
        if date is None:
            if self.required:
                name = label[:1].lower() + label[1:]
                raise ValidationError(
                    self.error_messages["required"], code="required", params={"name": name}
                )
            return None
        self.run_validators(date)
        return date

    def _read_one_value(self, text: str, label: str) -> datetime.date | None:
        try:
            return read_one_value(text)
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"label": label}
            ) from None
