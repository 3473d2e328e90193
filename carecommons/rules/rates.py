"""Dated rates with their sources. Add a line each April (NLW) and May (Real Living Wage).

Figures are those in shared/docs/domain.md, section 6.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict

from carecommons.rules.charging import RATE_PREMIUMS, ChargingRates
from carecommons.rules.employer_costs import EmployerNIRates, PensionThresholds
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

# Employer's (secondary Class 1) National Insurance, category A, by tax year (6 April to 5 April). Pence.
NICS_2025 = "National Insurance Contributions (Secondary Class 1 Contributions) Act 2025"
EMPLOYER_NI = (
    EmployerNIRates(
        tax_year="2024-25", rate=Decimal("0.138"), weekly_threshold=17_500, monthly_threshold=75_800,
        employment_allowance=500_000,
        source="SSCBA 1992 s9(2) (13.8%) and SI 2001/1004 regs 10(d) and 11(3A) (£175 a week, £758 a month) as they "
               f"stood before {NICS_2025} ss1-2 replaced them; Employment Allowance £5,000, NICA 2014 s1(2)(a) as it "
               "stood before s3(2) of that Act",
    ),
    EmployerNIRates(
        tax_year="2025-26", rate=Decimal("0.15"), weekly_threshold=9_600, monthly_threshold=41_700,
        employment_allowance=1_050_000,
        source=f"{NICS_2025}: s1 (15%, SSCBA 1992 s9(2)), s2 (£96 a week, £417 a month, £5,000 a year, SI 2001/1004 "
               "regs 10(d) and 11(3A), for 2025-26), s3 (Employment Allowance £10,500, NICA 2014 s1(2)(a))",
    ),
    # 2026-27: the 15% rate and the £10,500 allowance are not limited to one year, but the secondary threshold of
    # s2 of the 2025 Act was set "for the tax year 2025-26" only, and the 2026-27 regulations have not been read.
    EmployerNIRates(
        tax_year="2026-27", rate=Decimal("0.15"), weekly_threshold=None, monthly_threshold=None,
        employment_allowance=1_050_000,
        source=f"SSCBA 1992 s9(2) as amended by {NICS_2025} s1; NICA 2014 s1(2)(a) as amended by s3",
        unverified=("the secondary threshold",),
    ),
)

# Automatic enrolment (Pensions Act 2008 ss3 and 13), by pay reference period; pence. The figures for each period
# are those The Pensions Regulator publishes ("Automatic enrolment earnings thresholds").
_AE_LOWER = {"week": 12_000, "fortnight": 24_000, "four_weeks": 48_000, "month": 52_000}  # £6,240 a year
_AE_TRIGGER = {"week": 19_200, "fortnight": 38_400, "four_weeks": 76_800, "month": 83_300}  # £10,000 a year
_AE_UPPER = {"week": 96_700, "fortnight": 193_400, "four_weeks": 386_700, "month": 418_900}  # £50,270 a year
_AE_SOURCE = ("Pensions Act 2008 s3(1) (earnings trigger £10,000), s13(1) (qualifying earnings £6,240 to £50,270), "
              "s20(1)(b) and s26(4)(b) (employer at least 3%); per pay period: The Pensions Regulator, "
              "Automatic enrolment earnings thresholds")
PENSION_THRESHOLDS = (
    PensionThresholds("2024-25", _AE_LOWER, _AE_TRIGGER, _AE_UPPER, Decimal("0.03"), f"{_AE_SOURCE}, 2024-2025"),
    PensionThresholds("2025-26", _AE_LOWER, _AE_TRIGGER, _AE_UPPER, Decimal("0.03"), f"{_AE_SOURCE}, 2025-2026"),
    PensionThresholds("2026-27", _AE_LOWER, _AE_TRIGGER, _AE_UPPER, Decimal("0.03"),
                      f"{_AE_SOURCE}; 2026-27 maintained at the 2025-26 levels: Written Ministerial Statement "
                      "HCWS1206, 18 December 2025 (the annual review, Pensions Act 2008 s14)"),
)

CHARGING_REGS = "SI 2014/2672 (Care and Support (Charging and Assessment of Resources) Regulations 2014)"
class _Capital(TypedDict):
    upper_capital_limit: int
    lower_capital_limit: int
    tariff_step: int


CAPITAL: _Capital = {"upper_capital_limit": 2_325_000, "lower_capital_limit": 1_425_000, "tariff_step": 25_000}  # regs 12, 25


def _premiums(**known: int) -> dict[str, int | None]:
    """Every premium figure, a couple's own included (reg 7(6)); those not given are None (not entered)."""
    return {p: known.get(p) for p in RATE_PREMIUMS}


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
        premiums=_premiums(),
        dependent_child=9_490,
        source=f"{CHARGING_REGS}, MIG as amended by SI 2023/277; PEA 2023-24 (shared/docs/domain.md section 2)",
        unverified=("couples", "premiums"),
    ),
    ChargingRates(
        year="2024-25", starts=dt.date(2024, 4, 1), ends=dt.date(2025, 3, 31), **CAPITAL,
        personal_expenses_allowance=3_015,
        minimum_income_guarantee=_mig(),
        premiums=_premiums(),
        source=f"{CHARGING_REGS}; PEA 2024-25 (shared/docs/domain.md section 2)",
        unverified=("every MIG category", "premiums", "dependent child"),
    ),
    ChargingRates(
        year="2025-26", starts=dt.date(2025, 4, 1), ends=dt.date(2026, 3, 31), **CAPITAL,
        personal_expenses_allowance=3_065,
        minimum_income_guarantee=_mig(single_18_24=8_915, single_25_to_pension_age=11_250),
        premiums=_premiums(disability=4_965, enhanced_disability=2_425),
        source=f"{CHARGING_REGS} and the 2025-26 charging circular, as recorded in shared/docs/domain.md section 2",
        unverified=("single_pension_age", "couples", "carer premium", "dependent child"),
    ),
)

