"""ASCOF 2B, 2C, 2E and 3D on hand-made CLD files, each answer counted by hand from DHSC's definitions.

Every file is one submission stated to cover 1 April 2023 to 31 March 2026 (fewer than 100 events, so the
stated period is used: 2-reporting-periods.md); the year measured is 2025-26 (1 April 2025 to 31 March 2026).
Ages are DHSC's: whole years from the first of the month of birth, days / 365.25.
"""

from __future__ import annotations

from datetime import date

from carecommons.outcomes.engine.measures import compute
from carecommons.outcomes.engine.results import Breakdown
from carecommons.outcomes.tests.cld_files import submission, write_cld

START, END = date(2025, 4, 1), date(2026, 3, 31)
WHOLE_HISTORY = submission("2023-04-01", "2026-03-31")


def service(person, start, end="", *, born="1950-01-01", kind="Long term support: Community", **extra):
    return {
        "LA_Person_Unique_Identifier": person,
        "Date_of_Birth": born,
        "Client_Type": "Service user",
        "Event_Type": "Service",
        "Event_Start_Date": start,
        "Event_End_Date": end,
        "Service_Type": kind,
        **extra,
    }


def measure(tmp_path, rows, **kw):
    path = write_cld(tmp_path / "cld.csv", rows, **WHOLE_HISTORY)
    return compute([path], start=START, end=END, **kw)


RES = "Long term support: Residential care"
NURSING = "Long term support: Nursing care"


def test_2b_2c_count_new_care_home_admissions_per_100000(tmp_path):
    # Counted by hand (Create_ASCOF_2B2C_2425_Onwards.sql):
    #  P1  residential from 1 Jun 2025, born May 1950: 75 at admission            -> 2C
    #  P2  nursing from 1 Sep 2025, born Jan 1980: 45                             -> 2B
    #  P3  residential 2023 to 31 May 2025, again from 1 Jul 2025: ended 31 days before, not new
    #  P4  residential Jan to 1 May 2024, again from 1 Aug 2025: 457 days later, new; 80 -> 2C
    #  P5  admission ending as self-funded                                          -> not counted
    #  P6  a short stay ("Short term residential care")                             -> not counted
    #  P7  aged 15                                                                  -> not counted
    #  P8  a carer, not a person receiving care                                     -> not counted
    #  P9  no date of birth                                                         -> not counted
    #  P10 long-term support in the community, not a care home                      -> not counted
    #  P11 residential from 10 Apr 2025 (63), nursing from 1 Feb 2026: once, in 2B  -> 2B
    #  P13 admitted 1 Feb 2025, before the year                                     -> not counted
    # 2B: P2, P11 = 2 of 200,000 -> 1.0 per 100,000.  2C: P1, P4 = 2 of 100,000 -> 2.0.
    rows = [
        service("P1", "2025-06-01", born="1950-05-20", kind=RES, Gender="Female"),
        service("P2", "2025-09-01", born="1980-01-10", kind=NURSING),
        service("P3", "2023-01-01", "2025-05-31", born="1940-03-03", kind=RES),
        service("P3", "2025-07-01", born="1940-03-03", kind=RES),
        service("P4", "2024-01-01", "2024-05-01", born="1945-02-02", kind=RES, Gender="Male"),
        service("P4", "2025-08-01", born="1945-02-02", kind=RES, Gender="Male"),
        service(
            "P5",
            "2025-05-01",
            "2025-07-01",
            kind=RES,
            Event_Outcome="NFA: Self-funded client or under 12wk disregard",
        ),
        service("P6", "2025-06-01", kind=RES, Service_Component="Short term residential care"),
        service("P7", "2025-06-01", born="2010-01-01", kind=RES),
        {**service("P8", "2025-06-01", kind=RES), "Client_Type": "Unpaid carer"},
        service("P9", "2025-06-01", born="", kind=RES),
        service("P10", "2025-06-01"),
        service("P11", "2025-04-10", born="1962-01-15", kind=RES),
        service("P11", "2026-02-01", born="1962-01-15", kind=NURSING),
        service("P13", "2025-02-01", kind=RES),
    ]
    results = measure(tmp_path, rows, population={"18-64": 200_000, "65+": 100_000})
    assert (results["2B"].numerator, results["2B"].denominator, results["2B"].value) == (2, 200_000, 1.0)
    assert (results["2C"].numerator, results["2C"].denominator, results["2C"].value) == (2, 100_000, 2.0)
    sexes = [b for b in results["2C"].breakdowns if b.dimension == "sex"]
    assert sexes == [Breakdown("sex", "Female", 1, None), Breakdown("sex", "Male", 1, None)]
    ages = [b for b in results["2C"].breakdowns if b.dimension == "age_band"]
    assert ages == [Breakdown("age_band", "75 to 84", 2, None)]


def test_2b_2c_without_a_population_count_but_give_no_rate(tmp_path):
    results = measure(tmp_path, [service("P2", "2025-09-01", born="1980-01-10", kind=NURSING)])
    assert (results["2B"].numerator, results["2B"].value) == (1, None)
    assert "No population" in results["2B"].reason


