"""Reading-order text from PDFium's text page, rebuilt from the geometry of the text.

PDFium gives the characters in the order the page's content stream draws them, which
need not be the order a person reads them: a letter's letterhead may be drawn last,
and the cells of a table row run into one line. Here the text is cut into pieces
(runs of text on one line with no wide gap inside), the pieces are joined into lines,
the lines into blocks (a paragraph, a table cell, a heading: lines one line spacing
under one another), and the blocks are read from the top of the page down, the left
cell of a table row before the right. As in poppler's ``pdftotext``, a blank line
comes where a new flow of text starts (a heading in another size, a table cell, a
column), and paragraphs of one flow run on with a plain line break.

Only PDFium's text-page calls are used, and a handful per line, not per character:
a call per character would take most of the time budget for a long report.
"""

import ctypes
import re
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium

# A gap wider than this many line heights inside one of PDFium's lines separates two
# cells or columns, not two words...
_COLUMN_GAP = 1.2
# ...unless the text before it is no wider than a list marker ("12.", a bullet),
# which may be followed by a tab stop several line heights away.
_MARKER_WIDTH = 2.5
# Two of PDFium's lines side by side (it starts a new line where the drawing order
# jumps) are one line only if no more than a word space apart.
_JOIN_GAP = 0.6
# Lines whose baselines are at most this many font sizes apart belong to one block;
# the space before a new paragraph, a heading or the next table row is larger.
_LINE_PITCH = 1.6
# A gap wider than this many line heights between two pieces of one line is a space.
_WORD_GAP = 0.15
_PDFIUM_BREAK = re.compile(r"\r\n|\r|\n")
# PDFium marks a hyphen it takes for a line-end hyphenation with U+FFFE.
_PDFIUM_HYPHEN = "\ufffe"

_Box = tuple[float, float, float, float]  # left, right, bottom, top in points (y upwards)


@dataclass(slots=True)
class _Piece:
    """A run of text on one line, with its bounding box."""

    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    size: float  # the font size, in points
    base: float  # the baseline's height on the page

    @property
    def height(self) -> float:
        return self.y1 - self.y0


class _Line:
    """Pieces side by side, left to right; measured by :meth:`measure` once complete."""

    __slots__ = ("pieces", "top", "bottom", "size", "base", "x0", "x1")

    def __init__(self, piece: _Piece) -> None:
        self.pieces = [piece]

    def measure(self) -> "_Line":
        pieces = self.pieces
        largest = max(pieces, key=lambda p: p.size)
        self.top = max(p.y1 for p in pieces)
        self.bottom = min(p.y0 for p in pieces)
        self.size, self.base = largest.size, largest.base
        self.x0, self.x1 = pieces[0].x0, pieces[-1].x1
        return self

    @property
    def text(self) -> str:
        text = self.pieces[0].text
        for before, piece in zip(self.pieces, self.pieces[1:], strict=False):
            joined = piece.x0 - before.x1 <= _WORD_GAP * before.height
            text += piece.text if joined else " " + piece.text
        return text


@dataclass(slots=True)
class _Block:
    """Lines that sit one line spacing under one another and overlap horizontally."""

    lines: list[_Line] = field(default_factory=list)
    x0: float = float("inf")
    x1: float = float("-inf")

    def add(self, line: _Line) -> None:
        self.lines.append(line)
        self.x0, self.x1 = min(self.x0, line.x0), max(self.x1, line.x1)


class _Out:
    """Out-parameters for PDFium's calls, made once a page: making them for every
    line and piece takes a measurable part of the time on a long report."""

    __slots__ = ("left", "right", "bottom", "top", "x", "y")

    def __init__(self) -> None:
        self.left, self.right = ctypes.c_double(), ctypes.c_double()
        self.bottom, self.top = ctypes.c_double(), ctypes.c_double()
        self.x, self.y = ctypes.c_double(), ctypes.c_double()


