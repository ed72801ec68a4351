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
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from actions import services
from actions.display import long_date, person_name, person_name_expression
from actions.filters import PERSON_NAME_FIELDS, OptionsSelect
from actions.models import ActionItem
from actions.plumbing import refusals
from actions.plumbing.auth import signed_in_user
from actions.plumbing.dates import GovukDateField
from actions.plumbing.forms import error_summary_items
from actions.plumbing.ids import parse_id
from actions.plumbing.revision_cache import cached_for_person, cached_fragment
from actions.workspace import exports
from actions.workspace.filters import ActionListFilter
from actions.workspace.forms import ConfirmPastDueDateField, OwnerChoiceField
from actions.workspace.list_fragments import assign_groups, filter_groups
from actions.workspace.list_rows import PK_MARKER, Tags, row, rows_html
from actions.workspace.paging import BoundedPaginator
from inspections.models import DATE_FALLBACK
from inspections.permissions import MANAGER, authority_ids_with_role, possible_owners

if TYPE_CHECKING:
    from django.contrib.auth.models import User

FILTERS_TEMPLATE = "actions/_list_filters.html"
LIST_BODY_TEMPLATE = "actions/_list_body.html"
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


def _filters_html(request: HttpRequest, user: User) -> SafeString:
    """The filter form, kept per person under their authorities' revision numbers
    (actions/plumbing/revision_cache.py): its authority, inspection and owner choices are
    their data, and it shows what was asked (the query string, in the name)."""
    asked = sorted((name, values) for name, values in request.GET.lists() if name != "page")

    def render(_numbers: dict[int, int | None]) -> str:
        form = ActionListFilter(request.GET, request=request).form
        return render_to_string(FILTERS_TEMPLATE, {"filter_groups": filter_groups(form, request)})

    return cached_fragment(f"action-list-filters {asked!r}", user, timezone.localdate(), render)


# Where the assignment form's CSRF token goes: a list's body is kept in the cache per
# person, and the token belongs to the browser, so it is put in as the page is sent.
CSRF_HOLE = "<!-- the assignment form's CSRF token -->"


@dataclass(frozen=True)
class ListBody:
    """The list below the layout, as HTML with CSRF_HOLE, and whether it shows errors."""

    html: str
    has_errors: bool


def _list_body(
    request: HttpRequest,
    assign_form: AssignManyForm | None = None,
    selected: frozenset[int] = frozenset(),
) -> ListBody:
    user = signed_in_user(request)
    filters_html = _filters_html(request, user)
    filters = ActionListFilter(request.GET, request=request)
    actions = (
        filters.qs.select_related("finding__inspection").only(*ROW_FIELDS).annotate(**ROW_NAMES)
    )
    # Counted without the page's joins and names: they never change how many rows match.
    paginator = BoundedPaginator(actions, PAGE_SIZE, COUNT_LIMIT, counted=filters.qs)
    page = paginator.get_page(request.GET.get("page"))
    can_assign = _manages_any(user)
    action_url = reverse("workspace:action", args=[PK_MARKER])
    tags = Tags()
    rows = [row(action, user, can_assign, action_url, tags) for action in page]
    selectable = [each.action for each in rows if each.selectable]
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
        "filters_html": filters_html,
        "filter_form": filters.form,
        "page_obj": page,
        "total": _total(paginator),
        "rows": rows,
        "rows_html": rows_html(rows, can_assign and assign_form is not None, selected),
        # For "Select all N actions on this page": the rows with a checkbox.
        "selectable_count": len(selectable),
        "sort": filters.sort_key,
        "querystring": querystring,
        "sort_querystring": _querystring(request, "page", "sort"),
        "list_querystring": _querystring(request),
        "error_summary": error_summary,
        "assign_form": assign_form if can_assign else None,
        "assign_groups": assign_groups(assign_form) if can_assign and assign_form else {},
        "csrf_input": mark_safe(CSRF_HOLE),  # noqa: S308  # a comment of our own
    }
    html = render_to_string(LIST_BODY_TEMPLATE, context, request=request)
    return ListBody(html, bool(error_summary))


def _respond(request: HttpRequest, body: ListBody, status: int = 200) -> HttpResponse:
    token = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    html = mark_safe(body.html.replace(CSRF_HOLE, token))  # noqa: S308  # escaped above
    context = {"body": html, "has_errors": body.has_errors}
    return render(request, "actions/list.html", context, status=status)


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    """Built only when something it shows has changed (actions/plumbing/revision_cache.py):
    kept per person and query string under their authorities' revision numbers."""
    user = signed_in_user(request)
    asked = sorted(request.GET.lists())
    body = cached_for_person(
        f"action-list {asked!r}", user, timezone.localdate(), lambda _numbers: _list_body(request)
    )
    return _respond(request, body)


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
    return _respond(request, _list_body(request, form, selected), status=status)
