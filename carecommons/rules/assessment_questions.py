"""The assessment's questions, about the person's own life, and how answers map onto the law.

People answer about eating, washing, getting out and seeing friends, not about "specified
outcomes". Each answer maps onto the outcome and the ways of being unable to achieve it in
SI 2015/313, so the eligibility rules read exactly what the person said.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from carecommons.rules.eligibility import AdultOutcome, CarerOutcome, Unable

ABLE = "able"
NOT_APPLICABLE = "not_applicable"
YES, NO, NOT_SURE = "yes", "no", "not_sure"


@dataclass(frozen=True)
class Choice:
    value: str
    text: str
    easy: str
    exclusive: bool = False


@dataclass(frozen=True)
class Question:
    key: str
    title: str
    easy_title: str
    hint: str
    easy_hint: str
    choices: tuple[Choice, ...]
    multiple: bool = False
    outcome: str = ""  # the outcome key this question answers, if any

    def choice_values(self) -> set[str]:
        return {c.value for c in self.choices}


ADULT_WAYS = (
    Choice(ABLE, "I can do this without any problems", "I can do this fine", exclusive=True),
    Choice(Unable.WITHOUT_ASSISTANCE.value, "I need someone to help me", "I need help"),
    Choice(Unable.PAIN_DISTRESS_ANXIETY.value, "It causes me a lot of pain, worry or upset", "It hurts, or makes me worried or upset"),
    Choice(Unable.ENDANGERS_HEALTH_OR_SAFETY.value, "It is not safe for me, or for other people", "It is not safe"),
    Choice(Unable.TAKES_SIGNIFICANTLY_LONGER.value, "It takes me a lot longer than it would take most people", "It takes me a long time"),
)

_ADULT_AREAS: tuple[tuple[AdultOutcome, str, str, str], ...] = (
    (AdultOutcome.NUTRITION, "Eating and drinking", "Food and drink",
     "Getting food and drink, making meals, and eating and drinking enough"),
    (AdultOutcome.PERSONAL_HYGIENE, "Keeping clean", "Keeping clean",
     "Washing, bathing or showering, and brushing your teeth"),
    (AdultOutcome.TOILET_NEEDS, "Using the toilet", "Using the toilet",
     "Getting to and using the toilet, and managing continence"),
    (AdultOutcome.CLOTHING, "Getting dressed", "Getting dressed",
     "Choosing clothes that suit the weather and putting them on"),
    (AdultOutcome.HOME_SAFETY, "Getting around your home safely", "Moving around your home",
     "Moving around your home, using the kitchen and bathroom, and getting in and out"),
    (AdultOutcome.HABITABLE_HOME, "Looking after your home", "Looking after your home",
     "Cleaning, laundry, keeping warm and paying the bills"),
    (AdultOutcome.RELATIONSHIPS, "Family and friends", "Family and friends",
     "Seeing family and friends, and keeping in touch with them"),
    (AdultOutcome.WORK_TRAINING_EDUCATION_VOLUNTEERING, "Work, learning or volunteering", "Work, learning or helping out",
     "Getting to and doing a job, a course or volunteering"),
    (AdultOutcome.COMMUNITY_FACILITIES, "Getting out and about", "Going out",
     "Using shops, buses, the doctor's, and places you enjoy going"),
    (AdultOutcome.CARING_FOR_CHILD, "Looking after children", "Looking after children",
     "Looking after any children you are responsible for"),
)

ADULT_QUESTIONS: tuple[Question, ...] = tuple(
    Question(
        key=outcome.value,
        title=f"{title}: how is it for you?",
        easy_title=f"{easy}: how is it for you?",
        hint=f"{hint}. Think about the whole picture, not just a good or a bad day. Select all that apply.",
        easy_hint="Think about most days. You can choose more than one.",
        choices=ADULT_WAYS + ((Choice(NOT_APPLICABLE, "This does not apply to me", "This is not about me", exclusive=True),)
                              if outcome is AdultOutcome.CARING_FOR_CHILD else ()),
        multiple=True,
        outcome=outcome.value,
    )
    for outcome, title, easy, hint in _ADULT_AREAS
)

_YES_NO_NOT_SURE = (
    Choice(YES, "Yes", "Yes"),
    Choice(NO, "No", "No"),
    Choice(NOT_SURE, "I am not sure", "I do not know"),
)

HEALTH = Question(
    "health", "Are things hard because of a health condition, disability, illness or injury?",
    "Are things hard because of your health or a disability?",
    "This can be physical or mental health, a learning disability, or memory problems like dementia.",
    "This can be your body, your mind, a learning disability or memory problems.",
    _YES_NO_NOT_SURE,
)
WELLBEING = Question(
    "wellbeing", "How much does this affect your life and well-being?",
    "How much does this change your life?",
    "Well-being means things like your health, feeling safe, your relationships, and having control over your day.",
    "Think about your health, feeling safe, the people you love, and choosing what you do.",
    (Choice(YES, "A lot: my life is much harder, or I think it soon will be", "A lot"),
     Choice(NO, "A little: I am managing", "A little"),
     Choice(NOT_SURE, "I am not sure", "I do not know")),
)
CARING = Question(
    "caring", "Do you look after an adult who could not manage without your help?",
    "Do you look after someone who needs your help?",
    "For example a partner, parent, son or daughter, friend or neighbour. It does not matter whether they get support.",
    "This could be family or a friend.",
    _YES_NO_NOT_SURE,
)
CARER_HEALTH = Question(
    "carer_health", "Is caring affecting your physical or mental health, or could it soon?",
    "Is caring making you ill, or could it soon?",
    "For example, being exhausted, not sleeping, back pain, or feeling low or anxious.",
    "For example, being very tired, hurting, or feeling sad or worried.",
    _YES_NO_NOT_SURE,
)

CARER_WAYS = (
    Choice(YES, "I can manage this", "I can do this"),
    Choice(NO, "Caring means I cannot manage this", "Caring stops me doing this"),
    Choice(NOT_APPLICABLE, "This does not apply to me", "This is not about me"),
)
_CARER_AREAS: tuple[tuple[CarerOutcome, str, str], ...] = (
    (CarerOutcome.CARING_FOR_CHILD, "Looking after children", "Looking after your children"),
    (CarerOutcome.CARING_FOR_OTHERS, "Caring for anyone else", "Looking after other people"),
    (CarerOutcome.HABITABLE_HOME, "Looking after your home", "Looking after your home"),
    (CarerOutcome.NUTRITION, "Eating and drinking well", "Eating and drinking"),
    (CarerOutcome.RELATIONSHIPS, "Family and friends", "Seeing people you love"),
    (CarerOutcome.WORK_TRAINING_EDUCATION_VOLUNTEERING, "Work, learning or volunteering", "Work, college or helping out"),
    (CarerOutcome.COMMUNITY_FACILITIES, "Getting out and using local services", "Going out"),
    (CarerOutcome.RECREATION, "Time for yourself: hobbies and things you enjoy", "Time for you"),
)
CARER_QUESTIONS: tuple[Question, ...] = tuple(
    Question(
        key=f"carer_{outcome.value}", title=f"{title}: can you manage it as well as caring?",
        easy_title=f"{easy}: can you do it as well as caring?",
        hint="Think about most weeks, not just a good or a bad one.", easy_hint="Think about most weeks.",
        choices=CARER_WAYS, outcome=outcome.value,
    )
    for outcome, title, easy in _CARER_AREAS
)


def questions_for(kind: str) -> tuple[Question, ...]:
    """Every question for an adult's or a carer's assessment, in the order they are asked."""
    if kind == "carer":
        return (CARING, CARER_HEALTH, *CARER_QUESTIONS, WELLBEING)
    return (*ADULT_QUESTIONS, HEALTH, WELLBEING)


def check_answer(question: Question, chosen: list[str]) -> str:
    """An error message saying how to put the answer right, or "" when it is fine."""
    if not chosen:
        return "Select all that apply" if question.multiple else "Select one answer"
    if not set(chosen) <= question.choice_values():
        return "Select one of the answers shown"
    if not question.multiple and len(chosen) > 1:
        return "Select one answer"
    exclusive = [c.text for c in question.choices if c.exclusive and c.value in chosen]
    if exclusive and len(chosen) > 1:
        return f"You cannot select '{exclusive[0]}' as well as another answer"
    meanings = [c for c in chosen if c in {u.value for u in Unable}]
    if Unable.WITHOUT_ASSISTANCE.value in meanings and len(meanings) > 1:
        helped = next(c.text for c in question.choices if c.value == Unable.WITHOUT_ASSISTANCE.value)
        return (f"If '{helped}', choose only that. The other answers are for things you can do on your own, "
                "but with difficulty")
    return ""


def _tristate(value: str | None) -> bool | None:
    return {YES: True, NO: False}.get(value or "")


def facts_from_answers(kind: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The facts rules.eligibility reads, from the person's answers. Unanswered or unsure is None."""
    def chosen(key: str) -> list[str]:
        return list(answers.get(key, {}).get("chosen", []))

    def first(key: str) -> str | None:
        c = chosen(key)
        return c[0] if c else None

    if kind == "carer":
        outcomes = {}
        for q in CARER_QUESTIONS:
            c = chosen(q.key)
            if c and c[0] in (YES, NO):
                outcomes[q.outcome] = {"unable": c[0] == NO}
        return {
            "needs_from_providing_necessary_care": _tristate(first("caring")),
            "health_at_risk": _tristate(first("carer_health")),
            "significant_impact_on_wellbeing": _tristate(first("wellbeing")),
            "outcomes": outcomes,
        }
    adult_outcomes: dict[str, dict[str, Any]] = {}
    for q in ADULT_QUESTIONS:
        c = chosen(q.key)
        if not c or NOT_APPLICABLE in c:
            continue
        because = [u.value for u in Unable if u.value in c]
        if Unable.WITHOUT_ASSISTANCE.value in because:  # reg 2(3): unable without help excludes "able, but..."
            because = [Unable.WITHOUT_ASSISTANCE.value]
        adult_outcomes[q.outcome] = {"unable": bool(because), "because": because}
    return {
        "needs_from_impairment_or_illness": _tristate(first("health")),
        "significant_impact_on_wellbeing": _tristate(first("wellbeing")),
        "outcomes": adult_outcomes,
    }


def undecided(facts: Mapping[str, Any]) -> list[str]:
    """The conditions still unknown (the person was not sure), which a practitioner must settle."""
    return [k for k, v in facts.items() if k != "outcomes" and v is None]
