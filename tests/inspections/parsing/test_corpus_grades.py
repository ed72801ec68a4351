"""Every inspection report's grades, read by hand from the report and checked on its PDF and text.

Each row was read from the judgement table on the report's first page and checked
against the judgement sentences in its body ("The experiences and progress of
children in care: good"); they agree in every report. Areas are stored under their
framework's canonical names, whatever wrapping or typo the report has (Richmond upon
Thames 2025 and Kent 2026 write "children care leavers").

tests/fixtures/corpus_manifest.csv holds another scraper's reading of the ILACS
reports. Where it differs from the report, the report wins, and
MANIFEST_DIFFERS_FROM_REPORT says how and why.
"""

import csv
from functools import cache

import pytest

from inspections.parsing import parse_text
from inspections.parsing.grades import (
    ILACS_CARE_AND_LEAVERS,
    ILACS_CARE_LEAVERS,
    ILACS_HELP,
    ILACS_IN_CARE,
    ILACS_LEADERS,
    LSCB,
    SIF_ADOPTION,
    SIF_CARE_LEAVERS,
    SIF_HELP,
    SIF_LEADERSHIP,
    SIF_LOOKED_AFTER,
)

from .test_pdfs import FAKE, PDFS, REPO, pdf_text, poppler_text

OUT, GOOD, RI, INAD = "outstanding", "good", "requires_improvement", "inadequate"
SHORT, STANDARD = "short", "standard"

# ILACS 2018-2022: one judgement for children in care and care leavers.
# name: (visit length, leaders, help and protection, in care and care leavers, overall)
ILACS_COMBINED = {
    "2018-05-30-hillingdon-inspection": (STANDARD, OUT, GOOD, GOOD, GOOD),
    "2018-07-02-brent-inspection": (STANDARD, GOOD, RI, OUT, GOOD),
    # Wakefield's table lists the leaders judgement last.
    "2018-07-17-wakefield-inspection": (STANDARD, INAD, INAD, INAD, INAD),
    "2018-11-12-hounslow-inspection": (STANDARD, GOOD, RI, GOOD, GOOD),
    "2018-11-19-barnsley-inspection": (STANDARD, GOOD, GOOD, GOOD, GOOD),
    "2019-01-07-bromley-inspection": (STANDARD, OUT, GOOD, GOOD, GOOD),
    # Oldham, Hull, Worcestershire, Leicestershire, Southampton, Windsor and
    # Maidenhead and Devon wrap a grade: "Requires improvement" / "to be good".
    "2019-03-04-oldham-inspection": (STANDARD, RI, RI, RI, RI),
    "2019-05-17-kingston-upon-hull-inspection": (STANDARD, RI, INAD, RI, INAD),
    "2019-07-29-worcestershire-inspection": (STANDARD, RI, RI, RI, RI),
    "2019-10-15-kensington-and-chelsea-inspection": (SHORT, OUT, OUT, OUT, OUT),
    "2019-11-04-leicestershire-inspection": (STANDARD, GOOD, RI, GOOD, RI),
    # Solihull writes "Requires improvement" without "to be good".
    "2020-01-09-solihull-inspection": (STANDARD, RI, RI, GOOD, RI),
    "2020-01-09-southampton-inspection": (STANDARD, RI, RI, RI, RI),
    "2020-01-24-middlesbrough-inspection": (STANDARD, INAD, INAD, INAD, INAD),
    "2020-02-24-windsor-maidenhead-inspection": (STANDARD, GOOD, GOOD, RI, GOOD),
    "2020-03-17-devon-inspection": (STANDARD, INAD, RI, INAD, INAD),
    "2021-11-19-dorset-inspection": (STANDARD, OUT, GOOD, GOOD, GOOD),
    "2021-11-26-north-east-lincolnshire-inspection": (STANDARD, INAD, INAD, INAD, INAD),
    "2021-11-26-walsall-inspection": (STANDARD, GOOD, RI, GOOD, GOOD),
    "2021-12-03-knowsley-inspection": (STANDARD, RI, RI, RI, RI),
    "2021-12-17-milton-keynes-inspection": (STANDARD, RI, RI, RI, RI),
    "2022-04-01-gloucestershire-inspection": (STANDARD, RI, RI, RI, RI),
    "2022-04-19-bath-and-north-east-somerset-inspection": (SHORT, GOOD, GOOD, GOOD, GOOD),
    "2022-05-09-sefton-inspection": (STANDARD, INAD, INAD, INAD, INAD),
    "2022-05-19-manchester-inspection": (STANDARD, GOOD, RI, GOOD, GOOD),
    "2022-11-11-southwark-inspection": (SHORT, GOOD, GOOD, GOOD, GOOD),
}

