"""Dated rates with their sources. Add a line each April (NLW) and May (Real Living Wage).

Figures are those in shared/docs/domain.md, section 6.
"""

from __future__ import annotations

import datetime as dt

from carecommons.rules.charging import ChargingRates
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

CHARGING = (
    ChargingRates(
        year="2025-26",
        starts=dt.date(2025, 4, 1),
        upper_capital_limit=2_325_000,
        lower_capital_limit=1_425_000,
        tariff_step=25_000,
        personal_expenses_allowance=3_065,
        minimum_income_guarantee={
            "single_18_24": 8_915,
            "single_25_to_pension_age": 11_250,
            "single_pension_age": None,  # unverified: 2023-24 was £214.35
            "couple": None,  # unverified
        },
        premiums={"disability": 4_965, "enhanced_disability": 2_425, "carer": None},  # carer premium unverified
        source="SI 2014/2672 and the 2025-26 charging circular, as recorded in shared/docs/domain.md section 2",
        unverified=("single_pension_age", "couple", "carer premium"),
    ),
)
