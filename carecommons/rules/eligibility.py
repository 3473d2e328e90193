"""Care Act eligibility: the adult test (reg 2) and the carer's test (reg 3) of SI 2015/313.

Also recorded with each decision, though none changes it: the areas of well-being affected (Care Act
s1(2)), whether a carer is able and willing to go on caring (s10(5)), and whether an independent advocate
is needed (s67).

The Care and Support (Eligibility Criteria) Regulations 2015. The rules take the facts a
determination rests on and nothing else, and return a decision that says, in plain English,
which conditions held, which outcomes could not be achieved and why.

Fluctuating needs (reg 2(4) and 3(4)): where needs fluctuate, the facts given here must already
describe the adult's or carer's needs over a period long enough to see their extent (the whole
picture), not a good or bad day. The rules record this in every decision's reasons.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class AdultOutcome(StrEnum):
    """The specified outcomes of reg 2(2)(a)–(j)."""

    NUTRITION = "nutrition"
    PERSONAL_HYGIENE = "personal_hygiene"
    TOILET_NEEDS = "toilet_needs"
    CLOTHING = "clothing"
    HOME_SAFETY = "home_safety"
    HABITABLE_HOME = "habitable_home"
    RELATIONSHIPS = "relationships"
    WORK_TRAINING_EDUCATION_VOLUNTEERING = "work_training_education_volunteering"
    COMMUNITY_FACILITIES = "community_facilities"
    CARING_FOR_CHILD = "caring_for_child"


ADULT_OUTCOME_WORDS: dict[AdultOutcome, str] = {
    AdultOutcome.NUTRITION: "managing and maintaining nutrition (eating and drinking well)",
    AdultOutcome.PERSONAL_HYGIENE: "maintaining personal hygiene (keeping clean)",
    AdultOutcome.TOILET_NEEDS: "managing toilet needs",
    AdultOutcome.CLOTHING: "being appropriately clothed",
    AdultOutcome.HOME_SAFETY: "being able to make use of the home safely",
    AdultOutcome.HABITABLE_HOME: "maintaining a habitable home environment",
    AdultOutcome.RELATIONSHIPS: "developing and maintaining family or other personal relationships",
    AdultOutcome.WORK_TRAINING_EDUCATION_VOLUNTEERING: "accessing and engaging in work, training, education or volunteering",
    AdultOutcome.COMMUNITY_FACILITIES: "making use of necessary facilities or services in the local community, "
    "including public transport and recreational facilities",
    AdultOutcome.CARING_FOR_CHILD: "carrying out caring responsibilities for a child",
}


class Unable(StrEnum):
    """The four ways of being "unable to achieve" an outcome, reg 2(3)."""

    WITHOUT_ASSISTANCE = "without_assistance"
    PAIN_DISTRESS_ANXIETY = "pain_distress_anxiety"
    ENDANGERS_HEALTH_OR_SAFETY = "endangers_health_or_safety"
    TAKES_SIGNIFICANTLY_LONGER = "takes_significantly_longer"


UNABLE_WORDS: dict[Unable, str] = {
    Unable.WITHOUT_ASSISTANCE: "cannot do it without help",
    Unable.PAIN_DISTRESS_ANXIETY: "can do it without help, but it causes significant pain, distress or anxiety",
    Unable.ENDANGERS_HEALTH_OR_SAFETY: "can do it without help, but doing so endangers, or is likely to endanger, "
    "their health or safety or that of others",
    Unable.TAKES_SIGNIFICANTLY_LONGER: "can do it without help, but it takes significantly longer than would "
    "normally be expected",
}


class CarerOutcome(StrEnum):
    """The outcomes of reg 3(2)(b)(i)–(viii)."""

    CARING_FOR_CHILD = "caring_for_child"
    CARING_FOR_OTHERS = "caring_for_others"
    HABITABLE_HOME = "habitable_home"
    NUTRITION = "nutrition"
    RELATIONSHIPS = "relationships"
    WORK_TRAINING_EDUCATION_VOLUNTEERING = "work_training_education_volunteering"
    COMMUNITY_FACILITIES = "community_facilities"
    RECREATION = "recreation"


CARER_OUTCOME_WORDS: dict[CarerOutcome, str] = {
    CarerOutcome.CARING_FOR_CHILD: "carrying out any caring responsibilities for a child",
    CarerOutcome.CARING_FOR_OTHERS: "providing care to other people they care for",
    CarerOutcome.HABITABLE_HOME: "maintaining a habitable home environment",
    CarerOutcome.NUTRITION: "managing and maintaining nutrition",
    CarerOutcome.RELATIONSHIPS: "developing and maintaining family or other personal relationships",
    CarerOutcome.WORK_TRAINING_EDUCATION_VOLUNTEERING: "engaging in work, training, education or volunteering",
    CarerOutcome.COMMUNITY_FACILITIES: "making use of necessary facilities or services in the local community, "
    "including recreational facilities",
    CarerOutcome.RECREATION: "engaging in recreational activities",
}

# For a carer, "unable to achieve" has three meanings (reg 3(3)): "takes significantly longer" is an adult's only.
CARER_UNABLE = frozenset({Unable.WITHOUT_ASSISTANCE, Unable.PAIN_DISTRESS_ANXIETY, Unable.ENDANGERS_HEALTH_OR_SAFETY})


class WellbeingArea(StrEnum):
    """The areas of well-being of Care Act s1(2): what a "significant impact" is judged against."""

    DIGNITY = "dignity"
    HEALTH = "health"
    PROTECTION = "protection"
    CONTROL = "control"
    PARTICIPATION = "participation"
    SOCIAL_ECONOMIC = "social_economic"
    RELATIONSHIPS = "relationships"
    ACCOMMODATION = "accommodation"
    CONTRIBUTION = "contribution"


WELLBEING_WORDS: dict[WellbeingArea, str] = {
    WellbeingArea.DIGNITY: "personal dignity, including being treated with respect",
    WellbeingArea.HEALTH: "physical and mental health and emotional well-being",
    WellbeingArea.PROTECTION: "protection from abuse and neglect",
    WellbeingArea.CONTROL: "control over day-to-day life",
    WellbeingArea.PARTICIPATION: "participation in work, education, training or recreation",
    WellbeingArea.SOCIAL_ECONOMIC: "social and economic well-being",
    WellbeingArea.RELATIONSHIPS: "domestic, family and personal relationships",
    WellbeingArea.ACCOMMODATION: "suitability of living accommodation",
    WellbeingArea.CONTRIBUTION: "their contribution to society",
}

FLUCTUATING = (
    "Where needs change from day to day, this decision is based on the whole picture of the needs "
    "over time, not a good or bad day (regulations 2(4) and 3(4))."
)


@dataclass(frozen=True)
class AdultOutcomeFacts:
    unable: bool
    because: frozenset[Unable] = frozenset()


@dataclass(frozen=True)
class Advocacy:
    """Care Act s67: an independent advocate is needed when the person would have substantial difficulty being
    involved and there is no appropriate person to help them."""

    substantial_difficulty: bool = False
    appropriate_person: bool = True


@dataclass(frozen=True)
class AdultFacts:
    needs_from_impairment_or_illness: bool
    significant_impact_on_wellbeing: bool
    outcomes: Mapping[AdultOutcome, AdultOutcomeFacts] = field(default_factory=dict)
    wellbeing_areas: frozenset[WellbeingArea] = frozenset()
    advocacy: Advocacy = Advocacy()


@dataclass(frozen=True)
class CarerFacts:
    needs_from_providing_necessary_care: bool
    health_at_risk: bool
    significant_impact_on_wellbeing: bool
    unable: frozenset[CarerOutcome] = frozenset()
    because: Mapping[CarerOutcome, frozenset[Unable]] = field(default_factory=dict)  # the meanings of reg 3(3)
    wellbeing_areas: frozenset[WellbeingArea] = frozenset()
    able_and_willing_to_care: bool | None = None  # Care Act s10(5): asked in every carer's assessment
    advocacy: Advocacy = Advocacy()


@dataclass(frozen=True)
class EligibilityDecision:
    eligible: bool
    unmet_outcomes: tuple[str, ...]
    reasons: tuple[str, ...]
    conditions: Mapping[str, bool]


class FactsError(ValueError):
    """Facts that cannot be decided on, for example an outcome marked unable with no reason."""


def _check_meanings(outcome: str, because: frozenset[Unable], *, carer: bool) -> None:
    """Reg 2(3) and 3(3): "unable without assistance" excludes the "able, but…" meanings; carers have no
    "takes significantly longer"."""
    if Unable.WITHOUT_ASSISTANCE in because and len(because) > 1:
        raise FactsError(f"{outcome}: 'unable without assistance' cannot be combined with an 'able, but…' meaning")
    if carer and Unable.TAKES_SIGNIFICANTLY_LONGER in because:
        raise FactsError(f"{outcome}: 'takes significantly longer' is a meaning for adults only (reg 2(3)); a carer's "
                         "meanings are in reg 3(3)")


def _wellbeing_and_advocacy(areas: frozenset[WellbeingArea], advocacy: Advocacy) -> list[str]:
    reasons = []
    if areas:
        reasons.append("Well-being affected (Care Act s1(2)): "
                       + "; ".join(WELLBEING_WORDS[a] for a in WellbeingArea if a in areas) + ".")
    if advocacy.substantial_difficulty and not advocacy.appropriate_person:
        reasons.append("They would have substantial difficulty being involved and there is no appropriate person to "
                       "help: an independent advocate must be arranged (Care Act s67).")
    return reasons


def _order(keys: Iterable[str], enum: type[StrEnum]) -> list[str]:
    """The keys in the order the regulations list them."""
    chosen = {str(k) for k in keys}
    return [m.value for m in enum if m.value in chosen]


def decide_adult(facts: AdultFacts) -> EligibilityDecision:
    """Regulation 2: an adult's needs meet the eligibility criteria when all three conditions hold."""
    for outcome, o in facts.outcomes.items():
        if o.unable and not o.because:
            raise FactsError(f"{outcome.value}: say why the outcome cannot be achieved")
        if o.unable:
            _check_meanings(outcome.value, o.because, carer=False)
    unmet = _order((k for k, o in facts.outcomes.items() if o.unable), AdultOutcome)
    condition_1 = facts.needs_from_impairment_or_illness
    condition_2 = len(unmet) >= 2
    condition_3 = facts.significant_impact_on_wellbeing
    reasons: list[str] = []
    if condition_1:
        reasons.append("The needs arise from, or are related to, a physical or mental impairment or illness.")
    else:
        reasons.append(
            "The needs do not arise from a physical or mental impairment or illness, so the first condition "
            "is not met."
        )
    for key in unmet:
        outcome = AdultOutcome(key)
        ways = [UNABLE_WORDS[u] for u in Unable if u in facts.outcomes[outcome].because]
        reasons.append(f"They are unable to achieve {ADULT_OUTCOME_WORDS[outcome]}: they {'; or they '.join(ways)}.")
    if condition_2:
        reasons.append(f"They are unable to achieve {len(unmet)} of the specified outcomes; two or more are needed.")
    else:
        count = "none" if not unmet else "only one"
        reasons.append(
            f"They are unable to achieve {count} of the specified outcomes; two or more are needed, so the "
            "second condition is not met."
        )
    if condition_3:
        reasons.append("As a result there is, or is likely to be, a significant impact on their well-being.")
    else:
        reasons.append(
            "There is not, and is not likely to be, a significant impact on their well-being, so the third "
            "condition is not met."
        )
    reasons += _wellbeing_and_advocacy(facts.wellbeing_areas, facts.advocacy)
    eligible = condition_1 and condition_2 and condition_3
    reasons.append(
        "All three conditions of regulation 2 are met: the needs are eligible."
        if eligible
        else "Not all three conditions of regulation 2 are met: the needs are not eligible."
    )
    reasons.append(FLUCTUATING)
    return EligibilityDecision(
        eligible,
        tuple(unmet),
        tuple(reasons),
        {"needs_from_impairment_or_illness": condition_1, "two_or_more_outcomes": condition_2,
         "significant_impact_on_wellbeing": condition_3},
    )


