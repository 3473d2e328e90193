"""A financial assessment as the person would list it: income and capital items, then the charge.

SI 2014/2672 (Care and Support (Charging and Assessment of Resources) Regulations 2014). Each item
the person lists becomes a line saying what it is, how much, whether it is counted, why, and the
regulation. The lines add up to a `rules.charging.Finances`, and `rules.charging.assess_charge`
works out the charge. Each partner of a couple is assessed on their own resources: what belongs to
the partner alone is listed but not counted, and what they own together is shared equally (reg 24).

A figure the law sets that has not been entered (the savings credit disregard, say) is None in the
rates, and an assessment that needs it is refused with a plain message; it is never taken as £0.
Paragraph numbers that could not be checked against the text of the Regulations say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from carecommons.rules.charging import (
    SALE_COSTS_PERCENT,
    ChargeDecision,
    ChargingError,
    ChargingRates,
    Finances,
    assess_charge,
)
from carecommons.rules.money import pounds

REGS = "SI 2014/2672"


@dataclass(frozen=True)
class IncomeKind:
    words: str  # as the person would say it
    treatment: str  # "counted", "disregarded", "savings_credit", "war_widow", "pension"
    why: str
    regulation: str
    disability_benefit: bool = False  # counting it means disability-related expenditure must be allowed


INCOME_KINDS: dict[str, IncomeKind] = {
    "state_pension": IncomeKind("State Pension", "counted", "Pensions count as income.", f"{REGS} reg 13"),
    "pension_credit": IncomeKind("Pension Credit (guarantee credit)", "counted", "Benefits count as income unless the law "
                                 "says otherwise.", f"{REGS} reg 13"),
    "savings_credit": IncomeKind("Pension Credit (savings credit)", "savings_credit", "Savings credit counts as income, "
                                 "but in a care home a set amount of it is not counted (the savings credit disregard).",
                                 f"{REGS} Schedule 1 (savings credit disregard; paragraph to be confirmed)"),
    "occupational_pension": IncomeKind("A work (occupational) pension", "pension", "Pensions count as income.",
                                       f"{REGS} reg 13"),
    "personal_pension": IncomeKind("A personal pension", "pension", "Pensions count as income.", f"{REGS} reg 13"),
    "attendance_allowance": IncomeKind("Attendance Allowance", "counted", "A disability benefit: it counts as income, so "
                                       "extra costs because of disability must be allowed.", f"{REGS} reg 13; Schedule 1 "
                                       "para 4", disability_benefit=True),
    "dla_care": IncomeKind("Disability Living Allowance (care part)", "counted", "A disability benefit: it counts as "
                           "income, so extra costs because of disability must be allowed.", f"{REGS} reg 13; Schedule 1 "
                           "para 4", disability_benefit=True),
    "pip_daily_living": IncomeKind("Personal Independence Payment (daily living part)", "counted", "A disability benefit: "
                                   "it counts as income, so extra costs because of disability must be allowed.",
                                   f"{REGS} reg 13; Schedule 1 para 4", disability_benefit=True),
    "dla_mobility": IncomeKind("Disability Living Allowance (mobility part)", "disregarded", "The mobility part is never "
                               "counted.", f"{REGS} Schedule 1 para 8"),
    "pip_mobility": IncomeKind("Personal Independence Payment (mobility part)", "disregarded", "The mobility part is "
                               "never counted.", f"{REGS} Schedule 1 para 8"),
    "earnings": IncomeKind("Money from work (earnings)", "disregarded", "Earnings are not counted.", f"{REGS} reg 14"),
    "war_disablement_pension": IncomeKind("War disablement pension", "disregarded", "A war disablement pension is not "
                                          "counted.", f"{REGS} Schedule 1 para 17A (inserted by SI 2017/555)"),
    "guaranteed_income_payment": IncomeKind("Armed Forces guaranteed income payment", "disregarded", "A guaranteed "
                                            "income payment is not counted.", f"{REGS} Schedule 1 para 18"),
    "war_widows_pension": IncomeKind("War widow's or widower's pension", "war_widow", "The first £10 a week is not "
                                     "counted; the rest is.", f"{REGS} Schedule 1 para 17, applying Income Support "
                                     "(General) Regulations 1987 Schedule 9 para 16"),
    "other_benefit": IncomeKind("Another benefit", "counted", "Benefits count as income unless the law says otherwise.",
                                f"{REGS} reg 13"),
    "other_income": IncomeKind("Other regular income", "counted", "Regular income counts.", f"{REGS} reg 13"),
}
# Schedule 1 para 17 applies para 16 of Schedule 9 to the Income Support Regulations: £10 a week of a war widow's
# or widower's pension is disregarded. That £10 is fixed in those Regulations (not uprated each year); the figure as
# councils publish it from the Care and Support Statutory Guidance, Annex C (e.g. Wirral Council's charging page).
WAR_WIDOWS_DISREGARD = 1_000


@dataclass(frozen=True)
class CapitalKind:
    words: str
    treatment: str  # "counted", "disregarded", "property", "home", "notional"
    why: str
    regulation: str


CAPITAL_KINDS: dict[str, CapitalKind] = {
    "savings": CapitalKind("Savings in a bank, building society or Post Office, or cash", "counted",
                           "Savings count as capital.", f"{REGS} regs 18 and 20"),
    "investments": CapitalKind("Shares, bonds or other investments", "counted", "Investments count as capital.",
                               f"{REGS} regs 18 and 20"),
    "other_property": CapitalKind("Land or a property that is not their home", "property",
                                  f"Other property counts as capital, less {SALE_COSTS_PERCENT}% for the costs of selling "
                                  "and less debts secured on it.", f"{REGS} reg 20"),
    "home": CapitalKind("Their home (main or only home)", "home", "Whether the home counts depends on where the person "
                        "lives and who else lives there.", f"{REGS} Schedule 2"),
    "personal_possessions": CapitalKind("Personal possessions (furniture, jewellery, a car)", "disregarded",
                                        "Personal possessions are not counted.",
                                        f"{REGS} Schedule 2 (personal possessions; paragraph to be confirmed)"),
    "life_insurance": CapitalKind("The surrender value of a life insurance policy", "disregarded",
                                  "The surrender value of life insurance is not counted.",
                                  f"{REGS} Schedule 2 (surrender value of life insurance; paragraph to be confirmed)"),
    "notional": CapitalKind("Money the council treats them as still having (notional capital)", "notional",
                            "Capital the person gave away or spent to avoid paying for care counts as if they still "
                            "had it. The council gives its reasons.", f"{REGS} reg 22"),
}
WHOSE = {"person": "theirs alone", "partner": "their partner's alone", "joint": "owned jointly"}
AGE_BANDS = {"18_24": "18 to 24", "25_to_pension_age": "25 or over, under pension credit age",
             "pension_age": "at or over pension credit age"}
PARTNERS = {"none": "no partner", "under_pension_age": "a partner under pension credit age",
            "pension_age": "a partner at or over pension credit age"}


@dataclass(frozen=True)
class IncomeItem:
    kind: str
    weekly: int  # pence a week
    whose: str = "person"
    owners: int = 2  # for "joint": how many share it
    half_to_spouse: bool = False  # a pension: the person passes at least half to a spouse or civil partner at home


@dataclass(frozen=True)
class CapitalItem:
    kind: str
    value: int  # pence
    whose: str = "person"
    owners: int = 2  # for "joint": how many own it
    secured_debt: int = 0  # property: debts secured on it
    reason: str = ""  # notional capital: the council's reasons


@dataclass(frozen=True)
class Expense:
    """One item of disability-related expenditure, in pence a week."""

    what: str
    weekly: int


@dataclass(frozen=True)
class FlatRate:
    """The council's flat rate of disability-related expenditure, entered by the council with its source."""

    weekly: int
    source: str


