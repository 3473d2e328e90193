"""Leaving hospital (issue 18): the pathways, the reasons for delay, the six free weeks of reablement, the 91-day
check, and what followed an episode of reablement.

Discharge to assess: a person goes home (or to a short-term bed) as soon as they no longer need to be in
hospital, and their long-term needs are assessed once they have recovered. The ward proposes one of four
pathways; the council's hospital team agrees it with the person and their family, or changes it with reasons.

Charging: intermediate care and reablement are free of charge for the first six weeks (the Care and Support
(Charging and Assessment of Resources) Regulations 2014, SI 2014/2672, regulations 3 and 4, as summarised in
shared/docs/domain.md section 2: "intermediate care and reablement for the first 6 weeks"). After that the
normal financial assessment applies, and the person is told before it does (issue 18). The regulations do not
say how long before: that is a council's choice, a parameter here.

Pure: no Django, no clock; dates are parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from carecommons.rules import ascof_short_term as st

CHARGING_REFERENCE = ("The Care and Support (Charging and Assessment of Resources) Regulations 2014 (SI 2014/2672), "
                      "regulations 3 and 4")
REASONS_MIN_WORDS = 5


def _words(text: str) -> list[str]:
    return [w for w in " ".join(text.split()).split(" ") if any(c.isalpha() for c in w)]


# --- The four pathways ------------------------------------------------------------------------------------------
# The plain meanings are issue 18's: 0 home with no new support, 1 home with support, 2 a short-term bed for
# rehabilitation, 3 a care home for the few who need it. They follow the discharge to assess pathways of the
# Department of Health and Social Care's hospital discharge guidance, put in our own words.

class Pathway(IntEnum):
    HOME = 0
    HOME_WITH_SUPPORT = 1
    SHORT_TERM_BED = 2
    CARE_HOME = 3


PATHWAY_WORDS: Mapping[Pathway, str] = {
    Pathway.HOME: "Pathway 0: home, with no new support",
    Pathway.HOME_WITH_SUPPORT: "Pathway 1: home, with support",
    Pathway.SHORT_TERM_BED: "Pathway 2: a short-term bed, to recover and get stronger",
    Pathway.CARE_HOME: "Pathway 3: a care home",
}

PATHWAY_MEANING: Mapping[Pathway, str] = {
    Pathway.HOME: "They go home. They need no new help from social care, or the help they had before carries on.",
    Pathway.HOME_WITH_SUPPORT: "They go home with new help, or their old help started again: often reablement, "
                               "short-term help to do things for themselves again.",
    Pathway.SHORT_TERM_BED: "They stay for a short time in a bed outside hospital with help to recover, then go home.",
    Pathway.CARE_HOME: "They move to a care home, because they need care day and night. This is for the few who "
                       "need it, and their long-term needs are still assessed.",
}

# Pathways where the council's reablement or intermediate care usually follows (free for six weeks).
SHORT_TERM_SUPPORT_PATHWAYS = frozenset({Pathway.HOME_WITH_SUPPORT, Pathway.SHORT_TERM_BED})


def pathway_from(value: object) -> Pathway | None:
    """A pathway from what a form or a ward system sent ("0" to "3", or 0 to 3), or None."""
    text = str(value).strip()
    if text in {"0", "1", "2", "3"}:
        return Pathway(int(text))
    return None


@dataclass(frozen=True)
class PathwayDecision:
    ok: bool
    pathway: Pathway | None
    changed: bool  # the team chose another pathway than the ward proposed
    problems: Mapping[str, str]  # field -> message
    reasons: tuple[str, ...]


def check_pathway_agreed(*, proposed: Pathway | None, agreed: object, reasons: str) -> PathwayDecision:
    """The team agrees the ward's proposed pathway, or changes it; a change needs reasons in words."""
    chosen = pathway_from(agreed)
    problems: dict[str, str] = {}
    if chosen is None:
        problems["pathway"] = "Choose the pathway agreed with the person"
        return PathwayDecision(False, None, False, problems, ())
    changed = proposed is not None and chosen != proposed
    if changed and len(_words(reasons)) < REASONS_MIN_WORDS:
        problems["reasons"] = (f"The ward proposed {PATHWAY_WORDS[proposed].lower()}. Say in at least "  # type: ignore[index]
                               f"{REASONS_MIN_WORDS} words why another pathway was agreed")
    said = (f"{PATHWAY_WORDS[chosen]}, changed from what the ward proposed: {' '.join(reasons.split())}" if changed
            else f"{PATHWAY_WORDS[chosen]}, as the ward proposed." if proposed is not None
            else f"{PATHWAY_WORDS[chosen]}.")
    return PathwayDecision(not problems, chosen, changed, problems, (said,) if not problems else ())


