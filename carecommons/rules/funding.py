"""Funding policies side by side: who pays for care, the council or the person, under each.

Policies are data. Today's means test is the charging rules of SI 2014/2672; the alternatives
are the ones people argue for: free at the point of use, a lifetime cap on what anyone pays with a
care account meter, and tax-funded care for working-age adults, people with dementia and people at
the end of life. `simulate` runs one policy over a population for a year and adds it up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from carecommons.rules.charging import (
    ChargeDecision,
    ChargingError,
    ChargingRates,
    Finances,
    assess_charge,
    minimum_income_guarantee,
)
from carecommons.rules.money import pounds

GROUPS = {
    "everyone": "everyone",
    "working_age": "working-age adults (18 to 64)",
    "dementia": "people living with dementia",
    "end_of_life": "people at the end of life",
}
AGE_BANDS = ((18, 64, "18 to 64"), (65, 84, "65 to 84"), (85, 200, "85 and over"))


CAP_2021_PAPER = ("Build Back Better: Our Plan for Health and Social Care (policy paper, 7 September 2021) and "
                  "'Adult social care charging reform: further details' (DHSC, November 2021)")
CAP_2021_AMENDMENT = ("the Government's November 2021 amendment to Care Act 2014 s15 (a new clause in the Health and Care Bill, "
                      "Commons report stage, 22 November 2021): only what the person pays counts towards the cap, not the "
                      "council's means-tested support")
DLC_2021 = ("'Adult social care charging reform: analysis' (DHSC, November 2021): daily living costs in a care home set at "
            "£200 a week in 2021 to 2022 prices, paid by the person and never counted towards the cap")
CANCELLED = "The reform was never brought into force: the Chancellor cancelled it on 29 July 2024."


@dataclass(frozen=True)
class FundingPolicy:
    name: str
    title: str
    summary: str
    source: str
    free_for: frozenset[str] = frozenset()
    lifetime_cap: int | None = None  # pence; a care account meter counts what the person pays towards it
    unverified: tuple[str, ...] = ()
    daily_living_costs: int | None = None  # pence a week, in a care home: the person pays them; never on the meter
    capital_limits: tuple[int, int] | None = None  # (upper, lower) in place of the year's, for an extended means test


CAP_2021 = 8_600_000  # £86,000: the 2021 design of the Care Act 2014 s15 cap
DAILY_LIVING_COSTS_2021 = 20_000  # £200 a week, 2021 to 2022 prices
EXTENDED_LIMITS_2021 = (10_000_000, 2_000_000)  # upper £100,000, lower £20,000

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
        "lifetime_cap", "A lifetime cap on care costs (the 2021 design)",
        "The means test applies, but what a person pays towards their care over their life stops at £86,000. A care "
        "account meter adds up what they pay themselves (not what the council pays). In a care home, £200 a week of "
        "daily living costs never counts towards the cap, and the person goes on paying it after reaching the cap. "
        + CANCELLED,
        f"Care Act 2014 s15; {CAP_2021_PAPER}; {CAP_2021_AMENDMENT}; {DLC_2021}. Before it: the Commission on Funding of "
        "Care and Support (Dilnot), 2011",
        lifetime_cap=CAP_2021, daily_living_costs=DAILY_LIVING_COSTS_2021,
    ),
    FundingPolicy(
        "lifetime_cap_extended", "The 2021 cap with the extended means test",
        "As the 2021 cap, and the council helps sooner: the upper capital limit rises to £100,000 and the lower to £20,000, "
        "wherever the person lives. Between the limits, £1 a week for every £250 counts as income, as today. " + CANCELLED,
        f"{CAP_2021_PAPER}: upper capital limit £100,000 and lower capital limit £20,000; Care Act 2014 s15; "
        f"{CAP_2021_AMENDMENT}; {DLC_2021}",
        lifetime_cap=CAP_2021, daily_living_costs=DAILY_LIVING_COSTS_2021, capital_limits=EXTENDED_LIMITS_2021,
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
class Crossing:
    """The week a person's capital fell to or below a capital limit, and what was left."""

    limit: str  # "upper" or "lower"
    amount: int  # the limit, pence
    week: int  # the first week charged with capital at or below the limit (1 for the first week of the year)
    capital_left: int


