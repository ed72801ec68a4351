"""Authorities, inspections and what Ofsted found in them."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from inspections import permissions
from inspections.naming import name_key


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    # The 2009–2013 frameworks' third grade, where later ones say "requires improvement".
    ADEQUATE = "adequate", "Adequate"
    INADEQUATE = "inadequate", "Inadequate"


class InspectionKind(models.TextChoices):
    ANNUAL_UNANNOUNCED = "annual_unannounced", "Annual unannounced inspection"
    FOCUSED_VISIT = "focused_visit", "Focused visit"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    SIF = "sif", "Single inspection framework (SIF)"
    ILACS_STANDARD = "ilacs_standard", "ILACS standard inspection"
    ILACS_SHORT = "ilacs_short", "ILACS short inspection"
    JTAI = "jtai", "Joint targeted area inspection"
    SAFEGUARDING_LAC = (
        "safeguarding_lac",
        "Inspection of safeguarding and looked after children services",
    )
    CHILD_PROTECTION = (
        "child_protection",
        "Inspection of local authority arrangements for the protection of children",
    )
    OTHER = "other", "Other"


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    SATISFACTORY = "satisfactory", "Satisfactory practice"
    AREA_FOR_DEVELOPMENT = "area_for_development", "Area for development"
    PRIORITY_ACTION = "priority_action", "Area for priority action"
    RECOMMENDATION = "recommendation", "Recommendation"


class LocalAuthorityQuerySet(models.QuerySet["LocalAuthority"]):
    def match_name(self, council_name: str) -> LocalAuthority | None:
        """The authority a letter's council name refers to, or None when unsure.

        Letters name councils in many ways ("Wigan Metropolitan Borough Council",
        "London Borough of Wandsworth Council", "Bournemouth, Christchurch and Poole
        Council"); both sides are reduced to a key without those decorations.
        """
        wanted = name_key(council_name)
        if not wanted:
            return None
        matches = [a for a in self.only("id", "name", "also_known_as") if wanted in a.name_keys()]
        return matches[0] if len(matches) == 1 else None


class LocalAuthority(models.Model):
    name = models.CharField(max_length=100, unique=True)
    council_name = models.CharField(max_length=200, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    also_known_as = models.CharField(
        max_length=300,
        blank=True,
        help_text="Other names used in letters, separated by semicolons.",
    )
    ofsted_urn = models.CharField("Ofsted URN", max_length=12, blank=True)
    dfe_code = models.CharField("DfE LA code", max_length=3, blank=True)
    ons_code = models.CharField("ONS code", max_length=9, blank=True)
    region = models.CharField(max_length=60, blank=True)
    authority_type = models.CharField(max_length=40, blank=True)
    web_domain = models.CharField(max_length=100, blank=True)

    objects = LocalAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"
        constraints = [
            # Codes are optional but, when given, identify one authority.
            models.UniqueConstraint(
                fields=["dfe_code"], condition=~Q(dfe_code=""), name="authority_unique_dfe_code"
            ),
            models.UniqueConstraint(
                fields=["ons_code"], condition=~Q(ons_code=""), name="authority_unique_ons_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def name_keys(self) -> set[str]:
        names = [self.name, *self.also_known_as.split(";")]
        return {key for key in map(name_key, names) if key}


# An inspection's date is the first of these that is known: the visit's first day, else
# the letter's date, else the publication date. Letters give partial dates, and this lets
# every inspection still sort, group by year and be named. SQL: date_expression (and
# InspectionQuerySet.with_date); Python: Inspection.date.
DATE_FALLBACK = ("visit_start", "letter_date", "published_date")


def date_expression(prefix: str = "") -> Coalesce:
    """The inspection's date in SQL, for the inspection at `prefix` (e.g. "inspection__")."""
    return Coalesce(*(f"{prefix}{name}" for name in DATE_FALLBACK))


class InspectionQuerySet(models.QuerySet):
    def published(self) -> InspectionQuerySet:
        return self.filter(published=True)

    def with_date(self) -> InspectionQuerySet:
        """Annotates `inspected_on`, the SQL form of Inspection.date (see DATE_FALLBACK)."""
        return self.annotate(inspected_on=date_expression())

    def newest_first(self) -> InspectionQuerySet:
        return self.with_date().order_by(F("inspected_on").desc(nulls_last=True), "-pk")

    def for_user(self, user: permissions.User) -> InspectionQuerySet:
        """Inspections whose internal data (actions, drafts) the user may see."""
        authority_ids = permissions.visible_authority_ids(user)
        return self if authority_ids is None else self.filter(authority_id__in=authority_ids)


class Inspection(models.Model):
    Kind = InspectionKind

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=500)
    council_name = models.CharField(
        max_length=200, blank=True, help_text="The council as the letter names it."
    )
    visit_start = models.DateField(null=True, blank=True)
    visit_end = models.DateField(null=True, blank=True)
    letter_date = models.DateField(null=True, blank=True)
    published_date = models.DateField(null=True, blank=True)
    lead_inspector = models.CharField(max_length=200, blank=True)
    inspectors = models.JSONField(default=list, blank=True, help_text="All inspectors, lead first.")
    addressee = models.CharField(max_length=200, blank=True)
    overall_judgement = models.CharField(max_length=20, choices=Grade.choices, blank=True)
    source_document = models.FileField(upload_to="letters/%Y/", blank=True)
    source_text = models.TextField(blank=True)
    # Hash of the whitespace-normalised text: the same letter imported twice, as PDF or
    # pasted, gives the same fingerprint.
    fingerprint = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-visit_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(visit_end__isnull=True)
                | Q(visit_start__isnull=True)
                | Q(visit_end__gte=models.F("visit_start")),
                name="inspection_visit_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InspectionKind.values), name="inspection_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(overall_judgement="") | Q(overall_judgement__in=Grade.values),
                name="inspection_overall_judgement_valid",
            ),
        ]
        indexes = [
            # An authority's inspections over time (authority pages, filters).
            models.Index(fields=["authority", "-visit_start"], name="inspection_authority_date"),
            # Public lists show published inspections, newest first.
            models.Index(fields=["published", "-visit_start"], name="inspection_published_date"),
        ]

    def __str__(self) -> str:
        return f"{self.authority} – {self.label}" if self.date else self.title

    @property
    def date(self) -> datetime.date | None:
        """The inspection's date (see DATE_FALLBACK); the Python form of with_date."""
        return next((day for day in (getattr(self, name) for name in DATE_FALLBACK) if day), None)

    @property
    def label(self) -> str:
        """'Focused visit, January 2020': the kind and when, naming an inspection among its
        authority's (lists, exports, feeds, charts)."""
        kind = self.get_kind_display()
        return f"{kind}, {self.date:%B %Y}" if self.date else kind


