"""The public site: every authority's published inspections, what Ofsted found, how far the
council has got with its actions, recurring themes, and search. Open to all, no sign-in.

Only published inspections exist here: anything else is 404. Reads go through
actions.selectors, which loads only the public columns of actions. Every page is
cacheable for a minute and carries an ETag, so a client that already has the page gets
a 304 instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import PurePath
from typing import Any, cast

from django import forms
from django.core.paginator import Paginator
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, conditional_page, require_safe

from actions import selectors
from actions.display import visit_dates
from actions.public import freshness, page_cache
from actions.public.feeds import AuthorityFeed
from actions.public.page_cache import ViewFunction
from inspections import search as finding_search
from inspections import themes
from inspections.models import Finding, FindingKind, Inspection, LocalAuthority

PAGE_SIZE = 50
# Long enough to spare the server a crowd of readers, short enough that progress
# recorded by staff shows up within a minute.
MAX_AGE = 60


def public_page(
    etag: page_cache.EtagFunction | None = None,
) -> Callable[[ViewFunction], ViewFunction]:
    """GET and HEAD only, cacheable by anyone for MAX_AGE seconds, with an ETag and a 304
    for a client that already has the page. With `etag` (actions.public.freshness: from
    the data, before rendering) the page itself is also cached under it (page_cache);
    without, the ETag is a hash of the rendered page."""

    def decorate(view: ViewFunction) -> ViewFunction:
        if etag:
            stamp = page_cache.once_a_request(etag)
            conditional = condition(etag_func=stamp)(page_cache.cached_under_etag(view, stamp))
        else:
            conditional = conditional_page(view)
        return require_safe(cache_control(public=True, max_age=MAX_AGE)(conditional))

    return decorate


def render_public(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A public page, with the public site's navigation."""
    context["service_navigation"] = [
        {"text": "Inspections", "href": reverse("home")},
        {"text": "Search", "href": reverse("public_search")},
    ]
    context["footer_links"] = [{"text": "Staff sign in", "href": reverse("workspace:dashboard")}]
    return render(request, template, context)


