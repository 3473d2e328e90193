"""Deferred payment agreements (SI 2014/2671): worked examples of what builds up, and refusals."""

import datetime as dt

import pytest

from carecommons.rules.deferred_payments import DeferredPaymentError, InterestCap, equity_limit, statement

CAP = InterestCap(dt.date(2026, 1, 1), 465, "Example cap entered for the test: gilt rate 4.50% + 0.15%")
ON = dt.date(2026, 2, 1)


def dpa(**kw):
    base = {"on": ON, "weekly_fee": 100_000, "weekly_income": 30_000, "disposable_income_allowance": 14_400,
            "disposable_income_allowance_max": 14_400, "property_value": 25_000_000, "secured_debt": 0,
            "lower_capital_limit": 1_425_000, "rate": 400, "rate_source": "Anyshire DPA policy 2026", "cap": CAP}
    return statement(**{**base, **kw})


def test_the_equity_limit_is_90_percent_less_the_lower_capital_limit_and_secured_debts():
    # £250,000 x 90% = £225,000, less £14,250, less £10,000 = £200,750
    assert equity_limit(property_value=25_000_000, secured_debt=1_000_000, lower_capital_limit=1_425_000) == 20_075_000
    assert equity_limit(property_value=1_000_000, secured_debt=0, lower_capital_limit=1_425_000) == 0


def test_what_is_deferred_each_week_is_the_fee_less_income_above_the_allowance():
    s = dpa()
    assert s.paid_from_income == 30_000 - 14_400
    assert s.weekly_deferred == 100_000 - 15_600
    assert s.equity_limit == 25_000_000 * 90 // 100 - 1_425_000


def test_without_interest_the_limit_is_reached_when_the_weeks_deferred_cover_it():
    s = dpa(rate=0, weekly_fee=115_600, property_value=2_000_000)  # limit £3,750; £1,000 a week -> 4 weeks
    assert s.equity_limit == 375_000
    assert s.weeks_to_limit == 4


def test_interest_brings_the_limit_nearer():
    assert dpa(rate=465).weeks_to_limit < dpa(rate=0).weeks_to_limit


@pytest.mark.parametrize(("kw", "message"), [
    ({"rate": 466}, "above the maximum of 4.65%"),
    ({"cap": None}, "Not worked out: the maximum interest rate for deferred payments for the six months from 1 January 2026"),
    ({"on": dt.date(2026, 7, 1)}, "six months from 1 July 2026 has not been entered"),
    ({"rate_source": ""}, "needs its source"),
    ({"disposable_income_allowance": 14_401}, "up to £144.00"),
    ({"disposable_income_allowance_max": None}, "Not worked out"),
    ({"cap": InterestCap(dt.date(2026, 1, 1), 465, "")}, "needs its source"),
])
def test_a_rate_above_the_cap_or_a_figure_not_entered_is_refused(kw, message):
    with pytest.raises(DeferredPaymentError, match=message):
        dpa(**kw)


def test_the_statement_says_each_figure_in_plain_words():
    text = " ".join(dpa().lines)
    assert "You keep £144.00 a week" in text and "equity limit" in text and "4.00% a year" in text