# --- Reasons for delay ------------------------------------------------------------------------------------------
# The published list. NHS England publishes its own discharge delay reasons, but neither domain.md nor a source
# we could cite gave that list, so this is the short list in issue 18's own words ("waiting for care at home, a
# bed, an assessment, the family's choice") with "something else" for the rest, which asks for words.

class DelayReason(StrEnum):
    CARE_AT_HOME = "care_at_home"
    BED = "bed"
    ASSESSMENT = "assessment"
    FAMILY_CHOICE = "family_choice"
    OTHER = "other"


DELAY_REASON_WORDS: Mapping[DelayReason, str] = {
    DelayReason.CARE_AT_HOME: "Waiting for care at home to start",
    DelayReason.BED: "Waiting for a bed (a short-term bed or a care home place)",
    DelayReason.ASSESSMENT: "Waiting for an assessment",
    DelayReason.FAMILY_CHOICE: "The person or their family chose to wait",
    DelayReason.OTHER: "Something else",
}
DELAY_REASONS_SOURCE = ("Issue 18's list (care at home, a bed, an assessment, the family's choice), with 'something "
                        "else'. Not NHS England's discharge delay categories: no citable copy of those was available.")


def days_waiting(*, ready_on: dt.date, left_on: dt.date | None, today: dt.date) -> int:
    """Days from the date the person was ready to leave to the day they left (or today, while they wait).

    The day they were ready is day 0: someone who leaves on the day they are ready waited no days. Never negative
    (someone who left before the expected date waited none).
    """
    end = left_on if left_on is not None else today
    return max(0, (end - ready_on).days)


@dataclass(frozen=True)
class DelayCheck:
    ok: bool
    days: int
    reasons: tuple[DelayReason, ...]
    problems: Mapping[str, str]


def check_delay(*, ready_on: dt.date, left_on: dt.date | None, today: dt.date, reasons: Iterable[str],
                other: str = "") -> DelayCheck:
    """A delay is recorded with at least one reason from the list; "something else" says what in words.

    Reasons are asked for only once the person has waited; a reason not on the list is refused.
    """
    days = days_waiting(ready_on=ready_on, left_on=left_on, today=today)
    given = list(reasons)
    problems: dict[str, str] = {}
    known = {r.value for r in DelayReason}
    if any(r not in known for r in given):
        problems["reasons"] = "Choose reasons from the list"
    chosen = tuple(DelayReason(r) for r in dict.fromkeys(given) if r in known)
    if days > 0 and not chosen and "reasons" not in problems:
        problems["reasons"] = (f"They have waited {days} day{'s' if days != 1 else ''} since they were ready to leave. "
                               "Choose why")
    if DelayReason.OTHER in chosen and len(_words(other)) < 2:
        problems["other"] = "Say what they are waiting for"
    return DelayCheck(not problems, days, chosen, problems)


# --- The six free weeks -----------------------------------------------------------------------------------------

FREE_WEEKS = 6
FREE_DAYS = FREE_WEEKS * 7


