"""Funding policies week by week: capital drawn down, the 2021 cap's meter and daily living costs, the extended means
test, the council's estimated groups, and a council tax precept band by band (worked examples and properties)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carecommons.rules.charging import ChargingError, Finances, rates_on
from carecommons.rules.council_tax import (
    BAND_PROPORTIONS,
    CouncilTaxError,
    band_ratio,
    precept_yield,
    what_it_buys,
)
from carecommons.rules.funding import (
    POLICIES,
    EstimatedGroup,
    SimPerson,
    compare,
    estimate,
    fee_from_market,
    outcome_for,
    refusals_by_reason,
    simulate,
    year_of_care,
)
from carecommons.rules.rates import CHARGING

RATES = rates_on(CHARGING, dt.date(2025, 10, 1))  # 2025-26: PEA £30.65, MIG 25 to pension age £112.50
MEANS, CAP, EXTENDED = POLICIES["means_test"], POLICIES["lifetime_cap"], POLICIES["lifetime_cap_extended"]


def care_home(capital: int, income: int = 25_000, fee: int = 90_000) -> SimPerson:
    return SimPerson("p", 85, Finances(setting="care_home", capital=capital, weekly_income=income, weekly_care_cost=fee))


def test_a_self_funders_capital_crosses_the_upper_limit_mid_year() -> None:
    """Care home, 2025-26: £40,000 capital, £250 a week income, fee £900. They keep the £30.65 PEA, so each week
    £900 − (£250 − £30.65) = £680.65 comes out of capital. After 25 weeks it is £40,000 − £17,016.25 = £22,983.75,
    below £23,250: from week 26 tariff income is £35 (£8,733.75 above £14,250, 35 steps of £250 or part), the charge
    is £250 + £35 − £30.65 = £254.35, and only the £35 tariff comes out of capital each week."""
    year = year_of_care(MEANS, care_home(4_000_000), rates=RATES)
    assert year.payments[:25] == (90_000,) * 25
    assert year.payments[25] == 25_435
    [upper] = year.crossings
    assert (upper.limit, upper.amount, upper.week, upper.capital_left) == ("upper", 2_325_000, 26, 2_298_375)
    assert year.capital_end == 2_207_575
    o = outcome_for(MEANS, care_home(4_000_000), rates=RATES)
    assert o.person_pays == 2_933_045 and o.council_pays == 52 * 90_000 - 2_933_045
    assert "From week 26 their capital, now £22,983.75, is at or below the upper capital limit of £23,250.00" in o.reason


def test_held_fixed_the_same_person_would_pay_the_full_fee_all_year() -> None:
    """The old simulation held capital fixed; drawn down, the council starts paying in week 26."""
    o = outcome_for(MEANS, care_home(4_000_000), rates=RATES)
    assert o.person_pays < 52 * 90_000 and o.council_pays > 0


def test_tariff_income_draws_capital_down_to_the_lower_limit() -> None:
    """£14,300: one step of tariff income, £1 a week, comes out of capital; after 50 weeks it is £14,250."""
    year = year_of_care(MEANS, care_home(1_430_000, income=20_000), rates=RATES)
    [lower] = year.crossings
    assert (lower.limit, lower.week, lower.capital_left) == ("lower", 51, 1_425_000)
    assert year.payments[0] == 20_000 + 100 - 3_065 and year.payments[50] == 20_000 - 3_065


def test_the_extended_means_test_helps_from_the_first_week_below_100000() -> None:
    """£40,000 under £100,000/£20,000 limits: tariff (£40,000 − £20,000) / £250 = £80, charge £250 + £80 − £30.65."""
    year = year_of_care(EXTENDED, care_home(4_000_000), rates=RATES)
    assert year.payments[0] == 29_935 and not year.crossings
    assert year.capital_end == 4_000_000 - sum(year.payments) + 52 * (25_000 - 3_065)


@pytest.mark.parametrize(("setting", "meter", "weekly", "expected_first_weeks", "reached"), [
    # at home there are no daily living costs: the meter counts everything paid
    ("home", 8_570_000, 30_000, (30_000, 0, 0), 1),
    ("home", 8_500_000, 30_000, (30_000, 30_000, 30_000, 10_000, 0), 4),
    # in a care home £200 a week never counts and is still paid after the cap
    ("care_home", 8_500_000, 100_000, (100_000, 40_000, 20_000), 2),
    ("care_home", 0, 100_000, (100_000, 100_000), None),
])
def test_the_2021_cap_meter(setting: str, meter: int, weekly: int, expected_first_weeks: tuple[int, ...],
                            reached: int | None) -> None:
    f = Finances(setting=setting, capital=50_000_000, weekly_income=40_000, weekly_care_cost=weekly,
                 mig_category="single_25_to_pension_age")
    year = year_of_care(CAP, SimPerson("p", 70, f, paid_towards_cap=meter), rates=RATES)
    assert year.payments[:len(expected_first_weeks)] == expected_first_weeks
    assert year.cap_reached_week == reached
    assert year.meter_end <= CAP.lifetime_cap


def test_a_rate_not_entered_refuses_a_self_funder_at_home_whose_drawdown_needs_the_floor() -> None:
    f = Finances(setting="home", capital=3_000_000, weekly_income=20_000, weekly_care_cost=40_000, mig_category="single_pension_age")
    with pytest.raises(ChargingError, match="Minimum Income Guarantee for a single person at or over pension credit age in 2025-26"):
        year_of_care(MEANS, SimPerson("p", 80, f), rates=RATES)
    sim = simulate(MEANS, [SimPerson("p", 80, f), SimPerson("q", 80, f)], rates=RATES)
    [(reason, n)] = refusals_by_reason(sim.refused).items()
    assert n == 2 and reason.startswith("Not worked out: the rate for the Minimum Income Guarantee")
    # counted as soon as the rate is entered (a made-up figure for the test, not a real 2025-26 rate)
    entered = replace(RATES, minimum_income_guarantee={**RATES.minimum_income_guarantee, "single_pension_age": 20_000})
    counted = simulate(MEANS, [SimPerson("p", 80, f)], rates=entered)
    # their £200 income is all protected, so the whole £400 a week comes out of £30,000: after 17 weeks £23,200 is left
    [o] = counted.people
    assert not counted.refused and [(c.limit, c.week, c.capital_left) for c in o.crossings] == [("upper", 18, 2_320_000)]
    assert year_of_care(MEANS, SimPerson("p", 80, f), rates=entered).payments[:18] == (40_000,) * 17 + (3_600,)


def test_the_policies_cite_the_2021_design() -> None:
    assert (CAP.lifetime_cap, CAP.daily_living_costs, CAP.capital_limits) == (8_600_000, 20_000, None)
    assert EXTENDED.capital_limits == (10_000_000, 2_000_000)
    for words in ("Build Back Better", "November 2021", "£200 a week", "Care Act 2014 s15"):
        assert words in CAP.source and words in EXTENDED.source
    assert not CAP.unverified


def test_an_estimated_group_is_its_typical_person_times_the_number() -> None:
    group = EstimatedGroup("self_funder", "care_home", "pension_age", 120, 90_000, 4_000_000, 25_000, "Council survey 2025")
    est = estimate(MEANS, [group], rates=RATES)
    [g] = est.groups
    assert g.person_pays == 120 * 2_933_045 and g.council_pays == 120 * (52 * 90_000 - 2_933_045)
    assert est.people == 120 and est.people_total == g.person_pays
    free = estimate(POLICIES["free_at_point_of_use"], [group], rates=RATES)
    assert free.people_total == 0 and free.council_total == 120 * 52 * 90_000
    at_home = EstimatedGroup("self_funder", "home", "pension_age", 40, 40_000, 3_000_000, 20_000, "Council survey 2025")
    refused = estimate(MEANS, [at_home], rates=RATES)
    assert not refused.groups and "has not been entered" in refused.refused[0][1]
    assert group.label == "people who pay for their own care (self-funders) in care homes, 65 and over"


def test_the_markets_median_fee() -> None:
    assert fee_from_market([]) is None and fee_from_market([0]) is None
    assert fee_from_market([120_000, 90_000, 100_000]) == 100_000
    assert fee_from_market([90_000, 100_001]) == 95_001


people = st.builds(
    lambda setting, capital, income, cost, meter, age: SimPerson(
        "p", age, Finances(setting=setting, capital=capital, weekly_income=income, weekly_care_cost=cost,
                           mig_category="single_25_to_pension_age"), paid_towards_cap=meter),
    st.sampled_from(["home", "care_home"]), st.integers(0, 20_000_000), st.integers(0, 60_000), st.integers(0, 200_000),
    st.integers(0, 9_000_000), st.integers(18, 64))


@settings(max_examples=60, deadline=None)
@given(person=people, policy=st.sampled_from(sorted(POLICIES)))
def test_every_year_adds_up_and_capital_only_falls(person: SimPerson, policy: str) -> None:
    p = POLICIES[policy]
    o = outcome_for(p, person, rates=RATES)
    assert o.council_pays + o.person_pays == o.yearly_cost and 0 <= o.person_pays <= o.yearly_cost
    if not p.free_for:
        year = year_of_care(p, person, rates=RATES)
        assert 0 <= year.capital_end <= year.capital_start
        assert all(0 <= pay <= person.finances.weekly_care_cost for pay in year.payments)
        weeks = [c.week for c in year.crossings]
        assert weeks == sorted(weeks) and [c.limit for c in year.crossings] in ([], ["upper"], ["lower"], ["upper", "lower"])
        if p.lifetime_cap is not None:
            assert year.meter_end <= max(p.lifetime_cap, person.paid_towards_cap)
            if year.cap_reached_week is not None:
                dlc = p.daily_living_costs if person.finances.setting == "care_home" else 0
                assert all(pay <= (dlc or 0) for pay in year.payments[year.cap_reached_week:])


# --- A council tax precept, band by band (Local Government Finance Act 1992 s5(1)) ---

def test_the_band_proportions_are_the_laws() -> None:
    assert BAND_PROPORTIONS == {"A": 6, "B": 7, "C": 8, "D": 9, "E": 11, "F": 13, "G": 15, "H": 18}
    assert band_ratio("A") == Fraction(6, 9) and band_ratio("D") == 1 and band_ratio("H") == 2
    assert [line.ninths for line in precept_yield(band_d=900, dwellings={}).lines] == [6, 7, 8, 9, 11, 13, 15, 18]


def test_an_extra_100_pounds_at_band_d() -> None:
    y = precept_yield(band_d=10_000, dwellings={"A": 9_000, "B": 6_000, "C": 4_000, "D": 3_000, "E": 1_500, "F": 800,
                                                "G": 400, "H": 50})
    assert [line.per_dwelling for line in y.lines] == [6_667, 7_778, 8_889, 10_000, 12_222, 14_444, 16_667, 20_000]
    assert y.total == sum(line.per_dwelling * line.dwellings for line in y.lines) == 9_000 * 6_667 + 6_000 * 7_778 + \
        4_000 * 8_889 + 3_000 * 10_000 + 1_500 * 12_222 + 800 * 14_444 + 400 * 16_667 + 50 * 20_000
    assert y.band_d_equivalents == Fraction(9_000 * 6 + 6_000 * 7 + 4_000 * 8 + 3_000 * 9 + 1_500 * 11 + 800 * 13 + 400 * 15
                                            + 50 * 18, 9)
    assert "Local Government Finance Act 1992 s5(1)" in y.reasons[0]


def test_a_precept_refuses_nonsense() -> None:
    with pytest.raises(CouncilTaxError, match="cannot be negative"):
        precept_yield(band_d=-1, dwellings={"A": 1})
    with pytest.raises(CouncilTaxError, match="Unknown band I"):
        precept_yield(band_d=100, dwellings={"I": 1})


def test_what_a_precept_buys() -> None:
    bought = what_it_buys(raises=10_000_000, hourly_rate=2_500, gaps={"Free at the point of use": 40_000_000, "Same": 0})
    assert bought.hours == 4_000 and bought.shares == (("Free at the point of use", 40_000_000, 25),)
    assert what_it_buys(raises=1, hourly_rate=None, gaps={}).hours is None
    more = what_it_buys(raises=500_000, hourly_rate=None, gaps={"Tax-funded care for some groups": 100_000})
    assert more.shares == (("Tax-funded care for some groups", 100_000, 100),)
    assert more.reasons == ("Tax-funded care for some groups costs the council £1,000.00 a year more than today's means test: "
                            "the precept pays all of it, with £4,000.00 left over.",)


@given(band_d=st.integers(0, 500_000), dwellings=st.dictionaries(st.sampled_from(list(BAND_PROPORTIONS)), st.integers(0, 200_000)))
def test_a_precept_is_band_d_times_the_equivalents_within_a_penny_a_dwelling(band_d: int, dwellings: dict[str, int]) -> None:
    y = precept_yield(band_d=band_d, dwellings=dwellings)
    assert abs(y.total - band_d * y.band_d_equivalents) <= Fraction(sum(dwellings.values()), 2)
    per = [line.per_dwelling for line in y.lines]
    assert per == sorted(per) and y.lines[3].per_dwelling == band_d


def test_the_policies_are_compared_over_the_same_people() -> None:
    """Free at the point of use needs no rate, the means test needs the pension-age MIG: the person is left out of both."""
    needs_mig = SimPerson("needs-mig", 80, Finances(setting="home", capital=3_000_000, weekly_income=20_000,
                                                    weekly_care_cost=40_000, mig_category="single_pension_age"))
    sims, left_out = compare([MEANS, POLICIES["free_at_point_of_use"]], [care_home(4_000_000), needs_mig], rates=RATES)
    assert [len(s.people) for s in sims] == [1, 1] and list(left_out) == ["needs-mig"]
    assert "has not been entered" in left_out["needs-mig"]
    assert sims[0].people_total == 2_933_045 and sims[1].council_total == 52 * 90_000
