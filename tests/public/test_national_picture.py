"""The national picture: every real letter in the corpus loaded by one command into an
empty database, and the public site with all of them costing what it costs with five.

The corpus is loaded once for the module, inside a transaction rolled back at the end;
each test runs in a savepoint of its own within it.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from actions.importing import bulk
from actions.models import ActionItem
from inspections.models import Finding, Inspection, LocalAuthority
from inspections.staging import ImportBatch, StagedImport

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "pdfs"
SAMPLES = ROOT / "inspections" / "sample_letters"
FAKE = "2012-10-19-birmingham-inspection.pdf"

# The whole corpus is imported once per module (about 40 s): under pytest-xdist, keep the
# module's tests on one worker so that only one worker pays for it.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("national_picture")]


@dataclass
class Run:
    results: list[bulk.Row]
    refusal: str  # the command's closing error, "" when nothing was refused
    seconds: float
    # (inspections, letters waiting for review, findings, actions) afterwards
    created: tuple[int, int, int, int]


@dataclass
class National:
    first: Run
    second: Run
    # Queries for each kind of public page with the five sample letters alone.
    five_letters: dict[str, int]


def import_letters(*args: str) -> Run:
    """`import_letter ARGS…` as an admin would run it; its batch's rows, and what exists after."""
    started = time.perf_counter()
    try:
        call_command("import_letter", *args, stdout=io.StringIO())
        refusal = ""
    except CommandError as error:
        refusal = str(error)
    seconds = time.perf_counter() - started
    created = (
        Inspection.objects.count(),
        StagedImport.objects.filter(status=StagedImport.Status.PENDING).count(),
        Finding.objects.count(),
        ActionItem.objects.count(),
    )
    return Run(ImportBatch.objects.latest("pk").results, refusal, seconds, created)


def queries(url: str) -> int:
    """The SQL queries one GET of a public page costs; it must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(url)
    assert response.status_code == 200, url
    return len(captured)


def public_pages() -> dict[str, list[str]]:
    """Every public page of each kind that the published inspections give."""
    published = Inspection.objects.published()
    slugs = LocalAuthority.objects.filter(inspections__in=published).values_list("slug", flat=True)
    return {
        "home": ["/"],
        "authority": [f"/authorities/{slug}/" for slug in sorted(set(slugs))],
        "inspection": [f"/inspections/{pk}/" for pk in published.values_list("pk", flat=True)],
    }


def most_queries() -> dict[str, int]:
    return {kind: max(map(queries, urls)) for kind, urls in public_pages().items()}


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[National]:
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        five = transaction.savepoint()
        import_letters(str(SAMPLES), "--publish-anyway")
        five_letters = most_queries()
        transaction.savepoint_rollback(five)
        assert not Inspection.objects.exists(), "the corpus must go into an empty database"

        first = import_letters(str(CORPUS), "--publish-anyway")
        second = import_letters(str(CORPUS), "--publish-anyway")
        yield National(first, second, five_letters)
        transaction.set_rollback(True)


def test_one_command_gives_every_document_one_outcome(national):
    rows = national.first.results
    assert sorted(row["file"] for row in rows) == sorted(p.name for p in CORPUS.glob("*.pdf"))
    outcomes = [row["outcome"] for row in rows]
    inspections, staged, _findings, _actions = national.first.created
    assert outcomes.count(bulk.IMPORTED) == inspections > 100
    assert outcomes.count(bulk.REVIEW) == staged
    assert outcomes.count(bulk.DUPLICATE) == 0
    assert Inspection.objects.filter(published=False).count() == 0


def test_the_only_refusal_is_the_fake_and_it_says_why(national):
    refused = [row for row in national.first.results if row["outcome"] == bulk.REFUSED]
    assert [row["file"] for row in refused] == [FAKE]
    assert "web page (HTML)" in refused[0]["reason"]
    assert national.first.refusal == "1 of 157 documents were refused: see above why."


# Read by hand: these focused-visit letters list nothing to act on (no areas for
# improvement or priority action), which a person should confirm before import. Every
# other corpus document is one the importer is sure of.
NEED_A_PERSON = {
    "2021-08-09-nottingham-focused-visit.pdf",
    "2022-06-06-north-tyneside-focused-visit.pdf",
    "2022-07-20-kensington-and-chelsea-focused-visit.pdf",
    "2022-12-13-london-corporation-focused-visit.pdf",
    "2024-01-12-bracknell-forest-focused-visit.pdf",
}


def test_only_the_letters_that_need_a_person_go_to_review_each_with_its_reason(national):
    waiting = {
        row["file"]: row["reason"]
        for row in national.first.results
        if row["outcome"] == bulk.REVIEW
    }
    assert set(waiting) == NEED_A_PERSON
    assert all(reason.startswith("No findings found.") for reason in waiting.values())


def test_every_letter_sent_for_review_waits_in_the_queue_with_its_reasons(national):
    waiting = [row for row in national.first.results if row["outcome"] == bulk.REVIEW]
    for row in waiting:
        staged = StagedImport.objects.get(pk=row["staged"])
        assert staged.status == StagedImport.Status.PENDING
        assert staged.reasons and row["reason"] == " ".join(staged.reasons)


def test_a_second_run_adds_nothing(national):
    assert national.second.created == national.first.created
    outcomes = {row["file"]: row["outcome"] for row in national.second.results}
    assert outcomes.pop(FAKE) == bulk.REFUSED
    assert set(outcomes.values()) == {bulk.DUPLICATE}


@pytest.mark.parametrize("kind", ["home", "authority", "inspection"])
def test_every_public_page_costs_as_many_queries_as_with_five_letters(national, kind):
    costs = {url: queries(url) for url in public_pages()[kind]}
    assert set(costs.values()) == {national.five_letters[kind]}, costs
