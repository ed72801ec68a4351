"""Every change to inspections, findings and actions is kept."""

import pytest

from actions.models import Status
from actions.services import change_status


@pytest.mark.django_db
def test_changes_to_inspections_findings_and_actions_are_kept(world):
    world.inspection.title = "Focused visit to Wigan (corrected)"
    world.inspection.save()
    world.finding.text = "Casework audits to focus on the child."
    world.finding.save()
    change_status(action=world.action, to_status=Status.IN_PROGRESS, by=world.owner)

    assert [h.title for h in world.inspection.history.order_by("history_date")] == [
        "Focused visit to Wigan",
        "Focused visit to Wigan (corrected)",
    ]
    assert world.finding.history.count() == 2
    statuses = [h.status for h in world.action.history.order_by("history_date")]
    assert statuses == [Status.NOT_STARTED, Status.IN_PROGRESS]


@pytest.mark.django_db
def test_an_admin_edit_records_who_made_it(world, admin_client, admin_user):
    admin_client.post(
        f"/admin/inspections/finding/{world.finding.pk}/change/",
        {
            "inspection": world.inspection.pk,
            "kind": "recommendation",
            "text": "Ensure audits focus on the child.",
            "position": 0,
            "heading": "",
            "section": "",
            "actions-TOTAL_FORMS": 0,
            "actions-INITIAL_FORMS": 0,
        },
    )
    latest = world.finding.history.latest("history_date")
    assert (latest.kind, latest.history_user) == ("recommendation", admin_user)


@pytest.mark.django_db
def test_changes_through_the_services_record_who_made_them(world):
    change_status(action=world.action, to_status=Status.IN_PROGRESS, by=world.owner)
    assert world.action.history.latest("history_date").history_user == world.owner
