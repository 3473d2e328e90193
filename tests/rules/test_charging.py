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
    # (£200 + £3 tariff on £15,000) - £112.50 = £90.50. Rule: tariff income is income (reg 25).
    d = home(capital=1_500_000)
    assert d.weekly_charge == 9_050 and d.tariff_income == 300


def test_domain_worked_example_at_home_tariff_goes_in_before_the_mig():
    # domain.md section 2: income £100, capital £15,000, MIG £112.50 -> £103 - £112.50 < 0 -> £0.
    # (The old rule added the tariff after the floor and charged £3.)
    d = home(weekly_income=10_000, capital=1_500_000)
    assert d.weekly_charge == 0 and d.tariff_income == 300


def test_domain_worked_example_in_a_care_home():
    # domain.md section 2 (2025-26): income £20, capital £20,000 -> tariff £23 -> £43 - £30.65 = £12.35.
    # (The old rule gave £23.)
    d = care_home(weekly_income=2_000, capital=2_000_000)
    assert d.tariff_income == 2_300 and d.weekly_charge == 1_235


@pytest.mark.parametrize(("income", "capital", "charge"), [
    (0, 2_000_000, 0),  # tariff £23, no other income: below the MIG of £112.50, nothing
    (9_000, 2_000_000, 50),  # £90 + £23 = £113 - £112.50 = £0.50
    (9_000, 2_325_000, 1_350),  # £90 + £36 = £126 - £112.50 = £13.50
    (11_250, 1_425_000, 0),  # exactly the MIG, capital at the lower limit
])
def test_income_below_the_floor_with_tariff_income(income, capital, charge):
    assert home(weekly_income=income, capital=capital).weekly_charge == charge


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
    assert not d.self_funder and d.weekly_charge == 21_935 and "their partner still lives there" in " ".join(d.reasons)


def test_example_12_property_disregarded_for_the_first_12_weeks():
    d = care_home(property_value=25_000_000, weeks_in_care_home=11)
    assert not d.self_funder and "first 12 weeks" in " ".join(d.reasons)


def test_a_temporary_resident_keeps_their_home_disregarded():
    d = care_home(property_value=25_000_000, weeks_in_care_home=40, resident="temporary")
    assert not d.self_funder and "temporary stay" in " ".join(d.reasons)


def test_an_estranged_partner_does_not_keep_the_home_disregarded_unless_a_lone_parent():
    d = care_home(property_value=25_000_000, weeks_in_care_home=20, property_occupied_by="estranged_partner")
    assert d.self_funder and "does not stop the home being counted" in " ".join(d.reasons)
    kept = care_home(property_value=25_000_000, weeks_in_care_home=20, property_occupied_by="lone_parent_estranged_partner")
    assert not kept.self_funder


def test_the_home_is_valued_less_ten_percent_and_secured_debts():
    # £20,000 home - £2,000 (10%) - £8,000 mortgage = £10,000 capital: below the lower limit, no tariff.
    d = care_home(property_value=2_000_000, property_secured_debt=800_000, weeks_in_care_home=13)
    assert d.tariff_income == 0 and not d.self_funder and "£10,000.00" in " ".join(d.reasons)
    # £20,000 home with no debt: £18,000 counts -> tariff on £3,750 above £14,250 = £15.
    assert care_home(property_value=2_000_000, weeks_in_care_home=13).tariff_income == 1_500


def test_the_12_weeks_start_again_when_a_qualifying_occupant_leaves_unexpectedly():
    d = care_home(property_value=25_000_000, weeks_in_care_home=40, weeks_since_occupant_left=3)
    assert not d.self_funder and "left unexpectedly" in " ".join(d.reasons)
    assert care_home(property_value=25_000_000, weeks_in_care_home=40, weeks_since_occupant_left=12).self_funder


def test_a_discretionary_disregard_needs_and_shows_a_reason():
    d = care_home(property_value=25_000_000, weeks_in_care_home=40,
                  discretionary_disregard="Her brother, who cared for her for years, lives there")
    assert not d.self_funder and "Her brother" in " ".join(d.reasons)


def test_example_13_after_12_weeks_the_property_counts():
    d = care_home(property_value=25_000_000, weeks_in_care_home=12)
    assert d.self_funder and d.weekly_charge == 90_800


def test_example_14_the_home_someone_lives_in_is_not_counted():
    d = home(property_value=30_000_000)
    assert not d.self_funder and "not counted" in " ".join(d.reasons)


def test_example_15_reablement_is_free_for_the_first_six_weeks_only():
    d = home(capital=5_000_000, free_service="reablement", week_of_service=6)
    assert d.weekly_charge == 0 and not d.self_funder and "6 weeks" in d.reasons[-2]
    later = home(capital=5_000_000, free_service="reablement", week_of_service=7)
    assert later.self_funder and later.weekly_charge == 30_000 and "week 7" in " ".join(later.reasons)
    with pytest.raises(ChargingError, match="week of the service"):
        home(free_service="intermediate_care")


