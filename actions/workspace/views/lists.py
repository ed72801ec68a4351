"""The list of actions: filtered, sorted and paged; exported as an improvement plan; assigned
in bulk by managers. The whole state of a list lives in its query string, so it can be
bookmarked, paged, sorted and exported without losing the filters."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from actions import services
from actions.display import (
    RAG_COLOURS,
    STATUS_COLOURS,
    long_date,
    person_name,
    person_name_expression,
)
from actions.filters import PERSON_NAME_FIELDS, OptionsSelect
from actions.models import ActionItem, Priority, Rag, Status
from actions.permissions import can_manage_action
from actions.plumbing import refusals
from actions.plumbing.auth import signed_in_user
from actions.plumbing.dates import GovukDateField
from actions.plumbing.forms import error_summary_items
from actions.plumbing.ids import parse_id
from actions.templatetags.actions_display import TAG_TEMPLATE
from actions.workspace import exports
from actions.workspace.filters import ActionListFilter
from actions.workspace.forms import ConfirmPastDueDateField, OwnerChoiceField
from actions.workspace.paging import BoundedPaginator
from inspections.models import DATE_FALLBACK, Finding
from inspections.permissions import MANAGER, authority_ids_with_role, possible_owners

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PAGE_SIZE = 50
# The list counts up to this many actions and says "more than" beyond: a count of every
# action an administrator sees would cost more than the page itself.
COUNT_LIMIT = 1000
# The columns the table shows and can_manage_action reads, not whole rows (an inspection's
# carries its letter's text), and the authority's and owner's names read in SQL: fifty rows
# cost three model instances each, not five.
ROW_FIELDS = (
    "title",
    "status",
    "priority",
    "due_date",
    "finding__kind",
    *(f"finding__inspection__{name}" for name in ("authority_id", "kind", *DATE_FALLBACK)),
)
ROW_NAMES = {
    "authority_name": F("finding__inspection__authority__name"),
    "owner_name": person_name_expression("owner__"),
}


@dataclass(frozen=True)
class Row:
    """One action as the table shows it, each value worked out once here, so the template
    reads plain attributes: fifty rows of template lookups and display methods cost more
    than the rest of the page."""

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


class AssignManyForm(forms.Form):
    """A new owner and/or due date for the ticked actions; the service checks the rest."""

    owner = OwnerChoiceField(
        queryset=get_user_model().objects.none(),
        widget=OptionsSelect,
        required=False,
        label="New owner",
        empty_label="Keep the current owners",
    )
    due_date = GovukDateField(required=False, label="New due date")
    confirm_past_due_date = ConfirmPastDueDateField()

    prefix = "assign"

    def __init__(
        self, *args: Any, user: User, actions: Iterable[ActionItem] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Offered: who may own the actions listed with a checkbox. Accepted: who may own
        # the ticked actions; whether this user may assign those is the service's to say.
        ticked = sorted({action.finding.inspection.authority_id for action in actions})
        people = possible_owners(ticked) if ticked else _assignable_people(user)
        field = cast(forms.ModelChoiceField, self.fields["owner"])
        field.queryset = people.only(*PERSON_NAME_FIELDS)


def _assignable_people(user: User) -> QuerySet[User]:
    """Members who may own actions in the authorities this user manages."""
    return possible_owners(authority_ids_with_role(user, MANAGER))


def _manages_any(user: User) -> bool:
    managed = authority_ids_with_role(user, MANAGER)
    return managed is None or bool(managed)


def _querystring(request: HttpRequest, *leave_out: str) -> str:
    """The list's query string without empty values and without the named parameters."""
    params = request.GET.copy()
    for name in leave_out:
        params.pop(name, None)
    for name in list(params):
        values = [value for value in params.getlist(name) if value]
        if values:
            params.setlist(name, values)
        else:
            del params[name]
    return params.urlencode()


def _total(paginator: BoundedPaginator) -> str:
    """How many actions the list has: "120", or "more than 1,000" past the count's limit."""
    if paginator.count_is_exact:
        return str(paginator.count)
    return f"more than {paginator.count_limit:,}"


# The action page's URL is reversed once per list, with this for its id, not once a row.
_PK_MARKER = "2147483647"


class Tags:
    """GOV.UK tags rendered once for each text and colour, not once a row: a list has a
    handful of different tags and fifty rows."""

    def __init__(self) -> None:
        self._rendered: dict[tuple[str, str], SafeString] = {}

    def __call__(self, text: str, colour: str) -> SafeString:
        key = (text, colour)
        if key not in self._rendered:
            self._rendered[key] = render_to_string(TAG_TEMPLATE, {"text": text, "colour": colour})
        return self._rendered[key]


