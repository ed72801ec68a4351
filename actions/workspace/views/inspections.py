"""An inspection in the workspace: its statement of action, its findings with their
actions, and a manager's changes to both."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from actions import services, statement_records
from actions.display import KIND_HEADINGS, person_name, visit_dates
from actions.models import ActionItem, Priority
from actions.plumbing import refusals
from actions.plumbing.auth import signed_in_user
from actions.plumbing.dates import GovukDateField
from actions.plumbing.forms import error_summary_items
from actions.progress import Progress, progress_of
from actions.workspace.forms import ConfirmPastDueDateField, lead_field, success_measure_field
from actions.workspace.views.statements import StatementForm, statement_section
from inspections.models import Finding, Inspection
from inspections.permissions import MANAGER, has_role, possible_owners

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib.auth.models import AbstractBaseUser, User


class AddActionForm(forms.Form):
    """A manager's new action on a finding; `owners` are the people it may be given to."""

    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter a title for the action"}
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="What will be done."
    )
    lead = lead_field()
    success_measure = success_measure_field()
    owner = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    due_date = GovukDateField(required=False)
    confirm_past_due_date = ConfirmPastDueDateField()
    priority = forms.ChoiceField(
        choices=Priority.choices, initial=Priority.MEDIUM, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, owners: dict[int, AbstractBaseUser], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = owners
        cast(forms.ChoiceField, self.fields["owner"]).choices = [("", "Nobody yet")] + [
            (pk, person_name(user)) for pk, user in owners.items()
        ]

    def clean_owner(self) -> AbstractBaseUser | None:
        owner_id = self.cleaned_data["owner"]
        return None if owner_id is None else self.owners[owner_id]


def owner_choices(authority_id: int) -> dict[int, AbstractBaseUser]:
    """The authority's members who may own actions, by user id, in name order."""
    return {user.pk: user for user in possible_owners([authority_id])}


@dataclass
class FindingRow:
    finding: Finding
    number: int
    actions: list[ActionItem]
    progress: Progress
    form: AddActionForm | None


@dataclass
class FindingGroup:
    heading: str
    rows: list[FindingRow] = field(default_factory=list)


def _form_prefix(finding_id: int) -> str:
    return f"finding-{finding_id}"


def _finding_groups(
    inspection: Inspection,
    today: datetime.date,
    owners: dict[int, AbstractBaseUser] | None,
    bound: AddActionForm | None,
    bound_finding_id: int | None,
) -> list[FindingGroup]:
    """Findings grouped by kind, groups in the order the letter first uses each kind.

    `owners` is None for someone who may not add actions: their findings get no form.
    """
    actions = (
        ActionItem.objects.with_rag(today)
        .select_related("owner")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    findings = inspection.findings.order_by("position").prefetch_related(
        Prefetch("actions", queryset=actions)
    )
    groups: dict[str, FindingGroup] = {}
    for finding in findings:
        group = groups.setdefault(finding.kind, FindingGroup(KIND_HEADINGS[finding.kind]))
        form = None
        if owners is not None and finding.is_actionable:
            form = (
                bound
                if finding.pk == bound_finding_id
                else AddActionForm(prefix=_form_prefix(finding.pk), owners=owners)
            )
        actions_on_finding = list(finding.actions.all())
        group.rows.append(
            FindingRow(
                finding,
                len(group.rows) + 1,
                actions_on_finding,
                progress_of(actions_on_finding, today),
                form,
            )
        )
    return list(groups.values())


def _render_inspection(
    request: HttpRequest,
    inspection: Inspection,
    bound: AddActionForm | None = None,
    bound_finding_id: int | None = None,
    status: int = 200,
    *,
    statement_form: StatementForm | None = None,
    refusal: str = "",
) -> HttpResponse:
    can_add = has_role(signed_in_user(request), inspection.authority_id, MANAGER)
    owners = owner_choices(inspection.authority_id) if can_add else None
    today = timezone.localdate()
    error_summary = [{"text": refusal, "href": "#statement"}] if refusal else []
    for form in (bound, statement_form):
        error_summary += error_summary_items(form) if form is not None else []
    context = {
        "inspection": inspection,
        "visit": visit_dates(inspection),
        "judgements": inspection.judgements.all(),
        "statement": statement_section(inspection, today, can_change=can_add, bound=statement_form),
        "groups": _finding_groups(inspection, today, owners, bound, bound_finding_id),
        "can_add": can_add,
        "error_summary": error_summary,
        "breadcrumbs": [("Dashboard", reverse("workspace:dashboard"))],
    }
    return render(request, "actions/inspection.html", context, status=status)


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(
        Inspection.objects.for_user(signed_in_user(request)).select_related("authority"), pk=pk
    )
    return _render_inspection(request, inspection)


@login_required
@require_POST
def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(
        Finding.objects.for_user(signed_in_user(request))
        .actionable()
        .select_related("inspection__authority"),
        pk=pk,
    )
    inspection = finding.inspection
    form = AddActionForm(
        request.POST,
        prefix=_form_prefix(finding.pk),
        owners=owner_choices(inspection.authority_id),
    )
    status = 200  # a form error; a refusal sets its own
    if form.is_valid():
        try:
            action = services.create_action(
                finding=finding, by=signed_in_user(request), **form.cleaned_data
            )
        except services.ActionError as error:
            status = refusals.show_on_form(form, error)
        else:
            messages.success(request, f"Action added: {action.title}")
            url = reverse("workspace:inspection", args=[inspection.pk])
            return redirect(f"{url}#{_form_prefix(finding.pk)}")
    return _render_inspection(request, inspection, form, finding.pk, status)


def _statement_page(request: HttpRequest, pk: int) -> tuple[Inspection, str]:
    """The inspection a statement form was posted about, and where its section is."""
    inspection = get_object_or_404(
        Inspection.objects.for_user(signed_in_user(request)).select_related("authority"), pk=pk
    )
    return inspection, reverse("workspace:inspection", args=[pk]) + "#statement"


@login_required
@require_POST
def change_statement(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager corrects the receipt date or overrides the requirement and deadlines."""
    inspection, section_url = _statement_page(request, pk)
    form = StatementForm(request.POST)
    status = 200  # a form error; a refusal sets its own
    if form.is_valid():
        try:
            statement_records.override(inspection, by=signed_in_user(request), **form.cleaned_data)
        except services.ActionError as error:
            status = refusals.show_on_form(form, error)
        else:
            messages.success(request, "Statement of action updated")
            return redirect(section_url)
    return _render_inspection(request, inspection, status=status, statement_form=form)


# What each button of the section records, and what it says once done.
STATEMENT_RECORDS: dict[str, tuple[Callable[[Inspection, User], object], str]] = {
    "submitted": (statement_records.record_submitted, "Recorded as submitted"),
    "published": (statement_records.record_published, "Recorded as published"),
    "undo-submitted": (
        partial(statement_records.undo_record, stage="submitted"),
        "No longer recorded as submitted",
    ),
    "undo-published": (
        partial(statement_records.undo_record, stage="published"),
        "No longer recorded as published",
    ),
}


@login_required
@require_POST
def record_statement(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager records the statement as submitted or published, or takes that back."""
    inspection, section_url = _statement_page(request, pk)
    step = STATEMENT_RECORDS.get(request.POST.get("record", ""))
    if step is None:
        return _render_inspection(request, inspection, status=400, refusal="Choose what to record")
    write, done = step
    try:
        write(inspection, signed_in_user(request))
    except services.ActionError as error:
        status = refusals.status_for(error)
        return _render_inspection(request, inspection, status=status, refusal=str(error))
    messages.success(request, done)
    return redirect(section_url)
