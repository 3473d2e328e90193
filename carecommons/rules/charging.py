"""The financial assessment for care and support: SI 2014/2672 (Charging and Assessment of Resources).

Rates change every April and arrive as a dated `ChargingRates`. Every decision carries its
reasons. Figures that have not been checked against the yearly circular are None, and a decision
that would need one is refused with a plain message rather than guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from carecommons.rules.dated import in_force
from carecommons.rules.money import pounds as _money

WEEKS_OF_PROPERTY_DISREGARD = 12
# Regs 3 and 4: what a council must not charge for. Some are free only within a limit.
FREE_SERVICES = {
    "community_equipment": "Community equipment (aids to daily living) is free (reg 3(3)(b)).",
    "minor_adaptation": "A minor adaptation costing £1,000 or less is free (reg 3(3)(b)).",
    "reablement": "Reablement is free for the first 6 weeks (reg 3(3)(a)).",
    "intermediate_care": "Intermediate care is free for the first 6 weeks (reg 3(3)(a)).",
    "cjd": "Care and support for a person with Creutzfeldt-Jakob disease is free (reg 4(1)(a)).",
    "s117_after_care": "After-care under section 117 of the Mental Health Act 1983 is free (Care Act s14(6); reg 4).",
}
MINOR_ADAPTATION_LIMIT = 100_000  # pence: £1,000
FREE_WEEKS = 6  # reablement and intermediate care
MIG_CATEGORIES = {
    "single_18_24": "a single person aged 18 to 24",
    "single_25_to_pension_age": "a single person aged 25 or over and under pension credit age",
    "single_pension_age": "a single person at or over pension credit age",
    "couple_both_under_pension_age": "a member of a couple, both under pension credit age",
    "couple_one_over_pension_age": "a member of a couple, one at or over pension credit age",
    "couple_both_over_pension_age": "a member of a couple, both at or over pension credit age",
}
PREMIUMS = {
    "disability": "the disability premium",
    "enhanced_disability": "the enhanced disability premium",
    "carer": "the carer premium",
}
# A member of a couple has their own amounts of these premiums (reg 7(6)), entered as rates of their own: a couple is
# never given the single person's figure. The carer premium is the same amount for anyone who cares.
COUPLE_PREMIUMS = {
    "disability_couple": "the disability premium for a member of a couple",
    "enhanced_disability_couple": "the enhanced disability premium for a member of a couple",
}
RATE_PREMIUMS = {**PREMIUMS, **COUPLE_PREMIUMS}  # every premium figure a year's rates can hold
# Schedule 2 para 4: the former home is disregarded while one of these lives there as their home.
PROPERTY_DISREGARDED_WHEN = {
    "partner": "their partner",
    "lone_parent_estranged_partner": "their estranged or divorced partner, who is a lone parent",
    "relative_60_plus": "a relative aged 60 or over",
    "relative_incapacitated": "a relative who is incapacitated",
    "child_under_18": "their own child under 18",
}
NOT_QUALIFYING = {
    "estranged_partner": "An estranged or divorced partner (who is not a lone parent) living there does not stop the "
                         "home being counted (Schedule 2 para 4).",
}
COUNCIL_DISCRETION = ("the DHSC local authority circular 'Social care: charging for care and support' (annex, capital "
                      "limits: for care other than as a permanent care-home resident a council may set higher limits); "
                      "Care Act 2014 s14 and reg 7 (the MIG is the least a person keeps, so a council may let them keep more)")
SALE_COSTS_PERCENT = 10  # reg 20 (calculation of capital in the UK): valued less 10% for the costs of selling


@dataclass(frozen=True)
class ChargingRates:
    """One financial year's figures, each with where it comes from. A figure not yet entered is None."""

    year: str
    starts: dt.date
    ends: dt.date  # the last day these rates cover (31 March)
    upper_capital_limit: int
    lower_capital_limit: int
    tariff_step: int  # £1 a week of tariff income for each step, or part, between the limits
    personal_expenses_allowance: int
    minimum_income_guarantee: Mapping[str, int | None]
    premiums: Mapping[str, int | None]
    source: str
    dependent_child: int | None = None  # added to the MIG for each dependent child
    unverified: tuple[str, ...] = field(default_factory=tuple)
    # The council's own more generous figures, where the law lets it set them (COUNCIL_DISCRETION): capital limits for
    # care other than as a permanent care-home resident, and a higher MIG. Each keyed figure has its decision in
    # `council_sources` ("upper_capital_limit", "lower_capital_limit", "mig:<category>").
    council_upper_capital_limit: int | None = None
    council_lower_capital_limit: int | None = None
    council_minimum_income_guarantee: Mapping[str, int] = field(default_factory=dict)
    council_sources: Mapping[str, str] = field(default_factory=dict)
    # Schedule 1: in a care home, this much of savings credit a week is not counted (single person; member of a
    # couple). None until entered with its source: an assessment that needs it is refused.
    savings_credit_disregard: int | None = None
    savings_credit_disregard_couple: int | None = None


