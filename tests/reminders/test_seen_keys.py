"""What a notice remembers of the actions it covered ("seen" keys), so that the next
sweep tells what is new: one packed integer an action, not a word, and the sweep keeps
no more than that per action (issue 13: the sweep's memory grew with the actions)."""

from __future__ import annotations

import datetime
import gc
import tracemalloc

from actions import reminders
from actions.models import ActionItem, Notification
from actions.reminders.managers import active_managers, plan_escalations
from actions.reminders.notices import LISTED_PER_SECTION, ActionSection, Policies
from actions.reminders.seen import action_key, seen_before, unpack
from tests.reminders.conftest import TODAY, add_action, days, notices

Kind = Notification.Kind


def overdue_actions(world, count: int, days_overdue: int = 20) -> list[ActionItem]:
    return ActionItem.objects.bulk_create(
        ActionItem(
            finding=world.finding,
            title=f"Overdue {n}",
            owner=world.owner,
            due_date=days(-days_overdue),
        )
        for n in range(count)
    )


def sent_on(day: datetime.date) -> None:
    reminders.sweep(day)
    Notification.objects.update(
        state=Notification.State.SENT, sent_at=datetime.datetime.now(datetime.UTC)
    )


def test_an_escalation_keeps_each_action_as_a_packed_key_not_a_word(world):
    actions = overdue_actions(world, 300)

    reminders.sweep(TODAY)

    (escalation,) = notices(Kind.ESCALATION)
    assert not [word for word in escalation.payload["seen"] if word.startswith("a")]
    keys = unpack(escalation.payload["seen_actions"])
    assert keys == {action_key(a.pk, "escalated", a.due_date) for a in actions if a.due_date}
    assert all(a.due_date for a in actions)
    assert len(escalation.payload["seen_actions"]) < 8 * len(actions)
    (section,) = escalation.payload["sections"]
    assert (section["count"], len(section["items"])) == (300, LISTED_PER_SECTION)


def test_actions_beyond_those_listed_are_remembered_so_none_is_escalated_twice(world):
    overdue_actions(world, LISTED_PER_SECTION + 5)
    sent_on(days(-1))

    reminders.sweep(TODAY)
    assert notices(Kind.ESCALATION, day=TODAY) == []  # nothing new to the manager

    # One more becomes badly overdue (the threshold is 14 days).
    add_action(world, world.owner, -15)
    reminders.sweep(days(1))
    (escalation,) = notices(Kind.ESCALATION, day=days(1))
    assert escalation.reason == "1 new since the last e-mail."


def test_a_notice_recorded_with_its_actions_as_words_still_counts_them_as_seen(world):
    action = add_action(world, world.owner, -3)
    sent_on(days(-1))
    # As notices were recorded before the keys were packed.
    Notification.objects.update(
        payload={"sections": [], "seen": [f"a{action.pk}:overdue:{action.due_date}"]}
    )

    reminders.sweep(TODAY)

    assert notices(Kind.DIGEST, day=TODAY) == []
    assert action.due_date is not None
    words, keys = seen_before(["f7", f"a{action.pk}:overdue:{action.due_date}"], None)
    assert (words, keys) == ({"f7"}, {action_key(action.pk, "overdue", action.due_date)})


def test_a_section_keeps_what_it_lists_and_eight_bytes_an_action_whatever_their_number():
    section = ActionSection("escalated", "Overdue actions")
    for n in range(1000):
        section.add(n, TODAY)
    manager = ActionSection("escalated", "Overdue actions")
    manager.merge(section)

    assert (len(manager), len(manager.listed)) == (1000, LISTED_PER_SECTION)
    (keys,) = [part for part in manager.action_keys() if part]
    assert keys is next(section.action_keys())  # shared with the authority's, not copied
    assert keys.itemsize * len(keys) == 8000


def test_the_memory_an_escalation_sweep_holds_barely_grows_with_the_overdue_actions(world):
    """An authority's actions are read through a cursor and kept as 8-byte keys, shared by
    its managers, and packed into a few bytes each: the peak grows by a few dozen bytes an
    action at most (about 2 on SQLite, under 60 on PostgreSQL, whose driver's buffers
    count too), where a tuple, a date and a word each took about 480 before."""

    def peak_bytes() -> int:
        Notification.objects.all().delete()
        managers, policies = active_managers(), Policies.load()
        gc.collect()  # no garbage of the last measure's counted in this one
        tracemalloc.start()
        try:
            plan_escalations(managers, TODAY, policies)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    overdue_actions(world, 2500)
    fewer = peak_bytes()
    overdue_actions(world, 2500)
    more = peak_bytes()

    assert more - fewer < 2500 * 120, (fewer, more)  # it was 476 bytes an action
