"""What the engine gives back: a measure's figures, why it could not be worked out, and its breakdowns.

The shape the `ascof` command prints, the public page publishes and the tests compare."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Breakdown:
    """One group of one breakdown: `dimension` is "age_band", "sex", "ethnicity" or "primary_support_reason"."""

    dimension: str
    group: str
    numerator: int
    denominator: int | None  # None for 2B and 2C, whose denominator is the population


@dataclass(frozen=True)
class MeasureResult:
    """One measure for one period. `value` is a percentage to one decimal place, or per 100,000 population
    for 2B and 2C; None (with `reason` in plain English) when it cannot be worked out."""

    key: str  # "2A", "2B", "2C", "2D", "2E_18_64", "2E_65_plus", "3D_1a", "3D_2a", "3D_1b", "3D_2b", ...
    numerator: int | None
    denominator: int | None
    value: float | None
    reason: str = ""
    breakdowns: tuple[Breakdown, ...] = field(default=())

    def as_json(self) -> dict[str, int | float | None]:
        return {"numerator": self.numerator, "denominator": self.denominator, "value": self.value}
