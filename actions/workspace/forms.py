"""The forms of the action page. Each is bound to one action and posts the version seen.

The forms only parse input; what is allowed is decided by actions/services.py, whose
errors the views show. The status radios list the steps services.allowed_targets
offers this user, and a note is asked for where the lifecycle says a step needs one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Self, cast

from django import forms
from django.contrib.auth import get_user_model
from django.forms.models import ModelChoiceIterator

from actions import evidence, publishing, services
from actions.display import person_name
from actions.models import ActionItem, Priority, Status
from actions.plumbing.dates import GovukDateField
from inspections.permissions import possible_owners

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile
    from django.db.models import Field


# What each step is called on the status radios.
STEP_LABELS = {
    "start": "In progress",
    "block": "Blocked",
    "unblock": "In progress (no longer blocked)",
    "complete": "Completed",
    "reopen": "Reopened (back to in progress)",
    "cancel": "Cancelled",
}


class ActionForm(forms.Form):
    """A form about one action, carrying the version of it that the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, action: ActionItem, user: User, **kwargs: Any):
        kwargs["initial"] = {**kwargs.get("initial", {}), "version": action.version}
        super().__init__(*args, **kwargs)
        self.action = action
        self.user = user

    def is_stale(self) -> bool:
        """True when the posted version is older (or newer) than the action's current one."""
        try:
            return int(self.data.get(self.add_prefix("version"), "")) != self.action.version
        except ValueError:
            return False  # a missing or garbled version is a plain form error

    def carried_over(self, action: ActionItem) -> Self:
        """An unbound copy showing what the user typed, against the action as it is now.

        Used when someone else saved the action first: the user's input is kept for them
        to check against the newer values, and its version is the current one.
        """
        typed = {name: self[name].data for name in self.fields if name != "version"}
        return type(self)(action=action, user=self.user, prefix=self.prefix, initial=typed)


