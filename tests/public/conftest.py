"""Published inspections to read on the public site, built quickly in any number."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import pytest

from actions.models import ActionItem, Status
from inspections.models import Finding, Inspection, LocalAuthority
from inspections.tagging import tag_findings

KIND = Finding.Kind


def publish(
    authority: LocalAuthority,
    *,
    year: int,
    kind: str = Inspection.Kind.FOCUSED_VISIT,
    grade: str = "",
    findings: Sequence[tuple[str, str]] | None = None,
    published: bool = True,
    title: str = "",
) -> Inspection:
    """An inspection of `authority` visited in January of `year`, with its findings tagged."""
    inspection = Inspection.objects.create(
        authority=authority,
        kind=kind,
        title=title or f"{Inspection.Kind(kind).label} to {authority.name} children’s services",
        visit_start=datetime.date(year, 1, 14),
        visit_end=datetime.date(year, 1, 15),
        letter_date=datetime.date(year, 2, 20),
        lead_inspector="Lena Lead",
        inspectors=["Lena Lead", "Ian Inspector"],
        overall_judgement=grade,
        published=published,
    )
    tag_findings(
        Finding.objects.bulk_create(
            Finding(inspection=inspection, kind=kind, text=text, position=n)
            for n, (kind, text) in enumerate(findings or [])
        )
    )
    return inspection


def add_actions(inspection: Inspection, count: int, today: datetime.date) -> list[ActionItem]:
    """`count` actions spread over the inspection's actionable findings, in mixed states:
    every third completed, every third overdue."""
    findings = list(inspection.findings.actionable())
    now = datetime.datetime.combine(today, datetime.time(9), tzinfo=datetime.UTC)
    actions = []
    for n in range(count):
        done = n % 3 == 0
        actions.append(
            ActionItem(
                finding=findings[n % len(findings)],
                title=f"Action {n}",
                status=Status.COMPLETED if done else Status.IN_PROGRESS,
                completed_at=now if done else None,
                due_date=today + datetime.timedelta(days=-5 if n % 3 == 1 else 30),
            )
        )
    return ActionItem.objects.bulk_create(actions)


@pytest.fixture
def wigan(db) -> LocalAuthority:
    return LocalAuthority.objects.get(name="Wigan")
