"""The admin of actions, their timelines and notices.

Every change to an action goes through actions/services.py, as in the workspace: the same
role checks, the notice to a new owner, the history naming the admin who made the change,
and the version check, so an admin form opened before someone else's save is refused
rather than overwriting it. Nothing here is deleted: an action is withdrawn by cancelling
it (a recorded step with a reason) and the timeline is corrected by adding a note.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, QueryDict
from simple_history.admin import SimpleHistoryAdmin

from actions import services
from actions.admin.scoping import AuthorityScopedAdmin, administered_authority_ids
from actions.models import ActionItem, ActionUpdate, Notification, Status
from actions.plumbing import refusals
from actions.plumbing.auth import signed_in_user
from inspections.permissions import possible_owners

_REFUSAL = "_service_refusal"


class ServiceForm(forms.ModelForm):
    """An admin form whose save calls a service. After a refusal the form is shown again
    with the input kept and the refusal's message; after a stale refusal it carries the
    current version, so saving it again is a deliberate choice, as in the workspace."""

    refusal: services.ActionError | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stale = self.refusal if isinstance(self.refusal, services.StaleAction) else None
        if stale is not None and isinstance(self.data, QueryDict):
            self.data = self.data.copy()
            self.data[self.add_prefix("seen_version")] = str(stale.current.version)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if self.refusal is not None:
            refusals.show_on_form(self, self.refusal)
        return data


class RecordsKeptAdmin(admin.ModelAdmin):
    """Nothing is deleted from the admin: a withdrawn record keeps its place with a
    recorded status, and a correction is a new entry. (A person's erasure under data
    protection law is a command of its own.)"""

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ServiceWritesAdmin(RecordsKeptAdmin):
    """The admin's one mapping of the services' refusals: the save is rolled back (the
    admin's change view runs in a transaction) and the form is shown again with the
    refusal, answering with the status the workspace gives it."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.ActionError as refusal:
            setattr(request, _REFUSAL, refusal)
            response = super().changeform_view(request, object_id, form_url, extra_context)
            response.status_code = refusals.status_for(refusal)
            return response

    def get_form(
        self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, _REFUSAL, None)
        return type(form.__name__, (form,), {"refusal": refusal}) if refusal else form


class ActionUpdateInline(admin.TabularInline):
    """The timeline is append-only: shown here, never edited."""

    model = ActionUpdate
    extra = 0
    fields = readonly_fields = (
        "created_at",
        "author",
        "from_status",
        "to_status",
        "note",
        "evidence",
    )
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ActionAdminForm(ServiceForm):
    """An action's details, and a step along its lifecycle with the reason for it."""

    # Whose people the add page offers as owners (None: every authority's), set per
    # request by ActionItemAdmin.get_form.
    administered_authority_ids: list[int] | None = None

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    new_status = forms.ChoiceField(
        choices=[("", "Leave the status as it is"), *Status.choices],
        required=False,
        help_text="Cancel an action to withdraw it; the step is recorded in its timeline.",
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the status changes. Needed to block, complete, reopen or cancel.",
    )
    # A due date before today is refused unless confirmed (actions/services.py).
    confirm_past_due_date = forms.BooleanField(
        required=False, label="The date is in the past: I confirm it"
    )

    class Meta:
        model = ActionItem
        fields = ["finding", *services.EDITABLE_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The version the form was loaded at: the services refuse a save made after
            # someone else's (StaleAction) instead of overwriting it.
            self.fields["seen_version"].required = True
            self.fields["seen_version"].initial = self.instance.version
        self._offer_possible_owners()

    def _offer_possible_owners(self) -> None:
        """Offer as owner only the people who may own the action's authority's actions
        (those of any authority the admin administers on the add page, before a finding is
        chosen), and the current owner, so that a form saved unchanged keeps them. Whoever
        is posted, the services check (InvalidOwner), as for every interface."""
        authority_ids = (
            [self.instance.finding.inspection.authority_id]
            if self.instance.pk
            else self.administered_authority_ids
        )
        offered = list(possible_owners(authority_ids))
        current = self.instance.owner if self.instance.owner_id else None
        if current is not None and current not in offered:
            offered.append(current)
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.widget.choices = [
            ("", owner.empty_label),
            *((user.pk, str(user)) for user in offered),
        ]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if isinstance(self.refusal, services.StaleAction):
            # Beside each field the admin's input differs from, what is saved now.
            current = self.refusal.current
            for name in services.EDITABLE_FIELDS:
                saved = getattr(current, name)
                if name in self.cleaned_data and self.cleaned_data[name] != saved:
                    self.add_error(name, f"Now saved as: {saved or 'not set'}.")
        return data


DETAILS = [*services.EDITABLE_FIELDS, "confirm_past_due_date"]
STATUS_FIELDS = ["status", "completed_at", "completed_by", "verified_at", "verified_by"]
RECORD_FIELDS = ["version", "created_at", "updated_at"]


@admin.register(ActionItem)
class ActionItemAdmin(AuthorityScopedAdmin, ServiceWritesAdmin, SimpleHistoryAdmin):
    authority_path = "finding__inspection__authority"
    form = ActionAdminForm
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
    # The owner is chosen from the action's authority's possible owners (ActionAdminForm).
    autocomplete_fields = ["finding"]
    date_hierarchy = "due_date"
    # Status and sign-off move only through the lifecycle service, which records each step.
    readonly_fields = [*STATUS_FIELDS, *RECORD_FIELDS]
    inlines = [ActionUpdateInline]

    def get_fieldsets(self, request: HttpRequest, obj: ActionItem | None = None) -> list:
        if obj is None:
            return [(None, {"fields": ["finding", *DETAILS]})]
        return [
            (None, {"fields": ["finding", *DETAILS, "seen_version"]}),
            ("Status", {"fields": [*STATUS_FIELDS, "new_status", "reason"]}),
            ("Record", {"fields": RECORD_FIELDS}),
        ]

    def get_form(
        self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)
        scope = {"administered_authority_ids": administered_authority_ids(request)}
        return type(form.__name__, (form,), scope)

    def get_readonly_fields(self, request: HttpRequest, obj: ActionItem | None = None) -> list:
        # An action stays with the finding it was made for.
        return [*self.readonly_fields, *(["finding"] if obj else [])]

    @admin.display(description="Authority", ordering="finding__inspection__authority__name")
    def authority_name(self, obj: ActionItem) -> str:
        return obj.finding.inspection.authority.name

    def save_model(
        self, request: HttpRequest, obj: ActionItem, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        details = {name: data[name] for name in DETAILS}
        if not change:
            saved = services.create_action(
                finding=data["finding"], by=signed_in_user(request), **details
            )
        else:
            version = data["seen_version"]
            if data["new_status"]:
                services.change_status(
                    action=obj,
                    to_status=data["new_status"],
                    by=signed_in_user(request),
                    note=data["reason"],
                    expected_version=version,
                )
                version = None  # checked, and the row stays locked until this save commits
            saved = services.update_action(
                action=obj, by=signed_in_user(request), expected_version=version, **details
            )
        _take_saved_state(saved, obj)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Older versions can be looked at, not restored: a restore would skip the services."""
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request: HttpRequest, obj: ActionItem | None = None) -> bool:
        return True


def _take_saved_state(saved: Model, shown: Model) -> None:
    """The admin's instance takes what the service saved, for its log and redirect."""
    for field in saved._meta.concrete_fields:
        setattr(shown, field.attname, getattr(saved, field.attname))
    shown._state.adding = False
    shown._state.db = saved._state.db


class ActionNoteForm(ServiceForm):
    """A note added to an action's timeline, always in the name of the admin who adds it."""

    class Meta:
        model = ActionUpdate
        fields = ["action", "note"]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(AuthorityScopedAdmin, ServiceWritesAdmin):
    authority_path = "action__finding__inspection__authority"
    form = ActionNoteForm
    list_display = ["action", "author", "from_status", "to_status", "created_at", "evidence_name"]
    list_filter = ["to_status"]
    search_fields = ["note", "action__title", "author__username"]
    list_select_related = ["action", "author"]
    autocomplete_fields = ["action"]
    shown_fields = ["action", "author", "created_at", "from_status", "to_status", "note"]

    def get_fields(self, request: HttpRequest, obj: ActionUpdate | None = None) -> list:
        return ["action", "note"] if obj is None else [*self.shown_fields, "evidence"]

    def get_readonly_fields(self, request: HttpRequest, obj: ActionUpdate | None = None) -> list:
        return [] if obj is None else [*self.shown_fields, "evidence"]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: ActionUpdate, form: forms.ModelForm, change: bool
    ) -> None:
        saved = services.add_note(
            action=form.cleaned_data["action"],
            by=signed_in_user(request),
            note=form.cleaned_data["note"],
        )
        _take_saved_state(saved, obj)


@admin.register(Notification)
class NotificationAdmin(AuthorityScopedAdmin):
    """Notices about an action, to the authorities that administer it; notices about no
    one action (digests) are the service's administrators' to read."""

    authority_path = "action__finding__inspection__authority"
    list_display = ["kind", "recipient", "state", "subject", "created_at", "sent_at"]
    list_filter = ["kind", "state"]
    search_fields = ["recipient__username", "recipient__email", "subject", "key"]
    list_select_related = ["recipient"]
    # claimed_at too: a sender's lease, not for people to set (and its split date and time
    # inputs have no labels).
    readonly_fields = [
        "recipient",
        "kind",
        "action",
        "key",
        "subject",
        "reason",
        "sent_at",
        "claimed_at",
    ]
