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
