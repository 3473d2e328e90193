"""Worked examples of a financial assessment listed item by item (SI 2014/2672, 2025-26 rates).

Each row names the rule it illustrates; the expected figures are worked by hand from domain.md section 2.
"""

import datetime as dt

import pytest

from carecommons.rules.charging import ChargingError, rates_on
from carecommons.rules.financial_assessment import (
    CapitalItem,
    Expense,
    Facts,
    FlatRate,
    IncomeItem,
    assess,
    mig_category_for,
)
from carecommons.rules.rates import CHARGING

R = rates_on(CHARGING, dt.date(2025, 10, 1))
HOME = Facts(setting="home", weekly_care_cost=30_000)
CARE_HOME = Facts(setting="care_home", weekly_care_cost=90_000)


def charge(facts, income=(), capital=(), **kw):
    return assess(facts, income, capital, rates=R, **kw).decision.weekly_charge


EXAMPLES = [
    # (what it shows, facts, income, capital, expected weekly charge in pence)
    ("domain.md: care home, income £20, capital £20,000 -> tariff £23 -> £43 - £30.65 = £12.35",
     CARE_HOME, [IncomeItem("state_pension", 2_000)], [CapitalItem("savings", 2_000_000)], 1_235),
    ("domain.md: at home, income £100, capital £15,000, MIG £112.50 -> £103 - £112.50 < 0 -> £0",
     HOME, [IncomeItem("state_pension", 10_000)], [CapitalItem("savings", 1_500_000)], 0),
    ("earnings are not counted (reg 14)",
     CARE_HOME, [IncomeItem("earnings", 50_000), IncomeItem("state_pension", 10_000)], [], 10_000 - 3_065),
    ("the mobility parts of DLA and PIP are not counted (Schedule 1 para 8)",
     CARE_HOME, [IncomeItem("dla_mobility", 7_000), IncomeItem("pip_mobility", 7_000), IncomeItem("state_pension", 5_000)],
     [], 5_000 - 3_065),
    ("a war disablement pension is not counted (Schedule 1 para 17A)",
     CARE_HOME, [IncomeItem("war_disablement_pension", 20_000), IncomeItem("state_pension", 5_000)], [], 5_000 - 3_065),
    ("£10 of a war widow's pension is not counted (Schedule 1 para 17)",
     CARE_HOME, [IncomeItem("war_widows_pension", 15_000)], [], 15_000 - 1_000 - 3_065),
    ("half a work pension passed to a spouse at home is not counted",
     CARE_HOME, [IncomeItem("occupational_pension", 20_001, half_to_spouse=True)], [], 20_001 - 10_000 - 3_065),
    ("a partner's own income is not counted: each partner is assessed on their own",
     CARE_HOME, [IncomeItem("state_pension", 10_000), IncomeItem("state_pension", 20_000, whose="partner")], [],
     10_000 - 3_065),
    ("joint savings are shared equally (reg 24): £36,000 between two is £18,000 -> tariff £15",
     CARE_HOME, [IncomeItem("state_pension", 10_000)], [CapitalItem("savings", 3_600_000, whose="joint")],
     10_000 + 1_500 - 3_065),
    ("joint savings shared by three: £45,000 -> £15,000 each -> tariff £3",
     CARE_HOME, [IncomeItem("state_pension", 10_000)], [CapitalItem("savings", 4_500_000, whose="joint", owners=3)],
     10_000 + 300 - 3_065),
    ("personal possessions and life insurance are not counted (Schedule 2)",
     CARE_HOME, [IncomeItem("state_pension", 10_000)],
     [CapitalItem("personal_possessions", 5_000_000), CapitalItem("life_insurance", 5_000_000)], 10_000 - 3_065),
    ("other property counts less 10% and secured debt (reg 20): £20,000 - £2,000 - £3,000 = £15,000 -> tariff £3",
     CARE_HOME, [IncomeItem("state_pension", 10_000)], [CapitalItem("other_property", 2_000_000, secured_debt=300_000)],
     10_000 + 300 - 3_065),
    ("notional capital counts, with the council's reasons (reg 22): £30,000 -> self-funder pays the cost",
     CARE_HOME, [IncomeItem("state_pension", 10_000)],
     [CapitalItem("notional", 3_000_000, reason="Gave £30,000 to a nephew a month before asking for care")], 90_000),
    ("a temporary resident's home is not counted (Schedule 2 para 1)",
     Facts(setting="care_home", weekly_care_cost=90_000, resident="temporary"), [IncomeItem("state_pension", 10_000)],
     [CapitalItem("home", 25_000_000)], 10_000 - 3_065),
    ("a permanent resident's home counts after 12 weeks: above the upper limit, the full cost",
     Facts(setting="care_home", weekly_care_cost=90_000, weeks_in_care_home=13), [IncomeItem("state_pension", 10_000)],
     [CapitalItem("home", 25_000_000)], 90_000),
    ("the home is not counted while their partner lives there (Schedule 2 para 4)",
     Facts(setting="care_home", weekly_care_cost=90_000, weeks_in_care_home=40, partner="pension_age",
           age_band="pension_age", property_occupied_by="partner"), [IncomeItem("state_pension", 10_000)],
     [CapitalItem("home", 25_000_000, whose="joint")], 10_000 - 3_065),
]


