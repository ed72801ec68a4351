"""The list of actions: who sees what, every filter and sort, paging, and bulk assignment."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from actions.filters import OptionsSelect
from actions.models import ActionItem, DueDateChange, Priority, Status
from actions.workspace.views import lists
from inspections.models import Finding, Inspection, Membership
from tests.conftest import make_user
from tests.dates import date_fields

LIST = reverse("workspace:actions")
ASSIGN = reverse("workspace:actions_assign")
TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def add_action(
    inspection: Inspection,
    title: str,
    *,
    kind: str = Finding.Kind.AREA_FOR_DEVELOPMENT,
    finding_text: str = "",
    **fields,
) -> ActionItem:
    """An action on a finding of its own, placed straight in the state the test needs."""
    finding = Finding.objects.create(
        inspection=inspection,
        kind=kind,
        text=finding_text or f"The finding behind {title}.",
        position=inspection.findings.count(),
    )
    if fields.get("status") in (Status.COMPLETED, Status.VERIFIED):
        fields.setdefault("completed_at", timezone.now())
    if fields.get("status") == Status.VERIFIED:
        fields.setdefault("verified_at", timezone.now())
    return ActionItem.objects.create(finding=finding, title=title, **fields)


def titles(response) -> list[str]:
    """The action titles in the table, in the order shown."""
    return [row.action.title for row in response.context["rows"]]


def listed(client, **params) -> list[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return titles(response)


@pytest.fixture
def wirral_inspection(world) -> Inspection:
    return Inspection.objects.create(
        authority=world.wirral, kind=Inspection.Kind.ILACS_STANDARD, title="Wirral ILACS"
    )


@pytest.fixture
def signed_in_manager(client, world):
    client.force_login(world.manager)
    return client


# Who sees the list


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_shows_a_wigan_viewer_wigan_actions_only(client, world, wirral_inspection):
    add_action(wirral_inspection, "Wirral secret plan")
    client.force_login(world.viewer)

    response = client.get(LIST)

    assert titles(response) == ["Improve audits"]
    assert b"Wirral secret plan" not in response.content
    assert "1 action" in response.content.decode()


def test_it_shows_the_wirral_manager_none_of_wigans_actions(client, world, wirral_inspection):
    add_action(wirral_inspection, "Wirral plan")
    client.force_login(world.outsider)

    response = client.get(LIST)

    assert titles(response) == ["Wirral plan"]
    assert b"Improve audits" not in response.content
    assert b"Focused visit to Wigan" not in response.content


def test_it_shows_a_superuser_every_authoritys_actions(client, world, wirral_inspection):
    add_action(wirral_inspection, "Wirral plan")
    client.force_login(User.objects.create_superuser("ada", "ada@example.org", "pw-123456789"))

    assert sorted(listed(client)) == ["Improve audits", "Wirral plan"]


def test_a_row_shows_the_action_and_links_to_it(signed_in_manager, world):
    ActionItem.objects.filter(pk=world.action.pk).update(
        due_date=days(-3), priority=Priority.HIGH, status=Status.IN_PROGRESS
    )

    page = signed_in_manager.get(LIST).content.decode()

    assert f'href="{reverse("workspace:action", args=[world.action.pk])}"' in page
    for text in ["Improve audits", "Area for development", "Wigan", "Focused visit", "owen"]:
        assert text in page
    assert format_date(days(-3), "j F Y") in page
    assert '<strong class="govuk-tag">In progress</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in page


# Filters


def test_it_filters_by_authority_offering_only_the_users_authorities(
    client, world, wirral_inspection
):
    add_action(wirral_inspection, "Wirral plan")
    superuser = User.objects.create_superuser("ada", "ada@example.org", "pw-123456789")
    client.force_login(superuser)
    assert listed(client, authority=world.wirral.pk) == ["Wirral plan"]

    client.force_login(world.viewer)
    response = client.get(LIST, {"authority": world.wirral.pk})
    offered = response.context["filter_form"].fields["authority"].queryset
    assert list(offered) == [world.wigan]
    assert response.context["error_summary"], "another authority is refused, not applied"
    assert titles(response) == ["Improve audits"]


def test_it_filters_by_inspection(signed_in_manager, world):
    other = Inspection.objects.create(authority=world.wigan, title="Monitoring visit to Wigan")
    add_action(other, "Monitoring follow-up")

    assert listed(signed_in_manager, inspection=other.pk) == ["Monitoring follow-up"]
    assert listed(signed_in_manager, inspection=world.inspection.pk) == ["Improve audits"]


def test_it_filters_by_kind_of_finding(signed_in_manager, world):
    add_action(world.inspection, "Urgent fix", kind=Finding.Kind.PRIORITY_ACTION)

    assert listed(signed_in_manager, finding_kind="priority_action") == ["Urgent fix"]


def test_it_filters_by_several_statuses(signed_in_manager, world):
    add_action(world.inspection, "Blocked one", status=Status.BLOCKED)
    add_action(world.inspection, "Done one", status=Status.COMPLETED)

    both = signed_in_manager.get(LIST + "?status=blocked&status=completed")

    assert sorted(titles(both)) == ["Blocked one", "Done one"]
    assert listed(signed_in_manager, status="not_started") == ["Improve audits"]


def test_it_filters_by_rag_rating(signed_in_manager, world):
    ActionItem.objects.filter(pk=world.action.pk).update(due_date=days(60))
    owner = world.owner
    add_action(world.inspection, "Late", owner=owner, due_date=days(-1))
    add_action(world.inspection, "Soon", owner=owner, due_date=days(3))
    add_action(world.inspection, "Stuck", owner=owner, due_date=days(90), status=Status.BLOCKED)
    add_action(world.inspection, "Closed and late", due_date=days(-5), status=Status.COMPLETED)
    add_action(world.inspection, "Nobody's and late", due_date=days(-1))
    add_action(world.inspection, "Owned, no date", owner=owner)

    assert listed(signed_in_manager, rag="red") == ["Late"]
    assert listed(signed_in_manager, rag="amber") == ["Soon", "Stuck"]
    assert listed(signed_in_manager, rag="green") == ["Improve audits"]
    assert listed(signed_in_manager, rag="not_scheduled") == ["Nobody's and late", "Owned, no date"]


def test_it_filters_by_due_soon_and_by_a_due_date_request_waiting(signed_in_manager, world):
    soon = add_action(world.inspection, "Soon", owner=world.owner, due_date=days(14))
    add_action(world.inspection, "Too far", owner=world.owner, due_date=days(15))
    add_action(world.inspection, "Late", owner=world.owner, due_date=days(-1))
    add_action(world.inspection, "Done", due_date=days(2), status=Status.COMPLETED)
    for state in ("pending", "refused"):
        DueDateChange.objects.create(
            action=soon if state == "pending" else world.action,
            requested_by=world.owner,
            to_date=days(40),
            reason="More time.",
            state=state,
        )

    assert listed(signed_in_manager, due_soon="yes") == ["Soon"]
    assert listed(signed_in_manager, due_date_request="yes") == ["Soon"]


def test_it_filters_by_owner_me_unassigned_or_a_person(client, world):
    add_action(world.inspection, "Colin's", owner=world.colleague)
    add_action(world.inspection, "Nobody's")
    client.force_login(world.colleague)

    assert listed(client, owner="me") == ["Colin's"]
    assert listed(client, owner="unassigned") == ["Nobody's"]
    assert listed(client, owner=world.owner.pk) == ["Improve audits"]


def test_the_owner_choices_are_me_unassigned_and_the_people_who_own_actions(
    client, world, wirral_inspection
):
    add_action(wirral_inspection, "Wirral's", owner=world.outsider)
    client.force_login(world.viewer)

    response = client.get(LIST)

    choices = list(response.context["filter_form"].fields["owner"].choices)
    assert choices == [
        ("", "Anyone"),
        ("me", "Me"),
        ("unassigned", "Unassigned"),
        (
            str(world.owner.pk),
            "owen",
        ),
    ]


def test_it_filters_by_priority(signed_in_manager, world):
    add_action(world.inspection, "Important", priority=Priority.HIGH)

    assert listed(signed_in_manager, priority="high") == ["Important"]


def test_it_filters_by_due_dates_either_side_inclusive(signed_in_manager, world):
    ActionItem.objects.filter(pk=world.action.pk).update(due_date=datetime.date(2026, 3, 1))
    add_action(world.inspection, "April", due_date=datetime.date(2026, 4, 1))
    add_action(world.inspection, "May", due_date=datetime.date(2026, 5, 1))

    # As the date input's three boxes send them.
    assert listed(signed_in_manager, **date_fields("due_after", "2026-04-01")) == ["April", "May"]
    both = {**date_fields("due_after", "2026-03-02"), **date_fields("due_before", "2026-04-30")}
    assert listed(signed_in_manager, **both) == ["April"]
    # As a link or an older bookmark carries one value.
    assert listed(signed_in_manager, due_after="2026-04-01") == ["April", "May"]
    assert listed(signed_in_manager, due_before="1/4/2026") == ["Improve audits", "April"]


def test_a_date_it_cannot_read_is_an_error_on_the_page(signed_in_manager, world):
    response = signed_in_manager.get(LIST, {"due_before": "next Tuesday"})

    assert response.context["error_summary"][0]["href"] == "#id_due_before_day"
    assert "<title>Error: Actions" in response.content.decode()
    assert "Due on or before must be a real date" in response.content.decode()

    typed = signed_in_manager.get(LIST, date_fields("due_after", "2026-02-30"))
    assert typed.context["error_summary"][0]["text"] == "Due on or after must be a real date"


def test_it_filters_to_overdue_open_actions(signed_in_manager, world):
    add_action(world.inspection, "Late", due_date=days(-1))
    add_action(world.inspection, "Late but done", due_date=days(-1), status=Status.VERIFIED)
    add_action(world.inspection, "Due today", due_date=TODAY)

    assert listed(signed_in_manager, overdue="yes") == ["Late"]
    assert len(listed(signed_in_manager)) == 4


@pytest.mark.parametrize(
    "words", ["safeguarding", "SAFEGUARDING", "multi-agency", "Missing from home"]
)
def test_free_text_search_looks_in_title_description_and_finding(signed_in_manager, world, words):
    add_action(world.inspection, "Strengthen safeguarding")
    add_action(world.inspection, "Partnership", description="Agree a multi-agency protocol.")
    add_action(
        world.inspection, "Return interviews", finding_text="Missing from home episodes rise."
    )

    found = listed(signed_in_manager, q=words)

    assert len(found) == 1
    assert found[0] in ["Strengthen safeguarding", "Partnership", "Return interviews"]


def test_free_text_search_needs_all_of_its_text_in_one_place(signed_in_manager, world):
    add_action(world.inspection, "Strengthen safeguarding")

    assert listed(signed_in_manager, q="safeguarding audits") == []
    assert listed(signed_in_manager, q="  audits ") == ["Improve audits"]


# Sorting


@pytest.fixture
def sortable(world):
    """Three actions that each sort differently by every key."""
    bea = make_user("bea", world.wigan, Membership.Role.OWNER)
    bea.first_name, bea.last_name = "Bea", "Zephyr"
    bea.save()
    ActionItem.objects.filter(pk=world.action.pk).update(
        due_date=days(30), priority=Priority.MEDIUM, status=Status.IN_PROGRESS
    )
    add_action(
        world.inspection, "apply thresholds", owner=bea, due_date=days(5), priority=Priority.LOW
    )
    add_action(world.inspection, "Zero waiting list", priority=Priority.HIGH, status=Status.BLOCKED)
    ActionItem.objects.filter(title="apply thresholds").update(updated_at=timezone.now())


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["apply thresholds", "Improve audits", "Zero waiting list"]),
        ("-title", ["Zero waiting list", "Improve audits", "apply thresholds"]),
        ("owner", ["apply thresholds", "Improve audits", "Zero waiting list"]),
        ("-owner", ["Improve audits", "apply thresholds", "Zero waiting list"]),
        ("status", ["apply thresholds", "Improve audits", "Zero waiting list"]),
        ("-status", ["Zero waiting list", "Improve audits", "apply thresholds"]),
        ("priority", ["Zero waiting list", "Improve audits", "apply thresholds"]),
        ("-priority", ["apply thresholds", "Improve audits", "Zero waiting list"]),
        ("due_date", ["apply thresholds", "Improve audits", "Zero waiting list"]),
        ("-due_date", ["Improve audits", "apply thresholds", "Zero waiting list"]),
        ("-updated", ["apply thresholds", "Zero waiting list", "Improve audits"]),
        (None, ["apply thresholds", "Improve audits", "Zero waiting list"]),
    ],
)
def test_it_sorts_by_each_column_with_empty_values_last(
    signed_in_manager, sortable, sort, expected
):
    params = {"sort": sort} if sort else {}

    assert listed(signed_in_manager, **params) == expected


def test_it_sorts_by_authority(client, world, wirral_inspection):
    add_action(wirral_inspection, "Wirral plan")
    client.force_login(User.objects.create_superuser("ada", "ada@example.org", "pw-123456789"))

    assert listed(client, sort="authority") == ["Improve audits", "Wirral plan"]
    assert listed(client, sort="-authority") == ["Wirral plan", "Improve audits"]


def test_sort_headers_keep_the_filters_and_say_how_the_table_is_sorted(signed_in_manager, world):
    page = signed_in_manager.get(LIST, {"priority": "medium", "sort": "title", "q": ""})
    html = page.content.decode()

    assert 'aria-sort="ascending"' in html
    assert 'href="?priority=medium&amp;sort=-title"' in html
    assert 'href="?priority=medium&amp;sort=due_date"' in html


# Paging


def test_it_shows_fifty_a_page_and_paging_keeps_the_filters_and_sort(signed_in_manager, world):
    ActionItem.objects.bulk_create(
        ActionItem(finding=world.finding, title=f"Step {n:03}", priority=Priority.HIGH)
        for n in range(120)
    )
    filters = {"priority": "high", "sort": "title"}

    first = signed_in_manager.get(LIST, filters)
    third = signed_in_manager.get(LIST, {**filters, "page": 3})

    assert titles(first) == [f"Step {n:03}" for n in range(50)]
    assert titles(third) == [f"Step {n:03}" for n in range(100, 120)]
    assert "120 actions" in first.content.decode()
    assert 'href="?priority=high&amp;sort=title&amp;page=2"' in first.content.decode()


def test_pages_never_repeat_or_skip_actions_that_sort_the_same(signed_in_manager, world):
    ActionItem.objects.bulk_create(
        ActionItem(finding=world.finding, title="Same title") for _ in range(70)
    )

    seen = [
        row.action.pk
        for page in (1, 2)
        for row in signed_in_manager.get(LIST, {"sort": "title", "page": page}).context["rows"]
    ]

    assert len(seen) == len(set(seen)) == 71


def test_export_links_carry_exactly_the_filters(signed_in_manager, world):
    html = signed_in_manager.get(LIST, {"q": "audit", "page": "1", "rag": ""}).content.decode()

    assert f'href="{reverse("workspace:actions_export", args=["csv"])}?q=audit"' in html
    assert f'href="{reverse("workspace:actions_export", args=["xlsx"])}?q=audit"' in html


@pytest.mark.parametrize("count", [10, 200])
def test_the_list_runs_a_fixed_number_of_queries(
    signed_in_manager, world, django_assert_max_num_queries, count
):
    findings = Finding.objects.bulk_create(
        Finding(inspection=world.inspection, kind="recommendation", text=f"F{n}", position=n + 1)
        for n in range(count)
    )
    ActionItem.objects.bulk_create(
        ActionItem(finding=finding, title=f"A{n}", owner=world.colleague, due_date=days(n - 5))
        for n, finding in enumerate(findings)
    )

    with django_assert_max_num_queries(9):
        response = signed_in_manager.get(LIST, {"status": "not_started", "sort": "owner"})

    assert len(response.context["rows"]) == min(count + 1, 50)


def _actions_in_new_authorities(how_many: int, each: int) -> None:
    """`each` actions in each of `how_many` authorities that had none, with an owner."""
    from inspections.models import LocalAuthority

    without_actions = LocalAuthority.objects.filter(inspections__isnull=True).exclude(name="Wigan")
    for authority in without_actions.order_by("name")[:how_many]:
        inspection = Inspection.objects.create(
            authority=authority, kind=Inspection.Kind.FOCUSED_VISIT, title=f"{authority} visit"
        )
        finding = Finding.objects.create(inspection=inspection, kind="recommendation", position=0)
        owner = make_user(f"owner-{authority.pk}", authority, Membership.Role.OWNER)
        ActionItem.objects.bulk_create(
            ActionItem(finding=finding, title=f"A{n}", owner=owner, due_date=days(n))
            for n in range(each)
        )


def test_an_administrators_list_runs_the_same_queries_however_many_authorities(
    client, world, django_assert_num_queries
):
    client.force_login(User.objects.create_superuser("ada", "ada@example.org", "pw-123456789"))
    _actions_in_new_authorities(1, 3)
    client.get(LIST)  # the session's first read
    cache.clear()  # each measure renders the filter form (cached: see the tests below)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    _actions_in_new_authorities(6, 60)

    cache.clear()
    with django_assert_num_queries(len(few)):
        response = client.get(LIST, {"page": 2})

    assert response.context["page_obj"].number == 2


def test_the_list_never_loads_an_inspections_letter(signed_in_manager, world):
    Inspection.objects.filter(pk=world.inspection.pk).update(source_text="LETTER " * 1000)

    with CaptureQueriesContext(connection) as queries:
        signed_in_manager.get(LIST)

    assert not [q for q in queries.captured_queries if "source_text" in q["sql"]]


def test_past_the_count_limit_it_says_more_than_and_pages_on(signed_in_manager, world, monkeypatch):
    monkeypatch.setattr(lists, "COUNT_LIMIT", 60)
    ActionItem.objects.bulk_create(
        ActionItem(finding=world.finding, title=f"Step {n:03}") for n in range(129)
    )

    first = signed_in_manager.get(LIST, {"sort": "title"})
    third = signed_in_manager.get(LIST, {"sort": "title", "page": 3})
    past_the_end = signed_in_manager.get(LIST, {"sort": "title", "page": 9})

    html = first.content.decode()
    assert "More than 60 actions" in html
    assert "1 to 50 of more than 60" in html
    assert 'href="?sort=title&amp;page=2" rel="next"' in html
    assert 'aria-label="Page 3"' not in html  # the last page is not known
    # "Improve audits" sorts first, so the third page starts at step 99.
    assert titles(third) == [f"Step {n:03}" for n in range(99, 129)]
    assert 'rel="next"' not in third.content.decode()
    assert past_the_end.context["page_obj"].number == 1


def test_pagination_shows_the_ends_and_the_pages_around_this_one(signed_in_manager, world):
    ActionItem.objects.bulk_create(
        ActionItem(finding=world.finding, title=f"Step {n:03}") for n in range(400)
    )

    html = signed_in_manager.get(LIST, {"page": 5}).content.decode()

    shown = [n for n in range(1, 10) if f'aria-label="Page {n}"' in html]
    assert shown == [1, 4, 5, 6, 9]
    assert html.count("govuk-pagination__item--ellipsis") == 2


def test_a_filter_select_escapes_its_options_and_marks_the_chosen_one():
    select = OptionsSelect(
        choices=[("", "Any"), ("a", "Audits & <checks>"), ("Group", [(1, "One")])]
    )

    html = select.render("pick", "a", attrs={"class": "govuk-select", "id": "id_pick"})

    assert html == (
        '<select name="pick" class="govuk-select" id="id_pick">'
        '<option value="">Any</option>'
        '<option value="a" selected>Audits &amp; &lt;checks&gt;</option>'
        '<optgroup label="Group"><option value="1">One</option></optgroup>'
        "</select>"
    )


# Bulk assignment


def test_only_managers_get_checkboxes_and_the_assign_form(client, world):
    for user, shown in [(world.manager, True), (world.owner, False), (world.viewer, False)]:
        client.force_login(user)
        html = client.get(LIST).content.decode()
        assert (f'name="action" type="checkbox" value="{world.action.pk}"' in html) is shown
        assert ("Assign selected actions" in html) is shown


def test_the_assign_form_offers_the_people_of_the_listed_actions_authorities(client, world):
    both = make_user("bo", world.wigan, Membership.Role.MANAGER)
    Membership.objects.create(user=both, authority=world.wirral, role=Membership.Role.MANAGER)
    client.force_login(both)

    response = client.get(LIST)  # Wigan's action only: Wirral has none

    offered = {label for _value, label in response.context["assign_form"].fields["owner"].choices}
    assert {"owen", "colin"} <= offered
    assert "otto" not in offered


def test_there_is_no_assign_form_when_no_listed_action_can_be_assigned(client, world):
    # Wirral's manager, who may only read Wigan's actions: nothing listed is theirs to assign.
    Membership.objects.create(user=world.outsider, authority=world.wigan, role="viewer")
    client.force_login(world.outsider)

    response = client.get(LIST)

    assert titles(response) == ["Improve audits"]
    assert response.context["assign_form"] is None
    assert "Assign selected actions" not in response.content.decode()


def test_a_manager_assigns_an_owner_and_due_date_to_many(signed_in_manager, world):
    other = add_action(world.inspection, "Second")

    response = signed_in_manager.post(
        ASSIGN + "?status=not_started&sort=title&page=1",
        {
            "action": [world.action.pk, other.pk],
            "assign-owner": world.colleague.pk,
            **date_fields("assign-due_date", "2027-02-05"),
        },
    )

    assert response.status_code == 302
    assert response.url == LIST + "?status=not_started&sort=title&page=1"
    for action in (world.action, other):
        action.refresh_from_db()
        assert (action.owner, action.due_date) == (world.colleague, datetime.date(2027, 2, 5))
    shown = signed_in_manager.get(response.url).content.decode()
    assert "2 actions assigned to colin and due on 5 February 2027." in shown


def test_a_manager_can_set_only_a_due_date(signed_in_manager, world):
    signed_in_manager.post(
        ASSIGN, {"action": [world.action.pk], **date_fields("assign-due_date", "2027-03-01")}
    )

    world.action.refresh_from_db()
    assert (world.action.owner, world.action.due_date) == (world.owner, datetime.date(2027, 3, 1))


@pytest.mark.parametrize("who", ["owner", "viewer"])
def test_an_owner_or_viewer_cannot_assign(client, world, who):
    client.force_login(getattr(world, who))

    response = client.post(
        ASSIGN, {"action": [world.action.pk], "assign-owner": world.colleague.pk}
    )

    assert response.status_code == 403
    world.action.refresh_from_db()
    assert world.action.owner == world.owner


def test_another_authoritys_manager_gets_not_found_and_changes_nothing(client, world):
    client.force_login(world.outsider)

    response = client.post(
        ASSIGN, {"action": [world.action.pk], **date_fields("assign-due_date", "2027-01-01")}
    )

    assert response.status_code == 404
    world.action.refresh_from_db()
    assert world.action.due_date is None


def test_one_action_the_manager_cannot_manage_refuses_them_all(client, world, wirral_inspection):
    wirral_action = add_action(wirral_inspection, "Wirral plan")
    mixed = make_user("max", world.wigan, Membership.Role.MANAGER)
    Membership.objects.create(user=mixed, authority=world.wirral, role=Membership.Role.VIEWER)
    client.force_login(mixed)

    response = client.post(
        ASSIGN,
        {
            "action": [world.action.pk, wirral_action.pk],
            **date_fields("assign-due_date", "2027-01-01"),
        },
    )

    assert response.status_code == 403
    assert not ActionItem.objects.filter(due_date__isnull=False).exists()


def test_assigning_nothing_or_to_nobody_explains_itself(signed_in_manager, world):
    nothing_ticked = signed_in_manager.post(
        ASSIGN, {**date_fields("assign-due_date", "2027-01-01")}
    )
    no_change = signed_in_manager.post(ASSIGN, {"action": [world.action.pk]})

    assert "Select the actions to assign." in nothing_ticked.content.decode()
    assert "Choose an owner or a due date to apply." in no_change.content.decode()
    assert f'value="{world.action.pk}" checked' in no_change.content.decode()
    world.action.refresh_from_db()
    assert (world.action.owner, world.action.due_date) == (world.owner, None)


def test_an_owner_outside_the_managers_authorities_is_not_offered(signed_in_manager, world):
    response = signed_in_manager.post(
        ASSIGN, {"action": [world.action.pk], "assign-owner": world.outsider.pk}
    )

    assert "Select a valid choice" in response.content.decode()
    world.action.refresh_from_db()
    assert world.action.owner == world.owner


def test_an_owner_from_another_authority_is_refused_for_all(client, world, wirral_inspection):
    both = make_user("bo", world.wigan, Membership.Role.MANAGER)
    Membership.objects.create(user=both, authority=world.wirral, role=Membership.Role.MANAGER)
    wirral_action = add_action(wirral_inspection, "Wirral plan")
    wigan_action = add_action(world.inspection, "Wigan plan")
    client.force_login(both)

    # Otto may own Wirral's action, which is saved first, but not Wigan's.
    response = client.post(
        ASSIGN, {"action": [wirral_action.pk, wigan_action.pk], "assign-owner": world.outsider.pk}
    )

    assert "otto is not an action owner at this authority." in response.content.decode()
    assert not ActionItem.objects.filter(owner=world.outsider).exists()


def test_assign_only_accepts_posts(signed_in_manager):
    assert signed_in_manager.get(ASSIGN).status_code == 405


def test_the_filter_groups_cached_for_a_query_still_show_new_choices_and_its_values(
    signed_in_manager, world
):
    first = signed_in_manager.get(LIST, {"q": "audit", "priority": "high"}).content.decode()
    Inspection.objects.create(
        authority=world.wigan, kind=Inspection.Kind.FOCUSED_VISIT, title="Brand new visit"
    )
    ActionItem.objects.filter(pk=world.action.pk).update(owner=world.colleague)

    again = signed_in_manager.get(LIST, {"q": "audit", "priority": "high"}).content.decode()
    other = signed_in_manager.get(LIST, {"q": "plans"}).content.decode()

    assert "Brand new visit" not in first and "Brand new visit" in again
    assert f'<option value="{world.colleague.pk}"' in again, "owner choices read afresh"
    assert 'value="audit"' in again and '<option value="high" selected>' in again
    assert 'value="plans"' in other and '<option value="high" selected>' not in other


def test_the_cached_filter_groups_read_nothing_from_the_database(
    signed_in_manager, world, django_assert_num_queries
):
    """What the cache keeps must depend on the query string alone, not on data."""
    from actions.workspace.list_fragments import FILTER_DATA_FIELDS

    query = {"q": "audit", "status": "blocked", "due_after": "2026-13-01", "sort": "title"}
    form = signed_in_manager.get(LIST, query).context["filter_form"]
    with django_assert_num_queries(0):
        for name in form.fields:
            if name not in FILTER_DATA_FIELDS:
                form[name].as_field_group()


def test_a_rows_markup_escapes_its_text_and_ticks_what_was_selected(signed_in_manager, world):
    ActionItem.objects.filter(pk=world.action.pk).update(title='<b>"Audits"</b> & more')

    response = signed_in_manager.post(ASSIGN, {"action": [world.action.pk]})
    html = response.content.decode()

    assert "&lt;b&gt;&quot;Audits&quot;&lt;/b&gt; &amp; more</a>" in html
    assert "<b>" not in html.split('id="actions-table"')[1].split("</table>")[0]
    assert (
        f'id="select-{world.action.pk}" name="action" type="checkbox" '
        f'value="{world.action.pk}" checked>' in html
    )


def test_a_second_view_takes_the_filter_form_from_the_cache(signed_in_manager, world):
    with CaptureQueriesContext(connection) as cold:
        first = signed_in_manager.get(LIST, {"priority": "high"})
    with CaptureQueriesContext(connection) as warm:
        second = signed_in_manager.get(LIST, {"priority": "high"})

    assert len(warm) <= len(cold) - 3, "no authority, inspection or owner choices read"
    assert _without_tokens(second) == _without_tokens(first)


def _without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_cached_filter_form_is_each_persons_own(client, world, wirral_inspection):
    Membership.objects.create(user=world.colleague, authority=world.wirral, role="manager")
    wirral_option = f'<option value="{world.wirral.pk}">Wirral</option>'
    client.force_login(world.manager)
    assert wirral_option not in client.get(LIST).content.decode()
    client.force_login(world.colleague)

    assert wirral_option in client.get(LIST).content.decode()


# The whole list is kept per person and query string while their authorities' data stands


def test_a_second_view_of_the_same_list_reads_only_the_session_person_and_revisions(
    signed_in_manager, world
):
    signed_in_manager.get(LIST, {"sort": "title"})
    with CaptureQueriesContext(connection) as again:
        response = signed_in_manager.get(LIST, {"sort": "title"})

    assert len(again) == 3  # session, person, roles with their authorities' revision numbers
    assert "Improve audits" in response.content.decode()


def test_a_change_to_a_listed_action_shows_at_once(signed_in_manager, world):
    signed_in_manager.get(LIST)
    ActionItem.objects.filter(pk=world.action.pk).update(title="Audit every case file")

    page = signed_in_manager.get(LIST).content.decode()
    assert "Audit every case file" in page and "Improve audits" not in page


def test_each_query_string_and_page_is_its_own_copy(signed_in_manager, world):
    add_action(world.inspection, "Urgent one", priority=Priority.HIGH)
    assert "Urgent one" in signed_in_manager.get(LIST).content.decode()
    high = signed_in_manager.get(LIST, {"priority": "high"}).content.decode()
    low = signed_in_manager.get(LIST, {"priority": "low"}).content.decode()
    assert "Urgent one" in high and "Urgent one" not in low


def test_a_cached_list_carries_the_browsers_own_csrf_token(world):
    """Two browsers of one manager: the second is served the first one's list from the
    cache, and its assignment form still posts with its own token."""
    from django.test import Client

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for browser in (first, second):
        browser.force_login(world.manager)
    first.get(LIST)
    with CaptureQueriesContext(connection) as served:
        page = second.get(LIST).content.decode()
    assert len(served) == 3  # from the cache
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None
    token = found[1]

    response = second.post(
        ASSIGN,
        {
            "action": [world.action.pk],
            "assign-owner": world.colleague.pk,
            "csrfmiddlewaretoken": token,
        },
    )

    assert response.status_code == 302
    world.action.refresh_from_db()
    assert world.action.owner == world.colleague


def test_a_refused_assignment_is_shown_afresh_with_its_errors(signed_in_manager, world):
    signed_in_manager.get(LIST)  # the list in the cache
    response = signed_in_manager.post(ASSIGN, {"assign-owner": world.colleague.pk})

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Select the actions to assign.") >= 1
    assert "<title>Error: " in page
