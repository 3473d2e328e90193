"""Funding policies side by side: who pays for care, the council or the person, under each.

Policies are data. Today's means test is the charging rules of SI 2014/2672; the alternatives
are the ones people argue for: free at the point of use, a lifetime cap on what anyone pays with a
care account meter, and tax-funded care for working-age adults, people with dementia and people at
the end of life. `simulate` runs one policy over a population for a year and adds it up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from carecommons.rules.charging import ChargingError, ChargingRates, Finances, assess_charge
from carecommons.rules.money import pounds

GROUPS = {
    "everyone": "everyone",
    "working_age": "working-age adults (18 to 64)",
    "dementia": "people living with dementia",
    "end_of_life": "people at the end of life",
}
AGE_BANDS = ((18, 64, "18 to 64"), (65, 84, "65 to 84"), (85, 200, "85 and over"))


@dataclass(frozen=True)
class FundingPolicy:
    name: str
    title: str
    summary: str
    source: str
    free_for: frozenset[str] = frozenset()
    lifetime_cap: int | None = None  # pence; a care account meter counts what the person pays towards it
    unverified: tuple[str, ...] = ()


POLICIES: dict[str, FundingPolicy] = {p.name: p for p in (
    FundingPolicy(
        "means_test", "Today's means test",
        "The council works out what each person can afford from their income and savings (the financial "
        "assessment). People with more than the upper capital limit pay the full cost.",
        "Care Act 2014 s14 and s17; Care and Support (Charging and Assessment of Resources) Regulations 2014 (SI 2014/2672)",
    ),
    FundingPolicy(
        "free_at_point_of_use", "Free at the point of use",
        "Care is paid for collectively, from taxes, and nobody pays when they use it, like the NHS.",
        "Jenny Morris, in the policy writing Care Commons starts from (seed 001): \"collectively funded, free at the point of use\"",
        free_for=frozenset({"everyone"}),
    ),
    FundingPolicy(
        "lifetime_cap", "A lifetime cap on care costs",
        "The means test applies, but what a person pays over their life stops at a cap. A care account meter adds "
        "up what they have paid; once it reaches the cap, the council pays.",
        "Commission on Funding of Care and Support (Dilnot), 2011; the £86,000 cap announced in September 2021 "
        "and cancelled in July 2024, whose meter counted only what the person paid",
        lifetime_cap=8_600_000,
        unverified=("the £86,000 figure is from the 2021 announcement, not from a regulation in force",),
    ),
    FundingPolicy(
        "tax_funded_groups", "Tax-funded care for some groups",
        "Care is free for working-age adults, people living with dementia and people at the end of life; "
        "everyone else has today's means test.",
        "Eleanor Rosenbach, in the policy writing Care Commons starts from (seed 001)",
        free_for=frozenset({"working_age", "dementia", "end_of_life"}),
    ),
)}


@dataclass(frozen=True)
class SimPerson:
    key: str
    age: int
    finances: Finances
    groups: frozenset[str] = frozenset()  # "dementia", "end_of_life"
    paid_towards_cap: int = 0  # the care account meter so far


@dataclass(frozen=True)
class PersonOutcome:
    key: str
    age_band: str
    need: str
    yearly_cost: int
    person_pays: int
    council_pays: int
    reason: str


@dataclass(frozen=True)
class Simulation:
    policy: FundingPolicy
    weeks: int
    people: tuple[PersonOutcome, ...]
    council_total: int
    people_total: int
    by_age: dict[str, tuple[int, int]] = field(default_factory=dict)  # band -> (council, people)
    by_need: dict[str, tuple[int, int]] = field(default_factory=dict)
    refused: tuple[str, ...] = ()


def age_band(age: int) -> str:
    for low, high, words in AGE_BANDS:
        if low <= age <= high:
            return words
    return "under 18"


def _need(groups: Iterable[str]) -> str:
    g = set(groups)
    if "end_of_life" in g:
        return "end of life"
    if "dementia" in g:
        return "dementia"
    return "other needs"


def _free_because(policy: FundingPolicy, person: SimPerson) -> str:
    if "everyone" in policy.free_for:
        return "Care is free for everyone under this policy."
    if "working_age" in policy.free_for and 18 <= person.age <= 64:
        return "Care is free for working-age adults under this policy."
    for group in ("dementia", "end_of_life"):
        if group in policy.free_for and group in person.groups:
            return f"Care is free for {GROUPS[group]} under this policy."
    return ""


def outcome_for(policy: FundingPolicy, person: SimPerson, *, rates: ChargingRates, weeks: int = 52) -> PersonOutcome:
    cost = person.finances.weekly_care_cost * weeks
    band, need = age_band(person.age), _need(person.groups)
    free = _free_because(policy, person)
    if free:
        return PersonOutcome(person.key, band, need, cost, 0, cost, free)
    weekly = assess_charge(person.finances, rates=rates).weekly_charge
    pays = weekly * weeks
    reason = f"The means test asks {pounds(weekly)} a week."
    if policy.lifetime_cap is not None:
        room = max(policy.lifetime_cap - person.paid_towards_cap, 0)
        if pays > room:
            pays = room
            reason += (f" Their care account reaches the {pounds(policy.lifetime_cap)} cap this year, so they pay "
                       f"{pounds(room)} and the council pays the rest.")
    return PersonOutcome(person.key, band, need, cost, pays, cost - pays, reason)


def simulate(policy: FundingPolicy, people: Sequence[SimPerson], *, rates: ChargingRates, weeks: int = 52) -> Simulation:
    """A year (by default) of care under `policy`: who pays what, in total, by age and by need.

    People whose finances cannot be assessed (for example, a rate not yet verified) are listed in
    `refused` with the reason, and left out of the totals rather than guessed.
    """
    outcomes: list[PersonOutcome] = []
    refused: list[str] = []
    for person in people:
        try:
            outcomes.append(outcome_for(policy, person, rates=rates, weeks=weeks))
        except ChargingError as error:
            refused.append(f"{person.key}: {error}")
    by_age: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_need: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o in outcomes:
        for table, key in ((by_age, o.age_band), (by_need, o.need)):
            table[key][0] += o.council_pays
            table[key][1] += o.person_pays
    return Simulation(
        policy, weeks, tuple(outcomes), sum(o.council_pays for o in outcomes), sum(o.person_pays for o in outcomes),
        {k: (v[0], v[1]) for k, v in sorted(by_age.items())}, {k: (v[0], v[1]) for k, v in sorted(by_need.items())},
        tuple(refused),
    )