@pytest.mark.parametrize(("what", "facts", "income", "capital", "expected"), EXAMPLES, ids=[e[0][:60] for e in EXAMPLES])
def test_worked_examples(what, facts, income, capital, expected):
    assert charge(facts, income, capital) == expected


def test_a_couple_over_pension_age_in_a_care_home_for_a_temporary_stay():
    facts = Facts(setting="care_home", weekly_care_cost=90_000, resident="temporary", age_band="pension_age",
                  partner="pension_age")
    income = [IncomeItem("state_pension", 23_000), IncomeItem("occupational_pension", 10_000, half_to_spouse=True),
              IncomeItem("attendance_allowance", 7_300), IncomeItem("state_pension", 23_000, whose="partner")]
    capital = [CapitalItem("savings", 3_000_000, whose="joint"), CapitalItem("home", 30_000_000, whose="joint")]
    result = assess(facts, income, capital, rates=R)
    # income 230 + 50 + 73 = £353; joint savings £30,000 -> £15,000 -> tariff £3; home not counted (temporary)
    assert result.assessment.finances.weekly_income == 35_300
    assert result.decision.tariff_income == 300
    assert result.decision.weekly_charge == 35_300 + 300 - 3_065
    outcomes = {(line.what, line.outcome) for line in result.assessment.lines}
    assert ("A work (occupational) pension", "partly counted") in outcomes
    assert ("State Pension", "not counted") in outcomes  # the partner's
    assert any("temporary stay" in r for r in result.decision.reasons)


def test_a_couple_over_pension_age_at_home_is_not_worked_out_until_the_rate_is_entered():
    facts = Facts(setting="home", weekly_care_cost=30_000, age_band="pension_age", partner="pension_age")
    with pytest.raises(ChargingError, match="Not worked out: the rate for the Minimum Income Guarantee for a member of a "
                                            "couple, both at or over pension credit age in 2025-26 has not been entered"):
        assess(facts, [IncomeItem("state_pension", 23_000)], [], rates=R)


@pytest.mark.parametrize(("age", "partner", "category"), [
    ("18_24", "none", "single_18_24"), ("25_to_pension_age", "none", "single_25_to_pension_age"),
    ("pension_age", "none", "single_pension_age"), ("18_24", "under_pension_age", "couple_both_under_pension_age"),
    ("pension_age", "under_pension_age", "couple_one_over_pension_age"),
    ("25_to_pension_age", "pension_age", "couple_one_over_pension_age"),
    ("pension_age", "pension_age", "couple_both_over_pension_age"),
])
def test_the_mig_category_for_a_single_person_or_a_member_of_a_couple(age, partner, category):
    assert mig_category_for(age, partner) == category


