"""Possible duplicates: two records that may be the same person, why we think so, and what joining them does.

Two records are possible duplicates when they have the same name (ignoring capitals and spaces) and the same
phone number (however it was written), the same email address (ignoring capitals) or the same date of birth.
The same name alone is not enough: many people share a name. Each match carries its reasons in plain words
("same name and date of birth"), so the page can say why.

Joining two records (a *merge*) keeps one record and moves everything from the other onto it; the other stays
as a *tombstone* that points to the kept one. `check_merge` says whether a merge may go ahead and why not;
`details_to_fill` says which of the kept record's empty details are taken from the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from carecommons.rules.contact import check_uk_phone


class Same(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    DATE_OF_BIRTH = "date_of_birth"


SAME_WORDS = {
    Same.PHONE: "phone number",
    Same.EMAIL: "email address",
    Same.DATE_OF_BIRTH: "date of birth",
}


@dataclass(frozen=True)
class PersonFacts:
    """What the rule compares. `merged` is true for a tombstone, which is never a duplicate again."""

    id: int
    full_name: str
    phone: str = ""
    email: str = ""
    date_of_birth: dt.date | None = None
    has_sign_in: bool = False
    merged: bool = False


@dataclass(frozen=True)
class DuplicateMatch:
    """Two records that may be one person. `first_id` < `second_id`; `same` says what they share besides the name."""

    first_id: int
    second_id: int
    same: tuple[Same, ...]

    @property
    def reason(self) -> str:
        """"Same name and date of birth", "Same name, phone number and email address"."""
        words = ["name", *(SAME_WORDS[s] for s in self.same)]
        return "Same " + (", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0])

    @property
    def pair(self) -> frozenset[int]:
        return frozenset({self.first_id, self.second_id})


def name_key(full_name: str) -> str:
    """A name as compared: capitals and runs of spaces ignored."""
    return " ".join(full_name.split()).casefold()


def phone_key(phone: str) -> str:
    """A phone number as compared: tidied the same way however it was written ("+44 7700 900123" = "07700900123")."""
    checked = check_uk_phone(phone)
    if checked.ok:
        return checked.value.replace(" ", "")
    return "".join(ch for ch in phone if ch.isdigit())


def email_key(email: str) -> str:
    return email.strip().casefold()


def what_is_same(a: PersonFacts, b: PersonFacts) -> tuple[Same, ...]:
    """What two records share besides the name; empty when the names differ or nothing else is shared."""
    if not name_key(a.full_name) or name_key(a.full_name) != name_key(b.full_name):
        return ()
    same = []
    if phone_key(a.phone) and phone_key(a.phone) == phone_key(b.phone):
        same.append(Same.PHONE)
    if email_key(a.email) and email_key(a.email) == email_key(b.email):
        same.append(Same.EMAIL)
    if a.date_of_birth is not None and a.date_of_birth == b.date_of_birth:
        same.append(Same.DATE_OF_BIRTH)
    return tuple(same)


def is_same_person_asking(*, full_name: str, phone: str, email: str, earlier: PersonFacts) -> bool:
    """Someone asking again: the same name and the same phone number or email as an earlier request's person."""
    asking = PersonFacts(id=0, full_name=full_name, phone=phone, email=email)
    return bool(set(what_is_same(asking, earlier)) & {Same.PHONE, Same.EMAIL})


def possible_duplicates(people: Iterable[PersonFacts], *,
                        dismissed: Iterable[frozenset[int]] = ()) -> tuple[DuplicateMatch, ...]:
    """Every pair among `people` that may be one person, leaving out tombstones and pairs staff said are not.

    Sorted by name, then by the pair's ids, so pages are stable. People are grouped by name first, so the work
    grows with the size of each group of people sharing a name, not with the square of everyone.
    """
    not_duplicates = {frozenset(pair) for pair in dismissed}
    by_name: dict[str, list[PersonFacts]] = {}
    for person in people:
        if not person.merged and name_key(person.full_name):
            by_name.setdefault(name_key(person.full_name), []).append(person)
    found: list[tuple[str, DuplicateMatch]] = []
    for key, group in by_name.items():
        group.sort(key=lambda p: p.id)
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.id == b.id or frozenset({a.id, b.id}) in not_duplicates:
                    continue
                same = what_is_same(a, b)
                if same:
                    found.append((key, DuplicateMatch(a.id, b.id, same)))
    found.sort(key=lambda item: (item[0], item[1].first_id, item[1].second_id))
    return tuple(match for _, match in found)


# --- Joining two records ------------------------------------------------------------------------

