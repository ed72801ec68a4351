"""Which authority a document is about: every place that names one, weighed.

A letter names its authority in the title ("Focused visit to Medway children's
services"), in the addressee's block ("Medway Council") and in its opening sentence;
a report on its cover. The same document also names other places: the county in a
postal address ("Chatham, Kent"), a neighbour or a police force in the body, the
other agencies a joint inspection letter is addressed to. Each place is worth as much
as its source is reliable; the title and the addressee's council outweigh any number
of passing mentions, and when two reliable sources disagree the preview says so.
"""

import datetime
import re
from dataclasses import dataclass, field

from .authorities import Mention, is_generic, mentions, strip_council_words
from .model import INFERRED, MISSING, READ, Provenance

TITLE = "title"
COVER = "cover"
ADDRESSEE = "addressee"
RUNNING_HEADER = "running header"
OPENING = "opening sentence"
ADDRESS = "postal address"
BODY = "body"

_WEIGHTS = {TITLE: 6.0, COVER: 5.0, ADDRESSEE: 5.0, RUNNING_HEADER: 4.0, OPENING: 3.0}
_WEAK_WEIGHTS = {ADDRESS: 1.0, BODY: 0.25}
# Passing mentions in the body add up, but never to as much as one reliable source.
_BODY_CAP = 2.0
# Where the council's name as written is taken from: the address, the cover and the
# title, a form with "Council" or "Borough of" in it first, then the bare name; failing
# those, the other sources in this order.
_COUNCIL_SOURCES = (ADDRESSEE, COVER, TITLE)
_OTHER_SOURCES = (OPENING, RUNNING_HEADER, ADDRESS, BODY)

_DECORATION_REACH = 60  # "The Royal Borough of " and "Metropolitan District Council" fit
_BEFORE_NAME = re.compile(
    r"(?:(?:The|the)\s+)?(?:(?:London|Royal)\s+Borough\s+of|City\s+and\s+County\s+of|"
    r"City\s+of|County\s+of|Metropolitan\s+Borough\s+of|Borough\s+of)\s+$"
)
_AFTER_NAME = re.compile(
    r"^(?:\s+(?:Metropolitan|District|Borough|City|County|Council|Corporation)\b)+"
)


@dataclass(frozen=True)
class Evidence:
    """One naming of an authority: where it was found and the text around it."""

    source: str
    text: str
    mention: Mention
    start: int


@dataclass
class Attribution:
    """The authority a document is about, the council's name as written, and how sure."""

    local_authority: str | None = None
    council: str | None = None
    authority_how: Provenance = field(default_factory=lambda: Provenance(MISSING))
    council_how: Provenance = field(default_factory=lambda: Provenance(MISSING))
    warnings: list[str] = field(default_factory=list)


def attribute(
    sources: list[tuple[str, str]], on: datetime.date | None, *, fallback: str | None = None
) -> Attribution:
    """Weigh every naming in ``sources`` (pairs of source and text) and choose.

    ``on`` is the document's date, for councils reorganised since; ``fallback`` is a
    council name the document gives that matches no known authority (kept, with a
    warning, when nothing else names one).
    """
    evidence = [
        Evidence(source, text, mention, start)
        for source, text in sources
        for mention, start in _found(text, on)
    ]
    scores: dict[str, float] = {}
    body: dict[str, float] = {}
    for item in evidence:
        for authority in item.mention.authorities:
            if item.source == BODY:
                body[authority] = min(_BODY_CAP, body.get(authority, 0) + _WEAK_WEIGHTS[BODY])
            else:
                weight = _WEIGHTS.get(item.source) or _WEAK_WEIGHTS[item.source]
                scores[authority] = scores.get(authority, 0) + weight
    for authority, score in body.items():
        scores[authority] = scores.get(authority, 0) + score
    if not scores:
        return _unknown(fallback)
    best = max(scores.values())
    leaders = sorted(a for a, score in scores.items() if score == best)
    if len(leaders) > 1:
        return _ambiguous(leaders, evidence)
    winner = leaders[0]
    result = Attribution(local_authority=winner)
    result.authority_how = _how_found(winner, evidence)
    result.council, result.council_how = _council(winner, evidence)
    result.warnings = _disagreements(winner, evidence)
    return result


def _found(text: str, on: datetime.date | None) -> list[tuple[Mention, int]]:
    found = []
    position = 0
    for mention in mentions(text, on):
        start = text.find(mention.written, position)
        position = max(position, start)
        found.append((mention, start))
    return found


