"""Funding policies over the people in this area: who would pay what, council or person.

People with a financial assessment and a budget are counted one by one. The people Care Commons does not hold
(self-funders, people the council supports who are not recorded here) come in only as the council's estimates, each
with its source, and are kept apart from the counted people on every page. Each policy is run over one financial
year, 52 weeks from 1 April, with that year's rates, a week at a time (capital is drawn down as people pay).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from carecommons.budgets.charging_rates import charging_rates_on
from carecommons.budgets.models import FinancialAssessment, PersonalBudget
from carecommons.budgets.models_funding import CouncilTaxBase, FundingEstimate
from carecommons.budgets.services import finances_of
from carecommons.budgets.services_funding import (
    MarketFigures,
    as_group,
    council_tax_in_use,
    estimates_in_use,
    market_figures,
)
from carecommons.rules.charging import ChargingError, ChargingRates
from carecommons.rules.council_tax import PreceptYield, WhatItBuys, precept_yield, what_it_buys
from carecommons.rules.funding import (
    POLICIES,
    Estimate,
    EstimatedGroup,
    SimPerson,
    Simulation,
    compare,
    estimate,
    outcome_for,
    simulate,
)

WEEKS = 52


@dataclass(frozen=True)
class Population:
    people: list[SimPerson]
    without_budget: int
    without_age: int
    rate_not_verified: int = 0
    refusals: dict[str, int] = field(default_factory=dict)  # the message -> how many people it leaves out


def _candidates(on: dt.date, rates: ChargingRates) -> tuple[list[SimPerson], int, int, dict[str, int]]:
    """Everyone with a financial assessment and a budget in force: their latest facts, their budget's weekly cost."""
    latest: dict[int, FinancialAssessment] = {}
    for fa in FinancialAssessment.objects.filter(assessed_on__lte=on).select_related("person").prefetch_related(
            "income_items", "capital_items", "expenses").order_by("person_id", "-assessed_on", "-pk"):
        latest.setdefault(fa.person_id, fa)
    weekly = dict(PersonalBudget.objects.filter(period_start__lte=on, period_end__gte=on).values_list("person_id", "weekly"))
    people, without_budget, without_age = [], 0, 0
    not_built: dict[str, int] = {}
    for person_id, fa in sorted(latest.items()):
        if person_id not in weekly:
            without_budget += 1
            continue
        born = fa.person.date_of_birth
        if born is None:
            without_age += 1
            continue
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        groups = frozenset(g for g, flag in (("dementia", fa.dementia), ("end_of_life", fa.end_of_life)) if flag)
        try:
            finances = finances_of(fa, weekly[person_id], rates=rates)
        except ChargingError as refused:  # an itemised assessment needing a figure not entered
            not_built[str(refused)] = not_built.get(str(refused), 0) + 1
            continue
        people.append(SimPerson(f"person-{person_id}", age, finances, groups, fa.paid_towards_cap))
    return people, without_budget, without_age, not_built


def counted(on: dt.date) -> tuple[Population, list[Simulation]]:
    """The people counted one by one, and every policy over them, worked out once.

    People whose year cannot be worked out under every policy (a rate is not entered) are left out of every policy,
    so that the policies are compared over the same people; the reasons are kept, with how many each leaves out.
    """
    rates = charging_rates_on(on)
    candidates, without_budget, without_age, not_built = _candidates(on, rates)
    sims, left_out = compare(list(POLICIES.values()), candidates, rates=rates, weeks=WEEKS)
    refusals: dict[str, int] = dict(not_built)
    for reason in left_out.values():
        refusals[reason] = refusals.get(reason, 0) + 1
    people = [p for p in candidates if p.key not in left_out]
    return Population(people, without_budget, without_age, len(left_out) + sum(not_built.values()), refusals), sims


def population(on: dt.date) -> Population:
    """Everyone counted one by one on `on` (see `counted`)."""
    return counted(on)[0]


def run(policy: str, on: dt.date, pop: Population | None = None) -> Simulation:
    if policy not in POLICIES:
        raise KeyError(policy)
    return simulate(POLICIES[policy], (pop or population(on)).people, rates=charging_rates_on(on), weeks=WEEKS)


@dataclass(frozen=True)
class Estimates:
    """The council's estimated groups that can be worked out under every policy, and those that cannot, with why."""

    rows: list[FundingEstimate]
    groups: list[EstimatedGroup]
    refused: list[tuple[EstimatedGroup, str]]

    @property
    def people(self) -> int:
        return sum(g.people for g in self.groups)


def estimated_groups(rates: ChargingRates) -> Estimates:
    rows = estimates_in_use()
    groups, refused = [], []
    for row in rows:
        group = as_group(row)
        try:
            for policy in POLICIES.values():
                outcome_for(policy, group.typical(), rates=rates, weeks=WEEKS)
        except ChargingError as error:
            refused.append((group, str(error)))
            continue
        groups.append(group)
    return Estimates(rows, groups, refused)


