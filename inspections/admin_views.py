"""The admin's "Import letter" pages: upload or paste -> preview and correct -> confirm."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from inspections import importing
from inspections.forms import (
    FindingPreviewFormSet,
    InspectionPreviewForm,
    JudgementPreviewFormSet,
    LetterSourceForm,
)
from inspections.models import Inspection
from inspections.parsing import LetterError
from inspections.services import DuplicateLetter, find_duplicate, import_letter


def _check_permission(request: HttpRequest) -> None:
    if not request.user.has_perm("inspections.add_inspection"):
        raise PermissionDenied


def _duplicate_message(existing: Inspection) -> str:
    return format_html(
        'This letter has already been imported: <a href="{}">{}</a>.',
        reverse("admin:inspections_inspection_change", args=[existing.pk]),
        existing,
    )


def _context(request: HttpRequest, title: str, **extra) -> dict:
    return {
        **admin.site.each_context(request),
        "title": title,
        "opts": Inspection._meta,
        **extra,
    }


def import_start(request: HttpRequest) -> HttpResponse:
    _check_permission(request)
    form = LetterSourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        data = upload.read() if upload else None
        filename = upload.name if upload else "pasted.txt"
        try:
            text, _parsed = importing.read_letter(
                data=data, filename=filename, pasted=form.cleaned_data["text"]
            )
        except LetterError as error:
            form.add_error("document" if upload else "text", str(error))
        else:
            existing = find_duplicate(text)
            if existing:
                form.add_error(None, _duplicate_message(existing))
            else:
                letter = importing.stage(request.session, text=text, filename=filename, data=data)
                return redirect("admin:inspections_inspection_import_preview", token=letter.token)
    return TemplateResponse(
        request,
        "admin/inspections/import_start.html",
        _context(request, "Import an inspection letter", form=form),
    )


def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    _check_permission(request)
    letter = importing.staged(request.session, token)
    if letter is None:
        messages.error(
            request,
            "That import has expired or was already confirmed, so nothing was saved from it. "
            "Upload or paste the letter again.",
        )
        return redirect("admin:inspections_inspection_import")
    parsed = letter.parse()
    initial = importing.preview_initial(parsed)
    data = request.POST if request.method == "POST" else None
    form = InspectionPreviewForm(data, initial=initial["inspection"])
    judgements = JudgementPreviewFormSet(data, initial=initial["judgements"], prefix="judgements")
    findings = FindingPreviewFormSet(data, initial=initial["findings"], prefix="findings")
    if data is not None and form.is_valid() and judgements.is_valid() and findings.is_valid():
        draft = importing.draft_from_forms(
            form.cleaned_data, judgements.cleaned_data, findings.cleaned_data
        )
        try:
            inspection = import_letter(
                draft=draft,
                source_text=letter.text,
                source_name=letter.filename,
                source_bytes=letter.original_bytes(),
                published=form.cleaned_data["publish"],
            )
        except DuplicateLetter as duplicate:
            importing.unstage(request.session, letter)
            messages.error(request, _duplicate_message(duplicate.existing))
            return redirect("admin:inspections_inspection_import")
        importing.unstage(request.session, letter)
        messages.success(
            request,
            f"Imported “{inspection}” with {len(draft.findings)} findings and "
            f"{draft.action_count} draft actions.",
        )
        return redirect("admin:inspections_inspection_change", inspection.pk)
    return TemplateResponse(
        request,
        "admin/inspections/import_preview.html",
        _context(
            request,
            "Check the extracted inspection",
            form=form,
            judgements=judgements,
            findings=findings,
            letter=letter,
            warnings=parsed.warnings,
            authority_matched=initial["authority_matched"],
        ),
    )
