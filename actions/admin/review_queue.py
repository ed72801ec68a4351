"""The review queue: letters read but not imported, each checked on the import preview."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from actions.admin.scoping import AuthorityScopedAdmin, staged_imports
from inspections.staging import StagedImport

if TYPE_CHECKING:
    from django.contrib.admin.filters import _ListFilterChoices
    from django.contrib.admin.views.main import ChangeList


class StagedStatusFilter(admin.SimpleListFilter):
    """The queue opens on the letters still waiting; the others are a click away."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [*StagedImport.Status.choices, (self.ALL, "All")]

    def _chosen(self) -> str:
        return self.value() or StagedImport.Status.PENDING

    def choices(self, changelist: ChangeList) -> Iterator[_ListFilterChoices]:
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self._chosen() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        chosen = self._chosen()
        return queryset if chosen == self.ALL else queryset.filter(status=chosen)


@admin.register(StagedImport)
class StagedImportAdmin(AuthorityScopedAdmin):
    """Letters read but not imported: each is checked and confirmed, or discarded, on the
    same preview page as a single import. Rows are never added or deleted here."""

    list_display = ["letter", "why", "from_batch", "created_at", "status"]
    list_display_links = None
    list_filter = [StagedStatusFilter]
    list_select_related = ["batch", "inspection__authority"]
    search_fields = ["filename"]

    def scope(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        """A letter may be no authority's yet: its own rule (scoping.staged_imports)."""
        return staged_imports(request, queryset)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: StagedImport | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: StagedImport | None = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return super().changelist_view(
            request, {"title": "Letters waiting for review", **(extra_context or {})}
        )

    @admin.display(description="File", ordering="filename")
    def letter(self, staged: StagedImport) -> str:
        if staged.status == StagedImport.Status.PENDING:
            url = reverse("admin:inspections_inspection_import_preview", args=[staged.pk])
            return format_html(
                '<a href="{}">{}</a><br><span class="help">Check and import</span>', url, staged
            )
        if staged.inspection:
            url = reverse("admin:inspections_inspection_change", args=[staged.inspection.pk])
            return format_html('{}<br><a href="{}">{}</a>', staged, url, staged.inspection)
        return str(staged)

    @admin.display(description="Bulk import", ordering="batch")
    def from_batch(self, staged: StagedImport) -> str:
        if staged.batch is None:
            return "–"
        url = reverse("admin:inspections_inspection_bulk_import_status", args=[staged.batch.pk])
        return format_html('<a href="{}">{}</a>', url, staged.batch)

    @admin.display(description="Why it needs checking")
    def why(self, staged: StagedImport) -> str:
        if not staged.reasons:
            return "Nothing looked uncertain."
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in staged.reasons))
        )
