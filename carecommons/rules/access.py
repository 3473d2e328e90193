"""Who may open which of a person's records, for what: one table, decided here and nowhere else.

The Django side gathers the facts — the user's role and which *grounds* tie them to the person
(their own record, shared with them, their team, allocated, met, named to sign off, a host with
the person currently booked at their hub, a stated break-glass reason) — and writes the access
event after the decision. This module only decides, from the table below:

    role × ground × kind of record × purpose → allowed, refused, or "give a reason"

Some grounds hold whatever the role (the person themselves; someone they shared their record
with); the rest depend on the role. A practitioner, manager or administrator with no ground may
open a record only by giving a reason ("break glass"), which the person sees and a manager reviews.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    PERSON = "person"
    PRACTITIONER = "practitioner"
    MANAGER = "manager"
    HOST = "host"
    COMMISSIONER = "commissioner"
    ADMIN = "admin"
    WARD = "ward"  # a hospital ward's staff: they see the discharge requests their ward sent, nothing else


class Kind(StrEnum):
    """The kinds of record that concern a person, each opened through its own gate."""

    PERSON = "person"
    CONVERSATION = "conversation"
    BOOKING = "booking"  # a request for a conversation and its bookings
    ASSESSMENT = "assessment"  # an assessment and its determination
    SUPPORT_PLAN = "support_plan"
    BUDGET = "budget"  # a personal budget, its ledger and statements
    FINANCIAL_ASSESSMENT = "financial_assessment"
    TIMESHEET = "timesheet"  # personal assistants and their timesheets
    MATCHING = "matching"  # a matching profile and shortlist
    ARRANGEMENT = "arrangement"  # a Shared Lives, Homeshare or PA arrangement
    CONTINUITY = "continuity"  # visits and continuity of care
    SHARED_ACTIVITY = "shared_activity"  # membership of a pooled budget
    SAFEGUARDING = "safeguarding"  # a safeguarding concern and its enquiry (Care Act s42)
    DISCHARGE = "discharge"  # a request from a hospital ward to help someone leave hospital, and its planning


class Purpose(StrEnum):
    VIEW = "view"
    CHANGE = "change"
    RECORD_MONEY = "record_money"
    DECIDE = "decide"
    EXPORT = "export"


class Ground(StrEnum):
    """What ties the user asking to the person whose record it is."""

    SELF = "self"
    OWN_DIRECT_PAYMENT = "own_direct_payment"  # the person holds this budget as a direct payment
    SHARED = "shared"  # the person shared their record with this user, and the sharing is current
    MET = "met"
    ALLOCATED = "allocated"
    TEAM = "team"
    SIGN_OFF = "sign_off"  # named to sign off this person's support plan
    HUB_BOOKING = "hub_booking"  # a host, with the person currently booked at their hub
    DUTY = "duty"  # the person is waiting for a conversation and no team supports them yet
    SAFEGUARDING_TEAM = "safeguarding_team"  # a practitioner or manager on the council's safeguarding team
    NAMED = "named_in_enquiry"  # named by the safeguarding team in this person's concern or enquiry
    WARD_REQUEST = "ward_request"  # ward staff, for a discharge request their own ward sent
    HOSPITAL_TEAM = "hospital_team"  # a practitioner or manager on the council's hospital team (leaving hospital)
    BREAK_GLASS = "break_glass"


KIND_WORDS: Mapping[Kind, str] = {
    Kind.PERSON: "their record",
    Kind.CONVERSATION: "their conversations",
    Kind.BOOKING: "their requests and bookings",
    Kind.ASSESSMENT: "their assessment",
    Kind.SUPPORT_PLAN: "their support plan",
    Kind.BUDGET: "their personal budget",
    Kind.FINANCIAL_ASSESSMENT: "their financial assessment",
    Kind.TIMESHEET: "their personal assistants' timesheets",
    Kind.MATCHING: "their matching profile",
    Kind.ARRANGEMENT: "their Shared Lives, Homeshare or PA arrangement",
    Kind.CONTINUITY: "who has supported them",
    Kind.SHARED_ACTIVITY: "their shared activities",
    Kind.SAFEGUARDING: "a safeguarding concern about them",
    Kind.DISCHARGE: "their request to leave hospital",
}

PURPOSE_WORDS: Mapping[Purpose, str] = {
    Purpose.VIEW: "see",
    Purpose.CHANGE: "change",
    Purpose.RECORD_MONEY: "record money in",
    Purpose.DECIDE: "make decisions on",
    Purpose.EXPORT: "download",
}

GROUND_WORDS: Mapping[Ground, str] = {
    Ground.SELF: "This is your own record.",
    Ground.OWN_DIRECT_PAYMENT: "You hold this budget as a direct payment, so you record its money.",
    Ground.SHARED: "The person has shared their record with you.",
    Ground.MET: "You have had a conversation with this person.",
    Ground.ALLOCATED: "This person is allocated to you.",
    Ground.TEAM: "This person is supported by your team.",
    Ground.SIGN_OFF: "You have been named to sign off this person's support plan.",
    Ground.HUB_BOOKING: "This person is booked for a conversation at your hub, so you can assess with them.",
    Ground.DUTY: "This person is waiting for a conversation and no team supports them yet, so anyone on duty can "
                 "book them in.",
    Ground.SAFEGUARDING_TEAM: "You are on the safeguarding team.",
    Ground.NAMED: "The safeguarding team named you in this concern or enquiry.",
    Ground.WARD_REQUEST: "Your ward sent this request.",
    Ground.HOSPITAL_TEAM: "You are on the hospital team, which plans with everyone a ward asks us to help leave "
                          "hospital.",
    Ground.BREAK_GLASS: "You gave a reason for opening this record. It is logged, the person can see it and a "
                        "manager reviews it.",
}

ALL_KINDS = frozenset(Kind)
# Safeguarding records are seen only by the safeguarding team, those an enquiry names and the person themselves
# (unless a recorded decision withholds it): never through a team, an allocation, sharing or break glass.
SAFEGUARDING_GROUNDS = frozenset({Ground.SAFEGUARDING_TEAM, Ground.NAMED})
ORDINARY_KINDS = ALL_KINDS - {Kind.SAFEGUARDING}
ALL_PURPOSES = frozenset(Purpose)
_V = frozenset({Purpose.VIEW})
_VC = frozenset({Purpose.VIEW, Purpose.CHANGE})
_VE = frozenset({Purpose.VIEW, Purpose.EXPORT})

Permits = Mapping[Kind, frozenset[Purpose]]


def _every(kinds: Iterable[Kind], purposes: frozenset[Purpose]) -> dict[Kind, frozenset[Purpose]]:
    return dict.fromkeys(kinds, purposes)


# Grounds that hold whatever the user's role.
ANY_ROLE: Mapping[Ground, Permits] = {
    Ground.SELF: {
        **_every(ALL_KINDS, _VE),
        Kind.PERSON: _VE | {Purpose.CHANGE},  # what matters to them, corrections, sharing
        Kind.BOOKING: _VE | {Purpose.CHANGE},  # move or cancel their own booking
        Kind.ASSESSMENT: _VE | {Purpose.CHANGE},  # assess their own needs
        Kind.SUPPORT_PLAN: _VE | {Purpose.CHANGE},  # write their own plan
        Kind.SHARED_ACTIVITY: _VE | {Purpose.CHANGE},  # leave a shared activity
    },
    Ground.OWN_DIRECT_PAYMENT: {
        Kind.BUDGET: frozenset({Purpose.VIEW, Purpose.RECORD_MONEY}),
        Kind.TIMESHEET: frozenset({Purpose.VIEW, Purpose.CHANGE, Purpose.RECORD_MONEY}),
    },
    Ground.SHARED: _every(ORDINARY_KINDS, _V),
}

_WORKS_WITH: Permits = _every(ORDINARY_KINDS, ALL_PURPOSES)
_TEAM_ROLE_GROUNDS: Mapping[Ground, Permits] = {
    Ground.MET: _WORKS_WITH,
    Ground.ALLOCATED: _WORKS_WITH,
    Ground.TEAM: _WORKS_WITH,
    Ground.SIGN_OFF: {
        Kind.PERSON: _V, Kind.ASSESSMENT: _V, Kind.SUPPORT_PLAN: frozenset({Purpose.VIEW, Purpose.DECIDE}),
    },
    Ground.DUTY: {Kind.BOOKING: _VC},
    Ground.SAFEGUARDING_TEAM: {Kind.SAFEGUARDING: ALL_PURPOSES},
    Ground.NAMED: {Kind.SAFEGUARDING: _V},
    # The hospital team plans with the person as the front door does: they may record a conversation with someone
    # a ward asked them to help (and, having had it, hold MET like anyone else), but not read the record before.
    Ground.HOSPITAL_TEAM: {Kind.DISCHARGE: ALL_PURPOSES, Kind.CONVERSATION: frozenset({Purpose.CHANGE})},
    Ground.BREAK_GLASS: _every(ORDINARY_KINDS, _VC),
}

# Grounds that depend on the role. Roles not here (commissioners) open no one's records.
BY_ROLE: Mapping[Role, Mapping[Ground, Permits]] = {
    Role.PRACTITIONER: _TEAM_ROLE_GROUNDS,
    Role.MANAGER: _TEAM_ROLE_GROUNDS,
    Role.ADMIN: {Ground.BREAK_GLASS: _every(ORDINARY_KINDS, _V)},
    Role.HOST: {Ground.HUB_BOOKING: {Kind.BOOKING: _V, Kind.ASSESSMENT: _VC}},
    # Ward staff see and change (withdraw, correct) only the requests their own ward sent: never the rest of the
    # person's record, never another ward's request, never through sharing's or break glass's back doors.
    Role.WARD: {Ground.WARD_REQUEST: {Kind.DISCHARGE: _VC}},
}

# Roles whose work can justify opening a record they have no relationship with, given a reason.
BREAK_GLASS_ROLES = frozenset(role for role, grounds in BY_ROLE.items() if Ground.BREAK_GLASS in grounds)

# The order grounds are tried in: the one recorded is the first that allows.
GROUND_ORDER = (
    Ground.SELF, Ground.OWN_DIRECT_PAYMENT, Ground.MET, Ground.ALLOCATED, Ground.TEAM, Ground.SIGN_OFF,
    Ground.HUB_BOOKING, Ground.DUTY, Ground.SAFEGUARDING_TEAM, Ground.NAMED, Ground.WARD_REQUEST, Ground.HOSPITAL_TEAM,
    Ground.SHARED, Ground.BREAK_GLASS,
)


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    reason_needed: bool  # refused, but a stated reason ("break glass") would let the user in
    ground: Ground | None  # the ground it was allowed on
    reasons: tuple[str, ...]

    @property
    def grounds(self) -> str:
        return self.ground.value if self.ground else ""


def permits(*, role: Role | None, ground: Ground) -> Permits:
    """What one ground lets a user in `role` do. Ward staff hold only their own ward's requests: no ground that holds
    whatever the role (sharing, their own record) reaches anything through a ward account."""
    if role is Role.WARD:
        return BY_ROLE[Role.WARD].get(ground, {})
    if ground in ANY_ROLE:
        return ANY_ROLE[ground]
    return BY_ROLE.get(role, {}).get(ground, {}) if role else {}


def decide(*, role: Role | None, kind: Kind, purpose: Purpose, grounds: Iterable[Ground]) -> AccessDecision:
    """May a user in `role`, with these grounds, open a person's record of `kind` for `purpose`?"""
    held = frozenset(grounds)
    for ground in GROUND_ORDER:
        if ground in held and purpose in permits(role=role, ground=ground).get(kind, frozenset()):
            return AccessDecision(True, False, ground, (GROUND_WORDS[ground],))
    wanted = f"{PURPOSE_WORDS[purpose]} {KIND_WORDS[kind]}"
    if role is Role.HOST:
        return AccessDecision(False, False, None, (
            "Hosts see the bookings at their own hubs, and assess only with people currently booked there.",))
    if role is Role.WARD:
        return AccessDecision(False, False, None, (
            "Ward staff see only the requests to leave hospital that their own ward sent, and nothing else about "
            "the person.",))
    if kind is Kind.SAFEGUARDING:
        return AccessDecision(False, False, None, (
            "Only the safeguarding team, the people they name and the person themselves can see a safeguarding "
            "concern.",))
    # Grounds that reach only safeguarding records, or only requests to leave hospital, say nothing about the
    # person's other records.
    if any(permits(role=role, ground=g) for g in held - {Ground.BREAK_GLASS, Ground.DUTY, Ground.HOSPITAL_TEAM}
           - SAFEGUARDING_GROUNDS):
        return AccessDecision(False, False, None, (f"You can open this person's record, but you cannot {wanted}.",))
    if role in BREAK_GLASS_ROLES and purpose in permits(role=role, ground=Ground.BREAK_GLASS).get(kind, frozenset()):
        return AccessDecision(False, True, None, (
            "You have not met this person, they are not allocated to you and they are not supported by your team.",
            "To open the record you must give a reason. The person will see it and a manager will review it.",
        ))
    if role is None or role is Role.PERSON:
        return AccessDecision(False, False, None, ("You can only see your own record, or one a person has shared "
                                                   "with you.",))
    return AccessDecision(False, False, None, (f"Your role cannot {wanted}.",))


