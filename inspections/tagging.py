"""Tagging findings with themes: the rules of inspections/themes.py applied to the database.

The rules own the tags they made (source "rules") and nothing else. A tag an admin set,
whether "applies" or "does not apply", is never changed by the rules, so an admin's
correction survives every re-run.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from inspections import themes
from inspections.models import Finding, FindingTheme, Theme

RULES = FindingTheme.Source.RULES


def sync_themes() -> dict[str, Theme]:
    """Theme rows for every theme of the vocabulary, created or renamed as the code says; by slug.

    Themes the vocabulary no longer has are left alone, with their tags, for an admin to
    review.
    """
    existing = {theme.slug: theme for theme in Theme.objects.all()}
    new, changed = [], []
    for position, rule in enumerate(themes.VOCABULARY):
        theme = existing.get(rule.slug)
        if theme is None:
            new.append(Theme(slug=rule.slug, name=rule.name, position=position))
        elif (theme.name, theme.position) != (rule.name, position):
            theme.name, theme.position = rule.name, position
            changed.append(theme)
    Theme.objects.bulk_create(new)
    Theme.objects.bulk_update(changed, ["name", "position"])
    return existing | {theme.slug: theme for theme in new}


@transaction.atomic
def tag_findings(findings: Iterable[Finding]) -> tuple[int, int]:
    """Apply the theme rules to these findings; returns (tags added, tags removed).

    Adds a "rules" tag for each theme the rules now give, unless the finding already has
    a tag for it; removes "rules" tags the rules no longer give; leaves admins' tags alone.
    """
    findings = list(findings)
    by_slug = sync_themes()
    current: dict[int, dict[int, FindingTheme]] = {finding.pk: {} for finding in findings}
    for existing in FindingTheme.objects.filter(finding__in=[f.pk for f in findings]):
        current[existing.finding_id][existing.theme_id] = existing
    added: list[FindingTheme] = []
    stale: list[int] = []
    rematched: list[FindingTheme] = []
    for finding in findings:
        given = {
            by_slug[slug].pk: keyword
            for slug, keyword in themes.match(finding.text, finding.section).items()
        }
        tags = current[finding.pk]
        for theme_id, keyword in given.items():
            tag = tags.get(theme_id)
            if tag is None:
                added.append(
                    FindingTheme(finding=finding, theme_id=theme_id, source=RULES, matched=keyword)
                )
            elif tag.source == RULES and tag.matched != keyword:
                tag.matched, tag.updated_at = keyword, timezone.now()
                rematched.append(tag)
        stale += [pk for theme_id, pk in _rule_tags(tags).items() if theme_id not in given]
    FindingTheme.objects.bulk_create(added)
    FindingTheme.objects.bulk_update(rematched, ["matched", "updated_at"])
    FindingTheme.objects.filter(pk__in=stale).delete()
    return len(added), len(stale)


def _rule_tags(tags: dict[int, FindingTheme]) -> dict[int, int]:
    """Theme id -> tag id of the tags the rules made."""
    return {theme_id: tag.pk for theme_id, tag in tags.items() if tag.source == RULES}


@transaction.atomic
def set_themes_by_admin(*, finding: Finding, themes: Iterable[Theme]) -> None:
    """Record which themes an admin says apply to a finding.

    Only the themes whose state the admin changed become the admin's tags (a theme
    ticked that did not apply, or unticked that did); the rest stay with whoever set them.
    """
    wanted = {theme.pk for theme in themes}
    current = {tag.theme_id: tag for tag in finding.theme_tags.select_for_update()}
    for theme_id in wanted | set(current):
        tag = current.get(theme_id)
        applies = theme_id in wanted
        if tag is not None and tag.applies == applies:
            continue
        FindingTheme.objects.update_or_create(
            finding=finding,
            theme_id=theme_id,
            defaults={"applies": applies, "source": FindingTheme.Source.ADMIN, "matched": ""},
        )
