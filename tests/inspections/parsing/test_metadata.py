"""The kind of inspection, the authority, the people and the dates."""

from datetime import date

import pytest

from inspections.parsing import parse_text

AREA = "What needs to improve?\n\u25fc The quality of plans.\n"


def test_a_focused_visit_letter(make_letter):
    letter = parse_text(make_letter(AREA))

    assert letter.inspection_type == "focused_visit"
    assert letter.title == "Focused visit to Stockport children's services"
    assert letter.local_authority == "Stockport"
    assert letter.council == "Stockport Metropolitan Borough Council"
    assert letter.addressee == "Jane Smith"
    assert letter.lead_inspector == "Jo Bloggs"
    assert letter.inspectors == ["Jo Bloggs", "Sam Brown"]
    assert (letter.visit_start, letter.visit_end) == (date(2021, 11, 30), date(2021, 12, 1))
    assert letter.warnings == []


def test_a_monitoring_visit_letter_with_no_findings(make_letter):
    body = (
        "Areas covered by the visit\n"
        "Inspectors reviewed the progress made in the following areas:\n"
        "\u25fc the quality of assessments and plans\n"
        "Headline findings\n"
        "Leaders have made progress since the inspection.\n"
    )
    text = make_letter(
        body, title="Monitoring visit to Stockport children's services", kind="monitoring visit"
    ).replace(
        "His Majesty's Inspectors for this visit were Jo Bloggs and Sam Brown.",
        "His Majesty's Inspectors Jo Bloggs and Sam Brown carried out this visit.",
    )

    letter = parse_text(text)

    assert letter.inspection_type == "monitoring_visit"
    assert letter.inspectors == ["Jo Bloggs", "Sam Brown"]
    assert letter.findings == []
    assert any("No findings found" in warning for warning in letter.warnings)


def test_a_joint_targeted_area_inspection_letter(make_letter):
    body = (
        "Key strengths\n\u25fc Partners share information well.\n"
        "Areas for improvement\n\u25fc Health agencies do not always attend strategy meetings.\n"
        "Areas for priority action\n\u25fc The police must record domestic abuse incidents.\n"
        "Next steps\nThe local authority should prepare a written statement of action.\n"
    )
    text = make_letter(
        body,
        title="Joint targeted area inspection of the multi-agency response to abuse and "
        "neglect in Stockport",
        kind="joint targeted area inspection",
        visit="12 to 16 June 2017",
    )

    letter = parse_text(text)

    assert letter.inspection_type == "jtai"
    assert letter.local_authority == "Stockport"
    assert [f.kind for f in letter.findings] == [
        "strength",
        "area_for_development",
        "priority_action",
    ]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        (
            "Annual unannounced inspection of contact, referral and assessment arrangements "
            "within Stockport children's services",
            "annual_unannounced",
        ),
        ("Focused visit to Stockport local authority children's services", "focused_visit"),
        ("Monitoring visit of Stockport children's services", "monitoring_visit"),
        ("Joint targeted area inspection of Stockport", "jtai"),
    ],
)
def test_the_kind_comes_from_the_title(make_letter, title, kind):
    assert parse_text(make_letter(AREA, title=title)).inspection_type == kind


def test_an_unrecognised_title_is_other_with_a_warning(make_letter):
    letter = parse_text(make_letter(AREA, title="Feedback for Stockport", kind="visit"))

    assert letter.inspection_type == "other"
    assert any("not recognised" in warning for warning in letter.warnings)


def test_curly_apostrophes_in_names_and_titles(make_letter):
    text = make_letter(AREA, title="Focused visit to Stockport children\u2019s services")
    text = text.replace("Ms Jane Smith", "Ms Siobhan O\u2019Neill").replace(
        "His Majesty's Inspector\n", "His Majesty\u2019s Inspector\n"
    )

    letter = parse_text(text)

    assert letter.title == "Focused visit to Stockport children's services"
    assert letter.addressee == "Siobhan O'Neill"
    assert letter.lead_inspector == "Jo Bloggs"


def test_windows_line_endings(make_letter):
    letter = parse_text(make_letter(AREA).replace("\n", "\r\n"))

    assert letter.title == "Focused visit to Stockport children's services"
    assert [f.text for f in letter.findings] == ["The quality of plans."]


def test_an_address_block_run_together_on_one_line(make_letter):
    text = make_letter(AREA).replace(
        "Ms Jane Smith\nDirector of Children's Services\nStockport Metropolitan Borough Council\n",
        "Jane Smith Stockport Town Hall Edward Street Stockport SK1 3XE\n",
    )
    text = text.replace(
        "Focused visit to Stockport children's services",
        "Focused visit to Stockport Metropolitan Borough Council children's services",
    )

    letter = parse_text(text)

    assert letter.addressee == "Jane Smith"
    assert letter.council == "Stockport Metropolitan Borough Council"


