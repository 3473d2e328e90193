"""Adult safeguarding: the s42(1) decision, the other routes a concern can take, and the life of a concern.

Care Act 2014 s42(1): the council must make (or cause) enquiries where it has reasonable cause to suspect
that an adult in its area
  (a) has needs for care and support (whether or not the council is meeting any of those needs),
  (b) is experiencing, or is at risk of, abuse or neglect, and
  (c) as a result of those needs is unable to protect himself or herself against the abuse or neglect or
      the risk of it.
Where all three are met the council must enquire: no other route may be chosen instead. Where they are not,
the council may still make an enquiry (an "other enquiry" in the Safeguarding Adults Collection) or take
another route; every route needs reasons in words.

Making Safeguarding Personal: the person (or their representative) is asked at the start what outcome they
want, and at the end whether it was fully, partially or not achieved; and the Safeguarding Adults Collection
asks what happened to the risk (removed, reduced or remains). So a closed enquiry always says what happened
to the risk, and says whether the outcomes were achieved wherever they were asked.

Pure: no Django, no clock; times are parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from carecommons.rules.suppression import FEWER_THAN_5, suppress

S42_REFERENCE = "Care Act 2014, section 42(1)"
S42_DUTY_REFERENCE = "Care Act 2014, section 42(2)"
ADVOCACY_REFERENCE = "Care Act 2014, section 68"
REASONS_MIN_WORDS = 5


# --- The three tests --------------------------------------------------------------------------------------------

class S42Test(StrEnum):
    NEEDS = "needs"
    ABUSE_OR_NEGLECT = "abuse_or_neglect"
    UNABLE_TO_PROTECT = "unable_to_protect"


TEST_QUESTIONS: Mapping[S42Test, str] = {
    S42Test.NEEDS: "Is there reasonable cause to suspect they have needs for care and support? (It does not matter "
                "whether the council is meeting any of them.)",
    S42Test.ABUSE_OR_NEGLECT: "Is there reasonable cause to suspect they are experiencing abuse or neglect, or are at "
                           "risk of it?",
    S42Test.UNABLE_TO_PROTECT: "Is there reasonable cause to suspect that, because of those needs, they cannot protect "
                            "themselves from the abuse or neglect, or the risk of it?",
}
TEST_MET: Mapping[S42Test, str] = {
    S42Test.NEEDS: "They may have needs for care and support (whether or not the council is meeting them).",
    S42Test.ABUSE_OR_NEGLECT: "They may be experiencing abuse or neglect, or be at risk of it.",
    S42Test.UNABLE_TO_PROTECT: "Because of those needs, they may not be able to protect themselves.",
}
TEST_NOT_MET: Mapping[S42Test, str] = {
    S42Test.NEEDS: "There is no reason to think they have needs for care and support.",
    S42Test.ABUSE_OR_NEGLECT: "There is no reason to think they are experiencing abuse or neglect, or are at risk of it.",
    S42Test.UNABLE_TO_PROTECT: "There is no reason to think their needs stop them protecting themselves.",
}


@dataclass(frozen=True)
class S42Decision:
    duty: bool  # all three tests met: the council must enquire (s42(2))
    met: tuple[S42Test, ...]
    not_met: tuple[S42Test, ...]
    reasons: tuple[str, ...]  # in plain words, one a line
    reference: str = S42_REFERENCE


def s42_decision(*, needs: bool, abuse_or_neglect: bool, unable_to_protect: bool) -> S42Decision:
    """The s42(1) decision from the three answers ("is there reasonable cause to suspect ...").

    The third test is about the needs in the first ("as a result of those needs"), so it cannot be met
    without the first: an answer of yes to it alone is read as not met, and the reasons say why.
    """
    answers = {S42Test.NEEDS: needs, S42Test.ABUSE_OR_NEGLECT: abuse_or_neglect,
               S42Test.UNABLE_TO_PROTECT: unable_to_protect and needs}
    met = tuple(t for t in S42Test if answers[t])
    not_met = tuple(t for t in S42Test if not answers[t])
    reasons = [TEST_MET[t] if answers[t] else TEST_NOT_MET[t] for t in S42Test]
    if unable_to_protect and not needs:
        reasons[2] = ("The third test is about the needs in the first. With no care and support needs, it cannot be "
                      "met.")
    duty = not not_met
    if duty:
        reasons.append(f"All three tests are met, so the council must make enquiries ({S42_REFERENCE}).")
    else:
        count = len(not_met)
        reasons.append(f"{'One test is' if count == 1 else f'{count} tests are'} not met, so there is no duty to "
                       f"make enquiries under {S42_REFERENCE}. Another route may still be right.")
    return S42Decision(duty, met, not_met, tuple(reasons))


# --- Routes out of triage ---------------------------------------------------------------------------------------

class Route(StrEnum):
    S42_ENQUIRY = "s42_enquiry"
    OTHER_ENQUIRY = "other_enquiry"  # an enquiry the council chooses to make without the s42 duty
    INFORMATION_AND_ADVICE = "information_and_advice"
    NEEDS_ASSESSMENT = "needs_assessment"
    REFERRAL = "referral"  # to another agency: police, NHS, housing, a provider's own process
    NO_FURTHER_ACTION = "no_further_action"


ROUTE_WORDS: Mapping[Route, str] = {
    Route.S42_ENQUIRY: "A section 42 enquiry",
    Route.OTHER_ENQUIRY: "Another safeguarding enquiry (not under section 42)",
    Route.INFORMATION_AND_ADVICE: "Information and advice",
    Route.NEEDS_ASSESSMENT: "A needs assessment",
    Route.REFERRAL: "A referral to another agency",
    Route.NO_FURTHER_ACTION: "No further action",
}
ENQUIRY_ROUTES = frozenset({Route.S42_ENQUIRY, Route.OTHER_ENQUIRY})


@dataclass(frozen=True)
class TriageCheck:
    ok: bool
    decision: S42Decision
    problems: Mapping[str, str]  # field → message


def _words(text: str) -> list[str]:
    return [w for w in " ".join(text.split()).split(" ") if any(c.isalpha() for c in w)]


def check_triage(*, needs: bool, abuse_or_neglect: bool, unable_to_protect: bool, route: str, reasons: str,
                 referred_to: str = "") -> TriageCheck:
    """Whether a triage decision may be recorded: the route fits the s42(1) decision, and reasons are given."""
    decision = s42_decision(needs=needs, abuse_or_neglect=abuse_or_neglect, unable_to_protect=unable_to_protect)
    problems: dict[str, str] = {}
    if route not in set(Route):
        problems["route"] = "Choose what happens next"
    elif decision.duty and route != Route.S42_ENQUIRY:
        problems["route"] = ("All three tests are met, so the council must make a section 42 enquiry. Choose a "
                             "section 42 enquiry, or change your answers to the tests.")
    elif not decision.duty and route == Route.S42_ENQUIRY:
        problems["route"] = ("A section 42 enquiry needs all three tests to be met. Choose another route, or change "
                             "your answers to the tests.")
    elif route == Route.REFERRAL and not referred_to.strip():
        problems["referred_to"] = "Say which agency you are referring to"
    if len(_words(reasons)) < REASONS_MIN_WORDS:
        problems["reasons"] = f"Give your reasons in at least {REASONS_MIN_WORDS} words"
    return TriageCheck(not problems, decision, problems)


# --- The life of a concern --------------------------------------------------------------------------------------

class State(StrEnum):
    RAISED = "raised"
    TRIAGED = "triaged"
    ENQUIRY_OPEN = "enquiry_open"
    CLOSED = "closed"


STATE_WORDS: Mapping[State, str] = {
    State.RAISED: "New: waiting for triage",
    State.TRIAGED: "Triaged",
    State.ENQUIRY_OPEN: "Enquiry open",
    State.CLOSED: "Closed",
}

# What may be written in each state (beyond the concern as raised): the fields each state's work records.
FIELDS_BY_STATE: Mapping[State, frozenset[str]] = {
    State.RAISED: frozenset({"abuse_types", "location", "source_of_risk", "person"}),
    State.TRIAGED: frozenset({"needs", "abuse_or_neglect", "unable_to_protect", "route", "reasons", "referred_to",
                              "decided_by"}),
    State.ENQUIRY_OPEN: frozenset({"outcomes_asked", "desired_outcomes", "not_asked_why", "advocate", "lacks_capacity",
                                   "abuse_types", "location", "source_of_risk"}),
    State.CLOSED: frozenset({"outcomes_achieved", "risk", "risk_why", "closure_reasons"}),
}


def can_move(*, state: State, to: State, route: Route | None = None) -> bool:
    """Which transitions a concern may make: raised → triaged; triaged → enquiry open (an enquiry route only) or
    closed (any other route); enquiry open → closed. Nothing leaves closed."""
    if state is State.RAISED:
        return to is State.TRIAGED
    if state is State.TRIAGED:
        if to is State.ENQUIRY_OPEN:
            return route in ENQUIRY_ROUTES
        return to is State.CLOSED and route is not None and route not in ENQUIRY_ROUTES
    if state is State.ENQUIRY_OPEN:
        return to is State.CLOSED
    return False


def next_states(*, state: State, route: Route | None = None) -> tuple[State, ...]:
    return tuple(s for s in State if can_move(state=state, to=s, route=route))


# --- Closing an enquiry: Making Safeguarding Personal and the risk ------------------------------------------------

class OutcomesAsked(StrEnum):
    YES = "yes"  # asked, and they said what they wanted
    YES_NO_VIEW = "yes_no_view"  # asked, and they did not say
    NO = "no"  # not asked (with why)


class Achieved(StrEnum):
    FULLY = "fully"
    PARTIALLY = "partially"
    NOT = "not"


class Risk(StrEnum):
    REMOVED = "removed"
    REDUCED = "reduced"
    REMAINS = "remains"


ACHIEVED_WORDS: Mapping[Achieved, str] = {
    Achieved.FULLY: "Fully achieved", Achieved.PARTIALLY: "Partly achieved", Achieved.NOT: "Not achieved",
}
RISK_WORDS: Mapping[Risk, str] = {
    Risk.REMOVED: "The risk was removed", Risk.REDUCED: "The risk was reduced", Risk.REMAINS: "The risk remains",
}


OUTCOMES_ASKED_WORDS: Mapping[OutcomesAsked, str] = {
    OutcomesAsked.YES: "Yes, and they said what they want",
    OutcomesAsked.YES_NO_VIEW: "Yes, but they did not say what they want",
    OutcomesAsked.NO: "No",
}


@dataclass(frozen=True)
class Advocacy:
    needed: bool
    reason: str
    reference: str = ADVOCACY_REFERENCE


def advocate_needed(*, substantial_difficulty: bool, appropriate_person: bool) -> Advocacy:
    """Care Act s68: an independent advocate must be arranged for an enquiry where the person would have
    substantial difficulty being involved and there is no appropriate person to help them."""
    if not substantial_difficulty:
        return Advocacy(False, "They can take part without substantial difficulty, so an independent advocate is not "
                               "required (they may still have one).")
    if appropriate_person:
        return Advocacy(False, "They would have substantial difficulty taking part, but an appropriate person can "
                               "support them, so an independent advocate is not required.")
    return Advocacy(True, "They would have substantial difficulty taking part and nobody appropriate can support "
                          f"them, so an independent advocate must be arranged ({ADVOCACY_REFERENCE}).")


class Capacity(StrEnum):
    """Whether the person lacks mental capacity to make decisions about the enquiry (the SAC asks "whether the person
    lacked capacity"). Not the same test as substantial difficulty taking part (s68)."""

    LACKS = "yes"
    HAS = "no"
    NOT_ASSESSED = "not_assessed"


CAPACITY_WORDS: Mapping[Capacity, str] = {
    Capacity.LACKS: "Yes, they lack capacity to make decisions about this enquiry",
    Capacity.HAS: "No, they can make decisions about this enquiry",
    Capacity.NOT_ASSESSED: "Not assessed yet",
}


@dataclass(frozen=True)
class EnquiryStart:
    outcomes_asked: OutcomesAsked | None
    desired_outcomes: str  # in their own words
    not_asked_why: str
    substantial_difficulty: bool | None
    appropriate_person: str  # who, if anyone
    advocate: str  # the independent advocate arranged, if any
    lacks_capacity: Capacity | None = None  # about decisions in this enquiry; asked at the start


def check_enquiry_start(start: EnquiryStart) -> dict[str, str]:
    """Opening an enquiry: the person (or their representative) is asked what outcome they want, in their own words,
    or the reason they were not is recorded; whether they lack capacity to make decisions about the enquiry is said
    (or that it is not assessed yet); and an independent advocate is arranged where s68 says so."""
    problems: dict[str, str] = {}
    if start.outcomes_asked is None:
        problems["outcomes_asked"] = "Say whether they were asked what outcome they want"
    elif start.outcomes_asked is OutcomesAsked.YES and not _words(start.desired_outcomes):
        problems["desired_outcomes"] = "Write what they want, in their own words"
    elif start.outcomes_asked is OutcomesAsked.NO and len(_words(start.not_asked_why)) < REASONS_MIN_WORDS:
        problems["not_asked_why"] = f"Say in at least {REASONS_MIN_WORDS} words why they were not asked"
    if start.lacks_capacity is None:
        problems["lacks_capacity"] = ("Say whether they lack mental capacity to make decisions about this enquiry, or "
                                      "that it has not been assessed yet")
    if start.substantial_difficulty is None:
        problems["substantial_difficulty"] = "Say whether they would have substantial difficulty taking part"
    elif advocate_needed(substantial_difficulty=start.substantial_difficulty,
                         appropriate_person=bool(start.appropriate_person.strip())).needed \
            and not start.advocate.strip():
        problems["advocate"] = ("They need an independent advocate (Care Act 2014, section 68). Say who has been "
                                "arranged")
    return problems


@dataclass(frozen=True)
class Closure:
    route: Route
    outcomes_asked: OutcomesAsked | None  # asked at the start of an enquiry (None for a route that is not one)
    outcomes_achieved: Achieved | None
    risk: Risk | None
    risk_why: str
    reasons: str


def check_closure(closure: Closure) -> dict[str, str]:
    """What stops a concern closing (field → message); empty when it may close.

    An enquiry closes only saying what happened to the risk (with why when it remains), and, where the person
    said what outcome they wanted, whether it was fully, partially or not achieved. Every closure has reasons.
    """
    problems: dict[str, str] = {}
    if closure.route in ENQUIRY_ROUTES:
        if closure.outcomes_asked is None:
            problems["outcomes_asked"] = "Say whether the person was asked what outcome they wanted"
        if closure.outcomes_asked is OutcomesAsked.YES and closure.outcomes_achieved is None:
            problems["outcomes_achieved"] = "Say whether the outcomes they wanted were fully, partly or not achieved"
        if closure.outcomes_asked in (OutcomesAsked.NO, OutcomesAsked.YES_NO_VIEW) and closure.outcomes_achieved is not None:
            problems["outcomes_achieved"] = "They did not say what they wanted, so leave this out"
        if closure.risk is None:
            problems["risk"] = "Say what happened to the risk: removed, reduced or remains"
        elif closure.risk is Risk.REMAINS and len(_words(closure.risk_why)) < REASONS_MIN_WORDS:
            problems["risk_why"] = f"Say in at least {REASONS_MIN_WORDS} words why the risk remains"
    if len(_words(closure.reasons)) < REASONS_MIN_WORDS:
        problems["reasons"] = f"Give the reasons for closing in at least {REASONS_MIN_WORDS} words"
    return problems


# --- Strategy discussions and meetings with other agencies ---------------------------------------------------------

AGENCIES: Mapping[str, str] = {
    "police": "Police",
    "nhs": "NHS (GP, hospital or community health)",
    "provider": "The care provider",
    "housing": "Housing",
    "council": "Other council services",
    "advocacy": "Advocacy",
    "other": "Another organisation",
}


def check_meeting(*, held_on: dt.date | None, today: dt.date, agencies: list[str], attendees: str,
                  actions: str) -> dict[str, str]:
    """A strategy discussion or meeting is recorded with when, which agencies, who was there and what was agreed."""
    problems: dict[str, str] = {}
    if held_on is None:
        problems["held_on"] = "Enter the date of the meeting"
    elif held_on > today:
        problems["held_on"] = "The date of the meeting must be today or in the past"
    if not agencies or any(a not in AGENCIES for a in agencies):
        problems["agencies"] = "Choose at least one agency that took part"
    if not _words(attendees):
        problems["attendees"] = "Say who was there"
    if len(_words(actions)) < REASONS_MIN_WORDS:
        problems["actions"] = f"Say what was agreed, and who will do it, in at least {REASONS_MIN_WORDS} words"
    return problems


# --- Plans the person agrees to ---------------------------------------------------------------------------------

class PlanKind(StrEnum):
    PROTECTION = "protection"  # what will keep them safe
    RISK_ENABLEMENT = "risk_enablement"  # the risks they choose to take, and what makes them smaller


PLAN_WORDS: Mapping[PlanKind, str] = {
    PlanKind.PROTECTION: "A protection plan",
    PlanKind.RISK_ENABLEMENT: "A risk-enablement plan",
}
REVIEW_WITHIN_DAYS = 183


def check_plan(*, kind: str, risks_chosen: str, support: str, who_does_what: str, review_on: dt.date | None,
               today: dt.date, person_agrees: bool) -> dict[str, str]:
    """A protection or risk-enablement plan: what support reduces the risk, who does what, a review date within six
    months, and the person's agreement; a risk-enablement plan also says, in their words, which risks they choose."""
    problems: dict[str, str] = {}
    if kind not in set(PlanKind):
        problems["kind"] = "Choose the kind of plan"
    elif kind == PlanKind.RISK_ENABLEMENT and not _words(risks_chosen):
        problems["risks_chosen"] = "Say which risks they choose to take, in their words"
    if not _words(support):
        problems["support"] = "Say what support will make the risk smaller"
    if len(_words(who_does_what)) < 3:
        problems["who_does_what"] = "Say who will do what"
    if review_on is None:
        problems["review_on"] = "Enter the date the plan will be reviewed"
    elif not today < review_on <= today + dt.timedelta(days=REVIEW_WITHIN_DAYS):
        problems["review_on"] = "The review date must be after today and within 6 months"
    if not person_agrees:
        problems["person_agrees"] = ("A plan is agreed with the person (or their representative). If they do not "
                                     "agree yet, talk again before recording it")
    return problems


# --- Safeguarding Adults Collection categories (NHS England) ----------------------------------------------------

ABUSE_TYPES: Mapping[str, str] = {
    "physical": "Physical abuse",
    "sexual": "Sexual abuse",
    "psychological": "Psychological abuse",
    "financial": "Financial or material abuse",
    "discriminatory": "Discriminatory abuse",
    "organisational": "Organisational abuse",
    "neglect": "Neglect and acts of omission",
    "domestic": "Domestic abuse",
    "sexual_exploitation": "Sexual exploitation",
    "modern_slavery": "Modern slavery",
    "self_neglect": "Self-neglect",
}
LOCATIONS: Mapping[str, str] = {
    "own_home": "Their own home",
    "community": "In the community (not a service)",
    "community_service": "A community service (a day centre, a hub)",
    "care_home_nursing": "A care home with nursing",
    "care_home_residential": "A care home without nursing",
    "hospital_acute": "A hospital (acute)",
    "hospital_mental_health": "A hospital (mental health)",
    "hospital_community": "A community hospital",
    "other": "Somewhere else",
}
SOURCES_OF_RISK: Mapping[str, str] = {
    "service_provider": "A service provider",
    "known": "Someone they know (not a service provider)",
    "unknown": "Someone they do not know",
}


def check_categories(*, abuse_types: list[str], location: str, source_of_risk: str) -> dict[str, str]:
    """The Safeguarding Adults Collection's categories for a concern, checked against its lists."""
    problems: dict[str, str] = {}
    if not abuse_types or any(t not in ABUSE_TYPES for t in abuse_types):
        problems["abuse_types"] = "Choose at least one type of abuse or neglect"
    if location not in LOCATIONS:
        problems["location"] = "Choose where the risk is"
    if source_of_risk not in SOURCES_OF_RISK:
        problems["source_of_risk"] = "Choose who the risk is from"
    return problems


# --- Waiting -------------------------------------------------------------------------------------------------------

TRIAGE_WITHIN = dt.timedelta(hours=24)


def waited_words(*, raised_at: dt.datetime, now: dt.datetime) -> str:
    """How long a concern has waited for triage, in words: "35 minutes", "3 hours 10 minutes", "2 days 4 hours"."""
    minutes = max(0, int((now - raised_at).total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)

    def unit(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    if days:
        return unit(days, "day") + (f" {unit(hours, 'hour')}" if hours else "")
    if hours:
        return unit(hours, "hour") + (f" {unit(mins, 'minute')}" if mins else "")
    return unit(mins, "minute")


def overdue(*, raised_at: dt.datetime, now: dt.datetime, within: dt.timedelta = TRIAGE_WITHIN) -> bool:
    """A concern not triaged within the day."""
    return now - raised_at > within


# --- Concerns from the public: how many one connection may send --------------------------------------------------

CONCERNS_PER_ADDRESS_PER_HOUR = 10


def may_raise_another(*, raised_from_address_last_hour: int, limit: int = CONCERNS_PER_ADDRESS_PER_HOUR) -> bool:
    """A public form is limited so nobody can flood the team's list; past the limit the page keeps what was
    typed and gives the council's phone number and 999, never silently dropping a concern."""
    return raised_from_address_last_hour < limit


def reference_for(number: int) -> str:
    """A concern's reference people can read out on the phone: "SG-" and a number, in groups."""
    digits = f"{number:08d}"
    return f"SG-{digits[:4]}-{digits[4:]}"


# --- Naming people in an enquiry ------------------------------------------------------------------------------------

# The roles the access table lets see a concern they are named in (`rules.access`, ground `named_in_enquiry`).
NAMEABLE_ROLES = frozenset({"practitioner", "manager"})
NOT_NAMEABLE_WORDS: Mapping[str, str] = {
    "commissioner": "is a commissioner. Commissioners never see a safeguarding concern, so they cannot be named",
    "host": "is a hub host. Hosts never see a safeguarding concern, so they cannot be named",
    "admin": "is an administrator. Administrators never see a safeguarding concern, so they cannot be named",
    "person": "uses Care Commons for their own record, not as staff. Only practitioners and managers can be named",
}


def check_naming(*, name: str, role: str | None, alleged_source: bool, on_team: bool, already_named: bool,
                 why: str) -> dict[str, str]:
    """Whether the safeguarding team may name this account in a concern, so that they may see it (view only).

    Refused: the alleged source of risk, and anyone the access table would refuse anyway (commissioners, hosts,
    administrators, people using Care Commons for their own record). Someone on the team sees every concern already.
    """
    problems: dict[str, str] = {}
    if alleged_source:
        problems["who"] = (f"{name} is recorded as the alleged source of risk. They can never see this concern, so "
                           "they cannot be named")
    elif role not in NAMEABLE_ROLES:
        problems["who"] = f"{name} {NOT_NAMEABLE_WORDS.get(role or 'person', NOT_NAMEABLE_WORDS['person'])}"
    elif on_team:
        problems["who"] = f"{name} is on the safeguarding team and sees every concern already"
    elif already_named:
        problems["who"] = f"{name} is named in this concern already"
    if len(_words(why)) < 3:
        problems["why"] = "Say in at least 3 words why they need to see it"
    return problems


def check_reasons(text: str, *, field: str, message: str) -> dict[str, str]:
    """Reasons in at least `REASONS_MIN_WORDS` words, or `message` against `field`."""
    return {} if len(_words(text)) >= REASONS_MIN_WORDS else {field: message}


# --- Reviewing a plan -------------------------------------------------------------------------------------------

def check_plan_review(*, reviewed_on: dt.date | None, plan_agreed_on: dt.date, today: dt.date, what_changed: str,
                      still_agrees: bool | None, next_review_on: dt.date | None) -> dict[str, str]:
    """A review of an agreed plan, on a date: what has changed, whether the person still agrees, and the next review
    date, after today and within six months of the review (as for a new plan)."""
    problems: dict[str, str] = {}
    if reviewed_on is None:
        problems["reviewed_on"] = "Enter the date of the review"
    elif reviewed_on > today:
        problems["reviewed_on"] = "The date of the review must be today or in the past"
    elif reviewed_on < plan_agreed_on:
        problems["reviewed_on"] = "The date of the review must be on or after the day the plan was agreed"
    if not _words(what_changed):
        problems["what_changed"] = "Say what has changed since the plan was agreed, or write that nothing has"
    if still_agrees is None:
        problems["still_agrees"] = "Say whether they still agree to the plan"
    if next_review_on is None:
        problems["next_review_on"] = "Enter the date of the next review"
    elif next_review_on <= today:
        problems["next_review_on"] = "The next review must be after today"
    elif next_review_on > (reviewed_on or today) + dt.timedelta(days=REVIEW_WITHIN_DAYS):
        problems["next_review_on"] = "The next review must be within 6 months of this one"
    return problems
# --- Patterns: concerns about the same provider or place -----------------------------------------------------------

PATTERN_THRESHOLD = 3
PATTERN_WINDOW_DAYS = 90
PLACE_NAME_MAX = 100


@dataclass(frozen=True)
class PatternCheck:
    """Whether the concerns about one provider or place are close enough together to look at together."""

    flagged: bool
    most_in_window: int  # the most concerns raised within any `window_days` days in a row
    window_from: dt.date | None  # the busiest such window: its first and last concern
    window_to: dt.date | None
    reasons: tuple[str, ...]
    threshold: int = PATTERN_THRESHOLD
    window_days: int = PATTERN_WINDOW_DAYS


def _day_words(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def pattern_check(*, raised_on: Sequence[dt.date], threshold: int = PATTERN_THRESHOLD,
                  window_days: int = PATTERN_WINDOW_DAYS) -> PatternCheck:
    """Flag "a possible pattern: look together" when `threshold` or more concerns about one provider or place were
    raised within `window_days` days in a row (the first and the last no more than `window_days - 1` days apart).

    Why 3 within 90 days. No national threshold exists: the Care and support statutory guidance (chapter 14) names
    organisational abuse and asks councils and Safeguarding Adults Boards to look for patterns of concerns about a
    service, but sets no number; these are this project's choice and a council changes them by passing others.
    One concern is an incident, and two about a large provider may be chance; a third in a short time is the
    smallest number that is more often something shared (the same staff, the same manager, the same way of
    working) than coincidence, and it is cheap to look: the flag asks the team to read the concerns side by side,
    it decides nothing and says nothing about the provider. 90 days (about a quarter) keeps together concerns close
    enough in time to share a cause, while a provider's concerns spread thinly over years are not flagged for
    their total alone (the page still shows every count). The flag is never shown outside the safeguarding team.
    """
    if threshold < 1 or window_days < 1:
        raise ValueError("the threshold and the window are at least 1")
    days = sorted(raised_on)
    best, best_from, best_to = 0, None, None
    start = 0
    for end, day in enumerate(days):
        while (day - days[start]).days >= window_days:
            start += 1
        if end - start + 1 > best:
            best, best_from, best_to = end - start + 1, days[start], day
    flagged = best >= threshold
    if not days:
        reasons: tuple[str, ...] = ("No concerns about it in this period.",)
    elif flagged:
        assert best_from is not None and best_to is not None
        reasons = (f"{best} concerns were raised within {window_days} days ({_day_words(best_from)} to "
                   f"{_day_words(best_to)}).",
                   f"{threshold} or more within {window_days} days is a possible pattern: look at them together.")
    else:
        reasons = (f"The most raised within any {window_days} days is {best}.",
                   f"A possible pattern is flagged at {threshold} within {window_days} days.")
    return PatternCheck(flagged, best, best_from if flagged else None, best_to if flagged else None, reasons,
                        threshold, window_days)


def place_key(name: str) -> str:
    """A place name written one way, so the team can group by it: lower case, letters and digits only, single
    spaces, "&" as "and", and "St." as "st" ("St. Mary's  Ward" and "st marys ward" are the same place)."""
    text = name.casefold().replace("&", " and ")
    kept = "".join(c if c.isalnum() else (" " if c.isspace() or c in "-/,.()" else "") for c in text)
    return " ".join(kept.split())[:PLACE_NAME_MAX]


def check_place_name(name: str) -> dict[str, str]:
    """A place not in the care directory: short, with letters in it (empty means no place name)."""
    text = " ".join(name.split())
    if not text:
        return {}
    if len(text) > PLACE_NAME_MAX:
        return {"place_name": f"Keep the place name to {PLACE_NAME_MAX} characters or fewer"}
    if not any(c.isalpha() for c in text):
        return {"place_name": "Write the name of the place, for example Riverside Day Centre"}
    return {}


@dataclass(frozen=True)
class ConcernFacts:
    """What the patterns page needs of one concern: never who it is about or what happened."""

    id: int
    raised_on: dt.date
    state: State
    route: str
    abuse_types: tuple[str, ...]


STATE_SHORT: Mapping[State, str] = {
    State.RAISED: "New", State.TRIAGED: "Triaged", State.ENQUIRY_OPEN: "Enquiry", State.CLOSED: "Closed",
}


@dataclass(frozen=True)
class PatternGroup:
    """The concerns about one provider or place in a period, counted."""

    key: str
    name: str
    total: int
    by_state: tuple[tuple[State, int], ...]  # every state, in order, 0 included
    by_type: tuple[tuple[str, int], ...]  # types of abuse or neglect, most first (a concern may have several)
    check: PatternCheck
    concern_ids: tuple[int, ...]  # newest first


def pattern_groups(groups: Mapping[str, tuple[str, Sequence[ConcernFacts]]], *, threshold: int = PATTERN_THRESHOLD,
                   window_days: int = PATTERN_WINDOW_DAYS) -> tuple[PatternGroup, ...]:
    """Each group (key → its name and concerns) counted by state and type, with the pattern check; most concerns
    first, then flagged before not, then by name. Groups with no concerns are left out."""
    out = []
    for key, (name, concerns) in groups.items():
        if not concerns:
            continue
        states = dict.fromkeys(State, 0)
        types: dict[str, int] = {}
        for c in concerns:
            states[c.state] += 1
            for t in dict.fromkeys(c.abuse_types):
                types[t] = types.get(t, 0) + 1
        check = pattern_check(raised_on=[c.raised_on for c in concerns], threshold=threshold, window_days=window_days)
        by_type = tuple(sorted(((ABUSE_TYPES.get(t, t), n) for t, n in types.items()), key=lambda tn: (-tn[1], tn[0])))
        ids = tuple(c.id for c in sorted(concerns, key=lambda c: (c.raised_on, c.id), reverse=True))
        out.append(PatternGroup(key, name, len(concerns), tuple(states.items()), by_type, check, ids))
    return tuple(sorted(out, key=lambda g: (-g.total, not g.check.flagged, g.name.casefold(), g.key)))


# --- Counts for commissioners ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProviderConcernCounts:
    """A provider's safeguarding concerns and those that led to a section 42 enquiry, as a page outside the
    safeguarding team may show them: counts only, small ones suppressed (`rules.suppression`)."""

    concerns: str  # "12", "fewer than 5" or "0"
    s42: str  # "3"... or "fewer than 5", or "not shown" (when it would give away a number of fewer than 5)
    words: tuple[str, ...]


def provider_concern_counts(*, concerns: int, s42: int, period: str = "in the last 12 months") -> ProviderConcernCounts:
    """The two counts for a provider's scorecard and the market pages. A count of 1 to 4 reads "fewer than 5"; the
    s42 count is "not shown" when the concerns that did not lead to one would be 1 to 4 (anyone could subtract)."""
    published = suppress(s42, concerns)
    total, led = published.denominator, published.numerator
    assert total is not None
    total_words = str(total.value) if total.shown else total.label
    led_words = str(led.value) if led.shown else led.label
    if concerns == 0:
        words: tuple[str, ...] = (f"No safeguarding concerns about this provider {period}.",)
    else:
        first = f"{total_words.capitalize()} safeguarding concerns about this provider {period}."
        if led.shown:
            second = "None led to a section 42 enquiry." if led.value == 0 else f"{led.value} led to a section 42 enquiry."
        elif led.label == FEWER_THAN_5:
            second = "Fewer than 5 led to a section 42 enquiry."
        else:
            second = ("How many led to a section 42 enquiry is not shown, because it would let anyone work out a "
                      "number of fewer than 5.")
        words = (first, second)
    return ProviderConcernCounts(total_words, led_words, words)
