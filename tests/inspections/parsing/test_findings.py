"""Findings: headings and their variants, bullets, page breaks, and what is not a finding."""

import pytest

from inspections.parsing import parse_text

AREAS = [
    "Timeliness of strategy meetings.",
    "The quality of plans for children, including contingency planning.",
    "Management oversight of decisions about children.",
]


def texts(letter, kind):
    return [finding.text for finding in letter.findings_of(kind)]


@pytest.mark.parametrize(
    "bullet",
    ["\u2022 ", "\u25fc ", "\uf06e ", "\uf0a7 ", "- ", "* ", "\u25aa ", " ", ""],
    ids=[
        "dot",
        "square",
        "wingdings",
        "symbol",
        "hyphen",
        "asterisk",
        "small-square",
        "one-space",
        "none",
    ],
)
def test_every_bullet_style_gives_the_same_items(make_letter, bullet):
    body = "What needs to improve in this area of social work practice\n\n" + "\n\n".join(
        bullet + area for area in AREAS
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "area_for_development") == AREAS
    assert (
        letter.findings[0].heading == "What needs to improve in this area of social work practice"
    )


@pytest.mark.parametrize(
    "heading",
    [
        "What needs to improve",
        "What needs to improve?",
        "What needs to improve?1",
        "What needs to improve in this area of social work practice",
        "What needs to improve in this area of social work practice?",
        "What needs to improve in this area of practice",
        "## What needs to improve in this area of social work practice",
        "**What needs to improve?**",
        "Areas for development",
        "Areas for improvement",
        "AREAS FOR DEVELOPMENT",
    ],
)
def test_heading_variants_introduce_areas_for_development(make_letter, heading):
    body = heading + "\n" + "\n".join("\u25fc " + area for area in AREAS) + "\nMain findings\n"
    body += "\u25fc Children are seen regularly by their social workers.\n"

    letter = parse_text(make_letter(body))

    assert texts(letter, "area_for_development") == AREAS
    assert letter.findings_of("area_for_development")[0].heading == heading.strip("#* ").rstrip("1")


def test_areas_for_priority_action_come_before_what_needs_to_improve(make_letter):
    body = (
        "Areas for priority action\n"
        "The local authority should take urgent action to:\n"
        "\u25fc ensure that strategy meetings take place without delay\n"
        "\u25fc Reduce social workers' caseloads so that children are visited.\n"
        "What needs to improve in this area of social work practice\n"
        "\u25fc The quality of assessments.\n"
        "Findings\n"
        "\u25fc Leaders know their services well.\n"
    )

    letter = parse_text(make_letter(body))

    # The introduction is not an item.
    assert texts(letter, "priority_action") == [
        "ensure that strategy meetings take place without delay",
        "Reduce social workers' caseloads so that children are visited.",
    ]
    assert texts(letter, "area_for_development") == ["The quality of assessments."]
    assert [f.position for f in letter.findings] == [0, 1, 2]
    assert letter.findings[0].heading == "Areas for priority action"


def test_a_list_whose_items_start_in_lower_case_with_time_frames(make_letter):
    body = (
        "Areas for improvement\n\n"
        "In order to improve services, the local authority and its partners should take "
        "the following action.\n\n"
        "Immediately:\n"
        "\u2022 ensure that all children in need are allocated a qualified social worker\n"
        "\u2022 ensure that strategy discussions involve the police\n\n"
        "Within three months:\n"
        "\u2022 improve the quality of assessments;\n"
        "\u2022 review the threshold document.\n\n"
        "Inspection judgements\n\nThe council is adequate.\n"
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "area_for_development") == [
        "ensure that all children in need are allocated a qualified social worker",
        "ensure that strategy discussions involve the police",
        "improve the quality of assessments;",
        "review the threshold document.",
    ]


def test_prose_after_a_list_is_not_part_of_it(make_letter):
    body = (
        "What needs to improve\n"
        "\u25fc The quality of plans.\n"
        "\u25fc The timeliness of assessments.\n\n"
        "Children's experiences and progress\n"
        "Children are seen regularly and their views are recorded well.\n\n"
        "Areas for development\n\n"
        "- Supervision is not regular.\n\n"
        "Senior leaders have a clear understanding of the service and its weaknesses.\n\n"
        "Leaders have invested in more social workers, which has reduced caseloads.\n"
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "area_for_development") == [
        "The quality of plans.",
        "The timeliness of assessments.",
        "Supervision is not regular.",
    ]