@dataclass(frozen=True)
class Finances:
    setting: str  # "home" or "care_home"
    capital: int
    weekly_income: int
    weekly_care_cost: int
    mig_category: str = ""
    premiums: tuple[str, ...] = ()
    disability_related_expenditure: int = 0
    property_value: int = 0
    property_occupied_by: str = ""
    weeks_in_care_home: int = 0  # weeks since entering permanent care
    resident: str = "permanent"  # in a care home: "permanent" or "temporary" (Schedule 2 para 1)
    property_secured_debt: int = 0  # debts secured on the former home (mortgage, secured loans)
    weeks_since_occupant_left: int | None = None  # a qualifying occupant left unexpectedly: the 12 weeks start again
    discretionary_disregard: str = ""  # the council's reason for disregarding the home anyway (Schedule 2 para 18)
    free_service: str = ""
    dependent_children: int = 0
    housing_costs: int = 0  # at home: allowed housing costs a week
    adaptation_cost: int = 0  # with free_service "minor_adaptation"
    week_of_service: int = 0  # with free_service "reablement" or "intermediate_care": 1 for the first week


@dataclass(frozen=True)
class ChargeDecision:
    weekly_charge: int
    tariff_income: int
    self_funder: bool
    reasons: tuple[str, ...]


class ChargingError(ValueError):
    """Facts that cannot be assessed, or a rate that is not verified; the message says which, and `field` where."""

    def __init__(self, message: str, field: str = "body") -> None:
        super().__init__(message)
        self.field = field


def financial_year(day: dt.date) -> str:
    """'2026-27' for any day from 1 April 2026 to 31 March 2027."""
    first = day.year if day >= dt.date(day.year, 4, 1) else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def rates_on(table: Sequence[ChargingRates], day: dt.date) -> ChargingRates:
    """The rates covering `day`. A day no row covers is refused with the year named, never given last year's."""
    current = in_force(table, day)
    if current is None or day > current.ends:
        raise ChargingError(f"The charging rates for {financial_year(day)} have not been entered in Care Commons, so a "
                            f"charge for {day:%-d %B %Y} cannot be worked out. An administrator adds them with their "
                            "source.", "as_of")
    return current


@dataclass(frozen=True)
class CapitalLimits:
    """The capital limits that apply to one person, and how the reasons name them."""

    upper: int
    lower: int
    upper_words: str  # "the upper limit of £23,250" or "the council's own higher limit of £30,000 (its decision)"
    lower_words: str


def council_figure_problems(rates: ChargingRates) -> dict[str, str]:
    """Each council's own figure that the law does not allow, keyed as in `council_sources`, with a plain message.

    A council may only be more generous than the national figure: a higher capital limit for care other than
    as a permanent care-home resident, a higher Minimum Income Guarantee (COUNCIL_DISCRETION). Each needs its source.
    """
    problems: dict[str, str] = {}
    for key, own, national, what in (
        ("upper_capital_limit", rates.council_upper_capital_limit, rates.upper_capital_limit, "upper capital limit"),
        ("lower_capital_limit", rates.council_lower_capital_limit, rates.lower_capital_limit, "lower capital limit"),
    ):
        if own is not None and own <= national:
            problems[key] = (f"The council's own {what} of {_money(own)} is not higher than the national {what} of "
                             f"{_money(national)} for {rates.year}. A council may only set a more generous figure.")
    upper = rates.council_upper_capital_limit or rates.upper_capital_limit
    lower = rates.council_lower_capital_limit or rates.lower_capital_limit
    if "lower_capital_limit" not in problems and "upper_capital_limit" not in problems and lower >= upper:
        problems["lower_capital_limit"] = (f"The council's own lower capital limit of {_money(lower)} must be below the upper "
                                           f"capital limit of {_money(upper)}.")
    for category, own_mig in rates.council_minimum_income_guarantee.items():
        key = f"mig:{category}"
        if category not in MIG_CATEGORIES:
            problems[key] = f"Unknown Minimum Income Guarantee category '{category}'."
            continue
        national_mig = rates.minimum_income_guarantee.get(category)
        if national_mig is None:
            problems[key] = (f"The national Minimum Income Guarantee for {MIG_CATEGORIES[category]} in {rates.year} has not "
                             "been entered, so the council's own figure cannot be checked against it.")
        elif own_mig <= national_mig:
            problems[key] = (f"The council's own Minimum Income Guarantee for {MIG_CATEGORIES[category]} of "
                             f"{_money(own_mig)} is not higher than the national figure of {_money(national_mig)} for "
                             f"{rates.year}. A council may only set a more generous figure.")
    owns = {"upper_capital_limit": rates.council_upper_capital_limit, "lower_capital_limit": rates.council_lower_capital_limit,
            **{f"mig:{c}": a for c, a in rates.council_minimum_income_guarantee.items()}}
    for key, amount in owns.items():
        if amount is not None and key not in problems and not rates.council_sources.get(key, "").strip():
            problems[key] = "Each of the council's own figures needs the council's decision as its source."
    return problems


