"""The five sample letters parse to what a careful reader extracts from them."""

import json
from pathlib import Path

import pytest

from inspections.parsing import parse_text

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / "inspections" / "sample_letters"
EXPECTED = REPO / "tests" / "fixtures" / "expected"
SEEDS = [
    "wigan-2010-annual-unannounced",
    "wigan-2020-focused-visit",
    "wirral-2010-annual-unannounced",
    "wigan-2017-sif",
    "wandsworth-2011-annual-unannounced",
]


@pytest.mark.parametrize("name", SEEDS, ids=SEEDS)
def test_sample_letter_matches_expected_extraction(name, assert_matches_expected):
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))

    got = parse_text(text).to_dict()

    assert_matches_expected(got, expected)


def test_every_sample_letter_is_covered():
    assert sorted(path.stem for path in SAMPLES.glob("*.txt")) == sorted(SEEDS)


def test_the_2017_report_splits_recommendations_between_its_two_parts():
    letter = parse_text((SAMPLES / "wigan-2017-sif.txt").read_text(encoding="utf-8"))

    recommendations = letter.findings_of("recommendation")

    assert [f.section for f in recommendations] == (
        ["local authority"] * 10 + ["Local Safeguarding Children Board"] * 6
    )
    assert all(f.heading == "Recommendations" for f in recommendations)
    assert letter.to_dict()["recommendation_sections"] == {
        "local authority": 10,
        "Local Safeguarding Children Board": 6,
    }


def test_sample_letters_parse_without_warnings_except_the_unreadable_grades_table():
    for name in SEEDS:
        text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
        warnings = parse_text(text).warnings
        if name == "wigan-2017-sif":
            assert [w.split(",")[0] for w in warnings] == ["The grades table could not be read"]
        else:
            assert warnings == [], name


def test_findings_are_numbered_in_letter_order():
    letter = parse_text((SAMPLES / "wigan-2010-annual-unannounced.txt").read_text("utf-8"))

    assert [f.position for f in letter.findings] == list(range(len(letter.findings)))
    assert [f.kind for f in letter.findings[:8]] == ["satisfactory"] * 7 + ["strength"]


@pytest.mark.parametrize("name", SEEDS, ids=SEEDS)
def test_double_spaced_copy_of_a_letter_reads_the_same(name):
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")

    original = parse_text(text)
    doubled = parse_text(text.replace("\n", "\n\n"))

    assert [(f.kind, f.text) for f in doubled.findings] == [
        (f.kind, f.text) for f in original.findings
    ]
    assert doubled.judgements == original.judgements


@pytest.mark.parametrize("name", [seed for seed in SEEDS if seed != "wigan-2017-sif"])
def test_a_letter_with_its_blank_lines_removed_reads_the_same(name):
    text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")

    original = parse_text(text)
    squeezed = parse_text("\n".join(line for line in text.split("\n") if line.strip()))

    assert [(f.kind, f.text) for f in squeezed.findings] == [
        (f.kind, f.text) for f in original.findings
    ]
