"""Every real document in the corpus: its authority, its dates and its kind.

The file names (and the manifest's ``local_authority`` column) say which authority each
document is about; the manifest's second opinion gives the visit dates and framework of
each ILACS report. The PDF and its text must give the same metadata.
"""

import csv
import datetime
import re

import pytest

from inspections.parsing import parse_text
from inspections.parsing.authorities import official_names
from inspections.parsing.model import METADATA_FIELDS

from .test_pdfs import REAL, REPO, pdf_text, poppler_text

MANIFEST = {
    row["file"].removesuffix(".pdf"): row
    for row in csv.DictReader(
        (REPO / "tests" / "fixtures" / "corpus_manifest.csv").open(encoding="utf-8")
    )
}
# The manifest's own names that are not an authority's name written in lower case.
MANIFEST_NAMES = {"london corporation": "City of London"}
ILACS = sorted(name for name in REAL if MANIFEST[name]["peer_framework"])
METADATA = (*METADATA_FIELDS[:-1], "provenance")


def _plain(name: str) -> str:
    name = name.removesuffix(", City of")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).split())


AUTHORITY_BY_PLAIN = {_plain(name): name for name in official_names()}


def authority_of(name: str) -> str:
    """The authority a corpus file is about, by the CSV's name for it."""
    named = MANIFEST[name]["local_authority"]
    return MANIFEST_NAMES.get(named) or AUTHORITY_BY_PLAIN[_plain(named)]


def _day(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


def _source(name: str, source: str) -> str:
    return pdf_text(name) if source == "pdf" else poppler_text(name)


def test_every_corpus_file_names_a_known_authority():
    assert all(authority_of(name) for name in REAL)


@pytest.mark.parametrize("source", ["pdf", "text"])
@pytest.mark.parametrize("name", REAL, ids=REAL)
def test_the_authority_found_is_the_one_the_document_is_about(name, source):
    letter = parse_text(_source(name, source))

    assert letter.local_authority == authority_of(name)
    assert letter.provenance["local_authority"].how == "read"
    assert not any("authority" in warning for warning in letter.warnings)


@pytest.mark.parametrize("name", ILACS, ids=ILACS)
def test_ilacs_visit_dates_and_kind_agree_with_the_second_opinion(name):
    row = MANIFEST[name]
    letter = parse_text(poppler_text(name))

    # The manifest and the reports' covers agree on every ILACS report in the corpus.
    assert (letter.visit_start, letter.visit_end) == (
        _day(row["peer_start"]),
        _day(row["peer_end"]),
    )
    assert letter.inspection_type == f"ilacs_{row['peer_framework']}"
    assert letter.provenance["inspection_type"].how == "inferred"


# Where the manifest's second opinion on the lead inspector differs, the report's cover
# is right: the scraper splits hyphenated names and misses some.
LEAD_INSPECTORS = {
    # "Lead inspector: Paula Thomson-Jones" (the manifest: "Paula Thomson -Jones")
    "2019-03-04-oldham-inspection": "Paula Thomson-Jones",
    # "Lead inspector: Paula Thomson-Jones, Her Majesty's Inspector" (the manifest: blank)
    "2021-12-03-knowsley-inspection": "Paula Thomson-Jones",
    # The report names no inspector at all.
    "2025-10-14-warwickshire-inspection": None,
    # "Lead inspector: Jenny-ellen Scotland" (the manifest: "Jenny -ellen Scotland")
    "2026-03-10-lambeth-inspection": "Jenny-ellen Scotland",
}


@pytest.mark.parametrize("name", ILACS, ids=ILACS)
def test_ilacs_lead_inspectors_agree_with_the_second_opinion_or_the_cover(name):
    letter = parse_text(poppler_text(name))

    expected = LEAD_INSPECTORS.get(name, MANIFEST[name]["peer_inspector"])
    assert letter.lead_inspector == expected
    assert letter.provenance["lead_inspector"].how == ("read" if expected else "missing")


@pytest.mark.parametrize(
    ("name", "start", "end", "why"),
    [
        # The opening sentence gives "30 and 31 January": the year is the letter's.
        ("2018-02-22-coventry-focused-visit", (2018, 1, 30), (2018, 1, 31), "without a year"),
        # "on 24 October 2022 to 25 October 2023", a misprint for a two-day visit.
        ("2023-11-28-darlington-focused-visit", (2023, 10, 24), (2023, 10, 25), "lasts days"),
        # "on 15, 16 and 21 July 2025": the visit starts on the first day listed.
        ("2025-08-28-kingston-upon-hull-focused-visit", (2025, 7, 15), (2025, 7, 21), None),
    ],
)
def test_focused_visit_dates_the_letters_write_awkwardly(name, start, end, why):
    letter = parse_text(poppler_text(name))

    assert (letter.visit_start, letter.visit_end) == (
        datetime.date(*start),
        datetime.date(*end),
    )
    found = letter.provenance["visit_start"]
    assert (found.how, why in found.note) == ("inferred", True) if why else found.how == "read"


@pytest.mark.parametrize("name", REAL, ids=REAL)
def test_the_pdf_and_its_text_give_the_same_metadata(name):
    from_pdf = parse_text(pdf_text(name)).to_dict()
    from_text = parse_text(poppler_text(name)).to_dict()

    assert {key: from_pdf[key] for key in METADATA} == {key: from_text[key] for key in METADATA}
