"""Answering an assessment for the fictional demo area: the same answers the demo's practitioners give."""

from __future__ import annotations

import random

from carecommons.assessments import services
from carecommons.assessments.models import Assessment
from carecommons.rules.assessment_questions import questions_for

UNABLE = ("without_assistance", "pain_distress_anxiety", "takes_significantly_longer", "endangers_health_or_safety")


def answer_and_send(assessment: Assessment, *, rng: random.Random, hard: set[str]) -> Assessment:
    """Answer every adult question (the `hard` ones with a way the person is unable), then send it."""
    for q in questions_for("adult"):
        if q.key in ("health", "wellbeing"):
            chosen = ["yes"]
        elif q.key == "caring_for_child":
            chosen = ["not_applicable"]
        else:
            chosen = [rng.choice(UNABLE)] if q.key in hard else ["able"]
        services.assessment_answer(assessment=assessment, key=q.key, chosen=chosen)
    return services.assessment_submit(assessment=assessment)


def everyday_keys() -> list[str]:
    return [q.key for q in questions_for("adult")[:9]]
