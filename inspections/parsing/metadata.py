"""What a letter or report says about itself: title, kind, authority, dates, people.

Two layouts are handled. A letter has Ofsted's letterhead, a date line, the
addressee's address block, "Dear ...", a title line, and a sign-off. A report has a
cover: the authority's name, a title starting "Inspection of", then labelled lines
("Inspection dates:", "Lead inspector:", "Report published:").
"""

import datetime
import re
from dataclasses import dataclass, field

from .authorities import match_authority, strip_council_words
from .dates import find_spans, parse_date, parse_date_line
from .layout import Document, Line
from .people import (
    inspectors_in_sentences,
    looks_like_name,
    sign_off_name,
    strip_honorific,
    team,
)
from .text import join_lines, squash

_SALUTATION = re.compile(r"^Dear\s+(?P<name>.+?)\s*,?$")
_SEVERAL_PEOPLE = re.compile(r",|\band\b")
_REPORT_TITLE = re.compile(
    r"^(?:Inspection of|Review of|Joint targeted area inspection|Monitoring visit|"
    r"Focused visit|Annual unannounced inspection)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^[A-Z][A-Za-z' ]{2,40}:")
_FOOTNOTE_MARK = re.compile(r"(?<=[A-Za-z])\d{1,2}$")
_TITLE_WRAP_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "from",
        "within",
    }
)
_KINDS = (
    ("jtai", re.compile(r"joint targeted area inspection", re.IGNORECASE)),
    ("monitoring_visit", re.compile(r"monitoring visit", re.IGNORECASE)),
    ("focused_visit", re.compile(r"focused (?:assurance )?visit", re.IGNORECASE)),
    ("annual_unannounced", re.compile(r"annual unannounced inspection", re.IGNORECASE)),
    (
        "sif",
        re.compile(
            r"inspection of services for children in need of help and protection|"
            r"single inspection framework",
            re.IGNORECASE,
        ),
    ),
    (
        "ilacs",
        re.compile(
            r"inspection of .{0,80}children'?s (?:social care )?services|"
            r"inspection of local authority children'?s services|\bILACS\b",
            re.IGNORECASE,
        ),
    ),
)
_SHORT_INSPECTION = re.compile(r"\bshort inspection\b", re.IGNORECASE)
_ILACS_TABLE = re.compile(r"impact of leaders on social work practice", re.IGNORECASE)
_COUNCIL_WORDS = re.compile(
    r"\bCouncil\b|^(?:The\s+)?(?:London\s+|Royal\s+)?Borough\s+of\b|^City\s+of\b|"
    r"Metropolitan\s+Borough|County\s+Council",
    re.IGNORECASE,
)
_ADDRESS_NOISE = re.compile(
    r"\d|\b(?:Hall|House|Centre|Center|Street|Road|Floor|Building|Buildings|Offices?|"
    r"Directorate|Director|Department|Square|Place|Way|Lane)\b",
    re.IGNORECASE,
)
# A run of capitalised words, with the small words that names of councils contain:
# "Redcar & Cleveland Borough Council", "London Borough of Newham", "Isle of Wight".
_PLACE = (
    r"[A-Z][\w'.\-]*(?:,?\s+(?:(?:&|and|of|upon|on|the|with|under|in)\s+)*"
    r"[A-Z][\w'.\-]*)*"
)
_TITLE_AUTHORITY = re.compile(
    rf"\b(?:to|of|within|in)\s+(?:the\s+)?(?P<la>{_PLACE}?)(?:\s+local\s+authority)?"
    r"\s+(?i:children)'?s\b"
)
_TITLE_AREA = re.compile(rf"\b(?:in|of)\s+(?:the\s+)?(?P<la>{_PLACE})$")
_COVER_SENTENCE = re.compile(
    r"(?i:children'?s services|services (?:for|to) children(?: and (?:young people|families))?)"
    rf"\s+in\s+(?:the\s+)?(?P<la>{_PLACE})\s+(?i:are|is|requires?)\b"
)
_INSPECTION_DATES = re.compile(r"^(?:Inspection|Visit|Fieldwork)\s+dates?\s*:", re.IGNORECASE)
_PUBLISHED = re.compile(
    r"(?:Report\s+published|Publication\s+date|Date\s+of\s+publication|Published)\s*:?\s*",
    re.IGNORECASE,
)
_VISIT_CONTEXT = re.compile(
    r"\b(?:on|between|from|conducted|carried out|took place|during)\s*$", re.IGNORECASE
)


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


