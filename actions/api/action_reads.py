"""How the API reads actions: each one a row of one query, written without model instances.

A page of actions is one query for the rows (`action_rows`) and, when any were completed or
verified, one for those people's names. What a user may do with each action is still
decided by services.allowed_targets and actions/permissions.py.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers

from actions import services
from actions.display import person_name, person_name_expression
from actions.models import AMBER_WITHIN_DAYS, ActionItem, Rag, Status, rag_expression
from actions.plumbing.api import Link, link
from inspections.models import Finding

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
    "owner_name",
    "rag_status",
)


def action_rows(
    actions: QuerySet[ActionItem], today: datetime.date
) -> QuerySet[ActionItem, dict[str, Any]]:
    """The actions as ActionSerializer reads them: dicts from one query, with the owner's
    name and the RAG rating worked out in SQL (the SQL forms of person_name and
    ActionItem.rag). `actions` must already be limited to the user's (`for_user`)."""
    if "rag_status" not in actions.query.annotations:  # ActionFilter annotates it
        actions = actions.annotate(rag_status=rag_expression(today))
    return actions.annotate(owner_name=person_name_expression("owner__")).values(*ACTION_ROW)


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


class ActionRowsSerializer(serializers.ListSerializer):
    """A page of actions, with the people who completed or verified them read in one
    query for the page."""

    child: ActionSerializer

    def to_representation(self, data: Any) -> list[dict[str, Any]]:
        rows = list(data)
        self.child.read_people(rows)
        return [self.child.to_representation(row) for row in rows]


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
        self._names: dict[int, str] = {}  # of who completed and verified, by id
        self._transitions: dict[tuple, list[str]] = {}  # by the facts the rules read
        # DRF's forms of a date and of a moment, with the time zone looked up once, not
        # once for each value.
        self._date = serializers.DateField().to_representation
        zone = timezone.get_current_timezone()
        self._moment = serializers.DateTimeField(default_timezone=zone).to_representation

    def read_people(self, rows: list[dict[str, Any]]) -> None:
        """Reads, in one query, the names of who completed or verified these actions."""
        wanted = {row[key] for row in rows for key in ("completed_by_id", "verified_by_id")}
        wanted -= {None, *self._names}
        if wanted:
            people = User.objects.filter(pk__in=wanted).annotate(name=person_name_expression(""))
            self._names.update(people.values_list("pk", "name"))

    def _person(self, pk: int | None) -> dict | None:
        return {"id": pk, "name": self._names[pk]} if pk is not None else None

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

    def to_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        self.read_people([row])
        context, moment, pk = self.context, self._moment, row["id"]
        owner_id, finding_id = row["owner_id"], row["finding_id"]
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
            "rag": row["rag_status"] or None,  # "" once closed
            "owner": {"id": owner_id, "name": row["owner_name"]} if owner_id else None,
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
            "completed_by": self._person(row["completed_by_id"]),
            "verified_at": moment(row["verified_at"]),
            "verified_by": self._person(row["verified_by_id"]),
            "version": row["version"],
            "created_at": moment(row["created_at"]),
            "updated_at": moment(row["updated_at"]),
            "allowed_transitions": self._allowed_transitions(row),
            "updates_url": link(context, "api:action-updates", pk),
        }
