"""The theme rules on short sentences, tagging findings with them, and admins' corrections."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from inspections import themes
from inspections.models import Finding, FindingTheme, Inspection, LocalAuthority, Theme
from inspections.tagging import tag_findings

RULES, ADMIN = FindingTheme.Source.RULES, FindingTheme.Source.ADMIN


# The rules, on synthetic sentences ------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("Managers do not record their oversight of decisions.", "management-oversight"),
        ("Supervision is infrequent.", "management-oversight"),
        ("Assessments lack analysis.", "assessments-and-plans"),
        ("Plans for children are vague.", "assessments-and-plans"),
        ("Child protection plans lack contingency.", "assessments-and-plans"),
        ("Visits are not timely.", "timeliness"),
        ("There is drift and delay for some children.", "timeliness"),
        ("Work with the police needs to improve.", "partnership-working"),
        ("Multi-agency meetings are poorly attended.", "partnership-working"),
        ("Thresholds are not well understood.", "front-door"),
        ("Referrals wait too long in the MASH.", "front-door"),
        ("Caseloads are too high.", "workforce"),
        ("Recruitment of social workers is hard.", "workforce"),
        ("Audits focus on compliance.", "quality-assurance"),
        ("The quality assurance framework is new.", "quality-assurance"),
        ("Children’s wishes and feelings are not recorded.", "voice-of-the-child"),
        ("Children are not always seen alone.", "voice-of-the-child"),
        ("Ethnicity is not recorded.", "identity-and-diversity"),
        ("Plans ignore children's cultural needs.", "identity-and-diversity"),
        ("Children who go missing are not offered an interview.", "missing-and-exploitation"),
        ("Criminal exploitation is not well understood.", "missing-and-exploitation"),
        ("Domestic violence notifications arrive late.", "domestic-abuse"),
        ("CAMHS waiting times are long.", "mental-health"),
        ("Parental mental health is overlooked.", "mental-health"),
        ("Care leavers lack a personal adviser.", "care-leavers"),
        ("The LSCB should set clear priorities.", "safeguarding-board"),
        ("Serious case reviews are slow to publish.", "safeguarding-board"),
    ],
)
def test_a_sentence_about_a_theme_gets_that_theme(sentence, theme):
    assert theme in themes.match(sentence)


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        ("The planet is warm.", "assessments-and-plans"),  # whole words only
        ("The board's business plan is late.", "assessments-and-plans"),  # ignored phrase
        ("An action plan is in place.", "assessments-and-plans"),
        ("Staff in the assessment team are settled.", "assessments-and-plans"),
        ("Adult mental health services are involved.", "partnership-working"),
        ("Plaudits were given.", "quality-assurance"),  # audit* must start a word
        ("Reviews are held on time.", "voice-of-the-child"),  # "views" is not "reviews"
    ],
)
def test_a_sentence_that_only_looks_like_a_theme_does_not_get_it(sentence, theme):
    assert theme not in themes.match(sentence)


def test_matching_ignores_case_hyphens_and_curly_apostrophes():
    assert "partnership-working" in themes.match("MULTI AGENCY work")
    assert "voice-of-the-child" in themes.match("The child‑centred approach")
    assert "voice-of-the-child" in themes.match("The CHILD’S EXPERIENCE is unclear")


def test_a_keyword_with_a_star_matches_any_ending():
    assert themes.match("Auditing is patchy.")["quality-assurance"] == "audit*"
    assert themes.match("Files were audited.")["quality-assurance"] == "audit*"


def test_the_part_of_the_report_counts_too():
    given = themes.match(
        "Priorities should be measurable.", section="Local Safeguarding Children Board"
    )

    assert list(given) == ["safeguarding-board"]


def test_it_says_which_keyword_matched_and_keeps_the_vocabulary_order():
    given = themes.match("Delayed assessments of children who go missing.")

    assert given == {
        "assessments-and-plans": "assessment*",
        "timeliness": "delay*",
        "missing-and-exploitation": "missing",
    }


def test_the_vocabulary_has_each_theme_once_with_a_name_and_keywords():
    slugs = [rule.slug for rule in themes.VOCABULARY]
    assert len(slugs) == len(set(slugs)) == 14
    assert all(rule.name and rule.description and rule.keywords for rule in themes.VOCABULARY)


# Tagging findings -----------------------------------------------------------------------


@pytest.fixture
def finding(db) -> Finding:
    inspection = Inspection.objects.create(
        authority=LocalAuthority.objects.get(name="Wigan"), title="Focused visit"
    )
    return Finding.objects.create(
        inspection=inspection,
        kind=Finding.Kind.AREA_FOR_DEVELOPMENT,
        text="Casework audits do not check the timeliness of visits.",
        position=0,
    )


def tags(finding: Finding) -> dict[str, tuple[bool, str]]:
    return {
        tag.theme.slug: (tag.applies, tag.source)
        for tag in finding.theme_tags.select_related("theme")
    }


def test_tagging_gives_a_finding_the_themes_the_rules_give(finding):
    assert tag_findings([finding]) == (2, 0)

    assert tags(finding) == {"timeliness": (True, RULES), "quality-assurance": (True, RULES)}
    assert finding.theme_tags.get(theme__slug="timeliness").matched == "timeliness"


def test_tagging_again_changes_nothing(finding):
    tag_findings([finding])

    assert tag_findings([finding]) == (0, 0)


def test_when_the_text_changes_the_rules_move_their_own_tags(finding):
    tag_findings([finding])
    finding.text = "Casework audits are too few."
    finding.save()

    assert tag_findings([finding]) == (0, 1)
    assert tags(finding) == {"quality-assurance": (True, RULES)}


def test_the_rules_never_undo_an_admins_correction(finding):
    tag_findings([finding])
    finding.theme_tags.filter(theme__slug="timeliness").update(applies=False, source=ADMIN)
    voice = Theme.objects.get(slug="voice-of-the-child")
    FindingTheme.objects.create(finding=finding, theme=voice, source=ADMIN)

    tag_findings([finding])

    assert tags(finding) == {
        "timeliness": (False, ADMIN),
        "quality-assurance": (True, RULES),
        "voice-of-the-child": (True, ADMIN),
    }


def test_importing_a_letter_tags_its_findings(db):
    call_command("load_sample_data", stdout=io.StringIO())
    audit = Finding.objects.get(text__startswith="Casework audits to have a focus")

    assert tags(audit) == {"quality-assurance": (True, RULES)}


def test_the_command_retags_every_finding_and_keeps_corrections(finding):
    tag_findings([finding])
    finding.theme_tags.filter(theme__slug="timeliness").update(applies=False, source=ADMIN)
    FindingTheme.objects.filter(theme__slug="quality-assurance").delete()
    out = io.StringIO()

    call_command("tag_themes", stdout=out)

    assert "1 tags added, 0 removed" in out.getvalue()
    assert tags(finding)["timeliness"] == (False, ADMIN)


# The admin ------------------------------------------------------------------------------


def change_form_data(response) -> dict[str, Any]:
    """What the finding's change form posts back if the admin changes nothing."""
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if name == "themes":
            data[name] = [getattr(theme, "pk", theme) for theme in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else str(value)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
    return data


def test_the_admin_shows_a_findings_themes_and_what_the_rules_give(admin_client, finding):
    tag_findings([finding])

    page = admin_client.get(reverse("admin:inspections_finding_change", args=[finding.pk]))

    html = page.content.decode()
    assert "Themes the rules give" in html
    assert "Timeliness (keyword “timeliness”)" in html
    assert "Timeliness: applies (the rules)" in html
    ticked = Theme.objects.filter(slug__in=["timeliness", "quality-assurance"])
    assert set(page.context["adminform"].form["themes"].value()) == {t.pk for t in ticked}


def test_an_admins_ticks_become_theirs_and_outlast_the_rules(admin_client, finding):
    tag_findings([finding])
    url = reverse("admin:inspections_finding_change", args=[finding.pk])
    data = change_form_data(admin_client.get(url))
    timeliness = Theme.objects.get(slug="timeliness")
    voice = Theme.objects.get(slug="voice-of-the-child")
    data["themes"] = [pk for pk in data["themes"] if pk != timeliness.pk] + [voice.pk]

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    expected = {
        "timeliness": (False, ADMIN),
        "quality-assurance": (True, RULES),  # untouched, so still the rules'
        "voice-of-the-child": (True, ADMIN),
    }
    assert tags(finding) == expected
    tag_findings([finding])
    assert tags(finding) == expected


def test_a_post_without_the_theme_ticks_leaves_the_themes_alone(admin_client, finding):
    tag_findings([finding])
    url = reverse("admin:inspections_finding_change", args=[finding.pk])
    data = change_form_data(admin_client.get(url))
    del data["themes"], data["themes_shown"]

    assert admin_client.post(url, data).status_code == 302
    assert tags(finding) == {"timeliness": (True, RULES), "quality-assurance": (True, RULES)}


def test_the_admin_shows_each_themes_rules(admin_client, db):
    tag_findings([])

    html = admin_client.get(reverse("admin:inspections_theme_changelist")).content.decode()

    assert "Quality of assessments and plans" in html
    assert "assessment*" in html
    assert "business plan*" in html
    theme = Theme.objects.get(slug="quality-assurance")
    change = admin_client.get(reverse("admin:inspections_theme_change", args=[theme.pk]))
    assert "A `*` at the end of a keyword matches any ending" in change.content.decode()
