"""From extracted text to lines and blocks, with page furniture taken out.

Extracted letters carry things that are not part of the text: page numbers, the
running header of a report ("Inspection of X local authority children's services" /
"21 February to 4 March 2022 2"), the Ofsted letterhead that PDF extraction drops
into the middle of page one, footnotes at the foot of a page, a table of contents,
and markdown marks from some converters. This module removes them and then groups
lines into blocks (paragraphs or list items), which is what headings and findings
are recognised from.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from typing import NamedTuple

from .dates import parse_date_line
from .headings import is_heading_like, is_standalone_heading, is_wrapped_heading
from .text import join_lines, lines_containing

# A bullet glyph at the start of a line: the common Unicode ones, any private-use
# character (Wingdings/Symbol bullets extracted from Word PDFs) and "- " / "* ".
_BULLET_GLYPHS = (
    r"[\u2022\u2023\u2043\u25aa\u25ab\u25a0\u25a1\u25fc\u25fe\u25cf\u25e6\u25cb"
    r"\u25ba\u27a2\u2713\u2714\u2756\u00b7\u2219\ue000-\uf8ff]+"
)
_BULLET = re.compile(rf"^\s*(?:{_BULLET_GLYPHS}|[-\u2013*](?=\s))\s*")
_NUMBERED = re.compile(r"^\s*\(?(\d{1,3})[.)]\s+(?=\S)")
# A marker alone on its line: pdftotext puts a list's bullet or number on a line of
# its own, a blank line, then the item ("1." / "" / "Ensure that ...").
_LONE_BULLET = re.compile(rf"^\s*(?:{_BULLET_GLYPHS}|[-\u2013*])\s*$")
_LONE_NUMBER = re.compile(r"^\s*\(?\d{1,3}[.)]\s*$")
_MARKDOWN = re.compile(r"^#{1,6}\s+|\*\*|__")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.IGNORECASE)
_TRAILING_PAGE_NUMBER = re.compile(r"^(.*\S)\s+\d{1,3}$")
_RUNNING_TITLE = re.compile(r"^Inspection of .{3,100}$")
_FOOTNOTE = re.compile(r"^\d{1,2}\s+\S")
# A footnote mark glued to the end of a heading or title: "What needs to improve?1".
_FOOTNOTE_MARK = re.compile(r"[A-Za-z?!:;)'\"](\d{1,2})$")
_CONTENTS = re.compile(r"^contents$", re.IGNORECASE)
_CONTENTS_END = re.compile(r"[.;:!]$")

# The sender's letterhead. Lines that are clearly Ofsted's own address or contact
# details go wherever they are; "Ofsted" and "Manchester" on their own only when
# they sit next to one of those lines, as a council's address may say "Manchester".
_LETTERHEAD_WORDS = (
    "piccadilly gate",
    "m1 2wd",
    "freshford house",
    "aviation house",
    "royal exchange buildings",
    "cheylesmore house",
    "125 kingsway",
)
_LETTERHEAD_LINE = re.compile(
    r"(?:Store St(?:reet|\.)?$|Agora\b|"
    r"(?:T|F|Tel|Fax|Direct T|Direct F|Textphone|E|W)\b:?\s*(?:0[\d ]{8,}|www\.|\S+@))",
    re.IGNORECASE,
)
# The letters _LETTERHEAD_LINE can start with ("\u017f", a long s, is an "s" to it).
_LETTERHEAD_LINE_FIRST = frozenset("SsAaTtFfDdEeWw\u017f")
_LETTERHEAD_WEAK = frozenset({"Ofsted", "Manchester", "Bristol", "London"})

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
    index: int

    @property
    def blank(self) -> bool:
        return not self.text


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
    if not first.isalnum() and (bullet := _BULLET.match(text)):
        rest = text[bullet.end() :].strip()
        return Line(rest, "bullet" if rest else "", index)
    if (first.isdigit() or first == "(") and _NUMBERED.match(text):
        return Line(stripped, "number", index)
    if text[0] == " " and not text[1].isspace():  # a single leading space
        return Line(stripped, "space", index)
    return Line(stripped, "", index)


def _furniture(texts: list[str]) -> set[int]:
    """Indexes of lines that are page furniture rather than the document's text."""
    drop = _contents(texts)
    running = _running_headers(texts, drop)
    repeats = Counter(texts)
    # A running title may also be the document's own title on its first page.
    cover = islice((i for i, text in enumerate(texts) if text), 12)
    protected = {i for i in cover if texts.index(texts[i]) == i}
    letterhead = _letterhead_words(texts)

    for i, text in enumerate(texts):
        if not text:
            continue
        if (text[0].isdigit() or text[0] in "Pp") and _PAGE_NUMBER.match(text):
            drop.add(i)
            continue
        match = _TRAILING_PAGE_NUMBER.match(text) if running and text[-1].isdigit() else None
        if text in running or (match and match.group(1) in running):
            drop.add(i)
            continue
        if i not in protected and repeats[text] >= 2 and _RUNNING_TITLE.match(text):
            drop.add(i)
            continue
        if i in letterhead or _is_letterhead_line(text):
            drop.add(i)
    for i, text in enumerate(texts):
        if text in _LETTERHEAD_WEAK and _near(texts, letterhead, drop, i):
            drop.add(i)
    drop |= _footnotes(texts, drop)
    return drop


