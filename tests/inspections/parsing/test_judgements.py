"""Graded judgements in ILACS tables, SIF covers, section headings and sentences."""

from inspections.parsing import parse_text

ILACS_COVER = """Inspection of Stockport local authority
children's services
Inspection dates: {dates}
Lead inspector: Jo Bloggs, His Majesty's Inspector
Judgement Grade
{table}
Children in Stockport receive help that makes a difference to their lives.
What needs to improve?
\u25fc The quality of plans.
The experiences and progress of children who need help and
protection: good
1. Children get help early. Ofsted found this.
"""

TABLE = """The impact of leaders on social work
practice with children and families
Requires improvement to be good
The experiences and progress of
children who need help and protection
Good
The experiences and progress of care
leavers Inadequate
Overall effectiveness Requires improvement to be good"""


def ilacs(table: str = TABLE, dates: str = "10 to 21 July 2023") -> str:
    return ILACS_COVER.format(table=table, dates=dates)


def test_ilacs_table_with_wrapped_areas_and_grades_on_their_own_lines():
    letter = parse_text(ilacs())

    assert letter.judgements == {
        "The impact of leaders on social work practice with children and families": (
            "requires_improvement"
        ),
        "The experiences and progress of children who need help and protection": "good",
        "The experiences and progress of care leavers": "inadequate",
        "Overall effectiveness": "requires_improvement",
    }
    assert letter.overall_judgement == "requires_improvement"
    assert letter.inspection_type == "ilacs_standard"
    assert letter.lead_inspector == "Jo Bloggs"
    assert letter.local_authority == "Stockport"


def test_ilacs_table_with_grade_at_the_end_of_the_area_line():
    table = (
        "The impact of leaders on social work practice with children\n"
        "and families Outstanding\n"
        "The experiences and progress of children in care and care\n"
        "leavers Good\n"
        "Overall effectiveness Good"
    )

    letter = parse_text(ilacs(table))

    assert letter.judgements == {
        "The impact of leaders on social work practice with children and families": ("outstanding"),
        "The experiences and progress of children in care and care leavers": "good",
        "Overall effectiveness": "good",
    }


def test_a_report_without_an_overall_grade_keeps_its_area_grades():
    table = (
        "The impact of leaders on social work\npractice with children and families\nInadequate\n"
        "The experiences and progress of children in care\nGood"
    )

    letter = parse_text(ilacs(table, dates="8 June 2026 to 19 June 2026"))

    assert letter.overall_judgement is None
    assert list(letter.judgements.values()) == ["inadequate", "good"]
    assert any("no overall effectiveness grade" in warning for warning in letter.warnings)


def test_a_one_week_inspection_is_short_and_a_two_week_one_is_standard():
    assert parse_text(ilacs(dates="19 to 23 May 2025")).inspection_type == "ilacs_short"
    assert parse_text(ilacs(dates="8\u201319 June 2026")).inspection_type == "ilacs_standard"


def test_sif_cover_list_and_sentences():
    text = """London Borough of Enfield
Inspection of services for children in need of help and
protection, children looked after and care leavers
Inspection date: 20 January 2015 to 11 February 2015
Report published: 27 March 2015
Children\u2019s services in Enfield require improvement to be good
1. Children who need help and protection Requires improvement
2. Children looked after and achieving
permanence Good

2.1 Adoption performance Outstanding
3. Leadership, management and governance Inadequate

The Local Safeguarding Children Board is good

Lead inspector: Brenda McLaughlin
Ofsted
"""

    letter = parse_text(text)

    assert letter.judgements == {
        "Overall effectiveness": "requires_improvement",
        "Children who need help and protection": "requires_improvement",
        "Children looked after and achieving permanence": "good",
        "Adoption performance": "outstanding",
        "Leadership, management and governance": "inadequate",
        "The Local Safeguarding Children Board": "good",
    }
    assert letter.inspection_type == "sif"
    assert letter.council == "London Borough of Enfield"


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

The graded judgement for adoption performance is that it is outstanding

The graded judgement about the experience and progress of care leavers
is that it requires improvement

Leadership, management and governance

Good

The Local Safeguarding Children Board requires improvement

Lead inspector: Sue Myers HMI
"""

    letter = parse_text(text)

    assert letter.judgements == {
        "Overall effectiveness": "good",
        "The experiences and progress of children who need help and protection": (
            "requires_improvement"
        ),
        "Adoption performance": "outstanding",
        "The experiences and progress of care leavers": "requires_improvement",
        "Leadership, management and governance": "good",
        "The Local Safeguarding Children Board": "requires_improvement",
    }
    assert letter.overall_judgement == "good"


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

    assert letter.judgements == {
        "The experiences and progress of children in care": "good",
        "Overall effectiveness": "good",
    }


def test_the_summary_sentence_gives_the_overall_grade_when_the_table_has_none():
    table = "The experiences and progress of children in care\nGood"
    text = ilacs(table).replace(
        "Children in Stockport receive help",
        "Services for children in care are good.\n"
        "Services for children and families in Stockport are inadequate.\nChildren receive help",
    )

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
    assert letter.judgements == {
        "The experiences and progress of children who need help and protection": "good"
    }
