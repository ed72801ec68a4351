"""A revision number per local authority, bumped by the database in the same transaction
as every change to what the staff pages show of that authority, so that a cache can ask
"has anything of these authorities changed?" for the price of one small query.

The database bumps it, through triggers, rather than the code that writes: then every
writer counts (the services, the admin, imports, data migrations, a script's raw SQL),
and none can forget. A bump is an UPDATE of the authority's row, so it commits exactly
when the change it stands for does: a reader that takes the stamp first and then reads
the data never caches data older than its stamp. Concurrent writers of one authority
queue on that row for the rest of their transaction.

Each tracked table says how a row leads to its authority (`track`, e.g. an action's
"finding__inspection__authority"). On PostgreSQL one trigger per statement bumps every
authority its rows touched (a bulk insert of a million actions costs one join, not a
million updates); SQLite has only row triggers. The triggers are (re)installed after
every `migrate` (post_migrate), so a migration that rebuilds a table, as SQLite's
schema editor does, cannot leave a table untracked, and on SQLite they are dropped
before it (pre_migrate), since a rebuild fails while another table's trigger names the
table; `installed_triggers` lets a test check that they are all there. Code that runs
migrations itself, without the migrate command, does the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models

PREFIX = "revise_authorities_"
EVENTS = ("INSERT", "UPDATE", "DELETE")


class AuthorityRevision(models.Model):
    """How many times anything of the authority has changed. A plain id, not a foreign
    key: the trigger that records an authority's deletion bumps the row of an authority
    that no longer exists."""

    authority_id = models.BigIntegerField(primary_key=True)
    number = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Authority {self.authority_id}, revision {self.number}"


@dataclass(frozen=True)
class Tracked:
    """A table whose rows change an authority's pages: `path` leads from a row to its
    authority ("" for the authority itself); `everyone` bumps every authority instead,
    when any of `columns` changes (a person's name shows on every authority's pages)."""

    model_label: str
    path: str = ""
    everyone: bool = False
    columns: tuple[str, ...] = ()


_TRACKED: dict[str, Tracked] = {}


def track(model: type[models.Model] | str, path: str = "", **options: Any) -> None:
    """Bump the authority that `path` leads to whenever a row of `model` is added,
    changed or deleted. Called where the model is defined."""
    label = model if isinstance(model, str) else model._meta.label
    _TRACKED[label] = Tracked(label, path, **options)


def revision_numbers(authority_ids: Iterable[int] | None) -> list[tuple[int, int]]:
    """(authority id, revision number) of each of these authorities that has ever changed
    (None: of every one, including any added or deleted), in id order; a cache key that
    includes it changes whenever anything of them changes. One query."""
    rows = AuthorityRevision.objects.order_by("authority_id")
    if authority_ids is not None:
        rows = rows.filter(authority_id__in=list(authority_ids))
    return list(rows.values_list("authority_id", "number"))


# The triggers ---------------------------------------------------------------------------


def _table(model: type[models.Model]) -> str:
    return connections[DEFAULT_DB_ALIAS].ops.quote_name(model._meta.db_table)


def _authority_ids(tracked: Tracked, rows: str) -> str:
    """SELECT of the distinct authority ids that the rows of `rows` (a table expression
    with the tracked table's columns) lead to."""
    model = apps.get_model(tracked.model_label)
    steps = tracked.path.split("__") if tracked.path else []
    alias, joins = "r", []
    for depth, name in enumerate(steps[:-1]):
        field = model._meta.get_field(name)
        target = field.related_model
        joined = f"j{depth}"
        joins.append(
            f"JOIN {_table(target)} {joined} "
            f"ON {joined}.{target._meta.pk.column} = {alias}.{field.column}"
        )
        alias, model = joined, target
    column = model._meta.get_field(steps[-1]).column if steps else model._meta.pk.column
    return f"SELECT DISTINCT {alias}.{column} AS authority_id FROM {rows} r {' '.join(joins)}"


def _first_column(tracked: Tracked) -> str:
    """The tracked table's column that its path starts from."""
    model = apps.get_model(tracked.model_label)
    if not tracked.path:
        return model._meta.pk.column
    return model._meta.get_field(tracked.path.split("__")[0]).column


def _bump(tracked: Tracked, rows: str) -> str:
    revisions = _table(AuthorityRevision)
    if tracked.everyone:
        return f"UPDATE {revisions} SET number = number + 1"
    return (
        f"INSERT INTO {revisions} (authority_id, number) "
        f"SELECT authority_id, 1 FROM ({_authority_ids(tracked, rows)}) changed "
        "WHERE authority_id IS NOT NULL "
        f"ON CONFLICT (authority_id) DO UPDATE SET number = {revisions}.number + 1"
    )


def _name(tracked: Tracked) -> str:
    return PREFIX + apps.get_model(tracked.model_label)._meta.db_table


def _columns_changed(tracked: Tracked, old: str, new: str) -> str:
    return " OR ".join(f"{old}.{c} IS DISTINCT FROM {new}.{c}" for c in tracked.columns)


def _postgresql(tracked: Tracked) -> list[str]:
    """One function, and a statement trigger per event reading its transition table."""
    name, table = _name(tracked), _table(apps.get_model(tracked.model_label))
    if tracked.everyone:
        changed = _columns_changed(tracked, "o", "n")
        key = apps.get_model(tracked.model_label)._meta.pk.column
        body = (
            f"IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON o.{key} = n.{key} "
            f"WHERE {changed}) THEN {_bump(tracked, '')}; END IF;"
        )
        events = ["UPDATE"]
    else:
        body = (
            f"IF TG_OP <> 'INSERT' THEN {_bump(tracked, 'old_rows')}; END IF; "
            f"IF TG_OP <> 'DELETE' THEN {_bump(tracked, 'new_rows')}; END IF;"
        )
        events = list(EVENTS)
    statements = [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {body} RETURN NULL; END $$"
    ]
    for event in events:
        transition = {
            "INSERT": "NEW TABLE AS new_rows",
            "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "DELETE": "OLD TABLE AS old_rows",
        }[event]
        trigger = f"{name}_{event.lower()}"
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger} ON {table}",
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} REFERENCING {transition} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    return statements


