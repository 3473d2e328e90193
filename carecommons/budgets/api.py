"""POST /api/v1/pa-pay: personal assistants' pay, for timesheets and for anyone to try."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

import holidays
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import BeforeValidator, ConfigDict, Field, Strict, StrictBool, StrictFloat, field_validator

from carecommons.budgets.charging_rates import charging_rates_on
from carecommons.core.api import ErrorsOut
from carecommons.rules.charging import ChargingError, Finances, assess_charge
from carecommons.rules.employer_costs import employer_costs, pay_period
from carecommons.rules.pa_pay import PayTerms, Shift, calculate_pay
from carecommons.rules.rates import EMPLOYER_NI, PENSION_THRESHOLDS, WAGE_FLOORS

router = Router(tags=["personal assistants"])


def _whole(value: Any) -> Any:
    """JSON Schema counts 1.0 as an integer; accept it, but never strings or fractions."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


WholeNumber = Annotated[int, BeforeValidator(_whole), Strict()]
STRICT = ConfigDict(extra="forbid")


class ShiftIn(Schema):
    model_config = STRICT
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD", json_schema_extra={"format": "date"})
    start: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="HH:MM, 24-hour clock")
    end: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
                     description="HH:MM; earlier than start means the next day; equal to start means 24 hours (live-in)")


    @field_validator("date")
    @classmethod
    def a_real_date(cls, value: str) -> str:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("must be a real date, like 2026-05-25") from None
        return value


class PayIn(Schema):
    model_config = STRICT
    hourly_rate_pence: WholeNumber = Field(ge=0, le=100_000)
    bank_holiday_multiplier: StrictFloat = Field(ge=1, le=5)
    years_of_service: WholeNumber = Field(ge=0, le=60)
    service_increment_pence_per_year: WholeNumber = Field(ge=0, le=10_000)
    london: StrictBool
    shifts: list[ShiftIn] = Field(min_length=1, max_length=400)
    worker_age: WholeNumber = Field(0, ge=0, le=120, description="The worker's age, for the National Minimum Wage "
                                    "band; 0 when not known, and pay is checked against the 21-and-over rate")
    apprentice_first_year: StrictBool = Field(False, description="An apprentice under 19, or in the first year of "
                                                                 "their apprenticeship: the apprentice rate applies")
    irregular_hours: StrictBool = Field(True, description="Irregular-hours or part-year worker: holiday pay accrues at "
                                                          "12.07%; otherwise they take 5.6 weeks of normal pay")
    paid_on: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"},
                         description="YYYY-MM-DD, the day the wages are paid: its tax year (from 6 April) sets the "
                                     "employer's National Insurance. Left out: the day of the last shift")
    pension_status: Literal["enrolled", "opted_out", "not_eligible"] = Field(
        "not_eligible", description="The worker's workplace pension: enrolled (the employer pays at least 3% of "
                                    "qualifying earnings), opted out, or not enrolled as not eligible")
    worker_date_of_birth: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"},
                                      description="YYYY-MM-DD, optional: for automatic enrolment (22 to State Pension "
                                                  "age) and the minimum wage band; overrides worker_age")
    claims_employment_allowance: StrictBool = Field(False, description="The employer claims the Employment Allowance")
    employment_allowance_used_pence: WholeNumber = Field(0, ge=0, le=10**8, description="Employment Allowance already "
                                                         "used in the tax year of paid_on")

    @field_validator("paid_on", "worker_date_of_birth")
    @classmethod
    def a_real_date_or_none(cls, value: str | None) -> str | None:
        return None if value is None else ShiftIn.a_real_date(value)


class ShiftOut(Schema):
    date: dt.date
    hours: float
    bank_holiday: bool
    pay_pence: int


class FlagOut(Schema):
    level: str
    message: str


class PayPeriodOut(Schema):
    start: dt.date
    end: dt.date
    length: str = Field(description="week, fortnight, four_weeks or month; empty when the shifts span more than a month")


class PayOut(Schema):
    shifts: list[ShiftOut]
    gross_pence: int
    holiday_pay_accrued_pence: int
    bank_holidays: list[dt.date]
    flags: list[FlagOut]
    pay_period: PayPeriodOut
    employer_national_insurance_pence: int | None = Field(description="null when a figure for the tax year has not "
                                                                      "been entered (see employer_cost_flags), never £0")
    employment_allowance_claimed_pence: int
    employer_pension_pence: int | None = Field(description="null when it could not be worked out")
    auto_enrolment_category: str = Field(description="eligible_jobholder, non_eligible_jobholder, entitled_worker, "
                                                     "not_a_jobholder or unknown; empty when not worked out")
    employer_cost_reasons: list[str]
    employer_cost_flags: list[FlagOut]


