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
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actions import evidence, services
from actions.api.action_reads import (
    LEAD_HELP,
    SUCCESS_MEASURE_HELP,
    ActionSerializer,
    PersonSerializer,
)
from actions.models import (
    DUE_YEARS_AHEAD,
    EARLIEST_DUE_YEAR,
    ActionItem,
    ActionUpdate,
    Priority,
    Status,
)
from actions.plumbing.api import ErrorSerializer, PayloadTooLarge, link
from inspections.models import Finding
from inspections.permissions import MANAGER, authority_ids_with_role, possible_owners

User = get_user_model()


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
            findings = Finding.objects.for_user(user).actionable().select_related("inspection")
            _limit_choices(self, "finding", findings.defer("inspection__source_text"))
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
