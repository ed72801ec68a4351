"""Whether a reader's copy of a public page is still fresh, decided from the data before
anything is rendered, so that a revalidation (If-None-Match) costs one small query and no
template.

A page's ETag hashes a stamp of everything that changes what it shows:

- the revision number of each authority whose data it shows (inspections.revisions): the
  database bumps it in the same transaction as any write to the authority itself and to
  its inspections, findings, judgements, themes, actions and their timelines, deletions
  included, so the number changes exactly when the data does, whatever order writes
  commit in;
- which authorities those are (the inspection's authority; every authority's name and
  link on the site's pages, which show them all);
- today's date, because whether an action is overdue depends on it;
- the code's version (actions.plumbing.code_version), so that a deploy that changes a
  template or a rule changes every ETag.

The numbers are read with the page's own rows, as plain SQL written once: the ORM spent
more time building subqueries on each request than the database spends answering them.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

from django.db import connection
from django.db.models import Model
from django.db.models.expressions import RawSQL
from django.http import HttpRequest
from django.utils import timezone

from actions.plumbing.code_version import code_version
from inspections.models import AuthorityRevision, Inspection, LocalAuthority

AUTHORITY_COLUMNS = ("id", "name", "slug", "council_name")
LETTER = "source_text"  # an inspection's letter, 88 KB or so: never on these pages
AUTHORITY_AS = "authority__"  # how the inspection's stamp names its authority's columns


def _etag(*parts: Any) -> str:
    stamp = repr((code_version(), timezone.localdate(), *parts))
    return hashlib.sha256(stamp.encode()).hexdigest()[:32]


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@functools.cache
def _revision(authority_id: str) -> RawSQL:
    """The revision number of the authority whose id is the SQL `authority_id`."""
    return RawSQL(
        f"SELECT number FROM {_table(AuthorityRevision)} WHERE authority_id = {authority_id}", ()
    )


# The inspection page and its findings' lists of actions ------------------------------


def _loaded(model: type[Model], leave_out: str = "") -> list[str]:
    return [field.attname for field in model._meta.concrete_fields if field.name != leave_out]


@functools.cache
def _inspection_stamp_sql() -> str:
    """The inspection's columns (but its letter's text), its authority's (as AUTHORITY_AS)
    and the authority's revision number, if published (as InspectionQuerySet.published)."""
    quote = connection.ops.quote_name
    columns = [
        *(f"i.{quote(name)}" for name in _loaded(Inspection, LETTER)),
        *(f"a.{quote(name)} AS {quote(AUTHORITY_AS + name)}" for name in _loaded(LocalAuthority)),
        "r.number AS revision_number",
    ]
    return (
        f"SELECT {', '.join(columns)} "
        f"FROM {_table(Inspection)} i JOIN {_table(LocalAuthority)} a ON a.id = i.authority_id "
        f"LEFT JOIN {_table(AuthorityRevision)} r ON r.authority_id = i.authority_id "
        "WHERE i.id = %s AND i.published"
    )


def stamped_inspection(request: HttpRequest, pk: int) -> Inspection | None:
    """The published inspection `pk` with its authority (not its letter's text) and its
    authority's revision number, or None. Read once a request: for the ETag of a request
    that is not a revalidation (inspection_etag), and for the page. Sent as written (a raw
    queryset still converts the columns): the ORM would spend longer building it than the
    database answering."""
    memo = request.__dict__.setdefault("_stamped_inspections", {})
    if pk not in memo:
        found = next(iter(Inspection.objects.raw(_inspection_stamp_sql(), [pk])), None)
        if found is not None:  # the authority's columns are text and ids: nothing to convert
            names = _loaded(LocalAuthority)
            values = [getattr(found, AUTHORITY_AS + name) for name in names]
            found.authority = LocalAuthority.from_db(connection.alias, names, values)
        memo[pk] = found
    return memo[pk]


@functools.cache
def _inspection_revision_sql() -> str:
    """The authority of published inspection %s and that authority's revision number."""
    return (
        f"SELECT i.authority_id, r.number FROM {_table(Inspection)} i "
        f"LEFT JOIN {_table(AuthorityRevision)} r ON r.authority_id = i.authority_id "
        "WHERE i.id = %s AND i.published"
    )


def inspection_etag(request: HttpRequest, pk: int, **kwargs: Any) -> str | None:
    """The ETag of an inspection's pages; None (no ETag, and a 404) when not published.

    The inspection's and its authority's own columns need no part in it: a write to either
    bumps the authority's number. The authority's id has one, because an inspection moved
    to another authority could find the same number there. A revalidation (If-None-Match),
    which will most likely be answered 304, reads just those two numbers through a plain
    cursor; any other request reads them with the rows the page shows (stamped_inspection),
    so that rendering the page costs no second query."""
    if "HTTP_IF_NONE_MATCH" in request.META:
        with connection.cursor() as cursor:
            cursor.execute(_inspection_revision_sql(), [pk])
            row = cursor.fetchone()
        return None if row is None else _etag(pk, *row)
    found = stamped_inspection(request, pk)
    if found is None:
        return None
    return _etag(pk, found.authority_id, found.revision_number)  # type: ignore[attr-defined]  # selected


# The home page and the authorities' pages --------------------------------------------


def stamped_authorities(request: HttpRequest) -> list[dict[str, Any]]:
    """Every authority in name order, the columns the public pages show (AUTHORITY_COLUMNS)
    and its revision number as a dict. Read once a request: for the ETag, then for the
    page."""
    memo = request.__dict__
    if "_stamped_authorities" not in memo:
        memo["_stamped_authorities"] = list(
            LocalAuthority.objects.order_by("name").values(
                *AUTHORITY_COLUMNS, revision=_revision(f"{_table(LocalAuthority)}.id")
            )
        )
    return memo["_stamped_authorities"]


def stamped_authority(request: HttpRequest, slug: str) -> LocalAuthority | None:
    """The authority with this slug, from stamped_authorities (its other columns deferred)."""
    row = next((row for row in stamped_authorities(request) if row["slug"] == slug), None)
    if row is None:
        return None
    # from_db takes the loaded columns in the model's order.
    loaded = [f.attname for f in LocalAuthority._meta.concrete_fields if f.attname in row]
    return LocalAuthority.from_db(LocalAuthority.objects.db, loaded, [row[name] for name in loaded])


def authorities_digest(request: HttpRequest) -> str:
    """A digest of every authority's name and link, naming the cached list of them that
    the home page shows (the list changes only when this digest does)."""
    names = [(row["name"], row["slug"]) for row in stamped_authorities(request)]
    return hashlib.sha256(repr((code_version(), names)).encode()).hexdigest()[:32]


def site_etag(request: HttpRequest, **kwargs: Any) -> str:
    """The ETag of the pages that summarise every authority: the home page and each
    authority's page."""
    return _etag([list(row.values()) for row in stamped_authorities(request)])
