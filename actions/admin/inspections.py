"""The admin of authorities, memberships, inspections, their judgements and findings,
and the theme vocabulary."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import CharField, Count, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.forms import BaseInlineFormSet, Textarea
from django.http import HttpRequest
from django.urls import URLPattern, path
from django.utils.html import format_html_join
from simple_history.admin import SimpleHistoryAdmin

from actions.admin import bulk_import, import_views
from actions.admin.actions import RecordsKeptAdmin
from actions.admin.inspection_form import InspectionAdminForm
from actions.admin.one_per_line import OnePerLineField
from actions.admin.scoping import (
    AuthorityScopedAdmin,
    SuperusersOnlyAdmin,
    administered_authority_ids,
)
from actions.models import ActionItem
from inspections import themes
from inspections.models import (
    Finding,
    Inspection,
    Judgement,
    LocalAuthority,
    Membership,
    Theme,
)
from inspections.tagging import set_themes_by_admin, tag_findings


class BlankNamedValuesFilter(admin.AllValuesFieldListFilter):
    """Every value of the field as a filter, the blank one named: a link needs text."""

    def choices(self, changelist: Any) -> Iterator[Any]:
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice["display"] = "Not recorded"
            yield choice


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(AuthorityScopedAdmin):
    """Councils' staff see their own authorities (and choose among them); only the
    service's administrators add or change authorities."""

    authority_path = "pk"
    list_display = ["name", "region", "authority_type", "dfe_code", "ons_code", "ofsted_urn"]
    list_filter = ["region", ("authority_type", BlankNamedValuesFilter)]
    search_fields = ["name", "council_name", "also_known_as", "dfe_code", "ons_code", "ofsted_urn"]
    prepopulated_fields = {"slug": ["name"]}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


@admin.register(Membership)
class MembershipAdmin(SuperusersOnlyAdmin):
    """Memberships decide who sees what: only the service's administrators change them."""

    list_display = ["user", "authority", "role", "created_at"]
    list_filter = ["role", "authority"]
    search_fields = ["user__username", "user__email", "authority__name"]
    autocomplete_fields = ["user", "authority"]
    list_select_related = ["user", "authority"]


def _shown(field: str | Sequence[str]) -> str | Sequence[str]:
    """The field a view-only page shows in place of `field`."""
    return "inspector_names" if field == "inspectors" else field


class JudgementRowsFormSet(BaseInlineFormSet):
    """An inspection's judgement rows. Two rows may swap areas, or one take the area of a
    row deleted in the same save: an area given twice is refused by the formset's own
    uniqueness check, so before saving, the rows giving up their areas step aside."""

    def save_existing_objects(self, commit: bool = True) -> list[Judgement]:
        if commit:
            self._free_areas_given_up()
        return super().save_existing_objects(commit)

    def _free_areas_given_up(self) -> None:
        """Rows that change their area or are deleted take a placeholder area, unique by
        row, without a history entry; the save that follows records the real change."""
        deleted = self.deleted_forms
        giving_up = [
            form.instance.pk
            for form in self.initial_forms
            if form in deleted or "area" in form.changed_data
        ]
        Judgement.objects.filter(pk__in=giving_up).update(
            area=Concat(Value("(being changed) "), Cast("pk", CharField()))
        )


# Stacked, not tabular: a tabular inline's inputs have only a column heading, no label
# (an axe failure), and its row of fields is wider than a phone.
class JudgementInline(admin.StackedInline):
    model = Judgement
    formset = JudgementRowsFormSet
    extra = 0


class FindingInline(admin.StackedInline):
    model = Finding
    extra = 0
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 60})}}
    fields = ["position", "kind", "heading", "section", "text"]
    show_change_link = True
    can_delete = False


@admin.register(Inspection)
class InspectionAdmin(AuthorityScopedAdmin, RecordsKeptAdmin, SimpleHistoryAdmin):
    authority_path = "authority"
    list_display = [
        "title",
        "authority",
        "kind",
        "visit_start",
        "letter_date",
        "published_date",
        "overall_judgement",
        "published",
    ]
    list_filter = ["kind", "published", "overall_judgement", "authority__region", "authority"]
    search_fields = ["title", "authority__name", "lead_inspector", "council_name"]
    date_hierarchy = "visit_start"
    list_select_related = ["authority"]
    autocomplete_fields = ["authority"]
    readonly_fields = ["fingerprint", "created_at", "updated_at", "inspector_names"]
    inlines = [JudgementInline, FindingInline]
    form = InspectionAdminForm
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "authority",
                    "council_name",
                    "kind",
                    "title",
                    "published",
                    "publish_anyway",
                ]
            },
        ),
        (
            "Dates",
            {"fields": ["visit_start", "visit_end", "letter_date", "published_date"]},
        ),
        ("People", {"fields": ["addressee", "lead_inspector", "inspectors"]}),
        ("Judgement", {"fields": ["overall_judgement"]}),
        (
            "Source",
            {
                "fields": [
                    "source_document",
                    "source_text",
                    "fingerprint",
                    "created_at",
                    "updated_at",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def formfield_for_dbfield(
        self, db_field: models.Field, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if db_field.name == "inspectors":
            return OnePerLineField(
                required=False,
                label="Inspectors",
                help_text="One name a line, the lead inspector first.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Inspection | None = None) -> list:
        """For someone who may only view the inspection, its inspectors' names as a line
        of text, not the list as stored."""
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [_shown(field) for field in options["fields"]]})
            for name, options in fieldsets
        ]

    @admin.display(description="Inspectors")
    def inspector_names(self, inspection: Inspection) -> str:
        return ", ".join(inspection.inspectors)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(import_views.import_start), name="inspections_inspection_import"),
            path(
                "import/<int:pk>/",
                wrap(import_views.import_preview),
                name="inspections_inspection_import_preview",
            ),
            path(
                "import-many/",
                wrap(bulk_import.bulk_start),
                name="inspections_inspection_bulk_import",
            ),
            path(
                "import-many/<int:pk>/",
                wrap(bulk_import.bulk_status),
                name="inspections_inspection_bulk_import_status",
            ),
            path(
                "import-many/<int:pk>/progress/",
                wrap(bulk_import.bulk_progress),
                name="inspections_inspection_bulk_import_progress",
            ),
            *super().get_urls(),
        ]


