"""England's local authorities ship with the project, and letters' council names find them."""

import pytest

from inspections.models import LocalAuthority
from inspections.naming import name_key


@pytest.mark.django_db
def test_every_authority_ships_with_its_codes():
    assert LocalAuthority.objects.count() == 156
    wigan = LocalAuthority.objects.get(slug="wigan")
    assert (wigan.dfe_code, wigan.ons_code, wigan.ofsted_urn) == ("359", "E08000010", "80579")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("written", "authority"),
    [
        ("Wigan Metropolitan Borough Council", "Wigan"),
        ("Bournemouth, Christchurch and Poole Council", "Bournemouth, Christchurch and Poole"),
        ("BCP Council", "Bournemouth, Christchurch and Poole"),
        ("London Borough of Wandsworth Council", "Wandsworth"),
        ("Royal Borough of Windsor and Maidenhead", "Windsor and Maidenhead"),
        ("Hull City Council", "Kingston Upon Hull, City of"),
        ("Bristol City Council", "Bristol, City of"),
        ("Durham County Council", "Durham"),
        ("Redcar and Cleveland", "Redcar and Cleveland"),
        ("Southend-on-Sea Borough Council", "Southend-on-Sea"),
    ],
)
def test_council_names_as_letters_write_them_are_matched(written, authority):
    matched = LocalAuthority.objects.match_name(written)
    assert matched is not None
    assert matched.name == authority


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["", "Council", "Atlantis Borough Council"])
def test_a_name_that_matches_nothing_gives_none(written):
    assert LocalAuthority.objects.match_name(written) is None


def test_name_keys_drop_decorations_and_punctuation():
    assert name_key("The Royal Borough of Kingston upon Thames") == "kingston upon thames"
    assert name_key("St. Helens Council") == "st helens"
