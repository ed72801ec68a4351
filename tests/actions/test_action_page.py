"""The action page: who sees it, which forms each person gets, and what each form does."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from actions.models import ActionItem, ActionUpdate, Status
from actions.services import change_status
from tests.conftest import World
from tests.dates import date_fields

pytestmark = pytest.mark.django_db


def page_url(action: ActionItem) -> str:
    return reverse("workspace:action", args=[action.pk])


def post_urls(action: ActionItem) -> list[str]:
    return [
        reverse(f"workspace:{name}", args=[action.pk])
        for name in ("action_note", "action_status", "action_edit")
    ]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def snapshot(action: ActionItem) -> tuple:
    action.refresh_from_db()
    return (action.status, action.title, action.owner_id, action.due_date, action.version)


def put_in(action: ActionItem, status: Status, completed_by=None) -> None:
    """Walk the action along the lifecycle to `status`, as its owner would."""
    path = {
        Status.IN_PROGRESS: [Status.IN_PROGRESS],
        Status.COMPLETED: [Status.IN_PROGRESS, Status.COMPLETED],
    }[status]
    for step in path:
        change_status(action=action, to_status=step, by=completed_by, note="Done.")


def test_it_sends_an_anonymous_visitor_to_sign_in(world: World, client: Client):
    response = client.get(page_url(world.action))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_the_action_its_finding_and_breadcrumbs_to_a_viewer(world: World):
    response = client_for(world.viewer).get(page_url(world.action))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Improve audits</h1>' in page
    assert "Casework audits to have a focus on the child" in page
    assert "Area for development" in page
    assert reverse("workspace:inspection", args=[world.inspection.pk]) in page
    assert reverse("workspace:dashboard") in page and reverse("workspace:actions") in page
    assert "Not started" in page and "owen" in page


def test_a_viewer_gets_no_forms(world: World):
    page = client_for(world.viewer).get(page_url(world.action)).content.decode()

    for form_action in post_urls(world.action):
        assert form_action not in page


def test_the_owner_can_note_and_change_status_but_not_verify_or_edit(world: World):
    response = client_for(world.owner).get(page_url(world.action))

    assert "Add a progress note" in response.content.decode()
    assert response.context["status_form"] is not None
    assert response.context["verify_form"] is None
    assert response.context["edit_form"] is None


def test_a_manager_gets_every_form_that_fits_the_status(world: World):
    put_in(world.action, Status.COMPLETED, completed_by=world.owner)

    response = client_for(world.manager).get(page_url(world.action))

    context = response.context
    assert context["note_form"] and context["verify_form"] and context["edit_form"]
    radios = dict(context["status_form"].fields["to_status"].widget.choices)
    assert radios == {
        Status.IN_PROGRESS: "Reopened (back to in progress)",
        Status.CANCELLED: "Cancelled",
    }
    assert f'value="{world.action.version}"' in response.content.decode()


def test_it_hides_another_authoritys_action_and_refuses_every_post(world: World):
    outsider = client_for(world.outsider)
    before = snapshot(world.action)

    assert outsider.get(page_url(world.action)).status_code == 404
    for url in post_urls(world.action):
        response = outsider.post(
            url,
            {"note-note": "x", "status-to_status": "in_progress", "edit-title": "Mine"},
        )
        assert response.status_code == 404, url

    assert snapshot(world.action) == before
    assert not ActionUpdate.objects.exists()


def test_a_viewer_is_refused_every_post(world: World):
    viewer = client_for(world.viewer)
    before = snapshot(world.action)

    for url in post_urls(world.action):
        response = viewer.post(
            url,
            {
                "note-note": "x",
                "note-version": 1,
                "status-to_status": "in_progress",
                "status-version": 1,
                "edit-title": "Mine",
                "edit-priority": "high",
                "edit-version": 1,
            },
        )
        assert response.status_code == 403, url

    assert snapshot(world.action) == before
    assert not ActionUpdate.objects.exists()


def test_another_owner_cannot_change_owens_action(world: World):
    colin = client_for(world.colleague)
    before = snapshot(world.action)

    note = colin.post(post_urls(world.action)[0], {"note-note": "Mine now", "note-version": 1})
    status = colin.post(
        post_urls(world.action)[1], {"status-to_status": "in_progress", "status-version": 1}
    )

    assert (note.status_code, status.status_code) == (403, 403)
    assert snapshot(world.action) == before
    assert not ActionUpdate.objects.exists()


def test_the_owner_adds_a_note_and_sees_it_in_the_timeline(world: World):
    owner = client_for(world.owner)

    response = owner.post(
        reverse("workspace:action_note", args=[world.action.pk]),
        {"note-note": "Audit tool drafted.", "note-version": world.action.version},
    )

    assert response.status_code == 302
    assert response["Location"] == page_url(world.action)
    update = ActionUpdate.objects.get()
    assert (update.note, update.author) == ("Audit tool drafted.", world.owner)
    page = owner.get(page_url(world.action)).content.decode()
    assert "Your note was added." in page
    assert "Audit tool drafted." in page


def test_an_empty_note_is_refused_with_an_error_summary(world: World):
    response = client_for(world.owner).post(
        reverse("workspace:action_note", args=[world.action.pk]),
        {"note-note": "  ", "note-version": world.action.version},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert '<a href="#id_note-note">Enter a note about the progress made</a>' in page
    assert "<title>Error: " in page
    assert not ActionUpdate.objects.exists()


def test_the_owner_moves_the_action_along_and_the_timeline_shows_the_step(world: World):
    owner = client_for(world.owner)
    url = reverse("workspace:action_status", args=[world.action.pk])

    owner.post(url, {"status-to_status": "in_progress", "status-version": 1})
    response = owner.post(
        url,
        {"status-to_status": "completed", "status-note": "All audits done.", "status-version": 2},
    )

    assert response.status_code == 302
    world.action.refresh_from_db()
    assert (world.action.status, world.action.completed_by) == (Status.COMPLETED, world.owner)
    page = owner.get(page_url(world.action)).content.decode()
    assert "The action is now completed." in page
    assert 'In progress <span aria-hidden="true">→</span>' in page
    assert "All audits done." in page


def test_completing_without_a_reason_keeps_the_choice_and_asks_for_one(world: World):
    put_in(world.action, Status.IN_PROGRESS, completed_by=world.owner)

    response = client_for(world.owner).post(
        reverse("workspace:action_status", args=[world.action.pk]),
        {"status-to_status": "completed", "status-note": "", "status-version": 2},
    )

    assert response.status_code == 400
    assert "Say why you are changing the status" in response.content.decode()
    assert response.context["status_form"]["to_status"].value() == "completed"
    world.action.refresh_from_db()
    assert world.action.status == Status.IN_PROGRESS


def test_the_history_lists_who_completed_the_action(world: World):
    put_in(world.action, Status.COMPLETED, completed_by=world.owner)

    history = client_for(world.owner).get(page_url(world.action)).context["history"]

    assert ("Completed by", "Not set", "owen") in history[0]["changes"]
    assert ("Status", "In progress", "Completed") in history[0]["changes"]


def test_a_step_the_lifecycle_forbids_is_refused_with_the_services_reason(world: World):
    response = client_for(world.owner).post(
        reverse("workspace:action_status", args=[world.action.pk]),
        {"status-to_status": "completed", "status-note": "Done", "status-version": 1},
    )

    assert response.status_code == 400
    assert "cannot be moved to completed" in response.content.decode()
    world.action.refresh_from_db()
    assert world.action.status == Status.NOT_STARTED


def test_an_owner_cannot_verify_their_own_action(world: World):
    put_in(world.action, Status.COMPLETED, completed_by=world.owner)
    owner = client_for(world.owner)

    page = owner.get(page_url(world.action))
    forged = owner.post(
        reverse("workspace:action_status", args=[world.action.pk]),
        {"verify-to_status": "verified", "verify-version": world.action.version},
    )

    assert "Verify this action" not in page.content.decode()
    assert forged.status_code == 403
    assert forged.context["errors"] == [
        {"text": "Only a manager of this authority can do that.", "href": ""}
    ]
    world.action.refresh_from_db()
    assert world.action.status == Status.COMPLETED


def test_a_manager_who_completed_an_action_cannot_verify_it_too(world: World):
    put_in(world.action, Status.COMPLETED, completed_by=world.manager)
    manager = client_for(world.manager)

    page = manager.get(page_url(world.action))
    forged = manager.post(
        reverse("workspace:action_status", args=[world.action.pk]),
        {"verify-to_status": "verified", "verify-version": world.action.version},
    )

    assert page.context["verify_form"] is None
    assert forged.status_code == 403
    assert forged.context["errors"] == [
        {"text": "Someone other than the action's owner must verify it.", "href": ""}
    ]
    world.action.refresh_from_db()
    assert world.action.status == Status.COMPLETED


def test_a_manager_verifies_a_completed_action(world: World):
    put_in(world.action, Status.COMPLETED, completed_by=world.owner)

    response = client_for(world.manager).post(
        reverse("workspace:action_status", args=[world.action.pk]),
        {"verify-to_status": "verified", "verify-note": "", "verify-version": 3},
    )

    assert response.status_code == 302
    world.action.refresh_from_db()
    assert (world.action.status, world.action.verified_by) == (Status.VERIFIED, world.manager)


def test_a_manager_reopens_a_completed_action_with_a_reason(world: World):
    put_in(world.action, Status.COMPLETED, completed_by=world.owner)

    response = client_for(world.manager).post(
        reverse("workspace:action_status", args=[world.action.pk]),
        {
            "status-to_status": "in_progress",
            "status-note": "Audit sample too small.",
            "status-version": 3,
        },
    )

    assert response.status_code == 302
    world.action.refresh_from_db()
    assert (world.action.status, world.action.completed_at) == (Status.IN_PROGRESS, None)


def edit_data(world: World, **changes) -> dict:
    data = {
        "edit-title": "Improve casework audits",
        "edit-description": "Audit ten cases a month.",
        "edit-owner": world.colleague.pk,
        **date_fields("edit-due_date", "2027-03-27"),
        "edit-priority": "high",
        "edit-version": world.action.version,
    }
    return data | {f"edit-{name}": value for name, value in changes.items()}


def test_a_manager_edits_the_action_and_the_history_shows_what_changed(world: World):
    manager = client_for(world.manager)

    response = manager.post(
        reverse("workspace:action_edit", args=[world.action.pk]), edit_data(world)
    )

    assert response.status_code == 302
    world.action.refresh_from_db()
    assert world.action.title == "Improve casework audits"
    assert world.action.owner == world.colleague
    assert world.action.due_date == datetime.date(2027, 3, 27)
    history = manager.get(page_url(world.action)).context["history"]
    newest = history[0]
    assert newest["who"] == "mandy"
    assert ("Owner", "owen", "colin") in newest["changes"]
    assert ("Due date", "Not set", "27 March 2027") in newest["changes"]
    assert ("Priority", "Medium", "High") in newest["changes"]
    assert ("Title", "Improve audits", "Improve casework audits") in newest["changes"]
    assert history[-1]["changes"] == []  # the version the action was created as


def test_the_owner_choices_are_the_authoritys_owners_and_managers(world: World):
    response = client_for(world.manager).get(page_url(world.action))

    owners = response.context["edit_form"].fields["owner"].queryset
    assert set(owners) == {world.owner, world.colleague, world.manager}


def test_a_manager_cannot_give_the_action_to_a_viewer(world: World):
    response = client_for(world.manager).post(
        reverse("workspace:action_edit", args=[world.action.pk]),
        edit_data(world, owner=world.viewer.pk),
    )

    assert response.status_code == 400
    world.action.refresh_from_db()
    assert world.action.owner == world.owner


def test_an_owner_cannot_edit_the_details(world: World):
    response = client_for(world.owner).post(
        reverse("workspace:action_edit", args=[world.action.pk]), edit_data(world)
    )

    assert response.status_code == 403
    world.action.refresh_from_db()
    assert world.action.title == "Improve audits"


@pytest.mark.parametrize("entries", [10, 200])
def test_the_page_runs_a_fixed_number_of_queries(
    world: World, entries: int, django_assert_max_num_queries
):
    for n in range(entries // 2):
        change_status(
            action=world.action,
            to_status=Status.IN_PROGRESS if n % 2 == 0 else Status.BLOCKED,
            by=world.owner,
            note="Waiting on data." if n % 2 == 0 else "Stuck.",
        )
    ActionUpdate.objects.bulk_create(
        ActionUpdate(
            action=world.action,
            author=world.manager,
            note=f"Note {n}",
            evidence=f"evidence/2026/01/file{n}.pdf",
            evidence_name=f"file{n}.pdf",
            evidence_size=1234,
            evidence_content_type="application/pdf",
        )
        for n in range(entries - entries // 2)
    )
    manager = client_for(world.manager)

    # (9: the due-date requests panel reads its requests in one query.)
    with django_assert_max_num_queries(9):
        response = manager.get(page_url(world.action))

    assert response.status_code == 200
