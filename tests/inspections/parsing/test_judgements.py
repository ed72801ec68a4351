"""Graded judgements in ILACS tables, SIF covers, section headings and sentences."""

import pytest

from inspections.parsing import parse_text

ILACS_COVER = """Inspection of Stockport local authority
children's services
Inspection dates: {dates}
Lead inspector: Jo Bloggs, His Majesty's Inspector
Judgement Grade
{table}
{summary}
What needs to improve?
\u25fc The quality of plans.
The experiences and progress of children who need help and
protection: good
1. Children get help early. Ofsted found this.
"""
SUMMARY = "Children in Stockport receive help that makes a difference to their lives."

LEADERS = "The impact of leaders on social work practice with children and families"
HELP = "The experiences and progress of children who need help and protection"
IN_CARE = "The experiences and progress of children in care"
CARE_LEAVERS = "The experiences and progress of care leavers"
IN_CARE_AND_LEAVERS = "The experiences and progress of children in care and care leavers"

# As pdftotext renders a 2023+ table: cells wrap, and each grade has a line of its own.
TABLE = """The impact of leaders on social work
practice with children and families
Requires improvement to be good
The experiences and progress of
children who need help and protection
Good
The experiences and progress of
children in care
Outstanding
The experiences and progress of care
leavers Inadequate
Overall effectiveness Requires improvement to be good"""

ENFIELD_COVER = """London Borough of Enfield
Inspection of services for children in need of help and
protection, children looked after and care leavers
Inspection date: 20 January 2015 to 11 February 2015
Report published: 27 March 2015
{sentence}
1. Children who need help and protection Requires improvement
2. Children looked after and achieving
permanence

Good

2.1 Adoption performance Outstanding
2.2 Experiences and progress of care leavers

Requires improvement

3. Leadership, management and governance Inadequate

The Local Safeguarding Children Board is good

The LSCB is outstanding in its work with schools, but not elsewhere.

Lead inspector: Brenda McLaughlin
Ofsted
"""


def ilacs(table: str = TABLE, dates: str = "10 to 21 July 2023", summary: str = SUMMARY) -> str:
    return ILACS_COVER.format(table=table, dates=dates, summary=summary)


def test_ilacs_table_with_wrapped_areas_and_grades_on_their_own_lines():
    letter = parse_text(ilacs())

    assert letter.judgements == {
        LEADERS: "requires_improvement",
        HELP: "good",
        IN_CARE: "outstanding",
        CARE_LEAVERS: "inadequate",
    }
    assert letter.overall_judgement == "requires_improvement"
    assert letter.inspection_type == "ilacs_standard"
    assert letter.lead_inspector == "Jo Bloggs"
    assert letter.local_authority == "Stockport"


def test_the_overall_grade_is_stored_once_and_never_as_an_area():
    letter = parse_text(ilacs())

    assert "Overall effectiveness" not in letter.judgements
    assert letter.to_dict()["overall_judgement"] == "requires_improvement"


def test_a_grade_wrapped_onto_a_second_line_is_not_glued_to_the_next_area():
    # pdftotext puts "to be good" on a line of its own under "Requires improvement".
    table = (
        "The impact of leaders on social work practice with\nchildren and families\n"
        "Requires improvement\nto be good\n"
        "The experiences and progress of children who need help\nand protection\n"
        "Inadequate\n"
        "The experiences and progress of children in care and\ncare leavers\n"
        "Requires improvement\nto be good\n"
        "Overall effectiveness\nRequires improvement\nto be good"
    )

    letter = parse_text(ilacs(table, dates="14 January 2019 to 25 January 2019"))

    assert letter.judgements == {
        LEADERS: "requires_improvement",
        HELP: "inadequate",
        IN_CARE_AND_LEAVERS: "requires_improvement",
    }
    assert letter.overall_judgement == "requires_improvement"


