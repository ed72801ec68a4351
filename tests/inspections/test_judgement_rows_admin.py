"""The judgement rows on the admin's inspection page: two rows may swap their areas, and
an area given twice is an error on the form, never a server error."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db.models.fields.files import FieldFile
from django.test import Client
from django.urls import reverse

from inspections.models import Grade, Judgement
from tests.conftest import World

pytestmark = pytest.mark.django_db


def page_data(response) -> dict[str, object]:
    """What the change page's forms post if nothing is changed, read from its forms."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict[str, object] = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False or isinstance(value, FieldFile):
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def judgement_rows(data: dict[str, object]) -> dict[str, str]:
    """The posted area of each judgement row, by the row's key prefix."""
    return {
        key.removesuffix("-area"): str(value)
        for key, value in data.items()
        if key.startswith("judgements-") and key.endswith("-area")
    }


@pytest.fixture
def client_and_page(world: World):
    Judgement.objects.create(inspection=world.inspection, area="Help", grade=Grade.GOOD, position=0)
    Judgement.objects.create(
        inspection=world.inspection, area="Care", grade=Grade.REQUIRES_IMPROVEMENT, position=1
    )
    client = Client()
    client.force_login(User.objects.create_superuser("ada", "ada@example.org", "pw-123456789"))
    url = reverse("admin:inspections_inspection_change", args=[world.inspection.pk])
    return client, url, page_data(client.get(url))


def areas_by_grade(world: World) -> dict[str, str]:
    return dict(world.inspection.judgements.values_list("grade", "area"))


def test_two_judgement_rows_swap_their_areas(world: World, client_and_page):
    client, url, data = client_and_page
    (first, help_), (second, care) = judgement_rows(data).items()
    assert (help_, care) == ("Help", "Care")

    response = client.post(url, {**data, f"{first}-area": "Care", f"{second}-area": "Help"})

    assert response.status_code == 302
    assert areas_by_grade(world) == {Grade.GOOD: "Care", Grade.REQUIRES_IMPROVEMENT: "Help"}


def test_an_area_given_twice_is_an_error_on_the_form(world: World, client_and_page):
    client, url, data = client_and_page
    (first, _), (second, _) = judgement_rows(data).items()

    response = client.post(url, {**data, f"{first}-area": "Care", f"{second}-area": "Care"})

    assert response.status_code == 200
    assert "Please correct the duplicate data for area" in response.content.decode()
    assert areas_by_grade(world) == {Grade.GOOD: "Help", Grade.REQUIRES_IMPROVEMENT: "Care"}


def test_a_new_row_may_take_the_area_another_row_gives_up(world: World, client_and_page):
    client, url, data = client_and_page
    (first, _), _second = judgement_rows(data).items()
    data = {**data, f"{first}-area": "Leadership", "judgements-TOTAL_FORMS": "3"}
    new_row = {"judgements-2-area": "Help", "judgements-2-grade": Grade.OUTSTANDING}
    new_row["judgements-2-position"] = "2"

    response = client.post(url, {**data, **new_row})

    assert response.status_code == 302
    assert areas_by_grade(world) == {
        Grade.GOOD: "Leadership",
        Grade.REQUIRES_IMPROVEMENT: "Care",
        Grade.OUTSTANDING: "Help",
    }


def test_a_row_may_take_the_area_of_a_row_deleted_in_the_same_save(world: World, client_and_page):
    client, url, data = client_and_page
    (first, _), (second, _) = judgement_rows(data).items()

    response = client.post(url, {**data, f"{first}-area": "Care", f"{second}-DELETE": "on"})

    assert response.status_code == 302
    assert areas_by_grade(world) == {Grade.GOOD: "Care"}