@admin.register(Judgement)
class JudgementAdmin(AuthorityScopedAdmin, SimpleHistoryAdmin):
    authority_path = "inspection__authority"
    list_display = ["area", "grade", "inspection"]
    list_filter = ["grade"]
    search_fields = ["area", "inspection__title", "inspection__authority__name"]
    list_select_related = ["inspection__authority"]
    autocomplete_fields = ["inspection"]


class ActionInline(admin.TabularInline):
    """The finding's actions, read-only: each is changed on its own page, which goes
    through the services (actions/admin/actions.py)."""

    model = ActionItem
    extra = 0
    fields = readonly_fields = ("title", "owner", "status", "priority", "due_date")
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Finding | None = None) -> bool:
        return False


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    """The theme vocabulary and its rules, read-only: both live in inspections/themes.py."""

    list_display = ["name", "keywords", "ignored_phrases", "findings"]
    fields = readonly_fields = (
        "name",
        "slug",
        "description",
        "keywords",
        "ignored_phrases",
        "how_the_rules_work",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Theme]:
        """Each theme with how many of the findings the person may see it applies to."""
        counted = Q(finding_tags__applies=True)
        authority_ids = administered_authority_ids(request)
        if authority_ids is not None:
            counted &= Q(finding_tags__finding__inspection__authority_id__in=authority_ids)
        return (
            super()
            .get_queryset(request)
            .annotate(finding_count=Count("finding_tags", filter=counted))
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Theme | None = None) -> bool:
        return False

    def _rule(self, theme: Theme) -> themes.ThemeRule | None:
        return themes.BY_SLUG.get(theme.slug)

    @admin.display(description="What it covers")
    def description(self, theme: Theme) -> str:
        rule = self._rule(theme)
        return rule.description if rule else "No longer in the vocabulary."

    @admin.display(description="Keywords")
    def keywords(self, theme: Theme) -> str:
        rule = self._rule(theme)
        return ", ".join(rule.keywords) if rule else ""

    @admin.display(description="Ignored phrases")
    def ignored_phrases(self, theme: Theme) -> str:
        rule = self._rule(theme)
        return ", ".join(rule.ignored) if rule else ""

    @admin.display(description="Findings", ordering="finding_count")
    def findings(self, theme: Theme) -> int:
        return theme.finding_count  # type: ignore[attr-defined]  # annotated by get_queryset

    @admin.display(description="How the rules work")
    def how_the_rules_work(self, theme: Theme) -> str:
        return themes.__doc__.split("How the rules work\n------------------\n", 1)[-1]


class FindingAdminForm(forms.ModelForm):
    """A finding, with the themes that apply to it as ticks an admin can change."""

    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick the themes that apply. What you change here stays as you set it "
        "when the theme rules run again.",
    )
    # Present only when the form showed the ticks, so a post without them (a script, an
    # older form) leaves the finding's themes alone instead of clearing them.
    themes_shown = forms.BooleanField(required=False, initial=True, widget=forms.HiddenInput)

    class Meta:
        model = Finding
        fields = ["inspection", "kind", "position", "heading", "section", "text"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["themes"].initial = Theme.objects.filter(
                finding_tags__finding=self.instance, finding_tags__applies=True
            )


@admin.register(Finding)
class FindingAdmin(AuthorityScopedAdmin, RecordsKeptAdmin, SimpleHistoryAdmin):
    authority_path = "inspection__authority"
    form = FindingAdminForm
    list_display = ["__str__", "kind", "heading", "section", "inspection"]
    list_filter = ["kind", "inspection__kind", "inspection__authority", "theme_tags__theme"]
    search_fields = ["text", "heading", "inspection__title", "inspection__authority__name"]
    list_select_related = ["inspection__authority"]
    autocomplete_fields = ["inspection"]
    readonly_fields = ["themes_the_rules_give", "who_set_the_themes"]
    inlines = [ActionInline]
    actions = ["rerun_theme_rules"]

    @admin.display(description="Themes the rules give")
    def themes_the_rules_give(self, finding: Finding) -> str:
        given = themes.match(finding.text, finding.section)
        if not given:
            return "None"
        return format_html_join(
            ", ",
            "{} (keyword “{}”)",
            ((themes.BY_SLUG[slug].name, keyword) for slug, keyword in given.items()),
        )

    @admin.display(description="Who set the themes")
    def who_set_the_themes(self, finding: Finding) -> str:
        tags = finding.theme_tags.select_related("theme") if finding.pk else []
        if not tags:
            return "No themes yet"
        return format_html_join(
            "; ",
            "{}: {} ({})",
            (
                (
                    tag.theme.name,
                    "applies" if tag.applies else "does not apply",
                    tag.get_source_display().lower(),
                )
                for tag in tags
            ),
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if form.cleaned_data.get("themes_shown"):
            set_themes_by_admin(finding=form.instance, themes=form.cleaned_data["themes"])

    @admin.action(description="Re-run the theme rules (admins' corrections are kept)")
    def rerun_theme_rules(self, request: HttpRequest, queryset: QuerySet[Finding]) -> None:
        added, removed = tag_findings(queryset)
        self.message_user(request, f"Themes: {added} tags added, {removed} removed.")