# ILACS 2023 on: children in care and care leavers judged apart. Reports after
# April 2026 have no overall effectiveness grade (None).
# name: (visit length, leaders, help and protection, in care, care leavers, overall)
ILACS_SPLIT = {
    "2023-03-17-slough-inspection": (STANDARD, INAD, RI, RI, RI, RI),
    "2023-07-03-portsmouth-inspection": (SHORT, GOOD, OUT, GOOD, RI, GOOD),
    "2023-09-04-barking-and-dagenham-inspection": (STANDARD, RI, RI, RI, GOOD, RI),
    "2023-10-27-barnsley-inspection": (SHORT, GOOD, RI, GOOD, GOOD, GOOD),
    "2023-12-12-wiltshire-inspection": (SHORT, OUT, GOOD, OUT, OUT, OUT),
    "2024-05-15-calderdale-inspection": (SHORT, GOOD, GOOD, GOOD, GOOD, GOOD),
    "2024-05-16-hartlepool-inspection": (SHORT, OUT, OUT, OUT, GOOD, OUT),
    "2024-07-12-halton-inspection": (STANDARD, INAD, INAD, INAD, INAD, INAD),
    "2024-07-12-leicestershire-inspection": (STANDARD, OUT, GOOD, OUT, OUT, OUT),
    "2025-07-08-derby-inspection": (SHORT, OUT, OUT, OUT, OUT, OUT),
    "2025-07-15-stoke-on-trent-inspection": (STANDARD, RI, RI, GOOD, RI, RI),
    "2025-08-05-bath-and-north-east-somerset-inspection": (SHORT, GOOD, GOOD, GOOD, GOOD, GOOD),
    "2025-08-12-richmond-upon-thames-inspection": (SHORT, OUT, GOOD, OUT, OUT, OUT),
    "2025-10-14-warwickshire-inspection": (SHORT, RI, RI, RI, GOOD, RI),
    "2026-02-02-kent-inspection": (SHORT, GOOD, GOOD, OUT, RI, GOOD),
    "2026-03-10-lambeth-inspection": (STANDARD, GOOD, RI, GOOD, OUT, GOOD),
    "2026-03-24-darlington-inspection": (SHORT, OUT, GOOD, OUT, OUT, OUT),
    "2026-07-07-liverpool-inspection": (STANDARD, GOOD, GOOD, GOOD, RI, None),
    "2026-07-07-west-northamptonshire-inspection": (STANDARD, OUT, GOOD, GOOD, GOOD, None),
    "2026-08-03-trafford-inspection": (STANDARD, INAD, INAD, GOOD, RI, None),
}

# Single inspection framework reports with their review of the LSCB.
# name: (help and protection, looked after, adoption, care leavers, leadership,
#        LSCB, overall)
SIF = {
    # "The overall judgement is that children's services are good"
    "2015-03-27-enfield-inspection": (RI, GOOD, GOOD, GOOD, GOOD, GOOD, GOOD),
    # "Children's services in Suffolk County Council are good."
    "2016-02-11-suffolk-inspection": (RI, GOOD, GOOD, RI, GOOD, GOOD, GOOD),
    # "Children's services in Rutland requires improvement to be good"
    "2017-02-13-rutland-inspection": (RI, RI, RI, GOOD, RI, GOOD, RI),
}

# The manifest's reading where it is not the report's: {name: (field, manifest value)}.
MANIFEST_DIFFERS_FROM_REPORT = {
    # From April 2026 ILACS reports have no overall effectiveness grade: the manifest
    # records that with a placeholder where the parser gives None.
    "2026-07-07-liverpool-inspection": ("peer_overall", "not_reported_post_reform"),
    "2026-07-07-west-northamptonshire-inspection": ("peer_overall", "not_reported_post_reform"),
    "2026-08-03-trafford-inspection": ("peer_overall", "not_reported_post_reform"),
}


def expected(name: str) -> tuple[str, dict[str, str], str | None]:
    """(inspection type, {area: grade}, overall grade) as read from the report."""
    overall: str | None
    if name in ILACS_COMBINED:
        length, leaders, help_, care, overall = ILACS_COMBINED[name]
        areas = {ILACS_LEADERS: leaders, ILACS_HELP: help_, ILACS_CARE_AND_LEAVERS: care}
        return f"ilacs_{length}", areas, overall
    if name in ILACS_SPLIT:
        length, leaders, help_, in_care, leavers, overall = ILACS_SPLIT[name]
        areas = {
            ILACS_LEADERS: leaders,
            ILACS_HELP: help_,
            ILACS_IN_CARE: in_care,
            ILACS_CARE_LEAVERS: leavers,
        }
        return f"ilacs_{length}", areas, overall
    help_, looked_after, adoption, leavers, leadership, lscb, overall = SIF[name]
    areas = {
        SIF_HELP: help_,
        SIF_LOOKED_AFTER: looked_after,
        SIF_ADOPTION: adoption,
        SIF_CARE_LEAVERS: leavers,
        SIF_LEADERSHIP: leadership,
        LSCB: lscb,
    }
    return "sif", areas, overall


ILACS = sorted([*ILACS_COMBINED, *ILACS_SPLIT])
REPORTS = sorted([*ILACS, *SIF])


@cache
def manifest() -> dict[str, dict[str, str]]:
    with (REPO / "tests" / "fixtures" / "corpus_manifest.csv").open(encoding="utf-8") as f:
        return {row["file"].removesuffix(".pdf"): row for row in csv.DictReader(f)}


def test_the_tables_cover_every_inspection_report_in_the_corpus():
    reports = {path.stem for path in PDFS.glob("*-inspection.pdf") if path.stem != FAKE}

    assert set(REPORTS) == reports


@pytest.mark.parametrize("source", ["pdf", "text"])
@pytest.mark.parametrize("name", REPORTS, ids=REPORTS)
def test_every_report_gives_its_overall_grade_and_each_area_grade(name, source):
    text = pdf_text(name) if source == "pdf" else poppler_text(name)
    kind, areas, overall = expected(name)

    letter = parse_text(text)

    assert letter.judgements == areas
    assert letter.overall_judgement == overall
    assert letter.inspection_type == kind


@pytest.mark.parametrize("name", ILACS, ids=ILACS)
def test_the_manifest_agrees_with_each_report_or_its_difference_is_recorded(name):
    row = manifest()[name]
    kind, _, overall = expected(name)
    report = {
        "peer_framework": kind.removeprefix("ilacs_"),
        "peer_overall": overall.replace("_", " ") if overall else "",
    }
    differs = MANIFEST_DIFFERS_FROM_REPORT.get(name)

    for field, value in report.items():
        if differs and differs[0] == field:
            assert row[field] == differs[1]
            assert row[field] != value
        else:
            assert row[field] == value, field
