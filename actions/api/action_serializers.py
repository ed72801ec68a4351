"""How the API writes actions and their timeline, and reads the changes people ask for.

Input serializers only parse: what a user may do is decided by actions/services.py and
actions/permissions.py, as for the workspace's forms. Choices of finding and owner are
limited to what the request's user could pick in the workspace.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actions import evidence, services
from actions.display import person_name
from actions.models import (
    AMBER_WITHIN_DAYS,
    DUE_YEARS_AHEAD,
    EARLIEST_DUE_YEAR,
    ActionItem,
    ActionUpdate,
    Priority,
    Rag,
    Status,
)
from actions.plumbing.api import ErrorSerializer, Link, PayloadTooLarge, link
from inspections.models import Finding
from inspections.permissions import MANAGER, authority_ids_with_role, possible_owners

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


def _person(user: Any) -> dict | None:
    return {"id": user.pk, "name": person_name(user)} if user else None


LEAD_HELP = "Who leads the action, for the statement of action: a role or a person."
SUCCESS_MEASURE_HELP = "How the authority will know the action has worked."


class ActionSerializer(serializers.ModelSerializer):
    """An action as staff of its authority see it. `version` goes back with every change.

    The related objects are written by methods rather than nested serializers, which
    take several times as long on a page of 200 rows; their schema is the serializers'.
    """

    url = Link(view_name="api:action-detail")
    rag = serializers.SerializerMethodField()
    owner = serializers.SerializerMethodField()
    finding = serializers.SerializerMethodField()
    inspection = serializers.SerializerMethodField()
    authority = serializers.SerializerMethodField()
    completed_by = serializers.SerializerMethodField()
    verified_by = serializers.SerializerMethodField()
    allowed_transitions = serializers.SerializerMethodField()
    updates_url = Link(view_name="api:action-updates", help_text="The action's timeline.")

    class Meta:
        model = ActionItem
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

    @extend_schema_field(
        serializers.ChoiceField(
            choices=Rag.choices,
            allow_null=True,
            help_text="Not scheduled when nobody owns it or it has no due date; else red "
            f"when overdue, amber when due within {AMBER_WITHIN_DAYS} days or blocked, green "
            "otherwise; null once the action is closed.",
        )
    )
    def get_rag(self, action: ActionItem) -> str | None:
        today = self.context.get("today") or timezone.localdate()
        return action.rag(today)

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_owner(self, action: ActionItem) -> dict | None:
        return _person(action.owner)

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_completed_by(self, action: ActionItem) -> dict | None:
        return _person(action.completed_by)

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_verified_by(self, action: ActionItem) -> dict | None:
        return _person(action.verified_by)

    @extend_schema_field(ActionFindingSerializer)
    def get_finding(self, action: ActionItem) -> dict:
        finding = action.finding
        url = link(self.context, "api:finding-detail", finding.pk)
        return {"id": finding.pk, "url": url, "kind": finding.kind}

    @extend_schema_field(ActionInspectionSerializer)
    def get_inspection(self, action: ActionItem) -> dict:
        inspection = action.finding.inspection
        url = link(self.context, "api:inspection-detail", inspection.pk)
        return {"id": inspection.pk, "url": url, "title": inspection.title}

    @extend_schema_field(ActionAuthoritySerializer)
    def get_authority(self, action: ActionItem) -> dict:
        authority = action.finding.inspection.authority
        return {"id": authority.pk, "name": authority.name, "slug": authority.slug}

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ChoiceField(choices=Status.choices),
            help_text="The statuses you may move this action to now.",
        )
    )
    def get_allowed_transitions(self, action: ActionItem) -> list[str]:
        return [str(s) for s in services.allowed_targets(action, self.context["request"].user)]


class ActionConflictSerializer(ErrorSerializer):
    """409: `code` "stale" when the action changed since the version sent, with the action
    as it is now in `current`; "transition_not_allowed" when the status move is not open
    from the action's current status."""

    optional_in_schema = ("errors", "current")

    current = ActionSerializer(read_only=True)


def _limit_choices(serializer: serializers.Serializer, name: str, queryset: QuerySet) -> None:
    """Sets the rows a related field may pick, which depend on the request."""
    # A RelatedField, whose stub types `queryset` in a way mypy cannot assign to.
    field: Any = serializer.fields[name]
    field.queryset = queryset


# The rules on values that actions/services.py applies (actions/models/items.py), told.
TITLE_HELP = "One line, without line breaks."
DUE_DATE_HELP = (
    f"From 1 January {EARLIEST_DUE_YEAR} to 31 December of the year {DUE_YEARS_AHEAD} years "
    "from now; not before today unless `confirm_past_due_date` is true."
)
CONFIRM_PAST_HELP = (
    "True to set a due date before today on purpose (an older plan's date); without it such "
    "a date is refused. No escalation is sent for the action on the day its date is set."
)