def test_a_wrapped_grade_at_the_end_of_an_area_line_is_read_whole():
    # PDFium puts the grade beside the last line of the area, then wraps it.
    table = (
        "The impact of leaders on social work practice with children\n"
        "and families Requires\nimprovement to be good\n"
        "The experiences and progress of children who need help and\nprotection Good\n"
        "The experiences and progress of children in care and care\nleavers Outstanding\n"
        "Overall effectiveness Requires improvement\nto be good"
    )

    letter = parse_text(ilacs(table))

    assert letter.judgements == {
        LEADERS: "requires_improvement",
        HELP: "good",
        IN_CARE_AND_LEAVERS: "outstanding",
    }
    assert letter.overall_judgement == "requires_improvement"


def test_blank_lines_between_cells_change_nothing():
    spaced = ilacs(TABLE.replace("\n", "\n\n")).replace("Judgement Grade", "Judgement\n\nGrade")

    letter = parse_text(spaced)

    assert letter.judgements == parse_text(ilacs()).judgements
    assert letter.overall_judgement == "requires_improvement"


def test_a_typo_in_an_area_name_is_stored_under_the_framework_name():
    table = TABLE.replace("of care\nleavers", "of\nchildren care leavers")

    letter = parse_text(ilacs(table))

    assert letter.judgements[CARE_LEAVERS] == "inadequate"
    assert len(letter.judgements) == 4


def test_a_2026_report_without_an_overall_grade_keeps_its_area_grades():
    table = TABLE.rsplit("\n", 1)[0]
    # The summary's "services are good" is not a judgement under the 2026 framework.
    summary = "Services for children and families in Stockport are good.\n" + SUMMARY

    letter = parse_text(ilacs(table, dates="8 June 2026 to 19 June 2026", summary=summary))

    assert letter.overall_judgement is None
    assert list(letter.judgements.values()) == [
        "requires_improvement",
        "good",
        "outstanding",
        "inadequate",
    ]
    assert letter.provenance["overall_judgement"].how == "missing"
    assert "gives no overall grade" in letter.provenance["overall_judgement"].note
    assert letter.warnings == []


def test_the_summary_under_a_table_without_an_overall_row_is_not_read_as_an_area():
    table = TABLE.rsplit("\n", 1)[0]
    summary = (
        "Children in care in Stockport are now receiving\n"
        "good\n"
        "services, and care leavers are well supported by their personal advisers.\n"
    )

    letter = parse_text(ilacs(table, dates="8 June 2026 to 19 June 2026", summary=summary))

    assert list(letter.judgements) == [LEADERS, HELP, IN_CARE, CARE_LEAVERS]


@pytest.mark.parametrize(
    "renamed",
    [
        "The impact of leaders on the experiences and progress of children and families",
        "Leaders' impact on practice with children and families",
    ],
)
def test_a_renamed_judgement_keeps_its_own_wording(renamed):
    # Wrapped as a table cell, with the rest of the 2026 table under it.
    cell = renamed.replace(" on ", " on\n", 1)
    table = cell + "\nGood\n" + TABLE.split("\n", 3)[3].rsplit("\n", 1)[0]

    letter = parse_text(ilacs(table, dates="8 June 2026 to 19 June 2026"))

    assert letter.judgements == {
        renamed: "good",
        HELP: "good",
        IN_CARE: "outstanding",
        CARE_LEAVERS: "inadequate",
    }


def test_a_grade_level_with_the_middle_of_its_area_cell_is_paired_with_the_whole_area():
    table = (
        "The impact of leaders on social work\nGood\npractice with children and families\n"
        "The experiences and progress of\nInadequate\nchildren who need help and protection\n"
        "Overall effectiveness\nGood"
    )

    letter = parse_text(ilacs(table))

    assert letter.judgements == {LEADERS: "good", HELP: "inadequate"}
    assert letter.overall_judgement == "good"


def test_a_one_week_inspection_is_short_and_a_two_week_one_is_standard():
    assert parse_text(ilacs(dates="19 to 23 May 2025")).inspection_type == "ilacs_short"
    assert parse_text(ilacs(dates="8\u201319 June 2026")).inspection_type == "ilacs_standard"


