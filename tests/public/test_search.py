"""Search over published findings and inspection titles: matching, filters, highlighting, pages."""

from __future__ import annotations

import pytest

from inspections.models import Finding, Inspection, LocalAuthority
from inspections.search import as_html, mark, search_terms
from tests.public.conftest import KIND, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters(wigan):
    wirral = LocalAuthority.objects.get(name="Wirral")
    publish(
        wigan,
        year=2017,
        kind=Inspection.Kind.SIF,
        findings=[
            (KIND.RECOMMENDATION, "Ensure that audit work analyses the quality of practice."),
            (KIND.STRENGTH, "Leaders know their services well."),
        ],
    )
    publish(
        wigan,
        year=2020,
        findings=[(KIND.AREA_FOR_DEVELOPMENT, "Casework audit to focus on quality.")],
    )
    publish(
        wirral,
        year=2020,
        findings=[(KIND.AREA_FOR_DEVELOPMENT, "Supervision is not reflective; audit is rare.")],
    )


def search(client, query: str) -> str:
    return client.get(f"/search/?{query}").content.decode()


def test_it_finds_findings_by_their_words_and_highlights_them(client, letters):
    page = search(client, "q=audit")

    assert "3 results" in page
    assert "Casework <mark>audit</mark> to focus on quality." in page
    assert "<title>Search results for “audit” – " in page


def test_every_word_must_match(client, letters):
    page = search(client, "q=audit+casework")

    assert "1 result" in page
    assert "<mark>Casework</mark> <mark>audit</mark>" in page


def test_it_finds_findings_by_their_inspections_title(client, letters):
    page = search(client, "q=framework")

    assert "2 results" in page
    assert "Single inspection <mark>framework</mark>" in page
    assert "Leaders know their services well." in page


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ("kind=recommendation", ["audit work analyses"]),
        ("authority=wirral", ["Supervision is not reflective"]),
        ("year=2017", ["audit work analyses", "Leaders know"]),
        ("year=2020&authority=wigan", ["Casework"]),
    ],
)
def test_it_filters_by_kind_authority_and_year(client, letters, filters, expected):
    page = search(client, filters)

    assert f"{len(expected)} result" in page
    for text in expected:
        assert text in page


def test_the_filters_offer_only_authorities_and_years_with_published_inspections(client, letters):
    page = search(client, "")

    assert '<option value="wirral">Wirral</option>' in page
    assert '<option value="2017">2017</option>' in page
    assert "Wandsworth" not in page
    assert "result" not in page  # nothing searched yet


def test_a_choice_that_is_not_on_the_list_is_an_error_not_a_crash(client, letters):
    response = client.get("/search/?q=audit&authority=atlantis")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Search results for “audit”" in page
    assert "3 results" in page


def test_results_come_fifty_to_a_page(client, wigan):
    publish(
        wigan, year=2020, findings=[(KIND.AREA_FOR_DEVELOPMENT, f"Audit {n}.") for n in range(60)]
    )

    first, second = search(client, "q=audit"), search(client, "q=audit&page=2")

    assert "60 results" in first and "Showing 1 to 50." in first
    assert "Showing 51 to 60." in second
    assert "(page 2 of 2)" in second
    assert 'href="?q=audit&amp;page=2"' in first


def test_letter_text_is_escaped_around_the_highlights(client, wigan):
    publish(wigan, year=2020, findings=[(KIND.AREA_FOR_DEVELOPMENT, "<b>audit</b> & <i>plan</i>")])

    page = search(client, "q=audit")

    assert "&lt;b&gt;<mark>audit</mark>&lt;/b&gt; &amp; &lt;i&gt;plan&lt;/i&gt;" in page


def test_search_terms_keep_quoted_phrases_together():
    assert search_terms('care "leaving care"  Care') == ["care", "leaving care"]


def test_marks_are_case_insensitive_and_prefer_the_longest_term():
    marked = mark("Care leavers and care", ["care", "care leavers"])

    assert as_html(marked) == "<mark>Care leavers</mark> and <mark>care</mark>"


def test_only_published_findings_are_searched(client, wigan):
    publish(wigan, year=2020, published=False, findings=[(KIND.STRENGTH, "Hidden audit.")])

    assert "0 results" in search(client, "q=audit")
    assert Finding.objects.count() == 1