def test_2e_proportion_living_at_home_or_with_family(tmp_path):
    # Counted by hand (Create_ASCOF_2E_2425_Onwards.sql, all primary support reasons):
    #  Q1  40, community support, owner occupier                          -> 18-64, at home
    #  Q2  50, residential care, registered care home                      -> 18-64, not at home
    #  Q3  80, home support ended 31 Oct 2025, status not given: presumed at home from the service -> 65+, at home
    #  Q4  died 1 Feb 2025, before the year                                 -> not counted
    #  Q5  support ended 15 Mar 2025, before the year                       -> not counted
    #  Q6  67, community equipment, status "Unknown": presumed in community -> 65+, not at home
    #  Q7  17                                                               -> not counted
    #  Q8  born Sep 1960, support ended 30 Jun 2025 when 64 (65 by the year's end): age at the service's end
    #      -> 18-64, living with family: at home
    #  Q9  a carer                                                          -> not counted
    #  Q10 reablement only (short-term)                                     -> not counted
    # 18-64: Q1, Q8 of Q1, Q2, Q8 = 2/3 = 66.7%.  65+: Q3 of Q3, Q6 = 1/2 = 50.0%.
    rows = [
        service(
            "Q1",
            "2024-01-01",
            born="1985-06-01",
            Accommodation_Status="Owner occupier or shared ownership scheme",
        ),
        service("Q2", "2025-01-01", born="1975-03-01", kind=RES, Accommodation_Status="Registered care home"),
        service(
            "Q3",
            "2024-06-01",
            "2025-10-31",
            born="1945-01-01",
            Service_Component="Home support or domiciliary care",
        ),
        service(
            "Q4",
            "2024-01-01",
            born="1955-01-01",
            Accommodation_Status="Tenant: Private landlord",
            Date_of_Death="2025-02-01",
        ),
        service(
            "Q5",
            "2024-01-01",
            "2025-03-15",
            born="1955-01-01",
            Accommodation_Status="Tenant: Private landlord",
        ),
        service(
            "Q6",
            "2024-01-01",
            born="1959-01-01",
            Accommodation_Status="Unknown",
            Service_Component="Equipment",
        ),
        service("Q7", "2024-01-01", born="2009-01-01", Accommodation_Status="Tenant: Private landlord"),
        service(
            "Q8",
            "2024-01-01",
            "2025-06-30",
            born="1960-09-15",
            Accommodation_Status="Settled mainstream housing with family or friends",
        ),
        {
            **service("Q9", "2024-01-01", Accommodation_Status="Tenant: Private landlord"),
            "Client_Type": "Unpaid carer",
        },
        service(
            "Q10",
            "2025-05-01",
            "2025-06-01",
            kind="Short term support: ST-Max",
            Accommodation_Status="Tenant: Private landlord",
        ),
    ]
    results = measure(tmp_path, rows)
    young, old = results["2E_18_64"], results["2E_65_plus"]
    assert (young.numerator, young.denominator, young.value) == (2, 3, 66.7)
    assert (old.numerator, old.denominator, old.value) == (1, 2, 50.0)


def test_3d_people_with_self_directed_support_and_direct_payments_on_the_last_day(tmp_path):
    # Counted by hand (Create_ASCOF_3D_2425_Onwards.sql, clients), on 31 March 2026:
    #  R1  community, direct payment                                 -> in, self-directed, direct payment
    #  R2  community, managed personal budget                        -> in, self-directed
    #  R3  community, commissioned support                           -> in
    #  R4  community direct payment and a residential placement: counted in the care home -> out
    #  R5  commissioned, but the component is a direct payment       -> in, self-directed, direct payment
    #  R6  direct payment ended 31 Jan 2026                          -> out
    #  R7  died 1 Mar 2026                                           -> out
    #  R8  community, no delivery mechanism                          -> in
    #  R9  direct payment and a managed budget: the direct payment   -> in, self-directed, direct payment
    #  R10 aged 16                                                   -> out
    #  R11 no date of birth, managed budget (in the total)           -> in, self-directed
    # 1a: R1, R2, R5, R9, R11 of 7 = 71.4%.  2a: R1, R5, R9 of 7 = 42.9%.
    dp, pb, cs = "Direct payment", "CASSR managed personal budget", "CASSR commissioned support"
    rows = [
        service("R1", "2025-01-01", Delivery_Mechanism=dp),
        service("R2", "2025-01-01", Delivery_Mechanism=pb),
        service("R3", "2025-01-01", Delivery_Mechanism=cs),
        service("R4", "2025-01-01", Delivery_Mechanism=dp),
        service("R4", "2025-06-01", kind=RES),
        service("R5", "2025-01-01", Delivery_Mechanism=cs, Service_Component="Direct payment"),
        service("R6", "2025-01-01", "2026-01-31", Delivery_Mechanism=dp),
        service("R7", "2025-01-01", Delivery_Mechanism=dp, Date_of_Death="2026-03-01"),
        service("R8", "2025-01-01"),
        service("R9", "2025-01-01", Delivery_Mechanism=dp),
        service("R9", "2025-02-01", Delivery_Mechanism=pb),
        service("R10", "2025-01-01", born="2010-01-01", Delivery_Mechanism=dp),
        service("R11", "2025-01-01", born="", Delivery_Mechanism=pb),
    ]
    results = measure(tmp_path, rows)
    assert (results["3D_1a"].numerator, results["3D_1a"].denominator, results["3D_1a"].value) == (5, 7, 71.4)
    assert (results["3D_2a"].numerator, results["3D_2a"].denominator, results["3D_2a"].value) == (3, 7, 42.9)
    ages = [b for b in results["3D_1a"].breakdowns if b.dimension == "age_band"]
    assert ages == [Breakdown("age_band", "75 to 84", 4, 6), Breakdown("age_band", "Unknown", 1, 1)]


