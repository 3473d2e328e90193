"""The public eligibility calculator, /api/v1/. Anyone may use it; it stores nothing.

The same functions (`adult_decision`, `carer_decision`) decide eligibility for the assessment
pages, so the calculator and the determinations can never disagree.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field, StrictBool, model_validator

from carecommons.core.api import ErrorsOut
from carecommons.rules.eligibility import (
    AdultFacts,
    AdultOutcome,
    AdultOutcomeFacts,
    Advocacy,
    CarerFacts,
    CarerOutcome,
    EligibilityDecision,
    FactsError,
    Unable,
    WellbeingArea,
    decide_adult,
    decide_carer,
)

STRICT = ConfigDict(extra="forbid")
AdultKey = Literal[tuple(o.value for o in AdultOutcome)]  # type: ignore[valid-type]
CarerKey = Literal[tuple(o.value for o in CarerOutcome)]  # type: ignore[valid-type]
Reason = Literal[tuple(u.value for u in Unable)]  # type: ignore[valid-type]
CarerReason = Literal[tuple(u.value for u in Unable if u is not Unable.TAKES_SIGNIFICANTLY_LONGER)]  # type: ignore[valid-type]
WellbeingKey = Literal[tuple(w.value for w in WellbeingArea)]  # type: ignore[valid-type]


# Reg 2(3) and 3(3): "unable without assistance" stands alone; the schema says so, and the rules refuse it too.
ONLY_WITHOUT_HELP = {
    "if": {"properties": {"because": {"contains": {"const": "without_assistance"}}}, "required": ["because"]},
    "then": {"properties": {"because": {"maxItems": 1}}},
}


class AdultOutcomeIn(Schema):
    # The schema says what the validator checks: an outcome marked unable needs a reason.
    model_config = ConfigDict(extra="forbid", json_schema_extra={"allOf": [
        {"if": {"properties": {"unable": {"const": True}}, "required": ["unable"]},
         "then": {"properties": {"because": {"minItems": 1}}, "required": ["because"]}},
        ONLY_WITHOUT_HELP,
    ]})
    unable: StrictBool
    because: list[Reason] = Field(default_factory=list, description="Required when unable is true")

    @model_validator(mode="after")
    def a_reason_when_unable(self) -> AdultOutcomeIn:
        if self.unable and not self.because:
            raise ValueError("an outcome marked unable needs at least one reason in 'because'")
        return self


class AdvocacyIn(Schema):
    model_config = STRICT
    substantial_difficulty: StrictBool = False
    appropriate_person: StrictBool = True


class AdultIn(Schema):
    model_config = STRICT
    needs_from_impairment_or_illness: StrictBool
    significant_impact_on_wellbeing: StrictBool
    outcomes: dict[AdultKey, AdultOutcomeIn] = Field(default_factory=dict)
    wellbeing_areas: list[WellbeingKey] = Field(default_factory=list, description="Care Act s1(2): the areas affected")
    advocacy: AdvocacyIn = Field(default_factory=AdvocacyIn, description="Care Act s67")


class CarerOutcomeIn(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ONLY_WITHOUT_HELP)
    unable: StrictBool
    because: list[CarerReason] = Field(default_factory=list, description="The meanings of reg 3(3); 'takes "
                                       "significantly longer' is an adult's meaning only (reg 2(3)) and is refused")


class CarerIn(Schema):
    model_config = STRICT
    needs_from_providing_necessary_care: StrictBool
    health_at_risk: StrictBool
    significant_impact_on_wellbeing: StrictBool
    outcomes: dict[CarerKey, CarerOutcomeIn] = Field(default_factory=dict)
    wellbeing_areas: list[WellbeingKey] = Field(default_factory=list, description="Care Act s1(2): the areas affected")
    able_and_willing_to_care: StrictBool | None = Field(None, description="Care Act s10(5)")
    advocacy: AdvocacyIn = Field(default_factory=AdvocacyIn, description="Care Act s67")


class DecisionOut(Schema):
    eligible: bool
    unmet_outcomes: list[str]
    reasons: list[str]


def adult_decision(data: AdultIn) -> EligibilityDecision:
    return decide_adult(AdultFacts(
        data.needs_from_impairment_or_illness,
        data.significant_impact_on_wellbeing,
        {AdultOutcome(k): AdultOutcomeFacts(v.unable, frozenset(Unable(u) for u in v.because))
         for k, v in data.outcomes.items()},
        wellbeing_areas=frozenset(WellbeingArea(w) for w in data.wellbeing_areas),
        advocacy=Advocacy(data.advocacy.substantial_difficulty, data.advocacy.appropriate_person),
    ))


def carer_decision(data: CarerIn) -> EligibilityDecision:
    return decide_carer(CarerFacts(
        data.needs_from_providing_necessary_care,
        data.health_at_risk,
        data.significant_impact_on_wellbeing,
        frozenset(CarerOutcome(k) for k, v in data.outcomes.items() if v.unable),
        because={CarerOutcome(k): frozenset(Unable(u) for u in v.because) for k, v in data.outcomes.items()
                 if v.unable and v.because},
        wellbeing_areas=frozenset(WellbeingArea(w) for w in data.wellbeing_areas),
        able_and_willing_to_care=data.able_and_willing_to_care,
        advocacy=Advocacy(data.advocacy.substantial_difficulty, data.advocacy.appropriate_person),
    ))


router = Router(tags=["eligibility"])


@router.post("/eligibility/adult", response={200: DecisionOut, 400: ErrorsOut}, summary="Is an adult's need eligible?")
def eligibility_adult(request: HttpRequest, data: AdultIn) -> Any:
    """Regulation 2: needs from an impairment or illness; unable to achieve two or more outcomes; a significant impact on well-being."""
    try:
        d = adult_decision(data)
    except FactsError as refused:
        return Status(400, {"errors": [{"field": "outcomes", "message": str(refused)}]})
    return {"eligible": d.eligible, "unmet_outcomes": list(d.unmet_outcomes), "reasons": list(d.reasons)}


@router.post("/eligibility/carer", response={200: DecisionOut, 400: ErrorsOut}, summary="Is a carer's need eligible?")
def eligibility_carer(request: HttpRequest, data: CarerIn) -> Any:
    """Regulation 3: needs from caring; health at risk or unable to achieve any one outcome; a significant impact on well-being."""
    try:
        d = carer_decision(data)
    except FactsError as refused:
        return Status(400, {"errors": [{"field": "outcomes", "message": str(refused)}]})
    return {"eligible": d.eligible, "unmet_outcomes": list(d.unmet_outcomes), "reasons": list(d.reasons)}
