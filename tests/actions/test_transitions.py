"""The action status lifecycle: every allowed step, every refused one, and who may take it."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from actions.models import ActionItem, ActionUpdate, Status
from actions.services import (
    ActionError,
    NotPermitted,
    StaleAction,
    TransitionNotAllowed,
    allowed_targets,
    change_status,
)

# Written out by hand from the design, so the service is checked against it rather than itself.
ALLOWED = {
    (Status.NOT_STARTED, Status.IN_PROGRESS),
    (Status.NOT_STARTED, Status.CANCELLED),
    (Status.IN_PROGRESS, Status.BLOCKED),
    (Status.IN_PROGRESS, Status.COMPLETED),
    (Status.IN_PROGRESS, Status.CANCELLED),
    (Status.BLOCKED, Status.IN_PROGRESS),
    (Status.BLOCKED, Status.CANCELLED),
    (Status.COMPLETED, Status.VERIFIED),
    (Status.COMPLETED, Status.IN_PROGRESS),
    (Status.COMPLETED, Status.CANCELLED),
    (Status.VERIFIED, Status.IN_PROGRESS),
    (Status.CANCELLED, Status.IN_PROGRESS),
}
ALL_PAIRS = [(a, b) for a, b in itertools.permutations(Status.values, 2)]


def put_in(action: ActionItem, status: str, completed_by=None) -> ActionItem:
    """Place an action directly in a status, as if it had got there through the lifecycle."""
    now = timezone.now()
    done = status in (Status.COMPLETED, Status.VERIFIED)
    ActionItem.objects.filter(pk=action.pk).update(
        status=status,
        completed_at=now if done else None,
        completed_by=completed_by if done else None,
        verified_at=now if status == Status.VERIFIED else None,
    )
    action.refresh_from_db()
    return action


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_a_manager_can_take_each_allowed_step(world, source, target):
    action = put_in(world.action, source, completed_by=world.owner)
    version = action.version

    update = change_status(action=action, to_status=target, by=world.manager, note="Because.")

    action.refresh_from_db()
    assert action.status == target
    assert action.version == version + 1
    assert (update.from_status, update.to_status, update.author) == (source, target, world.manager)
    assert update.note == "Because."


@pytest.mark.parametrize(("source", "target"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_each_other_step_is_refused_and_changes_nothing(world, source, target):
    action = put_in(world.action, source, completed_by=world.owner)

    with pytest.raises(TransitionNotAllowed, match="cannot be moved to"):
        change_status(action=action, to_status=target, by=world.manager, note="Because.")

    action.refresh_from_db()
    assert action.status == source
    assert not ActionUpdate.objects.exists()


def test_completing_records_who_and_when_and_reopening_clears_it(world):
    action = put_in(world.action, Status.IN_PROGRESS)
    change_status(
        action=action, to_status=Status.COMPLETED, by=world.owner, note="Done, see audit."
    )
    action.refresh_from_db()
    assert action.completed_by == world.owner and action.completed_at is not None

    change_status(action=action, to_status=Status.VERIFIED, by=world.manager)
    action.refresh_from_db()
    assert action.verified_by == world.manager and action.verified_at is not None

    change_status(
        action=action, to_status=Status.IN_PROGRESS, by=world.manager, note="Audit failed"
    )
    action.refresh_from_db()
    # refresh_from_db reloaded the fields the assertions above narrowed to "not None".
    assert (action.completed_at, action.verified_at, action.verified_by) == (None, None, None)  # type: ignore[comparison-overlap]


def test_the_owner_works_their_own_action_through_to_completed(world):
    action = world.action
    for target in (Status.IN_PROGRESS, Status.BLOCKED, Status.IN_PROGRESS, Status.COMPLETED):
        change_status(action=action, to_status=target, by=world.owner, note="Progress.")
    action.refresh_from_db()
    assert action.status == Status.COMPLETED
    assert action.updates.count() == 4


def test_an_owner_cannot_verify_their_own_action(world):
    action = put_in(world.action, Status.COMPLETED, completed_by=world.owner)
    with pytest.raises(NotPermitted):
        change_status(action=action, to_status=Status.VERIFIED, by=world.owner)
    action.refresh_from_db()
    assert action.status == Status.COMPLETED


def test_a_manager_cannot_verify_what_they_completed_themselves(world):
    action = put_in(world.action, Status.COMPLETED, completed_by=world.manager)
    with pytest.raises(NotPermitted, match="Someone other than"):
        change_status(action=action, to_status=Status.VERIFIED, by=world.manager)


@pytest.mark.parametrize("who", ["colleague", "viewer", "outsider"])
def test_people_without_the_right_cannot_start_someone_elses_action(world, who):
    with pytest.raises(NotPermitted):
        change_status(action=world.action, to_status=Status.IN_PROGRESS, by=getattr(world, who))
    world.action.refresh_from_db()
    assert world.action.status == Status.NOT_STARTED


@pytest.mark.parametrize("target", [Status.CANCELLED])
def test_an_owner_cannot_cancel(world, target):
    with pytest.raises(NotPermitted, match="Only a manager"):
        change_status(
            action=world.action, to_status=target, by=world.owner, note="No longer needed"
        )


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (Status.IN_PROGRESS, Status.BLOCKED),
        (Status.IN_PROGRESS, Status.COMPLETED),
        (Status.COMPLETED, Status.IN_PROGRESS),
        (Status.NOT_STARTED, Status.CANCELLED),
    ],
)
def test_steps_that_need_a_reason_refuse_a_blank_note(world, source, target):
    action = put_in(world.action, source, completed_by=world.owner)
    with pytest.raises(ActionError, match="needs a reason"):
        change_status(action=action, to_status=target, by=world.manager, note="   ")
    action.refresh_from_db()
    assert action.status == source


def test_a_stale_version_is_refused_with_the_current_action(world):
    action = world.action
    change_status(action=action, to_status=Status.IN_PROGRESS, by=world.owner)
    stale_copy = ActionItem.objects.get(pk=action.pk)
    change_status(action=action, to_status=Status.BLOCKED, by=world.owner, note="Waiting on police")

    with pytest.raises(StaleAction) as refused:
        change_status(
            action=stale_copy,
            to_status=Status.COMPLETED,
            by=world.owner,
            note="Done",
            expected_version=stale_copy.version,
        )
    assert refused.value.current.status == Status.BLOCKED
    action.refresh_from_db()
    assert action.status == Status.BLOCKED


def test_allowed_targets_depend_on_the_person(world):
    action = put_in(world.action, Status.COMPLETED, completed_by=world.owner)
    assert allowed_targets(action, world.owner) == []
    assert set(allowed_targets(action, world.manager)) == {
        Status.VERIFIED,
        Status.IN_PROGRESS,
        Status.CANCELLED,
    }