@pytest.mark.parametrize(("cost", "free"), [(100_000, True), (100_001, False), (0, True)])
def test_minor_adaptations_are_free_only_up_to_1000_pounds(cost, free):
    d = home(free_service="minor_adaptation", adaptation_cost=cost)
    assert (d.weekly_charge == 0) is free


@pytest.mark.parametrize("service", ["cjd", "s117_after_care", "community_equipment"])
def test_some_care_is_always_free(service):
    assert home(capital=9_000_000, free_service=service).weekly_charge == 0


def test_a_premium_cannot_be_counted_twice():
    with pytest.raises(ChargingError, match="only once") as refused:
        home(premiums=("disability", "disability"))
    assert refused.value.field == "premiums"


def test_housing_costs_are_allowed_at_home():
    # £200 - £112.50 - £20 housing = £67.50.
    assert home(housing_costs=2_000).weekly_charge == 6_750


def test_example_16_relative_over_60_keeps_the_home_disregarded():
    assert not care_home(property_value=20_000_000, property_occupied_by="relative_60_plus", weeks_in_care_home=40).self_funder


def test_a_figure_not_entered_is_refused_with_its_name_never_zero():
    from dataclasses import replace

    gap = replace(R, premiums={**R.premiums, "carer": None})
    with pytest.raises(ChargingError, match=r"Not worked out: the rate for the carer premium in 2025-26 has not been entered"):
        assess_charge(Finances(setting="home", capital=0, weekly_income=20_000, weekly_care_cost=30_000,
                               mig_category="single_25_to_pension_age", premiums=("carer",)), rates=gap)


@pytest.mark.parametrize("day", [dt.date(2020, 4, 1), dt.date(2031, 4, 1)])
def test_a_date_no_row_covers_is_refused_naming_the_year(day):
    with pytest.raises(ChargingError, match="rates for 20") as refused:
        rates_on(CHARGING, day)
    assert refused.value.field == "as_of"


def test_rates_are_never_reused_past_their_year():
    last = max(CHARGING, key=lambda r: r.starts)
    with pytest.raises(ChargingError, match="have not been entered"):
        rates_on(CHARGING, last.ends + dt.timedelta(days=1))
    assert rates_on(CHARGING, last.ends) is last


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_a_date_without_rates_is_always_refused(day):
    covered = [r for r in CHARGING if r.starts <= day <= r.ends]
    if covered:
        assert rates_on(CHARGING, day) is covered[0]
    else:
        with pytest.raises(ChargingError):
            rates_on(CHARGING, day)


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


@given(finances)
def test_the_floor_is_always_left(f):
    """Whatever is charged, the person keeps at least the MIG (at home) or the PEA (in a care home) from income."""
    d = assess_charge(f, rates=R)
    if d.self_funder:
        return
    income = f.weekly_income + d.tariff_income
    if f.setting == "care_home":
        assert income - d.weekly_charge >= min(income, R.personal_expenses_allowance)
    else:
        floor = R.minimum_income_guarantee[f.mig_category] + sum(R.premiums[p] for p in f.premiums)
        assert income - d.weekly_charge >= min(income, floor + f.disability_related_expenditure)


@given(finances, st.integers(min_value=0, max_value=3_000_000))
def test_more_capital_never_lowers_a_charge(f, extra):
    from dataclasses import replace

    assert assess_charge(replace(f, capital=f.capital + extra), rates=R).weekly_charge >= assess_charge(f, rates=R).weekly_charge


@pytest.mark.parametrize(("premium", "words"), [
    ("disability", "the disability premium for a member of a couple"),
    ("enhanced_disability", "the enhanced disability premium for a member of a couple"),
])
def test_a_member_of_a_couple_is_never_given_the_single_persons_premium(premium, words):
    # Reg 7(6): a member of a couple has premium amounts of their own. Not entered for 2025-26, so refused by name,
    # even though the single person's amount (£49.65, £24.25) is entered.
    facts = Finances(setting="home", capital=0, weekly_income=40_000, weekly_care_cost=30_000,
                     mig_category="couple_both_under_pension_age", premiums=(premium,))
    rates = rates_on(CHARGING, dt.date(2025, 10, 1))
    rates = type(rates)(**{**rates.__dict__, "minimum_income_guarantee": {**rates.minimum_income_guarantee,
                                                                           "couple_both_under_pension_age": 10_000}})
    with pytest.raises(ChargingError, match=f"Not worked out: the rate for {words} in 2025-26 has not been entered"):
        assess_charge(facts, rates=rates)
    couple_rate = type(rates)(**{**rates.__dict__, "premiums": {**rates.premiums, f"{premium}_couple": 1_000}})
    decision = assess_charge(facts, rates=couple_rate)  # once entered, the couple's own amount is the one used
    assert decision.weekly_charge == 40_000 - 10_000 - 1_000
    assert any(f"£10.00 for {words}" in r for r in decision.reasons)