@dataclass(frozen=True)
class FreePeriod:
    starts_on: dt.date
    last_free_day: dt.date  # the last day that is free of charge (the episode's end, if it ends sooner)
    charging_may_apply_from: dt.date | None  # None when the episode ends within the six weeks
    tell_by: dt.date | None  # the person must be told about charging by this day
    free_days: int  # days free of charge, counting the first and the last
    reasons: tuple[str, ...]


def free_period(*, started_on: dt.date, ended_on: dt.date | None = None, notice_days: int | None = None) -> FreePeriod:
    """The free period of an episode of reablement or intermediate care, and when the person must be told.

    The first six weeks from the start are free (day 1 is the day it starts, so the last free day is day 42).
    An episode that ends sooner is free throughout. After six weeks the normal financial assessment applies,
    and the person must be told at least `notice_days` days before it does — the council's choice, since the
    regulations set no period — but never before the episode starts. When the council has set none, no number is
    made up: they must be told before charging could apply, so by the last free day.
    """
    if notice_days is not None and notice_days < 1:
        raise ValueError("the person is told before charging applies: notice_days is at least 1")
    if ended_on is not None and ended_on < started_on:
        raise ValueError("an episode cannot end before it starts")
    sixth_week_ends = started_on + dt.timedelta(days=FREE_DAYS - 1)
    if ended_on is not None and ended_on <= sixth_week_ends:
        days = (ended_on - started_on).days + 1
        return FreePeriod(started_on, ended_on, None, None, days, (
            f"It lasted {days} day{'s' if days != 1 else ''}, within the first {FREE_WEEKS} weeks, so it is all free "
            f"of charge ({CHARGING_REFERENCE}).",))
    charging_from = sixth_week_ends + dt.timedelta(days=1)
    if notice_days is None:
        tell_by = sixth_week_ends
        told = f"The person must be told before then, so by {tell_by:%-d %B %Y} (the council has set no earlier notice)."
    else:
        tell_by = max(started_on, charging_from - dt.timedelta(days=notice_days))
        told = f"The person must be told by {tell_by:%-d %B %Y} (the council's notice: {notice_days} days)."
    return FreePeriod(started_on, sixth_week_ends, charging_from, tell_by, FREE_DAYS, (
        f"The first {FREE_WEEKS} weeks are free of charge, to {sixth_week_ends:%-d %B %Y} ({CHARGING_REFERENCE}).",
        f"From {charging_from:%-d %B %Y} the normal financial assessment applies.",
        told,
    ))


class NoticeState(StrEnum):
    """Where telling the person about charging is up to, for one episode."""

    NOT_NEEDED = "not_needed"  # it ended within the six weeks: all free, nothing to tell
    NOT_YET = "not_yet"  # still early: the day to tell them by has not come
    DUE = "due"  # tell them now: the day to tell them by has come, charging could apply soon
    LATE = "late"  # not told, and charging could already apply: tell them, and the council decides what follows
    TOLD = "told"  # told on or before the day to tell them by
    TOLD_LATE = "told_late"  # told, but after the day to tell them by


@dataclass(frozen=True)
class Notice:
    state: NoticeState
    words: str


HOW_TOLD = {
    "in_person": "In person",
    "phone": "By phone",
    "letter": "By letter",
    "easy_read_letter": "By an easy read letter",
    "email": "By email",
}


