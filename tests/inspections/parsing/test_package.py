"""The package's shape: pure Python, and the result's JSON form."""

import json
import subprocess
import sys
from pathlib import Path

from inspections.parsing import FINDING_KINDS, parse_text

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / "inspections" / "sample_letters"
EXPECTED = REPO / "tests" / "fixtures" / "expected"


def test_the_parser_imports_no_django():
    code = (
        "import sys, inspections.parsing; print(any(m.startswith('django') for m in sys.modules))"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"


def test_to_dict_has_the_keys_of_the_expected_files_plus_warnings_and_provenance():
    expected = json.loads((EXPECTED / "wigan-2017-sif.json").read_text(encoding="utf-8"))

    got = parse_text((SAMPLES / "wigan-2017-sif.txt").read_text(encoding="utf-8")).to_dict()

    assert set(got) == set(expected) | {"warnings", "provenance"}
    assert list(got["findings"]) == list(FINDING_KINDS)
    assert got["published_date"] == "2017-03-31"
    assert json.loads(json.dumps(got)) == got


def test_to_dict_leaves_out_recommendation_sections_when_there_are_none():
    letter = parse_text((SAMPLES / "wigan-2020-focused-visit.txt").read_text(encoding="utf-8"))

    assert "recommendation_sections" not in letter.to_dict()