def test_a_priority_action_written_as_a_paragraph_is_one_finding(make_letter):
    body = (
        "Areas for priority action\n\n"
        "The local authority must urgently improve the timeliness of its response to\n"
        "children at risk of significant harm.\n\n"
        "Areas for development\n\n"
        "- Supervision is not regular.\n"
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "priority_action") == [
        "The local authority must urgently improve the timeliness of its response to "
        "children at risk of significant harm."
    ]
    assert texts(letter, "area_for_development") == ["Supervision is not regular."]


def test_a_page_break_inside_an_item_does_not_split_it(make_letter):
    body = (
        "Areas for development\n\n"
        "- Management decisions are not always recorded, and the rationale for\n\n\n\n"
        "management decisions in the assessment is missing.\n\n"
        "- Performance information is well used by managers to\n\n\n\n"
        "- ensure cases are effectively progressed.\n\n"
        "- Partnership working is strong with all key partner agencies. This\n"
        " ensures there is good multi-agency engagement.\n\n"
        "- The 0\u201325 team does not respond effectively to referrals from the\n\n\n\n"
        "Local Safeguarding Children Board.\n\n"
        "The process for transfer of cases between teams is not yet consistently established.\n\n"
        "The areas for development identified above will be specifically considered in any "
        "future inspection.\n"
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "area_for_development") == [
        "Management decisions are not always recorded, and the rationale for management "
        "decisions in the assessment is missing.",
        "Performance information is well used by managers to ensure cases are effectively "
        "progressed.",
        "Partnership working is strong with all key partner agencies. This ensures there is "
        "good multi-agency engagement.",
        "The 0\u201325 team does not respond effectively to referrals from the Local "
        "Safeguarding Children Board.",
        "The process for transfer of cases between teams is not yet consistently established.",
    ]


def test_a_word_hyphenated_across_lines_is_rejoined(make_letter):
    body = "What needs to improve?\n\u25fc The timeliness of decision-\nmaking for children.\n"

    letter = parse_text(make_letter(body))

    assert texts(letter, "area_for_development") == [
        "The timeliness of decision-making for children."
    ]


def test_running_headers_and_page_numbers_do_not_leak_into_items():
    page_break = (
        "\n\n\nInspection of Stockport local authority children's services\n"
        "21 February to 4 March 2022 {page}\n"
    )
    text = (
        "Inspection of Stockport local authority\nchildren's services\n"
        "Inspection dates: 21 February to 4 March 2022\n"
        "Lead inspector: Jo Bloggs, His Majesty's Inspector\n"
        "Judgement Grade\n"
        "Overall effectiveness Good\n"
        "Children in Stockport are well served. Ofsted found much to praise.\n"
        + page_break.format(page=2)
        + "What needs to improve?\n"
        "\u25fc The quality of plans for children in need, which are too often\n"
        + page_break.format(page=3)
        + "vague about what needs to change.\n"
        "\u25fc Supervision of social workers.\n"
        + page_break.format(page=4)
        + "The experiences and progress of children who need help and protection: good\n"
        "1. Children get help early.\n" + page_break.format(page=5) + "2. Children are safe.\n"
    )

    letter = parse_text(text)

    assert texts(letter, "area_for_development") == [
        "The quality of plans for children in need, which are too often vague about what "
        "needs to change.",
        "Supervision of social workers.",
    ]


def test_ofsted_letterhead_in_the_middle_of_a_list_is_ignored(make_letter):
    body = (
        "What needs to improve in this area of social work practice?\n"
        "\u25fc The quality and consistency of plans.\n"
        "Ofsted\nPiccadilly Gate\nStore Street\nManchester\nM1 2WD\n"
        "T 0300 123 1231\nenquiries@ofsted.gov.uk\n"
        "\u25fc The impact of supervision and audit activity.\n"
        "Main findings\n"
        "Children's plans are proportionate.\n"
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "area_for_development") == [
        "The quality and consistency of plans.",
        "The impact of supervision and audit activity.",
    ]


def test_evidence_paragraphs_marked_recommendation_are_not_recommendations():
    text = (
        "Wigan\n"
        "Inspection of services for children in need of help and protection, children\n"
        "looked after and care leavers\n"
        "Inspection date: 16 January 2017 to 9 February 2017\n"
        "Report published: 31 March 2017\n\n"
        "Children's services in Wigan are good\n\n"
        "Recommendations\n\n"
        "Ensure that information gathering from family members is comprehensive.\n\n\n"
        "Ensure that children who go missing are offered a return home interview.\n\n\n"
        "Summary for children and young people\n"
        " Children get the right help at the right time.\n\n"
        "Inspection findings\n\n"
        "Assessments do not always include the views of fathers. This means that\n"
        "plans rest on incomplete information. (Recommendation)\n\n"
        "Some children who go missing are not offered an interview. (Recommendation)\n\n"
        "Lead inspector: Sue Myers HMI\n"
        "Ofsted\n"
    )

    letter = parse_text(text)

    assert texts(letter, "recommendation") == [
        "Ensure that information gathering from family members is comprehensive.",
        "Ensure that children who go missing are offered a return home interview.",
    ]


