"""Where the charging rates in force come from: the one place the budgets app asks for them.

Every caller (the budget's contribution, the public API, the funding comparison, the financial
assessment) asks `charging_rates_on(day)`, which refuses a day no row covers with the year named.
"""

from __future__ import annotations

import datetime as dt

from carecommons.rules.charging import ChargingRates, rates_on
from carecommons.rules.rates import CHARGING


def charging_table() -> tuple[ChargingRates, ...]:
    """Every year's charging rates that have been entered, oldest first."""
    return tuple(sorted(CHARGING, key=lambda r: r.starts))


def charging_rates_on(day: dt.date) -> ChargingRates:
    """The rates covering `day`; raises ChargingError naming the year when none do."""
    return rates_on(charging_table(), day)


def last_rates() -> ChargingRates:
    """The latest year entered, to offer a day that can be worked out."""
    return max(charging_table(), key=lambda r: r.ends)