def page_text(textpage: ctypes.c_void_p) -> str:
    """The text of one page (a PDFium ``FPDF_TEXTPAGE``) in reading order."""
    count = pdfium.FPDFText_CountChars(textpage)
    if count <= 0:
        return ""
    text = _text_range(textpage, count)
    if len(text) != count:
        # A character outside the Basic Multilingual Plane takes two UTF-16 units, so
        # the text's indexes no longer match PDFium's: read it character by character.
        text = "".join(chr(pdfium.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    pieces: list[_Piece] = []
    out = _Out()
    start = 0
    for match in _PDFIUM_BREAK.finditer(text):
        pieces.extend(_pieces(textpage, out, text, start, match.start()))
        start = match.end()
    pieces.extend(_pieces(textpage, out, text, start, len(text)))
    return _render(_blocks(_lines(pieces))).replace(_PDFIUM_HYPHEN, "-")


def _text_range(textpage: ctypes.c_void_p, count: int) -> str:
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = pdfium.FPDFText_GetText(
        textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    return buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")


def _pieces(textpage: ctypes.c_void_p, out: _Out, text: str, start: int, end: int) -> list[_Piece]:
    """Cut one of PDFium's lines into pieces at wide gaps (between table cells).

    PDFium's boxes for the line (one per text object it is drawn with) show whether
    there is such a gap; only then are the characters' own boxes needed.
    """
    if start >= end or text[start:end].isspace():
        return []
    left, top, right, bottom = out.left, out.top, out.right, out.bottom
    rects: list[_Box] = []
    for i in range(pdfium.FPDFText_CountRects(textpage, start, end - start)):
        pdfium.FPDFText_GetRect(textpage, i, left, top, right, bottom)
        rects.append((left.value, right.value, bottom.value, top.value))
    if not rects:
        return []
    height = max(top - bottom for _, _, bottom, top in rects)
    x0 = rects[0][0]
    if any(_separate(x0, a, b, height) for a, b in zip(rects, rects[1:], strict=False)):
        return _split(textpage, out, text, start, end, height)
    return [_piece(textpage, out, text, start, end, rects)]


def _separate(x0: float, a: _Box, b: _Box, height: float) -> bool:
    """Whether box ``b`` does not continue box ``a`` on a line that starts at ``x0``."""
    gap = b[0] - a[1]
    if abs((a[2] + a[3]) - (b[2] + b[3])) / 2 >= 0.6 * height or gap < -height:
        return True
    if a[1] - x0 > _MARKER_WIDTH * height:
        return gap > _COLUMN_GAP * height
    # After a list marker a wide gap is a tab stop. But a small raised mark that
    # starts a line is a footnote's number, which pdftotext also sets apart.
    b_height = b[3] - b[2]
    small = 0.35 * b_height < a[3] - a[2] < 0.7 * b_height
    return a[0] <= x0 and small and a[2] > b[2] + 0.3 * b_height


def _split(
    textpage: ctypes.c_void_p, out: _Out, text: str, start: int, end: int, height: float
) -> list[_Piece]:
    """Split a line at its wide gaps, looking at each character's box."""
    left, right, bottom, top = out.left, out.right, out.bottom, out.top
    pieces: list[_Piece] = []
    run_start = start
    run: list[_Box] = []
    for i in range(start, end):
        if text[i].isspace() or not pdfium.FPDFText_GetCharBox(
            textpage, i, left, right, bottom, top
        ):
            continue
        box = (left.value, right.value, bottom.value, top.value)
        if box[1] <= box[0] and box[3] <= box[2]:
            continue
        if run and _separate(run[0][0], run[-1], box, height):
            pieces.append(_piece(textpage, out, text, run_start, i, run))
            run_start, run = i, []
        run.append(box)
    if run:
        pieces.append(_piece(textpage, out, text, run_start, end, run))
    return [piece for piece in pieces if piece.text]


def _piece(
    textpage: ctypes.c_void_p, out: _Out, text: str, start: int, end: int, boxes: list[_Box]
) -> _Piece:
    """The text from ``start`` to ``end``, drawn in ``boxes``, with its size and baseline."""
    raw = text[start:end]
    first = start + len(raw) - len(raw.lstrip())
    x, y = out.x, out.y
    lefts, rights, bottoms, tops = zip(*boxes, strict=True)
    bottom = min(bottoms)
    return _Piece(
        raw.strip(),
        min(lefts),
        max(rights),
        bottom,
        max(tops),
        pdfium.FPDFText_GetFontSize(textpage, first) or max(b[3] - b[2] for b in boxes),
        y.value if pdfium.FPDFText_GetCharOrigin(textpage, first, x, y) else bottom,
    )


def _lines(pieces: list[_Piece]) -> list[_Line]:
    """Join pieces that sit side by side, close together, into lines."""
    lines: list[_Line] = []
    for piece in sorted(pieces, key=lambda p: (-p.y1, p.x0)):
        if not any(_join(line, piece) for line in reversed(lines[-4:])):
            lines.append(_Line(piece))
    return [line.measure() for line in lines]


def _join(line: _Line, piece: _Piece) -> bool:
    """Add ``piece`` to ``line`` at either end if it belongs there; say whether it did."""
    first = line.pieces[0]
    if piece.y0 >= first.y1 or piece.y1 <= first.y0:
        return False  # not level with the line at all
    if _continues(line.pieces, piece):
        line.pieces.append(piece)
    elif _continues([piece], line.pieces[0]):
        line.pieces.insert(0, piece)
    else:
        return False
    return True


def _continues(pieces: list[_Piece], piece: _Piece) -> bool:
    """Whether ``piece`` continues a line on its right across no more than a word space.

    After a lone list marker the gap may be a wide tab stop, but a footnote's number
    stays apart from the footnote.
    """
    last = pieces[-1]
    if min(last.y1, piece.y1) - max(last.y0, piece.y0) < 0.5 * min(last.height, piece.height):
        return False  # not on one line
    alone = len(pieces) == 1
    if alone and last.size < 0.8 * piece.size and last.base > piece.base + 0.2 * piece.size:
        return False  # a footnote's number
    gap = piece.x0 - last.x1
    marker = alone and last.x1 - last.x0 < _MARKER_WIDTH * last.height
    return gap > -1 and (gap < _JOIN_GAP * last.height or marker)


def _blocks(lines: list[_Line]) -> list[_Block]:
    """Group lines into blocks, in reading order.

    From the top of the page down, a line continues the nearest recent block whose
    last line is one line spacing above it and overlaps it horizontally.
    """
    blocks: list[_Block] = []
    for line in sorted(lines, key=lambda line: (-line.top, line.x0)):
        chosen = None
        for block in reversed(blocks[-12:]):
            last = block.lines[-1]
            pitch = last.base - line.base
            overlaps = min(block.x1, line.x1) > max(block.x0, line.x0)
            if overlaps and 0 < pitch <= _LINE_PITCH * max(line.size, last.size):
                chosen = block
                break
        if chosen is None:
            chosen = _Block()
            blocks.append(chosen)
        chosen.add(line)
    return _reading_order(blocks)


def _reading_order(blocks: list[_Block]) -> list[_Block]:
    """Blocks from the top down; but of two blocks side by side (the cells of a table
    row), the left comes first even when the right one starts higher."""
    ordered: list[_Block] = []
    for block in blocks:
        position = len(ordered)
        while position and _left_of(block, ordered[position - 1]):
            position -= 1
        ordered.insert(position, block)
    return ordered


def _left_of(block: _Block, other: _Block) -> bool:
    return block.x1 <= other.x0 and block.lines[0].top > other.lines[-1].bottom


def _render(blocks: list[_Block]) -> str:
    """The blocks' lines, with a blank line where a new flow of text starts."""
    out: list[str] = []
    previous: _Block | None = None
    for block in blocks:
        if previous is not None:
            out.append("\n" if _same_flow(previous, block) else "\n\n")
        out.append("\n".join(line.text for line in block.lines))
        previous = block
    return "".join(out)


def _same_flow(previous: _Block, block: _Block) -> bool:
    """Whether ``block`` runs on from ``previous``: below it, in its column and size."""
    first, last = block.lines[0], previous.lines[-1]
    return (
        abs(first.size - last.size) < 0.05 * first.size
        and first.top <= last.bottom + 0.5 * first.size
        and previous.x0 - first.size <= block.x0 <= previous.x1
    )