@dataclass(frozen=True)
class Facts:
    """What is not an item: where the person lives, who with, and the facts about their home and the service."""

    setting: str  # "home" or "care_home"
    weekly_care_cost: int
    age_band: str = "25_to_pension_age"
    partner: str = "none"
    premiums: tuple[str, ...] = ()
    dependent_children: int = 0
    housing_costs: int = 0
    resident: str = "permanent"
    property_occupied_by: str = ""
    weeks_in_care_home: int = 0
    weeks_since_occupant_left: int | None = None
    discretionary_disregard: str = ""
    free_service: str = ""
    adaptation_cost: int = 0
    week_of_service: int = 0


@dataclass(frozen=True)
class Line:
    """One line of the assessment, as the person reads it."""

    section: str  # "income", "capital", "expenses"
    what: str
    amount: int  # as listed
    counted: int  # how much of it counts
    outcome: str  # "counted", "not counted", "partly counted", "allowed", "not allowed"
    why: str
    regulation: str


@dataclass(frozen=True)
class FinancialAssessment:
    finances: Finances
    lines: tuple[Line, ...]
    disability_benefits_counted: bool


@dataclass(frozen=True)
class Result:
    assessment: FinancialAssessment
    decision: ChargeDecision


def mig_category_for(age_band: str, partner: str) -> str:
    """The Minimum Income Guarantee category (reg 7) for a single person or a member of a couple."""
    if age_band not in AGE_BANDS:
        raise ChargingError("Choose the person's age.", "age_band")
    if partner not in PARTNERS:
        raise ChargingError("Say whether the person has a partner, and their age.", "partner")
    if partner == "none":
        return {"18_24": "single_18_24", "25_to_pension_age": "single_25_to_pension_age",
                "pension_age": "single_pension_age"}[age_band]
    over = (age_band == "pension_age") + (partner == "pension_age")
    return ("couple_both_under_pension_age", "couple_one_over_pension_age", "couple_both_over_pension_age")[over]


