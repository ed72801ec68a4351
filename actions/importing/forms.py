"""Forms of the letter import: the source document, then the correctable preview."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.forms import BaseFormSet, formset_factory

from actions.importing.letters import check_size
from actions.importing.services import is_overall
from inspections.models import Finding, Grade, Inspection, LocalAuthority
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

    def clean_document(self):
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

    def clean_text(self):
        text = self.cleaned_data.get("text", "")
        if len(text.encode("utf-8")) > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The pasted text is longer than 20 MB.")
        return text

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned.get("document") and cleaned.get("text"):
            raise forms.ValidationError("Either upload a file or paste the text, not both.")
        if not cleaned.get("document") and not cleaned.get("text"):
            raise forms.ValidationError(
                "Upload the letter's PDF or text file, or paste its text. Nothing was given."
            )
        return cleaned


DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


# The parser's field behind each preview field, where the names differ.
PROVENANCE_KEYS = {
    "authority": "local_authority",
    "council_name": "council",
    "kind": "inspection_type",
}
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


class InspectionPreviewForm(forms.Form):
    authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.all(),
        help_text="Matched from the council the letter names; check it.",
    )
    council_name = forms.CharField(label="Council as named in the letter", required=False)
    kind = forms.ChoiceField(choices=Inspection.Kind.choices)
    title = forms.CharField(max_length=500, widget=forms.TextInput(attrs={"size": 100}))
    letter_date = forms.DateField(required=False, widget=DATE_INPUT)
    published_date = forms.DateField(required=False, widget=DATE_INPUT)
    visit_start = forms.DateField(required=False, widget=DATE_INPUT)
    visit_end = forms.DateField(required=False, widget=DATE_INPUT)
    lead_inspector = forms.CharField(required=False)
    inspectors = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One name per line, lead inspector first.",
    )
    addressee = forms.CharField(required=False)
    overall_judgement = forms.ChoiceField(
        choices=[("", "No overall judgement"), *Grade.choices], required=False
    )
    publish = forms.BooleanField(
        required=False, label="Publish on the public site as soon as it is imported"
    )

    def __init__(self, *args, provenance: dict[str, Provenance] | None = None, **kwargs) -> None:
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
            found = provenance.get(PROVENANCE_KEYS.get(name, name))
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

    def clean_inspectors(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["inspectors"].splitlines() if line.strip()
        ]

    def clean(self):
        cleaned = super().clean()
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
        """Each area is graded once, and the overall grade has its own field: a second row
        for an area is an error on that row, not a failed import."""
        seen: set[str] = set()
        for form in self.forms:
            area = form.cleaned_data.get("area")
            if not area or self._should_delete_form(form):
                continue
            if is_overall(area):
                form.add_error(
                    "area", "The overall grade goes in “Overall judgement” above, not in a row."
                )
                continue
            key = " ".join(area.split()).casefold()
            if key in seen:
                form.add_error("area", f"“{area}” is graded twice: remove one of its rows.")
            seen.add(key)


class FindingPreviewForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Choose a kind"), *Finding.Kind.choices])
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 80}))
    heading = forms.CharField(required=False, max_length=300)
    section = forms.CharField(required=False, max_length=200)
    # The page explains both once, above the table, rather than on every row.
    timescale = forms.CharField(required=False, max_length=100)
    due_date = forms.DateField(label="Action due", required=False, widget=DATE_INPUT)


JudgementPreviewFormSet = formset_factory(
    JudgementPreviewForm, formset=BaseJudgementFormSet, extra=1, can_delete=True
)
# Three blank rows let the admin add findings the parser missed.
FindingPreviewFormSet = formset_factory(FindingPreviewForm, extra=3, can_delete=True)
