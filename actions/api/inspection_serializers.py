"""How the API writes authorities, inspections, judgements and findings, and reads letters.

An inspection reads the same for everyone: what its public page shows (see
templates/public/inspection.html), with the actions on each finding reduced to their
public state. Fields in `staff_fields` are added for signed-in staff only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actions.importing.drafts import FINDING_FIELDS, INSPECTION_FIELDS
from actions.importing.forms import LetterSourceForm
from actions.importing.letters import check_size
from actions.models import ActionItem, Status, validate_due_date
from actions.plumbing.api import ErrorSerializer, Link, PayloadTooLarge, StaffFieldsMixin
from inspections.models import Finding, Grade, Inspection, LocalAuthority
from inspections.parsing import LetterError


class AuthoritySerializer(StaffFieldsMixin, serializers.ModelSerializer):
    staff_fields = ("ons_code", "dfe_code", "ofsted_urn", "region", "authority_type")

    url = Link(view_name="api:authority-detail")

    class Meta:
        model = LocalAuthority
        fields = [
            "id",
            "url",
            "name",
            "slug",
            "council_name",
            "ons_code",
            "dfe_code",
            "ofsted_urn",
            "region",
            "authority_type",
        ]
        read_only_fields = fields


class InspectionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.URLField(read_only=True)


class AuthorityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = LocalAuthority
        fields = ["id", "name", "slug"]
        read_only_fields = fields


class JudgementSerializer(serializers.Serializer):
    area = serializers.CharField(read_only=True)
    grade = serializers.ChoiceField(choices=Grade.choices, read_only=True)


class ProgressSerializer(serializers.Serializer):
    """How far the inspection's actions have got; cancelled actions do not count."""

    total = serializers.IntegerField(read_only=True)
    completed = serializers.IntegerField(read_only=True, help_text="Completed or verified.")
    overdue = serializers.IntegerField(read_only=True)


class PublicActionSerializer(serializers.Serializer):
    """An action as the public sees it: how far it has got, and nothing about who or how."""

    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    due_date = serializers.DateField(read_only=True, allow_null=True)
    completed_on = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_completed_on(self, action: ActionItem) -> Any:
        return timezone.localdate(action.completed_at) if action.completed_at else None

    def get_overdue(self, action: ActionItem) -> bool:
        today = self.context.get("today") or timezone.localdate()
        return action.is_overdue(today)


class FindingSerializer(StaffFieldsMixin, serializers.ModelSerializer):
    """A finding with its themes and the public state of its actions.

    Expects the `public_actions` and `applied_tags` prefetches of
    actions.selectors.public_findings.
    """

    staff_fields = ("heading",)

    url = Link(view_name="api:finding-detail")
    inspection: serializers.PrimaryKeyRelatedField[Inspection] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    themes = serializers.SerializerMethodField()
    actions = PublicActionSerializer(many=True, read_only=True, source="public_actions")

    class Meta:
        model = Finding
        fields = [
            "id",
            "url",
            "inspection",
            "kind",
            "text",
            "section",
            "themes",
            "actions",
            "heading",
        ]
        read_only_fields = fields

    def get_themes(self, finding: Finding) -> list[str]:
        return [tag.theme.name for tag in finding.applied_tags]  # type: ignore[attr-defined]  # a to_attr prefetch