def _share(value: int, whose: str, owners: int) -> tuple[int, str]:
    """The person's own share of an item, and why (reg 24: joint capital is shared equally)."""
    if whose not in WHOSE:
        raise ChargingError("Say whose it is: theirs, their partner's, or owned jointly.", "whose")
    if whose == "person":
        return value, ""
    if whose == "partner":
        return 0, "It is their partner's alone: each partner is assessed only on their own money."
    if owners < 2:
        raise ChargingError("Something owned jointly has at least 2 owners.", "owners")
    return value // owners, f"Owned jointly by {owners}, so their share is 1/{owners} ({pounds(value // owners)})."


def _income_line(item: IncomeItem, facts: Facts, rates: ChargingRates) -> Line:
    if item.kind not in INCOME_KINDS:
        raise ChargingError(f"Unknown kind of income '{item.kind}'.", "kind")
    if item.weekly < 0:
        raise ChargingError("An amount cannot be negative.", "weekly")
    k = INCOME_KINDS[item.kind]
    share, shared = _share(item.weekly, item.whose, item.owners)
    notes = [shared] if shared else []
    if share == 0 and item.whose == "partner":
        return Line("income", k.words, item.weekly, 0, "not counted", shared, f"{REGS} reg 13")
    counted, why, regulation = share, k.why, k.regulation
    if k.treatment == "disregarded":
        counted = 0
    elif k.treatment == "war_widow":
        counted = max(share - WAR_WIDOWS_DISREGARD, 0)
    elif k.treatment == "savings_credit":
        if facts.setting == "care_home":
            disregard = rates.savings_credit_disregard_couple if facts.partner != "none" else rates.savings_credit_disregard
            if disregard is None:
                who = "a member of a couple" if facts.partner != "none" else "a single person"
                raise ChargingError(f"Not worked out: the rate for the savings credit disregard ({who}) in {rates.year} "
                                    "has not been entered.", "kind")
            counted = max(share - disregard, 0)
            why = f"Savings credit counts as income, except {pounds(min(disregard, share))} a week in a care home."
        else:
            why = "Savings credit counts as income. (The savings credit disregard applies in a care home.)"
    elif k.treatment == "pension" and item.half_to_spouse:
        if facts.setting != "care_home":
            raise ChargingError("Half a pension passed to a spouse or civil partner is disregarded only when the person "
                                "lives in a care home and the spouse or partner lives at home.", "half_to_spouse")
        counted = share - share // 2
        why = "They pass half of this pension to their husband, wife or civil partner at home, so half is not counted."
        regulation = f"{REGS} Schedule 1 (pension paid to a spouse or civil partner; paragraph to be confirmed)"
    elif item.half_to_spouse:
        raise ChargingError("Only a work or personal pension can be half passed to a spouse or civil partner.",
                            "half_to_spouse")
    outcome = "counted" if counted == item.weekly else "not counted" if counted == 0 else "partly counted"
    return Line("income", k.words, item.weekly, counted, outcome, " ".join([*notes, why]), regulation)


