"""A council's own more generous figures (capital limits outside a care home, a higher MIG), and rates as figures.

The council's figures here are made up for the tests ("Test decision"), on top of the recorded 2025-26 national
rates. A council may set higher capital limits for care other than as a permanent care-home resident (DHSC
charging circular, annex) and let people keep more than the MIG (reg 7 is a floor); never less generous figures.
"""

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.charging import (
    ChargingError,
    Finances,
    assess_charge,
    council_figure_problems,
    rates_on,
)
from carecommons.rules.charging_figures import (
    CORE,
    FIGURES,
    Figure,
    changes,
    figure_problems,
    figures_of,
    previous_year,
    rates_from_figures,
    year_dates,
)
from carecommons.rules.rates import CHARGING, CHARGING_SOURCES

NATIONAL = rates_on(CHARGING, dt.date(2025, 10, 1))
DECISION = "Test decision, not a real one: Cabinet 1 March 2025, item 4"


def own(**kw):
    sources = {"upper_capital_limit": DECISION, "lower_capital_limit": DECISION,
               **{f"mig:{c}": DECISION for c in kw.get("council_minimum_income_guarantee", {})}}
    return dataclasses.replace(NATIONAL, council_sources=sources, **kw)


def finances(**kw):
    base = {"setting": "home", "capital": 0, "weekly_income": 20_000, "weekly_care_cost": 30_000,
            "mig_category": "single_25_to_pension_age"}
    return Finances(**{**base, **kw})


@pytest.mark.parametrize(
    ("rates", "facts", "charge", "self_funder", "reason", "rule"),
    [
        (NATIONAL, finances(capital=2_500_000), 30_000, True, "above the upper limit of £23,250.00",
         "national: above £23,250 at home pays the full cost"),
        (own(council_upper_capital_limit=3_000_000), finances(capital=2_500_000), 13_050,
         False, f"the council's own higher limit of £30,000.00 ({DECISION})",
         "council's upper limit £30,000 at home: £200 + tariff £43 (£10,750 over £14,250) − £112.50 = £130.50"),
        (own(council_upper_capital_limit=3_000_000), finances(setting="care_home", capital=2_500_000, weekly_income=2_000),
         30_000, True, "above the upper limit of £23,250.00",
         "a permanent care-home resident: the council's home limit does not apply"),
        (own(council_upper_capital_limit=3_000_000),
         finances(setting="care_home", resident="temporary", capital=2_500_000, weekly_income=2_000), 3_235,
         False, "the council's own higher limit of £30,000.00",
         "a temporary care-home resident: the council's limit applies (circular); £20 + £43 − £30.65 = £32.35"),
        (own(council_lower_capital_limit=2_000_000), finances(capital=2_000_000), 20_000 - 11_250, False,
         f"at or below the council's own higher limit of £20,000.00 ({DECISION})",
         "council's lower limit £20,000: no tariff on £20,000 (nationally £23)"),
        (own(council_minimum_income_guarantee={"single_25_to_pension_age": 12_000}), finances(), 20_000 - 12_000, False,
         "the council's own higher figure", "council's MIG £120 for a single person 25+: £200 − £120 = £80"),
        (own(council_minimum_income_guarantee={"single_25_to_pension_age": 12_000}), finances(mig_category="single_18_24"),
         20_000 - 8_915, False, "£89.15 for a single person aged 18 to 24",
         "a council MIG for another category changes nothing for this one"),
    ],
)
def test_worked_examples_with_the_councils_own_figures(rates, facts, charge, self_funder, reason, rule):
    decision = assess_charge(facts, rates=rates)
    assert (decision.weekly_charge, decision.self_funder) == (charge, self_funder), rule
    assert any(reason in r for r in decision.reasons), (rule, decision.reasons)


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        ({"council_upper_capital_limit": 2_000_000}, "upper_capital_limit", "not higher than the national upper"),
        ({"council_upper_capital_limit": 2_325_000}, "upper_capital_limit", "not higher"),
        ({"council_lower_capital_limit": 1_000_000}, "lower_capital_limit", "not higher than the national lower"),
        ({"council_lower_capital_limit": 2_400_000}, "lower_capital_limit", "must be below the upper"),
        ({"council_minimum_income_guarantee": {"single_18_24": 8_000}}, "mig:single_18_24", "not higher"),
        ({"council_minimum_income_guarantee": {"couple_both_under_pension_age": 20_000}},
         "mig:couple_both_under_pension_age", "has not been entered"),
    ],
)
def test_a_less_generous_council_figure_is_refused_with_a_message(change, key, message):
    rates = own(**change)
    assert message in council_figure_problems(rates)[key]