@dataclass(frozen=True)
class YearOfCare:
    """A person's year week by week: what they paid each week, their capital falling, the cap's meter."""

    payments: tuple[int, ...]
    capital_start: int
    capital_end: int
    crossings: tuple[Crossing, ...]
    meter_end: int
    cap_reached_week: int | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PersonOutcome:
    key: str
    age_band: str
    need: str
    yearly_cost: int
    person_pays: int
    council_pays: int
    reason: str
    crossings: tuple[Crossing, ...] = ()
    cap_reached_week: int | None = None


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

    def crossed(self, limit: str) -> int:
        """How many people's capital fell to or below the `limit` ("upper" or "lower") during the year."""
        return sum(1 for o in self.people if any(c.limit == limit for c in o.crossings))

    @property
    def reached_cap(self) -> int:
        return sum(1 for o in self.people if o.cap_reached_week is not None)


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


def rates_for(policy: FundingPolicy, rates: ChargingRates) -> ChargingRates:
    """The year's rates, with the policy's own capital limits where it has them (the extended means test)."""
    if policy.capital_limits is None:
        return rates
    upper, lower = policy.capital_limits
    return replace(rates, upper_capital_limit=upper, lower_capital_limit=lower,
                   source=f"{rates.source}; capital limits of {pounds(upper)} and {pounds(lower)} under this policy")


def spare_income(f: Finances, rates: ChargingRates) -> int:
    """What the person's income leaves each week after what the law keeps for them to live on.

    In a care home, the Personal Expenses Allowance (reg 6); at home, the Minimum Income Guarantee with its premiums
    (reg 7), allowed disability-related expenditure and housing costs. A payment above this comes out of capital.
    Raises ChargingError when the figure the floor needs has not been entered.
    """
    if f.setting == "care_home":
        return max(f.weekly_income - rates.personal_expenses_allowance, 0)
    protected, _ = minimum_income_guarantee(f, rates)
    return max(f.weekly_income - protected - f.disability_related_expenditure - f.housing_costs, 0)


def _state(d: ChargeDecision) -> int:
    """2 above the upper capital limit, 1 between the limits, 0 at or below the lower."""
    return 2 if d.self_funder else (1 if d.tariff_income else 0)


