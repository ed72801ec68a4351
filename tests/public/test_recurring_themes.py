"""Recurring themes: on the public authority page and in the staff workspace."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from actions.selectors import recurring_themes
from inspections.models import FindingTheme, Inspection, LocalAuthority, Membership, Theme
from tests.conftest import make_user
from tests.public.conftest import KIND, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_data(db) -> None:
    call_command("load_sample_data", stdout=io.StringIO())


def years(theme_name: str, authority_name: str = "Wigan") -> list[int]:
    inspections = Inspection.objects.published().filter(authority__name=authority_name)
    for item in recurring_themes(inspections):
        if item.theme.name == theme_name:
            visits = [o.inspection.visit_start for o in item.occurrences]
            assert None not in visits
            return [visit.year for visit in visits if visit is not None]
    return []


def test_wigan_keeps_coming_back_to_the_quality_of_assessments_and_plans(sample_data):
    assert years("Quality of assessments and plans") == [2010, 2017, 2020]
    assert years("Quality assurance and audit") == [2017, 2020]


def test_the_authority_page_links_each_occurrence_of_a_recurring_theme(client, sample_data):
    page = client.get("/authorities/wigan/").content.decode()

    start = page.index(">Quality of assessments and plans</h3>")
    section = page[start : page.index("<h3", start)]
    for inspection in Inspection.objects.filter(authority__name="Wigan"):
        assert f'href="/inspections/{inspection.pk}/#finding-' in section
    assert "Raised in 3 inspections" in section


def test_a_theme_in_one_inspection_only_is_not_recurring(wigan):
    publish(wigan, year=2017, findings=[(KIND.RECOMMENDATION, "Reduce caseloads.")])
    publish(wigan, year=2020, findings=[(KIND.STRENGTH, "Caseloads are manageable.")])

    assert recurring_themes(Inspection.objects.filter(authority=wigan)) == []


def test_strengths_do_not_make_a_theme_recurring_but_priority_actions_do(wigan):
    publish(wigan, year=2015, findings=[(KIND.STRENGTH, "Audits are good.")])
    publish(wigan, year=2017, findings=[(KIND.PRIORITY_ACTION, "Audit is weak.")])
    publish(wigan, year=2020, findings=[(KIND.AREA_FOR_DEVELOPMENT, "Audits to improve.")])

    assert years("Quality assurance and audit") == [2017, 2020]


def test_an_admins_correction_takes_a_theme_off_the_recurring_list(wigan):
    publish(wigan, year=2017, findings=[(KIND.RECOMMENDATION, "Audit the plans.")])
    later = publish(wigan, year=2020, findings=[(KIND.RECOMMENDATION, "Audit more often.")])
    FindingTheme.objects.filter(finding__inspection=later, theme__slug="quality-assurance").update(
        applies=False, source=FindingTheme.Source.ADMIN
    )

    assert years("Quality assurance and audit") == []


def test_unpublished_inspections_count_only_in_the_workspace(client, wigan):
    publish(wigan, year=2017, findings=[(KIND.RECOMMENDATION, "Audit the plans.")])
    publish(wigan, year=2020, published=False, findings=[(KIND.RECOMMENDATION, "Audit more.")])
    client.force_login(make_user("mandy", wigan, Membership.Role.VIEWER))

    public = client.get("/authorities/wigan/").content.decode()
    workspace = client.get("/work/themes/").content.decode()

    assert "Quality assurance and audit</h3>" not in public
    assert "Quality assurance and audit</h3>" in workspace
    assert "/work/inspections/" in workspace


def test_the_workspace_page_asks_for_sign_in(client, db):
    response = client.get("/work/themes/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_workspace_page_shows_only_the_users_own_authorities(client, wigan):
    publish(wigan, year=2017, findings=[(KIND.RECOMMENDATION, "Audit the plans.")])
    publish(wigan, year=2020, published=False, findings=[(KIND.RECOMMENDATION, "Audit more.")])
    wirral = LocalAuthority.objects.get(name="Wirral")
    client.force_login(make_user("otto", wirral, Membership.Role.MANAGER))

    page = client.get("/work/themes/").content.decode()

    assert "Wigan" not in page
    assert "No theme has come up in more than one inspection of your authorities yet." in page


def test_the_vocabulary_is_in_the_database_for_admins_to_pick(wigan):
    publish(wigan, year=2020, findings=[(KIND.STRENGTH, "Fine.")])

    assert Theme.objects.filter(slug="voice-of-the-child").exists()
