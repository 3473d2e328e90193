"""Deferred payment agreements: a plain statement of what builds up (Care Act 2014 s34; SI 2014/2671).

SI 2014/2671 is the Care and Support (Deferred Payment) Regulations 2014. With a deferred payment
agreement the council pays the part of the care-home fee the person cannot pay from income, and
is paid back later (usually when the home is sold), with interest. The person keeps a disposable
income allowance from their income instead of the Personal Expenses Allowance.

Every figure comes in as a parameter: the interest rate the council charges (with its source), the
maximum rate for the six months it falls in (the market gilt rate + 0.15%, reset on 1 January and
1 July; entered with its source, never built in), the most the disposable income allowance may be,
and the lower capital limit. A rate above the maximum, or a day no maximum covers, is refused.
Rates are in hundredths of a percent (basis points): 465 is 4.65% a year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from carecommons.rules.money import pounds

# The equity limit: the most that can be deferred is 90% of the value of the home, less the lower capital limit
# and less any debts secured on it ahead of the council's charge (Care and Support Statutory Guidance, chapter 9,
# the equity limit; as councils' published policies apply it). Paragraph of the guidance to be confirmed.
EQUITY_SHARE_PERCENT = 90
EQUITY_SOURCE = ("Care and Support Statutory Guidance, chapter 9 (the equity limit: 90% of the value, less the lower "
                 "capital limit, less debts secured on it); paragraph to be confirmed")
INTEREST_SOURCE = "SI 2014/2671 (interest: no more than the market gilt rate + 0.15%, reset 1 January and 1 July)"
WEEKS_LOOKED_AHEAD = 52 * 30


class DeferredPaymentError(ValueError):
    def __init__(self, message: str, field: str = "body") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class InterestCap:
    """The maximum interest rate for six months from `starts` (1 January or 1 July), with its source."""

    starts: dt.date
    max_rate: int  # basis points: the market gilt rate + 0.15%
    source: str


@dataclass(frozen=True)
class Statement:
    weekly_fee: int
    paid_from_income: int
    weekly_deferred: int
    disposable_income_allowance: int
    interest_rate: int  # basis points
    equity_limit: int
    weeks_to_limit: int | None  # None: not within WEEKS_LOOKED_AHEAD at these figures
    lines: tuple[str, ...]


def _percent(bp: int) -> str:
    return f"{bp / 100:.2f}%"


def cap_period_end(starts: dt.date) -> dt.date:
    """The last day a cap set on 1 January or 1 July covers."""
    return dt.date(starts.year, 6, 30) if starts.month == 1 else dt.date(starts.year, 12, 31)


def check_rate(*, rate: int, rate_source: str, cap: InterestCap | None, on: dt.date) -> None:
    """Refuse a rate without its source, a day no cap covers, or a rate above the cap."""
    half = "1 January" if on.month <= 6 else "1 July"
    if cap is None or not (cap.starts <= on <= cap_period_end(cap.starts)):
        raise DeferredPaymentError(f"Not worked out: the maximum interest rate for deferred payments for the six months "
                                   f"from {half} {on.year} has not been entered.", "interest_rate")
    if (cap.starts.month, cap.starts.day) not in ((1, 1), (7, 1)):
        raise DeferredPaymentError("The maximum interest rate is reset on 1 January and 1 July.", "cap")
    if not cap.source.strip():
        raise DeferredPaymentError("The maximum interest rate needs its source.", "cap")
    if not rate_source.strip():
        raise DeferredPaymentError("The council's interest rate needs its source.", "interest_rate")
    if rate < 0:
        raise DeferredPaymentError("An interest rate cannot be negative.", "interest_rate")
    if rate > cap.max_rate:
        raise DeferredPaymentError(f"An interest rate of {_percent(rate)} is above the maximum of "
                                   f"{_percent(cap.max_rate)} for these six months ({cap.source}).", "interest_rate")


def equity_limit(*, property_value: int, secured_debt: int, lower_capital_limit: int) -> int:
    """90% of the value of the home, less the lower capital limit, less debts secured on it; never below zero."""
    return max(property_value * EQUITY_SHARE_PERCENT // 100 - lower_capital_limit - secured_debt, 0)


def statement(*, on: dt.date, weekly_fee: int, weekly_income: int, disposable_income_allowance: int,
              disposable_income_allowance_max: int | None, property_value: int, secured_debt: int,
              lower_capital_limit: int, rate: int, rate_source: str, cap: InterestCap | None,
              already_deferred: int = 0) -> Statement:
    """What a deferred payment agreement builds up each week at these figures, and when it reaches the equity limit.

    The person pays the fee from their income, keeping the disposable income allowance they choose (up to the
    maximum); the rest of the fee is deferred. Interest is added each week at a 52nd of the yearly rate on what is
    owed (an estimate: the rate can change every 1 January and 1 July).
    """
    if min(weekly_fee, weekly_income, disposable_income_allowance, property_value, secured_debt, already_deferred) < 0:
        raise DeferredPaymentError("Amounts cannot be negative.")
    check_rate(rate=rate, rate_source=rate_source, cap=cap, on=on)
    if disposable_income_allowance_max is None:
        raise DeferredPaymentError("Not worked out: the most the disposable income allowance can be has not been entered.",
                                   "disposable_income_allowance")
    if disposable_income_allowance > disposable_income_allowance_max:
        raise DeferredPaymentError(f"The disposable income allowance can be up to {pounds(disposable_income_allowance_max)} "
                                   "a week.", "disposable_income_allowance")
    paid = min(max(weekly_income - disposable_income_allowance, 0), weekly_fee)
    deferred = weekly_fee - paid
    limit = equity_limit(property_value=property_value, secured_debt=secured_debt,
                         lower_capital_limit=lower_capital_limit)
    owed, weeks = Fraction(already_deferred), None
    weekly_rate = Fraction(rate, 10_000 * 52)
    for week in range(1, WEEKS_LOOKED_AHEAD + 1):
        if owed >= limit:
            weeks = week - 1
            break
        owed += owed * weekly_rate + deferred
    else:
        if owed >= limit:
            weeks = WEEKS_LOOKED_AHEAD
    lines = [
        f"The care home costs {pounds(weekly_fee)} a week.",
        f"You keep {pounds(disposable_income_allowance)} a week of your income (your disposable income allowance; "
        f"it can be up to {pounds(disposable_income_allowance_max)}).",
        f"You pay {pounds(paid)} a week from your income.",
        f"The council pays the other {pounds(deferred)} a week for you. You pay it back later, usually when your home "
        "is sold.",
        f"Interest is added at {_percent(rate)} a year ({rate_source.strip()}). The most it can be now is "
        f"{_percent(cap.max_rate) if cap else ''} ({INTEREST_SOURCE}).",
        f"The most that can be deferred (the equity limit) is {pounds(limit)}: 90% of your home's value of "
        f"{pounds(property_value)}, less {pounds(lower_capital_limit)} (the lower capital limit)"
        + (f" and less {pounds(secured_debt)} owed on it" if secured_debt else "") + f" ({EQUITY_SOURCE}).",
    ]
    if weeks is None:
        lines.append(f"At these figures the equity limit is not reached within {WEEKS_LOOKED_AHEAD // 52} years.")
    elif weeks == 0:
        lines.append("The equity limit has already been reached, so no more can be deferred.")
    else:
        lines.append(f"At these figures the equity limit is reached in about {weeks} weeks "
                     f"(about {weeks / 52:.1f} years).")
    return Statement(weekly_fee, paid, deferred, disposable_income_allowance, rate, limit, weeks, tuple(lines))
