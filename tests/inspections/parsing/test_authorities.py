"""Naming the authority: weighing the title, the address, the cover and the body."""

import datetime

import pytest

from inspections.parsing import parse_text
from inspections.parsing.authorities import (
    is_generic,
    match_authority,
    mentions,
    official_names,
)

AREA = "What needs to improve?\n\u25fc The quality of plans.\n"
STOCKPORT_ADDRESS = (
    "Ms Jane Smith\nDirector of Children's Services\nStockport Metropolitan Borough Council\n"
    "Fred Perry House\nEdward Street\nStockport\nSK1 3XE\n"
)


def letter(make_letter, address: str, place: str, *, date: str = "14 January 2022", body=AREA):
    """A focused visit letter to ``place`` with ``address`` above "Dear ..."."""
    text = make_letter(body, title=f"Focused visit to {place} children's services", date=date)
    return text.replace(STOCKPORT_ADDRESS, address).replace(
        "to Stockport children's services", f"to {place} children's services"
    )


def test_every_authority_in_the_data_file_is_known():
    names = official_names()

    assert len(names) >= 153
    assert {"Newham", "Kingston Upon Hull, City of", "Westmorland and Furness"} <= set(names)


@pytest.mark.parametrize(
    ("text", "authority"),
    [
        ("Focused visit to Kingston-upon-Hull children's services", "Kingston Upon Hull, City of"),
        ("Hull City Council", "Kingston Upon Hull, City of"),
        ("City Of York Council", "York"),
        ("Bristol City Council", "Bristol, City of"),
        ("St Helens Council", "St. Helens"),
        ("The Royal Borough of Windsor & Maidenhead", "Windsor and Maidenhead"),
        ("Bath and North East Somerset Council", "Bath and North East Somerset"),
        ("BCP Council", "Bournemouth, Christchurch and Poole"),
        ("Doncaster Children's Services Trust", "Doncaster"),
        ("Together for Children", "Sunderland"),
    ],
)
def test_a_council_is_matched_however_it_is_written(text, authority):
    assert match_authority(text) == authority


def test_a_place_name_in_lower_case_is_a_word_not_an_authority():
    assert match_authority("reading the records, social workers bury their concerns") is None


@pytest.mark.parametrize(
    "text", ["Council", "Borough", "County", "London Borough", "The Council", "the Council's"]
)
def test_generic_words_are_never_a_name(text):
    assert is_generic(text)
    assert match_authority(text) is None


def test_a_council_split_since_stands_for_both_successors_after_the_split():
    before = mentions("Northamptonshire County Council", datetime.date(2019, 6, 1))
    after = mentions("Northamptonshire Children's Trust", datetime.date(2023, 6, 1))

    assert before[0].authorities == ("Northamptonshire",)
    assert after[0].authorities == ("North Northamptonshire", "West Northamptonshire")
    assert after[0].former == "Northamptonshire"


def test_the_title_outweighs_a_neighbour_in_the_postal_address_and_body(make_letter):
    address = "Ms Lee Cole\nDirector of People\nGun Wharf\nDock Road\nChatham\nKent\nME4 4TR\n"
    body = "Kent Police and Kent health partners attend strategy meetings.\n" * 3 + AREA

    parsed = parse_text(letter(make_letter, address, "Medway", body=body))

    assert parsed.local_authority == "Medway"
    assert parsed.council == "Medway"
    assert parsed.provenance["local_authority"].how == "read"
    assert parsed.warnings == []


def test_the_council_addressed_is_preferred_as_written(make_letter):
    address = "Ms Lee Cole\nDirector of People\nMedway Council\nGun Wharf\nChatham\nKent\n"

    parsed = parse_text(letter(make_letter, address, "Medway"))

    assert (parsed.local_authority, parsed.council) == ("Medway", "Medway Council")


def test_a_title_and_an_addressed_council_that_disagree_are_both_named(make_letter):
    address = "Ms Lee Cole\nDirector of Children's Services\nKent County Council\nMaidstone\n"

    parsed = parse_text(letter(make_letter, address, "Medway"))

    assert parsed.local_authority == "Medway"
    warning = next(w for w in parsed.warnings if "check which authority" in w)
    assert "Kent" in warning and "Medway" in warning


@pytest.mark.parametrize(
    "cover",
    [
        "Wigan Metropolitan Borough\nCouncil\n",
        "Council\n",
    ],
)
def test_a_report_cover_never_names_the_authority_council(cover):
    text = (
        f"{cover}Inspection of services for children in need of help and protection, "
        "children\nlooked after and care leavers\n"
        "Inspection date: 16 January 2017 to 9 February 2017\n"
        "Children's services in Wigan are good\n"
        "Lead inspector: Sue Myers HMI\nOfsted\n"
    )

    parsed = parse_text(text)

    assert parsed.local_authority == "Wigan"
    assert parsed.council != "Council"


@pytest.mark.parametrize(
    ("place", "authority"),
    [
        ("North Northamptonshire", "North Northamptonshire"),
        ("West Northamptonshire", "West Northamptonshire"),
    ],
)
def test_a_trust_serving_two_councils_leaves_the_choice_to_the_title(make_letter, place, authority):
    address = "Ms Priya Shah\nChief Executive\nNorthamptonshire Children's Trust\nNorthampton\n"

    parsed = parse_text(letter(make_letter, address, place, date="12 October 2023"))

    assert parsed.local_authority == authority
    assert parsed.warnings == []