def extract_metadata(doc: Document) -> Metadata:
    """Read the metadata of a cleaned document."""
    lines = [line for line in doc.lines if line.text]
    meta = Metadata()
    salutation = next(
        (i for i, line in enumerate(lines[:80]) if _SALUTATION.match(line.text)), None
    )
    meta.is_letter = salutation is not None
    candidates: list[str] = []
    if salutation is not None:
        date_at = _letter_date_line(lines, salutation)
        if date_at is not None:
            meta.letter_date = parse_date_line(lines[date_at].text)
        address = lines[
            (date_at + 1 if date_at is not None else max(0, salutation - 8)) : salutation
        ]
        meta.addressee = _addressee(address, lines[salutation].text)
        # "Stephen Jones, Director of Children's Services, Hampshire County Council"
        parts = [part for line in address for part in line.text.split(",")]
        candidates += [part for part in parts if _is_council_line(part.strip())]
        title_at, meta.title = _letter_title(lines, salutation + 1)
    else:
        title_at, meta.title = _report_title(lines)
        if title_at is not None and title_at > 0:
            header = lines[title_at - 1].text
            if len(header.split()) <= 8 and not header.endswith("."):
                candidates.append(header)
        cover = join_lines([line.text for line in lines[:60]])
        candidates += [m.group("la") for m in _COVER_SENTENCE.finditer(cover)]
    if meta.title:
        title_match = _TITLE_AUTHORITY.search(meta.title) or _TITLE_AREA.search(meta.title)
        if title_match:
            candidates.append(title_match.group("la"))
    _name_authority(meta, candidates)
    body = join_lines([line.text for line in lines[(title_at or 0) : (title_at or 0) + 60]])
    _dates(meta, lines, body)
    meta.inspection_type = _inspection_type(meta, doc, body)
    _inspectors(meta, lines, body)
    return meta


def _letter_date_line(lines: list[Line], salutation: int) -> int | None:
    for i in range(salutation - 1, -1, -1):
        if parse_date_line(lines[i].text):
            return i
    return None


def _addressee(address: list[Line], salutation: str) -> str | None:
    if not address:
        return None
    # "Mr Stephen Jones, Director of Children's Services" names the person first.
    first = strip_honorific(address[0].text.split(",")[0])
    if looks_like_name(first):
        return first
    # The address block may be run together on one line: cut the name out of it using
    # the salutation, which gives a surname ("Dear Mr Winterbottom") or a first name
    # ("Dear Deb").
    greeting = _SALUTATION.match(salutation)
    if greeting is None:
        return None
    called = _SEVERAL_PEOPLE.split(greeting.group("name"))[0].strip()
    by_surname = strip_honorific(called) != called
    called_words = strip_honorific(called).split()
    words = first.split()
    if not called_words or called_words[-1] not in words:
        return None
    at = words.index(called_words[-1])
    candidate = " ".join(words[: at + 1] if by_surname else words[at : at + 2])
    return candidate if looks_like_name(candidate) else None


def _is_council_line(text: str) -> bool:
    if _ADDRESS_NOISE.search(text) or len(text.split()) > 8:
        return False
    if _COUNCIL_WORDS.search(text):
        return True
    authority = match_authority(text)
    return bool(authority) and strip_council_words(text).lower() == authority.lower()


def _letter_title(lines: list[Line], start: int) -> tuple[int | None, str | None]:
    if start >= len(lines):
        return None, None
    parts = [lines[start].text]
    i = start + 1
    # A title wraps when a line ends on a word like "of" or the next starts lower case.
    while i < len(lines) and len(parts) < 4:
        last_word = parts[-1].split()[-1].lower()
        if last_word in _TITLE_WRAP_WORDS or lines[i].text[0].islower():
            parts.append(lines[i].text)
            i += 1
        else:
            break
    title = join_lines(parts)
    if title.endswith(".") or len(title) > 300 or title.lower().startswith("this letter"):
        return None, None
    return start, title


