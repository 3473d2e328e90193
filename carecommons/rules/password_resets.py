"""How many password reset emails may go: to one account, and because of one client address, in an hour.

Past either limit no email goes, but the page says what it always says, so the limit reveals nothing about
whether an address has an account. The counts are of emails already sent in the last `window` (the caller
counts them; this module reads no clock)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class ResetLimits:
    per_account: int = 3
    per_address: int = 20
    window: dt.timedelta = dt.timedelta(hours=1)


class Held(Enum):
    """Which limit held an email back."""

    ACCOUNT = "account"
    ADDRESS = "address"


@dataclass(frozen=True)
class ResetEmail:
    send: bool
    held_by: Held | None = None
    reason: str = ""


def reset_email(*, sent_to_account: int, sent_for_address: int, limits: ResetLimits) -> ResetEmail:
    """Whether another reset email may go, given those sent in the window to this account and because of requests
    from this client address."""
    if sent_to_account >= limits.per_account:
        return ResetEmail(False, Held.ACCOUNT, f"{sent_to_account} reset emails already sent to this account in the "
                                               f"last {_hours(limits.window)}; the limit is {limits.per_account}.")
    if sent_for_address >= limits.per_address:
        return ResetEmail(False, Held.ADDRESS, f"{sent_for_address} reset emails already sent because of requests from "
                                               f"this address in the last {_hours(limits.window)}; the limit is "
                                               f"{limits.per_address}.")
    return ResetEmail(True)


def _hours(window: dt.timedelta) -> str:
    hours = window.total_seconds() / 3600
    return "hour" if hours == 1 else f"{hours:g} hours"
