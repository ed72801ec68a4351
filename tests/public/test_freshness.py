"""The public pages decide freshness from the data, before rendering: a revalidation costs
one query and no template, and the ETag changes whenever what the page shows changes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from actions import services
from actions.models import ActionItem, Status
from inspections.models import AuthorityRevision, Finding, Inspection, Judgement, LocalAuthority
from tests.public.conftest import KIND, add_actions, publish

pytestmark = pytest.mark.django_db

FINDINGS = [
    (KIND.STRENGTH, "Leaders know their services well."),
    (KIND.AREA_FOR_DEVELOPMENT, "Audits of casework should look at the quality of practice."),
]


@pytest.fixture
def inspection(wigan) -> Inspection:
    published = publish(wigan, year=2020, findings=FINDINGS)
    add_actions(published, 3, timezone.localdate())
    return published


def etag(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


def inspection_urls(inspection: Inspection) -> list[str]:
    finding = inspection.findings.actionable().get()
    return [
        f"/inspections/{inspection.pk}/",
        f"/inspections/{inspection.pk}/findings/{finding.pk}/actions/",
    ]


SITE_URLS = ["/", "/authorities/wigan/"]


@pytest.mark.parametrize("which", range(4))
def test_a_revalidation_costs_one_query_and_renders_nothing(
    client, inspection, which, django_assert_max_num_queries
):
    url = (inspection_urls(inspection) + SITE_URLS)[which]
    first = etag(client, url)

    with django_assert_max_num_queries(1):
        again = client.get(url, HTTP_IF_NONE_MATCH=first)

    assert again.status_code == 304
    assert not again.templates


def test_the_etag_changes_when_an_action_changes_status(client, inspection, world):
    action = ActionItem.objects.filter(finding__inspection=inspection).latest("pk")
    before = [etag(client, url) for url in inspection_urls(inspection) + SITE_URLS]

    services.change_status(action=action, to_status=Status.BLOCKED, by=world.manager, note="Why")

    after = [etag(client, url) for url in inspection_urls(inspection) + SITE_URLS]
    assert all(old != new for old, new in zip(before, after, strict=True))


def test_the_etag_changes_when_an_action_is_deleted(client, inspection):
    before = [etag(client, url) for url in inspection_urls(inspection) + SITE_URLS]

    ActionItem.objects.filter(finding__inspection=inspection).latest("pk").delete()

    after = [etag(client, url) for url in inspection_urls(inspection) + SITE_URLS]
    assert all(old != new for old, new in zip(before, after, strict=True))


def test_an_unpublished_inspection_answers_404_not_304(client, inspection):
    urls = inspection_urls(inspection)
    tags = [etag(client, url) for url in urls]
    home = etag(client, "/")

    inspection.published = False
    inspection.save()

    for url, tag in zip(urls, tags, strict=True):
        assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 404
    assert etag(client, "/") != home


def test_the_etag_changes_with_the_day_as_actions_fall_overdue(client, inspection, monkeypatch):
    before = [etag(client, url) for url in inspection_urls(inspection) + SITE_URLS]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)

    after = [etag(client, url) for url in inspection_urls(inspection) + SITE_URLS]
    assert all(old != new for old, new in zip(before, after, strict=True))


def test_the_etag_changes_when_a_finding_or_judgement_is_edited_or_deleted(client, inspection):
    url = f"/inspections/{inspection.pk}/"
    tags = [etag(client, url)]
    strength = inspection.findings.get(kind=KIND.STRENGTH)

    strength.text = "Leaders know their services very well."
    strength.save()
    tags.append(etag(client, url))
    judgement = Judgement.objects.create(inspection=inspection, area="Care leavers", grade="good")
    tags.append(etag(client, url))
    judgement.grade = "outstanding"
    judgement.save()
    tags.append(etag(client, url))
    judgement.delete()
    tags.append(etag(client, url))
    strength.delete()
    tags.append(etag(client, url))

    assert len(set(tags)) == len(tags)


def test_the_etag_changes_when_an_authority_or_inspection_row_changes(client, inspection):
    tags = [etag(client, url) for url in [f"/inspections/{inspection.pk}/", *SITE_URLS]]

    # Updates that bypass save(): the database bumps the authority's revision number.
    Inspection.objects.filter(pk=inspection.pk).update(title="A new title")
    LocalAuthority.objects.filter(pk=inspection.authority_id).update(council_name="Wigan MBC")

    again = [etag(client, url) for url in [f"/inspections/{inspection.pk}/", *SITE_URLS]]
    assert all(old != new for old, new in zip(tags, again, strict=True))


def test_a_revalidation_reads_the_same_etag_as_a_first_visit(client, inspection):
    """A request with If-None-Match reads only the revision number; one without reads it
    with the page's rows: both must name the page alike, before and after a change."""
    url = f"/inspections/{inspection.pk}/"
    first = etag(client, url)
    assert client.get(url, HTTP_IF_NONE_MATCH='"someone else\'s"')["ETag"] == first

    Inspection.objects.filter(pk=inspection.pk).update(title="A new title")

    revalidated = client.get(url, HTTP_IF_NONE_MATCH=first)
    assert revalidated.status_code == 200
    assert revalidated["ETag"] == etag(client, url) != first


