"""Charging rates as separate figures, each with its own source: what an administrator enters for a year.

A year's `ChargingRates` is built from the figures that apply to it. The national figures come from
SI 2014/2672 and its amending regulations or the DHSC charging circular; a council's own figures
(`council:` keys) come from the council's decision, where the law lets it be more generous
(`charging.COUNCIL_DISCRETION`). A figure not entered stays None: never another year's, never £0.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from carecommons.rules.charging import MIG_CATEGORIES, RATE_PREMIUMS, ChargingRates, council_figure_problems

COUNCIL = "council:"
# The figures a year's rates cannot apply without (regs 6, 12 and 25): every charge needs them.
CORE = ("upper_capital_limit", "lower_capital_limit", "tariff_step", "personal_expenses_allowance")
NATIONAL: Mapping[str, str] = {
    "upper_capital_limit": "Upper capital limit",
    "lower_capital_limit": "Lower capital limit",
    "tariff_step": "Tariff income step (£1 a week for each step of capital)",
    "personal_expenses_allowance": "Personal Expenses Allowance (care homes)",
    **{f"mig:{key}": f"Minimum Income Guarantee: {words}" for key, words in MIG_CATEGORIES.items()},
    **{f"premium:{key}": f"Premium: {words.removeprefix('the ')}" for key, words in RATE_PREMIUMS.items()},
    "dependent_child": "Minimum Income Guarantee: each dependent child",
}
OWN: Mapping[str, str] = {
    f"{COUNCIL}upper_capital_limit": "Council's own upper capital limit (care outside a care home)",
    f"{COUNCIL}lower_capital_limit": "Council's own lower capital limit (care outside a care home)",
    **{f"{COUNCIL}mig:{key}": f"Council's own Minimum Income Guarantee: {words}" for key, words in MIG_CATEGORIES.items()},
}
FIGURES: Mapping[str, str] = {**NATIONAL, **OWN}
YEAR = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Figure:
    amount: int  # pence
    source: str


@dataclass(frozen=True)
class Change:
    """One figure beside last year's, for the check before figures apply."""

    figure: str
    label: str
    amount: int
    source: str
    last_year: int | None
    change: int | None  # amount - last_year, when last year's was entered

    @property
    def lower(self) -> bool:
        return self.change is not None and self.change < 0


def words(key: str) -> str:
    """A figure's label to use inside a sentence: 'the upper capital limit', 'the Minimum Income Guarantee: ...'."""
    label = FIGURES[key]
    keep = label.startswith(("Minimum Income Guarantee", "Personal Expenses Allowance", "Council's"))
    return "the " + (label if keep else label[0].lower() + label[1:])


def year_dates(label: str) -> tuple[dt.date, dt.date] | None:
    """'2026-27' -> (1 April 2026, 31 March 2027); None when the label is not a financial year."""
    match = YEAR.match(label.strip())
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if (first + 1) % 100 != second or not 2000 <= first <= 2099:
        return None
    return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)


def previous_year(label: str) -> str:
    first = int(label[:4]) - 1
    return f"{first}-{(first + 1) % 100:02d}"


def rates_from_figures(year: str, figures: Mapping[str, Figure]) -> ChargingRates | None:
    """The year's `ChargingRates` from its figures; None when a core figure is missing (the year cannot apply).

    Figures not entered are None in the result (a charge needing one is refused by `rules.charging`).
    """
    dates = year_dates(year)
    if dates is None or any(key not in figures for key in CORE):
        return None
    sources: list[str] = []
    for key in NATIONAL:
        if key in figures and figures[key].source not in sources:
            sources.append(figures[key].source)

    def amount(key: str) -> int | None:
        return figures[key].amount if key in figures else None

    return ChargingRates(
        year=year, starts=dates[0], ends=dates[1],
        upper_capital_limit=figures["upper_capital_limit"].amount,
        lower_capital_limit=figures["lower_capital_limit"].amount,
        tariff_step=figures["tariff_step"].amount,
        personal_expenses_allowance=figures["personal_expenses_allowance"].amount,
        minimum_income_guarantee={key: amount(f"mig:{key}") for key in MIG_CATEGORIES},
        premiums={key: amount(f"premium:{key}") for key in RATE_PREMIUMS},
        dependent_child=amount("dependent_child"),
        source="; ".join(sources),
        unverified=tuple(label for key, label in NATIONAL.items() if key not in figures),
        council_upper_capital_limit=amount(f"{COUNCIL}upper_capital_limit"),
        council_lower_capital_limit=amount(f"{COUNCIL}lower_capital_limit"),
        council_minimum_income_guarantee={key: figures[f"{COUNCIL}mig:{key}"].amount for key in MIG_CATEGORIES
                                          if f"{COUNCIL}mig:{key}" in figures},
        council_sources={key.removeprefix(COUNCIL): figures[key].source for key in OWN if key in figures},
    )


def figure_problems(year: str, figures: Mapping[str, Figure], *, new_year: bool) -> dict[str, str]:
    """What is wrong with a year's figures as they would stand, keyed by figure, each a plain message.

    `figures` are the year's figures once these apply (those already applied, with the new ones over them).
    A new year needs the core figures; every figure needs a source and must be more than £0; the lower
    capital limit must be below the upper; a council's own figure must be more generous than the national one.
    """
    problems: dict[str, str] = {}
    for key, figure in figures.items():
        if key not in FIGURES:
            problems[key] = f"Unknown figure '{key}'."
        elif figure.amount <= 0:
            problems[key] = f"T{words(key)[1:]} must be more than £0."
        elif not figure.source.strip():
            problems[key] = f"Give the source of {words(key)}: the regulation, circular or council decision."
    if new_year:
        for key in CORE:
            if key not in figures:
                problems[key] = (f"Enter {words(key)} with its source: a year's charging rates cannot "
                                 "apply without it.")
    upper, lower = figures.get("upper_capital_limit"), figures.get("lower_capital_limit")
    if upper and lower and lower.amount >= upper.amount and "lower_capital_limit" not in problems:
        problems["lower_capital_limit"] = "The lower capital limit must be below the upper capital limit."
    rates = rates_from_figures(year, figures)
    if rates is not None and not problems:
        for key, message in council_figure_problems(rates).items():
            problems.setdefault(f"{COUNCIL}{key}", message)
    return problems


def changes(new: Mapping[str, Figure], last_year: Mapping[str, Figure]) -> tuple[Change, ...]:
    """Each new figure beside last year's and the change, in the order of FIGURES."""
    out = []
    for key, label in FIGURES.items():
        if key in new:
            last = last_year[key].amount if key in last_year else None
            out.append(Change(key, label, new[key].amount, new[key].source, last,
                              None if last is None else new[key].amount - last))
    return tuple(out)


def figures_of(rates: ChargingRates, source_of: Mapping[str, str]) -> dict[str, Figure]:
    """The entered (not None) national figures of `rates`, each with its source from `source_of` (by figure key,
    falling back to the year's source): how the figures in `rules.rates` become rows."""
    amounts: dict[str, int | None] = {
        "upper_capital_limit": rates.upper_capital_limit, "lower_capital_limit": rates.lower_capital_limit,
        "tariff_step": rates.tariff_step, "personal_expenses_allowance": rates.personal_expenses_allowance,
        **{f"mig:{k}": v for k, v in rates.minimum_income_guarantee.items()},
        **{f"premium:{k}": v for k, v in rates.premiums.items()},
        "dependent_child": rates.dependent_child,
    }
    return {key: Figure(amount, source_of.get(key, rates.source)) for key, amount in amounts.items() if amount is not None}
