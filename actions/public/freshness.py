"""Whether a reader's copy of a public page is still fresh, decided from the data before
anything is rendered, so that a revalidation (If-None-Match) costs one small query and no
template.

A page's ETag hashes a stamp of everything that changes what it shows:

- the columns of its own rows (the inspection and its authority; every authority's name);
- an inspection's pages: for its actions, their count, the sum of their `version` (the
  services bump it on every change) and the newest `updated_at`; for its findings and
  judgements, their count and the count of their history rows (django-simple-history
  adds one on every save and delete); for its themes, their count and newest change.
  Counts and sums change whatever order concurrent writes commit in, and a deleted row
  changes them;
- the home and authority pages: the newest change and history row of each table, read
  through an index so that the cost does not grow with the actions. A newest value can
  hide a write that committed after a later one, so for SETTLE after the newest change
  these ETags also change every SETTLE;
- today's date, because whether an action is overdue depends on it;
- the code's version (actions.plumbing.code_version), so that a deploy that changes a
  template or a rule changes every ETag.

The stamps are plain SQL written once from the models' tables: the ORM spent more time
building these subqueries on each request than the database spends answering them.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from typing import Any

from django.db import connection
from django.db.models import Model
from django.db.models.expressions import RawSQL
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from actions.models import ActionItem
from actions.plumbing.code_version import code_version
from inspections.models import Finding, FindingTheme, Inspection, Judgement, LocalAuthority

SETTLE = datetime.timedelta(seconds=60)
AUTHORITY_COLUMNS = ("id", "name", "slug", "council_name")


def _etag(*parts: Any, newest: datetime.datetime | None) -> str:
    now = timezone.now()
    settling = newest is not None and now - newest < SETTLE
    bucket = int(now.timestamp() // SETTLE.total_seconds()) if settling else None
    stamp = repr((code_version(), timezone.localdate(), bucket, *parts))
    return hashlib.sha256(stamp.encode()).hexdigest()[:32]


def _columns(instance: Model) -> list[Any]:
    """The columns of a row as loaded (deferred ones, such as a letter's text, left out)."""
    deferred = instance.get_deferred_fields()
    return [
        getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.attname not in deferred
    ]


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _as_text(*aggregates: str) -> str:
    """SQL aggregates joined into one text value (PostgreSQL and SQLite alike)."""
    return " || ' ' || ".join(f"COALESCE(CAST({each} AS TEXT), '')" for each in aggregates)


# The inspection page and its findings' lists of actions ------------------------------


@functools.cache
def _inspection_stamps() -> dict[str, RawSQL]:
    """Counts and sums, which change whatever order concurrent writes commit in: every
    change to an action through the services bumps its version, and every save or delete
    of a finding or judgement adds a history row. Each reads only the inspection's rows."""
    inspection = f"{_table(Inspection)}.id"
    actions, findings = _table(ActionItem), _table(Finding)
    of_inspection = {
        "findings_stamp": _table(Finding),
        "finding_history_stamp": _table(Finding.history.model),
        "judgements_stamp": _table(Judgement),
        "judgement_history_stamp": _table(Judgement.history.model),
    }
    stamps = {
        name: RawSQL(f"SELECT COUNT(*) FROM {table} WHERE inspection_id = {inspection}", ())
        for name, table in of_inspection.items()
    }
    stamps["actions_stamp"] = RawSQL(
        f"SELECT {_as_text('COUNT(*)', 'SUM(a.version)', 'MAX(a.updated_at)')} "
        f"FROM {actions} a JOIN {findings} f ON a.finding_id = f.id "
        f"WHERE f.inspection_id = {inspection}",
        (),
    )
    stamps["tags_stamp"] = RawSQL(
        f"SELECT {_as_text('COUNT(*)', 'MAX(t.updated_at)')} "
        f"FROM {_table(FindingTheme)} t JOIN {findings} f ON t.finding_id = f.id "
        f"WHERE f.inspection_id = {inspection}",
        (),
    )
    return stamps


def stamped_inspection(request: HttpRequest, pk: int) -> Inspection | None:
    """The published inspection `pk`, with its authority and its stamps, or None. Read
    once a request: first for the ETag, then, when the page is sent, for the page."""
    memo = request.__dict__.setdefault("_stamped_inspections", {})
    if pk not in memo:
        stamped = (
            Inspection.objects.published()
            .defer("source_text")
            .select_related("authority")
            .annotate(**_inspection_stamps())
            .filter(pk=pk)
        )
        memo[pk] = next(iter(stamped), None)
    return memo[pk]


def inspection_etag(request: HttpRequest, pk: int, **kwargs: Any) -> str | None:
    """The ETag of an inspection's pages; None (no ETag, and a 404) when not published."""
    found = stamped_inspection(request, pk)
    if found is None:
        return None
    stamps = [getattr(found, name) for name in _inspection_stamps()]
    return _etag(_columns(found), _columns(found.authority), stamps, newest=None)


# The home page and the authorities' pages --------------------------------------------


@functools.cache
def _site_stamps() -> dict[str, RawSQL]:
    """Each a newest value read through an index, or a count of a table that does not grow
    with the actions: their cost stays the same however many actions there are. (Actions
    are never deleted through the service, but a deletion adds a history row.)"""
    newest = {
        "newest_action": (_table(ActionItem), "updated_at"),
        "action_history": (_table(ActionItem.history.model), "history_id"),
        "newest_inspection": (_table(Inspection), "updated_at"),
        "inspection_history": (_table(Inspection.history.model), "history_id"),
        "finding_history": (_table(Finding.history.model), "history_id"),
        "newest_tag": (_table(FindingTheme), "updated_at"),
    }
    # As text: a page has some 150 rows, each repeating the stamps, and parsing them all
    # as dates would cost more than the query.
    stamps = {
        name: RawSQL(f"SELECT {_as_text(f'MAX({column})')} FROM {table}", ())
        for name, (table, column) in newest.items()
    }
    stamps["published_count"] = RawSQL(
        f"SELECT COUNT(*) FROM {_table(Inspection)} WHERE published", ()
    )
    stamps["tag_count"] = RawSQL(f"SELECT COUNT(*) FROM {_table(FindingTheme)}", ())
    return stamps


def stamped_authorities(request: HttpRequest) -> list[dict[str, Any]]:
    """Every authority in name order, the columns the public pages show (AUTHORITY_COLUMNS)
    as a dict, each carrying the site's stamps. Read once a request: for the ETag, then for
    the page."""
    memo = request.__dict__
    if "_stamped_authorities" not in memo:
        memo["_stamped_authorities"] = list(
            LocalAuthority.objects.order_by("name").values(*AUTHORITY_COLUMNS, **_site_stamps())
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
    rows = stamped_authorities(request)
    if not rows:
        return _etag(newest=None)
    first = rows[0]  # every row carries the same stamps
    changes = (_parsed(first["newest_action"]), _parsed(first["newest_inspection"]))
    return _etag(
        [list(row.values()) for row in rows], newest=max(filter(None, changes), default=None)
    )


def _parsed(text: str) -> datetime.datetime | None:
    """A timestamp the database gave as text (SQLite's without a zone, in UTC)."""
    value = parse_datetime(text) if text else None
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return value
