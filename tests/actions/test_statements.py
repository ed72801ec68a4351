"""What a manager records of a statement of action (actions/statement_records.py), and
reading many inspections' deadlines at once (actions/statements.py)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from actions.services import ActionError, NotPermitted
from actions.statement_records import override, record_published, record_submitted, undo_record
from actions.statements import deadlines_by_inspection, working_days_wording
from inspections.models import Finding, Inspection
from inspections.statements import StatementOfAction

D = datetime.date
LETTER = D(2026, 9, 11)  # a Friday: the final deadline is 18 December 2026


@pytest.fixture
def report(world) -> Inspection:
    return Inspection.objects.create(
        authority=world.wigan,
        kind=Inspection.Kind.ILACS_STANDARD,
        title="ILACS",
        letter_date=LETTER,
    )


def changes(**values):
    return {
        "requirement": "",
        "received_on": None,
        "draft_due": None,
        "final_due": None,
        "reason": "",
        **values,
    }


def test_a_manager_corrects_the_receipt_date_with_a_reason(world, report):
    statement = override(
        report, by=world.manager, **changes(received_on=D(2026, 9, 14), reason="Sent late")
    )

    assert (statement.received_on, statement.override_reason) == (D(2026, 9, 14), "Sent late")
    (deadlines,) = deadlines_by_inspection([report.pk]).values()
    assert deadlines.final_due == D(2026, 12, 21)
    assert statement.history.first().history_user == world.manager


def test_a_reason_is_needed_whenever_anything_differs_from_the_defaults(world, report):
    for values in (
        {"received_on": D(2026, 9, 14)},
        {"requirement": StatementOfAction.Requirement.NOT_REQUIRED},
        {"final_due": D(2027, 1, 15)},
        {"draft_due": D(2026, 10, 1)},
    ):
        with pytest.raises(ActionError) as refusal:
            override(report, by=world.manager, **changes(**values, reason="  "))
        assert refusal.value.field == "reason"
    assert not StatementOfAction.objects.exists()


def test_values_equal_to_the_defaults_are_no_override_and_need_no_reason(world, report):
    statement = override(
        report, by=world.manager, **changes(received_on=LETTER, final_due=D(2026, 12, 18))
    )

    assert (statement.received_on, statement.final_due, statement.override_reason) == (
        None,
        None,
        "",
    )
    assert not deadlines_by_inspection([report.pk])[report.pk].overridden


def test_going_back_to_the_defaults_clears_the_reason(world, report):
    override(report, by=world.manager, **changes(final_due=D(2027, 1, 15), reason="Agreed"))
    statement = override(report, by=world.manager, **changes(reason="Agreed"))

    assert (statement.final_due, statement.override_reason) == (None, "")


def test_a_draft_after_the_final_or_dates_for_no_statement_are_refused(world, report):
    with pytest.raises(ActionError, match="on or before the final"):
        override(
            report,
            by=world.manager,
            **changes(draft_due=D(2027, 2, 1), final_due=D(2027, 1, 15), reason="x"),
        )
    with pytest.raises(ActionError, match="blank when no statement"):
        override(
            report,
            by=world.manager,
            **changes(requirement="not_required", final_due=D(2027, 1, 15), reason="x"),
        )


def test_recording_submission_and_publication_names_who_and_when(world, report):
    submitted = record_submitted(report, world.manager)
    published = record_published(report, world.manager)

    assert submitted.submitted_by == published.published_by == world.manager
    assert published.submitted_at is not None and published.published_at is not None
    assert deadlines_by_inspection([report.pk])[report.pk].next_due() is None
    with pytest.raises(ActionError, match="already recorded as published"):
        record_published(report, world.manager)


def test_a_record_may_name_when_it_happened_but_not_a_time_to_come(world, report):
    earlier = timezone.now() - datetime.timedelta(days=400)
    assert record_submitted(report, world.manager, at=earlier).submitted_at == earlier
    with pytest.raises(ActionError, match="cannot be recorded as published in the future"):
        record_published(report, world.manager, at=timezone.now() + datetime.timedelta(hours=1))


def test_a_mistaken_record_can_be_undone_and_the_history_keeps_both(world, report):
    record_submitted(report, world.manager)
    statement = undo_record(report, world.manager, "submitted")

    assert (statement.submitted_at, statement.submitted_by) == (None, None)
    recorded = [h.submitted_by_id for h in statement.history.order_by("history_id")]
    assert recorded == [None, world.manager.pk, None]  # created, recorded, undone
    with pytest.raises(ActionError, match="not recorded as submitted"):
        undo_record(report, world.manager, "submitted")


@pytest.mark.parametrize("who", ["owner", "viewer", "outsider"])
def test_only_a_manager_of_the_authority_may_change_or_record_it(world, report, who):
    person = getattr(world, who)  # outsider: Wirral's manager
    attempts = [
        lambda: override(report, by=person, **changes(final_due=D(2027, 1, 5), reason="x")),
        lambda: record_submitted(report, person),
        lambda: record_published(report, person),
        lambda: undo_record(report, person, "published"),
    ]
    for attempt in attempts:
        with pytest.raises(NotPermitted):
            attempt()
    assert not StatementOfAction.objects.exists()


def test_deadlines_for_many_inspections_take_one_query(world, django_assert_num_queries):
    def add_inspections(count: int) -> list[int]:
        ids = []
        for n in range(count):
            inspection = Inspection.objects.create(
                authority=world.wigan,
                kind=Inspection.Kind.FOCUSED_VISIT,
                title=f"Visit {n}",
                letter_date=LETTER,
            )
            Finding.objects.create(
                inspection=inspection, kind=Finding.Kind.PRIORITY_ACTION, text="Now.", position=0
            )
            StatementOfAction.objects.create(inspection=inspection, received_on=D(2026, 9, 14))
            ids.append(inspection.pk)
        return ids

    few, many = add_inspections(1), add_inspections(12)
    with django_assert_num_queries(1):
        deadlines_by_inspection(few)
    with django_assert_num_queries(1):
        by_inspection = deadlines_by_inspection(few + many)

    assert len(by_inspection) == 13
    assert {d.draft_due for d in by_inspection.values()} == {D(2026, 10, 12)}
    assert {d.final_due for d in by_inspection.values()} == {D(2026, 12, 21)}


@pytest.mark.parametrize(
    ("due", "wording"),
    [
        (D(2026, 11, 24), "due today"),
        (D(2026, 11, 25), "due in 1 working day"),
        (D(2026, 12, 1), "due in 5 working days"),
        (D(2026, 11, 23), "overdue by 1 working day"),
        (D(2026, 11, 17), "overdue by 5 working days"),
        (D(2026, 11, 29), "due in 3 working days"),  # a Sunday a manager chose
        (D(2026, 11, 22), "overdue by 2 working days"),  # a Sunday
    ],
)
def test_working_days_left_in_words(due, wording):
    assert working_days_wording(due, D(2026, 11, 24)) == wording


def test_a_weekend_deadline_with_no_working_day_between():
    saturday, sunday = D(2026, 11, 21), D(2026, 11, 22)
    assert working_days_wording(sunday, saturday) == "due before the next working day"
    assert working_days_wording(saturday, sunday) == "overdue"
