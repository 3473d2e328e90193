"""Funding policies over the people in this area: who would pay what, council or person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from carecommons.budgets.charging_rates import charging_rates_on
from carecommons.budgets.models import FinancialAssessment, PersonalBudget
from carecommons.budgets.services import finances_of
from carecommons.rules.charging import ChargingError, assess_charge
from carecommons.rules.funding import POLICIES, SimPerson, Simulation, simulate


@dataclass(frozen=True)
class Population:
    people: list[SimPerson]
    without_budget: int
    without_age: int
    rate_not_verified: int = 0


def population(on: dt.date) -> Population:
    """Everyone with a financial assessment and a budget in force: their latest facts, their budget's weekly cost.

    People whose charge cannot be worked out today (a rate is not verified) are left out of every
    policy, not just the means-tested ones, so that the policies are compared over the same people.
    """
    rates = charging_rates_on(on)
    latest: dict[int, FinancialAssessment] = {}
    for fa in FinancialAssessment.objects.filter(assessed_on__lte=on).select_related("person").order_by("person_id", "-assessed_on", "-pk"):
        latest.setdefault(fa.person_id, fa)
    weekly = dict(PersonalBudget.objects.filter(period_start__lte=on, period_end__gte=on).values_list("person_id", "weekly"))
    people, without_budget, without_age, unverified = [], 0, 0, 0
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
            assess_charge(finances, rates=rates)
        except ChargingError:
            unverified += 1
            continue
        people.append(SimPerson(f"person-{person_id}", age, finances, groups, fa.paid_towards_cap))
    return Population(people, without_budget, without_age, unverified)


def run(policy: str, on: dt.date, pop: Population | None = None) -> Simulation:
    if policy not in POLICIES:
        raise KeyError(policy)
    return simulate(POLICIES[policy], (pop or population(on)).people, rates=charging_rates_on(on))


def as_json(sim: Simulation, pop: Population, on: dt.date) -> dict[str, Any]:
    return {
        "policy": sim.policy.name, "title": sim.policy.title, "as_of": on.isoformat(), "weeks": sim.weeks,
        "people": len(sim.people), "council_pence": sim.council_total, "people_pence": sim.people_total,
        "by_age": {k: {"council_pence": c, "people_pence": p} for k, (c, p) in sim.by_age.items()},
        "by_need": {k: {"council_pence": c, "people_pence": p} for k, (c, p) in sim.by_need.items()},
        "not_counted": {"rate_not_verified": pop.rate_not_verified + len(sim.refused), "no_budget": pop.without_budget, "no_date_of_birth": pop.without_age},
        "source": sim.policy.source, "unverified": list(sim.policy.unverified),
    }
