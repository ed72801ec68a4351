"""England's local authorities with children's services, and the names letters give them.

The list is the project's own data file (inspections/data/local_authorities.csv, the
153 authorities and the ones since reorganised), read here with the csv module so that
the parser stays free of Django. Letters name a council in many ways ("Wigan
Metropolitan Borough Council", "Redcar & Cleveland Borough Council", "the London
Borough of Wandsworth Council", "Derby City local authority", "Kingston-upon-Hull");
finding the authorities in a piece of text gives the name the rest of the application
uses, which is the CSV's own.

Two things make a name point at more than one authority: a company that runs
children's services for several councils ("Achieving for Children"), and a council
that has since been split ("Northamptonshire" in a letter written after April 2021).
"""

import csv
import datetime
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "local_authorities.csv"

# Names letters use that the CSV does not list, mapped to the CSV's name.
EXTRA_NAMES: dict[str, str] = {
    "Bedford": "Bedford Borough",
    "Corporation of London": "City of London",
    "County Durham": "Durham",
    "Newcastle": "Newcastle upon Tyne",
    "Southend": "Southend-on-Sea",
    "Stockton": "Stockton-on-Tees",
    "Stoke": "Stoke-on-Trent",
    "Telford": "Telford and Wrekin",
}

# Companies and trusts that run children's services for councils and whose names do
# not contain a council's (trusts named after their area, such as "Doncaster
# Children's Services Trust" or "Slough Children First", are found by that name).
SERVICE_PROVIDERS: dict[str, tuple[str, ...]] = {
    "Achieving for Children": (
        "Kingston upon Thames",
        "Richmond upon Thames",
        "Windsor and Maidenhead",
    ),
    "Together for Children": ("Sunderland",),
    "Brighter Futures for Children": ("Reading",),
}

# Councils that were abolished: from the date given, their area belongs to these.
REORGANISED: dict[str, tuple[datetime.date, tuple[str, ...]]] = {
    "Poole": (datetime.date(2019, 4, 1), ("Bournemouth, Christchurch and Poole",)),
    "Northamptonshire": (
        datetime.date(2021, 4, 1),
        ("North Northamptonshire", "West Northamptonshire"),
    ),
    "Cumbria": (datetime.date(2023, 4, 1), ("Cumberland", "Westmorland and Furness")),
}

# Abolished councils the CSV has no entry of their own for: the data file files them
# under their successor (as an also_known_as), which is the best the service can do.
FORMER_COUNCILS = frozenset({"Bournemouth"})

# Words that are part of many names and never a name on their own.
GENERIC = re.compile(
    r"^(?:(?:the|(?:london|royal)\s+borough|metropolitan|borough|county|city|district|"
    r"council|of|corporation|local|authority|unitary|children|services?|and)(?:'?s)?\s*)*$",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset({"and", "of", "upon", "on", "the", "with", "in", "under", "for"})
_DECORATIONS = re.compile(
    r"^(?:the\s+)?(?:(?:london|royal)\s+borough\s+of|city\s+and\s+county\s+of|city\s+of|"
    r"county\s+of|metropolitan\s+borough\s+of|borough\s+of)\s+|"
    r"\s+(?:metropolitan\s+borough|metropolitan\s+district|district\s+metropolitan|"
    r"borough|city|county|district)?\s*(?:council|local\s+authority|corporation)$|"
    r"\s+city$|\s+children'?s\s+services$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """A name found in text: as written, and the authorities it may refer to."""

    written: str
    authorities: tuple[str, ...]
    former: str | None = None  # the abolished council named, when it was mapped on


def _variants(name: str) -> list[str]:
    """A CSV name and its everyday forms: "Bristol, City of" is also "City of Bristol"."""
    base, comma, rest = name.partition(", ")
    if comma and rest.lower() in {"city of", "county of"}:
        return [name, base, f"{rest} {base}"]
    return [name]


@cache
def _names() -> dict[str, tuple[str, ...]]:
    """Every name a letter may use, mapped to the authorities it refers to."""
    names: dict[str, tuple[str, ...]] = {}
    with CSV_PATH.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            official = row["name"]
            # Read "also_known_as" as the data loader does, so both sides agree.
            aliases = [a.strip() for a in row["also_known_as"].strip("[]").split(",")]
            for name in [*_variants(official), *filter(None, aliases)]:
                names.setdefault(name, (official,))
    by_short = {_plain(name): name for name in list(names)}
    for alias, short in EXTRA_NAMES.items():
        names.setdefault(alias, names[by_short[_plain(short)]])
    for provider, served in SERVICE_PROVIDERS.items():
        names[provider] = tuple(names[by_short[_plain(s)]][0] for s in served)
    return names


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).split())


_FORMER = frozenset(_plain(name) for name in FORMER_COUNCILS)


def _word_pattern(word: str) -> str:
    # A place name starts with a capital; "reading" and "bury" in a sentence are verbs.
    if word.lower() in _SMALL_WORDS:
        return rf"(?i:{re.escape(word)})" if word.lower() != "and" else r"(?i:and|&)"
    return re.escape(word[0].upper()) + rf"(?i:{re.escape(word[1:])})"


@cache
def _pattern() -> re.Pattern[str]:
    """One pattern for every name, grouped by first letter so that the many positions
    where no name starts fail at once; within a group the longest name comes first.

    Each group starts with its letter and only then looks back for the start of a
    word: a pattern whose every branch starts with a letter lets the regular
    expression engine skip to those letters, several times faster on a long report
    than trying the pattern at every position."""
    groups: dict[str, list[str]] = {}
    for name in sorted(_names(), key=len, reverse=True):
        words = re.findall(r"[A-Za-z0-9]+", name.replace("&", " and "))
        pattern = r"[\s\-.,']+".join(_word_pattern(w) for w in words)
        first = re.escape(words[0][0].upper())
        groups.setdefault(first, []).append(pattern.removeprefix(first))
    alternatives = [rf"{first}(?<![\w\-].)(?:{'|'.join(rest)})" for first, rest in groups.items()]
    return re.compile(r"(?:" + "|".join(alternatives) + r")(?![\w\-])")


@cache
def _lookup() -> dict[str, tuple[str, ...]]:
    return {_plain(name): served for name, served in _names().items()}


def official_names() -> tuple[str, ...]:
    """Every authority's name as the CSV gives it."""
    return tuple(dict.fromkeys(a for served in _names().values() for a in served))


def mentions(text: str, on: datetime.date | None = None) -> list[Mention]:
    """Every authority named in ``text``, in order, longest name first where names overlap.

    ``on`` is the document's date: a council abolished before it stands for the
    authorities that took over its area.
    """
    found = []
    for match in _pattern().finditer(text):
        served = _lookup()[_plain(match.group())]
        former = match.group() if _plain(match.group()) in _FORMER else None
        if len(served) == 1 and served[0] in REORGANISED and on is not None:
            since, successors = REORGANISED[served[0]]
            if on >= since:
                former, served = served[0], successors
        found.append(Mention(match.group(), served, former))
    return found


def match_authority(text: str) -> str | None:
    """The one authority named first in ``text``, or None."""
    for mention in mentions(text):
        if len(mention.authorities) == 1:
            return mention.authorities[0]
    return None


def is_generic(text: str) -> bool:
    """Whether text is only words like "Council" or "London Borough", not a name."""
    return bool(GENERIC.match(text.strip(" ,.")))


def strip_council_words(text: str) -> str:
    """An authority's name without "Council", "London Borough of" and the like."""
    previous = None
    while previous != text:
        previous, text = text, _DECORATIONS.sub("", text).strip(" ,")
    return text