def _capital_line(item: CapitalItem) -> Line:
    if item.kind not in CAPITAL_KINDS:
        raise ChargingError(f"Unknown kind of capital '{item.kind}'.", "kind")
    if min(item.value, item.secured_debt) < 0:
        raise ChargingError("An amount cannot be negative.", "value")
    k = CAPITAL_KINDS[item.kind]
    share, shared = _share(item.value, item.whose, item.owners)
    notes = [shared] if shared else []
    if item.whose == "partner":
        return Line("capital", k.words, item.value, 0, "not counted", shared, f"{REGS} reg 24")
    regulation = k.regulation + (f"; joint capital, {REGS} reg 24" if item.whose == "joint" else "")
    if k.treatment == "disregarded":
        return Line("capital", k.words, item.value, 0, "not counted", " ".join([*notes, k.why]), regulation)
    if k.treatment == "notional":
        if len(item.reason.strip()) < 10:
            raise ChargingError("Give the council's reasons for treating the person as still having this money.", "reason")
        return Line("capital", k.words, item.value, share, "counted" if share == item.value else "partly counted",
                    " ".join([*notes, k.why, f"The council's reasons: {item.reason.strip()}"]), regulation)
    if k.treatment == "property":
        sale = share * SALE_COSTS_PERCENT // 100
        counted = max(share - sale - item.secured_debt, 0)
        why = (f"{k.why} Worth {pounds(share)}, less {pounds(sale)} for selling"
               + (f" and {pounds(item.secured_debt)} secured on it" if item.secured_debt else "") + f": {pounds(counted)}.")
        return Line("capital", k.words, item.value, counted, "counted" if counted == item.value else "partly counted",
                    " ".join([*notes, why]), regulation)
    if k.treatment == "home":  # worked out by rules.charging from the facts; this line says so
        return Line("capital", k.words, item.value, share, "see below", " ".join([*notes, k.why]), regulation)
    return Line("capital", k.words, item.value, share, "counted" if share == item.value else "partly counted",
                " ".join([*notes, k.why]), regulation)


