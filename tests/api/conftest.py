"""The world of tests/conftest.py, seen through the API: everyone in it has a read-and-write
token, and Wigan has a published inspection beside the unpublished one, with an action
owned by the colleague (so that the colleague is the owner of another action)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from rest_framework.test import APIClient

from actions.models import ActionItem, ApiToken
from actions.tokens import issue_token
from inspections.models import Finding, Inspection, Judgement, Membership
from tests.conftest import World, make_user

HIGH_RATES = {"anon": "100000/minute", "user": "100000/minute"}


@pytest.fixture(autouse=True)
def _api_settings(settings):
    """Throttling off in effect (the throttle test sets its own rates), and no counts
    carried over from another test."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": HIGH_RATES}
    cache.clear()
    yield
    cache.clear()


@dataclass
class ApiWorld:
    world: World
    admin: User
    published: Inspection
    public_finding: Finding
    public_action: ActionItem
    keys: dict[str, str]

    def client(self, who: str | None) -> APIClient:
        """A client that sends the named person's token, or none for `None`."""
        client = APIClient()
        if who is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {self.keys[who]}")
        return client


def make_admin(username: str, authority) -> User:
    """A council administrator: an admin of the authority who may import letters."""
    admin = make_user(username, authority, Membership.Role.ADMIN)
    admin.is_staff = True
    admin.save()
    admin.user_permissions.add(Permission.objects.get(codename="add_inspection"))
    return admin


@pytest.fixture
def api(world) -> ApiWorld:
    admin = make_admin("ada", world.wigan)
    published = Inspection.objects.create(
        authority=world.wigan,
        kind=Inspection.Kind.SIF,
        title="Inspection of services for children in need of help and protection",
        visit_start=datetime.date(2017, 1, 9),
        visit_end=datetime.date(2017, 2, 2),
        lead_inspector="Lena Lead",
        inspectors=["Lena Lead", "Ian Inspector"],
        overall_judgement="good",
        published=True,
    )
    Judgement.objects.create(
        inspection=published, area="Leadership, management and governance", grade="good"
    )
    public_finding = Finding.objects.create(
        inspection=published,
        kind=Finding.Kind.RECOMMENDATION,
        text="Improve the quality of supervision.",
        heading="Recommendations",
        position=0,
    )
    public_action = ActionItem.objects.create(
        finding=public_finding,
        title="Supervision audit",
        description="Internal plan: audit supervision files.",
        owner=world.colleague,
        due_date=datetime.date(2030, 3, 31),
    )
    people = {
        "viewer": world.viewer,
        "owner": world.owner,
        "colleague": world.colleague,
        "outsider": world.outsider,
        "manager": world.manager,
        "admin": admin,
    }
    keys = {
        role: issue_token(user=user, name="tests", scope=ApiToken.Scope.READ_WRITE)[1]
        for role, user in people.items()
    }
    return ApiWorld(world, admin, published, public_finding, public_action, keys)
