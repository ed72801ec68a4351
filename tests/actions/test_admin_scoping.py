"""A council's staff in the admin see and change only the authorities they manage.

A Wigan manager given every model permission is walked through every registered
ModelAdmin against Wirral's rows: a model registered later without scoping fails here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.db.models import Model
from django.forms import ModelChoiceField
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import NoReverseMatch, reverse

from actions.admin.scoping import AuthorityScopedAdmin, SuperusersOnlyAdmin
from actions.models import ActionItem, ActionUpdate, Notification
from inspections.models import Finding, Grade, Inspection, Judgement, Membership, Theme
from inspections.staging import ImportBatch, StagedImport
from tests.conftest import World, make_user
from tests.inspections.test_import_admin import SAMPLES, preview_post_data

pytestmark = pytest.mark.django_db

# Registered models that are no authority's and are open to every admin user: the theme
# vocabulary (read-only; its finding counts are scoped, see its own test below).
SHARED = {Theme}


@dataclass
class Rows:
    """One row of each scoped model at Wirral, and its counterpart at Wigan."""

    wirral: dict[type[Model], Model]
    wigan: dict[type[Model], Model]


def rows_at(world: World, authority, name: str) -> dict[type[Model], Model]:
    inspection = Inspection.objects.create(
        authority=authority, kind=Inspection.Kind.FOCUSED_VISIT, title=f"Visit to {name}"
    )
    judgement = Judgement.objects.create(inspection=inspection, area="Help", grade=Grade.GOOD)
    finding = Finding.objects.create(
        inspection=inspection, kind=Finding.Kind.RECOMMENDATION, text=f"{name} finding", position=0
    )
    action = ActionItem.objects.create(finding=finding, title=f"{name} action")
    update = ActionUpdate.objects.create(action=action, note=f"{name} note")
    notice = Notification.objects.create(
        recipient=world.outsider, kind=Notification.Kind.ASSIGNED, action=action, key=name
    )
    staged = StagedImport.objects.create(
        authority=authority, filename=f"{name}.txt", text="letter", fingerprint=name
    )
    return {
        type(authority): authority,
        Inspection: inspection,
        Judgement: judgement,
        Finding: finding,
        ActionItem: action,
        ActionUpdate: update,
        Notification: notice,
        StagedImport: staged,
    }


@pytest.fixture
def rows(world: World) -> Rows:
    return Rows(
        wirral=rows_at(world, world.wirral, "Wirral"), wigan=rows_at(world, world.wigan, "Wigan")
    )


@pytest.fixture
def stella(world: World) -> Client:
    """A Wigan manager on the council's performance team, with every model permission."""
    staff = make_user("stella", world.wigan, Membership.Role.MANAGER)
    staff.is_staff = True
    staff.save()
    staff.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def ada() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("ada", "ada@example.org", "pw-123456789"))
    return client


