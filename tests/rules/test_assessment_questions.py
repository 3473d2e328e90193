from carecommons.rules.assessment_questions import (
    ADULT_QUESTIONS,
    CARER_QUESTIONS,
    HEALTH,
    check_answer,
    facts_from_answers,
    questions_for,
    undecided,
)
from carecommons.rules.eligibility import AdultOutcome, CarerOutcome


def test_every_outcome_has_exactly_one_question_in_everyday_words():
    assert [q.outcome for q in ADULT_QUESTIONS] == [o.value for o in AdultOutcome]
    assert [q.outcome for q in CARER_QUESTIONS] == [o.value for o in CarerOutcome]
    for q in ADULT_QUESTIONS + CARER_QUESTIONS:
        assert "outcome" not in q.title.lower() and q.easy_title and q.easy_hint


def test_answers_map_onto_the_outcomes_and_reasons():
    facts = facts_from_answers("adult", {
        "nutrition": {"chosen": ["without_assistance", "pain_distress_anxiety"]},
        "clothing": {"chosen": ["able"]},
        "caring_for_child": {"chosen": ["not_applicable"]},
        "health": {"chosen": ["yes"]},
        "wellbeing": {"chosen": ["not_sure"]},
    })
    assert facts["outcomes"] == {
        # reg 2(3): "unable without assistance" excludes the "able, but..." meanings, so an older answer keeps only it
        "nutrition": {"unable": True, "because": ["without_assistance"]},
        "clothing": {"unable": False, "because": []},
    }
    assert facts["needs_from_impairment_or_illness"] is True and facts["significant_impact_on_wellbeing"] is None
    assert undecided(facts) == ["significant_impact_on_wellbeing"]


def test_carer_answers():
    facts = facts_from_answers("carer", {"caring": {"chosen": ["yes"]}, "carer_health": {"chosen": ["no"]},
                                         "carer_recreation": {"chosen": ["no"]}, "carer_nutrition": {"chosen": ["not_applicable"]},
                                         "wellbeing": {"chosen": ["yes"]}})
    assert facts == {"needs_from_providing_necessary_care": True, "health_at_risk": False,
                     "significant_impact_on_wellbeing": True, "outcomes": {"recreation": {"unable": True}}}


def test_checking_answers():
    nutrition = questions_for("adult")[0]
    assert check_answer(nutrition, []) == "Select all that apply"
    assert "cannot select" in check_answer(nutrition, ["able", "without_assistance"])
    assert "choose only that" in check_answer(nutrition, ["without_assistance", "takes_significantly_longer"])
    assert check_answer(nutrition, ["pain_distress_anxiety", "takes_significantly_longer"]) == ""
    assert check_answer(HEALTH, ["yes", "no"]) == "Select one answer"
    assert check_answer(HEALTH, ["maybe"]) == "Select one of the answers shown"