def test_3d_carers_with_self_directed_support_and_direct_payments_in_the_year(tmp_path):
    # Counted by hand (Create_ASCOF_3D_2425_Onwards.sql, carers), in 2025-26:
    #  C1  support direct to the carer by direct payment                          -> in, self-directed, DP
    #  C2  by managed personal budget                                            -> in, self-directed
    #  C3  commissioned                                                          -> in
    #  C4  commissioned and a direct payment: the direct payment                 -> in, self-directed, DP
    #  C5  direct support, mechanism not given                                   -> out
    #  C6  an assessment only                                                     -> out
    #  C7  a direct payment that ended 1 Mar 2025, before the year               -> out
    #  C8  support involving the person cared for                                -> out
    #  C9  Release 1 client type "Carer" with a direct payment (mapped to Unpaid carer) -> in, self-directed, DP
    #  C10 a person receiving care (not a carer) with carer support              -> out
    # 1b: C1, C2, C4, C9 of 5 = 80.0%.  2b: C1, C4, C9 of 5 = 60.0%.
    direct = "Unpaid carer support: Direct to unpaid carer"
    dp, pb, cs = "Direct payment", "CASSR managed personal budget", "CASSR commissioned support"

    def carer(person, start="2025-06-01", end="2025-09-30", **extra):
        row = service(person, start, end, born="1970-01-01", kind=direct, **extra)
        row["Client_Type"] = "Unpaid carer"
        return row

    rows = [
        carer("C1", Delivery_Mechanism=dp),
        carer("C2", Delivery_Mechanism=pb),
        carer("C3", Delivery_Mechanism=cs),
        carer("C4", Delivery_Mechanism=cs),
        carer("C4", "2025-10-01", "", Delivery_Mechanism=dp),
        carer("C5"),
        {
            **carer("C6", "2025-05-01", "2025-05-10"),
            "Event_Type": "Assessment",
            "Service_Type": "",
            "Assessment_Type": "Long term assessment",
        },
        carer("C7", "2024-06-01", "2025-03-01", Delivery_Mechanism=dp),
        {**carer("C8"), "Service_Type": "Unpaid carer support: Support involving the person cared-for"},
        {**carer("C9", Delivery_Mechanism=dp), "Client_Type": "Carer"},
        {**carer("C10", Delivery_Mechanism=dp), "Client_Type": "Service user"},
    ]
    results = measure(tmp_path, rows)
    assert (results["3D_1b"].numerator, results["3D_1b"].denominator, results["3D_1b"].value) == (4, 5, 80.0)
    assert (results["3D_2b"].numerator, results["3D_2b"].denominator, results["3D_2b"].value) == (3, 5, 60.0)


def test_measures_with_nobody_to_count_say_why(tmp_path):
    results = measure(tmp_path, [service("P1", "2025-06-01", kind="Short term support: ST-Max")])
    for key in ("2E_18_64", "2E_65_plus", "3D_1a", "3D_2a", "3D_1b", "3D_2b"):
        assert results[key].value is None and results[key].denominator == 0 and results[key].reason


def test_one_built_table_measures_several_periods_as_separate_builds_do(tmp_path):
    from carecommons.outcomes.engine.measures import compute_on
    from carecommons.outcomes.engine.pipeline import build_main, connect, load

    rows = [
        service("A", "2024-06-01", kind=RES, born="1940-01-01"),
        service("B", "2025-06-01", kind=RES, born="1940-01-01"),
        service("C", "2024-01-01", "2025-01-31", Delivery_Mechanism="Direct payment"),
    ]
    path = write_cld(tmp_path / "cld.csv", rows, **WHOLE_HISTORY)
    con = connect()
    load(con, [path])
    build_main(con, START, END)
    pop = {"18-64": 1000, "65+": 1000}
    for first, last in ((date(2024, 4, 1), date(2025, 3, 31)), (START, END)):
        shared = {k: v.as_json() for k, v in compute_on(con, start=first, end=last, population=pop).items()}
        alone = {k: v.as_json() for k, v in compute([path], start=first, end=last, population=pop).items()}
        assert shared == alone
    # 2024-25: A admitted (C's direct payment ended before the year's last day); 2025-26: B admitted.
    assert compute([path], start=date(2024, 4, 1), end=date(2025, 3, 31), population=pop)["2C"].numerator == 1
