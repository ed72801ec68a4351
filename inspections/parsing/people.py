"""People named in a letter: the inspectors and the person it is addressed to."""

import re
from dataclasses import dataclass, field

from .layout import Line
from .model import INFERRED, MISSING, READ, Provenance
from .text import squash

_HONORIFIC = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord|Cllr|Councillor|Rev)"
    r"\.?\s+)+",
    re.IGNORECASE,
)
_CONNECTORS = frozenset(
    {
        "de",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "du",
        "da",
        "di",
        "bin",
        "al",
    }
)
_ROLE = re.compile(
    r",?\s*(?:\(?(?:Senior\s+)?HMI\)?|(?:Her|His)\s+Majesty'?s\s+(?:Chief\s+)?Inspectors?\b.*|"
    r"Ofsted\s+Inspector\b.*|Social\s+Care\s+Regulatory\s+Inspector\b.*|"
    r"Regional\s+Director\b.*|National\s+Director\b.*|Senior\s+HMI\b.*|\(OI\)|\(designate\)|"
    r"\bdesignate\)|\(Senior HMI\))",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(r"^yours\s+(?:sincerely|faithfully)\b", re.IGNORECASE)
_NOT_AN_INSPECTOR = re.compile(
    r"\b(?:Director|Chief Executive|Deputy Chief Inspector|Chief Inspector)\b", re.IGNORECASE
)
# A shadow inspector is in training and observes: not one of the team.
_TEAM_LABEL = re.compile(
    r"^(?P<label>(?:Lead|Reporting|Deputy lead|Team|Additional|Shadow|Assistant lead|"
    r"Co-lead)\s+inspectors?)\s*:?\s+(?P<names>.*)$|"
    r"^(?P<bare>(?:Lead|Reporting)\s+inspector)\s*:?$",
    re.IGNORECASE,
)
_OTHER_LABEL = re.compile(r"^[A-Z][A-Za-z ]{2,40}:")
# "The inspectors were ...", "Her Majesty's Inspectors for this visit were ...",
# "The visit was carried out by ...", "His Majesty's Inspectors X and Y carried out".
_INSPECTOR_SENTENCE = re.compile(
    r"(?:inspectors?(?:\s+for\s+this\s+(?:visit|inspection))?\s+(?:were|was)\b|"
    r"(?:visit|inspection)\s+was\s+(?:carried\s+out|conducted|undertaken|led)\s+by\b)"
    r"(?P<names>[^.]*)\.|"
    r"(?:Her|His)\s+Majesty's\s+Inspectors\s+(?P<before>[A-Z][^.]*?)\s+"
    r"(?:carried\s+out|conducted|undertook)\b",
    re.IGNORECASE,
)
_SPLIT_NAMES = re.compile(r",|;|\band\b")
_PARENTHESES = re.compile(r"\([^)]*\)")
_LEAD_IN_WORDS = re.compile(
    r"^(?:(?:the\s+)?(?:two|three|four|five|six)\s+of\s+|(?:Her|His)\s+Majesty's\s+"
    r"Inspectors?,?\s*|by\s+|were\s+)+",
    re.IGNORECASE,
)


def strip_honorific(name: str) -> str:
    """ "Mr Nick Hudson" -> "Nick Hudson"."""
    return _HONORIFIC.sub("", name.strip()).strip()


def clean_name(text: str) -> str | None:
    """A person's name from a fragment like "Stella Elliot HMI (designate)", or None."""
    text = _ROLE.sub("", squash(text)).strip(" ,;.()")
    text = _PARENTHESES.sub("", text)
    text = strip_honorific(_LEAD_IN_WORDS.sub("", text)).strip(" ,;.()")
    return text if looks_like_name(text) else None


def looks_like_name(text: str) -> bool:
    """Two to five capitalised words ("Sue Myers", "Paula Thomson-Jones", "Mary O'Neill")."""
    words = text.split()
    if not 2 <= len(words) <= 5 or not words[0][0].isupper():
        return False
    for word in words:
        if word in _CONNECTORS:
            continue
        letters = word.replace("-", "").replace("'", "").replace(".", "")
        if not (word[0].isupper() and letters.isalpha()):
            return False
    return True


def names_in(text: str) -> list[str]:
    """Every name in a list such as "A, HMI, and B, Her Majesty's Inspector"."""
    names = []
    for part in _SPLIT_NAMES.split(_LEAD_IN_WORDS.sub("", squash(text))):
        name = clean_name(part.strip())
        if name and name not in names:
            names.append(name)
    return names


def sign_off_name(lines: list[Line]) -> str | None:
    """The inspector who signs the letter under "Yours sincerely".

    Joint inspection letters are signed by the inspectorates' directors rather than
    by an inspector, so a signatory whose title is a director's is not returned.
    """
    for i, line in enumerate(lines):
        # Testing the first letter first spares trying the pattern on every line.
        if line.text[:1] not in ("Y", "y") or not _SIGN_OFF.match(line.text):
            continue
        following = [later.text for later in lines[i + 1 : i + 12] if later.text][:5]
        for at, text in enumerate(following):
            name = clean_name(text)
            if not name:
                continue
            # The signatory's title is on the name's line or the line below it.
            title = text if text != name else " ".join(following[at + 1 : at + 2])
            return None if _NOT_AN_INSPECTOR.search(title) else name
        return None
    return None


def team(lines: list[Line]) -> tuple[str | None, list[str]]:
    """(lead inspector, all inspectors) from "Lead inspector: ..." style labels.

    A team list may wrap, so it takes up to three more lines, stopping at the next
    label ("Senior data analyst: ...").
    """
    lead: str | None = None
    everyone: list[str] = []
    i = 0
    while i < len(lines):
        text = lines[i].text
        match = _TEAM_LABEL.match(text) if "nspector" in text else None
        if not match:
            i += 1
            continue
        label = (match.group("label") or match.group("bare")).lower()
        i += 1
        if match.group("bare"):
            # "Lead inspector:" with the name on the line below.
            parts = [lines[i].text] if i < len(lines) else []
            i += 1
        else:
            parts = [match.group("names")]
        is_lead = label.startswith(("lead", "reporting"))
        if label.startswith("shadow"):
            continue
        # A lead inspector is one name; a team list may wrap onto a few more lines.
        while (
            not is_lead
            and i < len(lines)
            and len(parts) < 4
            and lines[i].text
            and not _OTHER_LABEL.match(lines[i].text)
        ):
            parts.append(lines[i].text)
            i += 1
        names = names_in(" ".join(parts))
        if is_lead and names and lead is None:
            lead = names[0]
        everyone.extend(name for name in names if name not in everyone)
    return lead, everyone


def inspectors_in_sentences(text: str) -> list[str]:
    """Inspectors named in prose: "The inspectors were A, HMI, and B, HMI."."""
    for match in _INSPECTOR_SENTENCE.finditer(text):
        names = names_in(match.group("names") or match.group("before") or "")
        if names:
            return names
    return []


_SALUTATION_NAME = re.compile(r"^Dear\s+(?P<name>.+?)\s*,?$")
_SEVERAL_PEOPLE = re.compile(r",|\band\b")
_NAME_LINES = 4  # the addressee's name heads the address block
# Words of a building or an office, which look like a name in an address block.
_PREMISES = re.compile(
    r"\b(?:Buildings?|House|Hall|Street|Road|Centre|Center|Square|Place|Offices?|Floor|"
    r"Court|Lane|Way|Avenue|Drive|Park|Gate|Dockside|Guildhall|Council|Services|"
    r"Department|Directorate|Civic|Municipal|Town)\b"
)


def addressee(block: list[str], salutation: str) -> str | None:
    """The person a letter is addressed to, from the lines above "Dear ...".

    Usually the first line ("Mr Stephen Jones, Director of Children's Services"), but
    a two-column layout may put a job title or a building first, or break the name one
    word a line, and the block may be run together on one line. The salutation ("Dear
    Mr Winterbottom", "Dear Deb") picks the right name then.
    """
    greeting = _SALUTATION_NAME.match(salutation)
    called = _SEVERAL_PEOPLE.split(greeting.group("name"))[0].strip() if greeting else ""
    by_surname = strip_honorific(called) != called
    called_words = strip_honorific(called).split()
    names = [strip_honorific(text.split(",")[0]) for text in block[:_NAME_LINES]]
    names = [name for name in names if looks_like_name(name)]
    for name in names:
        if called_words and called_words[-1] in name.split():
            return name
    for name in names:
        if not _PREMISES.search(name):
            return name
    words = " ".join(block).split()
    if not called_words or called_words[-1] not in words:
        return None
    at = words.index(called_words[-1])
    candidate = " ".join(words[: at + 1] if by_surname else words[at : at + 2])
    if by_surname and not looks_like_name(candidate):
        candidate = " ".join(words[max(0, at - 1) : at + 1])
    return candidate if looks_like_name(candidate) else None


@dataclass
class Team:
    """The lead inspector and everyone named as an inspector, with how each was found."""

    lead: str | None = None
    everyone: list[str] = field(default_factory=list)
    lead_how: Provenance = field(default_factory=lambda: Provenance(MISSING))
    everyone_how: Provenance = field(default_factory=lambda: Provenance(MISSING))


def inspection_team(lines: list[Line], opening: str) -> Team:
    """The inspectors: from a report's labels, a letter's sign-off and its opening."""
    labelled_lead, labelled = team(lines)
    signed = sign_off_name(lines)
    named = inspectors_in_sentences(opening)
    result = Team()
    if labelled_lead or signed:
        result.lead = labelled_lead or signed
        result.lead_how = Provenance(READ)
    elif named:
        result.lead = named[0]
        result.lead_how = Provenance(
            INFERRED,
            "No one is named as lead inspector and no inspector signs the letter: the "
            "first inspector named is taken as the lead.",
        )
    else:
        result.lead_how = Provenance(
            MISSING, "No inspector is named: enter the lead inspector if you know who it was."
        )
    everyone = [result.lead] if result.lead else []
    for name in [*labelled, *named]:
        if name.lower() not in {n.lower() for n in everyone}:
            everyone.append(name)
    result.everyone = everyone
    result.everyone_how = (
        Provenance(READ)
        if everyone
        else Provenance(MISSING, "No inspectors are named: enter them if you know them.")
    )
    return result
