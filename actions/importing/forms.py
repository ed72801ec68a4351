"""Forms of the letter import: the source document, then the correctable preview.

The preview's forms take their fields from the draft's lists (drafts.INSPECTION_FIELDS and
FINDING_FIELDS) and validate them as the models do; nothing is saved through them: the
import flow writes what they clean (flow.confirm).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.forms import BaseFormSet, formset_factory

from actions.importing.drafts import FINDING_FIELDS, INSPECTION_FIELDS, PARSED_NAMES, is_overall
from actions.importing.letters import check_size
from actions.models import validate_due_date
from actions.plumbing.dates import GovukDateField
from inspections.models import Finding, Grade, Inspection
from inspections.parsing import LetterError
from inspections.parsing.model import INFERRED, MISSING, Provenance

ACCEPTED_SUFFIXES = (".pdf", ".txt")


class LetterSourceForm(forms.Form):
    document = forms.FileField(
        label="Upload the letter or report",
        required=False,
        help_text="A PDF as Ofsted published it, or a plain text (.txt) file. Up to 20 MB.",
    )
    text = forms.CharField(
        label="Or paste its text",
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100}),
    )

    def clean_document(self) -> UploadedFile | None:
        document = self.cleaned_data.get("document")
        if document is None:
            return None
        if not document.name.lower().endswith(ACCEPTED_SUFFIXES):
            raise forms.ValidationError("Upload a PDF (.pdf) or a plain text (.txt) file.")
        try:
            check_size(document.size)
        except LetterError as error:
            raise forms.ValidationError(str(error)) from None
        if document.size == 0:
            raise forms.ValidationError("The file is empty. Choose the letter's PDF or text file.")
        return document

    def clean_text(self) -> str:
        text: str = self.cleaned_data.get("text", "")
        if len(text.encode("utf-8")) > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The pasted text is longer than 20 MB.")
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = self.cleaned_data
        if self.errors:
            return cleaned
        if cleaned.get("document") and cleaned.get("text"):
            raise forms.ValidationError("Either upload a file or paste the text, not both.")
        if not cleaned.get("document") and not cleaned.get("text"):
            raise forms.ValidationError(
                "Upload the letter's PDF or text file, or paste its text. Nothing was given."
            )
        return cleaned


MARK_TAGS = {INFERRED: "Inferred", MISSING: "Not found"}
MARK_NOTES = {
    INFERRED: "Worked out from other parts of the letter: check it.",
    MISSING: "Not found in the letter: enter it if the letter gives it.",
}


@dataclass(frozen=True)
class FieldMark:
    """How the parser found a field it did not simply read: a tag beside the input and the
    parser's note as a hint that the input points to."""

    how: str
    tag: str
    note: str
    hint_id: str


def _date_input(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Model fields as form fields, a date in GOV.UK's date input (day, month, year)."""
    if isinstance(field, models.DateField):
        kwargs["form_class"] = GovukDateField
    return field.formfield(**kwargs)


class LinesField(forms.CharField):
    """A list of names, one a line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class InspectionPreviewForm(forms.ModelForm):
    """The draft's inspection fields, as the parser found them, to correct."""

    inspectors = LinesField(required=False, help_text="One name per line, lead inspector first.")
    overall_judgement = forms.ChoiceField(
        choices=[("", "No overall judgement"), *Grade.choices], required=False
    )
    publish = forms.BooleanField(
        required=False,
        label="Publish on the public site as soon as it is imported",
        help_text="Only if it has no draft actions to edit first; otherwise publish it "
        "from its page once they are edited.",
    )

    class Meta:
        model = Inspection
        fields = INSPECTION_FIELDS
        formfield_callback = _date_input
        labels = {"council_name": "Council as named in the letter"}
        help_texts = {
            "authority": "Matched from the council the letter names; check it.",
            "council_name": "",
        }
        widgets = {"title": forms.TextInput(attrs={"size": 100})}

    def __init__(
        self, *args: Any, provenance: dict[str, Provenance] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        provenance = dict(provenance or {})
        if not self.initial.get("authority"):
            named = self.initial.get("council_name")
            provenance["local_authority"] = Provenance(
                MISSING,
                f"The council the letter names (“{named}”) matches no local authority: choose it."
                if named
                else "The letter names no council that could be found: choose the authority.",
            )
        self.marks: dict[str, FieldMark] = {}
        for name, field in self.fields.items():
            found = provenance.get(PARSED_NAMES.get(name, name))
            if found is None or found.how not in MARK_TAGS:
                continue
            bound = self[name]
            note = found.note or MARK_NOTES[found.how]
            mark = FieldMark(found.how, MARK_TAGS[found.how], note, f"{bound.auto_id}_how")
            self.marks[name] = mark
            # Naming the hint replaces Django's own pointer to the help text: keep both.
            described_by = [mark.hint_id]
            if field.help_text:
                described_by.append(f"{bound.auto_id}_helptext")
            field.widget.attrs["aria-describedby"] = " ".join(described_by)

    def rows(self) -> list[tuple[forms.BoundField, FieldMark | None]]:
        """Each field with its mark, if the parser inferred it or did not find it."""
        return [(self[name], self.marks.get(name)) for name in self.fields]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("visit_start"), cleaned.get("visit_end")
        if start and end and end < start:
            self.add_error("visit_end", "The visit cannot end before it starts.")
        return cleaned


class JudgementPreviewForm(forms.Form):
    area = forms.CharField(max_length=300, widget=forms.TextInput(attrs={"size": 70}))
    # A blank first choice, so an untouched extra row posts nothing and is left out.
    grade = forms.ChoiceField(choices=[("", "Choose a grade"), *Grade.choices])


class BaseJudgementFormSet(BaseFormSet):
    def clean(self) -> None:
        """The overall grade has its own field: a row for it is an error on that row."""
        for form in self.forms:
            area = form.cleaned_data.get("area")
            if area and not form.cleaned_data.get("DELETE") and is_overall(area):
                form.add_error(
                    "area", "The overall grade goes in “Overall judgement” above, not in a row."
                )

    def show_draft_errors(self, errors: dict[int, str]) -> None:
        """Put the import flow's refusal of the draft (flow.InvalidDraft, by position in the
        draft's judgements) on the rows it is about. The draft keeps the rows that were
        neither blank nor removed, as drafts.draft_from_data reads them."""
        kept = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for position, message in errors.items():
            kept[position].add_error("area", message)


class FindingPreviewForm(forms.ModelForm):
    kind = forms.ChoiceField(choices=[("", "Choose a kind"), *Finding.Kind.choices])
    due_date = GovukDateField(
        label="Action due date", required=False, validators=[validate_due_date]
    )

    class Meta:
        model = Finding
        fields = FINDING_FIELDS
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 80})}
        # The page explains the timescale and the due date once, above the table.
        help_texts = dict.fromkeys(FINDING_FIELDS, "")


JudgementPreviewFormSet = cast(
    type[BaseJudgementFormSet],
    formset_factory(JudgementPreviewForm, formset=BaseJudgementFormSet, extra=1, can_delete=True),
)
# Three blank rows let the admin add findings the parser missed.
FindingPreviewFormSet = formset_factory(FindingPreviewForm, extra=3, can_delete=True)
