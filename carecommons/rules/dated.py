"""Rates that change on a date: which one is in force on a given day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar


class Dated(Protocol):
    @property
    def starts(self) -> dt.date: ...


D = TypeVar("D", bound=Dated)


def in_force(items: Iterable[D], day: dt.date) -> D | None:
    """The item in force on `day`: the latest that started on or before it, or None."""
    current: D | None = None
    for item in sorted(items, key=lambda i: i.starts):
        if item.starts <= day:
            current = item
    return current


def months_after(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time `months` calendar months later; the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))