def url(name: str, model: type[Model], *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


def listed(client: Client, model: type[Model]) -> set[int]:
    # The review queue opens on the letters waiting; ask for every one.
    response = client.get(
        url("changelist", model), {"status": "all"} if model is StagedImport else {}
    )
    assert response.status_code == 200
    return set(response.context["cl"].queryset.values_list("pk", flat=True))  # every page


def refused(response) -> bool:
    """Answered as Django's admin answers for a row that does not exist, or forbidden."""
    if response.status_code == 302:
        return response["Location"] == reverse("admin:index")
    return response.status_code in (403, 404)


def registered() -> list[tuple[type[Model], admin.ModelAdmin]]:
    return list(admin.site._registry.items())


def scoped(rows: Rows) -> list[type[Model]]:
    """The models whose admin is scoped: exactly those the fixture has rows of, so a newly
    scoped model needs rows here and no loop below runs over nothing."""
    models = [m for m, a in registered() if isinstance(a, AuthorityScopedAdmin)]
    assert set(models) == set(rows.wirral)
    return models


def test_every_registered_admin_is_scoped_or_for_superusers_only():
    unscoped = {
        model
        for model, model_admin in registered()
        if not isinstance(model_admin, AuthorityScopedAdmin | SuperusersOnlyAdmin)
    }
    assert unscoped == SHARED


def test_the_superusers_only_admins_are_closed_to_a_council_manager(stella: Client, world):
    closed = [model for model, a in registered() if isinstance(a, SuperusersOnlyAdmin)]
    assert {User, Membership} <= set(closed)
    for model in closed:
        assert stella.get(url("changelist", model)).status_code == 403, model
        assert stella.get(url("change", model, world.outsider.pk)).status_code in (302, 403, 404)
    response = stella.post(
        url("change", User, world.outsider.pk), {"username": "otto", "is_superuser": "on"}
    )
    assert response.status_code == 403
    world.outsider.refresh_from_db()
    assert not world.outsider.is_superuser


def test_another_authoritys_rows_are_not_listed_but_ones_own_are(stella: Client, rows: Rows):
    for model in scoped(rows):
        shown = listed(stella, model)
        assert rows.wirral[model].pk not in shown, model
        assert rows.wigan[model].pk in shown, model


def test_a_superuser_sees_every_authoritys_rows(ada: Client, rows: Rows):
    for model in scoped(rows):
        assert {rows.wirral[model].pk, rows.wigan[model].pk} <= listed(ada, model), model


def test_another_authoritys_pages_answer_as_for_a_missing_row(stella: Client, rows: Rows):
    for model in scoped(rows):
        row = rows.wirral[model]
        for page in ("change", "history", "delete"):
            response = stella.get(url(page, model, row.pk))
            assert refused(response), (model, page, response.status_code)
            assert str(row) not in response.content.decode(), (model, page)


def test_another_authoritys_older_versions_are_not_found(stella: Client, ada: Client, rows):
    checked = 0
    for model in scoped(rows):
        row = rows.wirral[model]
        if not hasattr(row, "history"):
            continue
        version = row.history.latest().history_id
        try:
            page = url("simple_history", model, row.pk, version)
        except NoReverseMatch:
            continue
        assert stella.get(page).status_code == 404, model
        assert refused(stella.post(page, {})), model
        assert ada.get(page).status_code == 200, model
        checked += 1
    assert checked >= 4


def test_a_post_to_another_authoritys_row_is_refused_and_changes_nothing(
    stella: Client, rows: Rows
):
    for model in scoped(rows):
        row = rows.wirral[model]
        before = model_to_dict(row)
        response = stella.post(url("change", model, row.pk), {"title": "Ours now", "text": "x"})
        assert refused(response), (model, response.status_code)
        row.refresh_from_db()
        assert model_to_dict(row) == before, model


def test_a_post_to_delete_another_authoritys_row_deletes_nothing(stella: Client, rows: Rows):
    for model in scoped(rows):
        row = rows.wirral[model]
        assert refused(stella.post(url("delete", model, row.pk), {"post": "yes"})), model
        assert model._default_manager.filter(pk=row.pk).exists(), model


def test_choices_offer_only_ones_own_authoritys_rows(stella: Client, rows: Rows):
    checked = 0
    for model in scoped(rows):
        response = stella.get(url("add", model))
        if response.status_code == 403:  # rows added elsewhere (the review queue, notices)
            continue
        for name, field in response.context["adminform"].form.fields.items():
            if not isinstance(field, ModelChoiceField):
                continue
            related = field.queryset
            if related is None or related.model not in rows.wirral:
                continue
            assert rows.wirral[related.model] not in related, (model, name)
            assert rows.wigan[related.model] in related, (model, name)
            checked += 1
    assert checked >= 4  # an action's finding, a finding's and a judgement's inspection...


def test_an_action_cannot_be_added_to_another_authoritys_finding(stella: Client, rows: Rows):
    response = stella.post(
        url("add", ActionItem),
        {"finding": rows.wirral[Finding].pk, "title": "Ours", "priority": "medium"},
    )

    assert response.status_code == 200
    assert "finding" in response.context["adminform"].form.errors
    assert not ActionItem.objects.filter(title="Ours").exists()


def test_the_autocomplete_offers_only_ones_own_findings(stella: Client, rows: Rows):
    response = stella.get(
        reverse("admin:autocomplete"),
        {"app_label": "actions", "model_name": "actionitem", "field_name": "finding", "term": ""},
    )

    offered = {int(result["id"]) for result in response.json()["results"]}
    assert rows.wigan[Finding].pk in offered
    assert rows.wirral[Finding].pk not in offered


def test_another_authoritys_letter_cannot_be_previewed_or_discarded(stella: Client, rows):
    staged = rows.wirral[StagedImport]
    preview = reverse("admin:inspections_inspection_import_preview", args=[staged.pk])

    assert stella.get(preview).status_code == 404
    assert stella.post(preview, {"discard": "1"}).status_code == 404
    staged.refresh_from_db()
    assert staged.status == StagedImport.Status.PENDING


def test_someone_elses_bulk_import_cannot_be_followed(stella: Client, world: World):
    batch = ImportBatch.objects.create(created_by=world.outsider, total=3)

    for name in ("status", "progress"):
        page = reverse(f"admin:inspections_inspection_bulk_import_{name}", args=[batch.pk])
        assert stella.get(page).status_code == 404
    assert (
        batch
        not in stella.get(reverse("admin:inspections_inspection_bulk_import")).context["batches"]
    )


def test_the_themes_count_only_the_findings_one_may_see(stella: Client, ada: Client, rows):
    from inspections.tagging import set_themes_by_admin

    theme = Theme.objects.first()
    assert theme is not None
    for finding in (rows.wirral[Finding], rows.wigan[Finding]):
        set_themes_by_admin(finding=finding, themes=[theme])

    def count(client: Client) -> int:
        themes = client.get(url("changelist", Theme)).context["cl"].result_list
        return next(t.finding_count for t in themes if t.pk == theme.pk)

    assert (count(stella), count(ada)) == (1, 2)


def test_the_add_page_offers_as_owners_only_ones_own_authoritys_people(stella: Client, world):
    form = stella.get(url("add", ActionItem)).context["adminform"].form
    offered = {value for value, _label in form.fields["owner"].widget.choices if value}

    assert world.owner.pk in offered
    assert world.outsider.pk not in offered


def paste(client: Client, sample: str):
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    return client.post(reverse("admin:inspections_inspection_import"), {"text": text}, follow=True)


def test_ones_own_upload_of_another_authoritys_letter_cannot_be_imported_for_it(
    stella: Client, world: World
):
    preview = paste(stella, "wirral-2010-annual-unannounced.txt")
    authorities = preview.context["form"].fields["authority"].queryset
    assert world.wigan in authorities
    assert world.wirral not in authorities

    data = preview_post_data(preview)
    assert data["authority"] == str(world.wirral.pk)  # as the letter names it
    response = stella.post(preview.request["PATH_INFO"], data)

    assert response.status_code == 200
    assert "authority" in response.context["form"].errors
    assert not Inspection.objects.filter(authority=world.wirral).exists()


def test_a_letter_waiting_for_the_services_review_is_not_opened_for_a_council(
    stella: Client, ada: Client
):
    paste(ada, "wirral-2010-annual-unannounced.txt")

    response = paste(stella, "wirral-2010-annual-unannounced.txt")

    assert response.redirect_chain == []
    assert "already waiting for the service" in response.content.decode()
