"""A digest or escalation keeps the actions it lists as ids and due dates; their words
(title, authority, inspection, owner, how the due date reads on the notice's day) are
read when the notice is sent or shown, for a whole batch of notices at once."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import notifications, reminders
from actions.models import ActionItem, Notification
from actions.reminders.items import describe_items, listed_action
from inspections.models import Membership
from tests.conftest import make_user
from tests.reminders.conftest import TODAY, add_action, days, notices

Kind = Notification.Kind
State = Notification.State


def listed(notice: Notification) -> list[dict]:
    return [item for section in notice.payload["sections"] for item in section["items"]]


def test_a_digest_keeps_only_ids_and_due_dates_of_what_it_lists(world):
    late = add_action(world, world.owner, -3, "Late audit")
    reminders.sweep(TODAY)

    (digest,) = notices(Kind.DIGEST)
    assert listed(digest) == [{"id": late.pk, "due": days(-3).isoformat()}]
    assert "Late audit" not in str(digest.payload)


def test_the_email_says_what_the_action_is_called_when_it_goes(world, mailoutbox):
    late = add_action(world, world.owner, -3, "Late audit")
    reminders.sweep(TODAY)
    ActionItem.objects.filter(pk=late.pk).update(title="Audit of case files")

    notifications.deliver_all()

    (message,) = mailoutbox
    assert "Audit of case files" in message.body and "Late audit" not in message.body
    # Relative to the notice's day, not to the day it goes.
    assert "3 days overdue (due 21 November 2026)" in message.body


def test_an_escalation_names_the_inspection_and_the_owner_when_it_goes(world, mailoutbox):
    add_action(world, world.owner, -40, "Badly late audit")
    reminders.sweep(TODAY)

    (escalation,) = notices(Kind.ESCALATION)
    notifications.deliver(escalation.pk)

    (message,) = mailoutbox
    assert "Wigan, Focused visit: 40 days overdue (due 15 October 2026); owner" in message.body
    assert f"owner {world.owner.get_full_name() or world.owner.username}" in message.body


def test_an_action_deleted_after_the_sweep_is_left_out_of_the_email(world, mailoutbox):
    gone = add_action(world, world.owner, -3, "Deleted since")
    add_action(world, world.owner, -2, "Still here")
    reminders.sweep(TODAY)
    gone.delete()

    notifications.deliver_all()

    (message,) = mailoutbox
    assert "Still here" in message.body and "Deleted since" not in message.body
    assert "OVERDUE (2)" in message.body  # how many there were on the day


def test_a_notice_recorded_with_its_words_still_sends_and_shows(client, world, mailoutbox):
    """Notices queued before the words were read at sending time keep them in their
    items: they go and show as they were recorded."""
    old = Notification.objects.create(
        recipient=world.owner,
        kind=Kind.DIGEST,
        key=f"digest:{world.owner.pk}:{TODAY.isoformat()}",
        day=TODAY,
        subject="Your inspection actions: 1 overdue",
        payload={
            "sections": [
                {
                    "name": "overdue",
                    "heading": "Overdue",
                    "count": 1,
                    "items": [
                        {
                            "id": world.action.pk,
                            "title": "Words as recorded",
                            "authority": "Wigan",
                            "due": days(-3).isoformat(),
                            "when": "3 days overdue (due 21 November 2026)",
                            "owner": "",
                        }
                    ],
                }
            ],
            "seen": [f"a{world.action.pk}:overdue:{days(-3).isoformat()}"],
        },
    )

    notifications.deliver(old.pk)

    (message,) = mailoutbox
    assert "Words as recorded" in message.body and "Improve audits" not in message.body
    client.force_login(world.owner)
    page = client.get(reverse("workspace:notifications")).content.decode()
    assert "Words as recorded" in page


@pytest.mark.parametrize("rows", [2, 12])
def test_my_notifications_read_the_words_of_a_page_of_notices_with_one_query(
    client, world, rows, django_assert_max_num_queries
):
    for n in range(rows):
        action = add_action(world, world.owner, -3, f"Audit {n}")
        Notification.objects.create(
            recipient=world.owner,
            kind=Kind.DIGEST,
            key=f"digest:{world.owner.pk}:{n}",
            day=days(-n),
            subject=f"Digest {n}",
            state=State.SENT,
            sent_at=timezone.now(),
            payload={
                "sections": [
                    {
                        "name": "overdue",
                        "heading": "Overdue",
                        "count": 1,
                        "items": [listed_action(action.pk, days(-3))],
                    }
                ]
            },
        )
    client.force_login(world.owner)

    with django_assert_max_num_queries(7):
        page = client.get(reverse("workspace:notifications")).content.decode()

    assert all(f">Audit {n}</a>, " in page for n in range(rows))
    assert "Audit 0</a>, 3 days overdue" in page and "Audit 1</a>, 2 days overdue" in page


def test_describing_a_batch_of_notices_costs_one_query(world, django_assert_num_queries):
    for n in range(5):
        owner = make_user(f"owner{n}", world.wigan, Membership.Role.OWNER)
        add_action(world, owner, -3, f"Audit {n}")
    reminders.sweep(TODAY)
    digests = notices(Kind.DIGEST)

    with django_assert_num_queries(1):
        describe_items(digests)

    assert sorted(item["title"] for d in digests for item in listed(d)) == [
        f"Audit {n}" for n in range(5)
    ]
    with django_assert_num_queries(0):  # described already: nothing left to read
        describe_items(digests)