def grounds_allowing(*, role: Role | None, kind: Kind, purpose: Purpose) -> frozenset[Ground]:
    """The grounds (other than break glass) on which a user in `role` may open `kind` for `purpose`.

    Lists use this: a list shows a person's name only to a user holding one of these grounds.
    """
    return frozenset(
        ground for ground in GROUND_ORDER
        if ground is not Ground.BREAK_GLASS and purpose in permits(role=role, ground=ground).get(kind, frozenset())
    )


# --- Break glass: a reason a manager can review ------------------------------------------------

BREAK_GLASS_PURPOSES: Mapping[str, str] = {
    "safeguarding": "A safeguarding concern about this person",
    "duty": "A duty call: the person, or someone about them, contacted us",
    "cover": "Covering for a colleague who is away",
    "urgent": "An urgent change in the person's needs or situation",
    "request": "A data protection or legal request about this person",
}
BREAK_GLASS_MIN_WORDS = 5
BREAK_GLASS_MIN_CHARACTERS = 25


@dataclass(frozen=True)
class ReasonCheck:
    ok: bool
    reason: str  # the purpose and the explanation together, as the person will read it
    problems: Mapping[str, str]  # field → message


def check_break_glass_reason(*, purpose: str, explanation: str) -> ReasonCheck:
    """A break-glass reason is one of the published purposes and a real sentence saying why."""
    problems: dict[str, str] = {}
    if purpose not in BREAK_GLASS_PURPOSES:
        problems["purpose"] = "Choose why you need to open this record"
    text = " ".join(explanation.split())
    words = [w for w in text.split(" ") if any(c.isalpha() for c in w)]
    if len(text) < BREAK_GLASS_MIN_CHARACTERS or len(words) < BREAK_GLASS_MIN_WORDS or len(set(words)) < 3:
        problems["explanation"] = (f"Say in a sentence of at least {BREAK_GLASS_MIN_WORDS} words what has happened "
                                   "and why you need this record now")
    reason = f"{BREAK_GLASS_PURPOSES[purpose]}: {text}" if not problems else ""
    return ReasonCheck(not problems, reason, problems)


