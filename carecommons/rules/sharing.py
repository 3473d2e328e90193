"""A person shares their record for a period they choose; an invitation to sign in works once, for a while.

Pure: the day, the longest period and the time now are parameters.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

# The periods offered, in the words people choose from, and how many months or days each is.
PERIODS: Mapping[str, str] = {
    "week": "For 1 week",
    "month": "For 1 month",
    "three_months": "For 3 months",
    "year": "For 1 year",
    "date": "Until a date I choose",
}
_MONTHS = {"month": 1, "three_months": 3, "year": 12}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the last day of that month when it is shorter (31 January → 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class SharePeriod:
    ok: bool
    starts_on: dt.date
    ends_on: dt.date | None
    problems: Mapping[str, str]  # field → message


def share_period(*, period: str, until: dt.date | None, today: dt.date, longest_days: int) -> SharePeriod:
    """When a sharing chosen today ends: a week, a month, 3 months, a year, or a date (not past, at most a year)."""
    ends_on: dt.date | None = None
    if period == "week":
        ends_on = today + dt.timedelta(days=7)
    elif period in _MONTHS:
        ends_on = add_months(today, _MONTHS[period])
    elif period == "date":
        if until is None:
            return SharePeriod(False, today, None, {"until": "Enter the date the sharing ends"})
        ends_on = until
    else:
        return SharePeriod(False, today, None, {"period": "Choose how long to share your record for"})
    latest = today + dt.timedelta(days=longest_days)
    if ends_on < today:
        return SharePeriod(False, today, None, {"until": "The date the sharing ends must be today or later"})
    if ends_on > latest:
        return SharePeriod(False, today, None, {
            "until": f"You can share your record for up to a year at a time. Choose a date on or before "
                     f"{latest.day} {latest:%B %Y}"})
    return SharePeriod(True, today, ends_on, {})


class ShareState(StrEnum):
    CURRENT = "current"
    NOT_STARTED = "not_started"
    ENDED_EARLY = "ended_early"  # the person ended it
    FINISHED = "finished"  # its end date has passed


SHARE_STATE_WORDS: Mapping[ShareState, str] = {
    ShareState.CURRENT: "Sharing now",
    ShareState.NOT_STARTED: "Not started yet",
    ShareState.ENDED_EARLY: "You ended it",
    ShareState.FINISHED: "Finished",
}


def share_state(*, starts_on: dt.date, ends_on: dt.date, ended: bool, today: dt.date) -> ShareState:
    if ended:
        return ShareState.ENDED_EARLY
    if ends_on < today:
        return ShareState.FINISHED
    if starts_on > today:
        return ShareState.NOT_STARTED
    return ShareState.CURRENT


class InvitationState(StrEnum):
    OPEN = "open"
    USED = "used"
    EXPIRED = "expired"


def invitation_state(*, expires_at: dt.datetime, used: bool, now: dt.datetime) -> InvitationState:
    """An invitation link works once, until it expires."""
    if used:
        return InvitationState.USED
    if now >= expires_at:
        return InvitationState.EXPIRED
    return InvitationState.OPEN


def username_from(text: str) -> str:
    """A username suggested from a name or an email address: lower case letters, numbers and dots."""
    local = unicodedata.normalize("NFKD", text.split("@", 1)[0]).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", local)
    return ".".join(words)[:30].strip(".") or "me"