def test_numbered_recommendations_with_sub_headings(make_letter):
    body = (
        "Recommendations\n"
        "Leadership, management and governance\n"
        "1. Ensure that the profile of children at risk of exploitation is analysed by\n"
        "senior managers.\n"
        "2. Improve local placement choice so that more young people live close to home.\n"
        "Quality of social work practice\n"
        "3. Ensure that strategy discussions include relevant professionals.\n"
        "Improve the quality of chronologies.\n"
        "Progress since the last inspection\n"
        "4. The last inspection found services to be good.\n"
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "recommendation") == [
        "Ensure that the profile of children at risk of exploitation is analysed by senior "
        "managers.",
        "Improve local placement choice so that more young people live close to home.",
        "Ensure that strategy discussions include relevant professionals. Improve the quality "
        "of chronologies.",
    ]


def test_strengths_and_satisfactory_practice_of_an_annual_unannounced_letter(make_letter):
    body = (
        "From the evidence gathered, the inspection identified a number of areas where the "
        "arrangements were delivered satisfactorily in accordance with national guidance, in "
        "particular:\n\n"
        " Effective action is taken to ensure that children are safeguarded.\n\n"
        "- Record keeping is up to date.\n\n"
        "From the evidence gathered, the following strengths and areas for development were "
        "also identified:\n\n"
        "Strengths\n\n"
        "- Staff morale is good.\n\n"
        "The service meets the requirements of statutory guidance in the following areas\n\n"
        "- Case recording is comprehensive.\n\n"
        "Areas for development\n\n"
        "- Assessments are of variable quality.\n"
    )

    letter = parse_text(
        make_letter(
            body,
            title="Annual unannounced inspection of contact, "
            "referral and assessment arrangements within Stockport "
            "children's services",
        )
    )

    assert texts(letter, "satisfactory") == [
        "Effective action is taken to ensure that children are safeguarded.",
        "Record keeping is up to date.",
        "Case recording is comprehensive.",
    ]
    assert texts(letter, "strength") == ["Staff morale is good."]
    assert texts(letter, "area_for_development") == ["Assessments are of variable quality."]
    assert letter.findings[0].heading.endswith("in particular")


def test_narrative_findings_bullets_are_not_action_items(make_letter):
    body = (
        "Overview\nLeaders know their services well.\n"
        "Findings\n"
        "\u25fc Social workers have high caseloads.\n"
        "\u25fc Supervision lacks reflection.\n"
    )

    letter = parse_text(make_letter(body))

    assert letter.findings == []


def test_a_letter_with_no_findings_is_valid_and_says_so(make_letter):
    body = "Headline findings\nChildren benefit from effective help.\n"

    letter = parse_text(make_letter(body))

    assert letter.findings == []
    assert letter.to_dict()["findings"] == {
        "strength": [],
        "satisfactory": [],
        "area_for_development": [],
        "priority_action": [],
        "recommendation": [],
    }
    assert any("No findings found" in warning for warning in letter.warnings)


def test_placeholder_sentences_are_not_findings(make_letter):
    body = (
        "Priority and immediate action\nThere are no priority actions.\n"
        "Areas for improvement\n1. Ensure that the Board monitors early help.\n"
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "priority_action") == []
    assert texts(letter, "area_for_development") == ["Ensure that the Board monitors early help."]


def test_curly_quotes_and_apostrophes_are_straightened(make_letter):
    body = (
        "What needs to improve\n"
        "\u25fc Social workers\u2019 caseloads, and the \u2018front door\u2019 "
        "\u201cMASH\u201d response.\n"
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "area_for_development") == [
        "Social workers' caseloads, and the 'front door' \"MASH\" response."
    ]


def test_bullets_and_numbers_alone_on_their_lines_mark_the_items_after_them(make_letter):
    # pdftotext puts a list marker on a line of its own and the item after a blank line.
    body = (
        "What needs to improve?\n\u25fc\n\nThe quality of plans for children in need.\n\n"
        "\u25fc\n\nPermanence planning.\n\n"
        "Recommendations\n1.\n\nEnsure that strategy discussions involve the police.\n\n"
        "2.\n\nImprove the quality of chronologies.\n\n"
        "Main findings\n3.\n\nChildren are seen regularly by their social workers.\n"
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "area_for_development") == [
        "The quality of plans for children in need.",
        "Permanence planning.",
    ]
    assert texts(letter, "recommendation") == [
        "Ensure that strategy discussions involve the police.",
        "Improve the quality of chronologies.",
    ]


