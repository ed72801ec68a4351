"""The first sentence of a finding, for the title of the action drafted from it.

A full stop ends a sentence only when a capital letter, a digit or an opening quote or
bracket follows it after a space, and the word it ends is not an abbreviation ("e.g.",
"i.e.", "etc.", "Mr.") or an initial ("J. Smith"). A full stop inside a number ("1.5",
"28.8%") has no space after it, so never ends one. Question and exclamation marks end
one in the same way.
"""

from __future__ import annotations

import re

# Lower-cased, without their final full stop. "etc." can end a sentence too; it is kept
# here because in letters it more often runs on ("etc. and the Board").
ABBREVIATIONS = frozenset(
    {
        "e.g",
        "eg",
        "i.e",
        "ie",
        "etc",
        "cf",
        "viz",
        "vs",
        "approx",
        "para",
        "paras",
        "p",
        "pp",
        "fig",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "cllr",
    }
)

# A candidate end: . ! or ?, any closing quotes or brackets, a space, then something that
# can start a sentence.
_CANDIDATE_END = re.compile(r"[.!?][\"'’”)\]]*(?=\s+[\"'‘“(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"(\S+)$")


def _ends_sentence(text: str, end: re.Match[str]) -> bool:
    if text[end.start()] != ".":
        return True
    word = _LAST_WORD.search(text[: end.start()])
    if word is None:
        return True
    stem = word.group(1).lstrip("(\"'‘“[").lower()
    # An initial: one capital letter, as in "J. Smith" (and "A. N. Other").
    is_initial = len(word.group(1)) == 1 and word.group(1).isupper()
    return stem not in ABBREVIATIONS and not is_initial


def first_sentence(text: str) -> str:
    """The first sentence of `text`, on one line (runs of white space become one space),
    with its closing full stop left off. The whole text if it is one sentence."""
    flat = " ".join(text.split())
    sentence = next(
        (flat[: end.end()] for end in _CANDIDATE_END.finditer(flat) if _ends_sentence(flat, end)),
        flat,
    )
    return sentence.removesuffix(".")


def cut_at_word(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else as many whole words as fit (a single
    word longer than the limit is cut inside it), with no mark added."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else text[:limit]
    return cut.rstrip(" ,;:–-")
