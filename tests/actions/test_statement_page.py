"""The "Statement of action" section of the workspace inspection page: what everyone who
may see the inspection sees, and what only its managers may change or record."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from inspections.models import Finding, Inspection
from inspections.statements import StatementOfAction
from tests.dates import date_fields

D = datetime.date
# Tuesday 24 November 2026, at noon.
NOW = datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def visit(world) -> Inspection:
    """A focused visit with an area for priority action, letter on Friday 30 October 2026:
    draft due Friday 27 November (3 working days on), final Wednesday 10 February 2027."""
    inspection = world.inspection
    inspection.letter_date = D(2026, 10, 30)
    inspection.save()
    Finding.objects.create(
        inspection=inspection, kind=Finding.Kind.PRIORITY_ACTION, text="Act now.", position=1
    )
    return inspection


def page(client, inspection: Inspection):
    return client.get(reverse("workspace:inspection", args=[inspection.pk]))


def section_text(response) -> str:
    """The section's words, tags and spaces squeezed out, for reading like a person."""
    html = response.content.decode()
    start = html.index('id="statement"')
    end = html.index('<h2 class="govuk-heading-l">Findings</h2>')
    return " ".join(re.sub(r"<[^>]+>", " ", html[start:end]).split())


def change(inspection: Inspection, **values) -> tuple[str, dict[str, str]]:
    data = {"statement-requirement": values.get("requirement", "as_set_out")}
    data["statement-reason"] = values.get("reason", "")
    for name in ("received_on", "draft_due", "final_due"):
        data |= date_fields(f"statement-{name}", values.get(name))
    return reverse("workspace:statement_change", args=[inspection.pk]), data


def record_url(inspection: Inspection) -> str:
    return reverse("workspace:statement_record", args=[inspection.pk])


def test_the_section_says_why_a_statement_is_required_and_when_it_is_due(client, world, visit):
    client.force_login(world.manager)

    text = section_text(page(client, visit))

    assert (
        "Required Yes: this focused visit found 1 area for priority action, so a draft is "
        "due within 20 working days and the final within 70"
    ) in text
    assert "Report received 30 October 2026 (the letter date)" in text
    assert "Draft deadline 27 November 2026 (due in 3 working days)" in text
    assert "Final deadline 10 February 2027 (due in 53 working days)" in text
    assert "Submitted Not yet" in text and "Published Not yet" in text
    assert "Changed by a manager No: the framework’s defaults apply" in text
    assert "Warning" not in text


def test_an_overdue_deadline_is_a_warning(client, world, visit):
    StatementOfAction.objects.create(
        inspection=visit, draft_due=D(2026, 11, 20), override_reason="Ofsted asked for it early"
    )
    client.force_login(world.viewer)

    text = section_text(page(client, visit))

    assert (
        "Warning The draft deadline has passed: 20 November 2026 (overdue by 2 working days)."
    ) in text
    assert "Changed by a manager Ofsted asked for it early" in text


def test_an_inspection_that_needs_none_says_why(client, world):
    client.force_login(world.manager)

    response = page(client, world.inspection)

    text = section_text(response)
    assert "Required No: this focused visit found no areas for priority action" in text
    assert "Report received" not in text and "Submitted Not yet" not in text
    assert record_url(world.inspection) not in response.content.decode()


def test_a_manager_sees_the_buttons_and_the_form(client, world, visit):
    client.force_login(world.manager)

    response = page(client, visit)

    html = response.content.decode()
    assert 'value="submitted"' in html and 'value="published"' in html
    assert reverse("workspace:statement_change", args=[visit.pk]) in html
    assert 'name="statement-received_on_day"' in html


@pytest.mark.parametrize("who", ["owner", "viewer"])
def test_others_see_the_section_but_cannot_change_it(client, world, visit, who):
    client.force_login(getattr(world, who))

    response = page(client, visit)
    assert "Draft deadline 27 November 2026" in section_text(response)
    html = response.content.decode()
    assert record_url(visit) not in html and "statement-received_on" not in html

    url, data = change(visit, final_due=D(2027, 1, 5), reason="Because")
    refused = client.post(url, data)
    assert refused.status_code == 403
    assert "Only a manager of this authority" in refused.content.decode()
    assert client.post(record_url(visit), {"record": "published"}).status_code == 403
    assert not StatementOfAction.objects.exists()


def test_another_authoritys_manager_cannot_see_or_post(client, world, visit):
    client.force_login(world.outsider)

    assert page(client, visit).status_code == 404
    assert client.post(record_url(visit), {"record": "submitted"}).status_code == 404
    assert not StatementOfAction.objects.exists()


def test_a_manager_overrides_the_deadlines_with_a_reason(client, world, visit):
    client.force_login(world.manager)
    url, data = change(
        visit, received_on=D(2026, 11, 2), final_due=D(2027, 1, 29), reason="Letter came late"
    )

    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"].endswith(f"/inspections/{visit.pk}/#statement")
    text = section_text(client.get(response["Location"]))
    assert "Report received 2 November 2026" in text and "(the letter date)" not in text
    assert "Draft deadline 30 November 2026 (due in 4 working days)" in text
    assert "Final deadline 29 January 2027" in text
    assert "Changed by a manager Letter came late" in text
    statement = visit.statement
    assert statement.history.first().history_user == world.manager


def test_a_change_without_a_reason_is_shown_again_with_the_error(client, world, visit):
    client.force_login(world.manager)
    url, data = change(visit, final_due=D(2027, 1, 29))

    response = client.post(url, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Give the reason for the change" in html
    assert 'href="#id_statement-reason"' in html
    assert 'id="statement-change" open' in html
    assert 'value="29"' in html  # what the manager typed is kept
    assert not StatementOfAction.objects.exists()


def test_a_manager_records_the_statement_submitted_then_undoes_it(client, world, visit):
    world.manager.first_name, world.manager.last_name = "Mandy", "Manager"
    world.manager.save()
    client.force_login(world.manager)

    response = client.post(record_url(visit), {"record": "submitted"})
    assert response.status_code == 302
    text = section_text(client.get(response["Location"]))
    assert "Submitted 24 November 2026 at 12:00 by Mandy Manager" in text
    assert "Draft deadline 27 November 2026 (met: submitted 24 November 2026)" in text

    again = client.post(record_url(visit), {"record": "submitted"})
    assert again.status_code == 400
    assert "already recorded as submitted" in again.content.decode()

    client.post(record_url(visit), {"record": "undo-submitted"})
    assert "Submitted Not yet" in section_text(page(client, visit))


def test_a_deadline_met_late_says_by_how_many_working_days(client, world, visit):
    statement = StatementOfAction.objects.create(
        inspection=visit,
        # The draft was due on Friday 27 November; sent on Tuesday 1 December.
        submitted_at=datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC),
    )
    with time_machine.travel(datetime.datetime(2026, 12, 2, 12, tzinfo=datetime.UTC), tick=False):
        client.force_login(world.viewer)
        late = section_text(page(client, visit))
        statement.submitted_at = datetime.datetime(2026, 11, 26, 10, tzinfo=datetime.UTC)
        statement.save()
        on_time = section_text(page(client, visit))
    assert "27 November 2026 (submitted 1 December 2026, 2 working days late)" in late
    assert "27 November 2026 (met: submitted 26 November 2026)" in on_time

