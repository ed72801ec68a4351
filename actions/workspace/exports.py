"""Action lists as an improvement plan a council can send on: CSV for any tool, XLSX for a
meeting.

Both formats take the rows of an already filtered and sorted queryset (see ActionFilter),
annotated here with the latest note and the names of who completed and verified each
action, and stream through it once, so an export costs the same few queries however long
the plan is.

Only the XLSX has a title (the authority, the filters in words, the export date) above its
table. The CSV's first row is its header and every other row an action, because that is
what spreadsheets, databases and scripts importing a CSV expect: lines above the header,
which CSV has no way to mark as comments, would be read as the header or as data. The CSV's
file name still says the authority and the date.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import cast

from django import forms
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from actions.display import long_date, person_name, person_name_expression
from actions.filters import ActionFilter
from actions.models import ActionItem, ActionItemQuerySet, Priority, Rag, Status

CellValue = str | int | datetime.date | None

# Column headings and their widths in Excel (in characters).
COLUMNS: tuple[tuple[str, int], ...] = (
    ("ID", 7),
    ("Link", 14),
    ("Authority", 16),
    ("Inspection", 24),
    ("Kind of finding", 16),
    ("Finding", 55),
    ("Action", 45),
    ("Lead", 20),
    ("Success measure", 40),
    ("Owner", 18),
    ("Priority", 9),
    ("Due date", 17),
    ("Status", 13),
    ("RAG", 14),
    ("Completed on", 17),
    ("Completed by", 18),
    ("Verified on", 17),
    ("Verified by", 18),
    ("Latest update", 50),
)
HEADINGS = tuple(heading for heading, _ in COLUMNS)
LINK_COLUMN = HEADINGS.index("Link")
RAG_COLUMN = HEADINGS.index("RAG")

# RAG cells in the XLSX: GOV.UK's colours, with text in a colour that reads on each (the
# cell still names the rating, for black-and-white prints and colour-blind readers).
# Keyed by the label, which is what the cell holds.
RAG_FILLS: dict[str, tuple[str, str]] = {
    Rag.RED.label: ("D4351C", "FFFFFF"),
    Rag.AMBER.label: ("F47738", "0B0C0C"),
    Rag.GREEN.label: ("00703C", "FFFFFF"),
    Rag.NOT_SCHEDULED.label: ("B1B4B6", "0B0C0C"),
}

# A cell starting with one of these is read as a formula by spreadsheet programs, which
# would let anyone who can write an action's title run one on the reader's machine.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS_PER_FETCH = 500


@dataclass(frozen=True)
class PlanTitle:
    """What the XLSX says above its table."""

    authority: str
    filters: tuple[str, ...]
    exported_on: datetime.date

    def lines(self) -> list[str]:
        return [
            f"Improvement plan: {self.authority}",
            "Filters: " + ("; ".join(self.filters) if self.filters else "none (every action)"),
            f"Exported on {long_date(self.exported_on)}",
        ]


@dataclass(frozen=True)
class Plan:
    """An export's actions, its title, and how to link each action."""

    actions: ActionItemQuerySet
    title: PlanTitle
    link: Callable[[int], str]
    stem: str

    @classmethod
    def from_filters(cls, filters: ActionFilter, request: HttpRequest) -> Plan:
        """The plan of a valid ActionFilter's actions, for the request's site."""
        actions: ActionItemQuerySet = filters.qs  # type: ignore[assignment]
        authority = filters.form.cleaned_data.get("authority")
        return cls(
            actions=actions.select_related("finding__inspection__authority", "owner")
            .defer("finding__inspection__source_text")  # a whole letter a row, never exported
            .with_latest_note()
            .annotate(
                completed_by_name=person_name_expression("completed_by__"),
                verified_by_name=person_name_expression("verified_by__"),
            ),
            title=PlanTitle(
                authority=authority.name if authority else "All your authorities",
                filters=tuple(filters_in_words(filters.form)),
                exported_on=timezone.localdate(),
            ),
            link=lambda pk: request.build_absolute_uri(reverse("workspace:action", args=[pk])),
            stem=f"{authority.slug}-improvement-plan" if authority else "improvement-plan",
        )


