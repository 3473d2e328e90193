"""The ledger: balanced, append-only, reversible; pooled costs split to the penny."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.ledger import (
    LedgerError,
    balance,
    next_direct_payment_review,
    reversal,
    split_pence,
    summarise_budget,
    transaction,
)

DAY = dt.date(2026, 11, 24)
accounts = st.sampled_from(["budget", "contingency", "provider:7", "pa:3", "allocation", "contribution"])


@st.composite
def balanced_entries(draw):
    amounts = draw(st.lists(st.integers(min_value=-10**7, max_value=10**7).filter(bool), min_size=1, max_size=6))
    names = draw(st.lists(accounts, min_size=len(amounts), max_size=len(amounts)))
    closing = -sum(amounts)
    entries = list(zip(names, amounts, strict=True))
    if closing:
        entries.append((draw(accounts), closing))
    else:
        entries.append((draw(accounts), 1))
        entries.append((draw(accounts), -1))
    return entries


@given(st.lists(balanced_entries(), min_size=1, max_size=20))
def test_every_transaction_balances_and_the_books_sum_to_zero(many):
    txs = [transaction(on=DAY, description="x", entries=e) for e in many]
    assert all(sum(e.pence for e in t.entries) == 0 for t in txs)
    every = {e.account for t in txs for e in t.entries}
    assert sum(balance(txs, a) for a in every) == 0


@given(st.lists(balanced_entries(), min_size=1, max_size=10), accounts)
def test_a_balance_is_the_sum_of_its_entries_and_a_reversal_undoes_it(many, account):
    txs = [transaction(on=DAY, description="x", entries=e) for e in many]
    assert balance(txs, account) == sum(e.pence for t in txs for e in t.entries if e.account == account)
    corrected = txs + [reversal(t, on=DAY, reason="entered twice") for t in txs]
    assert balance(corrected, account) == 0


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([("budget", 100)], "at least two entries"),
        ([("budget", 100), ("pa:1", -99)], "out by 1 pence"),
        ([("budget", 0), ("pa:1", 0)], "moves nothing"),
        ([("budget", 1.5), ("pa:1", -1.5)], "whole pence"),
    ],
)
def test_unbalanced_or_empty_transactions_are_refused(entries, message):
    with pytest.raises(LedgerError, match=message):
        transaction(on=DAY, description="Payment", entries=entries)


@given(st.integers(min_value=0, max_value=10**9), st.dictionaries(st.text(min_size=1, max_size=5), st.integers(min_value=1, max_value=1000), min_size=1, max_size=12))
def test_pooled_splits_add_up_to_the_cost_to_the_penny(total, weights):
    shares = split_pence(total, weights)
    assert sum(shares.values()) == total and set(shares) == set(weights)
    whole = sum(weights.values())
    assert all(abs(shares[k] - total * w / whole) < 1 for k, w in weights.items())


def test_a_three_way_split_of_a_hundred_pounds():
    assert split_pence(10000, {"ann": 1, "bob": 1, "cal": 1}) == {"ann": 3334, "bob": 3333, "cal": 3333}


def test_a_budget_summary_forecasts_and_alerts():
    start, end = dt.date(2026, 4, 1), dt.date(2027, 3, 31)
    s = summarise_budget(allowance=1_000_000, contributions=0, spent=100_000, committed=0, period_start=start, period_end=end,
                         as_of=dt.date(2026, 9, 30), underspend_percent=15, overspend_percent=5)
    assert s.balance == 900_000 and s.alert == "underspend"  # spending at this rate leaves ~80% unspent
    s = summarise_budget(allowance=1_000_000, contributions=50_000, spent=600_000, committed=500_000, period_start=start,
                         period_end=end, as_of=dt.date(2026, 9, 30), underspend_percent=15, overspend_percent=5)
    assert s.forecast_spend == 1_100_000 and s.forecast_balance == -50_000 and s.alert == "overspend"  # 4.8%: still money that is not there
    assert s.reasons[-1] == "Spending may go over by £500.00 (less than 5%): check the plan before it does."
    s = summarise_budget(allowance=1_000_000, contributions=0, spent=600_000, committed=500_000, period_start=start,
                         period_end=end, as_of=dt.date(2026, 9, 30), underspend_percent=15, overspend_percent=5)
    assert s.alert == "overspend" and "over by more than 5%" in s.reasons[-1]


def test_an_overspend_is_an_alert_even_with_no_allowance_and_contributions_still_due_count():
    start, end = dt.date(2026, 4, 1), dt.date(2027, 3, 31)
    empty = summarise_budget(allowance=0, contributions=0, spent=12_100, committed=0, period_start=start, period_end=end,
                             as_of=dt.date(2026, 4, 10), underspend_percent=20, overspend_percent=5)
    assert empty.alert == "overspend" and "Nothing has been paid into this budget" in empty.reasons[-1]
    # Mostly paid by the person's own charge, collected as it falls due: not an overspend while it is still to come.
    paid_by_charge = summarise_budget(allowance=0, contributions=300_000, spent=290_000, committed=700_000, period_start=start,
                                      period_end=end, as_of=dt.date(2026, 7, 1), underspend_percent=20, overspend_percent=5,
                                      contributions_due=700_000)
    assert paid_by_charge.forecast_balance == 10_000 and paid_by_charge.alert == ""
    assert "£7,000.00 more in contributions is due by the end." in paid_by_charge.reasons[0]
    just_under = summarise_budget(allowance=1_000_000, contributions=0, spent=500_000, committed=500_121, period_start=start,
                                  period_end=end, as_of=dt.date(2026, 9, 30), underspend_percent=20, overspend_percent=5)
    assert just_under.forecast_balance == -121 and just_under.alert == "overspend"


@pytest.mark.parametrize(
    ("started", "reviews", "due"),
    [
        (dt.date(2026, 1, 31), [], dt.date(2026, 7, 31)),
        (dt.date(2026, 8, 31), [], dt.date(2027, 2, 28)),  # no 31 February
        (dt.date(2026, 1, 15), [dt.date(2026, 6, 1)], dt.date(2027, 6, 1)),
        (dt.date(2026, 1, 15), [dt.date(2026, 6, 1), dt.date(2027, 5, 20)], dt.date(2028, 5, 20)),
    ],
)
def test_direct_payment_reviews_within_six_months_then_yearly(started, reviews, due):
    assert next_direct_payment_review(started=started, reviews=reviews) == due


@pytest.mark.parametrize(
    ("agreed", "reviews", "first_dp", "due", "why"),
    [
        # Statutory guidance 13.32: a light review 6-8 weeks after the plan is agreed...
        (dt.date(2026, 1, 5), [], None, dt.date(2026, 3, 2), "6 to 8 weeks"),
        # ...then at least every 12 months.
        (dt.date(2026, 1, 5), [dt.date(2026, 2, 20)], None, dt.date(2027, 2, 20), "every 12 months"),
        # A direct payment: within 6 months of its first payment, if that comes sooner than the yearly review.
        (dt.date(2026, 1, 5), [dt.date(2026, 2, 20)], dt.date(2026, 3, 1), dt.date(2026, 9, 1), "first payment"),
        # A review after the first payment satisfies it; then yearly.
        (dt.date(2026, 1, 5), [dt.date(2026, 2, 20), dt.date(2026, 8, 1)], dt.date(2026, 3, 1), dt.date(2027, 8, 1),
         "every 12 months"),
        # A new budget period does not restart it: the first payment was long ago and reviewed since.
        (dt.date(2027, 4, 1), [dt.date(2026, 8, 1)], dt.date(2026, 3, 1), dt.date(2027, 5, 27), "6 to 8 weeks"),
    ],
)
def test_plan_reviews_light_then_yearly_and_direct_payments_from_the_first_payment(agreed, reviews, first_dp, due, why):
    from carecommons.rules.ledger import review_due

    decision = review_due(agreed_on=agreed, reviews=reviews, first_direct_payment=first_dp)
    assert decision.due == due and why in decision.reasons[0]