def charging_notice(*, free: FreePeriod, told_on: dt.date | None, today: dt.date) -> Notice:
    """Whether the person has been told, in time, that the normal financial assessment applies after the six free
    weeks (`free_period`). Not a charge: only whether the council did what it must before one could start."""
    if told_on is not None:
        if free.tell_by is None or told_on <= free.tell_by:
            return Notice(NoticeState.TOLD, f"Told on {told_on:%-d %B %Y}, in time.")
        return Notice(NoticeState.TOLD_LATE, f"Told on {told_on:%-d %B %Y}, after {free.tell_by:%-d %B %Y}, the day "
                                             "they should have been told by.")
    if free.charging_may_apply_from is None or free.tell_by is None:
        return Notice(NoticeState.NOT_NEEDED, "Nothing to tell: it was all free of charge.")
    if today < free.tell_by:
        return Notice(NoticeState.NOT_YET, f"Tell them by {free.tell_by:%-d %B %Y}.")
    if today < free.charging_may_apply_from:
        return Notice(NoticeState.DUE, f"Tell them now: by {free.tell_by:%-d %B %Y}, before charging could apply "
                                       f"from {free.charging_may_apply_from:%-d %B %Y}.")
    return Notice(NoticeState.LATE, f"Not told, and the free weeks ended on {free.last_free_day:%-d %B %Y}: tell them "
                                    "now, before any charge is made.")


def check_told(*, told_on: dt.date | None, how: str, started_on: dt.date, today: dt.date) -> dict[str, str]:
    """What is wrong with a record of telling the person (field -> message), if anything."""
    problems: dict[str, str] = {}
    if told_on is None:
        problems["told_on"] = "Enter the day they were told"
    elif told_on > today:
        problems["told_on"] = "The day they were told must be today or in the past"
    elif told_on < started_on:
        problems["told_on"] = f"The day they were told cannot be before reablement started ({started_on:%-d %B %Y})"
    if how not in HOW_TOLD:
        problems["how"] = "Select how they were told"
    return problems


# --- The 91-day check -------------------------------------------------------------------------------------------

CHECK_AFTER_DAYS = 91
"""The team is prompted to check whether the person is still at home 91 days after they left hospital (issue 18;
the ASCOF 2D title's "91 days"). ASCOF 2D itself is computed by the outcomes engine, which follows DHSC's code and
looks 84 days after discharge (`ascof_short_term.FOLLOW_UP_DAYS`, ADR 0034): this check is the team's question to
the person, not the measure."""

ASCOF_2D_FOLLOW_UP_DAYS = st.FOLLOW_UP_DAYS
ASCOF_2D_MINIMUM_AGE = st.MINIMUM_AGE_2D


def still_at_home_check_on(*, left_hospital_on: dt.date) -> dt.date:
    """The day the team is prompted to ask whether the person is still at home."""
    return left_hospital_on + dt.timedelta(days=CHECK_AFTER_DAYS)


def ascof_2d_window_ends(*, left_hospital_on: dt.date) -> dt.date:
    """The last day ASCOF 2D looks at (DHSC's 84 days), from the same rules the engine reads."""
    return left_hospital_on + dt.timedelta(days=ASCOF_2D_FOLLOW_UP_DAYS)


def check_due(*, left_hospital_on: dt.date, today: dt.date) -> bool:
    return today >= still_at_home_check_on(left_hospital_on=left_hospital_on)


# --- What followed an episode of reablement ---------------------------------------------------------------------

class Sequel(StrEnum):
    NO_FURTHER_SUPPORT = "no_further_support"
    COMMUNITY = "community"
    LONG_TERM = "long_term"
    CARE_HOME = "care_home"
    HOSPITAL = "hospital"
    DIED = "died"


SEQUEL_WORDS: Mapping[Sequel, str] = {
    Sequel.NO_FURTHER_SUPPORT: "No further support needed",
    Sequel.COMMUNITY: "Support from the community (groups, neighbours, services anyone can use)",
    Sequel.LONG_TERM: "Long-term support at home",
    Sequel.CARE_HOME: "Moved to a care home",
    Sequel.HOSPITAL: "Went back into hospital",
    Sequel.DIED: "Died",
}

SEQUEL_ORDER: tuple[Sequel, ...] = (
    Sequel.DIED, Sequel.HOSPITAL, Sequel.CARE_HOME, Sequel.LONG_TERM, Sequel.COMMUNITY, Sequel.NO_FURTHER_SUPPORT,
)
"""When more than one thing is true, the first in this order is the sequel. It is DHSC's order for ASCOF 2A
(`ascof_short_term.SEQUEL_STEPS`): a death first, then going back into hospital, then services, long term before
short term and a care home before the community."""

