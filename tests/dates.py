"""Posting dates the way GOV.UK's date input sends them (actions.plumbing.dates)."""

import datetime


def date_fields(name: str, day: datetime.date | str | None) -> dict[str, str]:
    """The three keys a GovukDateField named `name` posts for `day`, as a person types it.

    `name` is the field's HTML name, with the form's prefix ("edit-due_date"). `day` is a
    date, or "YYYY-MM-DD" (which may name no real day, such as "2027-02-31"); None posts
    three blank boxes, as a cleared date does.
    """
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    year, month, day_of_month = (
        (day.year, day.month, day.day) if isinstance(day, datetime.date) else day.split("-")
    )
    parts = {"day": day_of_month, "month": month, "year": year}
    return {f"{name}_{part}": str(int(number)) for part, number in parts.items()}
