"""What employing a personal assistant costs on top of their wages: employer's National Insurance and the
employer's pension contribution.

A person who employs a personal assistant with a direct payment is an employer. For each pay period they pay
secondary Class 1 National Insurance (Social Security Contributions and Benefits Act 1992 s9) on earnings above
the secondary threshold, less any Employment Allowance they claim (National Insurance Contributions Act 2014
s1; care and support workers are not "excluded liabilities", s2(3A)); and, for a worker in a workplace pension,
at least 3% of the worker's qualifying earnings (Pensions Act 2008 s20(1)(b), s26(4)(b)).

National Insurance follows the tax year of the day the wages are paid (6 April to 5 April). The pension
thresholds follow the tax year in which the pay reference period starts. The rates arrive as parameters; a
figure not entered for the year is never taken as £0: the cost is "not worked out" and a flag says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_DOWN, Decimal
from typing import TypeVar

from carecommons.rules.money import pounds as _money
from carecommons.rules.pa_pay import Flag, age_on

ENROLLED, OPTED_OUT, NOT_ELIGIBLE = "enrolled", "opted_out", "not_eligible"
PENSION_STATUSES = (ENROLLED, OPTED_OUT, NOT_ELIGIBLE)

# Pay periods: a timesheet is one pay period of 1, 2 or 4 weeks, or a month (ADR 0015).
WEEK, FORTNIGHT, FOUR_WEEKS, MONTH = "week", "fortnight", "four_weeks", "month"
PERIOD_WORDS = {WEEK: "a week", FORTNIGHT: "a fortnight", FOUR_WEEKS: "4 weeks", MONTH: "a month"}
PERIOD_WEEKS = {WEEK: 1, FORTNIGHT: 2, FOUR_WEEKS: 4}


def tax_year_of(day: dt.date) -> str:
    """The UK tax year a day falls in, 6 April to 5 April: 5 April 2026 is in 2025-26, 6 April 2026 in 2026-27."""
    first = day.year if (day.month, day.day) >= (4, 6) else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def tax_year_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    first = int(tax_year_of(day)[:4])
    return dt.date(first, 4, 6), dt.date(first + 1, 4, 5)


@dataclass(frozen=True)
class EmployerNIRates:
    """Secondary Class 1 National Insurance for one tax year, category A. None: not entered (not verified)."""

    tax_year: str  # "2025-26"
    rate: Decimal | None  # the secondary percentage, 0.15 for 15%
    weekly_threshold: int | None  # pence: the secondary threshold a week
    monthly_threshold: int | None  # pence: its prescribed equivalent for a month
    employment_allowance: int | None  # pence a tax year, for each employer
    source: str
    unverified: tuple[str, ...] = ()


@dataclass(frozen=True)
class PensionThresholds:
    """Automatic enrolment figures for one tax year, for each length of pay reference period (pence)."""

    tax_year: str
    lower: dict[str, int]  # lower level of qualifying earnings
    trigger: dict[str, int]  # earnings trigger for automatic enrolment
    upper: dict[str, int]  # upper level of qualifying earnings
    employer_minimum: Decimal  # 0.03: the employer's minimum contribution on qualifying earnings
    source: str


@dataclass(frozen=True)
class PayPeriod:
    start: dt.date
    end: dt.date
    length: str  # WEEK, FORTNIGHT, FOUR_WEEKS, MONTH, or "" when longer than a month

    @property
    def words(self) -> str:
        return PERIOD_WORDS.get(self.length, f"{(self.end - self.start).days + 1} days")


def pay_period(days: Sequence[dt.date]) -> PayPeriod:
    """The pay period a timesheet covers: from its first shift's day, a week unless its shifts span more, then
    a fortnight, 4 weeks, or a month (up to 31 days). Longer than that is not one pay period (length "")."""
    start, end = min(days), max(days)
    span = (end - start).days + 1
    length = WEEK if span <= 7 else FORTNIGHT if span <= 14 else FOUR_WEEKS if span <= 28 else MONTH if span <= 31 else ""
    return PayPeriod(start, end, length)


@dataclass(frozen=True)
class Cost:
    """One employer's cost for one pay period: the pence to pay, or None when it could not be worked out."""

    pence: int | None
    reasons: tuple[str, ...]
    flags: tuple[Flag, ...] = ()
    allowance_claimed: int = 0  # Employment Allowance set against the National Insurance
    category: str = ""  # for the pension: eligible_jobholder, non_eligible_jobholder, entitled_worker, not_a_jobholder