@public_page(freshness.site_etag)
def home(request: HttpRequest) -> HttpResponse:
    page_obj = Paginator(selectors.authorities_with_published_inspections(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render_public(
        request,
        "home.html",
        {
            "page_obj": page_obj,
            "rows": selectors.summarise(page_obj.object_list, timezone.localdate()),
            "all_authorities": freshness.stamped_authorities(request),
            "all_authorities_digest": freshness.authorities_digest(request),
        },
    )


@public_page(freshness.site_etag)
def authority(request: HttpRequest, slug: str) -> HttpResponse:
    local_authority = freshness.stamped_authority(request, slug)
    if local_authority is None:
        raise Http404("No local authority has that name.")
    summaries = selectors.inspection_summaries(local_authority, timezone.localdate())
    published = Inspection.objects.published().filter(authority=local_authority)
    return render_public(
        request,
        "public/authority.html",
        {
            "authority": local_authority,
            "summaries": summaries,
            "trend": selectors.judgement_trend(s.inspection for s in summaries),
            "recurring": selectors.recurring_themes(published),
            "theme_rules": themes.VOCABULARY,
            "breadcrumbs": [("Inspections", reverse("home"))],
        },
    )


def _breadcrumbs(inspection: Inspection) -> list[tuple[str, str]]:
    authority = inspection.authority
    return [
        ("Inspections", reverse("home")),
        (authority.name, reverse("public_authority", args=[authority.slug])),
    ]


def _published(request: HttpRequest, pk: int) -> Inspection:
    found = freshness.stamped_inspection(request, pk)
    if found is None:
        raise Http404("No published inspection has that number.")
    return found


@public_page(freshness.inspection_etag)
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    """An inspection, its judgements and findings, and a summary of each finding's actions
    (with a link to all of them): a page whose size does not grow with the actions."""
    found = _published(request, pk)
    today = timezone.localdate()
    findings = selectors.public_finding_summaries(found, today)
    return render_public(
        request,
        "public/inspection.html",
        {
            "inspection": found,
            "visit": visit_dates(found),
            "judgements": found.judgements.all(),
            "groups": selectors.group_by_kind(findings),
            "public_progress": selectors.public_progress(findings),
            "short_list": selectors.SHORT_LIST,
            "today": today,
            "breadcrumbs": _breadcrumbs(found),
        },
    )


@public_page(freshness.inspection_etag)
def finding_actions(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    """Every action of one finding of a published inspection, PAGE_SIZE a page."""
    found = _published(request, pk)
    finding = get_object_or_404(
        found.findings.all(), pk=finding_pk, kind__in=Finding.ACTIONABLE_KINDS
    )
    page_obj = Paginator(selectors.public_finding_actions(finding), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render_public(
        request,
        "public/finding_actions.html",
        {
            "inspection": found,
            "finding": finding,
            "page_obj": page_obj,
            "today": timezone.localdate(),
            "breadcrumbs": [
                *_breadcrumbs(found),
                (found.label, reverse("public_inspection", args=[found.pk])),
            ],
        },
    )


def _document_changed(request: HttpRequest, pk: int) -> datetime.datetime | None:
    return Inspection.objects.filter(pk=pk).values_list("updated_at", flat=True).first()


@require_safe
@cache_control(public=True, max_age=MAX_AGE)
@condition(last_modified_func=_document_changed)
def inspection_document(request: HttpRequest, pk: int) -> FileResponse:
    """The letter as the admin uploaded it, where they published the inspection with one."""
    found = get_object_or_404(Inspection.objects.published().exclude(source_document=""), pk=pk)
    return FileResponse(
        found.source_document.open("rb"),
        as_attachment=True,
        filename=PurePath(found.source_document.name).name,
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Words to search for",
        max_length=200,
        required=False,
        help_text="For example, audit or “care leavers”",
    )
    kind = forms.ChoiceField(label="Kind of finding", required=False)
    authority = forms.ChoiceField(label="Local authority", required=False)
    year = forms.TypedChoiceField(label="Year", coerce=int, empty_value=None, required=False)

    def __init__(
        self,
        *args: Any,
        authorities: list[tuple[str, str]],
        years: list[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        kind, authority, year = (
            cast(forms.ChoiceField, self.fields[name]) for name in ("kind", "authority", "year")
        )
        kind.choices = [("", "All kinds"), *FindingKind.choices]
        authority.choices = [("", "All local authorities"), *authorities]
        year.choices = [("", "All years"), *((y, str(y)) for y in years)]

    def filters(self) -> finding_search.Filters:
        """The valid parts of a bound form's search; a field with an error (a choice that is
        not on the list) is left out and the form shows the error."""
        self.is_valid()  # cleans, keeping the valid fields in cleaned_data
        data = self.cleaned_data
        return finding_search.Filters(
            query=data.get("q") or "",
            kind=data.get("kind") or "",
            authority=data.get("authority") or "",
            year=data.get("year"),
        )


def _search_form(request: HttpRequest) -> SearchForm:
    published = Inspection.objects.published()
    authorities = list(
        LocalAuthority.objects.filter(inspections__in=published)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )
    years = sorted(
        {
            year
            for year in published.with_date()
            .annotate(year=ExtractYear("inspected_on"))
            .order_by()
            .values_list("year", flat=True)
            .distinct()
            if year
        },
        reverse=True,
    )
    return SearchForm(request.GET or None, authorities=authorities, years=years)


@public_page()
def search(request: HttpRequest) -> HttpResponse:
    form = _search_form(request)
    filters = form.filters() if form.is_bound else finding_search.Filters()
    searched = any([filters.query, filters.kind, filters.authority, filters.year])
    page_obj = results = None
    if searched:
        page_obj = Paginator(finding_search.search_findings(filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        results = finding_search.results(page_obj.object_list, filters.query)
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render_public(
        request,
        "public/search.html",
        {
            "form": form,
            "filters": filters,
            "searched": searched,
            "page_obj": page_obj,
            "results": results,
            "querystring": querystring.urlencode(),
        },
    )


authority_feed = public_page()(AuthorityFeed())
