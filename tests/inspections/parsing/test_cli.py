"""python -m inspections.parsing prints extractions as JSON."""

import json
from pathlib import Path

from inspections.parsing.__main__ import main
from inspections.parsing.model import METADATA_FIELDS

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / "inspections" / "sample_letters"
LETTERS = REPO / "tests" / "fixtures" / "letters"
TEXTS = REPO / "tests" / "fixtures" / "texts"


def test_one_file_prints_one_object(capsys):
    status = main([str(SAMPLES / "wigan-2020-focused-visit.txt")])

    output = json.loads(capsys.readouterr().out)
    assert status == 0
    assert output["inspection_type"] == "focused_visit"
    assert len(output["findings"]["area_for_development"]) == 5


def test_several_files_print_a_list_naming_each_file(capsys):
    paths = [SAMPLES / "wigan-2020-focused-visit.txt", SAMPLES / "wigan-2017-sif.txt"]

    status = main([str(path) for path in paths])

    output = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [item["file"] for item in output] == [path.name for path in paths]


def test_a_bad_file_prints_the_message_and_fails(capsys, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("Shopping list\n- eggs\n", encoding="utf-8")

    status = main([str(bad)])

    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    assert "does not look like an Ofsted inspection letter" in captured.err


def test_a_missing_file_fails(capsys, tmp_path):
    status = main([str(tmp_path / "absent.pdf")])

    assert status == 1
    assert "cannot read the file" in capsys.readouterr().err


def test_with_several_files_a_bad_one_is_left_out_and_reported(capsys, tmp_path):
    bad = tmp_path / "notes.docx"
    bad.write_bytes(b"PK")
    good = SAMPLES / "wigan-2020-focused-visit.txt"

    status = main([str(bad), str(good)])

    captured = capsys.readouterr()
    assert status == 1
    assert [item["file"] for item in json.loads(captured.out)] == [good.name]
    assert "notes.docx" in captured.err


def test_the_json_says_how_each_field_was_found(capsys):
    status = main([str(LETTERS / "monitoring-visit-2021-north-northamptonshire.txt")])

    output = json.loads(capsys.readouterr().out)
    assert status == 0
    assert set(output["provenance"]) == set(METADATA_FIELDS)
    assert output["provenance"]["title"] == {"how": "read", "note": ""}
    assert output["provenance"]["visit_start"]["how"] == "inferred"
    assert "without a year" in output["provenance"]["visit_start"]["note"]
    assert output["provenance"]["published_date"]["how"] == "missing"
    assert output["provenance"]["published_date"]["note"]


def test_an_inferred_short_inspection_is_explained_in_the_json(capsys):
    status = main([str(TEXTS / "2023-07-03-portsmouth-inspection.txt")])

    output = json.loads(capsys.readouterr().out)
    assert status == 0
    assert output["inspection_type"] == "ilacs_short"
    assert output["provenance"]["inspection_type"]["how"] == "inferred"
    assert "one-week visit" in output["provenance"]["inspection_type"]["note"]