@dataclass(frozen=True)
class EmployerCosts:
    national_insurance: Cost
    pension: Cost

    @property
    def flags(self) -> tuple[Flag, ...]:
        return self.national_insurance.flags + self.pension.flags

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.national_insurance.reasons + self.pension.reasons


R = TypeVar("R", EmployerNIRates, PensionThresholds)


def _row(rows: Sequence[R], year: str) -> R | None:
    return next((r for r in rows if r.tax_year == year), None)


def employer_national_insurance(
    *, gross: int, period: PayPeriod, paid_on: dt.date, worker: str, worker_age: int | None,
    claims_employment_allowance: bool, allowance_used: int, rates: Sequence[EmployerNIRates],
) -> Cost:
    """Secondary Class 1 National Insurance (category A) on one pay period's earnings.

    Due at the secondary percentage on earnings above the secondary threshold for the earnings period
    (SSCBA 1992 s9(1); the threshold for a week, and for a multiple of a week that many weeks' thresholds, and its
    prescribed equivalent for a month, SI 2001/1004 regs 10(d) and 11(3A)). Rounded to the nearest penny, a half
    penny down. An employer who claims the Employment Allowance sets it against what is due until the year's
    allowance is used up (NICA 2014 s1; a care and support worker's employer may claim it, s2(3A)).
    """
    year = tax_year_of(paid_on)
    row = _row(rates, year)
    not_entered = f"Employer's National Insurance for {year} has not been entered, so it has not been set aside"
    if not period.length:
        return Cost(None, (), (Flag("warning", f"The shifts span {period.words}, more than a month, so employer's "
                                               "National Insurance could not be worked out for one pay period; "
                                               "nothing has been set aside. Enter a timesheet for each pay period."),))
    if worker_age is not None and worker_age < 21:
        return Cost(None, (), (Flag("warning", f"{worker} is under 21, so employer's National Insurance is due only "
                                               "above the upper secondary threshold (category M, SSCBA 1992 s9A), "
                                               f"which has not been entered for {year}: nothing has been set aside."),))
    if row is None or row.rate is None or row.weekly_threshold is None or (
            period.length == MONTH and row.monthly_threshold is None):
        missing = f" Not verified for {year}: {', '.join(row.unverified)}." if row and row.unverified else ""
        return Cost(None, (), (Flag("warning", f"{not_entered}.{missing}"),))
    threshold = row.monthly_threshold if period.length == MONTH else row.weekly_threshold * PERIOD_WEEKS[period.length]
    assert threshold is not None
    percent = f"{(row.rate * 100).normalize():f}%"
    reasons = [f"Employer's National Insurance ({year}, paid {paid_on:%-d %B %Y}): {percent} of earnings above the "
               f"secondary threshold of {_money(threshold)} for {period.words} ({row.source})."]
    if gross <= threshold:
        reasons.append(f"{worker} earned {_money(gross)}, not more than the threshold, so none is due.")
        return Cost(0, tuple(reasons))
    due = int((Decimal(gross - threshold) * row.rate).quantize(Decimal(1), rounding=ROUND_HALF_DOWN))
    reasons.append(f"{_money(gross)} less {_money(threshold)} is {_money(gross - threshold)}; {percent} of that is "
                   f"{_money(due)}.")
    if not claims_employment_allowance:
        reasons.append("The employer does not claim the Employment Allowance (as recorded on the budget).")
        return Cost(due, tuple(reasons))
    if row.employment_allowance is None:
        return Cost(None, tuple(reasons), (Flag("warning", f"The employer claims the Employment Allowance, but its "
                                                           f"amount for {year} has not been entered, so employer's "
                                                           "National Insurance has not been set aside."),))
    left = max(row.employment_allowance - allowance_used, 0)
    claimed = min(due, left)
    reasons.append(f"The employer claims the Employment Allowance of {_money(row.employment_allowance)} for {year} "
                   f"(NICA 2014 s1; care and support workers, s2(3A)): {_money(left)} was left, {_money(claimed)} "
                   f"is set against this, leaving {_money(due - claimed)} to pay.")
    return Cost(due - claimed, tuple(reasons), allowance_claimed=claimed)


