"""The inspection's admin form: publishing goes through the one rule in actions/publishing.py."""

from __future__ import annotations

from typing import Any

from django import forms

from actions.publishing import PlaceholdersRemain, check_publishable


class InspectionAdminForm(forms.ModelForm):
    """Ticking "published" on an inspection whose actions are still the drafts made from
    the letter is refused unless "publish anyway" is ticked too. (The admin makes it a
    ModelForm of Inspection with the fieldsets' fields.)"""

    publish_anyway = forms.BooleanField(
        required=False,
        label="Publish anyway",
        help_text="Publish even though some of its actions are still the drafts made from "
        "the letter, with no wording or public summary written by a person.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("published") and "published" in self.changed_data and self.instance.pk:
            try:
                check_publishable(self.instance, anyway=data.get("publish_anyway", False))
            except PlaceholdersRemain as refusal:
                self.add_error("published", str(refusal))
        return data
