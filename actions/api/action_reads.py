"""How the API reads actions: each one a row of one query, written without model instances.

A page of actions is one query for the rows (`action_rows`) and, when any were completed or
verified, one for those people's names. What a user may do with each action is still
decided by services.allowed_targets and actions/permissions.py. The RAG rating and the
owner's name are worked out in Python by their own rules (ActionItem.rag, person_name),
once for each combination of what they read: in SQL, their expressions took longer to
build and compile than the rest of the page's query.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers

from actions import services
from actions.display import person_name
from actions.filters import ActionFilter
from actions.models import AMBER_WITHIN_DAYS, ActionItem, Rag, Status
from actions.plumbing.api import Link, link
from inspections.models import Finding

if TYPE_CHECKING:
    import datetime

    from django.contrib.auth.base_user import AbstractBaseUser

User = get_user_model()


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, user: Any) -> str:
        return person_name(user)


class ActionFindingSerializer(serializers.ModelSerializer):
    url = Link(view_name="api:finding-detail")

    class Meta:
        model = Finding
        fields = ["id", "url", "kind"]
        read_only_fields = fields


class ActionInspectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = Link(view_name="api:inspection-detail")
    title = serializers.CharField(read_only=True)


class ActionAuthoritySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)


LEAD_HELP = "Who leads the action, for the statement of action: a role or a person."
SUCCESS_MEASURE_HELP = "How the authority will know the action has worked."
RAG_HELP = (
    "Not scheduled when nobody owns it or it has no due date; else red when overdue, amber "
    f"when due within {AMBER_WITHIN_DAYS} days or blocked, green otherwise; null once the "
    "action is closed."
)

# The people an action names, each with the fields person_name reads.
PEOPLE = ("owner", "completed_by", "verified_by")
# What ActionSerializer reads of an action: the columns of one query (see action_rows).
ACTION_ROW = (
    "id",
    "title",
    "description",
    "lead",
    "success_measure",
    "status",
    "priority",
    "due_date",
    "owner_id",
    "finding_id",
    "completed_at",
    "completed_by_id",
    "verified_at",
    "verified_by_id",
    "version",
    "created_at",
    "updated_at",
    "finding__kind",
    "finding__inspection_id",
    "finding__inspection__title",
    "finding__inspection__authority_id",
    "finding__inspection__authority__name",
    "finding__inspection__authority__slug",
    *(f"{person}__{name}" for person in PEOPLE for name in ("first_name", "last_name", "username")),
)


def action_rows(actions: QuerySet[ActionItem]) -> QuerySet[ActionItem, dict[str, Any]]:
    """The actions as ActionSerializer reads them: dicts from one query. `actions` must
    already be limited to the user's (`for_user`)."""
    return actions.values(*ACTION_ROW)


class ActionQueryFilter(ActionFilter):
    """ActionFilter as the API reads it, with the RAG rating worked out by ActionSerializer
    rather than in SQL. Its form is never shown, so it holds only the
    parameters the request gave, and the sort, which applies even when not given. An
    absent parameter filters nothing and cannot be wrong (none is required), so the
    actions and the errors are the same; building, copying and cleaning every field, with
    the authorities' and inspections' querysets, was a sixth of an API list's cost."""

    rag_in_rows = False

    def get_form_class(self) -> type[forms.Form]:
        given = self.data or {}  # the query's parameters, which have no prefix in the API
        fields = {
            name: filter_.field
            for name, filter_ in self.filters.items()
            if name in given or name == "sort"
        }
        return type(f"{type(self).__name__}Form", (forms.Form,), fields)  # Meta names no form


def _rule_facts(
    status: str, authority_id: int, owner_id: int | None, completed_by_id: int | None
) -> ActionItem:
    """What the permission rules read of an action, and nothing else: a rule that came to
    read more would fail with AttributeError here rather than decide on a default."""
    inspection = SimpleNamespace(authority_id=authority_id)
    facts = SimpleNamespace(
        status=status,
        owner_id=owner_id,
        completed_by_id=completed_by_id,
        finding=SimpleNamespace(inspection=inspection),
    )
    return cast("ActionItem", facts)


class _RagFacts(SimpleNamespace):
    """What ActionItem.rag reads of an action, with the rules it asks: a model instance for
    each row cost more than the rest of the row. A rule that came to read more would fail
    with AttributeError here rather than decide on a default."""

    is_unscheduled = ActionItem.is_unscheduled
    is_overdue = ActionItem.is_overdue


class _NameFacts(SimpleNamespace):
    """What person_name reads of a person, with the methods it asks (as _RagFacts)."""

    USERNAME_FIELD = User.USERNAME_FIELD
    get_full_name = User.get_full_name
    get_username = User.get_username


class ActionRowsSerializer(serializers.ListSerializer):
    """A page of actions: each row written by ActionSerializer.to_representation."""

    child: ActionSerializer

    def to_representation(self, data: Any) -> list[dict[str, Any]]:
        return [self.child.to_representation(row) for row in data]