def decide_carer(facts: CarerFacts) -> EligibilityDecision:
    """Regulation 3: a carer's needs meet the criteria when the three conditions hold.

    The second condition holds if the carer's health is, or is at risk of, deteriorating, OR
    they are unable to achieve any one of the specified outcomes. A carer can be eligible
    whether or not the adult they care for is.
    """
    for outcome, because in facts.because.items():
        if outcome in facts.unable:
            _check_meanings(outcome.value, because, carer=True)
    unmet = _order(facts.unable, CarerOutcome)
    condition_1 = facts.needs_from_providing_necessary_care
    condition_2 = facts.health_at_risk or bool(unmet)
    condition_3 = facts.significant_impact_on_wellbeing
    reasons: list[str] = []
    if condition_1:
        reasons.append("The needs arise from providing necessary care to an adult.")
    else:
        reasons.append("The needs do not arise from providing necessary care to an adult, so the first condition is not met.")
    if facts.health_at_risk:
        reasons.append("Their physical or mental health is, or is at risk of, deteriorating.")
    for key in unmet:
        ways = [UNABLE_WORDS[u] for u in Unable if u in facts.because.get(CarerOutcome(key), frozenset())]
        reasons.append(f"They are unable to achieve {CARER_OUTCOME_WORDS[CarerOutcome(key)]}"
                       + (f": they {'; or they '.join(ways)}." if ways else "."))
    if not condition_2:
        reasons.append(
            "Their health is not at risk of deteriorating and they can achieve all of the specified outcomes, "
            "so the second condition is not met."
        )
    if condition_3:
        reasons.append("As a result there is, or is likely to be, a significant impact on their well-being.")
    else:
        reasons.append(
            "There is not, and is not likely to be, a significant impact on their well-being, so the third "
            "condition is not met."
        )
    reasons += _wellbeing_and_advocacy(facts.wellbeing_areas, facts.advocacy)
    if facts.able_and_willing_to_care is False:
        reasons.append("They are not able, or not willing, to go on caring as they do now: support must take this into "
                       "account (Care Act s10(5)).")
    elif facts.able_and_willing_to_care is True:
        reasons.append("They are able and willing to go on caring (Care Act s10(5)).")
    eligible = condition_1 and condition_2 and condition_3
    reasons.append(
        "All three conditions of regulation 3 are met: the carer's needs are eligible, whether or not the "
        "person they care for has eligible needs."
        if eligible
        else "Not all three conditions of regulation 3 are met: the carer's needs are not eligible."
    )
    reasons.append(FLUCTUATING)
    return EligibilityDecision(
        eligible,
        tuple(unmet),
        tuple(reasons),
        {"needs_from_providing_necessary_care": condition_1, "health_or_outcome": condition_2,
         "significant_impact_on_wellbeing": condition_3},
    )
