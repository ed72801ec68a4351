"""Forms of the letter import: the source document, then the correctable preview."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.forms import formset_factory

from inspections.importing import check_size
from inspections.models import Finding, Grade, Inspection, LocalAuthority
from inspections.parsing import LetterError

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


class FindingPreviewForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Choose a kind"), *Finding.Kind.choices])
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 80}))
    heading = forms.CharField(required=False, max_length=300)
    section = forms.CharField(required=False, max_length=200)


JudgementPreviewFormSet = formset_factory(JudgementPreviewForm, extra=1, can_delete=True)
# Three blank rows let the admin add findings the parser missed.
FindingPreviewFormSet = formset_factory(FindingPreviewForm, extra=3, can_delete=True)
