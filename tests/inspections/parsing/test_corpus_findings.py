"""The findings of every real document in the corpus: generic checks that catch real errors.

Each check holds for any Ofsted letter or report, so a rule that works for one
document and breaks another shows up here; the counts at the end were checked by
reading the documents.
"""

import re
from collections import Counter
from functools import cache

import pytest

from inspections.parsing import parse_text
from inspections.parsing.findings import LOCAL_AUTHORITY_SECTION, LSCB_SECTION
from inspections.parsing.headings import ACTIONABLE
from inspections.parsing.model import ParsedLetter

from .test_pdfs import REAL, pdf_text, poppler_text

FOCUSED_VISITS = [name for name in REAL if name.endswith("-focused-visit")]
REPORTS = [name for name in REAL if name.endswith("-inspection")]
SIF_REPORTS = [name for name in REPORTS if int(name[:4]) < 2018]

# Focused visits whose letters list nothing to improve (read, not guessed): the
# first refers back to the last visit's areas, which "remain"; the rest have no list.
WITHOUT_A_LIST = {
    "2021-08-09-nottingham-focused-visit",
    "2022-06-06-north-tyneside-focused-visit",
    "2022-07-20-kensington-and-chelsea-focused-visit",
    "2022-12-13-london-corporation-focused-visit",
    "2024-01-12-bracknell-forest-focused-visit",
}

# Things that are on a page but not in the text: the letterhead, a web address, a
# copyright line, "Page 3 of 12", and a running header's date with its page number.
FURNITURE = re.compile(
    r"Piccadilly Gate|Store Street|M1 2WD|www\.|gov\.uk|Crown copyright|Textphone|"
    r"\bPage \d{1,3}\b|\b\d{1,2} (?:to|-|–) \d{1,2} [A-Z][a-z]+ \d{4} \d{1,3}\b|"
    r"\bInspection of [A-Z][\w ,'&-]{2,80} children's services\b"
)
_FUNCTION_WORD_END = re.compile(r"\b(?:the|of|and|or|to|a|an|for|in|with|by|that)$|-$")


@cache
def parsed(name: str, source: str) -> ParsedLetter:
    return parse_text(pdf_text(name) if source == "pdf" else poppler_text(name))


@pytest.mark.parametrize("name", REAL, ids=REAL)
def test_the_pdf_and_its_text_give_the_same_findings(name):
    from_pdf, from_text = parsed(name, "pdf"), parsed(name, "text")

    assert from_pdf.findings == from_text.findings


def _running_lines(text: str) -> set[str]:
    """Lines of four or more words that recur on three or more pages: page furniture."""
    lines = Counter(line.strip() for line in text.splitlines())
    return {line for line, n in lines.items() if n >= 3 and len(line.split()) >= 4}


@pytest.mark.parametrize("source", ["pdf", "text"])
@pytest.mark.parametrize("name", REAL, ids=REAL)
def test_no_finding_carries_page_furniture(name, source):
    letter = parsed(name, source)
    running = _running_lines(pdf_text(name) if source == "pdf" else poppler_text(name))

    for finding in letter.findings:
        assert not FURNITURE.search(finding.text), finding.text
        assert not any(line in finding.text for line in running), finding.text


@pytest.mark.parametrize("name", REAL, ids=REAL)
def test_every_finding_reads_as_a_whole_item(name):
    letter = parsed(name, "text")

    for finding in letter.findings:
        assert finding.text[:1].isalnum(), finding.text
        assert not _FUNCTION_WORD_END.search(finding.text), finding.text
        assert not re.search(r"\s\d{1,3}$", finding.text), finding.text  # a page number
        assert len(finding.text) < 1500, "a list item swallowed narrative"
    texts = [finding.text for finding in letter.findings]
    assert len(texts) == len(set(texts)), "a finding is listed twice"


@pytest.mark.parametrize("name", FOCUSED_VISITS, ids=FOCUSED_VISITS)
def test_every_focused_visit_with_a_list_has_something_to_act_on(name):
    letter = parsed(name, "text")

    actionable = [f for f in letter.findings if f.kind in ACTIONABLE]
    assert bool(actionable) == (name not in WITHOUT_A_LIST)


@pytest.mark.parametrize("name", REPORTS, ids=REPORTS)
def test_every_inspection_report_says_what_needs_to_improve(name):
    letter = parsed(name, "text")

    assert any(f.kind in ACTIONABLE for f in letter.findings)
    assert not any(f.timescale for f in letter.findings)  # timescales ended in 2013


@pytest.mark.parametrize("name", SIF_REPORTS, ids=SIF_REPORTS)
def test_the_lscb_review_keeps_its_findings_apart_from_the_authority(name):
    letter = parsed(name, "text")

    sections = [f.section for f in letter.findings]
    assert set(sections) == {LOCAL_AUTHORITY_SECTION, LSCB_SECTION}
    # The board's part follows the authority's, so its findings come last.
    assert sections == sorted(sections, key=lambda part: part == LSCB_SECTION)


AFD, PA, REC, STRENGTH = "area_for_development", "priority_action", "recommendation", "strength"

# Counts checked by reading each document's lists.
READ_COUNTS = {
    "2015-03-27-enfield-inspection": {PA: 1, AFD: 14, STRENGTH: 10},
    "2016-02-11-suffolk-inspection": {REC: 13},
    "2017-02-13-rutland-inspection": {REC: 21},
    "2018-02-22-coventry-focused-visit": {AFD: 5},
    "2018-08-08-st-helens-focused-visit": {PA: 3, AFD: 4},
    "2020-01-24-middlesbrough-inspection": {AFD: 15},
    "2020-12-04-west-sussex-focused-visit": {AFD: 1},
    "2021-11-26-north-east-lincolnshire-inspection": {AFD: 9},
    "2021-11-26-walsall-inspection": {AFD: 4},
    "2021-12-01-birmingham-focused-visit": {AFD: 5},
    "2022-05-19-manchester-inspection": {AFD: 4},
    "2022-10-26-stockton-on-tees-focused-visit": {PA: 3, AFD: 5},
    "2023-12-12-wiltshire-inspection": {AFD: 2},
    "2025-12-18-brent-focused-visit": {AFD: 2},
    "2026-02-02-kent-inspection": {AFD: 3},
    "2026-03-10-lambeth-inspection": {AFD: 3},
    "2026-03-24-darlington-inspection": {AFD: 1},
    "2026-07-07-liverpool-inspection": {AFD: 4},
    "2026-07-07-west-northamptonshire-inspection": {AFD: 2},
    "2026-08-03-trafford-inspection": {AFD: 9},
}


@pytest.mark.parametrize("source", ["pdf", "text"])
@pytest.mark.parametrize("name", sorted(READ_COUNTS), ids=sorted(READ_COUNTS))
def test_documents_read_by_hand_have_their_findings_counted_right(name, source):
    letter = parsed(name, source)

    assert dict(Counter(f.kind for f in letter.findings)) == READ_COUNTS[name]