def test_a_trust_serving_two_councils_with_no_other_clue_names_both(make_letter):
    address = "Ms Priya Shah\nChief Executive\nNorthamptonshire Children's Trust\nNorthampton\n"
    text = letter(make_letter, address, "Northamptonshire Children's Trust", date="12 October 2023")

    parsed = parse_text(text)

    assert (parsed.local_authority, parsed.council) == (None, None)
    assert parsed.provenance["local_authority"].how == "missing"
    warning = next(w for w in parsed.warnings if "unclear" in w)
    assert "North Northamptonshire" in warning and "West Northamptonshire" in warning


def test_before_the_split_the_county_is_the_authority(make_letter):
    address = "Mr Sam Rae\nDirector of Children's Services\nNorthamptonshire County Council\n"

    parsed = parse_text(letter(make_letter, address, "Northamptonshire", date="3 May 2019"))

    assert parsed.local_authority == "Northamptonshire"


def test_a_company_serving_three_councils_and_the_title_naming_one(make_letter):
    address = "Ms Laura Whitfield\nDirector of Children's Services\nAchieving for Children\n"

    parsed = parse_text(letter(make_letter, address, "Richmond upon Thames"))

    assert parsed.local_authority == "Richmond upon Thames"
    assert parsed.council == "Richmond upon Thames"


@pytest.mark.parametrize(
    ("council", "date", "authority", "how"),
    [
        ("Borough of Poole", "5 March 2018", "Poole", "read"),
        ("Borough of Poole", "5 March 2020", "Bournemouth, Christchurch and Poole", "inferred"),
        (
            "Bournemouth Borough Council",
            "5 March 2018",
            "Bournemouth, Christchurch and Poole",
            "inferred",
        ),
        ("Cumbria County Council", "1 June 2022", "Cumbria", "read"),
        ("Cumberland Council", "1 June 2024", "Cumberland", "read"),
        ("Westmorland and Furness Council", "1 June 2024", "Westmorland and Furness", "read"),
        (
            "Bournemouth, Christchurch and Poole Council",
            "1 June 2024",
            "Bournemouth, Christchurch and Poole",
            "read",
        ),
    ],
)
def test_merged_and_renamed_councils(make_letter, council, date, authority, how):
    address = f"Mr Sam Rae\nDirector of Children's Services\n{council}\nTown Hall\n"
    place = council.replace(" Council", "").replace("Borough of ", "").replace(" County", "")

    parsed = parse_text(letter(make_letter, address, place, date=date))

    assert parsed.local_authority == authority
    assert parsed.provenance["local_authority"].how == how


def test_an_authority_named_only_in_the_body_is_inferred():
    text = (
        "Ofsted\nFocused visit\n\n"
        "Inspectors visited children's services in Stockport on 3 and 4 May 2022. "
        "Leaders in Stockport know their services well.\n\n" + AREA
    )

    parsed = parse_text(text)

    assert parsed.local_authority == "Stockport"
    assert parsed.provenance["local_authority"].how == "inferred"
    assert "named only in the body" in parsed.provenance["local_authority"].note


def test_a_letter_naming_no_authority_says_what_to_enter(make_letter):
    address = "Ms Lee Cole\nDirector of People\nTown Hall\n"
    text = letter(make_letter, address, "the local authority's").replace("Stockport", "the area")

    parsed = parse_text(text)

    assert parsed.local_authority is None
    assert parsed.provenance["local_authority"].how == "missing"
    assert "choose it" in parsed.provenance["local_authority"].note
    assert "No local authority found: enter it in the preview." in parsed.warnings


def test_a_trust_resolved_only_by_passing_mentions_is_inferred(make_letter):
    address = "Ms Priya Shah\nChief Executive\nNorthamptonshire Children's Trust\nNorthampton\n"
    body = "Children in West Northamptonshire wait too long for assessments.\n" * 2 + AREA
    text = letter(make_letter, address, "the trust's", date="12 October 2023", body=body)

    parsed = parse_text(text.replace("Stockport", "the area"))

    assert parsed.local_authority == "West Northamptonshire"
    assert parsed.provenance["local_authority"].how == "inferred"
    note = parsed.provenance["local_authority"].note
    assert "North Northamptonshire and West Northamptonshire" in note
    assert "points to West Northamptonshire" in note


@pytest.mark.parametrize(
    ("organisation", "place", "authority"),
    [
        ("Birmingham Children's Trust", "Birmingham", "Birmingham"),
        ("Doncaster Children's Services Trust", "Doncaster", "Doncaster"),
        ("Together for Children", "Sunderland", "Sunderland"),
        ("Brighter Futures for Children", "Reading", "Reading"),
        ("Worcestershire Children First", "Worcestershire", "Worcestershire"),
        ("Children First Lincolnshire", "Lincolnshire", "Lincolnshire"),
        ("Sandwell Children's Trust", "Sandwell Children's Trust", "Sandwell"),
    ],
)
def test_services_run_by_a_trust_or_company(make_letter, organisation, place, authority):
    address = f"Ms Kim Lowe\nChief Executive\n{organisation}\n1 High Street\n"

    parsed = parse_text(letter(make_letter, address, place))

    assert parsed.local_authority == authority
    assert parsed.provenance["local_authority"].how == "read"
    assert parsed.warnings == []


def test_a_title_naming_only_the_council_finds_no_authority_in_it(make_letter):
    address = "Ms Lee Cole\nDirector of People\nTown Hall\n"
    text = letter(make_letter, address, "the Council's").replace("Stockport", "the area")

    parsed = parse_text(text)

    assert parsed.local_authority is None
    assert parsed.council is None
