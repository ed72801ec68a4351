"""What a letter or report says about itself: title, kind, authority, dates, people.

Two layouts are handled. A letter has Ofsted's letterhead, a date line, the
addressee's address block, "Dear ...", a title line, and a sign-off. A report has a
cover: the authority's name, a title starting "Inspection of", then labelled lines
("Inspection dates:", "Lead inspector:", "Report published:").

Every field comes with its provenance: read as the document states it, inferred from
other evidence (with a note saying how), or missing (with a note saying what to enter).
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from .attribution import (
    ADDRESS,
    ADDRESSEE,
    BODY,
    COVER,
    OPENING,
    RUNNING_HEADER,
    TITLE,
    attribute,
)
from .authorities import SERVICE_PROVIDERS, is_generic, match_authority
from .dates import parse_date
from .kinds import inspection_type
from .layout import Document, Line
from .model import METADATA_FIELDS, MISSING, READ, Provenance
from .people import addressee, inspection_team
from .text import join_lines, lines_containing, replace_all, squash
from .visits import letter_date_at, published_date, visit_dates

_SALUTATION = re.compile(r"^Dear\s+(?P<name>.+?)\s*,?$")
_REPORT_TITLE = re.compile(
    r"^(?:Inspection of|Review of|Joint targeted area inspection|Monitoring visit|"
    r"Focused visit|Annual unannounced inspection)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^[A-Z][A-Za-z' ]{2,40}:")
_FOOTNOTE_MARK = re.compile(r"(?<=[A-Za-z])\d{1,2}$")
# A title line ending on one of these words goes on to the next line.
_TITLE_WRAP_WORD = re.compile(r"a|an|the|and|or|of|to|in|on|for|with|by|at|from|within")
_ENDS_WITH_SERVICES = re.compile(r"(?:services|protection of children)$", re.IGNORECASE)
_COVER_SENTENCE = re.compile(
    r"(?:children'?s services|services (?:for|to) children[^.]{0,40}) in [^.]{2,60}?"
    r" (?:are|is|requires?)\b[^.]*",
    re.IGNORECASE,
)
_RUNNING = re.compile(
    r"^(?:Inspection of|Focused visit to|Monitoring visit|Joint targeted area inspection)"
    r".{3,110}?(?:\s+\d{1,3})?$",
    re.IGNORECASE,
)
# Words every line _RUNNING matches has, once folded (_CASELESS) and in lower case:
# only lines with one are tried, as trying every line of a long report is slow.
_RUNNING_WORDS = (
    "inspection of",
    "focused visit to",
    "monitoring visit",
    "joint targeted area inspection",
)
# The letters other than A to Z that a pattern ignoring case takes for one of them.
_CASELESS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
# Lines of a joint inspection letter's address list that name other agencies.
_AGENCY = re.compile(
    r"police|constabulary|crime commissioner|chief constable|integrated care|\bICB\b|"
    r"clinical commissioning|\bCCG\b|\bNHS\b|health|hospital|probation|youth justice|"
    r"fire and rescue",
    re.IGNORECASE,
)
_COUNCIL_WORDS = re.compile(
    r"\bCouncil\b|\bBorough\b|\bCorporation\b|^City\s+of\b|children'?s\s+(?:services|trust)\b|"
    r"\bChildren\s+First\b|" + "|".join(re.escape(p) for p in SERVICE_PROVIDERS),
    re.IGNORECASE,
)
_COUNCIL = re.compile(r"\b(?:Council|Borough|Corporation)\b")
# Every field but the overall grade, which the judgements give.
_FIELDS = METADATA_FIELDS[:-1]
_ADDRESSEE_LINES = 3  # the name, a job title and the organisation head an address


@dataclass
class Metadata:
    """Everything about the document except its judgements and findings."""

    title: str | None = None
    inspection_type: str = "other"
    local_authority: str | None = None
    council: str | None = None
    letter_date: datetime.date | None = None
    published_date: datetime.date | None = None
    visit_start: datetime.date | None = None
    visit_end: datetime.date | None = None
    lead_inspector: str | None = None
    inspectors: list[str] = field(default_factory=list)
    addressee: str | None = None
    is_letter: bool = False
    warnings: list[str] = field(default_factory=list)
    provenance: dict[str, Provenance] = field(default_factory=dict)


def extract_metadata(doc: Document, raw: str = "") -> Metadata:
    """Read the metadata of a cleaned document; ``raw`` is its text before clean-up,
    which still has the running headers and footers."""
    lines = [line for line in doc.lines if line.text]
    meta = Metadata()
    how = meta.provenance
    salutation = next(
        (i for i, line in enumerate(lines[:80]) if _SALUTATION.match(line.text)), None
    )
    meta.is_letter = salutation is not None
    sources: list[tuple[str, str]] = []
    if salutation is not None:
        date_at = letter_date_at(lines, salutation)
        if date_at is not None:
            meta.letter_date = date_at[1]
        block = _address_block(lines, salutation, date_at[0] if date_at else None)
        meta.addressee = addressee([line.text for line in block], lines[salutation].text)
        sources += _address_sources(block)
        title_at, meta.title = _letter_title(lines, salutation + 1)
    else:
        title_start, title_at, meta.title = _report_title(lines)
        sources += _cover_sources(lines, title_start, title_at)
    if meta.title:
        sources.append((TITLE, meta.title))
    after_title = lines[(title_at or 0) + 1 if meta.title else 0 :]
    opening = join_lines([line.text for line in after_title[:40]])
    # A letter's opening sentence restates its title; a report's sentence is on its cover.
    sources.append((OPENING if meta.is_letter else COVER, _opening(opening, meta.is_letter)))
    sources += [(RUNNING_HEADER, text) for text in _running_headers(raw)]
    # Names may wrap across lines; the matcher allows any whitespace inside one.
    sources.append((BODY, "\n".join(line.text for line in after_title)))

    meta.published_date = published_date(lines)
    visit = visit_dates(lines, opening, raw, meta.letter_date)
    meta.visit_start, meta.visit_end = visit.start, visit.end
    how["visit_start"], how["visit_end"] = visit.start_how, visit.end_how
    meta.warnings += visit.warnings

    _authority(meta, sources)
    kind = inspection_type(meta.title, opening, doc, meta.visit_start, meta.visit_end)
    meta.inspection_type = kind.value
    how["inspection_type"] = kind.how
    meta.warnings += kind.warnings
    _team(meta, lines, opening)
    _remaining_provenance(meta)
    return meta


def _authority(meta: Metadata, sources: list[tuple[str, str]]) -> None:
    """The authority and the council's name, from every source that names one."""
    when = meta.letter_date or meta.published_date or meta.visit_end
    fallback = next(
        (text for source, text in sources if source == ADDRESSEE and _COUNCIL.search(text)),
        None,
    )
    found = attribute(sources, when, fallback=fallback or _title_place(meta.title))
    meta.local_authority, meta.council = found.local_authority, found.council
    meta.provenance["local_authority"] = found.authority_how
    meta.provenance["council"] = found.council_how
    meta.warnings += found.warnings


