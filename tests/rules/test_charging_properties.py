"""Properties of the whole financial assessment, listed item by item (Hypothesis).

More capital never lowers the charge; the charge never exceeds the cost; the floor (MIG at home, PEA in
a care home) is always left from counted income; a date without rates is always refused.
"""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carecommons.rules.charging import ChargingError, rates_on
from carecommons.rules.financial_assessment import INCOME_KINDS, CapitalItem, Facts, IncomeItem, assess
from carecommons.rules.rates import CHARGING

R = rates_on(CHARGING, dt.date(2025, 10, 1))
KINDS = sorted(k for k in INCOME_KINDS if k != "savings_credit")  # its disregard is not entered for 2025-26

facts = st.builds(
    Facts,
    setting=st.sampled_from(["home", "care_home"]),
    weekly_care_cost=st.integers(min_value=0, max_value=200_000),
    age_band=st.sampled_from(["18_24", "25_to_pension_age"]),
    partner=st.just("none"),
    premiums=st.sampled_from([(), ("disability",), ("disability", "enhanced_disability")]),
    resident=st.sampled_from(["permanent", "temporary"]),
    weeks_in_care_home=st.integers(min_value=0, max_value=100),
    housing_costs=st.integers(min_value=0, max_value=20_000),
)
income = st.lists(st.builds(IncomeItem, kind=st.sampled_from(KINDS), weekly=st.integers(min_value=0, max_value=50_000),
                            whose=st.sampled_from(["person", "partner", "joint"])), max_size=5)
capital = st.lists(st.builds(CapitalItem, kind=st.sampled_from(["savings", "investments", "other_property",
                                                                "personal_possessions", "home"]),
                             value=st.integers(min_value=0, max_value=3_000_000),
                             whose=st.sampled_from(["person", "partner", "joint"]),
                             secured_debt=st.integers(min_value=0, max_value=500_000)), max_size=4)


def _homes_ok(items):
    return sum(1 for c in items if c.kind == "home") <= 1


@settings(deadline=None)  # two whole assessments an example; a loaded machine must not fail it on time
@given(facts, income, capital, st.integers(min_value=0, max_value=3_000_000))
def test_more_capital_never_lowers_the_charge(f, inc, cap, extra):
    if not _homes_ok(cap):
        return
    before = assess(f, inc, cap, rates=R).decision.weekly_charge
    after = assess(f, inc, [*cap, CapitalItem("savings", extra)], rates=R).decision.weekly_charge
    assert after >= before


@settings(deadline=None)  # two whole assessments an example; a loaded machine must not fail it on time
@given(facts, income, capital)
def test_the_charge_never_exceeds_the_cost(f, inc, cap):
    if _homes_ok(cap):
        assert 0 <= assess(f, inc, cap, rates=R).decision.weekly_charge <= f.weekly_care_cost


@settings(deadline=None)  # two whole assessments an example; a loaded machine must not fail it on time
@given(facts, income, capital)
def test_the_floor_is_always_left(f, inc, cap):
    if not _homes_ok(cap):
        return
    result = assess(f, inc, cap, rates=R)
    d, fin = result.decision, result.assessment.finances
    if d.self_funder:
        return
    counted = fin.weekly_income + d.tariff_income
    if f.setting == "care_home":
        floor = R.personal_expenses_allowance
    else:
        floor = R.minimum_income_guarantee[fin.mig_category] + sum(R.premiums[p] for p in f.premiums)
        floor += fin.disability_related_expenditure + fin.housing_costs
    assert counted - d.weekly_charge >= min(counted, floor)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_a_date_without_rates_is_always_refused(day):
    if any(r.starts <= day <= r.ends for r in CHARGING):
        assert rates_on(CHARGING, day).starts <= day
    else:
        with pytest.raises(ChargingError, match="have not been entered"):
            rates_on(CHARGING, day)


@settings(deadline=None)
@given(facts, income, capital)
def test_the_lines_add_up_to_what_is_assessed(f, inc, cap):
    """What the person reads line by line is what the charge is worked out from."""
    if not _homes_ok(cap):
        return
    fa = assess(f, inc, cap, rates=R).assessment
    counted_income = sum(line.counted for line in fa.lines if line.section == "income")
    if f.setting == "care_home" and f.resident == "temporary":
        counted_income = max(counted_income - f.housing_costs, 0)
    assert fa.finances.weekly_income == counted_income
    homes = [c for c in cap if c.kind == "home"]
    counted_capital = sum(line.counted for line, item in zip([x for x in fa.lines if x.section == "capital"], cap,
                                                             strict=True) if item.kind != "home")
    assert fa.finances.capital == counted_capital
    assert fa.finances.property_value == (sum(line.counted for line in fa.lines if line.what.startswith("Their home"))
                                          if homes else 0)