def _report_title(lines: list[Line]) -> tuple[int | None, str | None]:
    for i, line in enumerate(lines[:15]):
        if not _REPORT_TITLE.match(line.text):
            continue
        parts = [line.text]
        previous = line
        for later in lines[i + 1 : i + 8]:
            text = later.text
            if _LABEL.match(text) or parse_date(text) or text.endswith(".") or len(text) > 100:
                break
            if later.index - previous.index > 2:  # a blank line ends the title
                break
            parts.append(text)
            previous = later
        title = _FOOTNOTE_MARK.sub("", join_lines(parts))
        return i, title
    return None, None


def _name_authority(meta: Metadata, candidates: list[str]) -> None:
    cleaned = [squash(c).strip(" ,.") for c in candidates if c and c.strip()]
    if not cleaned:
        meta.warnings.append("No local authority found: enter it in the preview.")
        return
    named = [c for c in cleaned if _COUNCIL_WORDS.search(c)]
    meta.council = named[0] if named else cleaned[0]
    # A council's own name decides; other lines (a town in the address) only when
    # nothing names the council.
    for candidate in named[:1] or cleaned:
        if authority := match_authority(candidate):
            meta.local_authority = authority
            return
    meta.local_authority = strip_council_words(meta.council)
    meta.warnings.append(
        f"'{meta.local_authority}' is not a known English local authority: check the name."
    )


def _dates(meta: Metadata, lines: list[Line], body: str) -> None:
    for line in lines[:80]:
        if _INSPECTION_DATES.match(line.text):
            spans = find_spans(line.text)
            if spans:
                meta.visit_start, meta.visit_end = spans[0].start, spans[-1].end
        elif (match := _PUBLISHED.match(line.text)) and meta.published_date is None:
            meta.published_date = parse_date(line.text[match.end() :])
    if meta.visit_start is None:
        spans = [s for s in find_spans(body) if s.start != meta.letter_date]
        in_context = [
            s for s in spans if _VISIT_CONTEXT.search(body[max(0, s.offset - 30) : s.offset])
        ]
        chosen = (in_context or spans)[:1]
        if chosen:
            meta.visit_start, meta.visit_end = chosen[0].start, chosen[0].end
    if meta.visit_start is None:
        meta.warnings.append("No visit dates found: enter them in the preview.")
    if meta.letter_date is None and meta.published_date is None:
        meta.warnings.append("No letter date or publication date found.")


def _inspection_type(meta: Metadata, doc: Document, body: str) -> str:
    kind = next((k for k, pattern in _KINDS if meta.title and pattern.search(meta.title)), None)
    if kind is None:
        kind = next((k for k, pattern in _KINDS if pattern.search(body[:1500])), None)
    if kind is None and any(_ILACS_TABLE.search(line.text) for line in doc.lines[:60]):
        kind = "ilacs"
    if kind is None:
        meta.warnings.append("The kind of inspection was not recognised: choose it in the preview.")
        return "other"
    if kind != "ilacs":
        return kind
    if _SHORT_INSPECTION.search(body):
        return "ilacs_short"
    if meta.visit_start and meta.visit_end:
        # A short inspection is one week on site; a standard one is two.
        return "ilacs_short" if (meta.visit_end - meta.visit_start).days <= 6 else "ilacs_standard"
    meta.warnings.append(
        "Could not tell a short from a standard inspection without visit dates: check the kind."
    )
    return "ilacs_standard"


def _inspectors(meta: Metadata, lines: list[Line], body: str) -> None:
    labelled_lead, labelled = team(lines)
    signed = sign_off_name(lines)
    named = inspectors_in_sentences(body)
    lead = labelled_lead or signed or (named[0] if named else None)
    everyone = [lead] if lead else []
    for name in [*labelled, *named]:
        if name.lower() not in {n.lower() for n in everyone}:
            everyone.append(name)
    meta.lead_inspector = lead
    meta.inspectors = everyone
    if lead is None:
        meta.warnings.append("No lead inspector found: enter one in the preview.")
