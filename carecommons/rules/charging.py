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
FREE_SERVICES = {
    "reablement": "Intermediate care and reablement are free for up to 6 weeks.",
    "community_equipment": "Community equipment is free.",
    "minor_adaptation": "Minor adaptations are free.",
}
PROPERTY_DISREGARDED_WHEN = {
    "partner": "a partner",
    "relative_60_plus": "a relative aged 60 or over",
    "relative_incapacitated": "a relative who is incapacitated",
    "child_under_18": "a child under 18",
}


@dataclass(frozen=True)
class ChargingRates:
    year: str
    starts: dt.date
    upper_capital_limit: int
    lower_capital_limit: int
    tariff_step: int  # £1 a week of tariff income for each step, or part, between the limits
    personal_expenses_allowance: int
    minimum_income_guarantee: Mapping[str, int | None]
    premiums: Mapping[str, int | None]
    source: str
    unverified: tuple[str, ...] = field(default_factory=tuple)


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
    weeks_in_care_home: int = 0
    free_service: str = ""


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


def rates_on(table: Sequence[ChargingRates], day: dt.date) -> ChargingRates:
    current = in_force(table, day)
    if current is None:
        raise ChargingError(f"There are no charging rates for {day:%-d %B %Y} in Care Commons yet.", "as_of")
    return current


def tariff_income(capital: int, rates: ChargingRates) -> int:
    """£1 a week for every £250, or part of £250, above the lower limit (up to the upper limit)."""
    above = min(capital, rates.upper_capital_limit) - rates.lower_capital_limit
    if above <= 0:
        return 0
    steps = -(-above // rates.tariff_step)  # round up: part of a step counts
    return steps * 100


def assess_charge(finances: Finances, *, rates: ChargingRates) -> ChargeDecision:
    """The weekly charge, never more than the cost of care, with the reasons."""
    f = finances
    if f.setting not in ("home", "care_home"):
        raise ChargingError("The setting must be 'home' or 'care_home'.", "setting")
    if min(f.capital, f.weekly_income, f.weekly_care_cost, f.disability_related_expenditure, f.property_value, f.weeks_in_care_home) < 0:
        raise ChargingError("Amounts and weeks cannot be negative.")
    reasons: list[str] = [f"Assessed with the {rates.year} rates ({rates.source})."]
    if f.free_service:
        if f.free_service not in FREE_SERVICES:
            raise ChargingError(f"Unknown free service '{f.free_service}'.", "free_service")
        return ChargeDecision(0, 0, False, (*reasons, FREE_SERVICES[f.free_service], "There is nothing to pay."))

    capital = f.capital
    if f.property_value:
        if f.setting == "home":
            reasons.append("The home the person lives in is not counted.")
        elif f.property_occupied_by:
            who = PROPERTY_DISREGARDED_WHEN.get(f.property_occupied_by)
            if who is None:
                raise ChargingError(f"Unknown occupier '{f.property_occupied_by}'.", "property_occupied_by")
            reasons.append(f"Their former home is not counted, because {who} still lives there.")
        elif f.weeks_in_care_home < WEEKS_OF_PROPERTY_DISREGARD:
            reasons.append(f"Their former home is not counted for the first {WEEKS_OF_PROPERTY_DISREGARD} weeks of "
                           f"permanent care (this is week {f.weeks_in_care_home + 1}).")
        else:
            capital += f.property_value
            reasons.append(f"After {WEEKS_OF_PROPERTY_DISREGARD} weeks in permanent care their former home, worth "
                           f"{_money(f.property_value)}, counts as capital. A deferred payment agreement can mean not selling it now.")

    if capital > rates.upper_capital_limit:
        reasons.append(f"Capital of {_money(capital)} is above the upper limit of {_money(rates.upper_capital_limit)}, "
                       "so the person pays the full cost of their care.")
        return ChargeDecision(f.weekly_care_cost, 0, True, tuple(reasons))

    tariff = tariff_income(capital, rates)
    if tariff:
        reasons.append(f"Capital of {_money(capital)} is between the limits ({_money(rates.lower_capital_limit)} and "
                       f"{_money(rates.upper_capital_limit)}): tariff income of {_money(tariff)} a week, £1 for every £250 or part of £250.")
    else:
        reasons.append(f"Capital of {_money(capital)} is at or below the lower limit of {_money(rates.lower_capital_limit)}, so it is ignored.")

    if f.setting == "home":
        mig = rates.minimum_income_guarantee.get(f.mig_category, "missing")
        if mig == "missing":
            raise ChargingError(f"Unknown Minimum Income Guarantee category '{f.mig_category}'.", "mig_category")
        if mig is None:
            raise ChargingError(f"The {rates.year} Minimum Income Guarantee for '{f.mig_category}' is not verified in Care Commons yet.", "mig_category")
        protected = int(mig)
        for premium in f.premiums:
            amount = rates.premiums.get(premium, "missing")
            if amount == "missing":
                raise ChargingError(f"Unknown premium '{premium}'.", "premiums")
            if amount is None:
                raise ChargingError(f"The {rates.year} {premium.replace('_', ' ')} premium is not verified in Care Commons yet.", "premiums")
            protected += int(amount)
        left = max(f.weekly_income - protected - f.disability_related_expenditure, 0)
        reasons.append(f"Income of {_money(f.weekly_income)} a week, less the Minimum Income Guarantee of {_money(protected)}"
                       + (f" and disability-related spending of {_money(f.disability_related_expenditure)}" if f.disability_related_expenditure else "")
                       + f", leaves {_money(left)} that can be charged.")
    else:
        left = max(f.weekly_income - rates.personal_expenses_allowance, 0)
        reasons.append(f"Income of {_money(f.weekly_income)} a week, less the Personal Expenses Allowance of "
                       f"{_money(rates.personal_expenses_allowance)}, leaves {_money(left)} that can be charged.")
    charge = left + tariff
    if charge > f.weekly_care_cost:
        reasons.append(f"The charge is capped at the cost of care, {_money(f.weekly_care_cost)} a week.")
        charge = f.weekly_care_cost
    reasons.append(f"The weekly charge is {_money(charge)}.")
    return ChargeDecision(charge, tariff, False, tuple(reasons))
