"""The sweep works out from the database who needs which e-mail today, and records each
as one pending notice per person, kind and day."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from actions import reminders
from actions.models import ActionItem, Notification, ReminderPolicy, StaffProfile, Status
from actions.reminders.items import describe_items
from actions.reminders.managers import SUMMARY_NUMBERS
from actions.services import change_status
from inspections.models import Finding, Membership
from tests.conftest import make_user
from tests.reminders.conftest import TODAY, add_action, days, notices

Kind = Notification.Kind


def sections(notification: Notification) -> dict[str, list[str]]:
    describe_items([notification])
    return {
        s["name"]: [item["title"] for item in s["items"]] for s in notification.payload["sections"]
    }


def owners_digest(person) -> Notification:
    (digest,) = notices(Kind.DIGEST, recipient=person)
    return digest


def test_an_owner_gets_one_digest_listing_overdue_due_tomorrow_and_due_within_a_week(world):
    add_action(world, world.owner, -3, "Late")
    add_action(world, world.owner, 1, "Tomorrow")
    add_action(world, world.owner, 6, "Next week")
    add_action(world, world.owner, 8, "Not yet")
    add_action(world, world.owner, None, "Undated")

    reminders.sweep(TODAY)

    digest = owners_digest(world.owner)
    assert sections(digest) == {
        "overdue": ["Late"],
        "final": ["Tomorrow"],
        "first": ["Next week"],
    }
    assert digest.state == Notification.State.PENDING
    assert digest.day == TODAY
    assert digest.key == f"digest:{world.owner.pk}:2026-11-24"
    assert digest.subject == "Your inspection actions: 1 overdue and 2 due soon"


def test_closed_actions_and_people_with_nothing_due_get_nothing(world):
    done = add_action(world, world.owner, -2, "Done")
    change_status(action=done, to_status=Status.IN_PROGRESS, by=world.owner)
    change_status(action=done, to_status=Status.COMPLETED, by=world.owner, note="Done.")
    add_action(world, world.colleague, 30, "Far off")

    reminders.sweep(TODAY)

    assert notices(Kind.DIGEST) == []


def test_a_rerun_the_same_day_records_nothing_more(world):
    add_action(world, world.owner, -3)
    reminders.sweep(TODAY)
    reminders.sweep(TODAY)
    Notification.objects.update(
        state=Notification.State.SENT, sent_at=datetime.datetime.now(datetime.UTC)
    )
    reminders.sweep(TODAY)

    assert len(notices(Kind.DIGEST)) == 1


def test_the_database_refuses_a_second_digest_for_the_same_person_and_day(world):
    add_action(world, world.owner, -3)
    reminders.sweep(TODAY)

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=world.owner, kind=Kind.DIGEST, day=TODAY, key="another key"
        )


def sent_yesterday(world) -> None:
    reminders.sweep(days(-1))
    Notification.objects.update(
        state=Notification.State.SENT, sent_at=datetime.datetime.now(datetime.UTC)
    )


def test_nothing_new_since_yesterdays_digest_means_no_digest_today(world):
    add_action(world, world.owner, -3)
    add_action(world, world.owner, 5)
    sent_yesterday(world)

    reminders.sweep(TODAY)

    assert notices(Kind.DIGEST, day=TODAY) == []


def test_an_action_reaching_a_lead_time_or_its_due_date_makes_the_digest_new(world):
    add_action(world, world.owner, 5, "Within a week since yesterday")
    tomorrow = add_action(world, world.owner, 1, "Now due tomorrow")
    sent_yesterday(world)  # "Now due tomorrow" was then due in 2 days: the first section
    add_action(world, world.owner, 0, "Due today")

    reminders.sweep(TODAY)

    (digest,) = notices(Kind.DIGEST, day=TODAY)
    assert sections(digest)["final"] == ["Due today", "Now due tomorrow"]
    assert digest.reason == "2 new since the last e-mail."
    assert tomorrow.pk in [i["id"] for s in digest.payload["sections"] for i in s["items"]]


def test_a_new_due_date_makes_an_action_new_again(world):
    action = add_action(world, world.owner, 3)
    sent_yesterday(world)
    action.due_date = days(2)
    action.save()

    reminders.sweep(TODAY)

    assert len(notices(Kind.DIGEST, day=TODAY)) == 1


def test_with_nothing_new_a_reminder_still_comes_once_a_week(world):
    add_action(world, world.owner, -30)
    reminders.sweep(days(-7))
    Notification.objects.update(
        state=Notification.State.SENT, sent_at=datetime.datetime.now(datetime.UTC)
    )

    for day in range(-6, 0):
        reminders.sweep(days(day))
    reminders.sweep(TODAY)

    assert [n.day for n in notices(Kind.DIGEST)] == [days(-7), TODAY]


def test_after_days_without_sending_only_todays_digest_goes(world):
    """Mail was down for three days: the digests of those days are out of date, and only
    today's (which lists what is true now) is left to send."""
    add_action(world, world.owner, -3)
    for day in (-3, -2, -1):
        reminders.sweep(days(day))

    result = reminders.sweep(TODAY)

    states = {n.day: n.state for n in notices(Kind.DIGEST)}
    assert states == {
        days(-3): Notification.State.SUPERSEDED,
        days(-2): Notification.State.SUPERSEDED,
        days(-1): Notification.State.SUPERSEDED,
        TODAY: Notification.State.PENDING,
    }
    assert result.superseded == 1  # the others went on the days after them


def test_after_days_without_any_sweep_the_next_records_todays_state_once(world):
    add_action(world, world.owner, -10)  # became overdue during the outage
    add_action(world, world.owner, 2)

    reminders.sweep(TODAY)

    assert [n.day for n in notices()] == [TODAY]


