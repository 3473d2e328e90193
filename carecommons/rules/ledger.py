"""An honest ledger for personal budgets: double-entry, integer pence, append-only.

Every transaction's entries sum to zero. Nothing is edited or deleted: a mistake is corrected by
a reversal, which posts the same entries with the signs swapped. Balances are sums of entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from carecommons.rules.money import pounds as _money


class LedgerError(ValueError):
    """A transaction that would make the books wrong; the message says why."""


@dataclass(frozen=True)
class Entry:
    account: str
    pence: int  # positive is a debit (money into the account), negative a credit (money out)


@dataclass(frozen=True)
class Transaction:
    on: dt.date
    description: str
    entries: tuple[Entry, ...]


def transaction(*, on: dt.date, description: str, entries: Iterable[tuple[str, int]]) -> Transaction:
    """Build a transaction, refusing one that does not balance or moves nothing."""
    built = tuple(Entry(account, pence) for account, pence in entries)
    if len(built) < 2:
        raise LedgerError("A transaction needs at least two entries: money leaves one account and enters another.")
    if any(not isinstance(e.pence, int) or isinstance(e.pence, bool) for e in built):
        raise LedgerError("Amounts are whole pence.")
    if any(e.pence == 0 for e in built):
        raise LedgerError("An entry of £0.00 moves nothing; leave it out.")
    total = sum(e.pence for e in built)
    if total != 0:
        raise LedgerError(f"The entries do not balance: they are out by {total} pence.")
    if not description.strip():
        raise LedgerError("Say what the transaction is for.")
    return Transaction(on, description.strip(), built)


def reversal(original: Transaction, *, on: dt.date, reason: str) -> Transaction:
    """The correction for a mistaken transaction: the same entries, signs swapped."""
    return transaction(on=on, description=f"Correction: {reason.strip()} (reverses “{original.description}”)",
                       entries=((e.account, -e.pence) for e in original.entries))


def balance(transactions: Iterable[Transaction], account: str, *, up_to: dt.date | None = None) -> int:
    return sum(e.pence for t in transactions if up_to is None or t.on <= up_to for e in t.entries if e.account == account)


def split_pence(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Share `total` pence by whole-number weights so the shares add up to the total exactly.

    Largest remainder: everyone gets the floor of their exact share, then the pennies left go to the
    largest remainders (ties by name, so the result never depends on order).
    """
    if total < 0:
        raise LedgerError("Split a cost, not a refund: reverse the original instead.")
    if not weights or any(w <= 0 for w in weights.values()):
        raise LedgerError("Everyone sharing a cost needs a share greater than nothing.")
    whole = sum(weights.values())
    shares = {k: total * w // whole for k, w in weights.items()}
    left = total - sum(shares.values())
    by_remainder = sorted(weights, key=lambda k: (-(total * weights[k] % whole), k))
    for k in by_remainder[:left]:
        shares[k] += 1
    return shares


@dataclass(frozen=True)
class BudgetSummary:
    allowance: int
    contributions: int
    spent: int
    committed: int
    balance: int
    forecast_spend: int
    forecast_balance: int
    alert: str  # "", "underspend" or "overspend"
    reasons: tuple[str, ...]


def summarise_budget(
    *, allowance: int, contributions: int, spent: int, committed: int, period_start: dt.date, period_end: dt.date,
    as_of: dt.date, underspend_percent: int, overspend_percent: int, contributions_due: int = 0,
) -> BudgetSummary:
    """Allowance, spent, committed, balance and a forecast to the period's end, with any alert and why.

    With commitments (a provider's contract, a PA's rota), the forecast is what is spent plus what is
    committed. With none, it assumes spending goes on at the daily rate so far. `contributions_due` is the
    person's assessed charge still to come in this period: money that will be there, so it is in the forecast
    (without it, a budget mostly paid by the person's own contributions looks overspent all year).

    Any forecast overspend is an alert: money that will not be there is never "none". Going over by more than
    `overspend_percent` says so more strongly. Leaving more than `underspend_percent` unspent is the other alert.
    """
    if period_end < period_start:
        raise LedgerError("The period must end after it starts.")
    days = (period_end - period_start).days + 1
    elapsed = min(max((as_of - period_start).days + 1, 0), days)
    if committed:
        forecast_spend = spent + committed
    else:
        daily = spent / elapsed if elapsed else 0
        forecast_spend = spent + round(daily * (days - elapsed))
    available = allowance + contributions
    expected = available + max(contributions_due, 0)
    forecast_balance = expected - forecast_spend
    reasons = [
        f"Allowance {_money(allowance)} and contributions {_money(contributions)}: {_money(available)} to spend from "
        f"{period_start:%-d %B %Y} to {period_end:%-d %B %Y}."
        + (f" {_money(contributions_due)} more in contributions is due by the end." if contributions_due > 0 else ""),
        f"Spent so far {_money(spent)}; committed {_money(committed)}; balance now {_money(available - spent)}.",
        f"Expected by the end of the period: spending {_money(forecast_spend)}, leaving {_money(forecast_balance)}.",
    ]
    alert = ""
    if forecast_balance < 0:
        alert = "overspend"
        if expected <= 0:
            reasons.append(f"Nothing has been paid into this budget, but {_money(forecast_spend)} is expected to be spent: "
                           "check the allowance was set up.")
        elif -forecast_balance * 100 > expected * overspend_percent:
            reasons.append(f"Spending may go over by more than {overspend_percent}%: time to talk before it does.")
        else:
            reasons.append(f"Spending may go over by {_money(-forecast_balance)} (less than {overspend_percent}%): "
                           "check the plan before it does.")
    elif expected and forecast_balance * 100 > expected * underspend_percent:
        alert = "underspend"
        reasons.append(f"More than {underspend_percent}% may be left unspent: is the support working as planned?")
    return BudgetSummary(allowance, contributions, spent, committed, available - spent, forecast_spend, forecast_balance, alert, tuple(reasons))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day (31 August + 6 → 28 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def next_direct_payment_review(*, started: dt.date, reviews: Sequence[dt.date]) -> dt.date:
    """Direct payments are reviewed within the first 6 months, then at least every 12 months."""
    done = sorted(r for r in reviews if r >= started)
    if not done:
        return add_months(started, 6)
    return add_months(done[-1], 12)


@dataclass(frozen=True)
class ReviewDue:
    due: dt.date
    reasons: tuple[str, ...]


LIGHT_REVIEW_WEEKS = (6, 8)  # statutory guidance 13.32: a light review 6 to 8 weeks after the plan is agreed


def review_due(*, agreed_on: dt.date, reviews: Sequence[dt.date], first_direct_payment: dt.date | None = None) -> ReviewDue:
    """When the next review of a care and support plan is due, and why.

    Every agreed plan has a light review 6–8 weeks after it is agreed, then at least every 12 months
    (statutory guidance 13.32). A direct payment is also reviewed within 6 months of its *first payment*,
    which a new budget period does not restart (SI 2014/2871 reg 7), then at least every 12 months.
    """
    done = sorted(r for r in reviews if r >= agreed_on)
    candidates: list[tuple[dt.date, str]] = []
    if not done:
        light = agreed_on + dt.timedelta(weeks=LIGHT_REVIEW_WEEKS[1])
        candidates.append((light, f"A first, light review is due 6 to 8 weeks after the plan was agreed on "
                                  f"{agreed_on:%-d %B %Y}."))
    else:
        candidates.append((add_months(done[-1], 12), f"Plans are reviewed at least every 12 months; the last review was "
                                                      f"on {done[-1]:%-d %B %Y}."))
    if first_direct_payment is not None and not any(r >= first_direct_payment for r in reviews):
        candidates.append((add_months(first_direct_payment, 6),
                           f"A direct payment is reviewed within 6 months of its first payment, on "
                           f"{first_direct_payment:%-d %B %Y}."))
    due, why = min(candidates)
    return ReviewDue(due, (why,))