class InspectionSerializer(StaffFieldsMixin, serializers.ModelSerializer):
    """An inspection with its judgements and progress. Expects `progress` to be set on it
    (an actions.progress.Progress) and its judgements prefetched."""

    staff_fields = ("published",)

    url = Link(view_name="api:inspection-detail")
    authority = AuthorityRefSerializer(read_only=True)
    inspectors = serializers.ListField(child=serializers.CharField(), read_only=True)
    overall_judgement = serializers.ChoiceField(
        choices=Grade.choices, allow_blank=True, read_only=True, help_text="Blank if not graded."
    )
    document_url = serializers.SerializerMethodField()
    judgements = JudgementSerializer(many=True, read_only=True)
    progress = ProgressSerializer(read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "url",
            "authority",
            "kind",
            "title",
            "visit_start",
            "visit_end",
            "letter_date",
            "published_date",
            "lead_inspector",
            "inspectors",
            "overall_judgement",
            "document_url",
            "judgements",
            "progress",
            "published",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_document_url(self, inspection: Inspection) -> str | None:
        """The letter as published, where the inspection is public and has one."""
        if not (inspection.published and inspection.source_document):
            return None
        path = reverse("public_document", args=[inspection.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class InspectionDetailSerializer(InspectionSerializer):
    """An inspection with every finding, in the letter's order. Expects `public_findings`."""

    findings = FindingSerializer(many=True, read_only=True, source="public_findings")

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "findings"]
        read_only_fields = fields


# Letter import ---------------------------------------------------------------------------


def form_errors(form: forms.BaseForm) -> dict[str, list[str]]:
    """A Django form's errors in the API's shape."""
    return {
        ("non_field_errors" if name == "__all__" else name): [str(message) for message in errors]
        for name, errors in form.errors.items()
    }


class LetterSourceSerializer(serializers.Serializer):
    """The letter's text. The rules are the admin import page's
    (actions.importing.forms.LetterSourceForm)."""

    text = serializers.CharField(
        required=False, allow_blank=True, help_text="The letter's text, if no file is sent."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        files = MultiValueDict({"document": [attrs["document"]]} if attrs.get("document") else {})
        form = LetterSourceForm(data={"text": attrs.get("text", "")}, files=files)
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        return form.cleaned_data


class LetterUploadSerializer(LetterSourceSerializer):
    """The letter as a file, or its text."""

    document = serializers.FileField(
        required=False, help_text="The letter as a PDF (.pdf) or plain text (.txt) file."
    )

    def validate_document(self, document: Any) -> Any:
        try:
            check_size(document.size)
        except LetterError as error:
            raise PayloadTooLarge(str(error)) from None
        return document


AUTHORITY_HELP = "The authority the letter is about; null when the parser could not tell."


class DraftJudgementSerializer(serializers.Serializer):
    area = serializers.CharField(max_length=300)
    grade = serializers.ChoiceField(choices=Grade.choices)


class DraftFindingSerializer(serializers.ModelSerializer):
    due_date = serializers.DateField(
        allow_null=True,
        default=None,
        help_text="When the finding's draft action is due; proposed from its timescale.",
        validators=[validate_due_date],
    )

    class Meta:
        model = Finding
        fields = [*FINDING_FIELDS, "due_date"]


class LetterDraftSerializer(serializers.ModelSerializer):
    """What the parser read from a letter, for the admin to check and correct: the draft's
    fields (actions.importing.drafts), as the admin's preview page shows them."""

    inspectors = serializers.ListField(
        child=serializers.CharField(max_length=200), default=list, help_text="Lead first."
    )
    judgements = DraftJudgementSerializer(many=True, default=list)
    findings = DraftFindingSerializer(many=True, default=list)

    class Meta:
        model = Inspection
        fields = [*INSPECTION_FIELDS, "judgements", "findings"]
        extra_kwargs = {
            "authority": {"help_text": AUTHORITY_HELP},
            "kind": {"required": True},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("visit_start"), attrs.get("visit_end")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"visit_end": ["The visit cannot end before it starts."]}
            )
        return attrs


class ParsedDraftSerializer(LetterDraftSerializer):
    authority: serializers.PrimaryKeyRelatedField[LocalAuthority] = (
        serializers.PrimaryKeyRelatedField(
            read_only=True, allow_null=True, help_text=AUTHORITY_HELP
        )
    )


class LetterPreviewSerializer(serializers.Serializer):
    """The parser's reading of a letter. Post `token` and the (corrected) `draft` back to
    create the inspection."""

    token = serializers.CharField(
        read_only=True, help_text="Identifies the letter read; valid for a day."
    )
    authority_matched = serializers.BooleanField(read_only=True)
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)
    action_count = serializers.IntegerField(
        read_only=True, help_text="How many draft actions confirming this draft creates."
    )
    draft = ParsedDraftSerializer(read_only=True)


class DuplicateLetterSerializer(ErrorSerializer):
    """409: the letter was imported before, as `existing`."""

    optional_in_schema = ("errors",)

    existing = InspectionRefSerializer(read_only=True)


class LetterImportSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The token of the letter's preview.")
    publish = serializers.BooleanField(
        default=False,
        help_text="Publish the inspection on the public site straight away, if it has no "
        "draft actions: each actionable finding gets one, not yet edited, so such a letter "
        "is imported unpublished (see `published` in the answer) and published later.",
    )
    publish_anyway = serializers.BooleanField(
        default=False,
        help_text="With `publish`: publish it even though its actions are still the drafts "
        "made from the letter.",
    )
    draft = LetterDraftSerializer()
