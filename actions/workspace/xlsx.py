"""A table as an Excel workbook: title lines, a frozen header row with filters on every
column, wrapped text, dates as dates, one column of links and one of coloured cells.

It knows nothing of actions (actions/workspace/exports.py says what goes in), and is
imported only when a workbook is asked for: openpyxl, and numpy, which it loads when
installed, would otherwise add some 25 MiB to every web worker from its start.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

CellValue = str | int | datetime.date | None

_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Layout:
    sheet_name: str
    columns: Sequence[tuple[str, int]]  # heading and width
    link_column: int
    fill_column: int
    fills: dict[str, tuple[str, str]]  # a value of fill_column: (fill, text colour)


def workbook_bytes(
    layout: Layout, title_lines: Sequence[str], rows: Iterable[Sequence[CellValue]]
) -> bytes:
    """The workbook, written row by row (write-only mode keeps memory flat however many
    rows there are). Strings arrive already neutralised against formula injection."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(layout.sheet_name)
    header_row = len(title_lines) + 1
    sheet.freeze_panes = f"A{header_row + 1}"
    for index, (_, width) in enumerate(layout.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, line in enumerate(title_lines):
        cell = WriteOnlyCell(sheet, value=line)
        cell.font = Font(bold=True, size=14) if number == 0 else Font(size=11)
        sheet.append([cell])
    sheet.append([_heading(sheet, heading) for heading, _ in layout.columns])
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, layout, column, value) for column, value in enumerate(row)])
        count += 1
    last_column = get_column_letter(len(layout.columns))
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{header_row + count}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _heading(sheet: WriteOnlyWorksheet, heading: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=heading)
    cell.font = Font(bold=True)
    cell.alignment = _WRAP
    return cell


def _cell(sheet: WriteOnlyWorksheet, layout: Layout, column: int, value: CellValue) -> Cell:
    # openpyxl writes dates too; its stubs name only datetimes.
    cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
    cell.alignment = _WRAP
    if isinstance(value, datetime.date):
        cell.number_format = "d mmmm yyyy"
    if column == layout.link_column and value:
        cell.hyperlink = str(value)
        cell.font = Font(color="1D70B8", underline="single")
    if column == layout.fill_column and value:
        fill, text = layout.fills[str(value)]
        cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
        cell.font = Font(bold=True, color=text)
    return cell
