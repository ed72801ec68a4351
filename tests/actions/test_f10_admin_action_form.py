"""F10: the admin's action form silently overwrote a concurrent change, and could give an
action to a person of another authority. The form carries the version it was loaded at and
a stale save is refused with the reason; the owner list offers only the people who may own
the action's authority's actions, and anyone else posted is refused by the services."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from actions import services
from actions.models import ActionItem, Notification
from inspections.models import Membership
from tests.conftest import World, make_user

pytestmark = pytest.mark.django_db

CHANGE = "admin:actions_actionitem_change"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser("ada", "ada@example.org", "correct-horse-9")


@pytest.fixture
def staff_manager(world: World) -> User:
    """A Wigan manager who may use the admin's action pages."""
    staff = make_user("stella", world.wigan, Membership.Role.MANAGER)
    staff.is_staff = True
    staff.save()
    staff.user_permissions.set(Permission.objects.filter(codename__endswith="actionitem"))
    return staff


def found(pattern: str, text: str) -> str:
    match = re.search(pattern, text, re.S)
    assert match is not None, pattern
    return match.group(1)


def page_form(client: Client, action: ActionItem) -> tuple[str, dict[str, str]]:
    """The change page, and what its form posts if nothing is changed, read from the HTML
    as a browser would (the hidden version included)."""
    page = client.get(reverse(CHANGE, args=[action.pk])).content.decode()
    data = {
        name: value
        for name, value in re.findall(
            r'<input type="(?:hidden|text)" name="([\w-]+)" value="([^"]*)"', page
        )
        if name != "csrfmiddlewaretoken"
    }
    for name in ("owner", "priority"):
        select = found(rf'<select name="{name}"[^>]*>(.*?)</select>', page)
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select)
        data[name] = chosen.group(1) if chosen else ""
    data.update({"description": action.description, "new_status": "", "reason": ""})
    return page, data


def offered_owners(page: str) -> set[str]:
    select = found(r'<select name="owner"[^>]*>(.*?)</select>', page)
    return set(re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select))


def errors_of(response) -> str:
    form = response.context["adminform"].form
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


@pytest.mark.parametrize("who", ["superuser", "staff_manager"])
def test_a_change_saved_after_the_form_was_loaded_is_refused_not_overwritten(
    world: World, who: str, request
):
    client = signed_in(request.getfixturevalue(who))
    page, data = page_form(client, world.action)
    assert data["seen_version"] == "1"  # the version the page was loaded at
    services.update_action(
        action=world.action, by=world.manager, expected_version=1, due_date=None, title="Theirs"
    )

    response = client.post(reverse(CHANGE, args=[world.action.pk]), {**data, "priority": "high"})

    assert response.status_code == 409
    assert "This action changed since you opened it." in errors_of(response)
    world.action.refresh_from_db()
    assert (world.action.title, world.action.priority, world.action.version) == (
        "Theirs",
        "medium",
        2,
    )


@pytest.mark.parametrize("who", ["superuser", "staff_manager"])
def test_the_owner_list_offers_only_people_who_may_own_the_authoritys_actions(
    world: World, who: str, request
):
    client = signed_in(request.getfixturevalue(who))

    page, data = page_form(client, world.action)

    # Owners and managers of Wigan, active; not its viewer, not Wirral's manager, not ada.
    expected = {str(world.owner), str(world.colleague), str(world.manager)}
    if who == "staff_manager":
        expected.add("stella")
    assert offered_owners(page) == expected
    assert data["owner"] == str(world.owner.pk)


@pytest.mark.parametrize("who", ["superuser", "staff_manager"])
def test_a_person_of_another_authority_posted_as_owner_is_refused(world: World, who: str, request):
    client = signed_in(request.getfixturevalue(who))
    _page, data = page_form(client, world.action)

    response = client.post(
        reverse(CHANGE, args=[world.action.pk]), {**data, "owner": world.outsider.pk}
    )

    assert response.status_code == 403
    assert "otto is not an action owner at this authority." in errors_of(response)
    world.action.refresh_from_db()
    assert (world.action.owner, world.action.version) == (world.owner, 1)
    assert not Notification.objects.filter(kind=Notification.Kind.ASSIGNED).exists()


def test_a_new_action_for_a_person_of_another_authority_is_refused(world: World, superuser):
    response = signed_in(superuser).post(
        reverse("admin:actions_actionitem_add"),
        {
            "finding": world.finding.pk,
            "title": "Audit supervision",
            "description": "",
            "owner": world.outsider.pk,
            "due_date": "",
            "priority": "medium",
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 403, errors_of(response)
    assert "otto is not an action owner at this authority." in errors_of(response)
    assert ActionItem.objects.count() == 1