class ActionCreateSerializer(serializers.Serializer):
    """A new action on an actionable finding of an authority you manage."""

    finding = serializers.PrimaryKeyRelatedField(queryset=Finding.objects.none())
    title = serializers.CharField(max_length=300, help_text=TITLE_HELP)
    description = serializers.CharField(allow_blank=True, default="")
    lead = serializers.CharField(
        max_length=ActionItem._meta.get_field("lead").max_length,
        allow_blank=True,
        default="",
        help_text=LEAD_HELP,
    )
    success_measure = serializers.CharField(
        allow_blank=True, default="", help_text=SUCCESS_MEASURE_HELP
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), allow_null=True, default=None
    )
    due_date = serializers.DateField(allow_null=True, default=None, help_text=DUE_DATE_HELP)
    confirm_past_due_date = serializers.BooleanField(default=False, help_text=CONFIRM_PAST_HELP)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.MEDIUM)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # (there is none when the schema is made)
            user = request.user
            findings = Finding.objects.for_user(user).actionable()
            _limit_choices(self, "finding", findings.select_related("inspection"))
            owners = possible_owners(authority_ids_with_role(user, MANAGER))
            _limit_choices(self, "owner", owners)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        owner, finding = attrs["owner"], attrs["finding"]
        may_own = possible_owners([finding.inspection.authority_id])
        if owner and not may_own.filter(pk=owner.pk).exists():
            raise serializers.ValidationError(
                {"owner": ["Choose someone who may own actions at this finding’s authority."]}
            )
        return attrs


class ActionChangeSerializer(serializers.Serializer):
    """A manager's change to an action's details: only the fields sent are changed."""

    version = serializers.IntegerField(
        min_value=1, help_text="The version you last read; 409 if the action changed since."
    )
    title = serializers.CharField(max_length=300, required=False, help_text=TITLE_HELP)
    description = serializers.CharField(allow_blank=True, required=False)
    lead = serializers.CharField(
        max_length=ActionItem._meta.get_field("lead").max_length,
        allow_blank=True,
        required=False,
        help_text=LEAD_HELP,
    )
    success_measure = serializers.CharField(
        allow_blank=True, required=False, help_text=SUCCESS_MEASURE_HELP
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), allow_null=True, required=False
    )
    due_date = serializers.DateField(allow_null=True, required=False, help_text=DUE_DATE_HELP)
    confirm_past_due_date = serializers.BooleanField(default=False, help_text=CONFIRM_PAST_HELP)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.context.get("action")
        if action is not None:
            authority_id = action.finding.inspection.authority_id
            _limit_choices(self, "owner", possible_owners([authority_id]))

    def changes(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.validated_data.items()
            if name in (*services.EDITABLE_FIELDS, "confirm_past_due_date")
        }


class TransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(
        choices=Status.choices,
        help_text="The new status; the action's `allowed_transitions` lists yours.",
    )
    note = serializers.CharField(
        allow_blank=True,
        default="",
        help_text="Why. Needed to block, complete, reopen or cancel an action.",
    )
    version = serializers.IntegerField(
        min_value=1, help_text="The version you last read; 409 if the action changed since."
    )


class EvidenceSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True, source="evidence_name")
    size = serializers.IntegerField(read_only=True, source="evidence_size", allow_null=True)
    content_type = serializers.CharField(read_only=True, source="evidence_content_type")
    url = serializers.SerializerMethodField(help_text="Download it when signed in.")

    @extend_schema_field(serializers.URLField())
    def get_url(self, update: ActionUpdate) -> str:
        return link(self.context, "workspace:evidence", update.pk)


class ActionUpdateSerializer(serializers.ModelSerializer):
    """One entry of an action's timeline: a note, a status change, evidence."""

    author = PersonSerializer(read_only=True, allow_null=True)
    from_status = serializers.ChoiceField(
        choices=Status.choices, allow_blank=True, read_only=True, help_text="Blank for a note."
    )
    to_status = serializers.ChoiceField(
        choices=Status.choices, allow_blank=True, read_only=True, help_text="Blank for a note."
    )
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = ActionUpdate
        fields = ["id", "created_at", "author", "note", "from_status", "to_status", "evidence"]
        read_only_fields = fields

    @extend_schema_field(EvidenceSerializer(allow_null=True))
    def get_evidence(self, update: ActionUpdate) -> dict | None:
        if not update.evidence:
            return None
        return EvidenceSerializer(update, context=self.context).data


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(help_text="What progress was made.")


class NoteUploadSerializer(serializers.Serializer):
    """A note, an evidence file, or both. A file is accepted by what it contains."""

    note = serializers.CharField(allow_blank=True, default="", help_text="What progress was made.")
    evidence = serializers.FileField(
        required=False,
        help_text=f"A PDF, an Office document, an image or a text file, up to "
        f"{evidence.max_megabytes()} MB.",
    )

    def validate_evidence(self, upload: Any) -> Any:
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise PayloadTooLarge(
                f"The file is larger than {evidence.max_megabytes()} MB. "
                f"Upload a file of {evidence.max_megabytes()} MB or less."
            )
        self.evidence_content_type = evidence.check_evidence(upload)
        return upload
