"""Action lists as an improvement plan a council can send on: CSV for any tool, XLSX for Excel.

Both formats take the rows of an already filtered and sorted queryset (see ActionFilter)
annotated with `with_latest_note()`, and stream through it once, so an export costs one
query however long the plan is.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from actions.display import long_date, person_name
from actions.models import ActionItem, Rag, Status

Cell = str | datetime.date | None

# Column headings and their widths in Excel (in characters).
COLUMNS: tuple[tuple[str, int], ...] = (
    ("Authority", 16),
    ("Inspection", 26),
    ("Finding", 60),
    ("Action", 45),
    ("Owner", 20),
    ("Due date", 17),
    ("Status", 13),
    ("RAG", 8),
    ("Latest update", 50),
)

# A cell starting with one of these is read as a formula by spreadsheet programs, which
# would let anyone who can write an action's title run one on the reader's machine.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ROWS_PER_FETCH = 500


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


def plan_rows(actions: Iterable[ActionItem]) -> Iterator[list[Cell]]:
    """One row per action, in COLUMNS order; the due date stays a date for XLSX."""
    for action in actions:
        finding = action.finding
        yield [
            finding.inspection.authority.name,
            finding.inspection.label,
            f"{finding.get_kind_display()}: {finding.text}",
            _action_text(action),
            person_name(action.owner) if action.owner else "Unassigned",
            action.due_date,
            Status(action.status).label,
            _rag_label(action),
            _latest_update(action),
        ]


def filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _attachment(response: HttpResponse | StreamingHttpResponse, name: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{name}"'


class _Echo:
    """A file-like object that hands back what csv.writer writes, to stream it."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(actions: Iterable[ActionItem]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The byte order mark tells Excel the file is UTF-8, or it garbles "’" and "é".
    yield "\ufeff"
    yield writer.writerow([heading for heading, _ in COLUMNS])
    for row in plan_rows(actions):
        yield writer.writerow([_csv_cell(value) for value in row])


def _csv_cell(value: Cell) -> str:
    if isinstance(value, datetime.date):
        return long_date(value)
    return neutralise(value or "")


def csv_response(actions: QuerySet[ActionItem], stem: str) -> StreamingHttpResponse:
    """The plan as CSV (UTF-8 with BOM, Excel's line endings), streamed as it is read."""
    lines = _csv_lines(actions.iterator(chunk_size=_ROWS_PER_FETCH))
    response = StreamingHttpResponse(
        (line.encode() for line in lines), content_type="text/csv; charset=utf-8"
    )
    _attachment(response, filename(stem, "csv"))
    return response


def xlsx_response(actions: QuerySet[ActionItem], stem: str) -> HttpResponse:
    """The plan as an Excel workbook: bold, frozen header row with filters, wrapped text."""
    # Write-only mode keeps memory flat however many rows there are.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Improvement plan")
    sheet.freeze_panes = "A2"
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for heading, _ in COLUMNS:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        cell.alignment = wrap
        header.append(cell)
    sheet.append(header)

    count = 0
    for row in plan_rows(actions.iterator(chunk_size=_ROWS_PER_FETCH)):
        cells = []
        for value in row:
            cell = WriteOnlyCell(
                sheet,
                # openpyxl writes dates too; its stubs name only datetimes.
                value=neutralise(value) if isinstance(value, str) else value,  # type: ignore[arg-type]
            )
            cell.alignment = wrap
            if isinstance(value, datetime.date):
                cell.number_format = "d mmmm yyyy"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"

    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    _attachment(response, filename(stem, "xlsx"))
    return response


EXPORTERS = {"csv": csv_response, "xlsx": xlsx_response}
