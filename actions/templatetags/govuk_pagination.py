"""The page links of GOV.UK pagination (templates/govuk/pagination.html)."""

from __future__ import annotations

from django import template
from django.core.paginator import Page

register = template.Library()


@register.filter
def elided_page_range(page: Page) -> list[int | str]:
    """The first and last pages, this one and one either side, and Paginator.ELLIPSIS for
    each gap: a few links, however many pages there are."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
