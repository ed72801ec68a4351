"""Managers' escalations and weekly summaries: each finding and action names its inspection,
findings are shortened at word boundaries, and statements of action that fall due within
ten working days, or are overdue, are listed with their deadline."""

from __future__ import annotations

import datetime

import pytest

from actions import notifications, reminders
from actions.models import Notification
from inspections.models import Finding, Inspection
from inspections.statements import StatementOfAction
from tests.reminders.conftest import TODAY, add_action, days, notices

Kind = Notification.Kind

LONG_FINDING = (
    "Leaders should strengthen the quality and consistency of management oversight and "
    "supervision so that social workers are helped to think about children's experiences "
    "and progress, and plans are reviewed regularly."
)


def escalation_email(mailoutbox):
    notifications.deliver_all()
    (message,) = [m for m in mailoutbox if m.subject.startswith("Escalation")]
    return message, message.alternatives[0][0]


@pytest.fixture
def visit(world) -> Inspection:
    """The world's focused visit, dated so that it has a label."""
    world.inspection.visit_start = datetime.date(2026, 10, 6)
    world.inspection.save()
    return world.inspection


def test_each_escalated_action_and_unowned_finding_names_its_inspection(world, visit, mailoutbox):
    add_action(world, world.owner, -20, "Very late")
    Finding.objects.create(
        inspection=visit, kind=Finding.Kind.RECOMMENDATION, text="No one on it.", position=1
    )

    reminders.sweep(TODAY)
    text, html = escalation_email(mailoutbox)

    assert "Wigan, Focused visit, October 2026: 20 days overdue" in text.body
    assert "Wigan, Focused visit, October 2026: Recommendation" in text.body
    assert html.count("Wigan, Focused visit, October 2026:") == 2


def test_a_long_finding_is_shortened_at_a_word_boundary(world, visit, mailoutbox):
    Finding.objects.create(
        inspection=visit, kind=Finding.Kind.RECOMMENDATION, text=LONG_FINDING, position=1
    )

    reminders.sweep(TODAY)

    (escalation,) = notices(Kind.ESCALATION)
    (unowned,) = escalation.payload["sections"]
    (item,) = unowned["items"]
    shortened = item["title"]
    assert shortened.endswith("…")
    kept = shortened.removesuffix("…").rstrip()
    assert LONG_FINDING.startswith(kept) and len(kept) < len(LONG_FINDING) - 20
    assert LONG_FINDING[len(kept)] == " "  # the last word kept is whole
    text, _html = escalation_email(mailoutbox)
    assert f"* {shortened}\n" in text.body


def test_a_short_finding_is_kept_whole(world, visit):
    Finding.objects.create(
        inspection=visit, kind=Finding.Kind.RECOMMENDATION, text="No one on it.", position=1
    )

    reminders.sweep(TODAY)

    (escalation,) = notices(Kind.ESCALATION)
    assert escalation.payload["sections"][0]["items"][0]["title"] == "No one on it."


def inspection(world, kind: str, letter_date: datetime.date, authority=None) -> Inspection:
    return Inspection.objects.create(
        authority=authority or world.wigan,
        kind=kind,
        title=f"{kind} {letter_date}",
        letter_date=letter_date,
    )


@pytest.fixture
def statements_due(world) -> dict[str, Inspection]:
    """Around TODAY (Tuesday 24 November 2026): one statement overdue, one draft and one
    final due within ten working days, one due later, and one already published."""
    visit = inspection(world, Inspection.Kind.FOCUSED_VISIT, datetime.date(2026, 10, 30))
    Finding.objects.create(
        inspection=visit, kind=Finding.Kind.PRIORITY_ACTION, text="Act now.", position=0
    )
    published = inspection(world, Inspection.Kind.SIF, datetime.date(2026, 8, 3))
    StatementOfAction.objects.create(inspection=published, published_at=TODAY_NOON)
    return {
        "overdue": inspection(world, Inspection.Kind.SIF, datetime.date(2026, 8, 10)),
        "draft": visit,
        "final": inspection(world, Inspection.Kind.ILACS_STANDARD, datetime.date(2026, 8, 24)),
        "later": inspection(world, Inspection.Kind.ILACS_SHORT, datetime.date(2026, 10, 1)),
        "published": published,
        "wirral": inspection(
            world, Inspection.Kind.SIF, datetime.date(2026, 8, 10), authority=world.wirral
        ),
    }


