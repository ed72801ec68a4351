"""python -m inspections.parsing prints extractions as JSON."""

import json
from pathlib import Path

from inspections.parsing.__main__ import main

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / "inspections" / "sample_letters"


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
