"""Page furniture: the lines of extracted text that are not part of the document.

Page numbers, the running header of a report ("Inspection of X local authority
children's services" / "21 February to 4 March 2022 2"), the Ofsted letterhead that PDF
extraction drops into the middle of page one, footnotes at the foot of a page and a
table of contents. layout.py leaves the lines found here out of its blocks.
"""

import re
from collections import Counter
from itertools import islice

from .dates import parse_date_line
from .text import lines_containing

# A bullet glyph at the start of a line: the common Unicode ones, any private-use
# character (Wingdings/Symbol bullets extracted from Word PDFs) and "- " / "* ".
# Here because a bullet ends a table of contents; layout.py marks list items with it.
BULLET_GLYPHS = (
    r"[\u2022\u2023\u2043\u25aa\u25ab\u25a0\u25a1\u25fc\u25fe\u25cf\u25e6\u25cb"
    r"\u25ba\u27a2\u2713\u2714\u2756\u00b7\u2219\ue000-\uf8ff]+"
)
BULLET = re.compile(rf"^\s*(?:{BULLET_GLYPHS}|[-\u2013*](?=\s))\s*")
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


def furniture(texts: list[str]) -> set[int]:
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
            if line and (_CONTENTS_END.search(line) or BULLET.match(line)):
                break
            end += 1
        found.update(range(i, end))
    return found
