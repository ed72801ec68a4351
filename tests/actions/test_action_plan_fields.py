"""An action's lead and success measure, for the statement of action: written in the
workspace, the admin and the API, kept in the history, and read back everywhere."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from actions.models import ActionItem
from tests.actions.test_action_page import client_for, edit_data, page_url
from tests.actions.test_f10_admin_action_form import CHANGE, page_form
from tests.actions.test_inspection_page import add_url, form_data
from tests.conftest import World

pytestmark = pytest.mark.django_db

LEAD = "Head of Quality Assurance"
MEASURE = "Nine in ten audits rated good by March"


def test_a_manager_sets_the_lead_and_measure_and_the_history_shows_them(world: World):
    manager = client_for(world.manager)

    response = manager.post(
        reverse("workspace:action_edit", args=[world.action.pk]),
        edit_data(world, lead=f"  {LEAD} ", success_measure=MEASURE),
    )

    assert response.status_code == 302
    world.action.refresh_from_db()
    assert (world.action.lead, world.action.success_measure) == (LEAD, MEASURE)
    page = manager.get(page_url(world.action))
    changes = page.context["history"][0]["changes"]
    assert ("Lead", "Not set", LEAD) in changes
    assert ("Success measure", "Not set", MEASURE) in changes
    assert page.context["edit_form"]["lead"].value() == LEAD
    assert MEASURE in page.content.decode()


def test_a_lead_longer_than_the_column_is_an_error_on_the_field(world: World):
    response = client_for(world.manager).post(
        reverse("workspace:action_edit", args=[world.action.pk]),
        edit_data(world, lead="x" * 201),
    )

    assert response.status_code == 400
    assert "lead" in response.context["edit_form"].errors
    world.action.refresh_from_db()
    assert world.action.lead == ""


def test_a_new_action_from_the_inspection_page_has_its_lead_and_measure(client, world):
    client.force_login(world.manager)

    response = client.post(
        add_url(world.finding),
        form_data(world.finding, title="Train auditors", lead=LEAD, success_measure=MEASURE),
    )

    assert response.status_code == 302
    created = ActionItem.objects.get(title="Train auditors")
    assert (created.lead, created.success_measure) == (LEAD, MEASURE)


def test_the_admin_changes_and_adds_the_lead_and_measure(world: World):
    client = Client()
    client.force_login(User.objects.create_superuser("ada", "ada@example.org", "pw-123456789"))
    _, data = page_form(client, world.action)

    response = client.post(
        reverse(CHANGE, args=[world.action.pk]),
        {**data, "lead": LEAD, "success_measure": MEASURE},
    )

    assert response.status_code == 302
    world.action.refresh_from_db()
    assert (world.action.lead, world.action.success_measure) == (LEAD, MEASURE)
    assert world.action.history.latest().history_user.username == "ada"

    added = client.post(
        reverse("admin:actions_actionitem_add"),
        {
            "finding": world.finding.pk,
            "title": "Second action",
            "lead": "Principal social worker",
            "success_measure": "",
            "priority": "medium",
            # The timeline's inline, empty on a new action.
            "updates-TOTAL_FORMS": "0",
            "updates-INITIAL_FORMS": "0",
        },
    )

    assert added.status_code == 302
    assert ActionItem.objects.get(title="Second action").lead == "Principal social worker"
