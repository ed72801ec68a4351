"""Findings: the items listed under headings such as "Areas for development".

Each findings heading opens a section, and the blocks after it are read as items
until something ends the list: another heading, a closing paragraph ("The areas
for development identified above will be considered..."), or prose that is not
part of the list. Items may be bulleted, numbered or plain paragraphs; bullets may
be lost in extraction, and a page break may split one item in two. The rules:

- a block that starts in lower case continues the item before it, bullet or not,
  unless it has a bullet and the item before it ended its sentence or itself began
  in lower case (some lists start every item in lower case);
- a block after an item that did not end its sentence continues that item;
- in a numbered list only a number starts an item;
- in a bulleted list a plain block is an item that lost its bullet only if it is a
  whole sentence and is not followed by more prose, otherwise the list has ended;
- a short heading inside an action list ("Quality of social work practice") is a
  sub-heading and is skipped; any other heading ends the list, and so does a
  lead-in ending in a colon once items have been listed;
- a timescale line ("Immediately:", "Within three months:") heads the items under
  it, which keep it as their timescale.

Reports in two parts label each finding with its part: a single inspection report
with its review of the Local Safeguarding Children Board, and the 2009-2012
inspections of safeguarding and looked after children services.
"""

import re
from dataclasses import dataclass, field

from .grades import GRADE_PATTERN
from .headings import (
    ACTIONABLE,
    clean_heading,
    finding_kind,
    is_closer,
    is_heading_like,
    is_narrative_heading,
    lead_in_kind,
    says_nothing_to_list,
)
from .layout import Block, Document, Line, ends_sentence
from .model import ParsedFinding
from .text import join_lines, lost_hyphens, restore_hyphens
from .timescales import tidy_timescale

LOCAL_AUTHORITY_SECTION = "local authority"
LSCB_SECTION = "Local Safeguarding Children Board"
SAFEGUARDING_SECTION = "Safeguarding services"
LOOKED_AFTER_SECTION = "Services for looked after children"

_NUMBER_PREFIX = re.compile(r"^\(?\d{1,3}[.)]\s+")
# "1 The areas for improvement have been cross-referenced with ...": a footnote.
_FOOTNOTE = re.compile(r"^\d{1,2} [A-Z][a-z]")
_LSCB_PART = re.compile(
    r"^(?:The Local Safeguarding Children Board(?: \(LSCB\))?$|"
    rf"(?:The )?(?:Local Safeguarding Children Board|LSCB) (?:is )?(?:{GRADE_PATTERN})|"
    r"What does the (?:LSCB|Local Safeguarding Children Board|Board) need to improve)",
    re.IGNORECASE,
)
# The two parts of an inspection of safeguarding and looked after children services.
_SERVICE_PARTS = (
    (re.compile(r"^safeguarding services$", re.IGNORECASE), SAFEGUARDING_SECTION),
    (
        re.compile(
            r"^(?:services for looked after children|looked after children'?s? services)$",
            re.IGNORECASE,
        ),
        LOOKED_AFTER_SECTION,
    ),
)
# "Within three months: ensure that ...": a timescale at the start of an item.
_TIMESCALE_PREFIX = re.compile(r"^([A-Z][\w -]{3,38}):\s+(?=\S)")


# What a block is to the list it follows.
_END, _CONTINUE, _ITEM, _SKIP = "end", "continue", "item", "skip"


@dataclass
class _Item:
    lines: list[Line]
    index: int
    timescale: str = ""
    # The item ended in a colon and its sub-items ("- an understanding of ...;") follow.
    nested: bool = False

    @property
    def last_text(self) -> str:
        return self.lines[-1].text


@dataclass
class _Section:
    kind: str
    heading: str
    items: list[_Item] = field(default_factory=list)


def extract_findings(doc: Document, split_lscb: bool) -> list[ParsedFinding]:
    """Every finding in document order.

    In a report in two parts every finding is labelled with its part: with
    ``split_lscb`` (a single inspection report), the local authority's part and its
    review of the Local Safeguarding Children Board; in any report, the safeguarding
    and looked after children parts of a 2009-2012 inspection.
    """
    sections: list[_Section] = []
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        opened = _opens_section(blocks[i])
        if opened is None:
            i += 1
            continue
        section = _Section(*opened)
        i = _read_section(section, blocks, i + 1)
        sections.append(section)

    items = sorted(
        ((section, item) for section in sections for item in section.items),
        key=lambda pair: pair[1].index,
    )
    parts = _parts(blocks, split_lscb)
    lost = lost_hyphens("\n".join(line.text for line in doc.lines)) if items else {}
    findings = []
    for position, (section, item) in enumerate(items):
        part = next((name for start, name in reversed(parts) if start < item.index), "")
        text = _NUMBER_PREFIX.sub("", join_lines([line.text for line in item.lines]))
        if (prefix := _TIMESCALE_PREFIX.match(text)) and tidy_timescale(prefix.group(1)):
            text = text[prefix.end() :]
        text = restore_hyphens(text, lost)
        findings.append(
            ParsedFinding(section.kind, text, section.heading, part, position, item.timescale)
        )
    return findings


def _parts(blocks: tuple[Block, ...], split_lscb: bool) -> list[tuple[int, str]]:
    """Where each part of a report in two parts starts, in order; empty otherwise."""
    if split_lscb:
        lscb = next((block.index for block in blocks if _LSCB_PART.match(block.text)), None)
        return [] if lscb is None else [(-1, LOCAL_AUTHORITY_SECTION), (lscb, LSCB_SECTION)]
    parts = [
        (block.index, name)
        for block in blocks
        if len(block.lines) == 1
        for pattern, name in _SERVICE_PARTS
        if pattern.match(block.text)
    ]
    return parts if len({name for _, name in parts}) > 1 else []


