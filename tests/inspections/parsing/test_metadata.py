"""The kind of inspection, the authority, the people and the dates."""

from datetime import date
from pathlib import Path

import pytest

from inspections.parsing import model, parse_text

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


def test_a_monitoring_visit_letter_with_no_findings_needs_no_warning(make_letter):
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
    assert not any("No findings found" in warning for warning in letter.warnings)


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
    place = authority
    text = (
        make_letter(AREA)
        .replace("Stockport Metropolitan Borough Council", council)
        .replace("Stockport", place)
    )

    letter = parse_text(text)

    assert letter.council == council
    assert letter.local_authority == authority


def test_an_unknown_authority_is_kept_with_a_warning(make_letter):
    text = (
        make_letter(AREA)
        .replace("Stockport Metropolitan Borough Council", "Blandshire County Council")
        .replace("Stockport", "Blandshire")
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


def test_missing_visit_dates_are_a_warning_and_a_missing_lead_inspector_only_a_note():
    text = (
        "Focused visit to Stockport children's services\n\n"
        "What needs to improve?\n\u25fc The quality of plans.\n\nOfsted\n"
    )

    letter = parse_text(text)

    assert letter.lead_inspector is None
    assert [w.split(":")[0] for w in letter.warnings] == ["No visit dates found"]
    assert letter.provenance["lead_inspector"].how == "missing"
    assert "names no lead inspector" in letter.provenance["lead_inspector"].note


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


LETTERS = Path(__file__).resolve().parents[2] / "fixtures" / "letters"
METADATA_FIELDS = set(model.METADATA_FIELDS)


def fixture_letter(name: str):
    return parse_text((LETTERS / f"{name}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "authority", "council", "visit", "lead", "addressee"),
    [
        (
            "monitoring-visit-2021-middlesbrough",
            "Middlesbrough",
            "Middlesbrough Council",
            (date(2021, 6, 15), date(2021, 6, 16)),
            "Alan Pryce",
            "Helen Marsh",
        ),
        (
            "monitoring-visit-2019-sandwell-trust",
            "Sandwell",
            "Sandwell Metropolitan Borough Council",
            (date(2019, 4, 30), date(2019, 5, 1)),
            "Deborah Hallam",
            "Jane Porter",
        ),
        (
            "monitoring-visit-2021-north-northamptonshire",
            "North Northamptonshire",
            "North Northamptonshire",
            (date(2021, 9, 8), date(2021, 9, 9)),
            "Owen Whitlock",
            "Priya Shah",
        ),
        (
            "monitoring-visit-2024-westmorland-and-furness",
            "Westmorland and Furness",
            "Westmorland and Furness Council",
            (date(2024, 4, 23), date(2024, 4, 24)),
            "Grace Elliott",
            "Daniel Ashby",
        ),
        (
            "monitoring-visit-2021-slough-remote",
            "Slough",
            "Slough",
            (date(2021, 4, 21), date(2021, 4, 21)),
            "Paul Whitcombe",
            "Ruth Adeyemi",
        ),
    ],
)
def test_monitoring_visit_letters(name, authority, council, visit, lead, addressee):
    letter = fixture_letter(name)

    assert letter.inspection_type == "monitoring_visit"
    assert letter.provenance["inspection_type"].how == "read"
    assert (letter.local_authority, letter.council) == (authority, council)
    assert (letter.visit_start, letter.visit_end) == visit
    assert (letter.lead_inspector, letter.addressee) == (lead, addressee)
    # Progress without a list of actions is normal for a monitoring visit.
    assert letter.warnings == []


def test_a_monitoring_visit_dated_without_a_year_says_where_the_year_came_from():
    letter = fixture_letter("monitoring-visit-2021-north-northamptonshire")

    assert letter.provenance["visit_start"].how == "inferred"
    assert "without a year" in letter.provenance["visit_start"].note


@pytest.mark.parametrize(
    ("name", "authority", "council", "visit", "addressee"),
    [
        (
            "jtai-2023-medway",
            "Medway",
            "Medway Council",
            (date(2023, 3, 6), date(2023, 3, 10)),
            "Leah Oduya",
        ),
        (
            "jtai-2019-bradford",
            "Bradford",
            "City of Bradford Metropolitan District Council",
            (date(2019, 3, 11), date(2019, 3, 15)),
            "Mark Tolley",
        ),
        (
            "jtai-2018-kingston-upon-thames-achieving-for-children",
            "Kingston upon Thames",
            "Royal Borough of Kingston upon Thames",
            (date(2017, 11, 27), date(2017, 12, 1)),
            "Laura Whitfield",
        ),
    ],
)
def test_joint_targeted_area_inspection_letters(name, authority, council, visit, addressee):
    letter = fixture_letter(name)

    assert letter.inspection_type == "jtai"
    assert (letter.local_authority, letter.council) == (authority, council)
    # The end of the visit is not the later deadline for the written statement.
    assert (letter.visit_start, letter.visit_end) == visit
    assert letter.addressee == addressee
    # Signed by the inspectorates' directors: no lead inspector, and no need to review.
    assert letter.lead_inspector is None
    assert letter.provenance["lead_inspector"].how == "missing"
    assert "directors" in letter.provenance["lead_inspector"].note
    assert not any("authority" in warning for warning in letter.warnings)


def test_an_inspection_of_safeguarding_and_looked_after_children_services():
    text = """Inspection of safeguarding and looked after children services
London Borough of Hackney

Inspection dates: 7 \u2013 18 February 2011
Reporting inspector Jon Bowman HMI
Age group: All
Published: 25 March 2011

About this inspection
The purpose of the inspection is to evaluate the contribution made by relevant services
in the local area towards ensuring that children and young people are properly
safeguarded and that the outcomes for children looked after and care leavers are good.
Ofsted and the Care Quality Commission carried out the inspection.
"""

    letter = parse_text(text)

    assert letter.title == "Inspection of safeguarding and looked after children services"
    assert letter.inspection_type == "safeguarding_lac"
    assert letter.provenance["inspection_type"].how == "read"
    assert (letter.local_authority, letter.council) == ("Hackney", "London Borough of Hackney")
    assert (letter.visit_start, letter.visit_end) == (date(2011, 2, 7), date(2011, 2, 18))
    assert letter.published_date == date(2011, 3, 25)
    assert letter.lead_inspector == "Jon Bowman"
    assert not any("not recognised" in warning for warning in letter.warnings)


def test_every_metadata_field_says_how_it_was_found(make_letter):
    letter = parse_text(make_letter(AREA))

    assert set(letter.provenance) == METADATA_FIELDS
    read = {name for name, found in letter.provenance.items() if found.how == "read"}
    assert read == METADATA_FIELDS - {"published_date", "overall_judgement"}
    assert "not graded" in letter.provenance["overall_judgement"].note
    assert "publication date" in letter.provenance["published_date"].note


def test_a_lead_inspector_taken_as_the_first_named_is_inferred(make_letter):
    text = make_letter(AREA).replace("Yours sincerely\n\nJo Bloggs\nHis Majesty's Inspector\n", "")

    letter = parse_text(text)

    assert letter.lead_inspector == "Jo Bloggs"
    assert letter.provenance["lead_inspector"].how == "inferred"
    assert "first inspector named" in letter.provenance["lead_inspector"].note


def test_missing_fields_say_what_to_enter():
    letter = parse_text(
        "Focused visit to Stockport children's services\n\n"
        "What needs to improve?\n\u25fc The quality of plans.\n\nOfsted\n"
    )

    for name in ("visit_start", "visit_end", "lead_inspector", "letter_date"):
        assert letter.provenance[name].how == "missing", name
        assert letter.provenance[name].note, name


def test_provenance_is_in_the_json_form():
    letter = fixture_letter("monitoring-visit-2021-north-northamptonshire")

    provenance = letter.to_dict()["provenance"]

    assert provenance["visit_start"]["how"] == "inferred"
    assert provenance["local_authority"] == {"how": "read", "note": ""}


def test_a_title_with_a_stray_full_stop_is_still_the_title(make_letter):
    letter = parse_text(make_letter(AREA, title="Focused visit to Stockport children's services."))

    assert letter.title == "Focused visit to Stockport children's services"
    assert letter.provenance["inspection_type"].how == "read"
