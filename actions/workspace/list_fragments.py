"""The list's form groups whose markup depends only on what was asked, kept in Django's
cache (shared by every worker). Rendering the filter form's fourteen GOV.UK form groups
and the bulk assignment's cost more than the rest of the list; all but the authority,
inspection and owner groups (whose choices come from the database) are a function of the
form, what it was given, today's date (which dates are accepted) and the code. So those
are kept under a key of exactly that, which no write to the data can make stale, and
the others are rendered every time."""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from django import forms
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from actions.plumbing.code_version import code_version

# The filters whose choices are read from the database for the user: never cached here.
FILTER_DATA_FIELDS = frozenset({"authority", "inspection", "owner"})
ASSIGN_DATA_FIELDS = frozenset({"owner"})
# A day at most: the key holds the date, so older entries are never read again.
TIMEOUT = 24 * 60 * 60


def filter_groups(form: forms.BaseForm, request: HttpRequest) -> dict[str, SafeString]:
    """The filter form's groups; it is bound to the query string, less the page number."""
    asked = sorted((name, values) for name, values in request.GET.lists() if name != "page")
    return form_groups(form, FILTER_DATA_FIELDS, asked)


def assign_groups(form: forms.BaseForm) -> dict[str, SafeString]:
    """The bulk assignment's groups: all rendered afresh once it was sent (they show what
    was typed and what was wrong), else the same for every view."""
    if form.is_bound:
        return form_groups(form, form.fields, None)
    return form_groups(form, ASSIGN_DATA_FIELDS, None)


def form_groups(
    form: forms.BaseForm, data_fields: Collection[str], asked: object
) -> dict[str, SafeString]:
    """Each field of `form` as its GOV.UK form group, by name: those in `data_fields`
    rendered now, the others kept under a key of the form, `asked` (what it was given),
    today's date and the code."""
    scope = (type(form).__qualname__, form.prefix, asked, timezone.localdate(), code_version())
    key = "workspace-form-groups:" + hashlib.sha256(repr(scope).encode()).hexdigest()
    cached = cache.get(key) if len(data_fields) < len(form.fields) else {}
    if cached is None:
        kept = [name for name in form.fields if name not in data_fields]
        cached = {name: str(form[name].as_field_group()) for name in kept}
        cache.set(key, cached, TIMEOUT)
    groups = {name: mark_safe(html) for name, html in cached.items()}  # our own templates'
    groups.update({name: form[name].as_field_group() for name in data_fields})
    return groups
