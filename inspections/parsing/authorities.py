"""England's local authorities with children's services, for naming the authority.

Letters name the council in many ways ("Wigan Metropolitan Borough Council",
"Redcar & Cleveland Borough Council", "the London Borough of Wandsworth Council",
"Derby City local authority"). Matching the text against the list of authorities
gives the short name the rest of the application uses. The list includes a few
authorities that have since been reorganised, because old letters name them.
"""

import re

AUTHORITIES: tuple[str, ...] = (
    "Barking and Dagenham",
    "Barnet",
    "Barnsley",
    "Bath and North East Somerset",
    "Bedford Borough",
    "Bexley",
    "Birmingham",
    "Blackburn with Darwen",
    "Blackpool",
    "Bolton",
    "Bournemouth, Christchurch and Poole",
    "Bracknell Forest",
    "Bradford",
    "Brent",
    "Brighton and Hove",
    "Bristol",
    "Bromley",
    "Buckinghamshire",
    "Bury",
    "Calderdale",
    "Cambridgeshire",
    "Camden",
    "Central Bedfordshire",
    "Cheshire East",
    "Cheshire West and Chester",
    "City of London",
    "Cornwall",
    "Coventry",
    "Croydon",
    "Cumberland",
    "Cumbria",
    "Darlington",
    "Derby",
    "Derbyshire",
    "Devon",
    "Doncaster",
    "Dorset",
    "Dudley",
    "Durham",
    "Ealing",
    "East Riding of Yorkshire",
    "East Sussex",
    "Enfield",
    "Essex",
    "Gateshead",
    "Gloucestershire",
    "Greenwich",
    "Hackney",
    "Halton",
    "Hammersmith and Fulham",
    "Hampshire",
    "Haringey",
    "Harrow",
    "Hartlepool",
    "Havering",
    "Herefordshire",
    "Hertfordshire",
    "Hillingdon",
    "Hounslow",
    "Isle of Wight",
    "Isles of Scilly",
    "Islington",
    "Kensington and Chelsea",
    "Kent",
    "Kingston upon Hull",
    "Kingston upon Thames",
    "Kirklees",
    "Knowsley",
    "Lambeth",
    "Lancashire",
    "Leeds",
    "Leicester",
    "Leicestershire",
    "Lewisham",
    "Lincolnshire",
    "Liverpool",
    "Luton",
    "Manchester",
    "Medway",
    "Merton",
    "Middlesbrough",
    "Milton Keynes",
    "Newcastle upon Tyne",
    "Newham",
    "Norfolk",
    "North East Lincolnshire",
    "North Lincolnshire",
    "North Northamptonshire",
    "North Somerset",
    "North Tyneside",
    "North Yorkshire",
    "Northamptonshire",
    "Northumberland",
    "Nottingham",
    "Nottinghamshire",
    "Oldham",
    "Oxfordshire",
    "Peterborough",
    "Plymouth",
    "Poole",
    "Portsmouth",
    "Reading",
    "Redbridge",
    "Redcar and Cleveland",
    "Richmond upon Thames",
    "Rochdale",
    "Rotherham",
    "Rutland",
    "Salford",
    "Sandwell",
    "Sefton",
    "Sheffield",
    "Shropshire",
    "Slough",
    "Solihull",
    "Somerset",
    "South Gloucestershire",
    "South Tyneside",
    "Southampton",
    "Southend-on-Sea",
    "Southwark",
    "St Helens",
    "Staffordshire",
    "Stockport",
    "Stockton-on-Tees",
    "Stoke-on-Trent",
    "Suffolk",
    "Sunderland",
    "Surrey",
    "Sutton",
    "Swindon",
    "Tameside",
    "Telford and Wrekin",
    "Thurrock",
    "Torbay",
    "Tower Hamlets",
    "Trafford",
    "Wakefield",
    "Walsall",
    "Waltham Forest",
    "Wandsworth",
    "Warrington",
    "Warwickshire",
    "West Berkshire",
    "West Northamptonshire",
    "West Sussex",
    "Westminster",
    "Westmorland and Furness",
    "Wigan",
    "Wiltshire",
    "Windsor and Maidenhead",
    "Wirral",
    "Wokingham",
    "Wolverhampton",
    "Worcestershire",
    "York",
)

# Other names letters use for an authority, mapped to its name in AUTHORITIES.
ALIASES: dict[str, str] = {
    "BCP": "Bournemouth, Christchurch and Poole",
    "Bedford": "Bedford Borough",
    "Bournemouth, Christchurch & Poole": "Bournemouth, Christchurch and Poole",
    "City of Bristol": "Bristol",
    "Hull": "Kingston upon Hull",
    "County Durham": "Durham",
    "Newcastle": "Newcastle upon Tyne",
    "Southend": "Southend-on-Sea",
    "Stockton": "Stockton-on-Tees",
    "Stoke": "Stoke-on-Trent",
    "Telford": "Telford and Wrekin",
    "Windsor & Maidenhead": "Windsor and Maidenhead",
}

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_SUFFIXES = re.compile(
    r"^(?:the\s+)?(?:(?:london|royal)\s+borough\s+of|city\s+of|county\s+of|"
    r"metropolitan\s+borough\s+of|borough\s+of)\s+|"
    r"\s+(?:metropolitan\s+borough|metropolitan\s+district|borough|city|county|district)?"
    r"\s*(?:council|local\s+authority)$|\s+city$",
    re.IGNORECASE,
)


def _key(text: str) -> str:
    """Lower case, "&" as "and", punctuation as spaces, padded so that matching a key
    inside another finds whole words only."""
    text = text.lower().replace("&", " and ").replace(".", "")
    return " " + _NOT_WORD.sub(" ", text).strip() + " "


_BY_KEY: dict[str, str] = {_key(name): name for name in AUTHORITIES}
_BY_KEY.update({_key(alias): name for alias, name in ALIASES.items()})
# Longest first, so "Cheshire West and Chester" wins over any shorter name inside it.
_KEYS = sorted(_BY_KEY, key=len, reverse=True)


def match_authority(text: str) -> str | None:
    """The authority whose name appears, as whole words, in ``text``."""
    haystack = _key(text)
    for key in _KEYS:
        if key in haystack:
            return _BY_KEY[key]
    return None


def strip_council_words(text: str) -> str:
    """An authority's name without "Council", "London Borough of" and the like."""
    previous = None
    while previous != text:
        previous, text = text, _SUFFIXES.sub("", text).strip()
    return text