# --- Pages: which roles each part of the service is for ---------------------------------------
# Navigation and every page's role check come from this one table.

@dataclass(frozen=True)
class Page:
    name: str  # the URL name
    text: str  # its words in the navigation
    roles: frozenset[Role]  # who may open it
    nav: frozenset[Role] = frozenset()  # whose navigation shows it (the rest reach it from their other pages)


_TEAM = frozenset({Role.PRACTITIONER, Role.MANAGER})
_MANAGING = frozenset({Role.MANAGER, Role.ADMIN})
_MONEY_TOGETHER = frozenset({Role.COMMISSIONER, Role.MANAGER, Role.ADMIN})
PAGES: Mapping[str, Page] = {page.name: page for page in (
    Page("people:my-record", "Your record", frozenset({Role.PERSON}), frozenset({Role.PERSON})),
    # Someone with no role (a family member, an advocate) has only this page too: see core.context_processors.
    Page("people:shared-with-me", "Shared with you", frozenset({Role.PERSON}), frozenset({Role.PERSON})),
    Page("conversations:waiting-list", "Waiting list", _TEAM | {Role.ADMIN}, _TEAM),
    Page("assessments:waiting", "Assessments", _TEAM, _TEAM),
    Page("budgets:list", "Budgets", _TEAM, _TEAM),
    Page("relationships:home", "Matching", _TEAM, frozenset({Role.PRACTITIONER})),
    Page("budgets:plans-waiting", "Plans waiting for a decision", _TEAM),
    Page("people:break-glass-review", "Reviews", _MANAGING, _MANAGING),
    Page("people:find", "Find a person", _TEAM | {Role.ADMIN}, _TEAM | {Role.ADMIN}),
    # Listed on the team's home page and the waiting list; joining records changes them, so the team roles only.
    Page("people:duplicates", "Possible duplicates", _TEAM),
    Page("hubs:list", "Hubs", _TEAM | {Role.HOST, Role.ADMIN}, frozenset({Role.HOST, Role.ADMIN})),
    Page("market:overview", "Market", _MONEY_TOGETHER, frozenset({Role.COMMISSIONER, Role.ADMIN})),
    Page("participation:manage", "Budgeting together", _MONEY_TOGETHER, frozenset({Role.COMMISSIONER, Role.ADMIN})),
    Page("insight:team", "Team", _TEAM | {Role.COMMISSIONER, Role.ADMIN}, frozenset({Role.COMMISSIONER})),
    Page("budgets:pools", "Shared activities", _TEAM),
    Page("budgets:funding-figures", "Figures for who pays for care", frozenset({Role.COMMISSIONER, Role.ADMIN})),
    Page("budgets:charging-rates", "Charging rates", frozenset({Role.ADMIN})),  # listed on the admin's home page
    Page("people:staff", "Staff accounts", frozenset({Role.ADMIN})),  # listed on the admin's home page
    # The emails and texts sent (core.messaging's outbox): listed on the home page; rows filtered by people_in_reach.
    Page("people:messages-sent", "Messages sent", _MANAGING),
    # Safeguarding concerns: the list is filtered to what each person may see (the safeguarding team sees them all;
    # anyone else only the ones they are named in), so it is open to the team roles and listed on their home page.
    Page("safeguarding:concerns", "Safeguarding concerns", _TEAM),
    # Ward staff's one page: their own ward's requests to leave hospital (the list is filtered to that ward).
    Page("hospital:ward", "Your ward's requests", frozenset({Role.WARD}), frozenset({Role.WARD})),
    # The hospital team's list: filtered like safeguarding's (everything for the hospital team, nothing for the rest),
    # so open to the team roles and listed on their home page.
    Page("hospital:team", "Leaving hospital", _TEAM),
    # Leaving hospital counted (no person's record): commissioners, listed on their home page. Managers on the
    # hospital team may open it too, which only the hospital app knows (hospital.flow.may_see_flow).
    Page("hospital:flow", "How leaving hospital flows", frozenset({Role.COMMISSIONER})),
    # The administrator's pages for the hospital's partners: wards, ward staff accounts, ward systems' keys and the
    # council's hospital team. Listed on the admin's home page.
    Page("hospital:admin", "Hospital wards and the hospital team", frozenset({Role.ADMIN})),
)}
NAV_LIMIT = 6  # items in a role's navigation, counting "Sign out"


def nav_for(role: Role | None) -> tuple[Page, ...]:
    """The pages a role's navigation shows, in the table's order (a test keeps each within NAV_LIMIT)."""
    return tuple(page for page in PAGES.values() if role is not None and role in page.nav)


def more_for(role: Role | None) -> tuple[Page, ...]:
    """Pages a role may open that its navigation leaves out: its home page lists them."""
    return tuple(page for page in PAGES.values() if role is not None and role in page.roles and role not in page.nav)


def may_open_page(*, role: Role | None, page: str) -> bool:
    return role is not None and role in PAGES[page].roles
