from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actions.models import ActionItem, ActionUpdate, Notification


class ActionUpdateInline(admin.TabularInline):
    """The timeline is append-only: shown here, never edited."""

    model = ActionUpdate
    extra = 0
    fields = ["created_at", "author", "from_status", "to_status", "note", "evidence"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "authority_name",
        "owner",
        "status",
        "priority",
        "due_date",
        "updated_at",
    ]
    list_filter = [
        "status",
        "priority",
        "finding__kind",
        "finding__inspection__authority",
        ("owner", admin.EmptyFieldListFilter),
    ]
    search_fields = ["title", "description", "finding__text", "owner__username", "owner__email"]
    list_select_related = ["owner", "finding__inspection__authority"]
    autocomplete_fields = ["owner", "finding"]
    date_hierarchy = "due_date"
    # Status and sign-off move only through the lifecycle service, which records each step.
    readonly_fields = [
        "status",
        "completed_at",
        "completed_by",
        "verified_at",
        "verified_by",
        "version",
        "created_at",
        "updated_at",
    ]
    inlines = [ActionUpdateInline]

    @admin.display(description="Authority", ordering="finding__inspection__authority__name")
    def authority_name(self, obj: ActionItem) -> str:
        return obj.finding.inspection.authority.name

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(ActionUpdate)
class ActionUpdateAdmin(admin.ModelAdmin):
    list_display = ["action", "author", "from_status", "to_status", "created_at", "evidence_name"]
    list_filter = ["to_status"]
    search_fields = ["note", "action__title", "author__username"]
    list_select_related = ["action", "author"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "state", "subject", "created_at", "sent_at"]
    list_filter = ["kind", "state"]
    search_fields = ["recipient__username", "recipient__email", "subject", "key"]
    list_select_related = ["recipient"]
    readonly_fields = ["recipient", "kind", "action", "key", "subject", "reason", "sent_at"]