def _council_figure(rates: ChargingRates, key: str) -> str:
    """The council's source for its own figure `key`, or a ChargingError when the figure is not allowed."""
    problem = council_figure_problems(rates).get(key)
    if problem:
        raise ChargingError(f"Not worked out: {problem}", "as_of")
    return rates.council_sources[key]


def capital_limits(f: Finances, rates: ChargingRates) -> CapitalLimits:
    """The limits for this person: the council's own higher ones (when it has set them) for care other than as a
    permanent care-home resident (COUNCIL_DISCRETION), otherwise the national ones (regs 12 and 25)."""
    upper, lower = rates.upper_capital_limit, rates.lower_capital_limit
    upper_words, lower_words = f"the upper limit of {_money(upper)}", f"the lower limit of {_money(lower)}"
    outside_care_home = f.setting == "home" or f.resident == "temporary"
    if outside_care_home and rates.council_upper_capital_limit is not None:
        source = _council_figure(rates, "upper_capital_limit")
        upper = rates.council_upper_capital_limit
        upper_words = f"the council's own higher limit of {_money(upper)} ({source})"
    if outside_care_home and rates.council_lower_capital_limit is not None:
        source = _council_figure(rates, "lower_capital_limit")
        lower = rates.council_lower_capital_limit
        lower_words = f"the council's own higher limit of {_money(lower)} ({source})"
    if lower >= upper:
        raise ChargingError(f"Not worked out: the lower capital limit of {_money(lower)} is not below the upper capital "
                            f"limit of {_money(upper)} in {rates.year}.", "as_of")
    return CapitalLimits(upper, lower, upper_words, lower_words)