TODAY_NOON = datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC)


def test_escalations_list_statements_due_within_ten_working_days_or_overdue(
    world, statements_due, mailoutbox
):
    reminders.sweep(TODAY)

    (escalation,) = notices(Kind.ESCALATION, recipient=world.manager)
    section = escalation.payload["sections"][0]  # the first, before actions and findings
    assert section["name"] == "statements"
    listed = [(item["inspection_id"], item["title"], item["when"]) for item in section["items"]]
    assert listed == [
        (
            statements_due["overdue"].pk,
            "Statement of action",
            "overdue by 5 working days (17 November 2026)",
        ),
        (
            statements_due["draft"].pk,
            "Draft statement of action",
            "due in 3 working days (27 November 2026)",
        ),
        (
            statements_due["final"].pk,
            "Statement of action",
            "due in 5 working days (1 December 2026)",
        ),
    ]
    assert escalation.subject == (
        "Escalation: 1 statement of action overdue, 2 statements of action due soon "
        "and 1 finding with no owner"  # the focused visit's area for priority action
    )
    (wirrals,) = notices(Kind.ESCALATION, recipient=world.outsider)
    assert [i["inspection_id"] for i in wirrals.payload["sections"][0]["items"]] == [
        statements_due["wirral"].pk
    ]

    notifications.deliver_all()
    text, html = next(
        (m, m.alternatives[0][0]) for m in mailoutbox if m.to == ["mandy@example.org"]
    )
    line = "Wigan, Single inspection framework (SIF), August 2026: overdue by 5 working days"
    assert line in text.body and line in html
    url = f"https://tracker.example.gov.uk/work/inspections/{statements_due['draft'].pk}/"
    assert f"{url}#statement" in text.body and f"{url}#statement" in html


def test_a_statement_is_escalated_once_a_day_and_again_when_its_next_deadline_comes(
    world, statements_due
):
    reminders.sweep(TODAY)
    reminders.sweep(TODAY)
    assert len(notices(Kind.ESCALATION, recipient=world.manager)) == 1
    Notification.objects.update(
        state=Notification.State.SENT, sent_at=datetime.datetime.now(datetime.UTC)
    )

    reminders.sweep(days(1))  # nothing new since yesterday's
    assert len(notices(Kind.ESCALATION, recipient=world.manager)) == 1

    # A manager brings another inspection's deadline forward, into the next ten days.
    statement = StatementOfAction.objects.create(
        inspection=statements_due["later"], final_due=days(3), override_reason="Agreed"
    )
    reminders.sweep(days(2))
    latest = notices(Kind.ESCALATION, recipient=world.manager)[-1]
    assert latest.day == days(2)
    assert f"s{statement.inspection_id}:final:{days(3).isoformat()}" in latest.payload["seen"]


def test_a_published_or_distant_statement_is_not_escalated(world, statements_due):
    reminders.sweep(TODAY)

    (escalation,) = notices(Kind.ESCALATION, recipient=world.manager)
    (section, _unowned) = escalation.payload["sections"]
    listed = {item["inspection_id"] for item in section["items"]}
    assert statements_due["published"].pk not in listed
    assert statements_due["later"].pk not in listed


def test_the_weekly_summary_lists_each_authoritys_statements_due(world, statements_due, mailoutbox):
    reminders.plan_weekly_summaries(TODAY)

    (summary,) = notices(Kind.WEEKLY_SUMMARY, recipient=world.manager)
    (wigan,) = summary.payload["authorities"]
    assert [(s["inspection_id"], s["when"]) for s in wigan["statements"]] == [
        (statements_due["overdue"].pk, "overdue by 5 working days (17 November 2026)"),
        (statements_due["draft"].pk, "due in 3 working days (27 November 2026)"),
        (statements_due["final"].pk, "due in 5 working days (1 December 2026)"),
    ]
    notifications.deliver_all()
    (message,) = [m for m in mailoutbox if m.to == ["mandy@example.org"]]
    assert "Statements of action due soon or overdue:" in message.body
    assert (
        "* Draft statement of action, Focused visit, October 2026: due in 3 working days"
    ) in message.body
    url = f"https://tracker.example.gov.uk/work/inspections/{statements_due['draft'].pk}/"
    assert f"{url}#statement" in message.alternatives[0][0]
