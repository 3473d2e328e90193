"""The full financial assessment: writing its facts and items, and reading its result through the rules.

The rules (`rules.financial_assessment`, `rules.charging`) decide; this module loads the rows, asks
`charging_rates_on(day)` for the rates, and hands back the lines and the charge, or the plain
"Not worked out: ..." message when a rate has not been entered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from carecommons.budgets.charging_rates import charging_rates_on
from carecommons.budgets.models import CapitalItem, DisabilityExpense, FinancialAssessment, IncomeItem
from carecommons.people.models import Person
from carecommons.rules import deferred_payments
from carecommons.rules import financial_assessment as fa_rules
from carecommons.rules.charging import ChargingError, ChargingRates, Finances, assess_charge
from carecommons.rules.financial_assessment import FinancialAssessment as Resources
from carecommons.rules.financial_assessment import Line
from carecommons.rules.rates import DISPOSABLE_INCOME_ALLOWANCE_MAX

FACT_FIELDS = ("assessed_on", "setting", "weekly_care_cost", "age_band", "partner", "resident", "weeks_in_care_home",
               "property_occupied_by", "weeks_since_occupant_left", "discretionary_disregard", "free_service",
               "adaptation_cost", "week_of_service", "premiums", "dependent_children", "housing_costs", "dre_flat_rate",
               "dre_flat_rate_source")


def facts_of(fa: FinancialAssessment, weekly_care_cost: int | None = None) -> fa_rules.Facts:
    cost = fa.weekly_care_cost if weekly_care_cost is None else weekly_care_cost
    return fa_rules.Facts(
        setting=fa.setting, weekly_care_cost=cost or 0, age_band=fa.age_band or "25_to_pension_age",
        partner=fa.partner or "none", premiums=tuple(fa.premiums or ()), dependent_children=fa.dependent_children,
        housing_costs=fa.housing_costs, resident=fa.resident, property_occupied_by=fa.property_occupied_by,
        weeks_in_care_home=fa.weeks_in_care_home, weeks_since_occupant_left=fa.weeks_since_occupant_left,
        discretionary_disregard=fa.discretionary_disregard, free_service=fa.free_service,
        adaptation_cost=fa.adaptation_cost, week_of_service=fa.week_of_service)


def resources_of(fa: FinancialAssessment, *, rates: ChargingRates, weekly_care_cost: int | None = None) -> Resources:
    """The itemised assessment's lines and `Finances` (raises ChargingError for a figure not entered)."""
    income = [fa_rules.IncomeItem(i.kind, i.weekly, i.whose, i.owners, i.half_to_spouse) for i in fa.income_items.all()]
    capital = [fa_rules.CapitalItem(c.kind, c.value, c.whose, c.owners, c.secured_debt, c.reason)
               for c in fa.capital_items.all()]
    expenses = [fa_rules.Expense(e.what, e.weekly) for e in fa.expenses.all()]
    flat = fa_rules.FlatRate(fa.dre_flat_rate, fa.dre_flat_rate_source) if fa.dre_flat_rate is not None else None
    return fa_rules.assess_resources(facts_of(fa, weekly_care_cost), income, capital, rates=rates, expenses=expenses,
                                     flat_rate=flat)


def legacy_finances(fa: FinancialAssessment, weekly_cost: int) -> Finances:
    """An assessment recorded as two totals (before items were listed), with its facts."""
    return Finances(setting=fa.setting, capital=fa.capital, weekly_income=fa.weekly_income, weekly_care_cost=weekly_cost,
                    mig_category=fa.mig_category, premiums=tuple(fa.premiums),
                    disability_related_expenditure=fa.disability_related_expenditure, resident=fa.resident,
                    weeks_in_care_home=fa.weeks_in_care_home, property_occupied_by=fa.property_occupied_by,
                    weeks_since_occupant_left=fa.weeks_since_occupant_left,
                    discretionary_disregard=fa.discretionary_disregard, free_service=fa.free_service,
                    adaptation_cost=fa.adaptation_cost, week_of_service=fa.week_of_service,
                    dependent_children=fa.dependent_children, housing_costs=fa.housing_costs)


@dataclass(frozen=True)
class Outcome:
    """What the result page shows: the lines, and the charge with its reasons or why it is not worked out."""

    on: dt.date
    lines: tuple[Line, ...]
    weekly_charge: int | None
    tariff_income: int
    self_funder: bool
    reasons: tuple[str, ...]
    not_worked_out: str  # the plain message when a rate or a fact is missing; "" when worked out

    def section(self, name: str) -> list[Line]:
        return [line for line in self.lines if line.section == name]

    @property
    def income(self) -> list[Line]:
        return self.section("income")

    @property
    def capital(self) -> list[Line]:
        return self.section("capital")

    @property
    def expenses(self) -> list[Line]:
        return self.section("expenses")


def outcome_of(fa: FinancialAssessment) -> Outcome:
    """The result on the date the charge is worked out from (the assessment's date)."""
    on = fa.assessed_on
    lines: tuple[Line, ...] = ()
    try:
        rates = charging_rates_on(on)
        if fa.weekly_care_cost is None:
            raise ChargingError("Not worked out: the cost of care a week has not been entered.", "weekly_care_cost")
        if fa.itemised:
            resources = resources_of(fa, rates=rates)
            lines, finances = resources.lines, resources.finances
        else:
            finances = legacy_finances(fa, fa.weekly_care_cost)
        decision = assess_charge(finances, rates=rates)
    except ChargingError as error:
        return Outcome(on, lines, None, 0, False, (), str(error))
    return Outcome(on, lines, decision.weekly_charge, decision.tariff_income, decision.self_funder, decision.reasons, "")


