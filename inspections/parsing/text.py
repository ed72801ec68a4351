"""Turning bytes and raw extracted text into one predictable form.

Everything downstream assumes ``\\n`` line endings, straight quotes and plain spaces,
so that the regular expressions elsewhere need not allow for every typographic
variant that PDF extraction or a word processor produces.
"""

import codecs

from .errors import LetterError

_TYPOGRAPHY = str.maketrans(
    {
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
        "\u00ad": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb00": "ff",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
    }
)


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
    return normalise_newlines(text).translate(_TYPOGRAPHY)


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return " ".join(text.split())


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into one whitespace-normalised string.

    A word hyphenated across a line break ("decision-" / "making") is rejoined
    without a space, keeping the hyphen, because in these documents a line-end
    hyphen is almost always part of a compound ("well-planned", "pre-proceedings").
    """
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out.endswith("-") and out[-2:-1].isalpha() and line[0].islower():
            out += line
        elif out:
            out += " " + line
        else:
            out = line
    return squash(out)
