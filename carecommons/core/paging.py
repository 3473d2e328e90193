"""Pages of a long list that cost the same however long the list grows.

Django's `Paginator` counts every row before showing a page. On a waiting list or a budgets list filtered by who may
see each row, that count reads every row in reach: at a million people it took most of a second. `CountedUpTo` counts
no further than `cap` (1,000 by default): below it the count is exact and the pages are numbered as before; above it
the page says "more than 1,000" and offers "Next" for as long as there are rows, so nobody is hidden. The rows of a
page are read with one more row than the page shows, which is how it knows there is a next page.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

CAP = 1_000


class CountedUpTo(Paginator):
    """A paginator whose `count` stops at `cap` + 1. `capped` says the list is longer than `cap`."""

    def __init__(self, object_list: Any, per_page: int, *, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.cap = CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        # COUNT over "the first cap + 1 rows": the database stops reading there.
        return int(self.object_list[: self.cap + 1].count())

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def shown_count(self) -> int:
        """The number to show: exact, or `cap` when there are more (say "more than")."""
        return min(self.count, self.cap)

    def validate_number(self, number: Any) -> int:
        if not self.capped:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not a whole number") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        if not self.capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom: bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return OpenEndedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def get_page(self, number: Any) -> Page:
        try:
            return super().get_page(number)
        except EmptyPage:  # past the end of a list longer than the cap: the last page that is sure to exist
            return self.page(self.num_pages)


class OpenEndedPage(Page):
    """A page of a list longer than the cap: "Next" while there are more rows, no "of N"."""

    def __init__(self, object_list: Any, number: int, paginator: CountedUpTo, *, more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def next_page_number(self) -> int:
        return self.number + 1

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)