def bank_holidays_for(days: list[dt.date]) -> set[dt.date]:
    """England and Wales bank holidays from the `holidays` package: computed offline, no network."""
    years = sorted({d.year for d in days} | {(d + dt.timedelta(days=1)).year for d in days})  # night shifts
    return set(holidays.country_holidays("GB", subdiv="ENG", years=years))


@router.post("/pa-pay", response={200: PayOut, 400: ErrorsOut},
             summary="What should a personal assistant be paid, and what does it cost the employer?")
def pa_pay(request: HttpRequest, data: PayIn) -> Any:
    """Effective rate = hourly rate + years of service × increment; bank holidays (England and Wales) pay the
    multiplier; holiday pay accrues at 12.07% for irregular hours; below the National Living Wage on a shift's
    date is an error, below the Real Living Wage (London or UK) a warning. The employer's costs for the pay period
    (a week unless the shifts span more): secondary Class 1 National Insurance by the tax year of `paid_on`, less any
    Employment Allowance, and the employer's minimum pension contribution; a figure not entered for the year gives
    null and a flag, never £0. A payment date before the last shift, or a birth after the first, is refused with 400 naming the field."""
    shifts = [Shift(dt.date.fromisoformat(s.date), dt.time.fromisoformat(s.start), dt.time.fromisoformat(s.end))
              for s in data.shifts]
    last = max(s.date for s in shifts)
    paid_on = dt.date.fromisoformat(data.paid_on) if data.paid_on else last
    born = dt.date.fromisoformat(data.worker_date_of_birth) if data.worker_date_of_birth else None
    if paid_on < last:
        return Status(400, {"errors": [{"field": "paid_on", "message": "The wages cannot be paid before the last "
                                                                       f"shift, on {last:%-d %B %Y}"}]})
    if born is not None and born >= min(s.date for s in shifts):
        return Status(400, {"errors": [{"field": "worker_date_of_birth",
                                        "message": "The date of birth must be before the first shift"}]})
    result = calculate_pay(
        terms=PayTerms(data.hourly_rate_pence, Decimal(str(data.bank_holiday_multiplier)), data.years_of_service,
                       data.service_increment_pence_per_year, data.london, worker_born=born,
                       worker_age=None if born else data.worker_age or None,
                       apprentice_first_year=data.apprentice_first_year, irregular_hours=data.irregular_hours),
        shifts=shifts, bank_holidays=bank_holidays_for([s.date for s in shifts]), floors=WAGE_FLOORS,
    )
    period = pay_period([s.date for s in shifts])
    costs = employer_costs(
        gross=result.gross_pence, period=period, paid_on=paid_on, worker="The worker", worker_born=born,
        worker_age=None if born else data.worker_age or None, pension_status=data.pension_status,
        claims_employment_allowance=data.claims_employment_allowance,
        allowance_used=data.employment_allowance_used_pence, ni_rates=EMPLOYER_NI, pension_thresholds=PENSION_THRESHOLDS)
    return {
        "pay_period": {"start": period.start, "end": period.end, "length": period.length},
        "employer_national_insurance_pence": costs.national_insurance.pence,
        "employment_allowance_claimed_pence": costs.national_insurance.allowance_claimed,
        "employer_pension_pence": costs.pension.pence,
        "auto_enrolment_category": costs.pension.category,
        "employer_cost_reasons": list(costs.reasons),
        "employer_cost_flags": [{"level": f.level, "message": f.message} for f in costs.flags],
        "shifts": [{"date": s.date, "hours": float(s.hours), "bank_holiday": s.bank_holiday, "pay_pence": s.pay_pence} for s in result.shifts],
        "gross_pence": result.gross_pence,
        "holiday_pay_accrued_pence": result.holiday_pay_accrued_pence,
        "bank_holidays": list(result.bank_holidays),
        "flags": [{"level": f.level, "message": f.message} for f in result.flags],
    }


