"""Searching published findings and inspection titles, with the matched words highlighted.

On PostgreSQL the database's full-text search does the work: words match their other
forms ("audits" finds "audit"), results come best match first, and ts_headline marks
the matches. Elsewhere (SQLite, the embedded default) every word of the query must
appear, as written, in the finding or its inspection's title; results come newest
first and Python marks the matches.

Either way the text is marked with two private-use characters, never with HTML, and
`as_html` escapes the text before turning the marks into <mark> elements, so nothing a
letter contains can inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from inspections.models import Finding, date_expression

MARK_START, MARK_END = "\ue000", "\ue001"
SEARCH_CONFIG = "english"
# Quoted phrases, or single words.
_TERMS = re.compile(r'"([^"]+)"|(\S+)')


@dataclass(frozen=True)
class Filters:
    query: str = ""
    kind: str = ""
    authority: str = ""  # slug
    year: int | None = None


def search_terms(query: str) -> list[str]:
    """The phrases and words of a query, without quotes and without duplicates."""
    terms = []
    for phrase, word in _TERMS.findall(query):
        term = (phrase or word).strip().strip('"').casefold()
        if term and term not in terms:
            terms.append(term)
    return terms


def search_findings(filters: Filters) -> QuerySet[Finding]:
    """Published findings matching the filters, best or newest first. On PostgreSQL each
    is annotated with `text_marked` and `title_marked`; `results` marks the others."""
    findings = (
        Finding.objects.filter(inspection__published=True)
        .select_related("inspection__authority")
        .defer("inspection__source_text")
        .annotate(inspection_year=ExtractYear(date_expression("inspection__")))
    )
    if filters.kind:
        findings = findings.filter(kind=filters.kind)
    if filters.authority:
        findings = findings.filter(inspection__authority__slug=filters.authority)
    if filters.year:
        findings = findings.filter(inspection_year=filters.year)
    newest_first = (F("inspection_year").desc(nulls_last=True), "-inspection_id", "position")
    if not search_terms(filters.query):
        return findings.order_by(*newest_first)
    if connection.vendor == "postgresql":
        # F(), not "-rank": the type checker knows the model's fields, not this annotation.
        return _full_text(findings, filters.query).order_by(F("rank").desc(), *newest_first)
    return _contains_every_term(findings, search_terms(filters.query)).order_by(*newest_first)


def _full_text(findings: QuerySet[Finding], query: str) -> QuerySet[Finding]:
    search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    vector = SearchVector("text", config=SEARCH_CONFIG, weight="A") + SearchVector(
        "inspection__title", config=SEARCH_CONFIG, weight="B"
    )
    marks: dict[str, Any] = {"start_sel": MARK_START, "stop_sel": MARK_END, "highlight_all": True}
    return (
        findings.annotate(search=vector)
        .filter(search=search_query)
        .annotate(
            rank=SearchRank(vector, search_query),
            text_marked=SearchHeadline("text", search_query, config=SEARCH_CONFIG, **marks),
            title_marked=SearchHeadline(
                "inspection__title", search_query, config=SEARCH_CONFIG, **marks
            ),
        )
    )


def _contains_every_term(findings: QuerySet[Finding], terms: list[str]) -> QuerySet[Finding]:
    for term in terms:
        findings = findings.filter(Q(text__icontains=term) | Q(inspection__title__icontains=term))
    return findings


@dataclass(frozen=True)
class Result:
    finding: Finding
    text_html: SafeString
    title_html: SafeString


def results(findings: Iterable[Finding], query: str) -> list[Result]:
    """One page of search_findings' findings, with the matches marked up for the page."""
    terms = search_terms(query)
    return [
        Result(
            finding,
            as_html(getattr(finding, "text_marked", None) or mark(finding.text, terms)),
            as_html(
                getattr(finding, "title_marked", None) or mark(finding.inspection.title, terms)
            ),
        )
        for finding in findings
    ]


def mark(text: str, terms: list[str]) -> str:
    """`text` with every occurrence of each term, in any case, between the marks."""
    if not terms:
        return text
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    return pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", text)


def as_html(marked: str) -> SafeString:
    """Escaped text with the marks turned into <mark> elements."""
    html = escape(marked).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # escaped above: the only markup is our own <mark>
