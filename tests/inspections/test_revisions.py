"""The authorities' revision numbers: every kind of write changes the stamp of the
authority it belongs to, and only that authority's, whoever writes it and however."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from actions.models import ActionItem, ActionUpdate, DueDateChange
from inspections.data import load_local_authorities
from inspections.models import (
    Finding,
    FindingTheme,
    Inspection,
    Judgement,
    LocalAuthority,
    Membership,
    StatementOfAction,
    Theme,
)
from inspections.revisions import (
    expected_triggers,
    install_triggers,
    installed_triggers,
    revision_numbers,
)

pytestmark = pytest.mark.django_db


def stamp(authority_ids):
    return revision_numbers(authority_ids)


def changes(world, write: Callable[[], object]) -> tuple[bool, bool]:
    """Whether `write` changed Wigan's stamp, and Wirral's."""
    before = stamp([world.wigan.pk]), stamp([world.wirral.pk])
    write()
    after = stamp([world.wigan.pk]), stamp([world.wirral.pk])
    return before[0] != after[0], before[1] != after[1]


def test_every_tracked_table_has_its_triggers_after_migrate():
    assert installed_triggers() == expected_triggers()
    assert len(expected_triggers()) >= 10


def test_installing_again_changes_nothing(world):
    install_triggers()
    install_triggers()
    assert installed_triggers() == expected_triggers()
    assert changes(world, lambda: ActionItem.objects.filter(pk=world.action.pk).update(title="x"))


def test_writes_to_actions_change_their_authority_only(world):
    action = world.action
    assert changes(
        world, lambda: ActionItem.objects.create(finding=world.finding, title="New")
    ) == (
        True,
        False,
    )
    assert changes(
        world, lambda: ActionItem.objects.filter(pk=action.pk).update(priority="high")
    ) == (
        True,
        False,
    )
    assert changes(world, lambda: ActionUpdate.objects.create(action=action, note="A note")) == (
        True,
        False,
    )
    assert changes(
        world,
        lambda: DueDateChange.objects.create(
            action=action, to_date=datetime.date(2030, 1, 1), reason="Later"
        ),
    ) == (True, False)
    assert changes(world, lambda: ActionItem.objects.filter(pk=action.pk).delete()) == (True, False)


def test_writes_to_inspections_and_their_rows_change_their_authority_only(world):
    inspection, finding = world.inspection, world.finding
    assert changes(
        world, lambda: Inspection.objects.filter(pk=inspection.pk).update(title="T")
    ) == (
        True,
        False,
    )
    assert changes(
        world,
        lambda: Finding.objects.create(
            inspection=inspection, kind="strength", text="Good", position=1
        ),
    ) == (True, False)
    assert changes(world, lambda: Finding.objects.filter(pk=finding.pk).update(text="Changed")) == (
        True,
        False,
    )
    assert changes(
        world, lambda: Judgement.objects.create(inspection=inspection, area="Overall", grade="good")
    ) == (True, False)
    theme = Theme.objects.first() or Theme.objects.create(name="Audits", slug="audits")
    assert changes(world, lambda: FindingTheme.objects.create(finding=finding, theme=theme)) == (
        True,
        False,
    )
    assert changes(
        world, lambda: StatementOfAction.objects.create(inspection=inspection, override_reason="")
    ) == (True, False)
    assert changes(
        world, lambda: LocalAuthority.objects.filter(pk=world.wigan.pk).update(slug="w")
    ) == (
        True,
        False,
    )


def test_moving_an_inspection_changes_both_authorities(world):
    move = lambda: Inspection.objects.filter(pk=world.inspection.pk).update(authority=world.wirral)  # noqa: E731
    assert changes(world, move) == (True, True)


def test_one_statement_across_authorities_changes_each(world):
    other = Inspection.objects.create(authority=world.wirral, kind=Inspection.Kind.FOCUSED_VISIT)
    finding = Finding.objects.create(
        inspection=other, kind="area_for_development", text="x", position=0
    )
    ActionItem.objects.create(finding=finding, title="Theirs")
    assert changes(world, lambda: ActionItem.objects.update(priority="low")) == (True, True)


def test_deleting_an_inspection_with_its_findings_changes_its_authority(world):
    world.action.delete()  # actions protect their findings
    Judgement.objects.create(inspection=world.inspection, area="Overall", grade="good")
    assert changes(world, lambda: world.inspection.delete()) == (True, False)


def test_memberships_change_their_authority(world):
    person = User.objects.create_user("newcomer")
    assert changes(
        world, lambda: Membership.objects.create(user=person, authority=world.wigan, role="owner")
    ) == (True, False)


def test_a_changed_name_changes_every_authority_but_signing_in_does_not(world):
    owner = world.owner
    signed_in = lambda: User.objects.filter(pk=owner.pk).update(last_login=timezone.now())  # noqa: E731
    assert changes(world, signed_in) == (False, False)
    renamed = lambda: User.objects.filter(pk=owner.pk).update(first_name="Owain")  # noqa: E731
    assert changes(world, renamed) == (True, True)


def test_authorities_added_and_deleted_change_the_stamp_of_all(world):
    everything = stamp(None)
    added = LocalAuthority.objects.create(name="Newtown", slug="newtown")
    assert stamp(None) != everything
    everything = stamp(None)
    added.delete()
    assert stamp(None) != everything


def test_a_stamp_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        stamp([world.wigan.pk, world.wirral.pk])
    with django_assert_num_queries(1):
        stamp(None)


@pytest.fixture
def _local_authorities(transactional_db) -> None:
    """The flush after each transactional test empties the table a data migration filled."""
    load_local_authorities(LocalAuthority)


@pytest.mark.django_db(transaction=True)
def test_a_table_rebuilt_by_a_later_migration_keeps_its_triggers(_local_authorities, world):
    """SQLite alters a table by building a new one and renaming it, which fails while
    another table's trigger names the table: the migrate command drops the triggers first
    (pre_migrate) and puts them back after (post_migrate)."""
    from django.core.management import call_command

    call_command("migrate", "actions", "0007", verbosity=0)  # rebuilds actions_actionitem
    call_command("migrate", verbosity=0)

    assert installed_triggers() == expected_triggers()
    assert changes(world, lambda: ActionItem.objects.filter(pk=world.action.pk).update(title="x"))
