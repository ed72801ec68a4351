"""Paging for lists that may be long: the count stops at a limit, so a page of a list of
100,000 rows costs what a page of a list of 1,001 does."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class BoundedPage(Page):
    """A page that knows whether another follows, even when the total is not known."""

    def __init__(
        self, object_list: Sequence[Any], number: int, paginator: Paginator, has_next: bool
    ) -> None:
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next

    def end_index(self) -> int:
        return self.start_index() + len(self) - 1


class BoundedPaginator(Paginator):
    """Counts at most `count_limit` rows. Up to the limit it pages as Django's Paginator
    does; past it the total is unknown (`count_is_exact` is False, templates say "more
    than"), pages go on while there are rows, and each page reads one row beyond its own
    to know whether a next one follows. A page number past the end shows the first page.
    `counted`, if given, is counted instead of `object_list`: the same rows without the
    joins and columns only the page's rows need, which halve the count's cost."""

    object_list: QuerySet

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        count_limit: int,
        counted: QuerySet | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.count_limit = count_limit
        self.counted = object_list if counted is None else counted

    @cached_property
    def count(self) -> int:
        """The number of rows, or count_limit + 1 when there are more than count_limit."""
        return self.counted.order_by()[: self.count_limit + 1].count()

    @property
    def count_is_exact(self) -> bool:
        return self.count <= self.count_limit

    def validate_number(self, number: Any) -> int:
        if self.count_is_exact:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def page(self, number: Any) -> Page:
        if self.count_is_exact:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return BoundedPage(rows[: self.per_page], number, self, len(rows) > self.per_page)

    def get_page(self, number: Any) -> Page:
        try:
            return super().get_page(number)
        except EmptyPage:  # past the end of a list longer than the limit
            return self.page(1)

    def get_elided_page_range(
        self, number: float | str = 1, *, on_each_side: int = 3, on_ends: int = 2
    ) -> Iterator[str | int]:
        """As Django's, but past the limit the last page is unknown: after this page come
        those of the next `on_each_side` known to exist (the count's), then an ellipsis."""
        if self.count_is_exact:
            yield from super().get_elided_page_range(
                number, on_each_side=on_each_side, on_ends=on_ends
            )
            return
        number = self.validate_number(number)
        if number > on_ends + on_each_side + 1:
            yield from range(1, on_ends + 1)
            yield str(self.ELLIPSIS)
            yield from range(number - on_each_side, number + 1)
        else:
            yield from range(1, number + 1)
        yield from range(number + 1, min(number + on_each_side, self.num_pages) + 1)
        yield str(self.ELLIPSIS)