def _team(meta: Metadata, lines: list[Line], opening: str) -> None:
    """The lead inspector and the team; a joint inspection letter names neither."""
    team = inspection_team(lines, opening)
    meta.lead_inspector, meta.inspectors = team.lead, team.everyone
    meta.provenance["lead_inspector"] = team.lead_how
    meta.provenance["inspectors"] = team.everyone_how
    # No lead inspector is information for the preview, not a doubt about the letter:
    # some documents name none, and nothing downstream needs one.
    if team.lead is None and meta.inspection_type == "jtai":
        meta.provenance["lead_inspector"] = Provenance(
            MISSING,
            "A joint targeted area inspection letter is signed by the inspectorates' "
            "directors and names no lead inspector: enter one only if you know it.",
        )
    elif team.lead is None:
        meta.provenance["lead_inspector"] = Provenance(
            MISSING, "The document names no lead inspector: enter one if you know it."
        )


def _address_block(lines: list[Line], salutation: int, date_at: int | None) -> list[Line]:
    """The lines above "Dear ...": the addressee's name, post, council and address.

    The date usually comes first. Some letters put it inside or below the address:
    when nothing between the date and "Dear" names a person, the lines above the date
    are the address too.
    """
    top = max(0, salutation - 25)
    if date_at is None:
        return lines[top:salutation]
    below = lines[date_at + 1 : salutation]
    if addressee([line.text for line in below], lines[salutation].text) is None:
        return lines[top:date_at] + below
    return below


def _address_sources(block: list[Line]) -> list[tuple[str, str]]:
    """Each part of the address: the council's own line is strong evidence, a town or
    county in the postal address weak, and the other agencies a joint letter is
    addressed to no evidence at all."""
    sources = []
    for at, text in enumerate(_unwrapped(block)):
        for part in text.split(","):
            part = part.strip()
            if not part or _AGENCY.search(part):
                continue
            formal = bool(_COUNCIL_WORDS.search(part)) and not is_generic(part)
            named_alone = at < _ADDRESSEE_LINES and match_authority(part) == part
            sources.append((ADDRESSEE if formal or named_alone else ADDRESS, part))
    return sources


def _unwrapped(block: list[Line]) -> list[str]:
    """Address lines with a council's name that wrapped ("Sandwell Metropolitan Borough"
    / "Council") joined again."""
    texts: list[str] = []
    for line in block:
        if texts and (is_generic(line.text) or line.text[0].islower()):
            texts[-1] = f"{texts[-1]} {line.text}"
        else:
            texts.append(line.text)
    return texts


