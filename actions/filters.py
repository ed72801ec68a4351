"""Filtering and sorting of actions: one FilterSet for the workspace list, its exports and the API.

Every choice list is built from the request's user, so nobody is offered (or can pick) an
authority, inspection or person outside the authorities they belong to. The widgets chosen
here only decide how query parameters are read (a status may be given several times, the
overdue flag is a yes/no); how the form looks is up to the template.
"""

from __future__ import annotations

import copy
import datetime
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.forms.renderers import BaseRenderer
from django.forms.utils import flatatt
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from actions.display import person_name, person_name_expression
from actions.models import (
    AMBER_WITHIN_DAYS,
    OPEN_STATUSES,
    ActionItem,
    ActionItemQuerySet,
    DueDateChange,
    Priority,
    Rag,
    Status,
)
from inspections.models import DATE_FALLBACK, Finding, Inspection, LocalAuthority
from inspections.permissions import visible_authority_ids

if TYPE_CHECKING:
    from inspections.permissions import User

# Dates can be typed the way people write them, or given as ISO dates in a bookmarked URL.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d %B %Y", "%d %b %Y"]
DATE_HINT = "For example, 27/3/2026"

ME, UNASSIGNED = "me", "unassigned"


def due_soon_condition(today: datetime.date) -> Q:
    """Open and due from today to AMBER_WITHIN_DAYS ahead: not yet overdue, but amber
    (the dashboard's "due soon" panels and the list's due_soon filter)."""
    return Q(
        status__in=OPEN_STATUSES,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=AMBER_WITHIN_DAYS),
    )


# The search's text, as full text on PostgreSQL: migration actions/0009_action_search
# indexes these very expressions (an expression index serves only its own expression).
SEARCH_CONFIG = "english"
ACTION_TEXT = SearchVector("title", "description", config=SEARCH_CONFIG)
FINDING_TEXT = SearchVector("text", config=SEARCH_CONFIG)


def every_word_condition(text: str) -> Q:
    """Actions with every word of `text`, in any order, each in the action's title or
    description or in its finding. On PostgreSQL a word matches its other forms ("audits"
    finds "audit") through the indexed full text, and a word full text ignores ("the")
    asks for nothing; elsewhere each word must appear as written, in any case."""
    condition = Q()
    for word in dict.fromkeys(text.casefold().split()):
        condition &= _word_condition(word)
    return condition


def _word_condition(word: str) -> Q:
    if connection.vendor != "postgresql":
        return (
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(finding__text__icontains=word)
        )
    query = SearchQuery(word, config=SEARCH_CONFIG, search_type="plain")
    # Each table searched on its own, so each can use its index.
    in_actions = ActionItem.objects.annotate(words=ACTION_TEXT).filter(words=query)
    in_findings = Finding.objects.annotate(words=FINDING_TEXT).filter(words=query)
    no_words = Exact(Func(query, function="numnode", output_field=IntegerField()), 0)
    return Q(pk__in=in_actions.values("pk")) | Q(finding__in=in_findings.values("pk")) | Q(no_words)


def _by_name(person: tuple[str, str]) -> tuple[str, str]:
    return person[0].lower(), person[1]


def _rank(field: str, values: list[str]) -> Case:
    """Sorts a text column in the given order rather than alphabetically."""
    whens = [When(**{field: value}, then=Value(i)) for i, value in enumerate(values)]
    return Case(*whens, output_field=IntegerField())


# The name person_name() shows, so a list sorted by owner reads in order; NULL when the
# action has no owner, and unowned actions sort last.
_OWNER_NAME = Lower(person_name_expression("owner__"))

# What each sort key orders by.
SORTS: dict[str, F | BaseExpression] = {
    "title": Lower("title"),
    "authority": F("finding__inspection__authority__name"),
    "owner": _OWNER_NAME,
    "status": _rank("status", Status.values),
    "priority": _rank("priority", [Priority.HIGH, Priority.MEDIUM, Priority.LOW]),
    "due_date": F("due_date"),
    "updated": F("updated_at"),
}
DEFAULT_SORT = "due_date"
SORT_CHOICES = [
    ("due_date", "Due date, soonest first"),
    ("-due_date", "Due date, latest first"),
    ("priority", "Priority, high first"),
    ("-priority", "Priority, low first"),
    ("status", "Status, not started first"),
    ("-status", "Status, cancelled first"),
    ("-updated", "Recently updated"),
    ("updated", "Least recently updated"),
    ("title", "Title, A to Z"),
    ("-title", "Title, Z to A"),
    ("owner", "Owner, A to Z"),
    ("-owner", "Owner, Z to A"),
    ("authority", "Authority, A to Z"),
    ("-authority", "Authority, Z to A"),
]


