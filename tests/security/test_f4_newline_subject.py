"""F4: an action title with a line break made its assignment e-mail impossible to send
(Django refuses a subject with a line break: BadHeaderError), so the notice failed every
try. Titles are one line now, and a subject is flattened to one line wherever it comes
from, so an older title with a line break still sends."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from actions import notifications, services
from actions.importing import drafts
from actions.models import ActionItem, Notification

pytestmark = pytest.mark.django_db

BROKEN = "Audit casework\r\nBcc: everyone@example.org\nthis month"


def test_a_stored_title_with_line_breaks_still_sends_its_assignment(world, mailoutbox):
    action = ActionItem.objects.create(finding=world.finding, title=BROKEN)  # older data
    services.update_action(
        action=action, by=world.manager, expected_version=None, owner=world.colleague
    )

    assert notifications.deliver_all() == (1, 0)

    (message,) = mailoutbox
    assert message.subject == (
        "You have a new action: Audit casework Bcc: everyone@example.org this month"
    )
    assert message.bcc == [] and message.message()["Bcc"] is None
    notice = Notification.objects.get(action=action)
    assert notice.state == Notification.State.SENT


def test_the_services_refuse_a_title_with_a_line_break(world):
    with pytest.raises(services.ActionError) as refused:
        services.create_action(finding=world.finding, by=world.manager, title=BROKEN)

    assert refused.value.field == "title"
    assert "one line" in str(refused.value)
    assert not ActionItem.objects.filter(title=BROKEN).exists()


@pytest.mark.parametrize("title", ["Two\nlines", "Two\rlines", "Two\u2028lines"])
def test_the_api_refuses_a_title_with_a_line_break(world, title):
    client = APIClient()
    client.force_authenticate(world.manager)

    created = client.post(
        "/api/v1/actions/", {"finding": world.finding.pk, "title": title}, format="json"
    )
    changed = client.patch(
        f"/api/v1/actions/{world.action.pk}/", {"title": title, "version": 1}, format="json"
    )

    for response in (created, changed):
        assert response.status_code == 400, response.content
        assert response.data["errors"]["title"] == [
            "Title must be on one line, without line breaks"
        ]
    world.action.refresh_from_db()
    assert world.action.title == "Improve audits"


def test_the_edit_form_refuses_a_title_with_a_line_break_and_keeps_the_input(client, world):
    client.force_login(world.manager)

    response = client.post(
        reverse("workspace:action_edit", args=[world.action.pk]),
        {
            "edit-title": "Improve\naudits",
            "edit-priority": "high",
            "edit-version": world.action.version,
        },
    )

    assert response.status_code == 400
    assert "Title must be on one line" in response.content.decode()
    world.action.refresh_from_db()
    assert (world.action.title, world.action.priority) == ("Improve audits", "medium")


def test_an_edit_of_another_field_leaves_an_older_title_alone(world):
    action = ActionItem.objects.create(finding=world.finding, title=BROKEN)

    saved = services.update_action(
        action=action, by=world.manager, expected_version=None, priority="high"
    )

    assert (saved.title, saved.priority) == (BROKEN, "high")


def test_a_draft_title_from_a_finding_over_several_lines_is_one_line():
    assert drafts.draft_title("Improve the\nquality of\r\nsupervision. Then more.") == (
        "Improve the quality of supervision"
    )
