"""The admin edits an inspection's inspectors one per line, and shows them as names."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from inspections.models import Inspection
from tests.conftest import World
from tests.inspections.test_judgement_rows_admin import page_data

pytestmark = pytest.mark.django_db


def change_url(inspection: Inspection) -> str:
    return reverse("admin:inspections_inspection_change", args=[inspection.pk])


@pytest.fixture
def admin_client(world: World) -> Client:
    Inspection.objects.filter(pk=world.inspection.pk).update(
        inspectors=["Lisa Lead", "Ian Inspector"]
    )
    client = Client()
    client.force_login(User.objects.create_superuser("ada", "ada@example.org", "pw-123456789"))
    return client


def test_the_inspectors_are_a_text_box_with_one_name_a_line(admin_client, world: World):
    response = admin_client.get(change_url(world.inspection))

    field = response.context["adminform"].form["inspectors"]
    assert field.value() == "Lisa Lead\nIan Inspector"
    assert "<textarea" in str(field)
    assert "[&quot;" not in str(field)


def test_lines_are_saved_as_a_list_trimmed_without_blank_lines(admin_client, world: World):
    url = change_url(world.inspection)
    data = page_data(admin_client.get(url))

    response = admin_client.post(
        url, {**data, "inspectors": "  Lisa Lead \r\n\r\nIan Inspector\n   \nNia New\n"}
    )

    assert response.status_code == 302
    world.inspection.refresh_from_db()
    assert world.inspection.inspectors == ["Lisa Lead", "Ian Inspector", "Nia New"]
    assert world.inspection.history.latest().inspectors == ["Lisa Lead", "Ian Inspector", "Nia New"]


def test_an_empty_box_saves_no_inspectors(admin_client, world: World):
    url = change_url(world.inspection)
    data = page_data(admin_client.get(url))

    admin_client.post(url, {**data, "inspectors": "\n  \n"})

    world.inspection.refresh_from_db()
    assert world.inspection.inspectors == []


def test_an_unchanged_box_changes_nothing(admin_client, world: World):
    url = change_url(world.inspection)
    form = admin_client.get(url).context["adminform"].form
    bound = type(form)(
        data={"inspectors": "Lisa Lead\r\nIan Inspector\r\n"},
        instance=Inspection.objects.get(pk=world.inspection.pk),
    )

    assert "inspectors" not in bound.changed_data


def test_someone_who_may_only_view_sees_names_not_the_stored_list(world: World):
    Inspection.objects.filter(pk=world.inspection.pk).update(
        inspectors=["Lisa Lead", "Ian Inspector"]
    )
    viewer = world.manager
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="view_inspection"))
    client = Client()
    client.force_login(viewer)

    page = client.get(change_url(world.inspection)).content.decode()

    assert "Lisa Lead, Ian Inspector" in page
    assert "[&quot;Lisa Lead" not in page
    assert "&quot;Ian Inspector&quot;]" not in page