def year_of_care(policy: FundingPolicy, person: SimPerson, *, rates: ChargingRates, weeks: int = 52) -> YearOfCare:
    """Step through the year a week at a time: each week's charge from the capital the person has that week.

    What they pay above their spare income (`spare_income`) comes out of their capital, so a self-funder's capital falls
    until it crosses the upper limit and the council starts to help, and tariff income draws it down towards the lower
    limit. Under a cap, the meter adds what the person pays, less daily living costs in a care home; once it reaches
    the cap the person pays only those daily living costs (means-tested, as before). Raises ChargingError when a
    figure is not entered.
    """
    f = person.finances
    rates = rates_for(policy, rates)
    decisions: dict[int, ChargeDecision] = {}
    spare: int | None = None
    capital = f.capital
    meter = person.paid_towards_cap
    cap = policy.lifetime_cap
    dlc = policy.daily_living_costs if (policy.daily_living_costs and f.setting == "care_home") else 0
    payments: list[int] = []
    crossings: list[Crossing] = []
    reached: int | None = None
    first_state: int | None = None
    lowest_state = 3
    for week in range(1, weeks + 1):
        if capital not in decisions:
            decisions[capital] = assess_charge(replace(f, capital=capital), rates=rates)
        decision = decisions[capital]
        state = _state(decision)
        if first_state is None:
            first_state = lowest_state = state
        if state < lowest_state:
            for limit, amount, level in (("upper", rates.upper_capital_limit, 2), ("lower", rates.lower_capital_limit, 1)):
                if lowest_state >= level > state:
                    crossings.append(Crossing(limit, amount, week, capital))
            lowest_state = state
        pays = decision.weekly_charge
        if cap is not None:
            living = min(pays, dlc)
            metered = pays - living
            if meter >= cap:
                pays = living
            elif meter + metered >= cap:
                pays = living + (cap - meter)
                meter, reached = cap, week
            else:
                meter += metered
        payments.append(pays)
        if pays:
            if spare is None:
                spare = spare_income(f, rates)
            capital = max(capital - max(pays - spare, 0), 0)
    reasons = []
    for c in crossings:
        reasons.append(f"From week {c.week} their capital, now {pounds(c.capital_left)}, is at or below the {c.limit} capital "
                       f"limit of {pounds(c.amount)}" + (", so the council pays part." if c.limit == "upper" else
                                                          ", so none of it is counted."))
    if reached is not None:
        reasons.append(f"Their care account reaches the {pounds(cap or 0)} cap in week {reached}; after that they pay "
                       + (f"only daily living costs of up to {pounds(dlc)} a week." if dlc else "nothing towards their care."))
    return YearOfCare(tuple(payments), f.capital, capital, tuple(crossings), meter, reached, tuple(reasons))


def outcome_for(policy: FundingPolicy, person: SimPerson, *, rates: ChargingRates, weeks: int = 52) -> PersonOutcome:
    cost = person.finances.weekly_care_cost * weeks
    band, need = age_band(person.age), _need(person.groups)
    free = _free_because(policy, person)
    if free:
        return PersonOutcome(person.key, band, need, cost, 0, cost, free)
    year = year_of_care(policy, person, rates=rates, weeks=weeks)
    pays = sum(year.payments)
    reason = " ".join((f"Over {weeks} weeks the means test asks {pounds(pays)}.", *year.reasons))
    return PersonOutcome(person.key, band, need, cost, pays, cost - pays, reason, year.crossings, year.cap_reached_week)


def _add_up(policy: FundingPolicy, weeks: int, outcomes: Sequence[PersonOutcome], refused: Sequence[str]) -> Simulation:
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


def simulate(policy: FundingPolicy, people: Sequence[SimPerson], *, rates: ChargingRates, weeks: int = 52) -> Simulation:
    """A year (by default) of care under `policy`, week by week: who pays what, in total, by age and by need.

    People whose finances cannot be assessed (for example, a rate not yet entered) are listed in
    `refused` with the reason, and left out of the totals rather than guessed.
    """
    outcomes: list[PersonOutcome] = []
    refused: list[str] = []
    for person in people:
        try:
            outcomes.append(outcome_for(policy, person, rates=rates, weeks=weeks))
        except ChargingError as error:
            refused.append(f"{person.key}: {error}")
    return _add_up(policy, weeks, outcomes, refused)


def compare(policies: Sequence[FundingPolicy], people: Sequence[SimPerson], *, rates: ChargingRates,
            weeks: int = 52) -> tuple[list[Simulation], dict[str, str]]:
    """Every policy over the same people: anyone who cannot be worked out under one policy is left out of all of them.

    Returns the simulations (with `refused` empty) and, for each person left out, the reason (their key -> message).
    """
    outcomes: dict[str, list[PersonOutcome]] = {p.name: [] for p in policies}
    left_out: dict[str, str] = {}
    for person in people:
        mine: list[tuple[str, PersonOutcome]] = []
        try:
            for policy in policies:
                mine.append((policy.name, outcome_for(policy, person, rates=rates, weeks=weeks)))
        except ChargingError as error:
            left_out[person.key] = str(error)
            continue
        for name, outcome in mine:
            outcomes[name].append(outcome)
    return [_add_up(p, weeks, outcomes[p.name], ()) for p in policies], left_out


