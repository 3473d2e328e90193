"""The only code that writes assessments and determinations."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from carecommons.assessments.api import AdultIn, CarerIn, adult_decision, carer_decision
from carecommons.assessments.models import Assessment, Determination
from carecommons.conversations.models import Conversation
from carecommons.people.models import Person
from carecommons.rules.assessment_questions import check_answer, facts_from_answers, questions_for, undecided
from carecommons.rules.eligibility import EligibilityDecision, FactsError


class AssessmentError(Exception):
    """Something about an assessment cannot be done; the message says why in plain English."""


@transaction.atomic
def assessment_start(
    *, person: Person, kind: str, completed_by_kind: str, user: Any, organisation: Any = None,
    conversation: Conversation | None = None, cares_for_name: str = "", cares_for: Person | None = None,
) -> Assessment:
    """Start a draft. From a conversation, what matters, strengths and outcomes arrive pre-filled."""
    if kind not in Assessment.Kind.values:
        raise AssessmentError("Choose an adult's assessment or a carer's assessment")
    now = timezone.now()
    strengths = ""
    if conversation is not None:
        if conversation.person_id != person.pk:
            raise AssessmentError("That conversation is not with this person")
        strengths = "\n".join(
            s for s in (conversation.strengths_own, conversation.strengths_family_friends, conversation.strengths_community) if s
        )
    return Assessment.objects.create(
        person=person, kind=kind, completed_by_kind=completed_by_kind, completed_by=user, organisation=organisation,
        from_conversation=conversation, cares_for_name=cares_for_name, cares_for=cares_for if kind == "carer" else None,
        what_matters=conversation.what_matters if conversation else "",
        strengths=strengths, outcomes_wanted=conversation.outcomes if conversation else "",
        created_at=now, updated_at=now,
    )


def _editable(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != Assessment.Status.DRAFT:
        raise AssessmentError("This assessment has been sent, so it can no longer be changed here.")
    return locked


@transaction.atomic
def assessment_answer(*, assessment: Assessment, key: str, chosen: list[str], words: str = "") -> Assessment:
    """Save one answer. Saving is how people come back later: nothing is lost between pages."""
    locked = _editable(assessment)
    question = next((q for q in questions_for(locked.kind) if q.key == key), None)
    if question is None:
        raise AssessmentError("That question is not part of this assessment")
    error = check_answer(question, chosen)
    if error:
        raise AssessmentError(error)
    answers = dict(locked.answers)
    answers[key] = {"chosen": chosen, "words": words.strip()}
    locked.answers = answers
    locked.facts = facts_from_answers(locked.kind, answers)
    locked.updated_at = timezone.now()
    locked.save(update_fields=["answers", "facts", "updated_at"])
    return locked


@transaction.atomic
def assessment_about(*, assessment: Assessment, what_matters: str, strengths: str, outcomes_wanted: str, fluctuating: str) -> Assessment:
    locked = _editable(assessment)
    locked.what_matters, locked.strengths = what_matters.strip(), strengths.strip()
    locked.outcomes_wanted, locked.fluctuating = outcomes_wanted.strip(), fluctuating.strip()
    locked.updated_at = timezone.now()
    locked.save(update_fields=["what_matters", "strengths", "outcomes_wanted", "fluctuating", "updated_at"])
    return locked


def unanswered(assessment: Assessment) -> list[str]:
    return [q.key for q in questions_for(assessment.kind) if q.key not in assessment.answers]


@transaction.atomic
def assessment_submit(*, assessment: Assessment) -> Assessment:
    locked = _editable(assessment)
    missing = unanswered(locked)
    if missing:
        raise AssessmentError(f"Answer every question before sending: {len(missing)} still to answer")
    if not locked.what_matters:
        raise AssessmentError("Tell us what matters to you before sending")
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at"])
    return locked


def decide(kind: str, facts: dict[str, Any]) -> EligibilityDecision | None:
    """The law's answer on these facts, by the same code as the public calculator; None if a condition is unknown."""
    if undecided(facts):
        return None
    try:
        if kind == "carer":
            return carer_decision(CarerIn(**facts))
        return adult_decision(AdultIn(**facts))
    except FactsError as refused:
        raise AssessmentError(str(refused)) from None


@transaction.atomic
def determination_make(*, assessment: Assessment, practitioner: Any, facts: dict[str, Any], reasons: str) -> Determination:
    """A practitioner determines eligibility: agreeing with the facts as assessed, or changing them with reasons."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != Assessment.Status.SUBMITTED:
        raise AssessmentError("Only an assessment that has been sent and not yet determined can be determined")
    decision = decide(locked.kind, facts)
    if decision is None:
        raise AssessmentError("Answer every condition before determining")
    changed = sorted(k for k in set(facts) | set(locked.facts) if facts.get(k) != locked.facts.get(k))
    if changed and not reasons.strip():
        raise AssessmentError("You changed what was assessed: give your reasons, so the person can see why")
    determination = Determination.objects.create(
        assessment=locked, decided_by=practitioner, decided_at=timezone.now(), facts=facts, changed_facts=changed,
        practitioner_reasons=reasons.strip(), eligible=decision.eligible, unmet_outcomes=list(decision.unmet_outcomes),
        reasons=list(decision.reasons),
    )
    locked.status = Assessment.Status.DETERMINED
    locked.save(update_fields=["status"])
    return determination