def test_a_refused_council_figure_stops_the_charges_that_would_use_it_and_no_others():
    low = own(council_upper_capital_limit=2_000_000)
    with pytest.raises(ChargingError, match="Not worked out: The council's own upper capital limit"):
        assess_charge(finances(capital=100), rates=low)
    assert assess_charge(finances(setting="care_home", weekly_income=5_000), rates=low).weekly_charge == 5_000 - 3_065


def test_a_council_figure_without_its_decision_is_refused():
    rates = dataclasses.replace(NATIONAL, council_upper_capital_limit=3_000_000)
    assert "source" in council_figure_problems(rates)["upper_capital_limit"]
    with pytest.raises(ChargingError, match="decision as its source"):
        assess_charge(finances(), rates=rates)


@given(capital=st.integers(0, 5_000_000), income=st.integers(0, 100_000), cost=st.integers(0, 200_000),
       upper=st.integers(2_325_001, 6_000_000), lower=st.integers(1_425_001, 2_325_000),
       mig=st.integers(11_251, 40_000), setting=st.sampled_from(["home", "care_home"]))
def test_the_councils_own_figures_never_make_anyone_pay_more(capital, income, cost, upper, lower, mig, setting):
    facts = finances(setting=setting, capital=capital, weekly_income=income, weekly_care_cost=cost)
    generous = own(council_upper_capital_limit=upper, council_lower_capital_limit=lower,
                   council_minimum_income_guarantee={"single_25_to_pension_age": mig})
    assert assess_charge(facts, rates=generous).weekly_charge <= assess_charge(facts, rates=NATIONAL).weekly_charge


# --- Rates as figures with their sources (what the rows hold) -----------------------------------

@pytest.mark.parametrize(("label", "dates"), [
    ("2026-27", (dt.date(2026, 4, 1), dt.date(2027, 3, 31))),
    ("1999-00", None), ("2099-00", (dt.date(2099, 4, 1), dt.date(2100, 3, 31))),
    ("2026-28", None), ("2026/27", None), ("26-27", None), ("", None),
])
def test_a_financial_year_runs_from_1_april_to_31_march(label, dates):
    assert year_dates(label) == dates


def test_figures_and_rates_go_both_ways_for_every_recorded_year():
    for rates in CHARGING:
        figures = figures_of(rates, CHARGING_SOURCES[rates.year])
        built = rates_from_figures(rates.year, figures)
        assert built is not None
        assert (built.minimum_income_guarantee, built.premiums, built.dependent_child, built.personal_expenses_allowance,
                built.starts, built.ends) == (rates.minimum_income_guarantee, rates.premiums, rates.dependent_child,
                                              rates.personal_expenses_allowance, rates.starts, rates.ends)
        assert all(f.source for f in figures.values())


def test_a_year_without_a_core_figure_cannot_be_built():
    figures = figures_of(NATIONAL, {})
    for key in CORE:
        assert rates_from_figures("2025-26", {k: v for k, v in figures.items() if k != key}) is None


def test_figure_problems_name_each_figure():
    figures = {**figures_of(NATIONAL, {}), "personal_expenses_allowance": Figure(0, "x"),
               "mig:single_18_24": Figure(100, " "), "council:upper_capital_limit": Figure(3_000_000, DECISION)}
    problems = figure_problems("2025-26", figures, new_year=True)
    assert problems["personal_expenses_allowance"] == "The Personal Expenses Allowance (care homes) must be more than £0."
    assert "Give the source of the Minimum Income Guarantee" in problems["mig:single_18_24"]
    assert "council:upper_capital_limit" not in problems  # checked once the national figures are right
    fine = {**figures_of(NATIONAL, {}), "council:upper_capital_limit": Figure(3_000_000, DECISION)}
    assert figure_problems("2025-26", fine, new_year=True) == {}
    assert set(FIGURES) >= set(fine)


def test_changes_show_each_figure_beside_last_years():
    last = {"personal_expenses_allowance": Figure(3_065, "a")}
    new = {"personal_expenses_allowance": Figure(3_000, "b"), "dependent_child": Figure(10_000, "c")}
    got = {c.figure: (c.amount, c.last_year, c.change, c.lower) for c in changes(new, last)}
    assert got == {"personal_expenses_allowance": (3_000, 3_065, -65, True), "dependent_child": (10_000, None, None, False)}
    assert previous_year("2026-27") == "2025-26" and previous_year("2000-01") == "1999-00"
