"""Statement-of-action deadlines count working days: no weekends, no bank holidays in
England (from the `holidays` library), across year ends."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from inspections.statements import (
    StatementOfAction,
    add_working_days,
    deadlines,
    is_working_day,
    working_days_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 12, 24), True),  # Thursday
        (D(2026, 12, 25), False),  # Christmas Day
        (D(2026, 12, 26), False),  # Saturday
        (D(2026, 12, 28), False),  # Boxing Day, substitute Monday
        (D(2027, 1, 1), False),  # New Year's Day
        (D(2026, 4, 3), False),  # Good Friday
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 5, 4), False),  # Early May bank holiday
        (D(2026, 8, 31), False),  # Summer bank holiday in England (not Scotland's date)
        (D(2026, 8, 3), True),  # Scotland's summer bank holiday, a working day in England
        (D(2026, 3, 17), True),  # St Patrick's Day: Northern Ireland only
    ],
)
def test_working_days_leave_out_weekends_and_englands_bank_holidays(day, working):
    assert is_working_day(day) is working


def test_counting_across_christmas_and_the_new_year():
    # Wed 23 Dec 2026 + 1 → Thu 24; + 2 skips Fri 25 (Christmas), the weekend, Mon 28
    # (Boxing Day substitute) → Tue 29; + 4 skips Fri 1 Jan → Mon 4 Jan 2027.
    start = D(2026, 12, 23)
    assert add_working_days(start, 1) == D(2026, 12, 24)
    assert add_working_days(start, 2) == D(2026, 12, 29)
    assert add_working_days(start, 4) == D(2026, 12, 31)
    assert add_working_days(start, 5) == D(2027, 1, 4)


def test_counting_across_easter():
    # Thu 2 Apr 2026 + 1 skips Good Friday, the weekend and Easter Monday.
    assert add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)


def test_seventy_working_days_from_a_friday_letter():
    # 70 working days from Fri 11 Sep 2026: 14 weeks, with no bank holiday on the way.
    assert add_working_days(D(2026, 9, 11), 70) == D(2026, 12, 18)
    # From Fri 23 Oct, 14 weeks is Fri 29 Jan 2027; three bank holidays over Christmas and
    # the New Year push it three working days on, to Wed 3 Feb.
    assert add_working_days(D(2026, 10, 23), 70) == D(2027, 2, 3)


def test_working_days_between_is_the_inverse_of_adding_them():
    start = D(2026, 11, 20)
    for count in (0, 1, 5, 20, 70, 250):
        end = add_working_days(start, count)
        assert working_days_between(start, end) == count
        assert working_days_between(end, start) == -count


@dataclass
class FakeInspection:
    kind: str
    letter_date: datetime.date | None
    published_date: datetime.date | None = None


def test_an_ilacs_report_needs_a_final_statement_in_seventy_working_days():
    result = deadlines(FakeInspection("ilacs_standard", D(2026, 9, 11)), has_priority_actions=False)
    assert result.required
    assert result.draft_due is None
    assert result.final_due == D(2026, 12, 18)
    assert result.next_due() == ("final", D(2026, 12, 18))


def test_a_focused_visit_needs_a_draft_only_with_areas_for_priority_action():
    visit = FakeInspection("focused_visit", D(2026, 9, 11))
    assert not deadlines(visit, has_priority_actions=False).required
    result = deadlines(visit, has_priority_actions=True)
    assert result.draft_due == D(2026, 10, 9)
    assert result.final_due == D(2026, 12, 18)
    assert result.next_due() == ("draft", D(2026, 10, 9))
    # A draft not submitted stays next, overdue, until it is; then the final is next.
    submitted = StatementOfAction(submitted_at=datetime.datetime(2026, 10, 20, 9, 0))
    result = deadlines(visit, has_priority_actions=True, statement=submitted)
    assert result.next_due() == ("final", D(2026, 12, 18))


def test_monitoring_visits_and_others_need_none():
    for kind in ("monitoring_visit", "jtai", "other"):
        result = deadlines(FakeInspection(kind, D(2026, 9, 11)), has_priority_actions=True)
        assert not result.required
        assert result.final_due is None and result.next_due() is None


def test_a_corrected_receipt_date_and_a_managers_overrides_win():
    report = FakeInspection("sif", D(2026, 9, 11))
    statement = StatementOfAction(received_on=D(2026, 9, 14))
    assert deadlines(report, has_priority_actions=False, statement=statement).final_due == D(
        2026, 12, 21
    )
    statement = StatementOfAction(final_due=D(2027, 1, 15), override_reason="Agreed with Ofsted")
    result = deadlines(report, has_priority_actions=False, statement=statement)
    assert (result.final_due, result.overridden) == (D(2027, 1, 15), True)
    statement = StatementOfAction(requirement=StatementOfAction.Requirement.NOT_REQUIRED)
    assert not deadlines(report, has_priority_actions=False, statement=statement).required
    visit = FakeInspection("monitoring_visit", D(2026, 9, 11))
    statement = StatementOfAction(requirement=StatementOfAction.Requirement.REQUIRED)
    assert deadlines(visit, has_priority_actions=False, statement=statement).final_due == D(
        2026, 12, 18
    )


def test_a_report_with_no_letter_date_counts_from_its_publication():
    result = deadlines(FakeInspection("sif", None, D(2026, 9, 11)), has_priority_actions=False)
    assert (result.received_on, result.final_due) == (D(2026, 9, 11), D(2026, 12, 18))


def test_no_date_at_all_means_no_deadline_yet():
    result = deadlines(FakeInspection("sif", None), has_priority_actions=False)
    assert result.required and result.final_due is None