def refusals_by_reason(messages: Iterable[str]) -> dict[str, int]:
    """'N people could not be counted because…': refusals grouped by their message, the person's key taken off."""
    counts: dict[str, int] = defaultdict(int)
    for message in messages:
        counts[message.split(": ", 1)[-1]] += 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


# --- The people Care Commons does not hold: the council's estimates ---------------------------------------------------

AGE_GROUPS = {
    "working_age": ("18 to 64", 40, "single_25_to_pension_age"),
    "pension_age": ("65 and over", 80, "single_pension_age"),
}  # words, a typical age standing for the group (it only places the group in or out of working age), MIG category
ESTIMATE_KINDS = {
    "self_funder": "people who pay for their own care (self-funders)",
    "council_supported": "people the council supports who are not recorded in Care Commons",
}
SETTINGS = {"care_home": "in care homes", "home": "at home"}


@dataclass(frozen=True)
class EstimatedGroup:
    """A number of people the council estimates, alike enough to be worked out as one typical person, with the source."""

    kind: str  # ESTIMATE_KINDS
    setting: str  # "care_home" or "home"
    age_group: str  # AGE_GROUPS
    people: int
    weekly_fee: int  # pence a week
    capital: int  # typical capital, pence
    weekly_income: int  # typical income, pence a week
    source: str
    as_of: str = ""  # the date of the estimate, as the council gives it

    @property
    def label(self) -> str:
        return f"{ESTIMATE_KINDS[self.kind]} {SETTINGS[self.setting]}, {AGE_GROUPS[self.age_group][0]}"

    def typical(self) -> SimPerson:
        words, age, mig = AGE_GROUPS[self.age_group]
        finances = Finances(setting=self.setting, capital=self.capital, weekly_income=self.weekly_income,
                            weekly_care_cost=self.weekly_fee, mig_category=mig if self.setting == "home" else "")
        return SimPerson(f"{self.kind}-{self.setting}-{self.age_group}", age, finances)


@dataclass(frozen=True)
class GroupOutcome:
    group: EstimatedGroup
    yearly_cost: int  # for the whole group
    person_pays: int
    council_pays: int
    reason: str
    crossings: tuple[Crossing, ...] = ()


@dataclass(frozen=True)
class Estimate:
    """A policy over the council's estimated groups: kept apart from the people counted one by one."""

    policy: FundingPolicy
    groups: tuple[GroupOutcome, ...]
    council_total: int
    people_total: int
    refused: tuple[tuple[EstimatedGroup, str], ...] = ()

    @property
    def people(self) -> int:
        return sum(g.group.people for g in self.groups)


def estimate(policy: FundingPolicy, groups: Sequence[EstimatedGroup], *, rates: ChargingRates, weeks: int = 52) -> Estimate:
    """Each group worked out as its typical person, then multiplied by the number of people in it.

    A group whose typical person cannot be worked out (a rate not entered) is refused with the reason, never guessed.
    """
    outcomes: list[GroupOutcome] = []
    refused: list[tuple[EstimatedGroup, str]] = []
    for group in groups:
        if group.people <= 0:
            continue
        try:
            o = outcome_for(policy, group.typical(), rates=rates, weeks=weeks)
        except ChargingError as error:
            refused.append((group, str(error)))
            continue
        n = group.people
        outcomes.append(GroupOutcome(group, o.yearly_cost * n, o.person_pays * n, o.council_pays * n,
                                     f"For each of the {n}: {o.reason}", o.crossings))
    return Estimate(policy, tuple(outcomes), sum(g.council_pays for g in outcomes), sum(g.person_pays for g in outcomes),
                    tuple(refused))


def fee_from_market(fees: Sequence[int]) -> int | None:
    """The median of the weekly fees (or hourly rates) the care market publishes, or None when none are published."""
    ordered = sorted(x for x in fees if x > 0)
    if not ordered:
        return None
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid] + 1) // 2
