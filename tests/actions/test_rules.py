"""Each rule with a SQL and a Python form gives the same answer in both, over a table of
cases: overdue, RAG, progress counts and a person's display name."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from actions.display import person_name, person_name_expression
from actions.models import ActionItem, Rag, Status
from actions.progress import progress_by_inspection, progress_of

TODAY = datetime.date(2026, 2, 5)


def day(offset: int | None) -> datetime.date | None:
    return None if offset is None else TODAY + datetime.timedelta(days=offset)


def make_action(finding, status: Status, due: int | None, owner=None) -> ActionItem:
    done = status in (Status.COMPLETED, Status.VERIFIED)
    return ActionItem.objects.create(
        finding=finding,
        owner=owner,
        title=f"{status} due {due}",
        status=status,
        due_date=day(due),
        completed_at=timezone.now() if done else None,
        verified_at=timezone.now() if status == Status.VERIFIED else None,
    )


# (status, due date in days from today or None) -> (overdue, RAG rating), for an owned action
CASES = [
    ((Status.NOT_STARTED, None), (False, Rag.NOT_SCHEDULED)),
    ((Status.NOT_STARTED, -1), (True, Rag.RED)),
    ((Status.NOT_STARTED, 0), (False, Rag.AMBER)),
    ((Status.NOT_STARTED, 14), (False, Rag.AMBER)),
    ((Status.NOT_STARTED, 15), (False, Rag.GREEN)),
    ((Status.IN_PROGRESS, -30), (True, Rag.RED)),
    ((Status.IN_PROGRESS, 1), (False, Rag.AMBER)),
    ((Status.IN_PROGRESS, 60), (False, Rag.GREEN)),
    ((Status.BLOCKED, None), (False, Rag.NOT_SCHEDULED)),
    ((Status.BLOCKED, 60), (False, Rag.AMBER)),
    ((Status.BLOCKED, -2), (True, Rag.RED)),
    ((Status.COMPLETED, -5), (False, None)),
    ((Status.VERIFIED, -5), (False, None)),
    ((Status.CANCELLED, -5), (False, None)),
    ((Status.CANCELLED, 5), (False, None)),
]


@pytest.mark.parametrize(("case", "expected"), CASES, ids=[f"{s}-{d}" for (s, d), _ in CASES])
def test_overdue_and_rag_agree_in_sql_and_python(world, case, expected):
    status, due = case
    action = make_action(world.finding, status, due, owner=world.owner)
    overdue, rag = expected

    assert action.is_overdue(TODAY) is overdue
    assert ActionItem.objects.overdue(TODAY).filter(pk=action.pk).exists() is overdue
    assert action.rag(TODAY) == rag
    annotated = ActionItem.objects.with_rag(TODAY).get(pk=action.pk)
    assert annotated.rag_status == (rag or "")


# An action nobody owns is not scheduled while open, whatever its due date says.
UNOWNED_CASES = [
    ((Status.NOT_STARTED, 60), (False, Rag.NOT_SCHEDULED)),
    ((Status.IN_PROGRESS, 1), (False, Rag.NOT_SCHEDULED)),
    ((Status.BLOCKED, 60), (False, Rag.NOT_SCHEDULED)),
    ((Status.NOT_STARTED, -3), (True, Rag.NOT_SCHEDULED)),
    ((Status.COMPLETED, 5), (False, None)),
]


@pytest.mark.parametrize(
    ("case", "expected"), UNOWNED_CASES, ids=[f"{s}-{d}" for (s, d), _ in UNOWNED_CASES]
)
def test_an_unowned_action_is_not_scheduled_in_sql_and_python(world, case, expected):
    status, due = case
    action = make_action(world.finding, status, due)
    overdue, rag = expected

    assert action.is_unscheduled() is (rag == Rag.NOT_SCHEDULED)
    assert action.is_overdue(TODAY) is overdue
    assert action.rag(TODAY) == rag
    assert ActionItem.objects.with_rag(TODAY).get(pk=action.pk).rag_status == (rag or "")


def test_progress_counts_agree_in_sql_and_python(world):
    world.action.delete()
    for (status, due), _ in CASES:
        make_action(world.finding, status, due)
    actions = list(ActionItem.objects.all())

    in_python = progress_of(actions, TODAY)
    in_sql = progress_by_inspection([world.inspection.pk], TODAY)[world.inspection.pk]

    assert in_sql == in_python
    # Cancelled ones do not count; completed and verified are done; three are overdue.
    assert (in_python.total, in_python.completed, in_python.overdue) == (13, 2, 3)
    assert in_python.open == 11


# (first name, last name, username) -> the name shown
NAMES = [
    (("Owen", "Jones", "owen"), "Owen Jones"),
    (("Owen", "", "owen2"), "Owen"),
    (("", "Jones", "jones"), "Jones"),
    (("", "", "vera"), "vera"),
    (("  ", "", "spaces"), "spaces"),
]


@pytest.mark.parametrize(("parts", "expected"), NAMES, ids=[p[2] for p, _ in NAMES])
def test_a_persons_name_agrees_in_sql_and_python(db, parts, expected):
    first, last, username = parts
    user = get_user_model().objects.create_user(username, first_name=first, last_name=last)

    in_sql = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values_list(person_name_expression(""), flat=True)
        .get()
    )

    assert person_name(user) == expected
    assert in_sql == expected
