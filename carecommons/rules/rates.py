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
    minimum_wage_18_20=(
        DatedRate(dt.date(2025, 4, 1), 1000, f"{NLW_SOURCE}, age 18 to 20, April 2025"),
        DatedRate(dt.date(2026, 4, 1), 1085, f"{NLW_SOURCE}, age 18 to 20, April 2026"),
    ),
    minimum_wage_under_18=(
        DatedRate(dt.date(2025, 4, 1), 755, f"{NLW_SOURCE}, under 18, April 2025"),
        DatedRate(dt.date(2026, 4, 1), 800, f"{NLW_SOURCE}, under 18, April 2026"),
    ),
    apprentice_rate=(
        DatedRate(dt.date(2025, 4, 1), 755, f"{NLW_SOURCE}, apprentices under 19 or in their first year, April 2025"),
        DatedRate(dt.date(2026, 4, 1), 800, f"{NLW_SOURCE}, apprentices under 19 or in their first year, April 2026"),
    ),
)

CHARGING_REGS = "SI 2014/2672 (Care and Support (Charging and Assessment of Resources) Regulations 2014)"
CAPITAL = {"upper_capital_limit": 2_325_000, "lower_capital_limit": 1_425_000, "tariff_step": 25_000}  # regs 12 and 25


def _mig(**known: int) -> dict[str, int | None]:
    """Every MIG category; those not given are None (not entered: a charge needing one is refused)."""
    categories = ("single_18_24", "single_25_to_pension_age", "single_pension_age", "couple_both_under_pension_age",
                  "couple_one_over_pension_age", "couple_both_over_pension_age")
    return {c: known.get(c) for c in categories}


CHARGING = (
    ChargingRates(
        year="2023-24", starts=dt.date(2023, 4, 1), ends=dt.date(2024, 3, 31), **CAPITAL,
        personal_expenses_allowance=2_825,
        minimum_income_guarantee=_mig(single_18_24=8_215, single_25_to_pension_age=10_365, single_pension_age=21_435),
        premiums={"disability": None, "enhanced_disability": None, "carer": None},
        dependent_child=9_490,
        source=f"{CHARGING_REGS}, MIG as amended by SI 2023/277; PEA 2023-24 (shared/docs/domain.md section 2)",
        unverified=("couples", "premiums"),
    ),
    ChargingRates(
        year="2024-25", starts=dt.date(2024, 4, 1), ends=dt.date(2025, 3, 31), **CAPITAL,
        personal_expenses_allowance=3_015,
        minimum_income_guarantee=_mig(),
        premiums={"disability": None, "enhanced_disability": None, "carer": None},
        source=f"{CHARGING_REGS}; PEA 2024-25 (shared/docs/domain.md section 2)",
        unverified=("every MIG category", "premiums", "dependent child"),
    ),
    ChargingRates(
        year="2025-26", starts=dt.date(2025, 4, 1), ends=dt.date(2026, 3, 31), **CAPITAL,
        personal_expenses_allowance=3_065,
        minimum_income_guarantee=_mig(single_18_24=8_915, single_25_to_pension_age=11_250),
        premiums={"disability": 4_965, "enhanced_disability": 2_425, "carer": None},
        source=f"{CHARGING_REGS} and the 2025-26 charging circular, as recorded in shared/docs/domain.md section 2",
        unverified=("single_pension_age", "couples", "carer premium", "dependent child"),
    ),
)

# Deferred payment agreements: the most a disposable income allowance can be, a week.
DISPOSABLE_INCOME_ALLOWANCE_MAX = 14_400
DISPOSABLE_INCOME_ALLOWANCE_SOURCE = ("Care and Support (Deferred Payment) Regulations 2014 (SI 2014/2671), as recorded in "
                                      "shared/docs/domain.md section 2: up to £144 a week")