def _running_headers(texts: list[str], contents: set[int]) -> set[str]:
    """Lines that recur with a page number at regular intervals: running headers.

    A table of contents also pairs headings with numbers, so its lines are left out,
    and a header must recur at least three times, and not on consecutive lines.
    """
    seen: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if i in contents or not text[-1:].isdigit():
            continue
        if match := _TRAILING_PAGE_NUMBER.match(text):
            seen.setdefault(match.group(1), []).append(i)
    running = set()
    for key, positions in seen.items():
        gaps = sorted(b - a for a, b in zip(positions, positions[1:], strict=False))
        if len(positions) >= 3 and gaps[len(gaps) // 2] >= 4:
            running.add(key)
    return running


def _near(texts: list[str], letterhead: set[int], drop: set[int], i: int) -> bool:
    """Whether a letterhead line is among the non-blank lines either side of ``i``."""
    neighbours = [j for j in range(max(0, i - 4), min(len(texts), i + 5)) if j != i]
    return any(j in drop and (j in letterhead or _is_letterhead_line(texts[j])) for j in neighbours)


def _is_letterhead_line(text: str) -> bool:
    """A letterhead's contact line; the first letter is tested first, as that spares
    trying the pattern on most lines of a long report."""
    return text[:1] in _LETTERHEAD_LINE_FIRST and bool(_LETTERHEAD_LINE.match(text))


def _letterhead_words(texts: list[str]) -> set[int]:
    """The lines with Ofsted's address or web address in them: letterhead lines.

    The words are looked for in the whole text at once, not line by line: a long
    report has thousands of lines and its letterhead only a few.
    """
    lowered = "\n".join(texts).lower()
    found = lines_containing(lowered, ["ofsted"]) & lines_containing(lowered, ["gov.uk", "qov.uk"])
    return found | lines_containing(lowered, _LETTERHEAD_WORDS)


def _strip_markdown(text: str) -> str:
    if text.startswith("#") or "**" in text or "__" in text:
        return _MARKDOWN.sub("", text)
    return text


def _footnotes(texts: list[str], drop: set[int]) -> set[int]:
    """Footnotes: a numbered paragraph after a blank line that runs into a page break.

    pdftotext may also put a footnote's number on a line of its own, then the note
    after a blank line, anywhere on the page (even between two items of a list). Such
    a note is recognised by its number, which is a mark used earlier in the text
    ("What needs to improve?1").
    """
    marks = {
        match.group(1)
        for text in texts
        if text[-1:].isdigit() and (match := _FOOTNOTE_MARK.search(text[-3:]))
    }
    found: set[int] = set()
    for i, text in enumerate(texts):
        if text in marks and i + 2 < len(texts) and not texts[i + 1]:
            start = next((j for j in range(i + 1, min(i + 4, len(texts))) if texts[j]), None)
            if start is not None and _reads_as_note(texts[start]) and start not in drop:
                found.add(i)
                found.update(range(start, _paragraph_end(texts, start, drop)))
            continue
        if i == 0 or texts[i - 1] or i in drop:
            continue
        if not _FOOTNOTE.match(text) or parse_date_line(text):
            continue
        end = _paragraph_end(texts, i, drop)
        after = end
        while after < len(texts) and (not texts[after]):
            after += 1
        if after == len(texts) or after in drop or text.split()[0] in marks:
            found.update(range(i, end))
    return found


def _paragraph_end(texts: list[str], start: int, drop: set[int]) -> int:
    """The index after the paragraph starting at ``start``: at most 8 lines, and
    ending at a blank line or at page furniture."""
    end = start
    while end < len(texts) and texts[end] and end not in drop and end - start < 8:
        end += 1
    return end


def _reads_as_note(text: str) -> bool:
    """The first line of a footnote: a sentence, not a heading at the top of a page."""
    return text[:1].isupper() and len(text.split()) >= 8


def _contents(texts: list[str]) -> set[int]:
    """A table of contents: from "Contents" to the first line that reads as prose."""
    found: set[int] = set()
    for i, text in enumerate(texts):
        if len(text) != 8 or not _CONTENTS.match(text):  # 8: len("contents")
            continue
        end = i + 1
        while end < len(texts) and end - i < 80:
            line = texts[end]
            if line and (_CONTENTS_END.search(line) or _BULLET.match(line)):
                break
            end += 1
        found.update(range(i, end))
    return found


def build(text: str) -> Document:
    """Clean ``text`` (already normalised) into lines and group them into blocks."""
    raw_lines = _undouble(text.split("\n"))
    # Most documents have no markdown: then no line needs it taken out.
    markdown = "#" in text or "**" in text or "__" in text
    stripped = [(_strip_markdown(raw) if markdown else raw).strip() for raw in raw_lines]
    drop = _furniture(stripped)
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
