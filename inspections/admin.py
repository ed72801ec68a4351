from django.contrib import admin
from django.db import models
from django.forms import Textarea
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from actions.models import ActionItem
from inspections import admin_views
from inspections.models import Finding, Inspection, Judgement, LocalAuthority, Membership


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "authority_type", "dfe_code", "ons_code", "ofsted_urn"]
    list_filter = ["region", "authority_type"]
    search_fields = ["name", "council_name", "also_known_as", "dfe_code", "ons_code", "ofsted_urn"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "authority", "role", "created_at"]
    list_filter = ["role", "authority"]
    search_fields = ["user__username", "user__email", "authority__name"]
    autocomplete_fields = ["user", "authority"]
    list_select_related = ["user", "authority"]


class JudgementInline(admin.TabularInline):
    model = Judgement
    extra = 0


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 60})}}
    fields = ["position", "kind", "heading", "section", "text"]
    show_change_link = True


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
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
    readonly_fields = ["fingerprint", "created_at", "updated_at"]
    inlines = [JudgementInline, FindingInline]
    fieldsets = [
        (None, {"fields": ["authority", "council_name", "kind", "title", "published"]}),
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

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(admin_views.import_start), name="inspections_inspection_import"),
            path(
                "import/<str:token>/",
                wrap(admin_views.import_preview),
                name="inspections_inspection_import_preview",
            ),
            *super().get_urls(),
        ]


@admin.register(Judgement)
class JudgementAdmin(SimpleHistoryAdmin):
    list_display = ["area", "grade", "inspection"]
    list_filter = ["grade"]
    search_fields = ["area", "inspection__title", "inspection__authority__name"]
    list_select_related = ["inspection__authority"]
    autocomplete_fields = ["inspection"]


class ActionInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    fields = ["title", "owner", "status", "priority", "due_date"]
    readonly_fields = ["status"]
    autocomplete_fields = ["owner"]
    show_change_link = True


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "heading", "section", "inspection"]
    list_filter = ["kind", "inspection__kind", "inspection__authority"]
    search_fields = ["text", "heading", "inspection__title", "inspection__authority__name"]
    list_select_related = ["inspection__authority"]
    autocomplete_fields = ["inspection"]
    inlines = [ActionInline]
