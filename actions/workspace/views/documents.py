"""The statement of action and the committee progress report, as Word or PDF downloads.

Who may download what is decided where it is for the pages: an inspection the user cannot
see, or an authority they do not belong to, is not found.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify

from actions.plumbing.auth import signed_in_user
from actions.reports import committee, data, pdf, plan, word
from actions.reports.contents import CommitteeReport, Plan
from inspections.models import Finding, Inspection, LocalAuthority
from inspections.permissions import visible_authority_ids

# Each format: its content type and builders for the plan and the report.
PLAN_BUILDERS: dict[str, tuple[str, Callable[[Plan], bytes]]] = {
    "docx": (word.CONTENT_TYPE, plan.plan_docx),
    "pdf": (pdf.CONTENT_TYPE, pdf.plan_pdf),
}
REPORT_BUILDERS: dict[str, tuple[str, Callable[[CommitteeReport], bytes]]] = {
    "docx": (word.CONTENT_TYPE, committee.committee_docx),
    "pdf": (pdf.CONTENT_TYPE, pdf.committee_pdf),
}


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    visible = Inspection.objects.for_user(signed_in_user(request)).select_related("authority")
    return get_object_or_404(visible, pk=pk)


def _stem(inspection: Inspection) -> str:
    """'wigan-focused-visit-january-2020': names the inspection among its authority's."""
    return slugify(f"{inspection.authority.slug} {inspection.label}")


@login_required
def inspection_plan(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in PLAN_BUILDERS:
        raise Http404
    inspection = _inspection(request, pk)
    content_type, build = PLAN_BUILDERS[fmt]
    contents = data.statement_of_action(inspection, signed_in_user(request), timezone.localdate())
    return _download(
        build(contents), content_type, f"{_stem(inspection)}-statement-of-action.{fmt}"
    )


@login_required
def inspection_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in REPORT_BUILDERS:
        raise Http404
    inspection = _inspection(request, pk)
    today = timezone.localdate()
    report = data.committee_report(
        inspection.authority.name, [inspection], signed_in_user(request), today
    )
    return _report(report, fmt, f"{_stem(inspection)}-progress-report", today)


@login_required
def authority_report(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Progress on every inspection of the authority that has findings to act on."""
    if fmt not in REPORT_BUILDERS:
        raise Http404
    user = signed_in_user(request)
    authorities = LocalAuthority.objects.all()
    visible = visible_authority_ids(user)
    if visible is not None:
        authorities = authorities.filter(pk__in=visible)
    authority = get_object_or_404(authorities, slug=slug)
    inspections = (
        Inspection.objects.for_user(user)
        .filter(authority=authority, findings__kind__in=Finding.ACTIONABLE_KINDS)
        .distinct()
        .select_related("authority")
        .newest_first()
    )
    today = timezone.localdate()
    report = data.committee_report(authority.name, list(inspections), user, today)
    return _report(report, fmt, f"{authority.slug}-progress-report", today)


def _report(report: CommitteeReport, fmt: str, stem: str, today: datetime.date) -> HttpResponse:
    content_type, build = REPORT_BUILDERS[fmt]
    return _download(build(report), content_type, f"{stem}-{today:%Y-%m-%d}.{fmt}")
