"""Turning bytes and raw extracted text into one predictable form.

Everything downstream assumes ``\\n`` line endings, straight quotes and plain spaces,
so that the regular expressions elsewhere need not allow for every typographic
variant that PDF extraction or a word processor produces.
"""

import codecs
import re
from collections.abc import Iterable

from .errors import LetterError

# Each character and what it becomes (no replacement contains a character replaced).
_TYPOGRAPHY = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00a0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\t": " ",
    "\f": "\n",
    "\v": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
    # Invisible characters that split words in extracted text.
    "\u00ad": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb00": "ff",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
}


def decode_text(data: bytes) -> str:
    """Decode an uploaded text file.

    Accepts UTF-8 with or without a byte-order mark and normalises CRLF and CR line
    endings to ``\\n``. Raises :class:`LetterError` for anything that is not UTF-8.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LetterError(
            "The file is not UTF-8 text (it is saved as UTF-16). Save it again with the "
            "encoding set to UTF-8, or upload the PDF of the letter instead."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LetterError(
            "The file is not UTF-8 text, so it cannot be read. Save it again with the "
            "encoding set to UTF-8, or upload the PDF of the letter instead."
        ) from exc
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    """Convert Windows (CRLF) and old Mac (CR) line endings to ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalise_text(text: str) -> str:
    """Normalise line endings, quotes, odd spaces and ligatures for parsing."""
    return replace_all(normalise_newlines(text), _TYPOGRAPHY)


def replace_all(text: str, replacements: dict[str, str]) -> str:
    """``text`` with each character in ``replacements`` replaced by its value.

    What str.translate does, but str.translate looks up every character of a text
    that is not all ASCII one at a time, which takes milliseconds on a long report;
    a replacement must not contain a character that is itself replaced.
    """
    for old, new in replacements.items():
        if old in text:
            text = text.replace(old, new)
    return text


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return " ".join(text.split())


def lines_containing(text: str, words: Iterable[str]) -> set[int]:
    """The indexes of the lines of ``text`` in which any of ``words`` occurs.

    Searching the whole text for each word is much faster than looking at every
    line of a long report in turn, when only a few lines have one.
    """
    found = set()
    for word in words:
        line = previous = 0
        at = text.find(word)
        while at != -1:
            line += text.count("\n", previous, at)
            found.add(line)
            previous = at
            at = text.find(word, at + len(word))
    return found


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into one whitespace-normalised string.

    A word hyphenated across a line break ("decision-" / "making") is rejoined
    without a space, keeping the hyphen, because in these documents a line-end
    hyphen is almost always part of a compound ("well-planned", "pre-proceedings",
    "17-year-olds"); but "16- and 17-year-olds" keeps its space.
    """
    joined = "\n".join(lines)
    if not _LINE_END_HYPHEN.search(joined):
        return squash(joined)  # the same result, without going line by line
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out.endswith("-") and out[-2:-1].isalnum() and _continues_compound(line):
            out += line
        elif out:
            out += " " + line
        else:
            out = line
    return squash(out)


# A line that ends with a hyphen, which may join it to the next without a space.
_LINE_END_HYPHEN = re.compile(r"-\s*$", re.MULTILINE)


def _continues_compound(line: str) -> bool:
    first = line.split(maxsplit=1)[0]
    return first[0].islower() and first not in _SUSPENDED_HYPHEN_WORDS


# "16- and 17-year-olds", "pre- or post-birth": a hyphen left hanging before these.
_SUSPENDED_HYPHEN_WORDS = frozenset({"and", "or", "to"})
_COMPOUND = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b")
_WORD = re.compile(r"\b[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b")
# Hyphens pdftotext drops that no spelling elsewhere in a document may show:
# "16-" / "and 17-" / "year-olds" becomes "16and 17year-olds", "well-" /
# "coordinated" becomes "wellcoordinated" (no English word starts "well" and ends
# "ed"), and so on for compounds that reports always hyphenate and whose joined form
# is no word ("timespecific", "multiagency").
_LOST_SUSPENDED_HYPHEN = re.compile(r"\b(\d{1,3})(?=(?:and|or)\b)")
_LOST_HYPHEN_AFTER_NUMBER = re.compile(r"\b(\d{1,3})(?=(?:year|month|week|day)s?\b)")
_LOST_HYPHEN_AFTER_WELL = re.compile(r"\b([Ww]ell)(?=[a-z]{3,}ed\b)")
_LOST_HYPHEN_IN_COMPOUND = re.compile(
    r"\b([Tt]ime|[Ll]ong|[Ss]hort|[Mm]ulti|[Dd]ecision|[Pp]re|[Ee]xtra)"
    r"(?=(?:specific|limited|bound|sensitive|term|agency|making|proceedings|birth|"
    r"familial)\b)"
)


def lost_hyphens(text: str) -> dict[str, str]:
    """Compounds of ``text`` without one of their hyphens, mapped to the compound.

    pdftotext joins a word hyphenated at a line end and drops the hyphen, even when
    it belongs to the word ("multi-" / "agency" becomes "multiagency"). A PDF read
    another way keeps it. Where the document spells the compound with its hyphen
    elsewhere, the joined form is that compound with the hyphen lost. Each is also
    given with a capital first letter, mapped to the compound with one.
    """
    found: dict[str, str] = {}
    # Splitting first is much faster than running the pattern over every word, and
    # most lines have no hyphen at all.
    words = {
        word
        for line in text.lower().split("\n")
        if "-" in line
        for word in line.split()
        if "-" in word
    }
    for compound in {match for word in words for match in _COMPOUND.findall(word)}:
        parts = compound.split("-")
        for i in range(1, len(parts)):
            joined = "-".join(parts[: i - 1] + [parts[i - 1] + parts[i]] + parts[i + 1 :])
            found.setdefault(joined, compound)
    # The same at the start of a sentence, so that restoring is one look-up a word.
    for joined, compound in list(found.items()):
        if joined[:1].isalpha():
            found.setdefault(joined[:1].upper() + joined[1:], compound[:1].upper() + compound[1:])
    return found


def restore_hyphens(text: str, lost: dict[str, str]) -> str:
    """Put back the hyphens that pdftotext dropped: see :func:`lost_hyphens`."""
    text = _LOST_SUSPENDED_HYPHEN.sub(r"\1- ", text)
    text = _LOST_HYPHEN_AFTER_NUMBER.sub(r"\1-", text)
    text = _LOST_HYPHEN_AFTER_WELL.sub(r"\1-", text)
    text = _LOST_HYPHEN_IN_COMPOUND.sub(r"\1-", text)

    # Most findings have no such word: then the text needs no word-by-word pass.
    if lost.keys().isdisjoint(_WORD.findall(text)):
        return text
    return _WORD.sub(lambda match: lost.get(match.group(), match.group()), text)
