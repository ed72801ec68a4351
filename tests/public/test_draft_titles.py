"""A drafted action's title is its finding's first sentence, never cut with a stored "…"."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.importing.drafts import draft_title
from inspections.parsing import parse_text
from inspections.parsing.sentences import cut_at_word, first_sentence

SAMPLES = Path(__file__).resolve().parents[2] / "inspections" / "sample_letters"
TITLE_LENGTH = 300


def sample_findings(name: str) -> list[str]:
    letter = parse_text((SAMPLES / name).read_text())
    return [" ".join(finding.text.split()) for finding in letter.findings]


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        # Real findings from the sample letters.
        (
            "Management decision making regarding contacts is not always timely, causing "
            "delayed responses to some referrals. However, no children were identified as "
            "being at immediate risk.",
            "Management decision making regarding contacts is not always timely, causing "
            "delayed responses to some referrals",
        ),
        (
            "Half of the 83 children who ceased to be looked after did so because the local "
            "authority had found permanent suitable homes for them, either through adoption "
            "(28.8%) or through SGO (20.8%). In the first half of 2016-17, data provided by "
            "the Adoption Leadership Board demonstrates that this trajectory has been maintained.",
            "Half of the 83 children who ceased to be looked after did so because the local "
            "authority had found permanent suitable homes for them, either through adoption "
            "(28.8%) or through SGO (20.8%)",
        ),
        # Abbreviations, initials and numbers are not ends of sentences.
        (
            "Use the audit tools, e.g. The Signs of Safety tool, in all teams. Then review.",
            "Use the audit tools, e.g. The Signs of Safety tool, in all teams",
        ),
        (
            "Review plans, i.e. Child in need plans, monthly. More follows.",
            "Review plans, i.e. Child in need plans, monthly",
        ),
        ("Ask J. R. Smith to lead the review. Then report.", "Ask J. R. Smith to lead the review"),
        (
            "Caseloads fell to 1.5 times the average. 2 teams.",
            "Caseloads fell to 1.5 times the average",
        ),
        ("Is supervision reflective? Managers should check.", "Is supervision reflective?"),
        ("Improve the\nquality of\r\nsupervision.", "Improve the quality of supervision"),
    ],
)
def test_the_first_sentence(text, sentence):
    assert first_sentence(text) == sentence
    assert draft_title(text) == sentence


def test_a_first_sentence_longer_than_a_title_is_cut_at_a_word_with_no_ellipsis():
    # No sample finding opens with a sentence over 300 characters: two of their longest
    # first sentences joined into one make it.
    longest = sorted(
        (first_sentence(text) for text in sample_findings("wirral-2010-annual-unannounced.txt")),
        key=len,
    )[-2:]
    long_finding = " and ".join(longest) + ". A second sentence."
    assert len(first_sentence(long_finding)) > TITLE_LENGTH

    title = draft_title(long_finding)

    assert len(title) <= TITLE_LENGTH and "…" not in title
    assert long_finding.startswith(title) and long_finding[len(title)] == " "


def test_every_sample_finding_drafts_a_whole_first_sentence_that_fits():
    for name in sorted(path.name for path in SAMPLES.glob("*.txt")):
        for text in sample_findings(name):
            title = draft_title(text)
            assert "…" not in title and "\n" not in title, title
            assert 0 < len(title) <= TITLE_LENGTH
            assert text.startswith(title), (name, title)


def test_a_single_word_longer_than_the_limit_is_cut_inside_it():
    assert cut_at_word("x" * 20, 10) == "x" * 10
    assert cut_at_word("short enough", 12) == "short enough"
    assert cut_at_word("cut here, please", 12) == "cut here"
