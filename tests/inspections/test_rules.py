"""An inspection's date and label, and who may own actions: each rule's SQL and Python
forms agree over a table of cases."""

from __future__ import annotations

import datetime

import pytest

from inspections.memberships import Membership
from inspections.models import Finding, Inspection, LocalAuthority, date_expression
from inspections.permissions import may_own_actions, possible_owners
from tests.conftest import make_user

VISIT = datetime.date(2020, 1, 14)
LETTER = datetime.date(2020, 2, 10)
PUBLISHED = datetime.date(2020, 3, 2)

# (visit_start, letter_date, published_date) -> (date, label)
DATES = [
    ((VISIT, LETTER, PUBLISHED), (VISIT, "Focused visit, January 2020")),
    ((None, LETTER, PUBLISHED), (LETTER, "Focused visit, February 2020")),
    ((None, None, PUBLISHED), (PUBLISHED, "Focused visit, March 2020")),
    ((VISIT, None, None), (VISIT, "Focused visit, January 2020")),
    ((None, None, None), (None, "Focused visit")),
]


@pytest.mark.parametrize(("dates", "expected"), DATES, ids=[str(i) for i in range(len(DATES))])
def test_an_inspections_date_agrees_in_sql_and_python(db, dates, expected):
    visit_start, letter_date, published_date = dates
    inspection = Inspection.objects.create(
        authority=LocalAuthority.objects.get(name="Wigan"),
        kind=Inspection.Kind.FOCUSED_VISIT,
        title="Focused visit to Wigan",
        visit_start=visit_start,
        letter_date=letter_date,
        published_date=published_date,
    )
    date, label = expected

    finding = Finding.objects.create(inspection=inspection, kind="strength", text="", position=0)
    from_finding = Finding.objects.filter(pk=finding.pk).values_list(
        date_expression("inspection__"), flat=True
    )

    assert inspection.date == date
    assert Inspection.objects.with_date().get(pk=inspection.pk).inspected_on == date
    assert from_finding.get() == date
    assert inspection.label == label


# (role in Wigan, or "" for none; active; superuser) -> may own Wigan's actions
OWNERS = [
    ((Membership.Role.OWNER, True, False), True),
    ((Membership.Role.MANAGER, True, False), True),
    ((Membership.Role.ADMIN, True, False), True),
    ((Membership.Role.VIEWER, True, False), False),
    ((Membership.Role.OWNER, False, False), False),
    (("", True, False), False),
    (("", True, True), False),
    ((Membership.Role.OWNER, True, True), True),
]


@pytest.mark.parametrize(("person", "expected"), OWNERS, ids=[str(i) for i in range(len(OWNERS))])
def test_who_may_own_actions_agrees_in_sql_and_python(db, person, expected):
    role, active, superuser = person
    wigan = LocalAuthority.objects.get(name="Wigan")
    user = make_user("person", wigan if role else None, role)
    user.is_active, user.is_superuser = active, superuser
    user.save()

    assert may_own_actions(user, wigan.pk) is expected
    assert possible_owners([wigan.pk]).filter(pk=user.pk).exists() is expected