SEQUEL_CLD_OUTCOME: Mapping[Sequel, str] = {
    Sequel.NO_FURTHER_SUPPORT: st.NFA_SUPPORT_ENDED_AS_PLANNED,
    Sequel.COMMUNITY: "NFA: Information and advice or signposting",
    Sequel.LONG_TERM: "Long term support: Community",
    Sequel.CARE_HOME: "Long term support: Residential care",
    Sequel.HOSPITAL: st.ADMITTED_TO_HOSPITAL,
    Sequel.DIED: st.DECEASED,
}
"""The final outcome DHSC's ASCOF 2A gives an episode with each sequel (its `Final_Outcome`). Deaths, going back
into hospital and no further support come from the reablement row's own event outcome; long-term support and a care
home from the service that follows (DHSC's sequel step 3). What is written on the reablement's CLD row is
`cld_mapping.REABLEMENT_OUTCOMES` (a Release 2 event outcome). A care home place may be nursing care: the service row
says which."""


def counts_as_no_further_request(sequel: Sequel) -> bool:
    """ASCOF 2A's numerator: no further request for ongoing support (DHSC's `Included_In_Num`)."""
    return SEQUEL_CLD_OUTCOME[sequel] in st.NUMERATOR_OUTCOMES


def counted_in_2a(sequel: Sequel) -> bool:
    """ASCOF 2A's denominator leaves out deaths and going back into hospital (DHSC's `Included_In_Denom`)."""
    return SEQUEL_CLD_OUTCOME[sequel] in st.DENOMINATOR_OUTCOMES


@dataclass(frozen=True)
class SequelDecision:
    sequel: Sequel
    reasons: tuple[str, ...]


def sequel_of(*, died: bool, back_in_hospital: bool, care_home: bool, long_term_support: bool,
              community_support: bool) -> SequelDecision:
    """The one sequel of an ended episode, from what is known: always exactly one (the first true in SEQUEL_ORDER;
    none of them true means no further support)."""
    facts = {Sequel.DIED: died, Sequel.HOSPITAL: back_in_hospital, Sequel.CARE_HOME: care_home,
             Sequel.LONG_TERM: long_term_support, Sequel.COMMUNITY: community_support}
    true = [s for s in SEQUEL_ORDER if facts.get(s, False)]
    if not true:
        return SequelDecision(Sequel.NO_FURTHER_SUPPORT, (
            "Nothing else followed the reablement: no further support is needed.",))
    chosen = true[0]
    reasons = [f"{SEQUEL_WORDS[chosen]}."]
    if len(true) > 1:
        others = ", ".join(SEQUEL_WORDS[s].lower() for s in true[1:])
        reasons.append(f"Also true ({others}), but an episode has one sequel and this one comes first.")
    return SequelDecision(chosen, tuple(reasons))


@dataclass(frozen=True)
class EpisodeEnd:
    ok: bool
    sequel: Sequel | None
    problems: Mapping[str, str]


def check_episode_end(*, started_on: dt.date, ended_on: dt.date | None, sequel: object, today: dt.date) -> EpisodeEnd:
    """Ending an episode of reablement: the day it ended (not before it started, not in the future) and exactly one
    sequel from the list. (What the person can now do is in their own words, and not required.)"""
    problems: dict[str, str] = {}
    if ended_on is None:
        problems["ended_on"] = "Enter the day the reablement ended"
    elif ended_on < started_on:
        problems["ended_on"] = f"The end must be on or after the day it started, {started_on:%-d %B %Y}"
    elif ended_on > today:
        problems["ended_on"] = "The end cannot be in the future"
    chosen = Sequel(sequel) if isinstance(sequel, str) and sequel in {s.value for s in Sequel} else None
    if chosen is None:
        problems["sequel"] = "Choose what happened next"
    return EpisodeEnd(not problems, chosen if not problems else None, problems)