def assess_resources(facts: Facts, income: Sequence[IncomeItem], capital: Sequence[CapitalItem], *, rates: ChargingRates,
                     expenses: Sequence[Expense] = (), flat_rate: FlatRate | None = None) -> FinancialAssessment:
    """Income and capital as listed, each with a line saying what counts and why, turned into `Finances`."""
    if facts.setting not in ("home", "care_home"):
        raise ChargingError("The setting must be 'home' or 'care_home'.", "setting")
    if min(facts.weekly_care_cost, facts.housing_costs, facts.dependent_children) < 0:
        raise ChargingError("Amounts cannot be negative.")
    lines = [_income_line(item, facts, rates) for item in income]
    disability = any(INCOME_KINDS[i.kind].disability_benefit and line.counted for i, line in zip(income, lines, strict=True))
    weekly_income = sum(line.counted for line in lines)

    capital_lines = [_capital_line(item) for item in capital]
    homes = [(item, line) for item, line in zip(capital, capital_lines, strict=True) if item.kind == "home"]
    if len(homes) > 1:
        raise ChargingError("Only one home can be the person's main or only home.", "kind")
    lines += capital_lines
    total_capital = sum(line.counted for item, line in zip(capital, capital_lines, strict=True) if item.kind != "home")
    home_value = homes[0][1].counted if homes else 0
    home_debt = homes[0][0].secured_debt if homes else 0
    if homes and homes[0][0].whose == "joint":
        home_debt //= homes[0][0].owners

    dre = 0
    if facts.setting == "home":
        listed = [(e.what, e.weekly) for e in expenses]
        if flat_rate is not None:
            if not flat_rate.source.strip():
                raise ChargingError("The council's flat rate for disability-related spending needs its source.",
                                    "flat_rate")
            listed = [(f"The council's flat rate ({flat_rate.source.strip()})", flat_rate.weekly)]
        for what, weekly in listed:
            if weekly < 0:
                raise ChargingError("An amount cannot be negative.", "weekly")
            if disability:
                lines.append(Line("expenses", what, weekly, weekly, "allowed", "Extra costs because of disability are "
                                  "allowed, because a disability benefit counts as income.", f"{REGS} Schedule 1 para 4"))
                dre += weekly
            else:
                lines.append(Line("expenses", what, weekly, 0, "not allowed", "No disability benefit counts as their "
                                  "income, so there is nothing to allow it against.", f"{REGS} Schedule 1 para 4"))
    if facts.setting == "home" and facts.housing_costs:
        lines.append(Line("expenses", "Housing costs (rent, mortgage, council tax, service charges)", facts.housing_costs,
                          facts.housing_costs, "allowed", "Housing costs for their home are allowed.",
                          f"{REGS} Schedule 1 para 2"))
    temporary = facts.setting == "care_home" and facts.resident == "temporary"
    if temporary and facts.housing_costs:  # the home they mean to go back to still costs money: not counted as income
        lines.append(Line("expenses", "Housing costs for their home while they stay in the care home", facts.housing_costs,
                          facts.housing_costs, "allowed", "They are staying for a while and mean to go home, so the "
                          "costs of keeping their home are taken off their income.", f"{REGS} Schedule 1 para 2"))
        weekly_income = max(weekly_income - facts.housing_costs, 0)
    finances = Finances(
        setting=facts.setting, capital=total_capital, weekly_income=weekly_income,
        weekly_care_cost=facts.weekly_care_cost,
        mig_category=mig_category_for(facts.age_band, facts.partner) if facts.setting == "home" else "",
        premiums=tuple(facts.premiums), disability_related_expenditure=dre, property_value=home_value,
        property_occupied_by=facts.property_occupied_by, weeks_in_care_home=facts.weeks_in_care_home,
        resident=facts.resident, property_secured_debt=home_debt,
        weeks_since_occupant_left=facts.weeks_since_occupant_left, discretionary_disregard=facts.discretionary_disregard,
        free_service=facts.free_service, dependent_children=facts.dependent_children,
        housing_costs=facts.housing_costs if facts.setting == "home" else 0, adaptation_cost=facts.adaptation_cost,
        week_of_service=facts.week_of_service)
    return FinancialAssessment(finances, tuple(lines), disability)


def assess(facts: Facts, income: Sequence[IncomeItem], capital: Sequence[CapitalItem], *, rates: ChargingRates,
           expenses: Sequence[Expense] = (), flat_rate: FlatRate | None = None) -> Result:
    """The whole assessment: the lines, then the charge (`rules.charging.assess_charge`) with its reasons."""
    fa = assess_resources(facts, income, capital, rates=rates, expenses=expenses, flat_rate=flat_rate)
    return Result(fa, assess_charge(fa.finances, rates=rates))


def with_cost(fa: FinancialAssessment, weekly_care_cost: int) -> Finances:
    """The same finances against another weekly cost (a budget's)."""
    return replace(fa.finances, weekly_care_cost=weekly_care_cost)