MERGE_REASON_MIN_WORDS = 3


@dataclass(frozen=True)
class MergeCheck:
    ok: bool
    problems: tuple[str, ...]  # about the two records: these two cannot be joined
    reason_problem: str  # about the reason given: it needs saying again
    reason: str  # the reason given, tidied


def pair_problems(*, kept: PersonFacts, other: PersonFacts) -> tuple[str, ...]:
    """Why these two records cannot be joined, whatever reason is given; empty when they can."""
    problems = []
    if kept.id == other.id:
        problems.append("A record cannot be joined with itself.")
    if kept.merged or other.merged:
        problems.append("One of these records has already been joined with another record.")
    if kept.id != other.id and not what_is_same(kept, other):
        problems.append("These records do not have the same name and the same phone number, email address or "
                        "date of birth, so they are not shown as possible duplicates.")
    if kept.has_sign_in and other.has_sign_in:
        problems.append("Both records have their own sign-in. Ask the person which sign-in they use, and ask an "
                        "administrator to close the other one first.")
    return tuple(problems)


def check_merge(*, kept: PersonFacts, other: PersonFacts, reason: str) -> MergeCheck:
    """May `other` be joined into `kept`? Only two different, live records of what may be one person, with a reason."""
    problems = pair_problems(kept=kept, other=other)
    text = " ".join(reason.split())
    problem = reason_problem(text, why="these records are the same person")
    return MergeCheck(not problems and not problem, problems, problem, text)


def reason_problem(reason: str, *, why: str) -> str:
    """What is wrong with a reason for joining ("" when nothing): at least a few words, not a tick."""
    words = [w for w in reason.split() if any(c.isalpha() for c in w)]
    return f"Say in at least {MERGE_REASON_MIN_WORDS} words why {why}" if len(words) < MERGE_REASON_MIN_WORDS else ""


FILLABLE = ("preferred_name", "date_of_birth", "phone", "email", "postcode", "contact_by", "access_needs")
FILLABLE_WORDS = {
    "preferred_name": "Preferred name", "date_of_birth": "Date of birth", "phone": "Phone number",
    "email": "Email address", "postcode": "Postcode", "contact_by": "How to contact them",
    "access_needs": "Access needs",
}


@dataclass(frozen=True)
class DetailChange:
    field: str
    label: str
    value: object  # taken from the other record


def details_to_fill(*, kept: dict[str, object], other: dict[str, object]) -> tuple[DetailChange, ...]:
    """The kept record's details that are empty and that the other record has: those are copied across.

    A detail both records have stays as the kept record has it; the other's stays on the tombstone, so nothing
    is lost.
    """
    return tuple(
        DetailChange(name, FILLABLE_WORDS[name], other[name]) for name in FILLABLE
        if kept.get(name) in (None, "") and other.get(name) not in (None, "")
    )


# --- Joining two requests for a conversation from the same person ---------------------------------

OPEN_REQUEST = frozenset({"waiting", "booked"})


class BookingOutcome(StrEnum):
    NONE = "none"  # the other request holds no place
    MOVES = "moves"  # the kept request has no place: the other's place moves to it
    FREED = "freed"  # both hold a place: the other's is cancelled, so someone else can have it


@dataclass(frozen=True)
class RequestFacts:
    id: int
    person_id: int
    status: str  # conversations.ConversationRequest.Status
    has_live_booking: bool
    merged: bool = False


@dataclass(frozen=True)
class RequestMergePlan:
    ok: bool
    problems: tuple[str, ...]
    booking: BookingOutcome


def plan_request_merge(*, kept: RequestFacts, other: RequestFacts) -> RequestMergePlan:
    """Asking twice, found by staff: keep one open request, close the other, and never hold two places.

    Only two different open requests (waiting or booked) of the same person are joined. The other request's place
    moves to the kept one when it has none; when both have a place, the other's is freed.
    """
    problems = []
    if kept.id == other.id:
        problems.append("A request cannot be joined with itself.")
    if kept.person_id != other.person_id:
        problems.append("Only two requests from the same person can be joined. Join the two people's records first.")
    if kept.merged or other.merged or kept.status not in OPEN_REQUEST or other.status not in OPEN_REQUEST:
        problems.append("Only requests still waiting or booked can be joined.")
    if not other.has_live_booking:
        booking = BookingOutcome.NONE
    elif kept.has_live_booking:
        booking = BookingOutcome.FREED
    else:
        booking = BookingOutcome.MOVES
    return RequestMergePlan(not problems, tuple(problems), booking)