# Where each charging figure above comes from, by year and figure key (rules.charging_figures). These are the
# rows the budgets app's data migration first puts in; an administrator adds later years with their sources.
_CAPITAL_SOURCE = ("SI 2014/2672 reg 12 (upper capital limit £23,250 and lower £14,250, unchanged since 2010) and "
                   "reg 25(1) (£1 a week of tariff income for every £250, or part of £250, between the limits); "
                   "shared/docs/domain.md section 2")
_PEA_SOURCE = ("SI 2014/2672 reg 6 (Personal Expenses Allowance), the amount for {year} in the DHSC local authority "
               "circular 'Social care: charging for care and support' for {year}, as recorded in shared/docs/domain.md "
               "section 2")
_MIG_2023 = "SI 2014/2672 reg 7{para}, as amended by SI 2023/277 (2023-24), as recorded in shared/docs/domain.md section 2"
_MIG_2025 = ("SI 2014/2672 reg 7{para}, as amended for 2025-26 (the 2025 amending regulations and charging circular), as "
             "recorded in shared/docs/domain.md section 2")


def _charging_sources(year: str, mig: str, paras: dict[str, str]) -> dict[str, str]:
    capital = dict.fromkeys(("upper_capital_limit", "lower_capital_limit", "tariff_step"), _CAPITAL_SOURCE)
    return {**capital, "personal_expenses_allowance": _PEA_SOURCE.format(year=year),
            **{key: mig.format(para=para) for key, para in paras.items()}}


CHARGING_SOURCES: dict[str, dict[str, str]] = {
    "2023-24": _charging_sources("2023-24", _MIG_2023, {"mig:single_18_24": "(2)(a)", "mig:single_25_to_pension_age": "(2)(b)",
                                                        "mig:single_pension_age": "(2)(c)", "dependent_child": "(1)(b)"}),
    "2024-25": _charging_sources("2024-25", "", {}),
    "2025-26": _charging_sources("2025-26", _MIG_2025, {"mig:single_18_24": "(2)(a)", "mig:single_25_to_pension_age": "(2)(b)",
                                                        "premium:disability": "(5)(a)", "premium:enhanced_disability": "(5)(b)"}),
}

# Deferred payment agreements: the most a disposable income allowance can be, a week.
DISPOSABLE_INCOME_ALLOWANCE_MAX = 14_400
DISPOSABLE_INCOME_ALLOWANCE_SOURCE = ("Care and Support (Deferred Payment) Regulations 2014 (SI 2014/2671), as recorded in "
                                      "shared/docs/domain.md section 2: up to £144 a week")