@pytest.mark.parametrize(
    ("council", "authority"),
    [
        ("Redcar & Cleveland Borough Council", "Redcar and Cleveland"),
        ("London Borough of Wandsworth Council", "Wandsworth"),
        ("Royal Borough of Windsor and Maidenhead", "Windsor and Maidenhead"),
        ("Derbyshire County Council", "Derbyshire"),
        ("City of York Council", "York"),
        ("Isle of Wight Council", "Isle of Wight"),
    ],
)
def test_the_authority_is_named_from_the_council(make_letter, council, authority):
    text = make_letter(AREA).replace("Stockport Metropolitan Borough Council", council)

    letter = parse_text(text)

    assert letter.council == council
    assert letter.local_authority == authority


def test_an_unknown_authority_is_kept_with_a_warning(make_letter):
    text = make_letter(AREA, title="Focused visit to Blandshire children's services").replace(
        "Stockport Metropolitan Borough Council", "Blandshire County Council"
    )

    letter = parse_text(text)

    assert letter.local_authority == "Blandshire"
    assert any("not a known English local authority" in w for w in letter.warnings)


def test_inspection_team_labels_in_a_report():
    text = """Wigan
Inspection of services for children in need of help and protection, children
looked after and care leavers
Inspection date: 16 January 2017 to 9 February 2017
Children's services in Wigan are good
The inspection team
Lead inspector: Sue Myers HMI
Deputy lead inspector: Paula Thomson-Jones HMI
Team inspectors: Shirley Bailey HMI, Stella Elliot HMI (designate), Rachel Holden
HMI, Kath Townsley (OI)
Additional inspector: Nick Veysey
Senior data analyst: Clare Atkinson
Quality assurance manager: Simone White Senior HMI
Ofsted
"""

    letter = parse_text(text)

    assert letter.lead_inspector == "Sue Myers"
    assert letter.inspectors == [
        "Sue Myers",
        "Paula Thomson-Jones",
        "Shirley Bailey",
        "Stella Elliot",
        "Rachel Holden",
        "Kath Townsley",
        "Nick Veysey",
    ]
    assert letter.addressee is None


def test_missing_metadata_is_reported_as_warnings():
    text = (
        "Focused visit to Stockport children's services\n\n"
        "What needs to improve?\n\u25fc The quality of plans.\n\nOfsted\n"
    )

    letter = parse_text(text)

    assert letter.lead_inspector is None
    assert {w.split(":")[0] for w in letter.warnings} >= {
        "No lead inspector found",
        "No visit dates found",
    }


JTAI = """Ofsted
Piccadilly Gate
Store Street
Manchester
M1 2WD

10 January 2018

Steve Crocker, Director of Children's Services, Hampshire County Council
John Coughlan, Chief Executive, Hampshire County Council
Olivia Pinkney, Chief Constable, Hampshire Constabulary

Dear local partnership

Joint targeted area inspection of the multi-agency response to abuse and neglect in
Hampshire

Between 20 and 24 November 2017, Ofsted, the Care Quality Commission (CQC), HMI
Constabulary and Fire & Rescue Services (HMICFRS) and HMI Probation (HMIP) undertook a
joint inspection of the multi-agency response to abuse and neglect in Hampshire.

Headline findings
Partners in Hampshire work well together.

Key strengths
\u25fc Strategic leaders have a shared commitment to children.
\u25fc Information is shared promptly at the front door.

Case study: highly effective practice
A child was helped quickly after a referral from school.

Areas for improvement
\u25fc Health professionals do not always contribute to strategy discussions.
\u25fc Police risk assessments of domestic abuse incidents are not always timely.

Next steps
The director of children's services should prepare a written statement of proposed action
responding to the findings outlined in this letter.

Yours sincerely

Yvette Stanley
National Director, Social Care, Ofsted

Ursula Gallagher
Deputy Chief Inspector, Care Quality Commission
"""


def test_a_jtai_letter_to_a_local_partnership():
    letter = parse_text(JTAI)

    assert letter.inspection_type == "jtai"
    assert letter.title == (
        "Joint targeted area inspection of the multi-agency response to abuse and neglect in "
        "Hampshire"
    )
    assert letter.local_authority == "Hampshire"
    assert letter.council == "Hampshire County Council"
    assert letter.addressee == "Steve Crocker"
    assert (letter.visit_start, letter.visit_end) == (date(2017, 11, 20), date(2017, 11, 24))
    assert letter.letter_date == date(2018, 1, 10)
    # Signed by the inspectorates' directors, so no lead inspector is claimed.
    assert letter.lead_inspector is None
    assert [f.kind for f in letter.findings] == ["strength"] * 2 + ["area_for_development"] * 2
    assert letter.findings[-1].text == (
        "Police risk assessments of domestic abuse incidents are not always timely."
    )
