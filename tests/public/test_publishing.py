"""Public summaries, placeholders, and the one rule on publishing (actions/publishing.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django import forms
from django.urls import reverse

from actions import publishing, services
from actions.importing import flow
from actions.models import ActionItem
from inspections.models import Inspection
from tests.inspections.test_import_admin import preview_post_data, start_import

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "inspections" / "sample_letters"


def import_sample(
    name: str, *, published: bool = False, publish_anyway: bool = False
) -> Inspection:
    staged = flow.stage(data=(SAMPLES / name).read_bytes(), filename=name)
    return flow.confirm(
        staged.staged, staged.draft.unattended(), published=published, publish_anyway=publish_anyway
    )


# Placeholders ---------------------------------------------------------------------------


def test_imported_actions_are_placeholders_titled_by_their_findings_first_sentence():
    inspection = import_sample("wigan-2020-focused-visit.txt")

    actions = ActionItem.objects.filter(finding__inspection=inspection)
    assert actions.count() == 5
    assert all(action.placeholder for action in actions)
    assert actions.filter(
        title="Partnership working with the police to ensure that strategy meetings and "
        "child protection enquiries are prioritised as soon as possible"
    ).exists()


def test_editing_the_wording_ends_a_placeholder_and_other_edits_do_not(world):
    world.action.placeholder = True
    world.action.save()

    services.update_action(
        action=world.action, by=world.manager, expected_version=None, priority="high"
    )
    world.action.refresh_from_db()
    assert world.action.placeholder

    services.update_action(
        action=world.action, by=world.manager, expected_version=None, title="Audit quality"
    )
    world.action.refresh_from_db()
    assert not world.action.placeholder


# Publishing -----------------------------------------------------------------------------


def test_publish_at_import_leaves_an_inspection_with_placeholders_unpublished():
    inspection = import_sample("wigan-2020-focused-visit.txt", published=True)

    inspection.refresh_from_db()
    assert not inspection.published
    with pytest.raises(publishing.PlaceholdersRemain, match="5 of its actions are still"):
        publishing.check_publishable(inspection, anyway=False)


def test_publish_anyway_at_import_publishes_it():
    inspection = import_sample("wigan-2020-focused-visit.txt", published=True, publish_anyway=True)

    inspection.refresh_from_db()
    assert inspection.published


def test_an_inspection_is_publishable_once_no_action_is_a_placeholder(world):
    world.action.placeholder = True
    world.action.save()
    assert not publishing.may_publish(world.inspection, anyway=False)
    assert publishing.may_publish(world.inspection, anyway=True)

    publishing.approve_public_summary(
        action=world.action, by=world.manager, summary="Better audits", expected_version=None
    )

    assert publishing.may_publish(world.inspection, anyway=False)
    publishing.check_publishable(world.inspection, anyway=False)  # raises nothing


def test_the_admin_import_says_why_it_did_not_publish(admin_client):
    preview = start_import(admin_client, "wigan-2020-focused-visit.txt")
    data = {**preview_post_data(preview), "publish": "on"}

    response = admin_client.post(preview.request["PATH_INFO"], data, follow=True)

    assert not Inspection.objects.get().published
    assert "Not published: 5 of its actions are still the draft" in response.content.decode()


def admin_change(admin_client, inspection: Inspection, **extra: str):
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        value = field.prepare_value(form[name].value())
        if value is True:
            data[name] = "on"
        elif value not in (None, False):  # an unticked box is left out
            data[name] = value
    for prefix in ("judgements", "findings"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return admin_client.post(url, {**data, **extra})


def test_the_admin_refuses_to_publish_placeholders_unless_told_to_publish_anyway(admin_client):
    inspection = import_sample("wigan-2020-focused-visit.txt")

    refused = admin_change(admin_client, inspection, published="on")

    assert refused.status_code == 200
    assert "Not published: 5 of its actions" in refused.content.decode()
    inspection.refresh_from_db()
    assert not inspection.published

    accepted = admin_change(admin_client, inspection, published="on", publish_anyway="on")

    assert accepted.status_code == 302
    inspection.refresh_from_db()
    assert inspection.published


# Public summaries -----------------------------------------------------------------------


def test_a_manager_approves_a_public_summary(world):
    world.action.placeholder = True
    world.action.save()

    saved = publishing.approve_public_summary(
        action=world.action,
        by=world.manager,
        summary="  Casework audits will\nlook at quality. ",
        expected_version=world.action.version,
    )

    saved.refresh_from_db()
    assert saved.public_summary == "Casework audits will look at quality."
    assert saved.public_summary_approved_by == world.manager
    assert saved.public_summary_approved_at is not None
    assert not saved.placeholder
    assert publishing.public_summary_of(saved) == "Casework audits will look at quality."


@pytest.mark.parametrize("who", ["owner", "viewer", "outsider"])
def test_only_a_manager_of_the_authority_approves_a_summary(world, who):
    with pytest.raises(services.NotPermitted):
        publishing.approve_public_summary(
            action=world.action, by=getattr(world, who), summary="X", expected_version=None
        )
    world.action.refresh_from_db()
    assert world.action.public_summary_approved_at is None


def test_a_blank_or_stale_summary_is_refused(world):
    with pytest.raises(services.ActionError, match="Enter the summary"):
        publishing.approve_public_summary(
            action=world.action, by=world.manager, summary="  ", expected_version=None
        )
    with pytest.raises(services.StaleAction):
        publishing.approve_public_summary(
            action=world.action,
            by=world.manager,
            summary="New words",
            expected_version=world.action.version + 1,
        )


def test_the_summary_form_starts_from_the_title_until_one_is_approved(world):
    assert publishing.public_summary_of(world.action) == ""
    assert publishing.summary_to_edit(world.action) == "Improve audits"


def test_the_action_page_approves_a_summary_for_a_manager_only(client, world):
    url = reverse("workspace:action_public_summary", args=[world.action.pk])
    data = {"public-summary": "Audits will look at quality", "public-version": "1"}

    client.force_login(world.owner)
    page = client.get(reverse("workspace:action", args=[world.action.pk])).content.decode()
    assert 'id="public-summary"' not in page
    assert client.post(url, data).status_code == 403

    client.force_login(world.manager)
    page = client.get(reverse("workspace:action", args=[world.action.pk])).content.decode()
    assert "No public summary has been approved" in page
    response = client.post(url, data, follow=True)

    assert "The public summary was approved." in response.content.decode()
    world.action.refresh_from_db()
    assert world.action.public_summary == "Audits will look at quality"
