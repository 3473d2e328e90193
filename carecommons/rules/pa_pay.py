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
    national_living_wage: Sequence[DatedRate]
    real_living_wage_uk: Sequence[DatedRate]
    real_living_wage_london: Sequence[DatedRate]


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
    """Pay for each shift and in all, holiday pay accrued, and flags against the living wages.

    A shift is paid at the bank-holiday rate when it starts on a bank holiday. Each shift's pay
    is rounded to the nearest penny (halves up); holiday pay is 12.07% of gross, rounded the same.
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
        on_holiday = shift.date in holidays
        multiplier = terms.bank_holiday_multiplier if on_holiday else Decimal(1)
        paid.append(ShiftPay(shift.date, hours.quantize(Decimal("0.01")), on_holiday, _pence(hours * rate * multiplier)))
        nlw = rate_on(floors.national_living_wage, shift.date)
        rlw = rate_on(floors.real_living_wage_london if terms.london else floors.real_living_wage_uk, shift.date)
        if nlw is None:
            key = ("no-nlw", shift.date.year)
            if key not in checked_floor:
                checked_floor.add(key)
                flags.append(Flag("warning", f"There is no National Living Wage figure for {shift.date:%-d %B %Y}, so pay could not be checked against it."))
        elif rate < nlw.pence and ("nlw", nlw.pence) not in checked_floor:
            checked_floor.add(("nlw", nlw.pence))
            flags.append(Flag("error", f"{_money(rate)} an hour is below the National Living Wage of {_money(nlw.pence)} "
                                       f"in force from {nlw.starts:%-d %B %Y} ({nlw.source}). It is against the law to pay less."))
        if rlw is not None and rate < rlw.pence and ("rlw", rlw.pence) not in checked_floor:
            checked_floor.add(("rlw", rlw.pence))
            where = "London" if terms.london else "UK"
            flags.append(Flag("warning", f"{_money(rate)} an hour is below the Real Living Wage ({where}) of {_money(rlw.pence)} "
                                         f"from {rlw.starts:%-d %B %Y} ({rlw.source})."))
    gross = sum(p.pay_pence for p in paid)
    return PayResult(
        tuple(paid), gross, _pence(Decimal(gross) * HOLIDAY_ACCRUAL),
        tuple(sorted({s.date for s in shifts} & holidays)), tuple(flags),
    )
