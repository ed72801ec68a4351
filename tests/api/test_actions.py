"""Actions through the API: the same lifecycle, locking, evidence checks and filters as the
workspace, because the same services, helpers and FilterSet do the work."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actions.models import ActionItem, ActionUpdate, Status
from tests.api.conftest import ApiWorld

pytestmark = pytest.mark.django_db


def action_url(api: ApiWorld, suffix: str = "") -> str:
    return f"/api/v1/actions/{api.world.action.pk}/{suffix}"


def test_an_owner_moves_their_action_along_and_the_timeline_records_each_step(api):
    owner = api.client("owner")

    started = owner.post(
        action_url(api, "transition/"), {"to_status": "in_progress", "version": 1}, format="json"
    )
    completed = owner.post(
        action_url(api, "transition/"),
        {"to_status": "completed", "note": "Audits now sample ten cases a month", "version": 2},
        format="json",
    )

    assert started.status_code == 200 and started.data["status"] == "in_progress"
    assert completed.status_code == 200
    assert completed.data["status"] == "completed" and completed.data["version"] == 3
    assert completed.data["completed_by"]["id"] == api.world.owner.pk
    steps = owner.get(action_url(api, "updates/")).data["results"]
    assert [(s["from_status"], s["to_status"]) for s in steps] == [
        ("not_started", "in_progress"),
        ("in_progress", "completed"),
    ]


def test_a_stale_version_is_refused_with_409_and_the_action_as_it_is_now(api):
    api.client("manager").patch(action_url(api), {"title": "Audit", "version": 1}, format="json")

    response = api.client("owner").post(
        action_url(api, "transition/"), {"to_status": "in_progress", "version": 1}, format="json"
    )

    assert response.status_code == 409
    assert response.data["code"] == "stale"
    assert response.data["current"]["title"] == "Audit"
    assert response.data["current"]["version"] == 2
    assert ActionItem.objects.get(pk=api.world.action.pk).status == Status.NOT_STARTED


def test_a_stale_edit_is_refused_with_409_and_changes_nothing(api):
    manager = api.client("manager")
    manager.patch(action_url(api), {"priority": "high", "version": 1}, format="json")

    response = manager.patch(action_url(api), {"title": "Overwrite", "version": 1}, format="json")

    assert response.status_code == 409
    assert response.data["current"]["priority"] == "high"
    assert ActionItem.objects.get(pk=api.world.action.pk).title == "Improve audits"


def test_a_move_the_lifecycle_does_not_allow_is_409(api):
    response = api.client("owner").post(
        action_url(api, "transition/"), {"to_status": "verified", "version": 1}, format="json"
    )

    assert response.status_code == 409
    assert response.data["code"] == "transition_not_allowed"
    assert "cannot be moved to verified" in response.data["detail"]


def test_a_move_that_needs_a_reason_is_400_without_one(api):
    owner = api.client("owner")
    owner.post(
        action_url(api, "transition/"), {"to_status": "in_progress", "version": 1}, format="json"
    )

    response = owner.post(
        action_url(api, "transition/"), {"to_status": "blocked", "version": 2}, format="json"
    )

    assert response.status_code == 400
    assert response.data["errors"]["non_field_errors"] == [
        "Say why in a note: this change needs a reason."
    ]


def test_a_manager_changes_only_the_fields_sent(api):
    response = api.client("manager").patch(
        action_url(api),
        {"due_date": "2030-06-30", "owner": api.world.colleague.pk, "version": 1},
        format="json",
    )

    action = ActionItem.objects.get(pk=api.world.action.pk)
    assert response.status_code == 200 and response.data["version"] == 2
    assert (action.title, action.owner, action.due_date) == (
        "Improve audits",
        api.world.colleague,
        datetime.date(2030, 6, 30),
    )


def test_an_owner_from_another_authority_is_not_a_valid_choice(api):
    response = api.client("manager").patch(
        action_url(api), {"owner": api.world.outsider.pk, "version": 1}, format="json"
    )

    assert response.status_code == 400
    assert "owner" in response.data["errors"]


def test_a_manager_adds_an_action_to_a_finding(api):
    response = api.client("manager").post(
        "/api/v1/actions/",
        {
            "finding": api.world.finding.pk,
            "title": "Train auditors",
            "owner": api.world.owner.pk,
            "due_date": "2030-01-31",
            "priority": "high",
        },
        format="json",
    )

    assert response.status_code == 201
    created = ActionItem.objects.get(pk=response.data["id"])
    assert (created.title, created.owner, created.priority) == (
        "Train auditors",
        api.world.owner,
        "high",
    )
    assert response["Location"] == response.data["url"]


def test_a_note_is_added_to_the_timeline(api):
    response = api.client("owner").post(
        action_url(api, "updates/"), {"note": "Audit panel booked"}, format="json"
    )

    assert response.status_code == 201
    assert response.data["note"] == "Audit panel booked"
    assert response.data["author"]["id"] == api.world.owner.pk
    assert ActionUpdate.objects.get(pk=response.data["id"]).action_id == api.world.action.pk


def test_evidence_is_uploaded_with_a_note(api):
    upload = SimpleUploadedFile("audit.csv", b"case,score\n1,good\n", "text/csv")

    response = api.client("owner").post(
        action_url(api, "updates/"),
        {"note": "Audit results", "evidence": upload},
        format="multipart",
    )

    assert response.status_code == 201
    assert response.data["evidence"]["name"] == "audit.csv"
    assert response.data["evidence"]["content_type"] == "text/csv"
    assert response.data["evidence"]["url"].endswith(f"/work/evidence/{response.data['id']}/")


def test_evidence_that_is_not_what_it_claims_is_refused_with_the_reason(api):
    program = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + bytes(600), "application/pdf")

    response = api.client("owner").post(
        action_url(api, "updates/"), {"note": "Report", "evidence": program}, format="multipart"
    )

    assert response.status_code == 400
    assert "Windows program" in response.data["errors"]["evidence"][0]
    assert not ActionUpdate.objects.exists()


def test_an_oversized_file_is_refused_with_413(api, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    upload = SimpleUploadedFile("big.txt", b"x" * 2000, "text/plain")

    response = api.client("owner").post(
        action_url(api, "updates/"), {"note": "Big", "evidence": upload}, format="multipart"
    )

    assert response.status_code == 413
    assert response.data["code"] == "too_large"


def test_a_request_larger_than_any_upload_is_refused_with_413_before_it_is_read(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    upload = SimpleUploadedFile("big.txt", b"x" * 2000, "text/plain")

    file_response = api.client("owner").post(
        action_url(api, "updates/"), {"note": "Big", "evidence": upload}, format="multipart"
    )
    json_response = api.client("owner").post(
        action_url(api, "updates/"), {"note": "x" * 2000}, format="json"
    )

    assert (file_response.status_code, json_response.status_code) == (413, 413)
    assert not ActionUpdate.objects.exists()


def test_my_actions_are_the_ones_i_own(api):
    mine = api.client("colleague").get("/api/v1/me/actions/").data["results"]

    assert [a["id"] for a in mine] == [api.public_action.pk]


def test_an_action_says_which_moves_are_open_to_me(api):
    as_owner = api.client("owner").get(action_url(api)).data
    as_viewer = api.client("viewer").get(action_url(api)).data

    assert as_owner["allowed_transitions"] == ["in_progress"]
    assert as_viewer["allowed_transitions"] == []