def test_sub_items_of_an_item_ending_in_a_colon_belong_to_it(make_letter):
    body = (
        "What needs to improve?\n"
        "\u25fc Practice with disabled children, to demonstrate:\n-\n\n"
        "an understanding of the impact of disability on their lives;\n\n-\n\n"
        "the ambition for them to achieve their potential.\n\n"
        "\u25fc The recording of supervision.\n"
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "area_for_development") == [
        "Practice with disabled children, to demonstrate: an understanding of the impact of "
        "disability on their lives; the ambition for them to achieve their potential.",
        "The recording of supervision.",
    ]


@pytest.mark.parametrize(
    "footnote",
    [
        # pdftotext: the mark alone on its line, the note after a blank line.
        "1\n\nThe areas for improvement have been cross-referenced with the outcomes, "
        "enablers or principles in\nthe Children's Social Care: National Framework.\n\n",
        # PDFium: the mark starts the note's first line.
        "\n1 The areas for improvement have been cross-referenced with the outcomes, "
        "enablers or principles in\nthe Children's Social Care: National Framework.\n\n",
    ],
    ids=["mark-alone", "mark-first"],
)
def test_a_footnote_placed_between_two_items_is_not_an_item(make_letter, footnote):
    body = (
        "What needs to improve in this area of social work practice?1\n"
        "\u25fc Responses to children who go missing from care (Outcome 3, national framework)\n"
        + footnote
        + "\u25fc Life-story work for children in care (Outcome 4, national framework).\n"
        "Main findings\nChildren are supported to live with their families.\n"
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "area_for_development") == [
        "Responses to children who go missing from care (Outcome 3, national framework)",
        "Life-story work for children in care (Outcome 4, national framework).",
    ]


def test_a_wrapped_judgement_heading_ends_a_list_even_without_a_blank_line(make_letter):
    # Text extracted with no blank lines, and a last item as long as a full line.
    body = (
        "What needs to improve?\n"
        "\u25fc The quality of supervision records and of frontline management oversight.\n"
        "\u25fc Management oversight of children living in unregistered children's homes.\n"
        "The experiences and progress of children who need help and\n"
        "protection: requires improvement to be good\n"
        "1. When children need support, they receive this quickly from the early help\n"
        "service, getting the right help at the right time.\n"
        "2. A refresh of the early help offer has resulted in a new front door.\n"
        "The experiences and progress of children in care and care leavers\n"
        "are good\n"
        "3. Children in care live in stable homes.\n"
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "area_for_development") == [
        "The quality of supervision records and of frontline management oversight.",
        "Management oversight of children living in unregistered children's homes.",
    ]


@pytest.mark.parametrize("gap", ["\n", "\n\n"], ids=["one-paragraph", "two-paragraphs"])
def test_a_reference_to_earlier_priority_actions_is_not_a_new_finding(make_letter, gap):
    body = (
        "Areas for priority action\n"
        "The areas for priority action set at the last focused visit in February 2020 remain."
        + gap
        + "There are no additional priority actions.\n"
        "What needs to improve in this area of social work practice?\n"
        "The areas for improvement set at the last focused visit remain. There are no\n"
        "additional areas for improvement.\n"
        "Main findings\nIt has been a difficult year.\n"
    )

    letter = parse_text(make_letter(body))

    assert letter.findings == []


def test_a_lead_in_under_a_heading_keeps_the_heading(make_letter):
    body = (
        "What needs to improve in this area of social work practice\n"
        "The areas for improvement continue to be those that were identified at the ILACS\n"
        "inspection in February 2019, with one additional area for improvement that was\n"
        "known to leaders:\n"
        "\u25fc the timeliness of assessment of disabled children's needs.\n"
        "Findings\n\u25fc Most children receive a timely response.\n"
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "area_for_development") == [
        "the timeliness of assessment of disabled children's needs."
    ]
    assert letter.findings[0].heading == (
        "What needs to improve in this area of social work practice"
    )


def test_hyphens_that_pdftotext_dropped_at_line_ends_are_put_back(make_letter):
    # pdftotext joins "multi-" / "agency" into "multiagency"; the PDF says "multi-agency".
    body = (
        "What needs to improve?\n"
        "\u25fc The effectiveness of multiagency reviews and of decisionmaking for 16and\n"
        "17year-olds, and wellcoordinated, timespecific planning.\n"
        "Main findings\nMulti-agency working and decision-making are strong.\n"
    )

    letter = parse_text(make_letter(body))

    assert texts(letter, "area_for_development") == [
        "The effectiveness of multi-agency reviews and of decision-making for 16- and "
        "17-year-olds, and well-coordinated, time-specific planning."
    ]
