"""The decisions behind ASCOF 2A, 2D and the waiting times (carecommons.rules.ascof_short_term)."""

from __future__ import annotations

from datetime import date

from carecommons.rules import ascof_short_term as R


def test_2a_numerator_is_the_denominator_without_long_term_support_or_a_care_home() -> None:
    assert set(R.NUMERATOR_OUTCOMES) < set(R.DENOMINATOR_OUTCOMES)
    assert set(R.DENOMINATOR_OUTCOMES) - set(R.NUMERATOR_OUTCOMES) == {
        "Long term support: Community", "Long term support: Nursing care", "Long term support: Residential care",
        "Long term support: Prison", "Short term support: Residential or Nursing care"}


def test_2a_deaths_hospital_and_unclassifiable_outcomes_count_nowhere() -> None:
    for outcome in (R.DECEASED, R.ADMITTED_TO_HOSPITAL, *R.UNCLASSIFIABLE_OUTCOMES):
        assert outcome not in R.DENOMINATOR_OUTCOMES


def test_sequel_steps_are_tried_in_dhsc_order() -> None:
    assert [s.code for s in R.SEQUEL_STEPS] == ["1", "2", "3", "4a", "4b", "4c", "5", "6"]
    assert all(s.reason for s in R.SEQUEL_STEPS)


def test_service_order_puts_care_homes_first_and_short_term_last() -> None:
    assert R.SEQUEL_SERVICE_ORDER[:2] == ("Long term support: Nursing care", "Long term support: Residential care")
    assert R.SEQUEL_SERVICE_ORDER[-1] == "Short term support: Other short term"


def test_age_is_whole_years_of_365_and_a_quarter_days() -> None:
    assert R.age_on(date(1960, 3, 1), date(2025, 2, 28)) == 64
    assert R.age_on(date(1960, 3, 1), date(2025, 3, 1)) == 64  # 23,741 days / 365.25 = 64.999
    assert R.age_on(date(1960, 3, 1), date(2025, 3, 2)) == 65


def test_age_bands() -> None:
    assert [R.working_age_band(a) for a in (None, 17, 18, 64, 65)] == [
        "Unknown", "Under 18", "18 to 64", "18 to 64", "65 and above"]
    assert [R.older_age_band(a) for a in (64, 65, 74, 75, 84, 85, None)] == [
        None, "65-74", "65-74", "75-84", "75-84", "85+", None]


def test_2d_follows_dhscs_84_days() -> None:
    assert R.FOLLOW_UP_DAYS == 12 * 7


def test_every_value_the_short_term_measures_compare_is_in_the_release_2_lists() -> None:
    # The SQL compares cleaned values exactly, so a spelling that drifted from the pipeline's would silently
    # count nothing. Every value must be one the cleaning can produce (carecommons.rules.cld).
    from carecommons.rules import cld

    def known(field: str) -> set[str]:
        return set(cld.VALUE_LISTS.get(field, ())) | set(cld.KNOWN_VALUES.get(field, ()))

    services = known("Service_Type")
    assert set(R.SEQUEL_SERVICE_ORDER) <= services
    assert set(R.CARE_HOME_SERVICE_TYPES) | set(R.EXISTING_CLIENT_SHORT_TERM_TYPES) <= services
    assert {R.REABLEMENT_COMPONENT, R.EQUIPMENT, *R.SHORT_TERM_CARE_HOME_COMPONENTS} <= known("Service_Component")
    assert R.SERVICE_USER in known("Client_Type")
    assert set(R.WAIT_ASSESSMENT_TYPES) <= known("Assessment_Type")
    outcomes = set(cld.EVENT_OUTCOME_HIERARCHY) | {cld.INVALID_NOT_MAPPED}
    assert set(R.UNCLASSIFIABLE_OUTCOMES) <= outcomes
    assert set(R.ASSESSMENT_PROGRESS_TO_SERVICE) <= outcomes
    assert {R.ADMITTED_TO_HOSPITAL, R.DECEASED, R.NFA_SUPPORT_ENDED_AS_PLANNED} <= outcomes
    assert {o for o in R.DENOMINATOR_OUTCOMES if o.startswith("NFA")} <= outcomes
    assert set(R.REQUEST_OUTCOME_GROUPS_EXCLUDED) <= set(cld.EVENT_OUTCOME_GROUPS.values())
