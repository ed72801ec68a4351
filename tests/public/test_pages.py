"""The public pages: what they show, to whom, how they cache, and what they cost."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from inspections.models import Grade, Inspection, Judgement, LocalAuthority
from tests.public.conftest import KIND, add_actions, publish

pytestmark = pytest.mark.django_db


def test_home_lists_each_authority_with_its_latest_inspection_and_progress(client, wigan):
    publish(wigan, year=2017, kind=Inspection.Kind.SIF, grade=Grade.GOOD)
    latest = publish(
        wigan,
        year=2020,
        findings=[(KIND.AREA_FOR_DEVELOPMENT, "Audits should look at quality.")],
    )
    add_actions(latest, 3, timezone.localdate())  # one completed, one overdue

    page = client.get("/").content.decode()

    assert 'href="/authorities/wigan/"' in page
    assert f'href="/inspections/{latest.pk}/"' in page
    assert "14 January 2020" in page
    assert "1 of 3" in page
    assert 'action="/search/"' in page


def test_home_leaves_out_authorities_with_nothing_published(client, wigan):
    publish(wigan, year=2020, published=False)

    page = client.get("/").content.decode()

    assert "No inspections have been published yet." in page
    assert "Focused visit" not in page


def test_home_links_to_every_authority(client, db):
    page = client.get("/").content.decode()
    links = page.split('id="all-authorities"')[1].count('href="/authorities/')
    assert links == LocalAuthority.objects.count() == 156


def test_the_authority_page_shows_inspections_over_time_and_the_judgement_trend(client, wigan):
    publish(wigan, year=2013, kind=Inspection.Kind.SIF, grade=Grade.REQUIRES_IMPROVEMENT)
    publish(wigan, year=2017, kind=Inspection.Kind.SIF, grade=Grade.GOOD)
    publish(wigan, year=2020)

    response = client.get("/authorities/wigan/")
    page = response.content.decode()

    assert "<title>Wigan: inspections and actions – " in page
    assert page.index("14 January 2020") < page.index("14 January 2017")
    assert "went from requires improvement (2013) to good (2017)" in page
    assert "Improved" in page
    assert 'type="application/atom+xml"' in page


def test_an_unknown_authority_is_not_found(client, db):
    assert client.get("/authorities/atlantis/").status_code == 404


def test_the_inspection_page_shows_judgements_findings_by_kind_and_action_states(client, wigan):
    inspection = publish(
        wigan,
        year=2017,
        kind=Inspection.Kind.SIF,
        grade=Grade.GOOD,
        findings=[
            (KIND.STRENGTH, "Leaders know their services well."),
            (KIND.RECOMMENDATION, "Ensure that audits look at the quality of practice."),
            (KIND.STRENGTH, "Children are seen alone."),
        ],
    )
    Judgement.objects.create(
        inspection=inspection, area="Adoption performance", grade=Grade.REQUIRES_IMPROVEMENT
    )
    add_actions(inspection, 2, timezone.localdate())

    page = client.get(f"/inspections/{inspection.pk}/").content.decode()

    assert "<title>Wigan: Single inspection framework (SIF), January 2017 – " in page
    assert "14 January 2017 to 15 January 2017" in page
    assert "Lena Lead, Ian Inspector" in page
    # The overall grade is stated once, apart from the table of the areas' grades.
    assert page.count("Overall judgement") == 1 and page.count(">Good<") == 1
    assert "Adoption performance" in page and "Requires improvement" in page
    # Groups come in the order the letter first uses each kind; both strengths together.
    assert page.index("Strengths") < page.index("Recommendations")
    assert page.index("Children are seen alone.") < page.index("Recommendations")
    assert "Themes: Quality assurance and audit" in page
    assert "Completed" in page and "Overdue" in page
    assert "1 of 2, 1 overdue" in page


def test_unpublished_inspections_and_their_findings_are_not_found(client, wigan):
    hidden = publish(
        wigan,
        year=2021,
        published=False,
        title="Hidden monitoring visit",
        findings=[(KIND.PRIORITY_ACTION, "Secret finding about thresholds.")],
    )
    hidden.source_document.save("letter.txt", ContentFile(b"the letter"))

    assert client.get(f"/inspections/{hidden.pk}/").status_code == 404
    assert client.get(f"/inspections/{hidden.pk}/document/").status_code == 404
    for url in ["/", "/authorities/wigan/", "/search/?q=secret", "/authorities/wigan/feed/"]:
        page = client.get(url).content.decode()
        assert "Secret finding" not in page, url
        assert "Hidden monitoring visit" not in page, url


def test_the_letter_can_be_downloaded_only_where_an_admin_published_it(client, wigan):
    with_letter = publish(wigan, year=2020)
    with_letter.source_document.save("wigan-2020.txt", ContentFile(b"Dear Director"))
    without = publish(wigan, year=2017)

    response = client.get(f"/inspections/{with_letter.pk}/document/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Dear Director"
    assert "attachment" in response["Content-Disposition"]
    assert "Download the inspection letter" in _page(client, with_letter)
    assert client.get(f"/inspections/{without.pk}/document/").status_code == 404
    assert "Download the inspection letter" not in _page(client, without)


@pytest.mark.parametrize(
    "url",
    ["/", "/authorities/wigan/", "INSPECTION", "/search/?q=audit", "/authorities/wigan/feed/"],
)
def test_pages_are_cacheable_and_answer_a_repeat_request_with_304(client, wigan, url):
    inspection = publish(wigan, year=2020, findings=[(KIND.AREA_FOR_DEVELOPMENT, "Audit more.")])
    url = url.replace("INSPECTION", f"/inspections/{inspection.pk}/")

    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert again.status_code == 304
    assert again.content == b""


def test_a_page_that_changed_is_sent_again(client, wigan):
    inspection = publish(wigan, year=2020)
    first = client.get(f"/inspections/{inspection.pk}/")
    Inspection.objects.filter(pk=inspection.pk).update(lead_inspector="Nina New")

    again = client.get(f"/inspections/{inspection.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert "Nina New" in again.content.decode()


def test_the_letter_download_answers_if_modified_since_with_304(client, wigan):
    inspection = publish(wigan, year=2020)
    inspection.source_document.save("wigan-2020.txt", ContentFile(b"Dear Director"))
    first = client.get(f"/inspections/{inspection.pk}/document/")

    again = client.get(
        f"/inspections/{inspection.pk}/document/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )

    assert again.status_code == 304


def test_public_pages_refuse_to_be_posted_to(client, wigan):
    assert client.post("/").status_code == 405
    assert client.post("/search/", {"q": "audit"}).status_code == 405


def _page(client, inspection: Inspection) -> str:
    return client.get(f"/inspections/{inspection.pk}/").content.decode()