# --- A discharge request's life ---------------------------------------------------------------------------------

class RequestStatus(StrEnum):
    RECEIVED = "received"  # the ward sent it; nobody in the hospital team has picked it up
    PLANNING = "planning"  # the team is planning with the person and family
    LEFT_HOSPITAL = "left_hospital"  # the person has left; support started on the day
    WITHDRAWN = "withdrawn"  # the ward withdrew it (no longer needed, the person died, or sent by mistake)


STATUS_WORDS: Mapping[RequestStatus, str] = {
    RequestStatus.RECEIVED: "Received: the hospital team has it",
    RequestStatus.PLANNING: "Planning: the team is talking with the person and their family",
    RequestStatus.LEFT_HOSPITAL: "Left hospital",
    RequestStatus.WITHDRAWN: "Withdrawn by the ward",
}

FHIR_STATUS: Mapping[RequestStatus, str] = {
    RequestStatus.RECEIVED: "active",
    RequestStatus.PLANNING: "active",
    RequestStatus.LEFT_HOSPITAL: "completed",
    RequestStatus.WITHDRAWN: "revoked",
}
"""The FHIR ServiceRequest status the ward system reads back (R4 request-status)."""

OPEN_STATUSES = frozenset({RequestStatus.RECEIVED, RequestStatus.PLANNING})

_MOVES: Mapping[RequestStatus, frozenset[RequestStatus]] = {
    RequestStatus.RECEIVED: frozenset({RequestStatus.PLANNING, RequestStatus.WITHDRAWN}),
    RequestStatus.PLANNING: frozenset({RequestStatus.LEFT_HOSPITAL, RequestStatus.WITHDRAWN}),
    RequestStatus.LEFT_HOSPITAL: frozenset(),
    RequestStatus.WITHDRAWN: frozenset(),
}


def can_move(*, status: RequestStatus, to: RequestStatus) -> bool:
    return to in _MOVES[status]


# --- A ward withdrawing its request -----------------------------------------------------------------------------
# A ward withdraws a request it sent while the hospital team has not closed it (received or planning): the person
# no longer needs help to leave, they died, or it was sent in error. The reason comes from this short list and is
# said in words too, so the hospital team knows what happened.

class WithdrawalReason(StrEnum):
    NO_LONGER_NEEDED = "no_longer_needed"
    DIED = "died"
    SENT_IN_ERROR = "sent_in_error"


WITHDRAWAL_REASON_WORDS: Mapping[WithdrawalReason, str] = {
    WithdrawalReason.NO_LONGER_NEEDED: "They no longer need help to leave hospital",
    WithdrawalReason.DIED: "They died",
    WithdrawalReason.SENT_IN_ERROR: "It was sent by mistake",
}
WITHDRAWAL_MIN_WORDS = 3
WITHDRAWAL_WORDS_MAX = 1000


def withdrawable_from() -> frozenset[RequestStatus]:
    """The statuses a ward may still withdraw a request from (the open ones, as `can_move` says)."""
    return frozenset(s for s in RequestStatus if can_move(status=s, to=RequestStatus.WITHDRAWN))


@dataclass(frozen=True)
class WithdrawalCheck:
    ok: bool
    reason: WithdrawalReason | None
    problems: Mapping[str, str]


