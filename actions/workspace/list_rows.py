"""The rows of the workspace's table of actions, written out here in one pass: fifty rows
of template tags and lookups cost more than the rest of the page, and a row's markup is
the same every time but for its values (escaped here as the template would)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString

from actions.display import RAG_COLOURS, STATUS_COLOURS, long_date
from actions.models import ActionItem, Priority, Rag, Status
from actions.permissions import can_manage_action
from actions.templatetags.actions_display import TAG_TEMPLATE
from inspections.models import Finding, Inspection

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The action page's URL is reversed once per list, with this for its id, not once a row.
PK_MARKER = "2147483647"


@dataclass(frozen=True)
class Row:
    """One action as the table shows it, each value worked out once."""

    action: ActionItem
    selectable: bool
    url: str
    finding_kind: str
    inspection: str
    authority: str
    owner: str  # "" when nobody owns it
    status_tag: SafeString  # GOV.UK tags, as govuk/tag.html renders them
    rag_tag: SafeString | str  # "" when the action is closed
    priority: str
    due: str  # "" when not set


class Tags:
    """GOV.UK tags rendered once for each text and colour, not once a row: a list has a
    handful of different tags and fifty rows. Inspections' labels likewise, once for each
    inspection (Inspection.label reads its kind's name through Django's choices)."""

    def __init__(self) -> None:
        self._rendered: dict[tuple[str, str], SafeString] = {}
        self._labels: dict[int, str] = {}

    def inspection_label(self, inspection: Inspection) -> str:
        if inspection.pk not in self._labels:
            self._labels[inspection.pk] = inspection.label
        return self._labels[inspection.pk]

    def __call__(self, text: str, colour: str) -> SafeString:
        key = (text, colour)
        if key not in self._rendered:
            self._rendered[key] = render_to_string(TAG_TEMPLATE, {"text": text, "colour": colour})
        return self._rendered[key]


def row(action: ActionItem, user: User, can_assign: bool, action_url: str, tag: Tags) -> Row:
    """The row of an action read with lists.ROW_FIELDS and ROW_NAMES, and its RAG."""
    inspection = action.finding.inspection
    rag = action.rag_status  # type: ignore[attr-defined]  # annotated by ActionFilter
    return Row(
        action=action,
        selectable=can_assign and can_manage_action(user, action),
        url=action_url.replace(PK_MARKER, str(action.pk)),
        finding_kind=Finding.Kind(action.finding.kind).label,
        inspection=tag.inspection_label(inspection),
        authority=action.authority_name,  # type: ignore[attr-defined]  # ROW_NAMES
        owner=action.owner_name or "",  # type: ignore[attr-defined]
        status_tag=tag(Status(action.status).label, STATUS_COLOURS[action.status]),
        rag_tag=tag(Rag(rag).label, RAG_COLOURS[rag]) if rag else "",
        priority=Priority(action.priority).label,
        due=long_date(action.due_date) if action.due_date else "",
    )


_CHECKBOX = (
    '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
    '<div class="govuk-checkboxes__item">'
    '<input class="govuk-checkboxes__input" id="select-{pk}" name="action" type="checkbox" '
    'value="{pk}"{checked}>'
    '<label class="govuk-label govuk-checkboxes__label" for="select-{pk}">'
    '<span class="govuk-visually-hidden">Select {title}</span></label>'
    "</div></div>"
)
_NO_RAG = SafeString(
    '<span aria-hidden="true">–</span>'
    '<span class="govuk-visually-hidden">None: the action is closed</span>'
)
_ROW = (
    '<tr class="govuk-table__row">{select}'
    '<td class="govuk-table__cell" data-label="Action">'
    '<a class="govuk-link" href="{url}">{title}</a></td>'
    '<td class="govuk-table__cell" data-label="Finding">'
    '{finding_kind}<span class="app-table-secondary">{inspection}</span></td>'
    '<td class="govuk-table__cell" data-label="Authority">{authority}</td>'
    '<td class="govuk-table__cell" data-label="Owner">{owner}</td>'
    '<td class="govuk-table__cell" data-label="Status">{status_tag}</td>'
    '<td class="govuk-table__cell" data-label="RAG">{rag_tag}</td>'
    '<td class="govuk-table__cell" data-label="Priority">{priority}</td>'
    '<td class="govuk-table__cell app-nowrap" data-label="Due date">{due}</td>'
    "</tr>"
)


def rows_html(rows: list[Row], with_checkboxes: bool, selected: frozenset[int]) -> SafeString:
    """The table's body rows; `with_checkboxes` adds the first column, with a box on each
    row the user may assign (ticked if its id is in `selected`)."""
    return SafeString("".join(_row_html(row, with_checkboxes, selected) for row in rows))


def _row_html(row: Row, with_checkboxes: bool, selected: frozenset[int]) -> str:
    action = row.action
    select = ""
    if with_checkboxes:
        checkbox = ""
        if row.selectable:
            checked = SafeString(" checked") if action.pk in selected else ""
            checkbox = format_html(_CHECKBOX, pk=action.pk, checked=checked, title=action.title)
        select = format_html('<td class="govuk-table__cell app-table__select">{}</td>', checkbox)
    return format_html(
        _ROW,
        select=select,
        url=row.url,
        title=action.title,
        finding_kind=row.finding_kind,
        inspection=row.inspection,
        authority=row.authority,
        owner=row.owner or "Unassigned",
        status_tag=row.status_tag,
        rag_tag=row.rag_tag or _NO_RAG,
        priority=row.priority,
        due=row.due or "Not set",
    )
