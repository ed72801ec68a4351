"""Ids from requests, read by one rule: ASCII digits naming a number a row could have.

Anything else names no row. `str.isdigit` is not the test: it takes "²", which int()
refuses, and a number beyond 64 bits makes SQLite refuse the whole query; both were 500s.
"""

from __future__ import annotations

import re

MAX_ID = 2**63 - 1  # the largest BigAutoField


def parse_id(value: str) -> int | None:
    """The id `value` writes, or None when no row could have it."""
    if not re.fullmatch(r"[0-9]{1,19}", value):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None