class NoteForm(ActionForm):
    prefix = "note"

    note = forms.CharField(
        label="Progress note",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a note about the progress made"},
    )
    evidence = forms.FileField(
        label="Evidence file",
        required=False,
        help_text=(
            f"A PDF, an Office document, an image or a text file, up to "
            f"{evidence.max_megabytes()} MB."
        ),
        widget=forms.FileInput(attrs={"accept": evidence.ACCEPT}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.evidence_content_type = ""
        if self.is_bound and self.files.get(self.add_prefix("evidence")):
            # This form is shown again only when something was wrong, and a browser
            # cannot refill a file input.
            self.fields["evidence"].help_text += " Your note is kept; choose the file again."

    def clean_evidence(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("evidence")
        if upload:
            self.evidence_content_type = evidence.check_evidence(upload)
        return upload


class StatusForm(ActionForm):
    """Moves the action along the lifecycle; the radios offer the steps open to the user."""

    prefix = "status"

    to_status = forms.ChoiceField(
        label="New status",
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the new status"},
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        status = self.action.status
        steps = [
            step
            for target in services.allowed_targets(self.action, self.user)
            if target != Status.VERIFIED
            and (step := services.find_transition(status, target)) is not None
        ]
        # Only the radios are limited: any real status is accepted, and the service
        # says why a step is refused.
        self.fields["to_status"].widget.choices = [(t.target, STEP_LABELS[t.name]) for t in steps]
        self.steps = steps
        needing_note = [STEP_LABELS[t.name].lower() for t in steps if t.needs_note]
        note = self.fields["note"]
        if steps and len(needing_note) == len(steps):
            note.label = "Reason"
            note.required = True
            note.error_messages["required"] = "Say why you are changing the status"
        elif needing_note:
            note.help_text = f"Say why if you choose {' or '.join(needing_note)}."

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        step = services.find_transition(self.action.status, data.get("to_status", ""))
        needs_note = step is not None and step.needs_note and not self.has_error("note")
        if step is not None and needs_note and not data.get("note", "").strip():
            self.add_error("note", f"Say why the action is now {STEP_LABELS[step.name].lower()}")
        return data


class VerifyForm(ActionForm):
    """A manager's sign-off of a completed action."""

    prefix = "verify"

    to_status = forms.ChoiceField(
        choices=[(Status.VERIFIED, Status.VERIFIED.label)],
        initial=Status.VERIFIED,
        widget=forms.HiddenInput,
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ListedChoices(ModelChoiceIterator):
    """A choice field's choices read as a plain query. Django reads them with .iterator(),
    which on PostgreSQL is a server-side cursor: a DECLARE, a FETCH and a CLOSE, three
    round trips for a list of a few hundred rows that is read whole anyway."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


def list_choices(field: forms.ModelChoiceField) -> None:
    """Makes a ModelChoiceField (such as django-filter's) read its choices as a list."""
    field.iterator = ListedChoices
    field.widget.choices = field.choices  # the widget keeps the iterator it was given


class OwnerChoiceField(forms.ModelChoiceField):
    iterator = ListedChoices

    def label_from_instance(self, obj: User) -> str:
        return person_name(obj)


class ConfirmPastDueDateField(forms.BooleanField):
    """A manager's explicit yes to a due date before today, which the services otherwise
    refuse: most are typos, and overdue reminders would go out at once."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "The date is in the past: I confirm it")
        kwargs.setdefault("help_text", "Only if you mean a due date before today.")
        super().__init__(required=False, **kwargs)


def lead_field() -> forms.CharField:
    """Who leads an action, as the statement of action names them."""
    return forms.CharField(
        required=False,
        max_length=ActionItem._meta.get_field("lead").max_length,
        help_text="A role or a person, as the plan names them. For example, Head of "
        "Quality Assurance.",
    )


def success_measure_field() -> forms.CharField:
    return forms.CharField(
        label="Success measure",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How you will know it has worked.",
    )


class EditActionForm(ActionForm):
    """A manager's edit of the action's details."""

    prefix = "edit"

    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter a title for the action"}
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    lead = lead_field()
    success_measure = success_measure_field()
    owner = OwnerChoiceField(queryset=get_user_model().objects.none(), required=False)
    due_date = GovukDateField(required=False)
    confirm_past_due_date = ConfirmPastDueDateField()
    priority = forms.ChoiceField(choices=Priority.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, action: ActionItem, **kwargs: Any):
        # attname: the owner's id, so that no user is loaded to fill the form. (The
        # editable fields are the action's own columns, never a reverse relation.)
        current = {
            name: getattr(action, cast("Field", type(action)._meta.get_field(name)).attname)
            for name in services.EDITABLE_FIELDS
        }
        kwargs["initial"] = {**current, **kwargs.get("initial", {})}
        super().__init__(*args, action=action, **kwargs)
        owner = cast(OwnerChoiceField, self.fields["owner"])
        owner.empty_label = "No owner"
        owner.queryset = possible_owners([action.finding.inspection.authority_id])

    def changes(self) -> dict[str, Any]:
        """The fields update_action takes, as cleaned."""
        names = (*services.EDITABLE_FIELDS, "confirm_past_due_date")
        return {name: self.cleaned_data[name] for name in names}


class PublicSummaryForm(ActionForm):
    """A manager's wording of the action for the public site, approved as it is saved
    (actions/publishing.py). It starts from the approved summary, else the title."""

    prefix = "public"

    summary = forms.CharField(
        label="Public summary",
        help_text="What the public inspection page says this action is. Plain words, no "
        "names of staff. Until you approve one, the public sees only “Action 1” and so on.",
        max_length=publishing.PUBLIC_SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the summary the public will see"},
    )

    def __init__(self, *args: Any, action: ActionItem, **kwargs: Any):
        summary = publishing.summary_to_edit(action)
        kwargs["initial"] = {"summary": summary, **kwargs.get("initial", {})}
        super().__init__(*args, action=action, **kwargs)
