"""An inspection in the workspace: its findings and actions, and managers adding actions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from actions.models import ActionItem, Status
from inspections.models import Finding, Judgement
from tests.conftest import make_user
from tests.dates import date_fields


def page_url(world) -> str:
    return reverse("workspace:inspection", args=[world.inspection.pk])


def add_url(finding: Finding) -> str:
    return reverse("workspace:finding_add_action", args=[finding.pk])


def form_data(finding: Finding, due_date: str | None = None, **values) -> dict[str, str]:
    values = {"title": "Train auditors", "priority": "high", **values}
    data = {f"finding-{finding.pk}-{name}": value for name, value in values.items()}
    return data | date_fields(f"finding-{finding.pk}-due_date", due_date)


def test_it_sends_anonymous_visitors_to_sign_in(client, world):
    for response in (client.get(page_url(world)), client.post(add_url(world.finding))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_shows_judgements_and_findings_by_kind_in_letter_order(client, world):
    Judgement.objects.create(inspection=world.inspection, area="Overall", grade="good")
    for position, kind, text in [
        (1, Finding.Kind.STRENGTH, "Leaders know their services well."),
        (2, Finding.Kind.AREA_FOR_DEVELOPMENT, "Plans for children are too vague."),
    ]:
        Finding.objects.create(inspection=world.inspection, kind=kind, text=text, position=position)
    client.force_login(world.viewer)

    response = client.get(page_url(world))

    assert response.status_code == 200
    groups = response.context["groups"]
    assert [g.heading for g in groups] == ["Areas for development", "Strengths"]
    assert [row.finding.position for row in groups[0].rows] == [0, 2]
    html = response.content.decode()
    assert "Overall" in html and "Good" in html
    assert (
        html.index("Casework audits")
        < html.index("Plans for children")
        < html.index("Leaders know")
    )


def test_each_actionable_finding_lists_its_actions_and_progress(client, world):
    ActionItem.objects.create(
        finding=world.finding,
        title="Audit ten cases",
        status=Status.COMPLETED,
        completed_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
        due_date=datetime.date(2026, 2, 5),
    )
    ActionItem.objects.create(finding=world.finding, title="Dropped", status=Status.CANCELLED)
    client.force_login(world.viewer)

    html = client.get(page_url(world)).content.decode()

    assert "1 of 2 actions completed" in html  # the cancelled action does not count
    assert reverse("workspace:action", args=[world.action.pk]) in html
    assert "5 February 2026" in html
    assert "owen" in html
    assert "Add an action" not in html  # viewers cannot add actions


def test_a_manager_adds_an_action_to_a_finding(client, world):
    client.force_login(world.manager)
    assert "Add an action" in client.get(page_url(world)).content.decode()

    response = client.post(
        add_url(world.finding),
        form_data(
            world.finding,
            description="Two days' training.",
            owner=str(world.colleague.pk),
            due_date="2027-03-27",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"{page_url(world)}#finding-{world.finding.pk}"
    action = world.finding.actions.get(title="Train auditors")
    assert (action.owner, action.due_date, action.priority, action.description) == (
        world.colleague,
        datetime.date(2027, 3, 27),
        "high",
        "Two days' training.",
    )
    assert "Action added: Train auditors" in client.get(response["Location"]).content.decode()


def test_a_manager_splits_a_finding_into_two_actions(client, world):
    client.force_login(world.manager)

    for title in ("Write the audit tool", "Run the first audits"):
        client.post(add_url(world.finding), form_data(world.finding, title=title))

    titles = set(world.finding.actions.values_list("title", flat=True))
    assert titles == {"Improve audits", "Write the audit tool", "Run the first audits"}
    html = client.get(page_url(world)).content.decode()
    assert "0 of 3 actions completed" in html


def test_a_form_with_errors_comes_back_with_an_error_summary(client, world):
    client.force_login(world.manager)

    typed = {f"finding-{world.finding.pk}-due_date_{part}": "x" for part in ("day", "month")}
    data = form_data(world.finding, title="", due_date="2027-03-27") | typed
    response = client.post(add_url(world.finding), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert f'href="#id_finding-{world.finding.pk}-title">Enter a title for the action' in html
    assert "Due date must be a real date" in html
    assert world.finding.actions.count() == 1


def test_only_members_who_own_actions_are_offered_as_owners(client, world):
    client.force_login(world.manager)

    choices = dict(
        client.get(page_url(world)).context["groups"][0].rows[0].form.fields["owner"].choices
    )

    assert set(choices.values()) == {"Nobody yet", "owen", "colin", "mandy"}


def test_a_viewer_cannot_be_made_an_owner(client, world):
    client.force_login(world.manager)

    response = client.post(
        add_url(world.finding), form_data(world.finding, owner=str(world.viewer.pk))
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert world.finding.actions.count() == 1


@pytest.mark.parametrize("who", ["owner", "viewer"])
def test_owners_and_viewers_may_not_add_actions(client, world, who):
    client.force_login(getattr(world, who))

    response = client.post(add_url(world.finding), form_data(world.finding))

    assert response.status_code == 403
    assert world.finding.actions.count() == 1


def test_another_authority_gets_not_found_for_the_page_and_the_form(client, world):
    client.force_login(world.outsider)

    assert client.get(page_url(world)).status_code == 404
    assert client.post(add_url(world.finding), form_data(world.finding)).status_code == 404
    assert world.finding.actions.count() == 1


def test_strengths_take_no_actions(client, world):
    strength = Finding.objects.create(
        inspection=world.inspection, kind=Finding.Kind.STRENGTH, text="Good.", position=1
    )
    client.force_login(world.manager)

    assert client.post(add_url(strength), form_data(strength)).status_code == 404


def test_adding_is_post_only(client, world):
    client.force_login(world.manager)

    assert client.get(add_url(world.finding)).status_code == 405


@pytest.mark.parametrize("actions", [10, 200])
@pytest.mark.parametrize("who", ["manager", "viewer"])
def test_the_page_runs_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries, actions, who
):
    findings = [world.finding] + [
        Finding.objects.create(
            inspection=world.inspection, kind=Finding.Kind.RECOMMENDATION, text=f"R{n}", position=n
        )
        for n in range(1, 6)
    ]
    for n in range(actions):
        owner = make_user(f"owner{n}") if n < 3 else world.owner
        ActionItem.objects.create(finding=findings[n % 6], title=f"Action {n}", owner=owner)
    client.force_login(getattr(world, who))

    with django_assert_max_num_queries(9):  # one of them: the statement of action's
        response = client.get(page_url(world))

    assert response.status_code == 200