@dataclass(frozen=True)
class Precept:
    base: CouncilTaxBase
    band_d: int  # the amount worked out: the council's, or one a visitor tries
    tried: bool  # a visitor's own amount, not the council's
    result: PreceptYield
    buys: WhatItBuys


@dataclass(frozen=True)
class Comparison:
    """Everything the funding page and the command show, worked out once."""

    on: dt.date
    rates: ChargingRates
    pop: Population
    sims: list[Simulation]
    estimates: Estimates
    estimated: dict[str, Estimate]  # policy name -> the estimated groups under it
    market: MarketFigures
    precept: Precept | None

    @property
    def year(self) -> str:
        return self.rates.year

    def totals(self, name: str) -> tuple[int, int]:
        """(council, people) for a policy: the counted people and the estimated groups together."""
        sim = next(s for s in self.sims if s.policy.name == name)
        est = self.estimated[name]
        return sim.council_total + est.council_total, sim.people_total + est.people_total


def comparison(on: dt.date, *, band_d: int | None = None) -> Comparison:
    """The policies side by side on `on`'s financial year. Raises ChargingError when that year's rates are not entered."""
    rates = charging_rates_on(on)
    pop, sims = counted(on)
    est = estimated_groups(rates)
    estimated = {name: estimate(p, est.groups, rates=rates, weeks=WEEKS) for name, p in POLICIES.items()}
    market = market_figures()
    comp = Comparison(on, rates, pop, sims, est, estimated, market, None)
    base = council_tax_in_use()
    if base is None:
        return comp
    amount = base.band_d_extra if band_d is None else band_d
    result = precept_yield(band_d=amount, dwellings=base.dwellings)
    today_council = comp.totals("means_test")[0]
    gaps = {p.title: comp.totals(name)[0] - today_council for name, p in POLICIES.items() if name != "means_test"}
    buys = what_it_buys(raises=result.total, hourly_rate=market.hourly, gaps=gaps)
    return Comparison(on, rates, pop, sims, est, estimated, market, Precept(base, amount, band_d is not None, result, buys))


def as_json(sim: Simulation, pop: Population, on: dt.date, comp: Comparison | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "policy": sim.policy.name, "title": sim.policy.title, "as_of": on.isoformat(), "weeks": sim.weeks,
        "people": len(sim.people), "council_pence": sim.council_total, "people_pence": sim.people_total,
        "by_age": {k: {"council_pence": c, "people_pence": p} for k, (c, p) in sim.by_age.items()},
        "by_need": {k: {"council_pence": c, "people_pence": p} for k, (c, p) in sim.by_need.items()},
        "not_counted": {"rate_not_verified": pop.rate_not_verified + len(sim.refused), "no_budget": pop.without_budget,
                        "no_date_of_birth": pop.without_age,
                        "reasons": [{"reason": r, "people": n} for r, n in pop.refusals.items()]},
        "capital": {"crossed_upper_limit": sim.crossed("upper"), "crossed_lower_limit": sim.crossed("lower"),
                    "reached_cap": sim.reached_cap},
        "source": sim.policy.source, "unverified": list(sim.policy.unverified),
    }
    if comp is None:
        return data
    est = comp.estimated[sim.policy.name]
    council, people = comp.totals(sim.policy.name)
    data["year"] = comp.year
    data["estimated"] = {
        "label": "estimates entered by the council, not people counted one by one",
        "people": est.people, "council_pence": est.council_total, "people_pence": est.people_total,
        "groups": [{"group": g.group.label, "people": g.group.people, "weekly_fee_pence": g.group.weekly_fee,
                    "source": g.group.source, "estimated_on": g.group.as_of, "council_pence": g.council_pays,
                    "people_pence": g.person_pays, "reason": g.reason} for g in est.groups],
        "not_counted": [{"group": g.label, "people": g.people, "reason": reason} for g, reason in comp.estimates.refused],
    }
    data["counted_and_estimated"] = {"council_pence": council, "people_pence": people}
    if comp.precept:
        pr = comp.precept
        data["council_tax"] = {
            "band_d_pence": pr.band_d, "raises_pence": pr.result.total, "hours_of_care": pr.buys.hours,
            "hourly_rate_pence": pr.buys.hourly_rate, "dwellings_source": pr.base.dwellings_source,
            "bands": {line.band: {"dwellings": line.dwellings, "per_dwelling_pence": line.per_dwelling,
                                  "raises_pence": line.raises} for line in pr.result.lines},
            "reasons": list(pr.result.reasons + pr.buys.reasons),
        }
    return data
