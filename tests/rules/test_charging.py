"""Worked charging examples (2025-26 rates, shared/docs/domain.md section 2) and invariants.

Each example names the rule of SI 2014/2672 it illustrates. The figures are computed from the
recorded rates, not copied from a published example.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.charging import ChargingError, Finances, assess_charge, rates_on, tariff_income
from carecommons.rules.rates import CHARGING

R = rates_on(CHARGING, dt.date(2025, 10, 1))
LIMITS = "capital limits: £14,250 lower, £23,250 upper"
TARIFF = "tariff income: £1 a week for every £250, or part of £250, between the limits"


def home(**kw):
    base = {"setting": "home", "capital": 0, "weekly_income": 20_000, "weekly_care_cost": 30_000, "mig_category": "single_25_to_pension_age"}
    return assess_charge(Finances(**{**base, **kw}), rates=R)


def care_home(**kw):
    base = {"setting": "care_home", "capital": 0, "weekly_income": 25_000, "weekly_care_cost": 90_800}
    return assess_charge(Finances(**{**base, **kw}), rates=R)


@pytest.mark.parametrize(
    ("capital", "tariff", "rule"),
    [
        (1_425_000, 0, f"{TARIFF}: at the lower limit, nothing"),
        (1_425_001, 100, f"{TARIFF}: one penny over is part of £250, so £1"),
        (1_450_000, 100, f"{TARIFF}: exactly £250 over, £1"),
        (1_450_001, 200, f"{TARIFF}: £250.01 over, £2"),
        (1_500_000, 300, f"{TARIFF}: £15,000 gives £3 (domain.md's own example)"),
        (2_325_000, 3_600, f"{TARIFF}: at the upper limit, £9,000 over, £36"),
    ],
)
def test_tariff_income_at_and_around_each_step(capital, tariff, rule):
    assert tariff_income(capital, R) == tariff, rule


def test_example_01_at_home_income_above_the_mig_is_charged():
    # Income £200 - MIG £112.50 = £87.50; no capital. Rule: the charge at home (MIG), domain.md section 2.
    d = home()
    assert d.weekly_charge == 8_750 and not d.self_funder


def test_example_02_disability_premium_and_dre_are_protected():
    # £200 - (£112.50 + £49.65) - £10.85 DRE = £27.00. Rule: MIG with disability premium; disability-related expenditure.
    assert home(premiums=("disability",), disability_related_expenditure=1_085).weekly_charge == 2_700


def test_example_03_enhanced_disability_premium_adds_to_the_disability_premium():
    # £200 - (£112.50 + £49.65 + £24.25) = £13.60.
    assert home(premiums=("disability", "enhanced_disability")).weekly_charge == 1_360


def test_example_04_young_adult_mig():
    # Single 18-24, MIG £89.15: £120 - £89.15 = £30.85.
    assert home(weekly_income=12_000, mig_category="single_18_24").weekly_charge == 3_085


def test_example_05_income_below_the_mig_pays_nothing_from_income():
    assert home(weekly_income=10_000).weekly_charge == 0


def test_example_06_tariff_income_adds_to_the_charge():
    # £87.50 from income + £3 tariff on £15,000 capital. Rule: tariff income.
    d = home(capital=1_500_000)
    assert d.weekly_charge == 9_050 and d.tariff_income == 300


def test_example_07_the_charge_never_exceeds_the_cost_of_care():
    d = home(weekly_care_cost=5_000)
    assert d.weekly_charge == 5_000 and "capped at the cost of care" in " ".join(d.reasons)


def test_example_08_above_the_upper_limit_is_a_self_funder():
    d = home(capital=2_325_001)
    assert d.self_funder and d.weekly_charge == 30_000, LIMITS


def test_example_09_at_the_upper_limit_is_not_a_self_funder():
    d = home(capital=2_325_000)
    assert not d.self_funder and d.tariff_income == 3_600, LIMITS


def test_example_10_care_home_leaves_the_personal_expenses_allowance():
    # £250 - PEA £30.65 = £219.35. Rule: Personal Expenses Allowance.
    assert care_home().weekly_charge == 21_935


def test_example_11_property_disregarded_while_a_partner_lives_there():
    d = care_home(property_value=25_000_000, property_occupied_by="partner", weeks_in_care_home=30)
    assert not d.self_funder and d.weekly_charge == 21_935 and "a partner still lives there" in " ".join(d.reasons)


def test_example_12_property_disregarded_for_the_first_12_weeks():
    d = care_home(property_value=25_000_000, weeks_in_care_home=11)
    assert not d.self_funder and "first 12 weeks" in " ".join(d.reasons)


def test_example_13_after_12_weeks_the_property_counts():
    d = care_home(property_value=25_000_000, weeks_in_care_home=12)
    assert d.self_funder and d.weekly_charge == 90_800


def test_example_14_the_home_someone_lives_in_is_not_counted():
    d = home(property_value=30_000_000)
    assert not d.self_funder and "not counted" in " ".join(d.reasons)


def test_example_15_reablement_is_free():
    d = home(capital=5_000_000, free_service="reablement")
    assert d.weekly_charge == 0 and not d.self_funder and "6 weeks" in d.reasons[-2]


def test_example_16_relative_over_60_keeps_the_home_disregarded():
    assert not care_home(property_value=20_000_000, property_occupied_by="relative_60_plus", weeks_in_care_home=40).self_funder


def test_unverified_figures_are_refused_not_guessed():
    with pytest.raises(ChargingError, match="not verified"):
        home(mig_category="single_pension_age")
    with pytest.raises(ChargingError, match="carer premium is not verified"):
        home(premiums=("carer",))


def test_no_rates_before_2025_26():
    with pytest.raises(ChargingError, match="no charging rates"):
        rates_on(CHARGING, dt.date(2025, 3, 31))


finances = st.builds(
    Finances,
    setting=st.sampled_from(["home", "care_home"]),
    capital=st.integers(min_value=0, max_value=5_000_000),
    weekly_income=st.integers(min_value=0, max_value=200_000),
    weekly_care_cost=st.integers(min_value=0, max_value=200_000),
    mig_category=st.sampled_from(["single_18_24", "single_25_to_pension_age"]),
    premiums=st.sampled_from([(), ("disability",), ("disability", "enhanced_disability")]),
    disability_related_expenditure=st.integers(min_value=0, max_value=10_000),
)


@given(finances)
def test_a_charge_never_exceeds_the_cost_of_care(f):
    assert 0 <= assess_charge(f, rates=R).weekly_charge <= f.weekly_care_cost


@given(finances, st.integers(min_value=0, max_value=3_000_000))
def test_more_capital_never_lowers_a_charge(f, extra):
    from dataclasses import replace

    assert assess_charge(replace(f, capital=f.capital + extra), rates=R).weekly_charge >= assess_charge(f, rates=R).weekly_charge
