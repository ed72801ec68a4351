"""The admin's "Import letter" pages: upload or paste -> preview and correct -> confirm.

The preview is also where a letter from the review queue is checked: every letter read
waits as a StagedImport, whoever or whatever read it. A council's staff open only the
letters actions/admin/scoping.py gives them, and import only for the authorities they
administer.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from actions.admin.scoping import AuthorityScopedAdmin, staged_imports
from actions.importing import flow, letters
from actions.importing.drafts import data_of_draft, draft_from_data, inspection_date
from actions.importing.flow import AlreadyStaged, DuplicateLetter, InvalidDraft, NotPending
from actions.importing.forms import (
    FindingPreviewFormSet,
    InspectionPreviewForm,
    JudgementPreviewFormSet,
    LetterSourceForm,
)
from actions.plumbing.auth import signed_in_user
from actions.publishing import placeholders_message
from inspections.models import Inspection, LocalAuthority
from inspections.parsing import LetterError
from inspections.staging import StagedImport

PREVIEW = "admin:inspections_inspection_import_preview"


def check_import_permission(request: HttpRequest) -> None:
    """Import pages (single and bulk) are for admins who may add inspections."""
    if not request.user.has_perm("inspections.add_inspection"):
        raise PermissionDenied


def _admin_of(model: type) -> AuthorityScopedAdmin:
    """The model's registered admin, whose scope decides which of its rows a person sees."""
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, AuthorityScopedAdmin)
    return model_admin


def _inspection_link(request: HttpRequest, inspection: Inspection) -> str:
    """A link to the inspection, or only "another authority's inspection" for a person
    who may not open it."""
    shown = _admin_of(Inspection).scope(request, Inspection.objects.filter(pk=inspection.pk))
    if not shown.exists():
        return "another authority's inspection"
    return format_html(
        '<a href="{}">{}</a>',
        reverse("admin:inspections_inspection_change", args=[inspection.pk]),
        inspection,
    )


def _duplicate_message(request: HttpRequest, existing: Inspection) -> str:
    return format_html(
        "This letter has already been imported: {}.", _inspection_link(request, existing)
    )


def _closed_message(request: HttpRequest, staged: StagedImport) -> str:
    """Why a staged letter can no longer be confirmed, and where it went."""
    if staged.status == StagedImport.Status.IMPORTED and staged.inspection:
        return format_html(
            "“{}” was already imported as {}, so nothing more was saved from it.",
            staged,
            _inspection_link(request, staged.inspection),
        )
    if staged.inspection:
        return format_html(
            "“{}” was discarded: it had already been imported as {}.",
            staged,
            _inspection_link(request, staged.inspection),
        )
    return format_html(
        "“{}” was discarded, so nothing was saved from it. Upload it again to import it.",
        staged,
    )


def admin_page_context(request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
    """The context every admin import page renders with."""
    return {
        **admin.site.each_context(request),
        "title": title,
        "opts": Inspection._meta,
        **extra,
    }


def import_start(request: HttpRequest) -> HttpResponse:
    check_import_permission(request)
    form = LetterSourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            staged = flow.stage(
                data=letters.read_upload(upload) if upload else None,
                filename=upload.name if upload else "pasted.txt",
                pasted=form.cleaned_data["text"],
                by=signed_in_user(request),
            )
        except LetterError as error:
            form.add_error("document" if upload else "text", str(error))
        except DuplicateLetter as duplicate:
            form.add_error(None, _duplicate_message(request, duplicate.existing))
        except AlreadyStaged as waiting:
            if not _waiting_letters(request).filter(pk=waiting.staged.pk).exists():
                form.add_error(None, "This letter is already waiting for the service's review.")
            else:
                messages.info(request, "This letter is already waiting for review: here it is.")
                return redirect(PREVIEW, pk=waiting.staged.pk)
        else:
            return redirect(PREVIEW, pk=staged.staged.pk)
    return TemplateResponse(
        request,
        "admin/inspections/import_start.html",
        admin_page_context(request, "Import an inspection letter", form=form),
    )


def _waiting_letters(request: HttpRequest) -> QuerySet[StagedImport]:
    return staged_imports(request, StagedImport.objects.select_related("inspection"))


def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Check, correct and confirm (or discard) one staged letter."""
    check_import_permission(request)
    staged = get_object_or_404(_waiting_letters(request), pk=pk)
    if staged.status != StagedImport.Status.PENDING:
        messages.error(request, _closed_message(request, staged))
        return redirect("admin:inspections_inspection_import")
    if request.method == "POST" and "discard" in request.POST:
        return _discard(request, staged)
    review = flow.reopen(staged)
    initial = data_of_draft(review.draft)
    data = request.POST if request.method == "POST" else None
    form = InspectionPreviewForm(data, initial=initial, provenance=review.letter.provenance)
    authority = cast(forms.ModelChoiceField, form.fields["authority"])
    authority.queryset = _admin_of(LocalAuthority).scope(request, LocalAuthority.objects.all())
    judgements = JudgementPreviewFormSet(data, initial=initial["judgements"], prefix="judgements")
    findings = FindingPreviewFormSet(data, initial=initial["findings"], prefix="findings")
    if data is not None and form.is_valid() and judgements.is_valid() and findings.is_valid():
        draft = draft_from_data(form.cleaned_data, judgements.cleaned_data, findings.cleaned_data)
        try:
            inspection = flow.confirm(
                staged, draft, by=signed_in_user(request), published=form.cleaned_data["publish"]
            )
        except InvalidDraft as refused:
            # Shown again with the corrections as posted and the error on its row.
            judgements.show_draft_errors(refused.judgements)
        except DuplicateLetter as duplicate:
            messages.error(request, _duplicate_message(request, duplicate.existing))
            return redirect("admin:inspections_inspection_import")
        except NotPending as gone:
            messages.error(request, _closed_message(request, gone.staged))
            return redirect("admin:inspections_inspection_import")
        else:
            messages.success(
                request,
                f"Imported “{inspection}” with {len(draft.findings)} findings and "
                f"{draft.action_count} draft actions.",
            )
            if form.cleaned_data["publish"] and not inspection.published:
                messages.warning(request, placeholders_message(draft.action_count))
            return redirect("admin:inspections_inspection_change", inspection.pk)
    return TemplateResponse(
        request,
        "admin/inspections/import_preview.html",
        admin_page_context(
            request,
            "Check the extracted inspection",
            form=form,
            judgements=judgements,
            findings=findings,
            staged=staged,
            reasons=review.reasons,
            authority_matched=review.draft.authority is not None,
            counted_from=inspection_date(review.letter),
        ),
    )


def _discard(request: HttpRequest, staged: StagedImport) -> HttpResponse:
    try:
        flow.discard(staged)
    except NotPending as gone:
        messages.error(request, _closed_message(request, gone.staged))
    else:
        messages.success(
            request,
            f"Discarded “{staged}”: nothing was imported from it. Its file is kept until "
            f"{settings.IMPORT_ABANDON_DAYS} days after it was read.",
        )
    return redirect("admin:inspections_stagedimport_changelist")