class Judgement(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    area = models.CharField(max_length=300)
    grade = models.CharField(max_length=20, choices=Grade.choices)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "position"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "area"], name="judgement_area_once"),
            models.CheckConstraint(
                condition=Q(grade__in=Grade.values), name="judgement_grade_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.get_grade_display()}"


class FindingQuerySet(models.QuerySet):
    def actionable(self) -> FindingQuerySet:
        return self.filter(kind__in=Finding.ACTIONABLE_KINDS)

    def for_user(self, user: permissions.User) -> FindingQuerySet:
        authority_ids = permissions.visible_authority_ids(user)
        if authority_ids is None:
            return self
        return self.filter(inspection__authority_id__in=authority_ids)


class Finding(models.Model):
    Kind = FindingKind

    ACTIONABLE_KINDS = (Kind.AREA_FOR_DEVELOPMENT, Kind.PRIORITY_ACTION, Kind.RECOMMENDATION)

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    position = models.PositiveIntegerField(help_text="Order within the letter, from 0.")
    heading = models.CharField(max_length=300, blank=True, help_text="The heading as written.")
    section = models.CharField(
        max_length=200, blank=True, help_text="Part of a combined report, e.g. the LSCB review."
    )
    timescale = models.CharField(
        max_length=100,
        blank=True,
        help_text="When the letter asks for it to be done, e.g. “Within three months”.",
    )

    history = HistoricalRecords()
    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "position"], name="finding_position_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=FindingKind.values), name="finding_kind_valid"
            ),
        ]
        indexes = [
            # Findings of one kind within an inspection (public pages, action filters).
            models.Index(fields=["inspection", "kind"], name="finding_inspection_kind"),
            models.Index(fields=["kind"], name="finding_kind"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77] + "…"

    @property
    def is_actionable(self) -> bool:
        return self.kind in self.ACTIONABLE_KINDS


class Theme(models.Model):
    """A theme of the vocabulary in inspections/themes.py, which holds its name and rules;
    the row exists so that findings can point at it. Kept in step by tagging.sync_themes."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class FindingThemeQuerySet(models.QuerySet):
    def applied(self) -> FindingThemeQuerySet:
        """Tags that say the theme applies (not an admin's "does not apply")."""
        return self.filter(applies=True)


class FindingTheme(models.Model):
    """A theme on a finding, and who said so. An admin's word, either way, stands: the
    rules only add and remove their own tags, so re-running them never undoes it."""

    class Source(models.TextChoices):
        RULES = "rules", "The rules"
        ADMIN = "admin", "An admin"

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="theme_tags")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="finding_tags")
    applies = models.BooleanField(
        default=True,
        help_text="Untick to record that this theme does not apply; the rules will not add "
        "it back.",
    )
    source = models.CharField(max_length=5, choices=Source.choices, default=Source.ADMIN)
    matched = models.CharField(
        max_length=100, blank=True, help_text="The keyword that matched, when the rules tagged it."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = FindingThemeQuerySet.as_manager()

    class Meta:
        ordering = ["finding", "theme__position"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "theme"], name="finding_theme_once"),
            models.CheckConstraint(
                condition=Q(source__in=["rules", "admin"]), name="finding_theme_source_valid"
            ),
            # Only an admin says a theme does not apply; the rules just leave it off.
            models.CheckConstraint(
                condition=Q(applies=True) | Q(source="admin"),
                name="finding_theme_only_admin_denies",
            ),
        ]
        indexes = [
            # Recurring themes: every finding with a theme, theme by theme.
            models.Index(fields=["theme", "applies"], name="finding_theme_theme"),
        ]

    def __str__(self) -> str:
        return f"{self.theme} on finding {self.finding_id}"


# Memberships, the staging models, statements of action and the authorities' revision
# numbers live in modules of their own (permissions.py reads memberships, and the models
# here read permissions); importing them here registers them.
from inspections.memberships import Membership  # noqa: E402, F401
from inspections.revisions import AuthorityRevision  # noqa: E402, F401
from inspections.staging import ImportBatch, StagedImport  # noqa: E402, F401
from inspections.statements import StatementOfAction  # noqa: E402, F401