def _cover_sources(
    lines: list[Line], title_start: int | None, title_end: int | None
) -> list[tuple[str, str]]:
    """A report's cover: the authority's name above the title (wrapped, perhaps, over
    two lines: "Royal Borough of Kensington and" / "Chelsea"), or just below it."""
    if title_start is None or title_end is None:
        return []
    above = [line.text for line in lines[max(0, title_start - 3) : title_start]]
    sources = []
    if above and all(len(text.split()) <= 8 and not text.endswith(".") for text in above):
        sources.append((COVER, join_lines(above)))
    for line in lines[title_end + 1 : title_end + 3]:
        if _LABEL.match(line.text):
            break
        if match_authority(line.text) and len(line.text.split()) <= 8:
            sources.append((COVER, line.text))
    return sources


def _opening(text: str, is_letter: bool) -> str:
    """The sentence that says what was inspected and where."""
    if is_letter:
        return text.split(". ")[0][:600]
    found = _COVER_SENTENCE.search(text[:3000])
    return found.group() if found else ""


def _running_headers(raw: str) -> list[str]:
    """Title lines repeated on every page of a report (with a page number, perhaps)."""
    lines = raw.split("\n")
    candidates = lines_containing(replace_all(raw, _CASELESS).lower(), _RUNNING_WORDS)
    stripped = (lines[i].strip() for i in sorted(candidates))
    counts = Counter(
        squash(line) for line in stripped if line[:1].isalpha() and _RUNNING.match(line)
    )
    headers = [re.sub(r"\s+\d{1,3}$", "", line) for line, count in counts.items() if count >= 3]
    return list(dict.fromkeys(headers))


def _letter_title(lines: list[Line], start: int) -> tuple[int | None, str | None]:
    if start >= len(lines):
        return None, None
    parts = [lines[start].text]
    i = start + 1
    # A title wraps when a line ends on a word like "of" or the next starts lower case.
    while i < len(lines) and len(parts) < 4:
        last_word = parts[-1].split()[-1].lower()
        if _TITLE_WRAP_WORD.fullmatch(last_word) or lines[i].text[0].islower():
            parts.append(lines[i].text)
            i += 1
        else:
            break
    title = join_lines(parts)
    # A sentence is not a title, but a title may carry a stray full stop.
    if _REPORT_TITLE.match(title) and len(title) < 200:
        title = title.rstrip(".")
    if title.endswith(".") or len(title) > 300 or title.lower().startswith("this letter"):
        return None, None
    return i - 1, title


def _report_title(lines: list[Line]) -> tuple[int | None, int | None, str | None]:
    """The title on a report's cover: its first and last lines and its text."""
    for i, line in enumerate(lines[:15]):
        if not _REPORT_TITLE.match(line.text):
            continue
        parts = [line.text]
        previous = line
        end = i
        for later in lines[i + 1 : i + 8]:
            text = later.text
            if _LABEL.match(text) or parse_date(text) or text.endswith(".") or len(text) > 100:
                break
            if later.index - previous.index > 2:  # a blank line ends the title
                break
            # "Inspection of ... children services" (or "... protection of children") is
            # whole; an authority's name on the next line is the cover's, not the title's.
            if _ENDS_WITH_SERVICES.search(" ".join(parts)) and not text[0].islower():
                break
            parts.append(text)
            previous, end = later, i + len(parts) - 1
        return i, end, _FOOTNOTE_MARK.sub("", join_lines(parts))
    return None, None, None


def _title_place(title: str | None) -> str | None:
    """The place a title names, known or not: "Focused visit to Blandshire children's
    services" gives "Blandshire"."""
    if not title:
        return None
    found = re.search(
        r"\b(?:to|of|in)\s+(?:the\s+)?([A-Z][\w'&\-]*(?:\s+(?:[A-Z][\w'&\-]*|of|and|upon|"
        r"on))*?)(?:\s+local authority)?\s+(?i:children)'?s\b",
        title,
    )
    return found.group(1) if found else None


def _remaining_provenance(meta: Metadata) -> None:
    """How the fields not yet accounted for were found, and what to enter if not."""
    how = meta.provenance
    letter = "letter" if meta.is_letter else "report"
    how["title"] = (
        Provenance(READ)
        if meta.title
        else Provenance(MISSING, "Enter the title as the document gives it.")
    )
    if meta.letter_date:
        how["letter_date"] = Provenance(READ)
    elif meta.is_letter:
        how["letter_date"] = Provenance(MISSING, "Enter the date printed above the address.")
    else:
        how["letter_date"] = Provenance(
            MISSING, "A report is not a letter and has no letter date: leave it blank."
        )
    how["published_date"] = (
        Provenance(READ)
        if meta.published_date
        else Provenance(
            MISSING,
            f"The {letter} does not print its publication date: enter the date Ofsted "
            "published it, if you have it.",
        )
    )
    if meta.addressee:
        how["addressee"] = Provenance(READ)
    else:
        how["addressee"] = Provenance(
            MISSING,
            "Enter the person the letter is addressed to."
            if meta.is_letter
            else "A report is addressed to no one: leave it blank.",
        )
    # In the order of the fields, as the preview and the JSON list them.
    meta.provenance = {name: how[name] for name in _FIELDS}