def _how_found(winner: str, evidence: list[Evidence]) -> Provenance:
    naming = [e for e in evidence if winner in e.mention.authorities]
    direct = [e for e in naming if e.source in _WEIGHTS and e.mention.authorities == (winner,)]
    if any(e.mention.former is None for e in direct):
        return Provenance(READ)
    if direct:
        former = direct[0].mention.former
        return Provenance(
            INFERRED,
            f"The document names {former}, whose area has belonged to {winner} since "
            "its council was reorganised: check the authority.",
        )
    shared = next((e for e in naming if e.source in _WEIGHTS), None)
    if shared is not None:
        return Provenance(
            INFERRED,
            f"The {shared.source} names {shared.mention.written}, which serves "
            f"{' and '.join(shared.mention.authorities)}; the rest of the document points "
            f"to {winner}: check the authority.",
        )
    where = "the postal address" if any(e.source == ADDRESS for e in naming) else "the body"
    return Provenance(
        INFERRED,
        f"{winner} is named only in {where}, not in the title or as the council "
        "addressed: check the authority.",
    )


def _council(winner: str, evidence: list[Evidence]) -> tuple[str | None, Provenance]:
    """The council's name as the document writes it, from its most reliable source."""
    phrases = [
        (e.source, *_council_phrase(e)) for e in evidence if e.mention.authorities == (winner,)
    ]
    for formal in (True, False):
        for source in _COUNCIL_SOURCES:
            for found_in, phrase, is_formal in phrases:
                if found_in == source and is_formal == formal:
                    return phrase, Provenance(READ)
    for source in _OTHER_SOURCES:
        for found_in, phrase, _ in phrases:
            if found_in == source:
                return phrase, Provenance(READ)
    return winner, Provenance(INFERRED, "The council's name is not written out: check it.")


def _council_phrase(item: Evidence) -> tuple[str, bool]:
    """The mention widened to "London Borough of X" or "X City Council" if so written."""
    start, end = item.start, item.start + len(item.mention.written)
    reach = max(0, start - _DECORATION_REACH)
    before = _BEFORE_NAME.search(item.text[reach:start])
    after = _AFTER_NAME.match(item.text[end : end + _DECORATION_REACH])
    first = reach + before.start() if before else start
    phrase = item.text[first : end + (after.end() if after else 0)]
    return " ".join(phrase.split()), bool(before or after)


def _disagreements(winner: str, evidence: list[Evidence]) -> list[str]:
    """Warnings for reliable sources that name another authority and not the winner."""
    reliable = [e for e in evidence if e.source in _WEIGHTS]
    backing = next((e for e in reliable if winner in e.mention.authorities), None)
    naming_winner = {e.text for e in reliable if winner in e.mention.authorities}
    warnings: list[str] = []
    for item in reliable:
        if winner in item.mention.authorities or item.text in naming_winner:
            continue
        others = " or ".join(item.mention.authorities)
        warning = (
            f"The {item.source} names {others}, but "
            + (
                f"the {backing.source} names {winner}"
                if backing
                else f"the letter is mostly about {winner}"
            )
            + f": check which authority this is about (chosen: {winner})."
        )
        if warning not in warnings:
            warnings.append(warning)
    return warnings


def _ambiguous(leaders: list[str], evidence: list[Evidence]) -> Attribution:
    shared = next(
        (e for e in evidence if set(leaders) <= set(e.mention.authorities)),
        None,
    )
    names = ", ".join(leaders[:-1]) + f" and {leaders[-1]}"
    if shared is not None and shared.mention.former:
        why = f"It names {shared.mention.former}, whose area has since been divided between {names}"
    elif shared is not None:
        why = f"It names {shared.mention.written}, which serves {names}"
    else:
        why = f"It names {names} equally"
    note = f"{why}: choose the authority."
    # No council either: a shared name ("Northamptonshire") would match the wrong one.
    return Attribution(
        authority_how=Provenance(MISSING, note),
        council_how=Provenance(MISSING, "Enter the council once the authority is chosen."),
        warnings=[f"The letter's authority is unclear. {note}"],
    )


def _unknown(fallback: str | None) -> Attribution:
    name = strip_council_words(fallback or "")
    if not name or is_generic(name):
        note = "No local authority is named in the title, address or text: choose it."
        return Attribution(
            authority_how=Provenance(MISSING, note),
            council_how=Provenance(MISSING, "Enter the council's name as the letter gives it."),
            warnings=["No local authority found: enter it in the preview."],
        )
    return Attribution(
        local_authority=name,
        council=fallback,
        authority_how=Provenance(
            INFERRED, f"'{name}' is not one of England's local authorities: check the name."
        ),
        council_how=Provenance(READ),
        warnings=[f"'{name}' is not a known English local authority: check the name."],
    )
