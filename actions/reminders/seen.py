"""The "seen" keys a notice keeps: what the next sweep compares against to tell whether a
person's notice of today says anything new (actions/reminders/notices.py).

Items other than actions keep a word each ("s<inspection>:<stage>:<due>", "f<finding>").
An action in a section, due on a date, is one integer (action_key), and a notice keeps
its actions' keys packed in one string: an escalation may cover thousands of badly
overdue actions, and neither the sweep's memory nor the payload should carry a word for
each (issue 13: about 80 bytes a key as words, about 5 packed).
"""

from __future__ import annotations

import base64
import datetime
import re
import sys
import zlib
from array import array
from itertools import accumulate, chain, pairwise

from actions.reminders.items import ESCALATED

# The sections that list actions, as action_key numbers them; never renumber one.
ACTION_SECTION_CODES = {"overdue": 1, "final": 2, "first": 3, ESCALATED: 4}


def action_key(action_id: int, section: str, due_date: datetime.date) -> int:
    """An action in a section, due on a date, as one integer: what the "seen" key
    "a<id>:<section>:<due>" said, in 8 bytes. The date comes first, so that actions read
    in order of due date and id come in increasing order, and pack without sorting. The
    date's ordinal fits 20 bits (until the year 2870), the id 39."""
    return (due_date.toordinal() << 43) | (ACTION_SECTION_CODES[section] << 39) | action_id


def pack(keys: array[int]) -> str:
    """Action keys as the payload keeps them: each as its difference from the one before
    (small, as the keys come mostly in increasing order), compressed: about 5 bytes an
    action, and never a Python object for each."""
    deltas = array("q", (b - a for a, b in pairwise(chain((0,), keys))))
    if sys.byteorder == "big":
        deltas.byteswap()
    return base64.b64encode(zlib.compress(deltas.tobytes())).decode("ascii")


def unpack(packed: str) -> set[int]:
    deltas = array("q")
    deltas.frombytes(zlib.decompress(base64.b64decode(packed)))
    if sys.byteorder == "big":
        deltas.byteswap()
    return set(accumulate(deltas))


OLD_ACTION_KEY = re.compile(r"a(\d+):(\w+):(\d{4}-\d\d-\d\d)")


def seen_before(words: list[str] | None, packed: str | None) -> tuple[set[str], set[int]]:
    """A sent notice's "seen" keys: its words, and its actions' keys (packed, or, in a
    notice recorded before they were, among its words)."""
    seen_words: set[str] = set()
    keys = unpack(packed) if packed else set()
    for word in words or ():
        if (old := OLD_ACTION_KEY.fullmatch(word)) and old[2] in ACTION_SECTION_CODES:
            due = datetime.date.fromisoformat(old[3])
            keys.add(action_key(int(old[1]), old[2], due))
        else:
            seen_words.add(word)
    return seen_words, keys