def test_an_inspection_moved_to_another_authority_changes_etag_whatever_the_numbers(
    client, inspection
):
    url = f"/inspections/{inspection.pk}/"
    first = etag(client, url)
    number = AuthorityRevision.objects.get(authority_id=inspection.authority_id).number
    wirral = LocalAuthority.objects.get(name="Wirral")

    Inspection.objects.filter(pk=inspection.pk).update(authority=wirral)
    # The worst case: the new authority's number is the one the old one had.
    AuthorityRevision.objects.filter(authority_id=wirral.pk).update(number=number)

    assert client.get(url, HTTP_IF_NONE_MATCH=first).status_code == 200
    assert etag(client, url) != first


def test_a_stale_copy_is_sent_the_new_page(client, inspection, world):
    url = f"/inspections/{inspection.pk}/"
    first = etag(client, url)
    action = ActionItem.objects.filter(finding__inspection=inspection, status=Status.COMPLETED)
    services.change_status(action=action.get(), to_status=Status.VERIFIED, by=world.manager)

    again = client.get(url, HTTP_IF_NONE_MATCH=first)

    assert again.status_code == 200
    assert "1 of 3 actions completed, 1 verified" in again.content.decode()


# A finding with many actions ----------------------------------------------------------


@pytest.fixture
def crowded(wigan) -> tuple[Inspection, Finding]:
    """A published inspection whose one actionable finding has 120 actions, a third of
    them overdue, and one with an approved public summary that is not overdue."""
    inspection = publish(wigan, year=2021, findings=FINDINGS)
    actions = add_actions(inspection, 120, timezone.localdate())
    approved = actions[-1]
    ActionItem.objects.filter(pk=approved.pk).update(
        public_summary="Supervision audits every month", public_summary_approved_at=timezone.now()
    )
    return inspection, inspection.findings.actionable().get()


def test_a_finding_with_many_actions_shows_the_few_that_matter_and_links_to_all(client, crowded):
    inspection, finding = crowded

    page = client.get(f"/inspections/{inspection.pk}/").content.decode()

    assert page.count('class="app-public-action"') == 5
    # The approved summary first, then four of the overdue ones.
    assert page.count('govuk-tag--red">Overdue<') == 4
    assert "Supervision audits every month" in page
    assert "40 of 120 actions completed, 0 verified, 40 overdue" in page
    assert f'href="/inspections/{inspection.pk}/findings/{finding.pk}/actions/"' in page
    assert "See all 120 actions" in page


def test_the_inspection_page_does_not_grow_with_the_actions(client, crowded, wigan):
    small = publish(wigan, year=2022, findings=FINDINGS)
    add_actions(small, 6, timezone.localdate())
    crowded_page = client.get(f"/inspections/{crowded[0].pk}/").content
    small_page = client.get(f"/inspections/{small.pk}/").content

    assert len(crowded_page) < len(small_page) + 2_000