def test_people_can_turn_off_reminders_before_or_after_the_due_date(world):
    add_action(world, world.owner, -3, "Late")
    add_action(world, world.owner, 2, "Soon")
    add_action(world, world.colleague, -3, "Colin's late")
    StaffProfile.objects.create(user=world.owner, email_due_soon=False)
    StaffProfile.objects.create(user=world.colleague, email_overdue=False)

    reminders.sweep(TODAY)

    assert sections(owners_digest(world.owner)) == {"overdue": ["Late"]}
    assert notices(Kind.DIGEST, recipient=world.colleague) == []


def test_an_authoritys_policy_sets_its_lead_times(world):
    ReminderPolicy.objects.create(
        authority=world.wigan, first_reminder_days=14, final_reminder_days=3
    )
    add_action(world, world.owner, 13, "Two weeks")
    add_action(world, world.owner, 3, "Three days")
    add_action(world, world.owner, 15, "Too far")

    reminders.sweep(TODAY)

    assert sections(owners_digest(world.owner)) == {
        "final": ["Three days"],
        "first": ["Two weeks"],
    }


def test_someone_no_longer_an_owner_at_the_authority_is_not_reminded(world):
    add_action(world, world.owner, -3)
    Membership.objects.filter(user=world.owner).update(role=Membership.Role.VIEWER)
    inactive = make_user("ivan", world.wigan, Membership.Role.OWNER)
    add_action(world, inactive, -3)
    inactive.is_active = False
    inactive.save()

    reminders.sweep(TODAY)

    assert notices(Kind.DIGEST) == []


def test_managers_get_one_escalation_for_badly_overdue_actions_and_unowned_findings(world):
    add_action(world, world.owner, -15, "Badly overdue")
    add_action(world, world.owner, -14, "Overdue, not yet escalated")
    add_action(world, None, 5, "Unowned action")  # the world's finding has an owned action
    orphan = Finding.objects.create(
        inspection=world.inspection,
        kind=Finding.Kind.RECOMMENDATION,
        text="No one on it.",
        position=1,
    )
    ActionItem.objects.create(finding=orphan, title="Draft")
    Finding.objects.create(
        inspection=world.inspection, kind=Finding.Kind.STRENGTH, text="Not actionable.", position=2
    )

    reminders.sweep(TODAY)

    (escalation,) = notices(Kind.ESCALATION)
    assert escalation.recipient == world.manager
    assert sections(escalation) == {"escalated": ["Badly overdue"], "unowned": ["No one on it."]}
    assert escalation.subject == ("Escalation: 1 action badly overdue and 1 finding with no owner")
    assert notices(Kind.ESCALATION, recipient=world.outsider) == []  # Wirral's manager


def test_a_finding_whose_actions_were_all_cancelled_is_not_escalated(world):
    cancelled = Finding.objects.create(
        inspection=world.inspection, kind=Finding.Kind.RECOMMENDATION, text="Dropped.", position=1
    )
    action = ActionItem.objects.create(finding=cancelled, title="Dropped")
    change_status(action=action, to_status=Status.CANCELLED, by=world.manager, note="Merged.")

    reminders.sweep(TODAY)

    assert notices(Kind.ESCALATION) == []


def test_the_escalation_threshold_is_the_authoritys(world):
    ReminderPolicy.objects.create(authority=world.wigan, escalate_after_days=3)
    add_action(world, world.owner, -4, "Four days late")

    reminders.sweep(TODAY)

    assert sections(notices(Kind.ESCALATION)[0]) == {"escalated": ["Four days late"]}


def test_escalations_cannot_be_turned_off(world):
    StaffProfile.objects.create(
        user=world.manager,
        email_assigned=False,
        email_due_soon=False,
        email_overdue=False,
        email_weekly_summary=False,
    )
    add_action(world, world.owner, -20)

    reminders.sweep(TODAY)

    assert len(notices(Kind.ESCALATION, recipient=world.manager)) == 1


def test_weekly_summaries_give_each_managers_authorities_numbers(world):
    add_action(world, world.owner, -2)
    add_action(world, world.owner, 10, status=Status.BLOCKED)
    StaffProfile.objects.create(user=world.outsider, email_weekly_summary=False)

    monday = days(6)
    reminders.plan_weekly_summaries(monday)
    reminders.plan_weekly_summaries(monday)

    (summary,) = notices(Kind.WEEKLY_SUMMARY)
    assert summary.recipient == world.manager
    (wigan,) = summary.payload["authorities"]
    assert wigan["authority"] == "Wigan"
    assert {name: wigan[name] for name in (*SUMMARY_NUMBERS, "unowned")} == {
        "open": 3,
        "overdue": 1,
        "blocked": 1,
        "not_scheduled": 1,  # the world's action has no due date
        "awaiting_verification": 0,
        "completed_this_week": 0,
        "unowned": 0,
    }


def test_the_sweep_reads_in_batches_with_queries_that_do_not_grow_with_actions(
    world, django_assert_max_num_queries
):
    """Three batches of owners, each with many actions: the same number of queries as
    for a single action each."""
    owners = [make_user(f"owner{n}", world.wigan, Membership.Role.OWNER) for n in range(6)]
    for owner in owners:
        for due_in in range(-3, 4):
            add_action(world, owner, due_in)

    # policies, owners, supersede; 5 per batch of owners; managers; 8 per batch of managers
    with django_assert_max_num_queries(3 + 3 * 5 + 1 + 8):
        result = reminders.sweep(TODAY, batch_size=2)

    assert result.digests == 6
    assert len(notices(Kind.DIGEST)) == 6