# ActionSerializer writes a row of `action_rows` in one pass instead of field by field, and
# needs no model instances: on a page of 50, DRF's per-field machinery and the instances
# took several times as long as the page's query. Its declared fields are the schema of what
# `to_representation` writes (the docstring is the schema's description).
class ActionSerializer(serializers.ModelSerializer):
    """An action as staff of its authority see it. `version` goes back with every change."""

    url = Link(view_name="api:action-detail")
    rag = serializers.ChoiceField(
        choices=Rag.choices, allow_null=True, read_only=True, help_text=RAG_HELP
    )
    owner = PersonSerializer(allow_null=True, read_only=True)
    finding = ActionFindingSerializer(read_only=True)
    inspection = ActionInspectionSerializer(read_only=True)
    authority = ActionAuthoritySerializer(read_only=True)
    completed_by = PersonSerializer(allow_null=True, read_only=True)
    verified_by = PersonSerializer(allow_null=True, read_only=True)
    allowed_transitions = serializers.ListField(
        child=serializers.ChoiceField(choices=Status.choices),
        read_only=True,
        help_text="The statuses you may move this action to now.",
    )
    updates_url = Link(view_name="api:action-updates", help_text="The action's timeline.")

    class Meta:
        model = ActionItem
        list_serializer_class = ActionRowsSerializer
        fields = [
            "id",
            "url",
            "title",
            "description",
            "lead",
            "success_measure",
            "status",
            "priority",
            "due_date",
            "rag",
            "owner",
            "finding",
            "inspection",
            "authority",
            "completed_at",
            "completed_by",
            "verified_at",
            "verified_by",
            "version",
            "created_at",
            "updated_at",
            "allowed_transitions",
            "updates_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "lead": {"help_text": LEAD_HELP},
            "success_measure": {"help_text": SUCCESS_MEASURE_HELP},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._transitions: dict[tuple, list[str]] = {}  # by the facts the rules read
        self._rags: dict[tuple, str | None] = {}  # by the facts ActionItem.rag reads
        self._names: dict[int, str] = {}  # owners', completers' and verifiers', by id
        self._today = timezone.localdate()
        self._date = serializers.DateField().to_representation  # DRF's form of a date
        self._zone = timezone.get_current_timezone()  # looked up once, not for each value

    def _moment(self, value: datetime.datetime | None) -> str | None:
        """What DRF's DateTimeField writes with the API's settings (ISO 8601, in the current
        time zone, "Z" for UTC), for the database's aware datetimes: DRF's field took a
        third of a row's time. tests/api/test_lists.py checks that both agree."""
        if value is None:
            return None
        written = value.astimezone(self._zone).isoformat()
        return written.removesuffix("+00:00") + "Z" if written.endswith("+00:00") else written

    def _allowed_transitions(self, row: dict[str, Any]) -> list[str]:
        """services.allowed_targets, asked once for each combination of what it reads."""
        facts = (
            row["status"],
            row["finding__inspection__authority_id"],
            row["owner_id"],
            row["completed_by_id"],
        )
        if facts not in self._transitions:
            user = self.context["request"].user
            targets = services.allowed_targets(_rule_facts(*facts), user)
            self._transitions[facts] = [str(status) for status in targets]
        return self._transitions[facts]

    def _rag(self, row: dict[str, Any]) -> str | None:
        """ActionItem.rag, asked once for each combination of what it reads."""
        facts = (row["status"], row["owner_id"], row["due_date"])
        if facts not in self._rags:
            action = _RagFacts(status=facts[0], owner_id=facts[1], due_date=facts[2])
            rag = ActionItem.rag(cast("ActionItem", action), self._today)
            self._rags[facts] = None if rag is None else str(rag)
        return self._rags[facts]

    def _person(self, row: dict[str, Any], person: str) -> dict | None:
        """The owner, completer or verifier, named by person_name, once for each."""
        pk = row[f"{person}_id"]
        if pk is None:
            return None
        if pk not in self._names:
            named = _NameFacts(
                first_name=row[f"{person}__first_name"],
                last_name=row[f"{person}__last_name"],
                username=row[f"{person}__username"],
            )
            self._names[pk] = person_name(cast("AbstractBaseUser", named))
        return {"id": pk, "name": self._names[pk]}

    def to_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        context, moment, pk = self.context, self._moment, row["id"]
        finding_id = row["finding_id"]
        inspection_id = row["finding__inspection_id"]
        return {
            "id": pk,
            "url": link(context, "api:action-detail", pk),
            "title": row["title"],
            "description": row["description"],
            "lead": row["lead"],
            "success_measure": row["success_measure"],
            "status": row["status"],
            "priority": row["priority"],
            "due_date": self._date(row["due_date"]),
            "rag": self._rag(row),
            "owner": self._person(row, "owner"),
            "finding": {
                "id": finding_id,
                "url": link(context, "api:finding-detail", finding_id),
                "kind": row["finding__kind"],
            },
            "inspection": {
                "id": inspection_id,
                "url": link(context, "api:inspection-detail", inspection_id),
                "title": row["finding__inspection__title"],
            },
            "authority": {
                "id": row["finding__inspection__authority_id"],
                "name": row["finding__inspection__authority__name"],
                "slug": row["finding__inspection__authority__slug"],
            },
            "completed_at": moment(row["completed_at"]),
            "completed_by": self._person(row, "completed_by"),
            "verified_at": moment(row["verified_at"]),
            "verified_by": self._person(row, "verified_by"),
            "version": row["version"],
            "created_at": moment(row["created_at"]),
            "updated_at": moment(row["updated_at"]),
            "allowed_transitions": self._allowed_transitions(row),
            "updates_url": link(context, "api:action-updates", pk),
        }