class SortFilter(django_filters.ChoiceFilter):
    """Orders by one key of SORTS, "-" prefixed for descending, or DEFAULT_SORT when none is
    given. Empty values sort last either way round, and ties are broken by id so that the
    pages of a list never overlap or skip a row."""

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        key = value or DEFAULT_SORT
        expression = SORTS[key.removeprefix("-")]
        if key.startswith("-"):
            return qs.order_by(expression.desc(nulls_last=True), "-pk")
        return qs.order_by(expression.asc(nulls_last=True), "pk")


class OptionsSelect(forms.Select):
    """A <select> written here in one pass, rather than by Django's two template includes
    and an attribute dictionary per option: the list's filters and its bulk assignment
    offer hundreds of options on every view."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        selected = set(self.format_value(value))
        options = "".join(_option_html(choice, label, selected) for choice, label in self.choices)
        select_attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html(
            '<select name="{}"{}>{}</select>', name, select_attrs, SafeString(options)
        )


def _option_html(value: Any, label: Any, selected: set[str]) -> str:
    """One <option>, or an <optgroup> of them when `label` is a list of choices."""
    if isinstance(label, list | tuple):
        group = "".join(_option_html(v, text, selected) for v, text in label)
        return f'<optgroup label="{escape(value)}">{group}</optgroup>'
    value = "" if value is None else str(value)
    chosen = " selected" if value in selected else ""
    return f'<option value="{escape(value)}"{chosen}>{escape(label)}</option>'


class YesFilter(django_filters.Filter):
    """A flag that is on for any value but "false" or "0" ("overdue=yes", a ticked box)."""

    field_class = forms.BooleanField


# What str(inspection) and Inspection.label read: the columns a list or a choice of
# inspections loads, rather than whole rows with their letters' text.
INSPECTION_LABEL_FIELDS = ("id", "authority_id", "authority__name", "kind", "title", *DATE_FALLBACK)
# What person_name reads.
PERSON_NAME_FIELDS = ("id", "first_name", "last_name", "username")


def _authorities(request: HttpRequest) -> QuerySet[LocalAuthority]:
    authority_ids = visible_authority_ids(request.user)
    authorities = LocalAuthority.objects.only("id", "name", "slug")  # exports name files by slug
    return authorities if authority_ids is None else authorities.filter(id__in=authority_ids)


def _inspections(request: HttpRequest) -> QuerySet[Inspection]:
    return (
        Inspection.objects.for_user(request.user)
        .select_related("authority")
        .only(*INSPECTION_LABEL_FIELDS)
        .order_by("authority__name", "-visit_start", "-id")
    )


def _owner_choices(user: User) -> list[tuple[str, str]]:
    """Me, nobody, and everyone who owns an action in the user's authorities."""
    owners = get_user_model().objects.filter(
        pk__in=ActionItem.objects.for_user(user).values("owner_id")
    )
    people = sorted(
        ((person_name(owner), str(owner.pk)) for owner in owners.only(*PERSON_NAME_FIELDS)),
        key=_by_name,
    )
    return [(ME, "Me"), (UNASSIGNED, "Unassigned"), *((pk, name) for name, pk in people)]


class _FiltersCopiedCheaply(OrderedDict[str, django_filters.Filter]):
    """Filters that BaseFilterSet.__init__ copies for each instance shallowly, with their
    `extra` (the owner's choices change it), not deeply: an instance changes nothing else of
    them, and deep copies of widgets and choices were a quarter of an API list's cost."""

    def __deepcopy__(self, memo: dict) -> dict[str, django_filters.Filter]:
        copies = {name: copy.copy(filter_) for name, filter_ in self.items()}
        for filter_ in copies.values():
            filter_.extra = dict(filter_.extra)
            filter_.__dict__.pop("_field", None)  # built from the copy's own extra if asked
            if filter_.method is not None:  # a new FilterMethod, bound to the copy
                filter_.method = filter_.method
        return copies


