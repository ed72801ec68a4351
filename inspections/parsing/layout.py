"""From extracted text to lines and blocks, with page furniture taken out.

Extracted letters carry things that are not part of the text: page furniture (page
numbers, running headers, the letterhead, footnotes, a table of contents: see
furniture.py) and markdown marks from some converters. This module removes them and
then groups lines into blocks (paragraphs or list items), which is what headings and
findings are recognised from.
"""

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from .furniture import BULLET, BULLET_GLYPHS, furniture
from .headings import is_heading_like, is_standalone_heading, is_wrapped_heading
from .text import join_lines

_NUMBERED = re.compile(r"^\s*\(?(\d{1,3})[.)]\s+(?=\S)")
# A marker alone on its line: pdftotext puts a list's bullet or number on a line of
# its own, a blank line, then the item ("1." / "" / "Ensure that ...").
_LONE_BULLET = re.compile(rf"^\s*(?:{BULLET_GLYPHS}|[-\u2013*])\s*$")
_LONE_NUMBER = re.compile(r"^\s*\(?\d{1,3}[.)]\s*$")
_MARKDOWN = re.compile(r"^#{1,6}\s+|\*\*|__")
_TERMINAL = ".!?;:)\"'"
# A typical line longer than this means the text is not wrapped: a line is a paragraph.
_UNWRAPPED = 150


class Line(NamedTuple):
    """One line of the document after clean-up.

    ``marker`` says how the line starts: "bullet" (a glyph or "- "), "number"
    ("1. "), "space" (a single leading space, which is all that is left of a bullet
    in some extractions) or "" for plain text. ``text`` excludes the marker.

    A named tuple, as a long report has thousands and a dataclass is slower to build.
    """

    text: str
    marker: str
    index: int  # type: ignore[assignment]  # shadows tuple.index, which nothing here calls


@dataclass(frozen=True)
class Block:
    """A run of lines that belong together: a paragraph, a list item or a heading."""

    lines: tuple[Line, ...]
    marker: str

    @cached_property
    def text(self) -> str:
        return join_lines([line.text for line in self.lines])

    @property
    def index(self) -> int:
        return self.lines[0].index

    @property
    def first_char(self) -> str:
        return self.lines[0].text[:1]

    @property
    def starts_lower(self) -> bool:
        return self.first_char.islower()


@dataclass(frozen=True)
class Document:
    """The cleaned lines of a document and the blocks they form."""

    lines: tuple[Line, ...]
    blocks: tuple[Block, ...]
    width: int


def _classify(raw: str, index: int, markdown: bool) -> Line:
    text = _strip_markdown(raw.rstrip()) if markdown else raw.rstrip()
    stripped = text.strip()
    if not stripped:
        return Line("", "", index)
    first = stripped[0]
    if not first.isalnum() and (bullet := BULLET.match(text)):
        rest = text[bullet.end() :].strip()
        return Line(rest, "bullet" if rest else "", index)
    if (first.isdigit() or first == "(") and _NUMBERED.match(text):
        return Line(stripped, "number", index)
    if text[0] == " " and not text[1].isspace():  # a single leading space
        return Line(stripped, "space", index)
    return Line(stripped, "", index)


def _strip_markdown(text: str) -> str:
    if text.startswith("#") or "**" in text or "__" in text:
        return _MARKDOWN.sub("", text)
    return text


def build(text: str) -> Document:
    """Clean ``text`` (already normalised) into lines and group them into blocks."""
    raw_lines = _undouble(text.split("\n"))
    # Most documents have no markdown: then no line needs it taken out.
    markdown = "#" in text or "**" in text or "__" in text
    stripped = [(_strip_markdown(raw) if markdown else raw).strip() for raw in raw_lines]
    drop = furniture(stripped)
    lines = _attach_lone_markers(
        [
            Line("", "", i) if i in drop else _classify(raw, i, markdown)
            for i, raw in enumerate(raw_lines)
        ],
        [raw if i not in drop else "" for i, raw in enumerate(raw_lines)],
    )
    lengths = sorted(len(line.text) for line in lines if line.text)
    width = lengths[int(len(lengths) * 0.9)] if lengths else 80
    return Document(lines, tuple(_blocks(lines, width)), width)