@dataclass(frozen=True)
class DeferredPayment:
    """What a deferred payment agreement would build up, or why it is not worked out."""

    lines: tuple[str, ...]
    not_worked_out: str
    rates_missing: bool = False  # the page then says where the rates are entered


HOME_COUNTS = "Their former home counts as capital"


def deferred_payment_of(fa: FinancialAssessment, outcome: Outcome, *, interest: tuple[int, str] | None = None,
                        cap: deferred_payments.InterestCap | None = None) -> DeferredPayment | None:
    """For a permanent resident whose home counts: the plain statement of a deferred payment agreement (SI 2014/2671).

    `interest` is the council's rate (basis points) with its source and `cap` the maximum for the six months; both
    are entered by an administrator (`deferred_rates.interest_on(fa.assessed_on)` reads them). Until they are, the
    statement says what has not been entered.
    """
    if not fa.itemised or fa.setting != "care_home" or outcome.not_worked_out or fa.weekly_care_cost is None:
        return None
    if not any(reason.startswith(HOME_COUNTS) for reason in outcome.reasons):
        return None
    if interest is None:
        half = "1 January" if fa.assessed_on.month <= 6 else "1 July"
        return DeferredPayment((), "Not worked out: the council's interest rate for deferred payments for the six "
                                   f"months from {half} {fa.assessed_on.year} has not been entered.", rates_missing=True)
    rates = charging_rates_on(fa.assessed_on)
    resources = resources_of(fa, rates=rates)
    try:
        s = deferred_payments.statement(
            on=fa.assessed_on, weekly_fee=fa.weekly_care_cost, weekly_income=resources.finances.weekly_income,
            disposable_income_allowance=DISPOSABLE_INCOME_ALLOWANCE_MAX,
            disposable_income_allowance_max=DISPOSABLE_INCOME_ALLOWANCE_MAX,
            property_value=resources.finances.property_value, secured_debt=resources.finances.property_secured_debt,
            lower_capital_limit=rates.lower_capital_limit, rate=interest[0], rate_source=interest[1], cap=cap)
    except deferred_payments.DeferredPaymentError as error:
        return DeferredPayment((), str(error), rates_missing=error.field == "interest_rate" and cap is None)
    return DeferredPayment(s.lines, "")


# --- Writers -------------------------------------------------------------------------------------

NOTHING = ("nobody", "none")  # the forms' answers for "nobody else lives there" and "none of these"


def _facts(fa: FinancialAssessment, facts: dict[str, Any]) -> None:
    for name in FACT_FIELDS:
        value = facts.get(name)
        if name in ("weeks_in_care_home", "dependent_children", "week_of_service", "adaptation_cost", "housing_costs"):
            value = value or 0
        elif name in ("property_occupied_by", "discretionary_disregard", "free_service", "dre_flat_rate_source"):
            value = (value or "").strip()
            if value in NOTHING:
                value = ""
        elif name == "premiums":
            value = list(value or [])
        setattr(fa, name, value)
    fa.mig_category = fa_rules.mig_category_for(fa.age_band, fa.partner)


@transaction.atomic
def financial_assessment_start(*, person: Person, user: Any, facts: dict[str, Any]) -> FinancialAssessment:
    """A new full financial assessment with its facts; its items are added one at a time."""
    fa = FinancialAssessment(person=person, assessed_by=user, created_at=timezone.now(), itemised=True)
    _facts(fa, facts)
    fa.save()
    return fa


@transaction.atomic
def financial_assessment_update(*, fa: FinancialAssessment, facts: dict[str, Any]) -> FinancialAssessment:
    _facts(fa, facts)
    fa.itemised = True
    fa.save()
    return fa


@transaction.atomic
def income_item_add(*, fa: FinancialAssessment, kind: str, weekly: int, whose: str = "person", owners: int | None = None,
                    half_to_spouse: bool = False) -> IncomeItem:
    return IncomeItem.objects.create(assessment=fa, kind=kind, weekly=weekly, whose=whose, owners=owners or 2,
                                     half_to_spouse=half_to_spouse)


@transaction.atomic
def capital_item_add(*, fa: FinancialAssessment, kind: str, value: int, whose: str = "person", owners: int | None = None,
                     secured_debt: int = 0, reason: str = "") -> CapitalItem:
    return CapitalItem.objects.create(assessment=fa, kind=kind, value=value, whose=whose, owners=owners or 2,
                                      secured_debt=secured_debt, reason=reason.strip())


@transaction.atomic
def expense_add(*, fa: FinancialAssessment, what: str, weekly: int) -> DisabilityExpense:
    return DisabilityExpense.objects.create(assessment=fa, what=what.strip(), weekly=weekly)


ITEM_MODELS: dict[str, Any] = {"income": IncomeItem, "capital": CapitalItem, "expense": DisabilityExpense}


@transaction.atomic
def item_remove(*, fa: FinancialAssessment, section: str, item_id: int) -> bool:
    """Remove one listed item; False when there is no such item on this assessment."""
    model = ITEM_MODELS.get(section)
    if model is None:
        return False
    deleted, _ = model.objects.filter(assessment=fa, pk=item_id).delete()
    return bool(deleted)