def test_sif_cover_list_gives_each_area_and_the_board_its_own_grade():
    sentence = "Children\u2019s services in Enfield require improvement to be good"

    letter = parse_text(ENFIELD_COVER.format(sentence=sentence))

    assert letter.judgements == {
        "Children who need help and protection": "requires_improvement",
        "Children looked after and achieving permanence": "good",
        "Adoption performance": "outstanding",
        "Experiences and progress of care leavers": "requires_improvement",
        "Leadership, management and governance": "inadequate",
        "The Local Safeguarding Children Board": "good",
    }
    assert letter.overall_judgement == "requires_improvement"
    assert letter.inspection_type == "sif"
    assert letter.council == "London Borough of Enfield"


def test_sif_overall_judgement_is_read_from_its_sentence():
    sentences = {
        "The overall judgement is that children\u2019s services are good": "good",
        "The overall judgement is inadequate": "inadequate",
        "Children\u2019s services in Suffolk County Council are good.": "good",
        "Children\u2019s services in Rutland requires improvement to be good": (
            "requires_improvement"
        ),
    }
    for sentence, grade in sentences.items():
        letter = parse_text(ENFIELD_COVER.format(sentence=sentence))

        assert letter.overall_judgement == grade, sentence
        assert "Overall effectiveness" not in letter.judgements


def test_grades_from_section_headings_when_the_cover_table_lost_its_labels():
    text = """Wigan
Inspection of services for children in need of help and protection, children
looked after and care leavers
Inspection date: 16 January 20179 February 2017
Report published: 31 March 2017

Childrens services in Wigan are good

Requires improvement

permanence

Good


The experiences and progress of children
who need help and protection

Requires improvement

Summary
Services are improving.

The experiences and progress of children
looked after and achieving permanence

Good

Summary
Children are safe.

The graded judgement for adoption performance is that it is outstanding

The graded judgement about the experience and progress of care leavers
is that it requires improvement

Leadership, management and governance

Good

The Local Safeguarding Children Board requires improvement

Lead inspector: Sue Myers HMI
"""

    letter = parse_text(text)

    # The sections use ILACS-like wording; the areas take the SIF's own names.
    assert letter.judgements == {
        "Children who need help and protection": "requires_improvement",
        "Children looked after and achieving permanence": "good",
        "Adoption performance": "outstanding",
        "Experiences and progress of care leavers": "requires_improvement",
        "Leadership, management and governance": "good",
        "The Local Safeguarding Children Board": "requires_improvement",
    }
    assert letter.overall_judgement == "good"
    assert any("grades table could not be read" in warning for warning in letter.warnings)


def test_letters_have_no_judgements_even_when_they_mention_grades(make_letter):
    body = (
        "Overview\nAt the last inspection, overall effectiveness was judged to be good.\n"
        "Overall effectiveness: good\n"
        "What needs to improve?\n\u25fc Plans.\n"
    )

    letter = parse_text(make_letter(body))

    assert letter.judgements == {}
    assert letter.overall_judgement is None


def test_judgement_and_grade_headers_on_separate_lines():
    table = "The experiences and progress of children in care\nGood\nOverall effectiveness\nGood"

    letter = parse_text(ilacs(table).replace("Judgement Grade", "Judgement\nGrade"))

    assert letter.judgements == {IN_CARE: "good"}
    assert letter.overall_judgement == "good"


def test_the_summary_sentence_gives_the_overall_grade_when_there_is_no_table():
    text = ilacs().replace("Judgement Grade\n", "").replace(TABLE, "")
    text = text.replace(SUMMARY, "Services for children and families in Stockport are inadequate.")

    letter = parse_text(text)

    assert letter.overall_judgement == "inadequate"


def test_a_table_whose_columns_came_out_one_after_the_other_is_not_misread():
    table = (
        "The impact of leaders on social work\npractice with children and families\n"
        "The experiences and progress of\nchildren who need help and protection\n"
        "Good\nInadequate"
    )

    letter = parse_text(ilacs(table))

    # The rows cannot be paired, so the grades come from the section headings instead.
    assert letter.judgements == {HELP: "good"}
