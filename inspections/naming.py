"""Reduce the many ways letters name a council to one comparable key."""

import re

# Words that decorate a council's name without identifying it; order matters only
# in that longer phrases are removed before their parts.
_DECORATIONS = re.compile(
    r"\b(?:metropolitan borough|metropolitan district|royal borough of|london borough of|"
    r"borough of|city of|county of|city and county of|borough|county|city|district|"
    r"metropolitan|council|mbc|the|local authority|children'?s services)\b"
)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def name_key(name: str) -> str:
    """'Wigan Metropolitan Borough Council' -> 'wigan'; '' when nothing is left."""
    lowered = name.lower().replace("&", " and ").replace("’", "'").strip(" []")
    stripped = _DECORATIONS.sub(" ", lowered)
    return _NOT_ALNUM.sub(" ", stripped).strip()