def test_disability_related_spending_is_allowed_only_where_a_disability_benefit_counts():
    aa = IncomeItem("attendance_allowance", 7_300)
    spending = [Expense("Extra laundry", 500), Expense("Special diet", 700)]
    income = [IncomeItem("state_pension", 20_000)]
    with_aa = assess(HOME, [*income, aa], [], rates=R, expenses=spending)
    without = assess(HOME, income, [], rates=R, expenses=spending)
    assert with_aa.assessment.finances.disability_related_expenditure == 1_200
    assert without.assessment.finances.disability_related_expenditure == 0
    assert {line.outcome for line in without.assessment.lines if line.section == "expenses"} == {"not allowed"}
    # 273 - 112.50 - 12 = 148.50 with AA; 200 - 112.50 = 87.50 without
    assert with_aa.decision.weekly_charge == 27_300 - 11_250 - 1_200
    assert without.decision.weekly_charge == 20_000 - 11_250


def test_the_councils_flat_rate_replaces_the_items_and_needs_its_source():
    income = [IncomeItem("state_pension", 20_000), IncomeItem("pip_daily_living", 7_290)]
    flat = FlatRate(1_085, "Anyshire charging policy 2025, para 7")
    result = assess(HOME, income, [], rates=R, expenses=[Expense("Laundry", 500)], flat_rate=flat)
    assert result.assessment.finances.disability_related_expenditure == 1_085
    with pytest.raises(ChargingError, match="needs its source"):
        assess(HOME, income, [], rates=R, flat_rate=FlatRate(1_085, " "))


def test_savings_credit_in_a_care_home_is_refused_until_the_disregard_is_entered():
    with pytest.raises(ChargingError, match="Not worked out: the rate for the savings credit disregard"):
        assess(CARE_HOME, [IncomeItem("savings_credit", 1_000)], [], rates=R)
    at_home = assess(HOME, [IncomeItem("savings_credit", 1_000)], [], rates=R)
    assert at_home.assessment.finances.weekly_income == 1_000


@pytest.mark.parametrize(("facts", "income", "capital", "message"), [
    (CARE_HOME, [], [CapitalItem("notional", 100_000, reason="")], "reasons"),
    (CARE_HOME, [IncomeItem("state_pension", 1_000, half_to_spouse=True)], [], "work or personal pension"),
    (HOME, [IncomeItem("occupational_pension", 1_000, half_to_spouse=True)], [], "care home"),
    (CARE_HOME, [IncomeItem("state_pension", -1)], [], "negative"),
    (CARE_HOME, [], [CapitalItem("savings", 1, whose="joint", owners=1)], "at least 2"),
    (CARE_HOME, [], [CapitalItem("home", 1), CapitalItem("home", 1)], "one home"),
    (CARE_HOME, [IncomeItem("lottery", 1)], [], "Unknown kind"),
])
def test_facts_that_cannot_be_assessed_are_refused_with_a_message(facts, income, capital, message):
    with pytest.raises(ChargingError, match=message):
        assess(facts, income, capital, rates=R)


def test_every_line_says_what_how_much_whether_it_counts_why_and_the_regulation():
    result = assess(CARE_HOME, [IncomeItem("state_pension", 10_000), IncomeItem("dla_mobility", 2_000)],
                    [CapitalItem("savings", 100_000)], rates=R)
    for line in result.assessment.lines:
        assert line.what and line.why and line.regulation.startswith("SI 2014/2672")
        assert 0 <= line.counted <= line.amount


def test_a_temporary_resident_keeps_the_costs_of_their_home_and_a_permanent_one_does_not():
    income = [IncomeItem("state_pension", 20_000)]
    temporary = Facts(setting="care_home", weekly_care_cost=90_000, resident="temporary", housing_costs=5_000)
    permanent = Facts(setting="care_home", weekly_care_cost=90_000, resident="permanent", housing_costs=5_000)
    # Schedule 1 para 2: housing costs are disregarded from income for a temporary resident
    assert charge(temporary, income) == 20_000 - 5_000 - 3_065
    assert charge(permanent, income) == 20_000 - 3_065