class ActionFilter(django_filters.FilterSet):
    """Filters and sorts the actions the request's user may see.

    Without a queryset it starts from all of the user's actions. A queryset given by the
    caller (an API view) must already be limited with `for_user`; RAG is annotated here
    if the caller has not done it (see rag_in_rows).
    """

    q = django_filters.CharFilter(
        method="filter_text",
        label="Search",
        help_text="Every word, in any order, in the action’s title or description or in "
        "its finding",
    )
    authority = django_filters.ModelChoiceFilter(
        field_name="finding__inspection__authority",
        label="Authority",
        queryset=_authorities,  # type: ignore[arg-type]  # django-filter calls it with the request
        empty_label="All authorities",
        widget=OptionsSelect,
    )
    inspection = django_filters.ModelChoiceFilter(
        field_name="finding__inspection",
        label="Inspection",
        queryset=_inspections,  # type: ignore[arg-type]  # django-filter calls it with the request
        empty_label="All inspections",
        widget=OptionsSelect,
    )
    finding_kind = django_filters.ChoiceFilter(
        field_name="finding__kind",
        label="Type of finding",
        choices=[(kind.value, kind.label) for kind in Finding.ACTIONABLE_KINDS],
        empty_label="All types",
        widget=OptionsSelect,
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    rag = django_filters.ChoiceFilter(
        method="filter_rag",
        label="RAG rating",
        choices=Rag.choices,
        empty_label="Any",
        widget=OptionsSelect,
    )
    owner = django_filters.ChoiceFilter(
        method="filter_owner", empty_label="Anyone", widget=OptionsSelect
    )
    priority = django_filters.ChoiceFilter(
        choices=Priority.choices, empty_label="Any", widget=OptionsSelect
    )
    due_after = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="gte",
        label="Due on or after",
        help_text=DATE_HINT,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": "Enter the ‘due on or after’ date like 27/3/2026"},
    )
    due_before = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="lte",
        label="Due on or before",
        help_text=DATE_HINT,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": "Enter the ‘due on or before’ date like 27/3/2026"},
    )
    overdue = YesFilter(
        method="filter_overdue",
        label="Only overdue actions",
        widget=forms.CheckboxInput(attrs={"value": "yes"}),
    )
    due_soon = YesFilter(
        method="filter_due_soon",
        label=f"Only open actions due in the next {AMBER_WITHIN_DAYS} days",
        widget=forms.CheckboxInput(attrs={"value": "yes"}),
    )
    due_date_request = YesFilter(
        method="filter_due_date_request",
        label="Only actions with a new due date waiting for a decision",
        widget=forms.CheckboxInput(attrs={"value": "yes"}),
    )
    sort = SortFilter(label="Sort by", choices=SORT_CHOICES, empty_label=None, widget=OptionsSelect)

    # Whether rows carry `rag_status` (the RAG rating in SQL), for lists that show it; False
    # where rows work it out in Python (ActionItem.rag). Filtering by RAG works either way.
    rag_in_rows = True

    class Meta:
        model = ActionItem
        fields: list[str] = []

    @classmethod
    def get_filters(cls) -> OrderedDict[str, django_filters.Filter]:
        return _FiltersCopiedCheaply(super().get_filters())

    def __init__(
        self,
        data: QueryDict | dict[str, Any] | None = None,
        queryset: ActionItemQuerySet | None = None,
        *,
        request: HttpRequest,
        prefix: str | None = None,
        today: datetime.date | None = None,
    ) -> None:
        self.today = today or timezone.localdate()
        self.user = request.user
        if queryset is None:
            queryset = ActionItem.objects.for_user(request.user)
        if self.rag_in_rows and "rag_status" not in queryset.query.annotations:
            queryset = queryset.with_rag(self.today)
        super().__init__(data, queryset, request=request, prefix=prefix)
        # A function, so the query runs only when the choices are shown or checked, and
        # once however often they are read (and a function, not a bound method, so that
        # copying the form does not copy the request).
        user = request.user
        found: list[list[tuple[str, str]]] = []

        def owner_choices() -> list[tuple[str, str]]:
            if not found:
                found.append(_owner_choices(user))
            return found[0]

        self.filters["owner"].extra["choices"] = owner_choices

    @property
    def sort_key(self) -> str:
        """The sort in force: the one asked for if it was valid, else the default."""
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {}).get("sort") or DEFAULT_SORT

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(every_word_condition(value)) if value.strip() else queryset

    def filter_rag(self, queryset: ActionItemQuerySet, name: str, value: str) -> ActionItemQuerySet:
        if "rag_status" not in queryset.query.annotations:  # see rag_in_rows
            queryset = queryset.with_rag(self.today)
        return queryset.filter(rag_status=value)

    def filter_owner(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == ME:
            return queryset.filter(owner=self.user)
        if value == UNASSIGNED:
            return queryset.filter(owner__isnull=True)
        return queryset.filter(owner_id=value)

    def filter_overdue(
        self, queryset: ActionItemQuerySet, name: str, value: bool
    ) -> ActionItemQuerySet:
        return queryset.overdue(self.today) if value else queryset

    def filter_due_soon(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(due_soon_condition(self.today)) if value else queryset

    def filter_due_date_request(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        """At most one request per action is pending (a unique constraint), so the join
        never repeats an action."""
        if not value:
            return queryset
        return queryset.filter(due_date_changes__state=DueDateChange.State.PENDING)
