"""Pay for personal assistants: length of service, bank holidays, holiday pay, and the living wages.

"Rises for recognition of good work and length of service, increased pay on bank holidays, and
not determined by which local authority the funding comes from" (William Case, in the seeds).
The rates and the bank holidays arrive as parameters; nothing here reads the clock or a calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from carecommons.rules.dated import in_force
from carecommons.rules.money import pounds as _money

# Holiday pay for irregular hours accrues at 12.07% of pay (5.6 weeks / 46.4 weeks worked).
HOLIDAY_ACCRUAL = Decimal("0.1207")


@dataclass(frozen=True)
class DatedRate:
    """A wage floor in force from a date, with where the figure comes from."""

    starts: dt.date
    pence: int
    source: str


@dataclass(frozen=True)
class WageFloors:
    national_living_wage: Sequence[DatedRate]  # age 21 and over
    real_living_wage_uk: Sequence[DatedRate]
    real_living_wage_london: Sequence[DatedRate]
    minimum_wage_18_20: Sequence[DatedRate] = ()
    minimum_wage_under_18: Sequence[DatedRate] = ()
    apprentice_rate: Sequence[DatedRate] = ()  # apprentices under 19, or in the first year of their apprenticeship


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def legal_minimum(floors: WageFloors, *, day: dt.date, age: int | None, apprentice_first_year: bool) -> tuple[
        DatedRate | None, str]:
    """The National Minimum Wage band that applies on `day`, and its name. An unknown age is checked against the
    21-and-over rate (the National Living Wage), the highest band, so no one is underpaid for want of a birthday."""
    if apprentice_first_year:
        return rate_on(floors.apprentice_rate, day), "the apprentice rate"
    if age is not None and age < 18:
        return rate_on(floors.minimum_wage_under_18, day), "the National Minimum Wage for under-18s"
    if age is not None and age < 21:
        return rate_on(floors.minimum_wage_18_20, day), "the National Minimum Wage for 18 to 20 year olds"
    return rate_on(floors.national_living_wage, day), "the National Living Wage"


def rate_on(rates: Sequence[DatedRate], day: dt.date) -> DatedRate | None:
    """The rate in force on a day: the latest that started on or before it."""
    return in_force(rates, day)


@dataclass(frozen=True)
class Shift:
    date: dt.date
    start: dt.time
    end: dt.time

    @property
    def minutes(self) -> int:
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        return end - start if end > start else end + 24 * 60 - start  # after midnight; equal times: 24 hours

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start)

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class PayTerms:
    hourly_rate_pence: int
    bank_holiday_multiplier: Decimal
    years_of_service: int
    service_increment_pence_per_year: int
    london: bool
    worker_born: dt.date | None = None  # for the minimum wage band; None: checked against the 21-and-over rate
    worker_age: int | None = None  # instead of a date of birth: the age throughout
    apprentice_first_year: bool = False  # an apprentice under 19 or in the first year of the apprenticeship
    irregular_hours: bool = True  # irregular-hours or part-year: holiday pay accrues at 12.07%

    @property
    def effective_rate_pence(self) -> int:
        return self.hourly_rate_pence + self.years_of_service * self.service_increment_pence_per_year


@dataclass(frozen=True)
class ShiftPay:
    date: dt.date
    hours: Decimal
    bank_holiday: bool
    pay_pence: int


@dataclass(frozen=True)
class Flag:
    level: str  # "error" | "warning"
    message: str


@dataclass(frozen=True)
class PayResult:
    shifts: tuple[ShiftPay, ...]
    gross_pence: int
    holiday_pay_accrued_pence: int
    bank_holidays: tuple[dt.date, ...]
    flags: tuple[Flag, ...]


def _pence(amount: Decimal) -> int:
    return int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def calculate_pay(
    *, terms: PayTerms, shifts: Sequence[Shift], bank_holidays: Iterable[dt.date], floors: WageFloors
) -> PayResult:
    """Pay for each shift and in all, holiday pay accrued, and flags against the minimum wage and living wages.

    The hours of a shift that fall on a bank holiday are paid at the bank-holiday rate, including a shift
    that runs past midnight into (or out of) one. Each shift's pay is rounded to the nearest penny (halves
    up). Holiday pay accrues at 12.07% of gross for irregular-hours and part-year workers; others take 5.6
    weeks of their normal pay as paid leave, so nothing accrues. The minimum wage band follows the worker's
    age on the day of each shift.
    """
    holidays = set(bank_holidays)
    rate = terms.effective_rate_pence
    paid: list[ShiftPay] = []
    flags: list[Flag] = []
    ordered = sorted(shifts, key=lambda s: s.starts_at)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.starts_at < before.ends_at:
            flags.append(Flag("error", f"The shifts on {before.date:%-d %B %Y} at {before.start:%H:%M} and "
                                       f"{after.date:%-d %B %Y} at {after.start:%H:%M} overlap."))
    checked_floor: set[tuple[str, int]] = set()
    for shift in shifts:
        hours = Decimal(shift.minutes) / 60
        pay = Decimal(0)
        on_holiday = False
        for day, minutes in _minutes_by_day(shift):
            multiplier = terms.bank_holiday_multiplier if day in holidays else Decimal(1)
            on_holiday = on_holiday or day in holidays
            pay += Decimal(minutes) / 60 * rate * multiplier
        paid.append(ShiftPay(shift.date, hours.quantize(Decimal("0.01")), on_holiday, _pence(pay)))
        age = terms.worker_age if terms.worker_age is not None else \
            age_on(terms.worker_born, shift.date) if terms.worker_born else None
        nlw, band = legal_minimum(floors, day=shift.date, age=age, apprentice_first_year=terms.apprentice_first_year)
        rlw = rate_on(floors.real_living_wage_london if terms.london else floors.real_living_wage_uk, shift.date)
        if nlw is None:
            key = (f"no-{band}", shift.date.year)
            if key not in checked_floor:
                checked_floor.add(key)
                flags.append(Flag("warning", f"There is no figure for {band} on {shift.date:%-d %B %Y}, so pay could not be "
                                             "checked against it."))
        elif rate < nlw.pence and ("nlw", nlw.pence) not in checked_floor:
            checked_floor.add(("nlw", nlw.pence))
            flags.append(Flag("error", f"{_money(rate)} an hour is below {band} of {_money(nlw.pence)} "
                                       f"in force from {nlw.starts:%-d %B %Y} ({nlw.source}). It is against the law to pay less."))
        if rlw is not None and rate < rlw.pence and ("rlw", rlw.pence) not in checked_floor:
            checked_floor.add(("rlw", rlw.pence))
            where = "London" if terms.london else "UK"
            flags.append(Flag("warning", f"{_money(rate)} an hour is below the Real Living Wage ({where}) of {_money(rlw.pence)} "
                                         f"from {rlw.starts:%-d %B %Y} ({rlw.source})."))
    gross = sum(p.pay_pence for p in paid)
    return PayResult(
        tuple(paid), gross, _pence(Decimal(gross) * HOLIDAY_ACCRUAL) if terms.irregular_hours else 0,
        tuple(sorted({s.date for s in shifts} & holidays)), tuple(flags),
    )


def _minutes_by_day(shift: Shift) -> list[tuple[dt.date, int]]:
    """A shift's minutes on each calendar day it touches (a night shift counts on both days)."""
    parts: list[tuple[dt.date, int]] = []
    start, end = shift.starts_at, shift.ends_at
    while start < end:
        midnight = dt.datetime.combine(start.date() + dt.timedelta(days=1), dt.time(0))
        upto = min(end, midnight)
        parts.append((start.date(), int((upto - start).total_seconds() // 60)))
        start = upto
    return parts
