"""The action page: an action's details, timeline and history, and the forms that move it on.

The POST views are thin: they parse one form and call one service, which decides who
may do what. A form error or a refusal (mapped by actions/workspace/refusals.py) shows
the page again with the user's input; a save made by someone else since the page was
opened is never overwritten (see `_refuse_stale`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Field, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import Truncator
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe
from simple_history.models import DeletedObject

from actions import evidence as evidence_types
from actions import permissions, publishing, services
from actions.display import person_name
from actions.models import ActionItem, ActionUpdate, Rag, Status
from actions.plumbing import refusals
from actions.plumbing.auth import signed_in_user
from actions.plumbing.forms import error_summary_items
from actions.workspace import due_date_forms
from actions.workspace.forms import (
    ActionForm,
    EditActionForm,
    NoteForm,
    PublicSummaryForm,
    StatusForm,
    VerifyForm,
)

TIMELINE_PAGE_SIZE = 50
# The fields whose changes the history section lists, in this order.
HISTORY_FIELDS = (
    "title",
    "description",
    "lead",
    "success_measure",
    "owner",
    "status",
    "priority",
    "due_date",
    "completed_at",
    "completed_by",
    "verified_at",
    "verified_by",
    "public_summary",
)


def _visible_actions(request: HttpRequest) -> QuerySet[ActionItem]:
    return ActionItem.objects.for_user(signed_in_user(request)).select_related(
        "finding__inspection__authority",
        "owner",
        "completed_by",
        "verified_by",
        "public_summary_approved_by",
    )


def visible_action_or_404(request: HttpRequest, pk: int) -> ActionItem:
    """The action if the user may see it; 404 for another authority's, as if it did not exist."""
    return get_object_or_404(_visible_actions(request), pk=pk)


@login_required
@require_safe
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, visible_action_or_404(request, pk))


@login_required
@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    action = visible_action_or_404(request, pk)
    form = NoteForm(request.POST, request.FILES, action=action, user=signed_in_user(request))
    # A note overwrites nothing, so it is kept even if the action changed meanwhile;
    # the writer is told, since they wrote it against older details.
    changed_meanwhile = form.is_stale()

    def save(data: dict[str, Any]) -> str:
        services.add_note(
            action=action,
            by=signed_in_user(request),
            note=data["note"],
            evidence=data["evidence"],
            evidence_content_type=form.evidence_content_type,
        )
        if changed_meanwhile:
            return "Your note was added. The action changed since you opened it: check its details."
        return "Your note was added."

    return submit_action_form(request, action, form, save)


@login_required
@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = visible_action_or_404(request, pk)
    verifying = f"{VerifyForm.prefix}-to_status" in request.POST
    form_class = VerifyForm if verifying else StatusForm
    form = form_class(request.POST, action=action, user=signed_in_user(request))

    def save(data: dict[str, Any]) -> str:
        services.change_status(
            action=action,
            to_status=data["to_status"],
            by=signed_in_user(request),
            note=data["note"],
            expected_version=data["version"],
        )
        return f"The action is now {Status(data['to_status']).label.lower()}."

    return submit_action_form(request, action, form, save)


@login_required
@require_POST
def edit_action(request: HttpRequest, pk: int) -> HttpResponse:
    action = visible_action_or_404(request, pk)
    form = EditActionForm(request.POST, action=action, user=signed_in_user(request))

    def save(data: dict[str, Any]) -> str:
        saved = services.update_action(
            action=action,
            by=signed_in_user(request),
            expected_version=data["version"],
            **form.changes(),
        )
        return "The action was updated." if saved.version != data["version"] else "Nothing changed."

    return submit_action_form(request, action, form, save)


@login_required
@require_POST
def approve_public_summary(request: HttpRequest, pk: int) -> HttpResponse:
    action = visible_action_or_404(request, pk)
    form = PublicSummaryForm(request.POST, action=action, user=signed_in_user(request))

    def save(data: dict[str, Any]) -> str:
        publishing.approve_public_summary(
            action=action,
            by=signed_in_user(request),
            summary=data["summary"],
            expected_version=data["version"],
        )
        return "The public summary was approved."

    return submit_action_form(request, action, form, save)


@login_required
@require_safe
@cache_control(private=True)
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """Streams an evidence file as a download; never shown inline, never sniffed."""
    update = get_object_or_404(
        ActionUpdate.objects.filter(
            action__in=ActionItem.objects.for_user(signed_in_user(request))
        ).exclude(evidence=""),
        pk=pk,
    )
    content_type = update.evidence_content_type or "application/octet-stream"
    response = FileResponse(
        update.evidence.open("rb"),
        as_attachment=True,
        filename=evidence_types.download_name(update.evidence_name, content_type),
        content_type=content_type,
    )
    # Set here as well as by SecurityMiddleware: this response must never be sniffed,
    # whatever the settings say.
    response["X-Content-Type-Options"] = "nosniff"
    return response