def tariff_income(capital: int, rates: ChargingRates, limits: CapitalLimits | None = None) -> int:
    """£1 a week for every £250, or part of £250, above the lower limit (up to the upper limit).

    `limits` are the person's own (`capital_limits`); without them, the national limits.
    """
    upper = limits.upper if limits else rates.upper_capital_limit
    lower = limits.lower if limits else rates.lower_capital_limit
    above = min(capital, upper) - lower
    if above <= 0:
        return 0
    steps = -(-above // rates.tariff_step)  # round up: part of a step counts
    return steps * 100


def _not_entered(what: str, rates: ChargingRates, field: str) -> ChargingError:
    return ChargingError(f"Not worked out: the rate for {what} in {rates.year} has not been entered.", field)


def _free(f: Finances) -> str | None:
    """Why this service is free (regs 3 and 4), or None when it is charged for."""
    if not f.free_service:
        return None
    if f.free_service not in FREE_SERVICES:
        raise ChargingError(f"Unknown free service '{f.free_service}'.", "free_service")
    if f.free_service == "minor_adaptation" and f.adaptation_cost > MINOR_ADAPTATION_LIMIT:
        return None
    if f.free_service in ("reablement", "intermediate_care"):
        if f.week_of_service < 1:
            raise ChargingError("Give the week of the service (1 for the first week).", "week_of_service")
        if f.week_of_service > FREE_WEEKS:
            return None
    return FREE_SERVICES[f.free_service]


def minimum_income_guarantee(f: Finances, rates: ChargingRates) -> tuple[int, list[str]]:
    """Reg 7: the MIG for the person's category, with each premium and dependent child, and the reasons."""
    if f.mig_category not in MIG_CATEGORIES:
        raise ChargingError(f"Unknown Minimum Income Guarantee category '{f.mig_category}'. Choose one of: "
                            + ", ".join(MIG_CATEGORIES) + ".", "mig_category")
    base = rates.minimum_income_guarantee.get(f.mig_category)
    if base is None:
        raise _not_entered(f"the Minimum Income Guarantee for {MIG_CATEGORIES[f.mig_category]}", rates, "mig_category")
    parts = [f"{_money(base)} for {MIG_CATEGORIES[f.mig_category]}"]
    own = rates.council_minimum_income_guarantee.get(f.mig_category)
    if own is not None:
        source = _council_figure(rates, f"mig:{f.mig_category}")
        parts = [f"{_money(own)} for {MIG_CATEGORIES[f.mig_category]}, the council's own higher figure ({source}; the "
                 f"national figure is {_money(base)})"]
        base = own
    total = base
    if len(set(f.premiums)) != len(f.premiums):
        raise ChargingError("A premium can be counted only once.", "premiums")
    for premium in f.premiums:
        if premium not in PREMIUMS:
            raise ChargingError(f"Unknown premium '{premium}'. Choose from: " + ", ".join(PREMIUMS) + ".", "premiums")
        key = f"{premium}_couple" if f.mig_category.startswith("couple_") and f"{premium}_couple" in COUPLE_PREMIUMS else premium
        amount = rates.premiums.get(key)
        if amount is None:
            raise _not_entered(RATE_PREMIUMS[key], rates, "premiums")
        total += amount
        parts.append(f"{_money(amount)} for {RATE_PREMIUMS[key]}")
    if f.dependent_children:
        if rates.dependent_child is None:
            raise _not_entered("each dependent child", rates, "dependent_children")
        total += f.dependent_children * rates.dependent_child
        parts.append(f"{_money(f.dependent_children * rates.dependent_child)} for {f.dependent_children} dependent "
                     f"child{'ren' if f.dependent_children > 1 else ''}")
    return total, parts


def _former_home(f: Finances, reasons: list[str]) -> int:
    """How much of the person's home counts as capital (Schedule 2), with the reasons; 0 when it is disregarded."""
    if not f.property_value:
        return 0
    if f.setting == "home":
        reasons.append("The home the person lives in is not counted.")
        return 0
    if f.resident not in ("permanent", "temporary"):
        raise ChargingError("The resident must be 'permanent' or 'temporary'.", "resident")
    if f.resident == "temporary":
        reasons.append("They are in the care home for a temporary stay, so their home is not counted (Schedule 2 para 1).")
        return 0
    if f.property_occupied_by in PROPERTY_DISREGARDED_WHEN:
        reasons.append(f"Their former home is not counted, because {PROPERTY_DISREGARDED_WHEN[f.property_occupied_by]} "
                       "still lives there (Schedule 2 para 4).")
        return 0
    if f.property_occupied_by and f.property_occupied_by not in NOT_QUALIFYING:
        raise ChargingError(f"Unknown occupier '{f.property_occupied_by}'.", "property_occupied_by")
    if f.property_occupied_by:
        reasons.append(NOT_QUALIFYING[f.property_occupied_by])
    if f.discretionary_disregard.strip():
        reasons.append(f"The council has decided not to count their former home: {f.discretionary_disregard.strip()} "
                       "(Schedule 2 para 18).")
        return 0
    if f.weeks_since_occupant_left is not None and f.weeks_since_occupant_left < WEEKS_OF_PROPERTY_DISREGARD:
        reasons.append(f"The person who lived there left unexpectedly, so the home is not counted for "
                       f"{WEEKS_OF_PROPERTY_DISREGARD} weeks from then (this is week {f.weeks_since_occupant_left + 1}; "
                       "Schedule 2 para 2).")
        return 0
    if f.weeks_in_care_home < WEEKS_OF_PROPERTY_DISREGARD:
        reasons.append(f"Their former home is not counted for the first {WEEKS_OF_PROPERTY_DISREGARD} weeks of permanent "
                       f"care (this is week {f.weeks_in_care_home + 1}; Schedule 2 para 2).")
        return 0
    sale_costs = f.property_value * SALE_COSTS_PERCENT // 100
    counted = max(f.property_value - sale_costs - f.property_secured_debt, 0)
    reasons.append(f"Their former home counts as capital: worth {_money(f.property_value)}, less {SALE_COSTS_PERCENT}% for the "
                   f"costs of selling ({_money(sale_costs)})"
                   + (f" and debts secured on it ({_money(f.property_secured_debt)})" if f.property_secured_debt else "")
                   + f", {_money(counted)}. A deferred payment agreement can mean not selling it now.")
    return counted


def assess_charge(finances: Finances, *, rates: ChargingRates) -> ChargeDecision:
    """The weekly charge (SI 2014/2672), never below zero, never more than the cost of care, with the reasons.

    At home: (assessed income + tariff income) − Minimum Income Guarantee − allowed disability-related
    expenditure − allowed housing costs (reg 7). In a care home: (assessed income + tariff income) −
    Personal Expenses Allowance (reg 6). Tariff income (reg 25) is income, so it goes in before the floor.
    """
    f = finances
    if f.setting not in ("home", "care_home"):
        raise ChargingError("The setting must be 'home' or 'care_home'.", "setting")
    amounts = (f.capital, f.weekly_income, f.weekly_care_cost, f.disability_related_expenditure, f.property_value,
               f.weeks_in_care_home, f.dependent_children, f.housing_costs, f.adaptation_cost, f.week_of_service,
               f.property_secured_debt, f.weeks_since_occupant_left or 0)
    if min(amounts) < 0:
        raise ChargingError("Amounts and weeks cannot be negative.")
    reasons: list[str] = [f"Assessed with the {rates.year} rates ({rates.source})."]
    free = _free(f)
    if free:
        return ChargeDecision(0, 0, False, (*reasons, free, "There is nothing to pay."))
    if f.free_service == "minor_adaptation":
        reasons.append(f"The adaptation costs {_money(f.adaptation_cost)}, more than £1,000, so it can be charged for.")
    elif f.free_service in ("reablement", "intermediate_care"):
        reasons.append(f"This is week {f.week_of_service}: the first {FREE_WEEKS} weeks are free, later weeks can be "
                       "charged for.")

    capital = f.capital + _former_home(f, reasons)
    limits = capital_limits(f, rates)
    if capital > limits.upper:
        reasons.append(f"Capital of {_money(capital)} is above {limits.upper_words}, "
                       "so the person pays the full cost of their care.")
        return ChargeDecision(f.weekly_care_cost, 0, True, tuple(reasons))

    tariff = tariff_income(capital, rates, limits)
    if tariff:
        reasons.append(f"Capital of {_money(capital)} is between the limits ({limits.lower_words} and "
                       f"{limits.upper_words}): tariff income of {_money(tariff)} a week, £1 for every £250 "
                       "or part of £250 (reg 25). It counts as income.")
    else:
        reasons.append(f"Capital of {_money(capital)} is at or below {limits.lower_words}, so it is ignored.")
    assessed = f.weekly_income + tariff

    if f.setting == "home":
        protected, parts = minimum_income_guarantee(f, rates)
        allowed = [f"the Minimum Income Guarantee of {_money(protected)} ({'; '.join(parts)}; reg 7)"]
        if f.disability_related_expenditure:
            allowed.append(f"disability-related spending of {_money(f.disability_related_expenditure)}")
        if f.housing_costs:
            allowed.append(f"housing costs of {_money(f.housing_costs)}")
        left = max(assessed - protected - f.disability_related_expenditure - f.housing_costs, 0)
        reasons.append(f"Income of {_money(assessed)} a week (including tariff income), less " + ", ".join(allowed)
                       + f", leaves {_money(left)} that can be charged.")
    else:
        left = max(assessed - rates.personal_expenses_allowance, 0)
        reasons.append(f"Income of {_money(assessed)} a week (including tariff income), less the Personal Expenses "
                       f"Allowance of {_money(rates.personal_expenses_allowance)} (reg 6), leaves {_money(left)} that can be "
                       "charged.")
    charge = left
    if charge > f.weekly_care_cost:
        reasons.append(f"The charge is capped at the cost of care, {_money(f.weekly_care_cost)} a week.")
        charge = f.weekly_care_cost
    reasons.append(f"The weekly charge is {_money(charge)}.")
    return ChargeDecision(charge, tariff, False, tuple(reasons))