def under_state_pension_age(born: dt.date, day: dt.date) -> bool:
    """Whether someone born on `born` is under state pension age on `day`.

    66 for those born 6 October 1954 to 5 April 1960 (Pensions Act 2011 s1); 66 and 1 to 11 months for those born
    6 April 1960 to 5 March 1961, and 67 for those born 6 March 1961 to 5 April 1977 (Pensions Act 1995 Sch 4 Part 1
    as amended by Pensions Act 2014 s26). Those born earlier reached it at 66 or younger. The rise to 68 for
    later births (Pensions Act 2007) matters only from 2043, when they first turn 66."""
    if born < dt.date(1960, 4, 6):
        return day < _add_months(born, 66 * 12)
    if born < dt.date(1961, 3, 6):
        months = (born.year - 1960) * 12 + born.month - 4 + (1 if born.day >= 6 else 0)
        return day < _add_months(born, 66 * 12 + months)
    return day < _add_months(born, 67 * 12)


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def employer_pension(
    *, gross: int, period: PayPeriod, worker: str, worker_born: dt.date | None, worker_age: int | None,
    status: str, thresholds: Sequence[PensionThresholds],
) -> Cost:
    """The employer's minimum pension contribution for one pay reference period, and the worker's category.

    An eligible jobholder is aged 22 to state pension age and earns more than the earnings trigger in the period
    (Pensions Act 2008 s3(1)); the employer must enrol them. A non-eligible jobholder (16 to 74, earning above the
    lower level of qualifying earnings) may opt in (s7) and then the employer contributes; an entitled worker may
    join (s9) with no employer contribution required. Qualifying earnings are the earnings above the lower level
    and up to the upper level (s13(1)); the employer pays at least 3% of them (s20(1)(b), s26(4)(b)), rounded up to
    the penny so never below the minimum. A worker who has opted out has nothing paid for them (s8).
    """
    if status not in PENSION_STATUSES:
        raise ValueError(f"Unknown pension status {status!r}")
    year = tax_year_of(period.start)
    if not period.length:
        return Cost(None, (), (Flag("warning", f"The shifts span {period.words}, more than a month, so the "
                                               "employer's pension contribution could not be worked out for one pay "
                                               "reference period; nothing has been set aside."),))
    row = _row(thresholds, year)
    if row is None:
        return Cost(None, (), (Flag("warning", f"The automatic enrolment earnings thresholds for {year} have not "
                                               "been entered, so the employer's pension contribution has not been "
                                               "set aside."),))
    lower, trigger, upper = row.lower[period.length], row.trigger[period.length], row.upper[period.length]
    age = age_on(worker_born, period.end) if worker_born else worker_age
    under_spa = (under_state_pension_age(worker_born, period.end) if worker_born else
                 None if age is None or age == 66 else age < 66)
    if age is None or under_spa is None:
        category = "unknown"
    elif 22 <= age and under_spa and gross > trigger:
        category = "eligible_jobholder"
    elif 16 <= age <= 74 and gross > lower:
        category = "non_eligible_jobholder"
    elif 16 <= age <= 74:
        category = "entitled_worker"
    else:
        category = "not_a_jobholder"
    words = {
        "eligible_jobholder": f"an eligible jobholder: aged 22 to state pension age and earning {_money(gross)}, "
                              f"more than the earnings trigger of {_money(trigger)} for {period.words} "
                              "(Pensions Act 2008 s3(1))",
        "non_eligible_jobholder": f"not eligible for automatic enrolment, but earning {_money(gross)}, more than "
                                  f"{_money(lower)}, so they may opt in and the employer then contributes "
                                  "(Pensions Act 2008 s7)",
        "entitled_worker": f"earning {_money(gross)}, not more than the lower level of qualifying earnings of "
                           f"{_money(lower)} for {period.words}: they may join a pension, but the employer need not "
                           "contribute (Pensions Act 2008 s9)",
        "not_a_jobholder": "outside the ages for automatic enrolment (16 to 74)",
        "unknown": "of an age not known, so whether they must be enrolled could not be checked",
    }[category]
    qualifying = max(min(gross, upper) - lower, 0)
    reasons = [f"Pension ({year}, pay reference period {period.start:%-d %B %Y} to {period.end:%-d %B %Y}): "
               f"{worker} is {words}."]
    if status == OPTED_OUT:
        reasons.append(f"{worker} has opted out, so the employer pays no contribution (Pensions Act 2008 s8).")
        return Cost(0, tuple(reasons), category=category)
    if status == NOT_ELIGIBLE:
        if category == "eligible_jobholder":
            return Cost(None, tuple(reasons), (Flag("warning", f"{worker} is recorded as not eligible for a "
                        f"workplace pension, but in this pay period they are an eligible jobholder: the employer "
                        f"must enrol them (Pensions Act 2008 s3). No pension contribution has been set aside; record "
                        f"them as enrolled or opted out."),), category=category)
        if category == "unknown" and gross > trigger:
            return Cost(None, tuple(reasons), (Flag("warning", f"{worker}'s date of birth is not recorded, so whether "
                        f"they must be enrolled in a workplace pension could not be checked; nothing has been set "
                        f"aside for a pension."),), category=category)
        reasons.append(f"{worker} is not enrolled in a workplace pension, so the employer pays no contribution.")
        return Cost(0, tuple(reasons), category=category)
    contribution = int((Decimal(qualifying) * row.employer_minimum).quantize(Decimal(1), rounding=ROUND_CEILING))
    percent = f"{(row.employer_minimum * 100).normalize():f}%"
    reasons.append(f"{worker} is enrolled: the employer pays {percent} of qualifying earnings, the earnings above "
                   f"{_money(lower)} and up to {_money(upper)} for {period.words} ({row.source}). Qualifying earnings "
                   f"are {_money(qualifying)}, so the contribution is {_money(contribution)}.")
    return Cost(contribution, tuple(reasons), category=category)


def employer_costs(
    *, gross: int, period: PayPeriod, paid_on: dt.date, worker: str, worker_born: dt.date | None,
    worker_age: int | None, pension_status: str, claims_employment_allowance: bool, allowance_used: int,
    ni_rates: Sequence[EmployerNIRates], pension_thresholds: Sequence[PensionThresholds],
) -> EmployerCosts:
    """Both of the employer's costs for one pay period, each with its reasons and any flag."""
    age = age_on(worker_born, period.end) if worker_born else worker_age
    return EmployerCosts(
        employer_national_insurance(gross=gross, period=period, paid_on=paid_on, worker=worker, worker_age=age,
                                    claims_employment_allowance=claims_employment_allowance,
                                    allowance_used=allowance_used, rates=ni_rates),
        employer_pension(gross=gross, period=period, worker=worker, worker_born=worker_born, worker_age=worker_age,
                         status=pension_status, thresholds=pension_thresholds),
    )
