"""Indicative budgets, delegated limits, direct-payment conditions and funding policies."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.allocation import (
    AllocationError,
    IndicativeMethod,
    agreement,
    indicative_budget,
    sign_off_allowed,
)
from carecommons.rules.charging import Finances, rates_on
from carecommons.rules.funding import POLICIES, SimPerson, simulate
from carecommons.rules.management import DirectPaymentFacts, direct_payment_decision
from carecommons.rules.rates import CHARGING

METHOD = IndicativeMethod(5, {"up to 2 things that are hard to do": 10_000, "3 or 4 things that are hard to do": 20_000,
                              "5 or more things that are hard to do": 30_000}, "test figures")


def test_too_few_comparables_uses_the_published_starting_figure_and_says_so() -> None:
    ib = indicative_budget(kind="adult", unmet_outcomes=3, comparable_weekly=[1, 2], method=METHOD)
    assert (ib.weekly, ib.from_comparables, ib.comparables) == (20_000, False, 2)
    assert "too few to be fair" in ib.reasons[0] and "test figures" in ib.reasons[1]


def test_the_middle_and_the_range_of_comparables() -> None:
    ib = indicative_budget(kind="carer", unmet_outcomes=1, comparable_weekly=[5_049, 10_000, 20_000, 30_000, 90_000], method=METHOD)
    assert (ib.weekly, ib.low, ib.high) == (20_000, 10_000, 30_000)
    assert ib.reasons[0] == "We looked at the 5 budgets agreed for carers with up to 2 things that are hard to do."
    with pytest.raises(AllocationError):
        indicative_budget(kind="adult", unmet_outcomes=-1, comparable_weekly=[], method=METHOD)


@given(st.lists(st.integers(0, 200_000), min_size=5, max_size=40))
def test_the_indicative_figure_lies_within_its_range(values: list[int]) -> None:
    ib = indicative_budget(kind="adult", unmet_outcomes=2, comparable_weekly=values, method=METHOD)
    assert ib.low <= ib.weekly <= ib.high
    assert min(values) - 100 <= ib.low and ib.high <= max(values) + 100


def test_delegated_limits() -> None:
    assert agreement(weekly_total=40_000, agreer_limit=40_000).may_agree
    above = agreement(weekly_total=40_001, agreer_limit=40_000)
    assert above.needs_sign_off and not above.may_agree
    assert sign_off_allowed(weekly_total=50_000, signer_limit=50_000, signer_is_agreer=False)[0]
    assert not sign_off_allowed(weekly_total=50_000, signer_limit=90_000, signer_is_agreer=True)[0]


def test_direct_payment_conditions_section_31_and_32() -> None:
    ok = direct_payment_decision(DirectPaymentFacts(True, False, True, True))
    assert ok.allowed and ok.section == "31"
    no_one = direct_payment_decision(DirectPaymentFacts(False, False, True, True))
    assert not no_one.allowed and no_one.section == "32"
    authorised = direct_payment_decision(DirectPaymentFacts(False, False, True, True, authorised_person="Ama Mensah",
                                                            authorised_person_agrees=True, authorised_person_suitable=True))
    assert authorised.allowed and "Ama Mensah" in authorised.reasons[0]
    assert not direct_payment_decision(DirectPaymentFacts(True, True, True, True)).allowed
    assert not direct_payment_decision(DirectPaymentFacts(True, False, False, True)).allowed
    assert not direct_payment_decision(DirectPaymentFacts(True, False, True, False)).allowed
    family = direct_payment_decision(DirectPaymentFacts(True, False, True, True, pays_close_family_in_household=True,
                                                        council_decides_necessary=True, necessary_reasons=" "))
    assert not family.allowed


def _people() -> list[SimPerson]:
    home = Finances(setting="home", capital=0, weekly_income=20_000, weekly_care_cost=30_000, mig_category="single_25_to_pension_age")
    rich = Finances(setting="care_home", capital=50_000_000, weekly_income=40_000, weekly_care_cost=100_000)
    older_home = Finances(setting="home", capital=0, weekly_income=30_000, weekly_care_cost=20_000, mig_category="single_pension_age")
    return [SimPerson("a", 40, home), SimPerson("b", 88, rich, frozenset({"dementia"}), paid_towards_cap=8_000_000),
            SimPerson("c", 80, older_home)]


def test_policies_side_by_side() -> None:
    rates = rates_on(CHARGING, dt.date(2025, 10, 1))
    means = simulate(POLICIES["means_test"], _people(), rates=rates)
    assert means.people_total == (20_000 - 11_250) * 52 + 100_000 * 52
    assert len(means.refused) == 1 and "has not been entered" in means.refused[0]  # pension-age MIG not entered yet
    free = simulate(POLICIES["free_at_point_of_use"], _people(), rates=rates)
    assert free.people_total == 0 and free.council_total == (30_000 + 100_000 + 20_000) * 52
    cap = simulate(POLICIES["lifetime_cap"], _people(), rates=rates)
    # b's meter is at £80,000: at £1,000 a week less £200 daily living costs, £800 a week goes on it, so weeks 1 to 7 cost
    # £7,000 (meter £85,600), week 8 £200 + the last £400, then 44 weeks of daily living costs only at £200.
    assert [o.person_pays for o in cap.people if o.key == "b"] == [(7 * 1_000 + 600 + 44 * 200) * 100]
    assert [o.cap_reached_week for o in cap.people if o.key == "b"] == [8]
    groups = simulate(POLICIES["tax_funded_groups"], _people(), rates=rates)
    assert {o.key: o.person_pays for o in groups.people} == {"a": 0, "b": 0}
    for sim in (means, free, cap, groups):
        assert sim.council_total + sim.people_total == sum(o.yearly_cost for o in sim.people)
        assert sum(c + p for c, p in sim.by_age.values()) == sim.council_total + sim.people_total
