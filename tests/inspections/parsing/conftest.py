"""Fixtures for the letter parser's tests, which need neither Django nor a database."""

from collections.abc import Callable
from typing import Any

import pytest

from inspections.parsing.text import squash

LETTER = """Ofsted
Piccadilly Gate
Store Street
Manchester
M1 2WD
T 0300 123 1231
enquiries@ofsted.gov.uk
www.gov.uk/ofsted

{date}

Ms Jane Smith
Director of Children's Services
Stockport Metropolitan Borough Council
Fred Perry House
Edward Street
Stockport
SK1 3XE

Dear Ms Smith

{title}

This letter summarises the findings of the {kind} to Stockport children's services on \
{visit}. His Majesty's Inspectors for this visit were Jo Bloggs and Sam Brown.

Inspectors looked at the local authority's arrangements for children in need.

{body}

Ofsted will take the findings from this {kind} into account when planning your next \
inspection or visit.

Yours sincerely

Jo Bloggs
His Majesty's Inspector
"""


@pytest.fixture
def make_letter() -> Callable[..., str]:
    """Build a focused-visit style letter around ``body``; any part can be replaced."""

    def build(
        body: str,
        *,
        title: str = "Focused visit to Stockport children's services",
        kind: str = "focused visit",
        date: str = "14 January 2022",
        visit: str = "30 November and 1 December 2021",
    ) -> str:
        return LETTER.format(body=body, title=title, kind=kind, date=date, visit=visit)

    return build


@pytest.fixture
def assert_matches_expected() -> Callable[[dict[str, Any], dict[str, Any]], None]:
    """Compare a to_dict() result with an expected-extraction file.

    Every metadata field must be equal; each kind of finding must have the same
    count, and each text must start with the expected first words (compared with
    whitespace normalised).
    """

    def check(got: dict[str, Any], expected: dict[str, Any]) -> None:
        for key, value in expected.items():
            if key == "findings":
                continue
            assert got[key] == value, f"{key}: {got[key]!r} != {value!r}"
        for kind, firsts in expected["findings"].items():
            texts = got["findings"][kind]
            assert len(texts) == len(firsts), f"{kind}: {texts}"
            for text, first in zip(texts, firsts, strict=True):
                assert squash(text).startswith(squash(first)), f"{kind}: {text!r}"

    return check