def _sqlite(tracked: Tracked) -> list[str]:
    """A row trigger per event, reading the row as a one-row table."""
    name, table = _name(tracked), _table(apps.get_model(tracked.model_label))
    statements = []
    for event in ["UPDATE"] if tracked.everyone else EVENTS:
        trigger = f"{name}_{event.lower()}"
        when = f"WHEN {_columns_changed(tracked, 'OLD', 'NEW')} " if tracked.everyone else ""
        column = _first_column(tracked)
        bumps = [
            _bump(tracked, f"(SELECT {row}.{column} AS {column})")
            for row in {"INSERT": ["NEW"], "UPDATE": ["OLD", "NEW"], "DELETE": ["OLD"]}[event]
        ]
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger}",
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW {when}"
            f"BEGIN {'; '.join(bumps)}; END",
        ]
    return statements


def install_triggers(using: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    present = [
        tracked
        for tracked in _TRACKED.values()
        if apps.get_model(tracked.model_label)._meta.db_table in tables
    ]
    if AuthorityRevision._meta.db_table not in tables:
        return  # migrating backwards, past the revisions table
    build = {"postgresql": _postgresql, "sqlite": _sqlite}[connection.vendor]
    with connection.cursor() as cursor:
        for tracked in present:
            for statement in build(tracked):
                cursor.execute(statement)


def installed_triggers(using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """The names of the revision triggers the database has."""
    return set(_installed(using))


def _installed(using: str) -> dict[str, str]:
    """The revision triggers the database has, each with its table."""
    connection = connections[using]
    query = {
        "postgresql": "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE %s",
        "sqlite": "SELECT name, tbl_name FROM sqlite_master "
        "WHERE type = 'trigger' AND name LIKE %s",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(query, [PREFIX + "%"])
        return dict(cursor.fetchall())


def uninstall_triggers(using: str = DEFAULT_DB_ALIAS) -> None:
    """Drop every revision trigger (install_triggers puts them back)."""
    connection = connections[using]
    on_table = connection.vendor == "postgresql"  # SQLite's trigger names are unique
    with connection.cursor() as cursor:
        for name, table in _installed(using).items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if on_table else ""))


def expected_triggers() -> set[str]:
    return {
        f"{_name(tracked)}_{event.lower()}"
        for tracked in _TRACKED.values()
        for event in (["UPDATE"] if tracked.everyone else EVENTS)
    }


def uninstall_before_migrate(
    sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    """pre_migrate receiver, on SQLite: its schema editor alters a table by building a new
    one, dropping the old and renaming the new, and the rename fails while another
    table's trigger names the table. (PostgreSQL alters in place, and keeps its triggers
    through a migration, so writes made meanwhile still count.)"""
    if connections[using].vendor == "sqlite":
        uninstall_triggers(using)


def install_after_migrate(sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate receiver: once per migrate, after every app's tables exist."""
    install_triggers(using)


track("inspections.LocalAuthority")
track("inspections.Inspection", "authority")
track("inspections.Finding", "inspection__authority")
track("inspections.Judgement", "inspection__authority")
track("inspections.FindingTheme", "finding__inspection__authority")
track("inspections.StatementOfAction", "inspection__authority")
track("inspections.Membership", "authority")
track(settings.AUTH_USER_MODEL, everyone=True, columns=("first_name", "last_name", "username"))