def check_withdrawal(*, status: RequestStatus, reason: object, words: str) -> WithdrawalCheck:
    """A ward's withdrawal of its own request: only while it is open, with a reason from the list and a few words."""
    problems: dict[str, str] = {}
    if not can_move(status=status, to=RequestStatus.WITHDRAWN):
        problems["reason"] = (f"This request can no longer be withdrawn: {STATUS_WORDS[status].lower()}. If something "
                              "has changed, phone the hospital team")
    chosen = next((r for r in WithdrawalReason if r.value == str(reason)), None)
    if chosen is None:
        problems.setdefault("reason", "Choose why you are withdrawing this request")
    if len(_words(words)) < WITHDRAWAL_MIN_WORDS:
        problems["words"] = f"Say what happened in at least {WITHDRAWAL_MIN_WORDS} words, for the hospital team"
    elif len(words.strip()) > WITHDRAWAL_WORDS_MAX:
        problems["words"] = f"Say what happened in {WITHDRAWAL_WORDS_MAX} characters or fewer"
    return WithdrawalCheck(not problems, chosen if not problems else None, problems)


def fhir_status(status: RequestStatus, withdrawal: WithdrawalReason | None = None) -> str:
    """The FHIR R4 ServiceRequest status (request-status codes) a ward system reads back. A request withdrawn because
    it was sent by mistake is `entered-in-error` ("this instance should not have been part of this patient's medical
    record"); withdrawn for any other reason it is `revoked` (terminated before it was completed)."""
    if status is RequestStatus.WITHDRAWN and withdrawal is WithdrawalReason.SENT_IN_ERROR:
        return "entered-in-error"
    return FHIR_STATUS[status]


@dataclass(frozen=True)
class NewRequestCheck:
    ok: bool
    problems: Mapping[str, str]


IDENTIFIER_MAX = 64
NAME_MAX = 100


def check_new_request(*, name: str, identifier: str, ready_on: dt.date | None, today: dt.date, pathway: object,
                      nhs_number: str, same_ward_identifier_exists: bool, open_request_by_this_ward: bool,
                      open_request_by_another_ward: str | None) -> NewRequestCheck:
    """A new discharge request from a ward, before anything is written.

    Refused, each with its message: no name; no identifier of the ward's own (or a longer one than we keep); no
    expected date, or one more than a year away or more than 30 days ago (a mistyped year); no pathway 0 to 3; no
    NHS number, or one that fails its check digit; the same ward's identifier twice; and a person with an open
    request already, from this ward or another (that request stands: the wards talk first). Another ward is named;
    nothing about the person's record is said.
    """
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = "Enter the person's full name"
    elif len(name.strip()) > NAME_MAX:
        problems["name"] = f"The person's name must be {NAME_MAX} characters or fewer"
    if not identifier.strip():
        problems["identifier"] = "Give your ward's own identifier for this request"
    elif len(identifier.strip()) > IDENTIFIER_MAX:
        problems["identifier"] = f"Your ward's identifier must be {IDENTIFIER_MAX} characters or fewer"
    if ready_on is None:
        problems["ready_on"] = "Enter the date they are expected to be ready to leave"
    elif ready_on > today + dt.timedelta(days=366) or ready_on < today - dt.timedelta(days=30):
        problems["ready_on"] = ("The date they are expected to be ready to leave must be within the last 30 days or the "
                                "next year")
    if pathway_from(pathway) is None:
        problems["pathway"] = "Choose the pathway proposed: 0, 1, 2 or 3"
    if not nhs_number.strip():
        problems["nhs_number"] = "Enter their NHS number"
    elif not nhs_number_valid(nhs_number):
        problems["nhs_number"] = "Enter a real NHS number: 10 digits, like 943 476 5919"
    if same_ward_identifier_exists and "identifier" not in problems:
        problems["identifier"] = "Your ward has already sent a request with this identifier"
    if open_request_by_this_ward:
        problems["person"] = "Your ward has already sent a request for this person that is still open"
    elif open_request_by_another_ward:
        problems["person"] = (f"{open_request_by_another_ward} has already sent a request for this person that is "
                              "still open. Talk to that ward first")
    return NewRequestCheck(not problems, problems)


def nhs_number_valid(value: str) -> bool:
    """A 10-digit NHS number whose last digit is its modulus 11 check digit (spaces allowed)."""
    digits = value.replace(" ", "")
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])
