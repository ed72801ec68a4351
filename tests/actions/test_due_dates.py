"""Due-date change requests (actions/due_dates.py): who may ask and decide, every refusal,
the timeline and history they leave, and the notices they send once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import due_dates, notifications, services
from actions.due_dates import AlreadyDecided
from actions.models import ActionItem, ActionUpdate, DueDateChange, Notification, StaffProfile
from actions.reminders.emails import build_message
from inspections.models import Membership
from tests.conftest import World, make_user

pytestmark = pytest.mark.django_db

State = DueDateChange.State
Kind = Notification.Kind


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def due(world: World) -> ActionItem:
    """The world's action, due in 30 days."""
    ActionItem.objects.filter(pk=world.action.pk).update(due_date=in_days(30))
    world.action.refresh_from_db()
    return world.action


def ask(
    world: World, to_in: int = 60, reason: str = "Waiting for the new case system"
) -> DueDateChange:
    return due_dates.request_change(
        world.action, by=world.owner, to_date=in_days(to_in), reason=reason
    )


def notes(action: ActionItem) -> list[str]:
    return list(action.updates.order_by("created_at", "id").values_list("note", flat=True))


def refusal_of(call, *args, **kwargs) -> services.ActionError:
    with pytest.raises(services.ActionError) as refused:
        call(*args, **kwargs)
    return refused.value


# Asking ---------------------------------------------------------------------------------


def test_the_owner_asks_and_the_timeline_says_from_what_to_what_and_why(world, due):
    change = ask(world)

    assert (change.state, change.from_date, change.to_date) == (
        State.PENDING,
        in_days(30),
        in_days(60),
    )
    assert notes(due) == [
        f"Asked to move the due date from {in_days(30).day} {in_days(30):%B %Y} to "
        f"{in_days(60).day} {in_days(60):%B %Y}: Waiting for the new case system"
    ]
    due.refresh_from_db()
    assert due.due_date == in_days(30)  # nothing moves until a manager decides


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("colleague", "Only the action's owner or a manager of this authority"),
        ("viewer", "Only the action's owner or a manager of this authority"),
        ("outsider", "Only the action's owner or a manager of this authority"),
    ],
)
def test_only_the_owner_or_a_manager_may_ask(world, due, who, message):
    error = refusal_of(
        due_dates.request_change, due, by=getattr(world, who), to_date=in_days(60), reason="x"
    )
    assert isinstance(error, services.NotPermitted)
    assert str(error).startswith(message)
    assert not DueDateChange.objects.exists()


def test_a_manager_may_ask_too(world, due):
    change = due_dates.request_change(due, by=world.manager, to_date=in_days(60), reason="Staff")
    assert change.requested_by == world.manager


@pytest.mark.parametrize(
    ("to_date", "reason", "field", "message"),
    [
        (None, "Staff", "to_date", "Enter the new due date"),
        (-1, "Staff", "to_date", "The new due date must be today or later"),
        (30, "Staff", "to_date", "The action is already due on that date"),
        (365 * 20, "Staff", "to_date", "Due date must be between 1 January 2000"),
        (60, "   ", "reason", "Say why the action needs a new due date"),
    ],
)
def test_a_request_is_refused_on_its_field(world, due, to_date, reason, field, message):
    day = None if to_date is None else in_days(to_date)
    error = refusal_of(due_dates.request_change, due, by=world.owner, to_date=day, reason=reason)
    assert (error.field, str(error)[: len(message)]) == (field, message)
    assert not DueDateChange.objects.exists() and not ActionUpdate.objects.exists()


def test_today_is_a_date_one_may_ask_for(world, due):
    assert ask(world, to_in=0).to_date == timezone.localdate()


def test_a_second_request_waits_for_the_first_to_be_decided(world, due):
    ask(world)
    error = refusal_of(ask, world, to_in=90)
    assert str(error) == "A request for a new due date is already waiting for a decision."
    assert DueDateChange.objects.count() == 1


@pytest.mark.parametrize("status", ["completed", "verified", "cancelled"])
def test_a_closed_action_keeps_its_due_date(world, due, status):
    ActionItem.objects.filter(pk=due.pk).update(
        status=status, completed_at=timezone.now(), verified_at=timezone.now()
    )
    error = refusal_of(ask, world)
    assert str(error) == "The action is closed: its due date can no longer change."


# Deciding -------------------------------------------------------------------------------


def test_approval_moves_the_due_date_through_the_edit_path(world, due):
    change = ask(world)
    version = due.version

    due_dates.approve(change, by=world.manager, note="Fine")

    due.refresh_from_db()
    assert (due.due_date, due.due_date_changed_on, due.version) == (
        in_days(60),
        timezone.localdate(),
        version + 1,
    )
    change.refresh_from_db()
    assert (change.state, change.decided_by, change.decision_note) == (
        State.APPROVED,
        world.manager,
        "Fine",
    )
    assert notes(due)[-1] == (
        f"Approved the new due date of {in_days(60).day} {in_days(60):%B %Y} "
        f"(it was {in_days(30).day} {in_days(30):%B %Y}): Fine"
    )
    # The history records the change of date, by the manager.
    moved = due.history.filter(due_date=in_days(60)).earliest("history_date")
    assert moved.history_user == world.manager
    assert due.history.latest("history_date").due_date == in_days(60)


