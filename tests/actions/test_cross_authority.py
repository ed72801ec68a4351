"""A user of one authority can never read or change another's internal data, by any URL."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, reverse

from actions.models import ActionItem, ActionUpdate, DueDateChange
from actions.workspace import urls as workspace_urls

SECRET_NOTE = "Confidential: police liaison meeting notes"


@pytest.fixture
def wigan_data(world):
    """A Wigan action with a note and evidence, as the outsider's target."""
    world.action.title = "Wigan-only action title"
    world.action.save()
    update = ActionUpdate(action=world.action, author=world.owner, note=SECRET_NOTE)
    update.evidence.save("minutes.txt", ContentFile(b"minutes"), save=False)
    update.evidence_name = "minutes.txt"
    update.save()
    change = DueDateChange.objects.create(
        action=world.action, requested_by=world.owner, to_date="2030-01-01", reason="Staff"
    )
    return {
        "due_date_change": change.pk,
        "action": world.action.pk,
        "update": update.pk,
        "inspection": world.inspection.pk,
        "finding": world.finding.pk,
    }


def object_routes(wigan_data) -> list[str]:
    """Every workspace URL that names one object, pointed at a Wigan object."""
    kinds = {
        "evidence": "update",
        "inspection": "inspection",
        "finding_add_action": "finding",
        "due_date_decide": "due_date_change",
        "due_date_withdraw": "due_date_change",
        "plan": "inspection",
        "report": "inspection",
    }
    urls = []
    for pattern in workspace_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        converters = pattern.pattern.converters
        if "pk" not in converters:
            continue
        assert pattern.name is not None
        pk = wigan_data[kinds.get(pattern.name, "action")]
        # A document in each of its formats.
        formats = ["docx", "pdf"] if "fmt" in converters else [None]
        for fmt in formats:
            kwargs = {"pk": pk} if fmt is None else {"pk": pk, "fmt": fmt}
            urls.append(reverse(f"workspace:{pattern.name}", kwargs=kwargs))
    return urls


def state(world) -> tuple:
    action = ActionItem.objects.get(pk=world.action.pk)
    return (
        action.status,
        action.owner_id,
        action.due_date,
        action.title,
        action.version,
        ActionUpdate.objects.count(),
        ActionItem.objects.count(),
        list(DueDateChange.objects.values_list("state", flat=True)),
    )


@pytest.mark.django_db
def test_every_object_url_is_closed_to_another_authority(client, world, wigan_data):
    client.force_login(world.outsider)
    before = state(world)
    urls = object_routes(wigan_data)
    assert len(urls) >= 6  # the action page, its forms, evidence, inspection, add-action

    for url in urls:
        for method in (client.get, client.post):
            response = method(url, {"note": "x", "to_status": "in_progress", "version": 1})
            assert response.status_code in (403, 404, 405), (url, response.status_code)
            assert SECRET_NOTE not in response.content.decode(errors="ignore")

    assert state(world) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("workspace:dashboard"),
        reverse("workspace:actions"),
        reverse("workspace:actions") + "?q=Wigan-only",
        reverse("workspace:actions_export", args=["csv"]),
        reverse("workspace:actions_export", args=["xlsx"]),
    ],
)
def test_lists_dashboards_and_exports_leave_out_another_authority(client, world, wigan_data, url):
    client.force_login(world.outsider)
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert b"Wigan-only action title" not in body


@pytest.mark.django_db
def test_bulk_assignment_refuses_another_authoritys_actions(client, world, wigan_data):
    client.force_login(world.outsider)
    before = state(world)
    response = client.post(
        reverse("workspace:actions_assign"),
        {"action": [wigan_data["action"]], "owner": world.outsider.pk, "due_date": "2030-01-01"},
    )
    assert response.status_code in (403, 404)
    assert state(world) == before


@pytest.mark.django_db
def test_the_same_urls_are_open_to_the_authoritys_manager(client, world, wigan_data):
    client.force_login(world.manager)
    assert client.get(reverse("workspace:action", args=[wigan_data["action"]])).status_code == 200
    evidence = client.get(reverse("workspace:evidence", args=[wigan_data["update"]]))
    assert evidence.status_code == 200
    page = client.get(reverse("workspace:inspection", args=[wigan_data["inspection"]]))
    assert page.status_code == 200


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, world, wigan_data):
    for url in [reverse("workspace:dashboard"), *object_routes(wigan_data)]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