def submit_action_form(
    request: HttpRequest,
    action: ActionItem,
    form: ActionForm,
    save: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """Validate the form, save through the service, and answer with the page or a redirect."""
    if not form.is_valid():
        return _page(request, action, submitted=form, status=400)
    try:
        message = save(form.cleaned_data)
    except services.StaleAction as stale:
        # Someone saved since the user opened the page: the service checked the version.
        return _refuse_stale(request, form, stale)
    except services.ActionError as error:
        status = refusals.show_on_form(form, error)
        return _page(request, action, submitted=form, status=status)
    messages.success(request, message)
    return redirect("workspace:action", pk=action.pk)


def _refuse_stale(
    request: HttpRequest, form: ActionForm, stale: services.StaleAction
) -> HttpResponse:
    """The page as the action is now, with the user's input kept and nothing saved."""
    current = visible_action_or_404(request, stale.current.pk)
    return _page(
        request,
        current,
        submitted=form.carried_over(current),
        stale=str(stale),
        status=refusals.status_for(stale),
    )


def _page(
    request: HttpRequest,
    action: ActionItem,
    *,
    submitted: ActionForm | None = None,
    stale: str = "",
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    forms: dict[str, ActionForm] = {}
    if permissions.can_work_on_action(user, action):
        forms["note"] = NoteForm(action=action, user=user)
        status_form = StatusForm(action=action, user=user)
        if status_form.steps:
            forms["status"] = status_form
    if Status.VERIFIED in services.allowed_targets(action, user):
        forms["verify"] = VerifyForm(action=action, user=user)
    if permissions.can_manage_action(user, action):
        forms["edit"] = EditActionForm(action=action, user=user)
        forms["public"] = PublicSummaryForm(action=action, user=user)
    # The submitted form replaces the blank one, to show its errors and keep its input.
    if submitted is not None and submitted.prefix in forms:
        forms[submitted.prefix] = submitted
    errors = error_summary_items(submitted) if submitted is not None and submitted.is_bound else []

    timeline = Paginator(
        action.updates.select_related("author").order_by("-created_at", "-id"),
        TIMELINE_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    for update in timeline:  # what the template shows of each entry, set on it
        author = person_name(update.author) if update.author else "Unknown"
        update.author_name = author  # type: ignore[attr-defined]
        update.when = when(update.created_at)  # type: ignore[attr-defined]
        label = evidence_types.describe(update.evidence_content_type)
        update.evidence_label = label  # type: ignore[attr-defined]

    finding = action.finding
    rag = action.rag(timezone.localdate())
    context = {
        "action": action,
        "finding": finding,
        "inspection": finding.inspection,
        "breadcrumbs": [
            ("Dashboard", reverse("workspace:dashboard")),
            ("Actions", reverse("workspace:actions")),
            (Truncator(action.title).chars(60), ""),
        ],
        "rag": rag and {"rating": rag, "text": _rag_text(action, rag)},
        "completed": action.completed_at and _done_by(action.completed_by, action.completed_at),
        "verified": action.verified_at and _done_by(action.verified_by, action.verified_at),
        "note_form": forms.get("note"),
        "status_form": forms.get("status"),
        "verify_form": forms.get("verify"),
        "edit_form": forms.get("edit"),
        "edit_open": submitted is not None and submitted.prefix == EditActionForm.prefix,
        "public_summary_form": forms.get("public"),
        "errors": errors,
        "stale": stale,
        "timeline": timeline,
        # Page links are relative to the URL, which is a POST view's after an error.
        "timeline_paginated": request.method in ("GET", "HEAD"),
        "history": _history(action),
        **due_date_forms.panel(user, action, submitted),
    }
    return render(request, "actions/detail.html", context, status=status)


def when(moment: datetime.datetime) -> str:
    """A moment as GOV.UK writes it: "5 February 2026 at 3:04pm", in local time."""
    local = timezone.localtime(moment)
    return dateformat.format(local, r"j F Y \a\t g:i") + dateformat.format(local, "A").lower()


def _done_by(user: Any, moment: datetime.datetime) -> str:
    return f"{when(moment)} by {person_name(user)}" if user else when(moment)


def _rag_text(action: ActionItem, rag: Rag) -> str:
    if rag == Rag.RED:
        return "Red: overdue"
    if rag == Rag.AMBER:
        return "Amber: blocked" if action.status == Status.BLOCKED else "Amber: due soon"
    if rag == Rag.NOT_SCHEDULED:
        return (
            "Not scheduled: no owner" if action.owner_id is None else "Not scheduled: no due date"
        )
    return "Green: on track"


def _history(action: ActionItem) -> list[dict[str, Any]]:
    """What changed between saved versions of the action, newest first, in one query."""
    records = list(
        action.history.select_related(
            "history_user", "owner", "completed_by", "verified_by"
        ).order_by("history_date", "history_id")
    )
    entries = []
    for older, newer in zip([None, *records], records, strict=False):
        if older is None:
            changes = []
        else:
            delta = newer.diff_against(
                older, included_fields=HISTORY_FIELDS, foreign_keys_are_objs=True
            )
            if not delta.changes:
                continue  # a save that touched only the timestamp, e.g. a note added
            changes = [
                (
                    str(_model_field(c.field).verbose_name).capitalize(),
                    _shown(c.field, c.old),
                    _shown(c.field, c.new),
                )
                for c in sorted(delta.changes, key=lambda c: HISTORY_FIELDS.index(c.field))
            ]
        entries.append(
            {
                "when": when(newer.history_date),
                "who": person_name(newer.history_user) if newer.history_user else "Not recorded",
                "changes": changes,
            }
        )
    entries.reverse()
    return entries


def _model_field(name: str) -> Field:
    """One of HISTORY_FIELDS: each is a field of the action itself, not a relation to it."""
    return cast(Field, ActionItem._meta.get_field(name))


def _shown(field_name: str, value: Any) -> str:
    """A field's value as the history section shows it."""
    field = _model_field(field_name)
    if isinstance(value, DeletedObject):
        # simple-history gives an empty foreign key as a DeletedObject without a pk.
        return "A removed user" if value.pk is not None else "Not set"
    if value is None or value == "":
        return "Not set"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return when(value)
    if isinstance(value, datetime.date):
        return dateformat.format(value, "j F Y")
    if field.is_relation:
        return person_name(value)
    return Truncator(str(value)).chars(120)