def _row(action: ActionItem, user: User, can_assign: bool, action_url: str, tag: Tags) -> Row:
    inspection = action.finding.inspection
    rag = action.rag_status  # type: ignore[attr-defined]  # annotated by ActionFilter
    return Row(
        action=action,
        selectable=can_assign and can_manage_action(user, action),
        url=action_url.replace(_PK_MARKER, str(action.pk)),
        finding_kind=Finding.Kind(action.finding.kind).label,
        inspection=inspection.label,
        authority=action.authority_name,  # type: ignore[attr-defined]  # ROW_NAMES
        owner=action.owner_name or "",  # type: ignore[attr-defined]
        status_tag=tag(Status(action.status).label, STATUS_COLOURS[action.status]),
        rag_tag=tag(Rag(rag).label, RAG_COLOURS[rag]) if rag else "",
        priority=Priority(action.priority).label,
        due=long_date(action.due_date) if action.due_date else "",
    )


def _render_list(
    request: HttpRequest,
    assign_form: AssignManyForm | None = None,
    selected: frozenset[int] = frozenset(),
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    filters = ActionListFilter(request.GET, request=request)
    actions = (
        filters.qs.select_related("finding__inspection").only(*ROW_FIELDS).annotate(**ROW_NAMES)
    )
    paginator = BoundedPaginator(actions, PAGE_SIZE, COUNT_LIMIT)
    page = paginator.get_page(request.GET.get("page"))
    can_assign = _manages_any(user)
    action_url = reverse("workspace:action", args=[_PK_MARKER])
    tags = Tags()
    rows = [_row(action, user, can_assign, action_url, tags) for action in page]
    selectable = [row.action for row in rows if row.selectable]
    if selectable and assign_form is None:
        assign_form = AssignManyForm(user=user, actions=selectable)
    querystring = _querystring(request, "page")
    error_summary = error_summary_items(filters.form)
    if assign_form is not None and assign_form.is_bound:
        # Errors of the form as a whole (nothing ticked, a refusal) point at its message.
        error_summary += [
            {**item, "href": item["href"] or "#assign-error"}
            for item in error_summary_items(assign_form)
        ]
    context = {
        "filters": filters,
        "filter_form": filters.form,
        "page_obj": page,
        "total": _total(paginator),
        "rows": rows,
        # For "Select all N actions on this page": the rows with a checkbox.
        "selectable_count": len(selectable),
        "sort": filters.sort_key,
        "querystring": querystring,
        "sort_querystring": _querystring(request, "page", "sort"),
        "list_querystring": _querystring(request),
        "error_summary": error_summary,
        "assign_form": assign_form if can_assign else None,
        "selected": selected,
    }
    return render(request, "actions/list.html", context, status=status)


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request)


@login_required
def action_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    exporter = exports.EXPORTERS.get(fmt)
    if exporter is None:
        raise Http404
    filters = ActionListFilter(request.GET, request=request)
    if not filters.is_valid():
        # Exporting with a filter dropped would hand on more than the person asked for.
        return HttpResponseBadRequest(
            "Some filters are not valid. Correct them on the list of actions, then export."
        )
    return exporter(exports.Plan.from_filters(filters, request))


def _selected_actions(request: HttpRequest) -> list[ActionItem]:
    """The ticked actions; 404 if any is not the user's to see. Whether they may assign
    them is the service's to say, for all of them or none."""
    values = set(request.POST.getlist("action"))
    ids = {parse_id(value) for value in values} - {None}
    actions = list(
        ActionItem.objects.for_user(signed_in_user(request))
        .filter(pk__in=ids)
        .select_related("finding__inspection")
        .order_by("pk")
    )
    if len(actions) != len(values):
        raise Http404
    return actions


def _assigned_message(count: int, owner: User | None, due_date: datetime.date | None) -> str:
    noun = "action" if count == 1 else "actions"
    changes = []
    if owner:
        changes.append(f"assigned to {person_name(owner)}")
    if due_date:
        changes.append(f"due on {long_date(due_date)}")
    return f"{count} {noun} {' and '.join(changes)}."


@login_required
@require_POST
def assign_many(request: HttpRequest) -> HttpResponse:
    actions = _selected_actions(request)
    form = AssignManyForm(request.POST, user=signed_in_user(request), actions=actions)
    status = 200  # a form error; a refusal sets its own
    if form.is_valid():
        if not actions:
            form.add_error(None, "Select the actions to assign.")
        else:
            owner, due_date = form.cleaned_data["owner"], form.cleaned_data["due_date"]
            try:
                count = services.assign_many(
                    actions=actions,
                    by=signed_in_user(request),
                    owner=owner,
                    due_date=due_date,
                    confirm_past_due_date=form.cleaned_data["confirm_past_due_date"],
                )
            except services.ActionError as error:
                status = refusals.show_on_form(form, error)
            else:
                messages.success(request, _assigned_message(count, owner, due_date))
                query = _querystring(request)
                return redirect(reverse("workspace:actions") + (f"?{query}" if query else ""))
    selected = frozenset(action.pk for action in actions)
    return _render_list(request, assign_form=form, selected=selected, status=status)
