"""The demo area's assessments: the answers the demo's practitioners give, and a few assessments started
from conversations and waiting for a determination. Called by `manage.py demo_area` (carecommons/demo)."""

from __future__ import annotations

import random
from typing import Any

from carecommons.assessments import services
from carecommons.assessments.models import Assessment, ContinuityRecord, Determination
from carecommons.conversations.models import Conversation
from carecommons.people.models import Person
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


def wipe() -> None:
    for model in (ContinuityRecord, Determination, Assessment):
        model._default_manager.all().delete()


def build(*, rng: random.Random, practitioner: Any, me: Person) -> None:
    """A few assessments `practitioner` started from conversations, sent and waiting for a determination."""
    conversations = (
        Conversation.objects.filter(practitioner=practitioner).exclude(person=me)
        .select_related("person").order_by("-held_on", "id")[:3]
    )
    for conversation in conversations:
        a = services.assessment_start(
            person=conversation.person, kind="adult", completed_by_kind="practitioner", user=practitioner,
            conversation=conversation)
        answer_and_send(a, rng=rng, hard=set(rng.sample(everyday_keys(), rng.randint(1, 4))))