def test_refusal_needs_a_note_and_keeps_the_date(world, due):
    change = ask(world)
    error = refusal_of(due_dates.refuse, change, by=world.manager, note=" ")
    assert (error.field, str(error)) == ("note", "Say why the request is refused")

    due_dates.refuse(change, by=world.manager, note="The board meets first")

    due.refresh_from_db()
    change.refresh_from_db()
    assert (due.due_date, change.state) == (in_days(30), State.REFUSED)
    assert notes(due)[-1] == (
        f"Refused the request to move the due date to {in_days(60).day} {in_days(60):%B %Y}: "
        "The board meets first"
    )


@pytest.mark.parametrize("who", ["owner", "colleague", "viewer", "outsider"])
@pytest.mark.parametrize("decide", [due_dates.approve, due_dates.refuse])
def test_only_a_manager_of_the_authority_decides(world, due, who, decide):
    change = ask(world)
    error = refusal_of(decide, change, by=getattr(world, who), note="No")
    assert isinstance(error, services.NotPermitted)
    assert str(error) == "Only a manager of this authority can decide on a new due date."
    change.refresh_from_db()
    assert change.state == State.PENDING


def test_the_second_of_two_managers_is_told_who_decided_first(world, due):
    change = ask(world)
    second = make_user("maria", world.wigan, Membership.Role.MANAGER)
    seen_by_second = DueDateChange.objects.get(pk=change.pk)  # both opened the page

    due_dates.approve(change, by=world.manager)
    error = refusal_of(due_dates.refuse, seen_by_second, by=second, note="Too late")

    assert isinstance(error, AlreadyDecided)
    assert str(error) == "This request was already approved by mandy."
    due.refresh_from_db()
    assert due.due_date == in_days(60)
    assert DueDateChange.objects.get().state == State.APPROVED


def test_a_date_asked_for_that_has_since_passed_cannot_be_approved(world, due):
    change = ask(world)
    DueDateChange.objects.filter(pk=change.pk).update(to_date=in_days(-2))
    change.refresh_from_db()
    error = refusal_of(due_dates.approve, change, by=world.manager)
    assert "has passed" in str(error)
    due.refresh_from_db()
    assert due.due_date == in_days(30)


# Withdrawing ----------------------------------------------------------------------------


def test_the_person_who_asked_may_withdraw_and_then_ask_again(world, due):
    change = ask(world)
    error = refusal_of(due_dates.withdraw, change, by=world.manager)
    assert str(error) == "Only the person who asked can withdraw the request."

    due_dates.withdraw(change, by=world.owner)

    change.refresh_from_db()
    assert change.state == State.WITHDRAWN
    assert notes(due)[-1].startswith("Withdrew the request to move the due date to ")
    error = refusal_of(due_dates.approve, change, by=world.manager)
    assert str(error) == "This request was already withdrawn by owen."
    assert ask(world, to_in=45).state == State.PENDING


# Notices --------------------------------------------------------------------------------


def test_a_request_tells_the_authoritys_managers_once_but_not_the_one_who_asked(world, due):
    other = make_user("maria", world.wigan, Membership.Role.MANAGER)
    unwilling = make_user("mick", world.wigan, Membership.Role.MANAGER)
    StaffProfile.objects.create(user=unwilling, email_due_date_changes=False)

    change = ask(world)

    notices = Notification.objects.filter(kind=Kind.DUE_DATE_REQUESTED)
    assert {n.recipient for n in notices} == {world.manager, other}
    assert {n.key for n in notices} == {
        f"due_date_requested:{change.pk}:{world.manager.pk}",
        f"due_date_requested:{change.pk}:{other.pk}",
    }
    due_dates.withdraw(change, by=world.owner)
    due_dates.request_change(due, by=world.manager, to_date=in_days(50), reason="Staff")
    told = Notification.objects.filter(kind=Kind.DUE_DATE_REQUESTED).exclude(
        key__startswith=f"due_date_requested:{change.pk}:"
    )
    assert [n.recipient for n in told] == [other]


def test_the_decision_tells_the_person_who_asked_and_the_email_says_what_was_decided(
    world, due, settings, mailoutbox
):
    settings.SITE_URL = "https://tracker.example.gov.uk"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    change = ask(world)
    due_dates.refuse(change, by=world.manager, note="The board meets first")

    (notice,) = Notification.objects.filter(kind=Kind.DUE_DATE_DECIDED)
    assert (notice.recipient, notice.subject) == (
        world.owner,
        "New due date refused: Improve audits",
    )
    message = build_message([notice])
    assert "mandy has refused your request to move the due date of this action to" in message.body
    assert f"It is still due on {in_days(30).day} {in_days(30):%B %Y}." in message.body
    assert "mandy wrote: The board meets first" in message.body
    assert "https://tracker.example.gov.uk" + reverse("workspace:action", args=[due.pk]) in (
        message.body
    )

    (requested,) = Notification.objects.filter(kind=Kind.DUE_DATE_REQUESTED)
    body = build_message([requested]).body
    assert "owen has asked to move the due date of this action from" in body
    assert "Their reason: Waiting for the new case system" in body


def test_each_notice_is_sent_once_even_when_delivered_twice(world, due, settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    change = ask(world)
    due_dates.approve(change, by=world.manager)
    ids = list(Notification.objects.order_by("pk").values_list("pk", flat=True))

    for pk in [*ids, *ids]:
        notifications.deliver(pk)

    assert len(mailoutbox) == 2  # the manager's, then the owner's
    assert {m.to[0] for m in mailoutbox} == {world.manager.email, world.owner.email}
    assert [m.subject for m in mailoutbox] == [
        "New due date asked for: Improve audits",
        "New due date approved: Improve audits",
    ]
    assert "It is now due on" in mailoutbox[1].body