def test_the_list_of_a_findings_actions_is_paged_50_at_a_time(client, crowded):
    inspection, finding = crowded
    url = f"/inspections/{inspection.pk}/findings/{finding.pk}/actions/"

    first = client.get(url).content.decode()
    last = client.get(url + "?page=3").content.decode()

    assert first.count('class="app-public-action"') == 50
    assert last.count('class="app-public-action"') == 20
    assert "Showing 101 to 120" in last
    assert 'class="govuk-pagination"' in first
    # Numbered by place in the whole list, as on the inspection page.
    assert "Action 101<span" in last
    # Numbered from 1: "Action 0" is an internal title, which never shows.
    assert ">Action 0<" not in first + last


def test_the_list_of_actions_is_only_for_published_actionable_findings(client, crowded, wigan):
    inspection, finding = crowded
    strength = inspection.findings.get(kind=KIND.STRENGTH)
    hidden = publish(wigan, year=2023, findings=FINDINGS, published=False)
    hidden_finding = hidden.findings.actionable().get()

    assert (
        client.get(f"/inspections/{inspection.pk}/findings/{strength.pk}/actions/").status_code
        == 404
    )
    assert (
        client.get(f"/inspections/{hidden.pk}/findings/{hidden_finding.pk}/actions/").status_code
        == 404
    )
    assert (
        client.get(
            f"/inspections/{inspection.pk}/findings/{hidden_finding.pk}/actions/"
        ).status_code
        == 404
    )


@pytest.mark.parametrize("count", [10, 150])
def test_the_list_of_actions_costs_the_same_whatever_the_data(
    client, wigan, count, django_assert_max_num_queries
):
    inspection = publish(wigan, year=2021, findings=FINDINGS)
    add_actions(inspection, count, timezone.localdate())
    finding = inspection.findings.actionable().get()

    with django_assert_max_num_queries(4):
        response = client.get(f"/inspections/{inspection.pk}/findings/{finding.pk}/actions/?page=2")
    assert response.status_code == 200


def test_the_cached_list_of_every_authority_follows_a_rename(client, inspection):
    assert ">Wigan</a>" in client.get("/").content.decode()

    LocalAuthority.objects.filter(pk=inspection.authority_id).update(name="Wigan Borough")

    page = client.get("/").content.decode()
    listed = page.split('id="all-authorities"')[1]
    assert ">Wigan Borough</a>" in listed and ">Wigan</a>" not in listed


def test_a_page_is_rendered_once_while_its_etag_stands(client, inspection, world):
    url = f"/inspections/{inspection.pk}/"
    first = client.get(url)
    again = client.get(url)
    action = ActionItem.objects.filter(finding__inspection=inspection).latest("pk")
    services.change_status(action=action, to_status=Status.BLOCKED, by=world.manager, note="Why")
    changed = client.get(url)

    assert first.templates and not again.templates
    assert again.content == first.content
    assert changed.templates and ">Blocked<" in changed.content.decode()


def test_staff_signed_in_always_get_a_fresh_page(client, inspection, world):
    client.force_login(world.manager)
    url = f"/inspections/{inspection.pk}/"

    assert client.get(url).templates
    assert client.get(url).templates


def test_made_up_query_strings_are_rendered_not_cached(client, inspection):
    """One cached copy per page number at most: other parameters cannot fill the cache."""
    url = f"/inspections/{inspection.pk}/"
    for made_up in ("?x=1", "?x=1", "?page=99999", "?page=99999"):
        assert client.get(url + made_up).templates
    client.get(url + "?page=1")
    assert not client.get(url + "?page=1").templates


def test_the_etag_follows_writes_made_outside_the_services(client, inspection):
    """The authority's revision number moves with any write (a database trigger), so a
    change made in SQL, in a data migration or by a script is never served stale."""
    before = [etag(client, url) for url in inspection_urls(inspection) + SITE_URLS]

    ActionItem.objects.filter(finding__inspection=inspection).update(public_summary="Done.")

    after = [etag(client, url) for url in inspection_urls(inspection) + SITE_URLS]
    assert all(old != new for old, new in zip(before, after, strict=True))


def test_another_authoritys_write_keeps_the_inspection_etag(client, inspection):
    url = f"/inspections/{inspection.pk}/"
    before, home = etag(client, url), etag(client, "/")

    theirs = publish(LocalAuthority.objects.get(name="Wirral"), year=2021, findings=FINDINGS)
    add_actions(theirs, 2, timezone.localdate())

    assert etag(client, url) == before
    assert etag(client, "/") != home  # which lists every authority