def _attach_lone_markers(lines: list[Line], raws: list[str]) -> tuple[Line, ...]:
    """Give a marker that stands alone on its line to the text that follows it.

    Without this a bulleted list read from pdftotext's output would be a run of
    plain paragraphs, and a numbered one would have its numbers glued to the end of
    the paragraph before.
    """
    for i, raw in enumerate(raws):
        start = raw.lstrip()[:1]
        if not start or start.isalpha():  # neither a number nor a bullet glyph
            continue
        number = _LONE_NUMBER.match(raw)
        if not (number or _LONE_BULLET.match(raw)):
            continue
        following = next((j for j in range(i + 1, min(i + 4, len(lines))) if lines[j].text), None)
        if following is None or lines[following].marker:
            continue
        line = lines[following]
        if number:
            lines[following] = Line(f"{raw.strip()} {line.text}", "number", line.index)
        else:
            lines[following] = Line(line.text, "bullet", line.index)
        lines[i] = Line("", "", lines[i].index)
    return tuple(lines)


def _undouble(lines: list[str]) -> list[str]:
    """Undo double spacing, where some copy-and-paste puts a blank line after every line.

    Then a single blank line is only a line break, and a longer run is a paragraph break.
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 10:
        return lines
    spaced = sum(1 for a, b in zip(filled, filled[1:], strict=False) if b - a >= 2)
    if spaced < 0.9 * (len(filled) - 1):
        return lines
    out: list[str] = []
    for i, line in enumerate(lines):
        blank_run_ends = not line.strip() and i + 1 < len(lines) and lines[i + 1].strip()
        single = blank_run_ends and i > 0 and lines[i - 1].strip()
        if not single:
            out.append(line)
    return out


def ends_sentence(text: str) -> bool:
    """Whether text ends as a sentence, a list item or a bracketed note ends."""
    return bool(text) and text[-1] in _TERMINAL


def _blocks(lines: tuple[Line, ...], width: int) -> list[Block]:
    """Group lines into blocks.

    A block starts at a marker (bullet, number, leading space), after a blank line,
    at a line that is a heading on its own or heads the list item below it, or after
    a line that ends a sentence well short of the page width (the last line of a
    paragraph in a PDF, where paragraphs are not separated by blank lines).
    """
    following_marker = [""] * len(lines)
    upcoming = ""
    for i in range(len(lines) - 1, -1, -1):
        following_marker[i] = upcoming
        if lines[i].text:
            upcoming = lines[i].marker

    blocks: list[Block] = []
    current: list[Line] = []
    current_marker = ""
    in_heading = False  # the current block is a heading, which may wrap onto one more line
    # In text that is not wrapped (one paragraph a line), every line is "short".
    every_line_short = width > _UNWRAPPED
    short_width = 0.75 * width

    def close() -> None:
        nonlocal current
        if current:
            blocks.append(Block(tuple(current), current_marker))
            current = []

    # This loop runs once per line of the document, so it tests the cheapest
    # conditions first and works out each one only once.
    for i, line in enumerate(lines):
        text, marker = line.text, line.marker
        if not text:
            close()
            continue
        if in_heading:
            in_heading = False
            if not marker and text[0].islower():
                current.append(line)
                continue
            close()
        previous = current[-1].text if current else ""
        ends = ends_sentence(previous)
        standalone = text[0].isupper() and marker in ("", "space") and is_standalone_heading(text)
        if not standalone and current and not marker and ends:
            # A heading wrapped onto two lines, straight after a paragraph, in text
            # with no blank lines ("The experiences and progress of children who
            # need help and" / "protection: good").
            following = lines[i + 1] if i + 1 < len(lines) else None
            standalone = following is not None and is_wrapped_heading(text, following.text)
        if marker or standalone or not current:
            close()
            current, current_marker = [line], marker
            in_heading = standalone
            continue
        short = every_line_short or len(previous) < short_width
        starts_afresh = text[0].isupper() or text[0].isdigit()
        new_paragraph = ends and short and starts_afresh
        heads_item = ends and following_marker[i] in ("number", "bullet") and is_heading_like(text)
        # A short heading-like first line with a new sentence under it is a heading.
        heads_text = (
            len(current) == 1
            and short
            and starts_afresh
            and not current_marker
            and is_heading_like(previous)
        )
        if new_paragraph or heads_item or heads_text:
            close()
            current, current_marker = [line], ""
        else:
            current.append(line)
    close()
    return blocks
