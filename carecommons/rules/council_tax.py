"""A local option to pay more tax: an extra council tax precept, band by band, and what it would buy.

The seeds ask for "mechanisms for local initiatives, for example allowing voters to opt to pay more taxes at a
regional or local level" (seed 000). In England, the amounts of council tax for dwellings in different valuation
bands are in the proportion 6:7:8:9:11:13:15:18 for bands A to H (Local Government Finance Act 1992 s5(1)), so a
precept set at Band D fixes every band. The council enters how many dwellings are in each band, with the source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from carecommons.rules.money import pounds

BAND_PROPORTIONS = {"A": 6, "B": 7, "C": 8, "D": 9, "E": 11, "F": 13, "G": 15, "H": 18}
BANDS_SOURCE = ("Local Government Finance Act 1992 s5(1): council tax for bands A to H in the proportion "
                "6:7:8:9:11:13:15:18 (England)")


class CouncilTaxError(ValueError):
    def __init__(self, message: str, field: str = "body") -> None:
        super().__init__(message)
        self.field = field


def band_ratio(band: str) -> Fraction:
    """A band's amount as a fraction of Band D: A is 6/9, H is 18/9."""
    return Fraction(BAND_PROPORTIONS[band], BAND_PROPORTIONS["D"])


def _round(x: Fraction) -> int:
    """To the nearest penny, halves up (amounts are never negative)."""
    return int(x + Fraction(1, 2))


@dataclass(frozen=True)
class BandLine:
    band: str
    ratio: Fraction
    ninths: int  # the law's proportion: the band's amount in ninths of Band D
    dwellings: int
    per_dwelling: int  # pence a year
    raises: int  # pence a year


@dataclass(frozen=True)
class PreceptYield:
    band_d: int  # pence a year
    lines: tuple[BandLine, ...]
    total: int  # pence a year
    band_d_equivalents: Fraction
    reasons: tuple[str, ...]


def precept_yield(*, band_d: int, dwellings: Mapping[str, int]) -> PreceptYield:
    """What an extra `band_d` a year at Band D raises, band by band, before discounts, exemptions and reductions."""
    if band_d < 0:
        raise CouncilTaxError("The amount at Band D cannot be negative.", "band_d")
    unknown = sorted(set(dwellings) - set(BAND_PROPORTIONS))
    if unknown:
        raise CouncilTaxError(f"Unknown band {', '.join(unknown)}: bands are A to H.", "dwellings")
    if any(n < 0 for n in dwellings.values()):
        raise CouncilTaxError("A number of dwellings cannot be negative.", "dwellings")
    lines = []
    for band in BAND_PROPORTIONS:
        n = dwellings.get(band, 0)
        per = _round(band_d * band_ratio(band))
        lines.append(BandLine(band, band_ratio(band), BAND_PROPORTIONS[band], n, per, per * n))
    total = sum(line.raises for line in lines)
    equivalents = sum((line.ratio * line.dwellings for line in lines), Fraction(0))
    reasons = (
        f"{pounds(band_d)} a year at Band D; every other band follows from it ({BANDS_SOURCE}).",
        f"{sum(dwellings.values()):,} dwellings, {float(equivalents):,.1f} Band D equivalents, raise {pounds(total)} a year.",
        "This is before discounts, exemptions and council tax reduction, which lower what is collected.",
    )
    return PreceptYield(band_d, tuple(lines), total, equivalents, reasons)


@dataclass(frozen=True)
class WhatItBuys:
    hours: int | None  # hours of care at the hourly rate, or None without a rate
    hourly_rate: int | None
    shares: tuple[tuple[str, int, int], ...]  # (policy title, the gap in pence, percent of it covered, at most 100)
    reasons: tuple[str, ...]


def what_it_buys(*, raises: int, hourly_rate: int | None, gaps: Mapping[str, int]) -> WhatItBuys:
    """What a year's precept pays for: hours of care at `hourly_rate`, and how much of each policy's extra cost."""
    reasons: list[str] = []
    hours = None
    if hourly_rate:
        hours = raises // hourly_rate
        reasons.append(f"{pounds(raises)} buys {hours:,} hours of care at {pounds(hourly_rate)} an hour.")
    shares = []
    for title, gap in gaps.items():
        if gap <= 0:
            continue
        percent = min(raises * 100 // gap, 100)
        shares.append((title, gap, percent))
        reasons.append(f"{title} costs the council {pounds(gap)} a year more than today's means test: the precept pays "
                       + (f"all of it, with {pounds(raises - gap)} left over." if raises >= gap else f"{percent}% of that."))
    return WhatItBuys(hours, hourly_rate, tuple(shares), tuple(reasons))