class ChargingIn(Schema):
    model_config = STRICT
    setting: Literal["home", "care_home"]
    as_of: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD: which year's rates apply",
                       json_schema_extra={"format": "date"})
    capital_pence: WholeNumber = Field(ge=0, le=10**12)
    weekly_income_pence: WholeNumber = Field(ge=0, le=10**8)
    weekly_care_cost_pence: WholeNumber = Field(ge=0, le=10**8)
    mig_category: Literal["single_18_24", "single_25_to_pension_age", "single_pension_age", "couple_both_under_pension_age",
                          "couple_one_over_pension_age", "couple_both_over_pension_age"] = Field(
        "single_25_to_pension_age", description="Used at home (reg 7). A category whose rate for the year has not been "
                                                "entered is refused with a message naming it, never counted as £0")
    premiums: list[Literal["disability", "enhanced_disability", "carer"]] = Field(
        default_factory=list, max_length=3, description="Each at most once")
    dependent_children: WholeNumber = Field(0, ge=0, le=20, description="Dependent children in the household (reg 7)")
    housing_costs_pence: WholeNumber = Field(0, ge=0, le=10**7, description="Allowed housing costs a week, at home")
    disability_related_expenditure_pence: WholeNumber = Field(0, ge=0, le=10**7)
    property_value_pence: WholeNumber = Field(0, ge=0, le=10**12, description="The person's main or former home")
    property_occupied_by: Literal["", "partner", "lone_parent_estranged_partner", "estranged_partner", "relative_60_plus",
                                  "relative_incapacitated", "child_under_18"] = Field(
        "", description="Who lives in the former home (Schedule 2 para 4); an estranged partner who is not a lone parent "
                        "does not keep it disregarded")
    weeks_in_care_home: WholeNumber = Field(0, ge=0, le=5000, description="Weeks since entering permanent care")
    resident: Literal["permanent", "temporary"] = Field("permanent", description="In a care home: a temporary "
                                                                                 "resident's home is not counted")
    property_secured_debt_pence: WholeNumber = Field(0, ge=0, le=10**12, description="Debts secured on the former home")
    weeks_since_occupant_left: WholeNumber = Field(0, ge=0, le=5000, description="When a qualifying occupant left "
                                                   "unexpectedly: weeks since (the 12 weeks start again); 0 if not")
    occupant_left_unexpectedly: StrictBool = False
    discretionary_disregard: str = Field("", max_length=1000, description="The council's reason for not counting the "
                                                                        "home anyway (Schedule 2 para 18)")
    free_service: Literal["", "reablement", "intermediate_care", "community_equipment", "minor_adaptation", "cjd",
                          "s117_after_care"] = Field("", description="Regs 3 and 4: some are free only within a limit")
    adaptation_cost_pence: WholeNumber = Field(0, ge=0, le=10**9, description="With minor_adaptation: free up to £1,000")
    week_of_service: WholeNumber = Field(0, ge=0, le=520, description="With reablement or intermediate_care: 1 for the "
                                                                       "first week; the first 6 are free")

    @field_validator("as_of")
    @classmethod
    def a_real_date(cls, value: str) -> str:
        return ShiftIn.a_real_date(value)


class ChargeOut(Schema):
    weekly_charge_pence: int
    tariff_income_pence: int
    self_funder: bool
    reasons: list[str]


@router.post("/charging/assess", response={200: ChargeOut, 400: ErrorsOut}, summary="What would someone pay towards their care?",
             tags=["charging"])
def charging_assess(request: HttpRequest, data: ChargingIn) -> Any:
    """The financial assessment of SI 2014/2672 with the rates in force on `as_of`: capital limits and tariff income;
    at home the Minimum Income Guarantee and disability-related expenditure; in a care home the Personal Expenses
    Allowance and property disregards; free services. The charge never exceeds the cost of care."""
    try:
        rates = charging_rates_on(dt.date.fromisoformat(data.as_of))
        decision = assess_charge(Finances(
            setting=data.setting, capital=data.capital_pence, weekly_income=data.weekly_income_pence,
            weekly_care_cost=data.weekly_care_cost_pence, mig_category=data.mig_category, premiums=tuple(data.premiums),
            disability_related_expenditure=data.disability_related_expenditure_pence, property_value=data.property_value_pence,
            property_occupied_by=data.property_occupied_by, weeks_in_care_home=data.weeks_in_care_home,
            free_service=data.free_service, dependent_children=data.dependent_children,
            housing_costs=data.housing_costs_pence, adaptation_cost=data.adaptation_cost_pence,
            week_of_service=data.week_of_service, resident=data.resident,
            property_secured_debt=data.property_secured_debt_pence,
            weeks_since_occupant_left=data.weeks_since_occupant_left if data.occupant_left_unexpectedly else None,
            discretionary_disregard=data.discretionary_disregard,
        ), rates=rates)
    except ChargingError as exc:
        return Status(400, {"errors": [{"field": exc.field, "message": str(exc)}]})
    return {"weekly_charge_pence": decision.weekly_charge, "tariff_income_pence": decision.tariff_income,
            "self_funder": decision.self_funder, "reasons": list(decision.reasons)}
