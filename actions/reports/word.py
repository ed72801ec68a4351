"""What both Word documents share: A4 landscape pages, Arial in black, British English,
real headings, and tables whose header row repeats on every page."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tc
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table

from actions.display import long_date

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Arial"
LANGUAGE = "en-GB"
# A4 landscape, less 20 mm margins either side.
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(297), Mm(210), Mm(20)
TEXT_WIDTH_MM = 297 - 2 * 20
HEADER_FILL = "D9D9D9"  # light grey: prints as grey, and the text stays black on it
HEADING_SIZES = {1: 20, 2: 16, 3: 13, 4: 11}


class WordDocument:
    """A python-docx document set up for the service's documents."""

    def __init__(self, *, title: str, subject: str, author: str, made_on: datetime.date) -> None:
        self.doc = Document()
        self._page()
        self._styles()
        properties = self.doc.core_properties
        properties.title = title
        properties.subject = subject
        properties.author = author
        properties.language = LANGUAGE
        properties.comments = f"Made on {long_date(made_on)} from the tracked actions."
        properties.created = datetime.datetime.combine(made_on, datetime.time())

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, MARGIN)

    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(11)
        for level, size in HEADING_SIZES.items():
            heading = styles[f"Heading {level}"]
            heading.font.name = FONT
            heading.font.size = Pt(size)
            heading.font.bold = True
            heading.font.italic = False
            heading.font.color.rgb = RGBColor(0, 0, 0)
        # The language every run is checked and read aloud in, unless it says otherwise.
        defaults = styles.element.find(qn("w:docDefaults"))
        run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang = run_defaults.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            run_defaults.append(lang)
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
        # Looked up once: python-docx searches the styles by name on every use.
        self._headings = {level: styles[f"Heading {level}"] for level in HEADING_SIZES}
        self._grid = styles["Table Grid"]

    def heading(self, text: str, level: int) -> None:
        self.doc.add_paragraph(text, style=self._headings[level])

    def paragraph(self, text: str, *, bold_lead: str = "") -> None:
        """A paragraph, optionally starting with a few words in bold ("Section: ...")."""
        paragraph = self.doc.add_paragraph()
        if bold_lead:
            paragraph.add_run(bold_lead).bold = True
        paragraph.add_run(text)

    def table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths_mm: Sequence[float],
        *,
        row_headers: bool = False,
    ) -> Table:
        """A grid with a bold header row that repeats on every page; widths in millimetres,
        scaled to the text width. `row_headers` makes each row's first cell bold."""
        table = self.doc.add_table(rows=1, cols=len(headings))
        table.style = self._grid
        table.autofit = False
        scale = TEXT_WIDTH_MM / sum(widths_mm)
        widths = [Mm(width * scale) for width in widths_mm]
        header = table.rows[0]
        _repeat_as_header(header._tr)
        for cell, text, width in zip(header.cells, headings, widths, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
            cell.width = width
            _shade(cell._tc, HEADER_FILL)
        for values in rows:
            cells = table.add_row().cells
            for position, (cell, text, width) in enumerate(zip(cells, values, widths, strict=True)):
                cell.paragraphs[0].add_run(text).bold = row_headers and position == 0
                cell.width = width
        self.doc.add_paragraph()
        return table

    def facts(self, rows: Sequence[tuple[str, str]]) -> None:
        """Headings down the left, values on the right."""
        self.table(["Item", "Detail"], rows, [70, 187], row_headers=True)

    def picture(self, png: bytes, description: str, width_mm: float = 200) -> None:
        shape = self.doc.add_picture(io.BytesIO(png), width=Mm(width_mm))
        # Alternative text, which screen readers read out in place of the picture.
        shape._inline.docPr.set("descr", description)
        shape._inline.docPr.set("title", description)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _repeat_as_header(row: CT_Row) -> None:
    properties = row.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _shade(cell: CT_Tc, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell.get_or_add_tcPr().append(shading)
