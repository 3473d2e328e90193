"""Dated rates with their sources. Add a line each April (NLW) and May (Real Living Wage).

Figures are those in shared/docs/domain.md, section 6.
"""

from __future__ import annotations

import datetime as dt

from carecommons.rules.pa_pay import DatedRate, WageFloors

NLW_SOURCE = "National Minimum Wage (Amendment) Regulations; GOV.UK National Minimum Wage and National Living Wage rates"
RLW_SOURCE = "Living Wage Foundation, Real Living Wage rates"

WAGE_FLOORS = WageFloors(
    national_living_wage=(
        DatedRate(dt.date(2025, 4, 1), 1221, f"{NLW_SOURCE}, age 21 and over, April 2025"),
        DatedRate(dt.date(2026, 4, 1), 1271, f"{NLW_SOURCE}, age 21 and over, April 2026"),
    ),
    real_living_wage_uk=(
        DatedRate(dt.date(2025, 5, 1), 1260, f"{RLW_SOURCE}, UK, from May 2025"),
        DatedRate(dt.date(2026, 5, 1), 1345, f"{RLW_SOURCE}, UK, from May 2026"),
    ),
    real_living_wage_london=(
        DatedRate(dt.date(2025, 5, 1), 1385, f"{RLW_SOURCE}, London, from May 2025"),
        DatedRate(dt.date(2026, 5, 1), 1480, f"{RLW_SOURCE}, London, from May 2026"),
    ),
)