def _opens_section(block: Block) -> tuple[str, str] | None:
    if block.marker not in ("", "space"):
        return None
    text = block.text
    if len(block.lines) <= 2 and (kind := finding_kind(text)):
        return kind, clean_heading(text)
    if kind := lead_in_kind(text):
        return kind, clean_heading(text)
    return None


def _is_lead_in(block: Block) -> bool:
    return len(block.lines) > 2 or finding_kind(block.text) is None


def _read_section(section: _Section, blocks: tuple[Block, ...], start: int) -> int:
    """Collect the section's items; return the index of the block that ended it."""
    mode = ""
    timescale = ""
    for i in range(start, len(blocks)):
        block = blocks[i]
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        items = section.items
        opened = _opens_section(block)
        if opened is not None and not items and opened[0] == section.kind and _is_lead_in(block):
            continue  # "What needs to improve" / "The areas ... remain, with one more:"
        if opened is not None or is_closer(block.text):
            return i
        if len(block.lines) == 1 and (stated := tidy_timescale(block.text)):
            timescale = stated
            continue
        verdict = _judge(block, following, section, mode, first=i == start)
        if verdict == _END:
            return i
        if verdict == _CONTINUE and items:
            items[-1].nested |= bool(block.marker) and items[-1].last_text.endswith(":")
            items[-1].lines.extend(block.lines)
        elif verdict == _CONTINUE and i == start:
            section.heading = join_lines([section.heading, block.text])  # a wrapped heading
        elif verdict == _ITEM:
            if (prefix := _TIMESCALE_PREFIX.match(block.text)) and (
                stated := tidy_timescale(prefix.group(1))
            ):
                timescale = stated
            items.append(_Item(list(block.lines), block.index, timescale))
            if block.marker == "number":
                mode = "number"
            elif block.marker:
                mode = mode or "bullet"
            else:
                mode = mode or "paragraph"
    return len(blocks)


def _judge(block: Block, following: Block | None, section: _Section, mode: str, first: bool) -> str:
    """Decide what a block is to the list it follows: see the module docstring."""
    text = block.text
    items = section.items
    unfinished = bool(items) and not ends_sentence(items[-1].last_text)
    if not items and "the following" in text and _introduces(following):
        return _SKIP  # "6. ...the local authority should take the following action."
    if block.starts_lower:
        # A page break can leave the rest of an item on a line of its own, with or
        # without a bullet; but some lists start every item in lower case. An item
        # that ends in a colon has sub-items, and they are part of it.
        if items and (items[-1].nested or items[-1].last_text.endswith(":")):
            return _CONTINUE
        if block.marker and (not unfinished or items[-1].lines[0].text[:1].islower()):
            return _ITEM
        return _CONTINUE if items or first else _SKIP
    if says_nothing_to_list(text):
        return _SKIP
    if items and mode != "number" and not block.marker and _FOOTNOTE.match(text):
        return _SKIP  # a footnote that extraction placed between two items
    if text.endswith(":") and not block.marker:
        # "Within three months:" heads part of the list; a longer lead-in ends it,
        # unless nothing has been listed yet ("The local authority should:").
        if not items or (len(text.split()) <= 8 and _is_item_start(following, mode)):
            return _SKIP
        return _END
    if block.marker == "number":
        return _ITEM
    if block.marker:
        return _CONTINUE if mode == "number" and items else _ITEM
    if is_narrative_heading(text):
        return _END
    if unfinished:
        return _CONTINUE  # the rest of an item split by a page break
    if len(block.lines) == 1 and is_heading_like(text):
        # A sub-heading inside an action list ("Quality of social work practice"), or
        # a short one inside any list (an agency's name in a joint inspection letter).
        short = len(text.split()) <= 4
        if (section.kind in ACTIONABLE or short) and _is_item_start(following, mode):
            return _SKIP
        return _END
    if mode == "number":
        return _CONTINUE
    if mode == "bullet":
        # An item that lost its bullet at a page break reads as a whole sentence and
        # is followed by more of the list or by its end, not by more prose.
        if _is_sentence(text, min_words=6) and not _is_prose(following):
            return _ITEM
        return _END
    return _ITEM if _is_sentence(text) else _END


def _is_item_start(block: Block | None, mode: str) -> bool:
    """Whether a block starts an item of a list in the given style."""
    if block is None:
        return False
    if mode == "number":
        return block.marker == "number"
    if mode == "bullet":
        return block.marker in ("bullet", "space")
    if mode == "paragraph":
        return not block.marker and _is_sentence(block.text)
    return bool(block.marker) or _is_sentence(block.text)


def _introduces(block: Block | None) -> bool:
    """Whether a block is a list item or a list's lead-in ("Within three months:")."""
    return block is not None and (
        bool(block.marker) or block.text.endswith(":") or tidy_timescale(block.text) is not None
    )


def _is_prose(block: Block | None) -> bool:
    """An ordinary paragraph: no marker, not a heading, not a closing remark."""
    if block is None or block.marker or block.starts_lower:
        return False
    text = block.text
    return (
        _is_sentence(text)
        and not is_closer(text)
        and _opens_section(block) is None
        and not is_narrative_heading(text)
    )


def _is_sentence(text: str, min_words: int = 4) -> bool:
    return (
        (text[:1].isupper() or text[:1].isdigit())
        and len(text.split()) >= min_words
        and ends_sentence(text)
        and not text.endswith(":")
    )
