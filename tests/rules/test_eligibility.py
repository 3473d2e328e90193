"""SI 2015/313, regulations 2 and 3, table by table."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules.eligibility import (
    AdultFacts,
    AdultOutcome,
    AdultOutcomeFacts,
    CarerFacts,
    CarerOutcome,
    FactsError,
    Unable,
    decide_adult,
    decide_carer,
)

HELP = AdultOutcomeFacts(unable=True, because=frozenset({Unable.WITHOUT_ASSISTANCE}))
ABLE = AdultOutcomeFacts(unable=False)


def adult(impairment=True, impact=True, **outcomes):
    return AdultFacts(impairment, impact, {AdultOutcome(k): v for k, v in outcomes.items()})


@pytest.mark.parametrize(
    ("facts", "eligible", "unmet"),
    [
        (adult(nutrition=HELP, personal_hygiene=HELP), True, ("nutrition", "personal_hygiene")),
        (adult(nutrition=HELP), False, ("nutrition",)),  # exactly one outcome: not enough
        (adult(), False, ()),
        (adult(nutrition=HELP, clothing=ABLE), False, ("nutrition",)),
        (adult(impairment=False, nutrition=HELP, clothing=HELP), False, ("nutrition", "clothing")),
        (adult(impact=False, nutrition=HELP, clothing=HELP), False, ("nutrition", "clothing")),
        (adult(impairment=False, impact=False), False, ()),
        (adult(caring_for_child=HELP, community_facilities=HELP, toilet_needs=HELP), True,
         ("toilet_needs", "community_facilities", "caring_for_child")),
    ],
)
def test_adult_three_conditions(facts, eligible, unmet):
    decision = decide_adult(facts)
    assert decision.eligible is eligible
    assert decision.unmet_outcomes == unmet
    assert decision.reasons[-1].startswith("Where needs change")


@pytest.mark.parametrize("outcome", list(AdultOutcome))
@pytest.mark.parametrize("way", list(Unable))
def test_every_outcome_and_every_way_of_being_unable_counts_and_is_explained(outcome, way):
    other = AdultOutcome.RELATIONSHIPS if outcome is not AdultOutcome.RELATIONSHIPS else AdultOutcome.NUTRITION
    facts = AdultFacts(True, True, {outcome: AdultOutcomeFacts(True, frozenset({way})), other: HELP})
    decision = decide_adult(facts)
    assert decision.eligible and outcome.value in decision.unmet_outcomes
    words = {Unable.WITHOUT_ASSISTANCE: "without help", Unable.PAIN_DISTRESS_ANXIETY: "pain, distress or anxiety",
             Unable.ENDANGERS_HEALTH_OR_SAFETY: "endanger", Unable.TAKES_SIGNIFICANTLY_LONGER: "significantly longer"}
    assert any(words[way] in r for r in decision.reasons)


def test_the_reasons_name_each_condition_that_failed():
    decision = decide_adult(adult(impairment=False, impact=False, nutrition=HELP))
    text = " ".join(decision.reasons)
    assert "first condition is not met" in text and "second condition is not met" in text and "third condition is not met" in text
    assert decision.conditions == {"needs_from_impairment_or_illness": False, "two_or_more_outcomes": False,
                                   "significant_impact_on_wellbeing": False}


def test_an_outcome_marked_unable_with_no_reason_cannot_be_decided():
    with pytest.raises(FactsError, match="nutrition"):
        decide_adult(adult(nutrition=AdultOutcomeFacts(True)))


def test_several_ways_are_all_given():
    both = AdultOutcomeFacts(True, frozenset({Unable.PAIN_DISTRESS_ANXIETY, Unable.TAKES_SIGNIFICANTLY_LONGER}))
    decision = decide_adult(adult(clothing=both, nutrition=HELP))
    clothing = next(r for r in decision.reasons if "appropriately clothed" in r)
    assert "pain, distress or anxiety" in clothing and "significantly longer" in clothing


outcome_facts = st.dictionaries(
    st.sampled_from(list(AdultOutcome)),
    st.builds(AdultOutcomeFacts, st.booleans(), st.one_of(  # reg 2(3): "without help" alone, or the "able, but..." meanings
        st.just(frozenset({Unable.WITHOUT_ASSISTANCE})),
        st.frozensets(st.sampled_from([u for u in Unable if u is not Unable.WITHOUT_ASSISTANCE]), min_size=1))),
)


@given(st.booleans(), st.booleans(), outcome_facts, st.sampled_from(list(AdultOutcome)))
def test_adding_an_unmet_outcome_never_makes_an_eligible_adult_ineligible(impairment, impact, outcomes, extra):
    before = decide_adult(AdultFacts(impairment, impact, outcomes))
    after = decide_adult(AdultFacts(impairment, impact, {**outcomes, extra: HELP}))
    assert not before.eligible or after.eligible


@given(st.booleans(), outcome_facts)
def test_impact_not_significant_always_means_not_eligible(impairment, outcomes):
    assert not decide_adult(AdultFacts(impairment, False, outcomes)).eligible


@pytest.mark.parametrize(
    ("care", "health", "impact", "unable", "eligible"),
    [
        (True, True, True, set(), True),  # health at risk and no outcome unmet
        (True, False, True, {CarerOutcome.RECREATION}, True),  # any one outcome is enough
        (True, False, True, set(), False),
        (False, True, True, {CarerOutcome.NUTRITION}, False),
        (True, True, False, {CarerOutcome.NUTRITION}, False),  # impact not significant
        (True, False, True, set(CarerOutcome), True),
    ],
)
def test_carer_three_conditions(care, health, impact, unable, eligible):
    decision = decide_carer(CarerFacts(care, health, impact, frozenset(unable)))
    assert decision.eligible is eligible
    assert decision.unmet_outcomes == tuple(o.value for o in CarerOutcome if o in unable)


@pytest.mark.parametrize("outcome", list(CarerOutcome))
def test_every_carer_outcome_alone_meets_the_second_condition(outcome):
    decision = decide_carer(CarerFacts(True, False, True, frozenset({outcome})))
    assert decision.eligible and decision.conditions["health_or_outcome"]


def test_a_carer_decision_says_it_does_not_depend_on_the_cared_for_person():
    decision = decide_carer(CarerFacts(True, True, True))
    assert "whether or not the person they care for" in " ".join(decision.reasons)


@given(st.booleans(), st.booleans(), st.booleans(), st.frozensets(st.sampled_from(list(CarerOutcome))))
def test_carer_eligible_exactly_when_the_regulation_says(care, health, impact, unable):
    assert decide_carer(CarerFacts(care, health, impact, unable)).eligible == (care and (health or bool(unable)) and impact)


def test_all_combinations_of_adult_conditions():
    for impairment, impact, n in itertools.product([True, False], [True, False], range(0, 4)):
        outcomes = dict.fromkeys(list(AdultOutcome)[:n], HELP)
        assert decide_adult(AdultFacts(impairment, impact, outcomes)).eligible == (impairment and impact and n >= 2)


# --- Issue 13: the meanings of "unable", well-being areas, willingness to care, advocacy --------------

def test_unable_without_assistance_cannot_be_combined_with_an_able_but_meaning():
    from carecommons.rules.eligibility import (
        AdultFacts,
        AdultOutcome,
        AdultOutcomeFacts,
        FactsError,
        Unable,
        decide_adult,
    )

    mixed = AdultOutcomeFacts(True, frozenset({Unable.WITHOUT_ASSISTANCE, Unable.PAIN_DISTRESS_ANXIETY}))
    with pytest.raises(FactsError, match="cannot be combined"):
        decide_adult(AdultFacts(True, True, {AdultOutcome.NUTRITION: mixed}))


def test_a_carer_has_three_meanings_of_unable_not_takes_longer():
    from carecommons.rules.eligibility import CarerFacts, CarerOutcome, FactsError, Unable, decide_carer

    longer = CarerFacts(True, False, True, frozenset({CarerOutcome.RECREATION}),
                        because={CarerOutcome.RECREATION: frozenset({Unable.TAKES_SIGNIFICANTLY_LONGER})})
    with pytest.raises(FactsError, match="adults only"):
        decide_carer(longer)
    pain = CarerFacts(True, False, True, frozenset({CarerOutcome.RECREATION}),
                      because={CarerOutcome.RECREATION: frozenset({Unable.PAIN_DISTRESS_ANXIETY})})
    d = decide_carer(pain)
    assert d.eligible and any("significant pain, distress or anxiety" in r for r in d.reasons)
    mixed = CarerFacts(True, False, True, frozenset({CarerOutcome.NUTRITION}),
                       because={CarerOutcome.NUTRITION: frozenset({Unable.WITHOUT_ASSISTANCE, Unable.ENDANGERS_HEALTH_OR_SAFETY})})
    with pytest.raises(FactsError, match="cannot be combined"):
        decide_carer(mixed)


def test_wellbeing_areas_willingness_and_advocacy_are_recorded_in_the_reasons():
    from carecommons.rules.eligibility import Advocacy, CarerFacts, CarerOutcome, WellbeingArea, decide_carer

    d = decide_carer(CarerFacts(True, True, True, frozenset({CarerOutcome.RECREATION}),
                                wellbeing_areas=frozenset({WellbeingArea.HEALTH, WellbeingArea.RELATIONSHIPS}),
                                able_and_willing_to_care=False,
                                advocacy=Advocacy(substantial_difficulty=True, appropriate_person=False)))
    text = " ".join(d.reasons)
    assert "physical and mental health" in text and "domestic, family and personal relationships" in text
    assert "s10(5)" in text and "independent advocate must be arranged (Care Act s67)" in text
    assert d.eligible, "none of these changes the decision"
