"""Form rendering on the GOV.UK Design System.

`{{ form }}` renders templates/govuk/forms/form.html (error summary, then one GOV.UK
form group per field) and each field renders templates/govuk/forms/field.html. GOV.UK
markup needs a CSS class on the widget itself and hand-built markup for radios and
checkboxes, which Django's templates cannot do without custom tags, so the renderer
works out the widget's kind and renders its input here and hands that to the template.
"""

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input
from django.http import HttpRequest
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from actions.plumbing.dates import PARTS, GovukDateWidget, wrong_parts

# GOV.UK class for each kind of simple widget; each also has an `--error` modifier.
_INPUT_CLASSES = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}


def widget_kind(widget: forms.Widget) -> str:
    """Names the GOV.UK pattern a widget is rendered with in govuk/forms/field.html."""
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, GovukDateWidget):
        return "date"
    # CheckboxSelectMultiple subclasses RadioSelect, so it is tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, Input):
        return "input"
    return "other"


def _join_classes(*classes: str | None) -> str:
    return " ".join(c for c in classes if c)


def _choice_options(field: BoundField, input_class: str) -> list[dict[str, Any]]:
    """The radios' or checkboxes' options, each with its <input> rendered with `input_class`."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({}, widget)
    attrs["class"] = _join_classes(input_class, widget.attrs.get("class"))
    if field.auto_id:
        attrs["id"] = widget.attrs.get("id") or field.auto_id
    options = []
    for option in widget.subwidgets(field.html_name, field.value(), attrs):
        input_html = mark_safe(
            field.form.renderer.render("django/forms/widgets/input.html", {"widget": option})
        )
        options.append(
            {
                "id": option["attrs"].get("id", ""),
                "label": option["label"],
                "input_html": input_html,
            }
        )
    return options


def _date_parts_in_error(field: BoundField) -> list[str]:
    """The date input's boxes to highlight, in order: those its errors name."""
    named = {part for error in field.errors.as_data() for part in wrong_parts(error)}
    return [part for part in PARTS if part in named]


def _date_input_html(field: BoundField) -> str:
    """The date input with only its wrong boxes marked as errors, as GOV.UK asks."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({"id": field.auto_id} if field.auto_id else {}, widget)
    attrs.pop("aria-invalid", None)
    context = widget.get_context(field.html_name, field.value(), attrs)
    in_error = _date_parts_in_error(field)
    for part, box in zip(PARTS, context["widget"]["subwidgets"], strict=True):
        if part in in_error:
            box["attrs"]["class"] = _join_classes(box["attrs"].get("class"), "govuk-input--error")
            box["attrs"]["aria-invalid"] = "true"
    return mark_safe(field.form.renderer.render(widget.template_name, context))


def govuk_field_context(field: BoundField) -> dict[str, Any]:
    """Context that govuk/forms/field.html needs beyond the BoundField itself."""
    widget = field.field.widget
    kind = widget_kind(widget)
    has_errors = bool(field.errors)
    context: dict[str, Any] = {"widget_kind": kind, "has_errors": has_errors}
    if kind in _INPUT_CLASSES:
        base = _INPUT_CLASSES[kind]
        css = _join_classes(
            base, f"{base}--error" if has_errors else None, widget.attrs.get("class")
        )
        context["widget_html"] = field.as_widget(attrs={"class": css})
    elif kind == "date":
        context["widget_html"] = _date_input_html(field)
    elif kind == "checkbox":
        css = _join_classes("govuk-checkboxes__input", widget.attrs.get("class"))
        context["widget_html"] = field.as_widget(attrs={"class": css})
    elif kind == "radios":
        context["options"] = _choice_options(field, "govuk-radios__input")
    elif kind == "checkboxes":
        context["options"] = _choice_options(field, "govuk-checkboxes__input")
    return context


def error_summary_items(form: forms.BaseForm) -> list[dict[str, str]]:
    """Every error on the form, with the id of the input each one should link to.

    Radios and checkboxes link to their first option, as the GOV.UK error summary asks, and
    a date input to its first box in error.
    Errors not tied to a visible field (non-field and hidden-field errors) have no link.
    """
    items = [{"text": str(error), "href": ""} for error in form.non_field_errors()]
    for field in form:
        if not field.errors:
            continue
        if field.is_hidden:
            items.extend(
                {
                    "text": _("(Hidden field %(name)s) %(error)s")
                    % {"name": field.name, "error": error},
                    "href": "",
                }
                for error in field.errors
            )
            continue
        target = field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")
        if widget_kind(field.field.widget) == "date" and field.auto_id:
            target = f"{field.auto_id}_{_date_parts_in_error(field)[0]}"
        items.extend(
            {"text": str(error), "href": f"#{target}" if target else ""} for error in field.errors
        )
    return items


class GovukFormRenderer(TemplatesSetting):
    """Renders `{{ form }}` as GOV.UK Design System markup (templates/govuk/forms/)."""

    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        if template_name == self.field_template_name and isinstance(
            context.get("field"), BoundField
        ):
            context = {**context, **govuk_field_context(context["field"])}
        elif template_name == self.form_template_name and isinstance(
            context.get("form"), forms.BaseForm
        ):
            context = {**context, "error_summary": error_summary_items(context["form"])}
        return super().render(template_name, context, request)