def filters_in_words(form: forms.Form) -> Iterator[str]:
    """Each filter of a valid filter form that is in force, as "Label: value". The
    authority is left out (the title names it), and so is the sort."""
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name in ("authority", "sort") or value in (None, "", [], False):
            continue
        if isinstance(field, forms.BooleanField):
            yield str(field.label)
        else:
            yield f"{field.label or name.capitalize()}: {_in_words(field, value)}"


def _in_words(field: forms.Field, value: object) -> str:
    if isinstance(value, datetime.date):
        return long_date(value)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = cast(Iterable[tuple[object, object]], field.choices)
        labels = {str(key): str(label) for key, label in choices}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(one), str(one)) for one in values)
    return str(value)


def neutralise(value: str) -> str:
    """Text that a spreadsheet shows as written instead of evaluating it."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _action_text(action: ActionItem) -> str:
    # Drafts made at import copy the finding into the description; say it only once.
    if action.description and action.description != action.finding.text:
        return f"{action.title}\n\n{action.description}"
    return action.title


def _latest_update(action: ActionItem) -> str:
    # The type checker cannot see the attributes with_latest_note() annotates.
    note: str | None = action.latest_note  # type: ignore[attr-defined]
    if not note:
        return ""
    written = timezone.localdate(action.latest_note_at)  # type: ignore[attr-defined]
    return f"{long_date(written)}: {note}"


def _rag_label(action: ActionItem) -> str:
    # The type checker cannot see the attribute with_rag() annotates.
    rag: str | None = action.rag_status  # type: ignore[attr-defined]
    return Rag(rag).label if rag else ""


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def plan_rows(
    actions: Iterable[ActionItem], link: Callable[[int], str]
) -> Iterator[list[CellValue]]:
    """One row per action, in COLUMNS order; dates stay dates for XLSX."""
    for action in actions:
        finding = action.finding
        yield [
            action.pk,
            link(action.pk),
            finding.inspection.authority.name,
            finding.inspection.label,
            finding.get_kind_display(),
            finding.text,
            _action_text(action),
            action.lead,
            action.success_measure,
            person_name(action.owner) if action.owner else "Unassigned",
            Priority(action.priority).label,
            action.due_date,
            Status(action.status).label,
            _rag_label(action),
            _day(action.completed_at),
            action.completed_by_name,  # type: ignore[attr-defined]  # annotated by Plan
            _day(action.verified_at),
            action.verified_by_name,  # type: ignore[attr-defined]  # annotated by Plan
            _latest_update(action),
        ]


def filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


def attachment(response: HttpResponse | StreamingHttpResponse, name: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{name}"'


class _Echo:
    """A file-like object that hands back what csv.writer writes, to stream it."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(plan: Plan) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The byte order mark tells Excel the file is UTF-8, or it garbles "’" and "é".
    yield "\ufeff"
    yield writer.writerow(HEADINGS)
    for row in plan_rows(plan.actions.iterator(chunk_size=ROWS_PER_FETCH), plan.link):
        yield writer.writerow([_csv_cell(value) for value in row])


def _csv_cell(value: CellValue) -> str:
    if isinstance(value, datetime.date):
        return long_date(value)
    if isinstance(value, int):
        return str(value)
    return neutralise(value or "")


def csv_response(plan: Plan) -> StreamingHttpResponse:
    """The plan as CSV (UTF-8 with BOM, Excel's line endings), streamed as it is read:
    a header row, then one row per action, and nothing else (see the module's note)."""
    response = StreamingHttpResponse(
        (line.encode() for line in _csv_lines(plan)), content_type="text/csv; charset=utf-8"
    )
    attachment(response, filename(plan.stem, "csv"))
    return response


def xlsx_response(plan: Plan) -> HttpResponse:
    """The plan as an Excel workbook: its title above the table, RAG cells coloured."""
    from actions.workspace import xlsx  # only now: see that module's note

    layout = xlsx.Layout("Improvement plan", COLUMNS, LINK_COLUMN, RAG_COLUMN, RAG_FILLS)
    rows = (
        [neutralise(value) if isinstance(value, str) else value for value in row]
        for row in plan_rows(plan.actions.iterator(chunk_size=ROWS_PER_FETCH), plan.link)
    )
    content = xlsx.workbook_bytes(layout, [neutralise(line) for line in plan.title.lines()], rows)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    attachment(response, filename(plan.stem, "xlsx"))
    return response


EXPORTERS = {"csv": csv_response, "xlsx": xlsx_response}
