"""Direct payments: who may be paid from one, who receives it, the agreement, and getting money back.

Sources (each rule cites its own paragraph):
- Care Act 2014 s31 (an adult with capacity, or a person they nominate), s32 (an adult without
  capacity, through an authorised person), s33(3) (the money is only for the needs in the plan) and
  s33(5) (the council may require repayment when it is not used for them, or a condition is broken).
- The Care and Support (Direct Payments) Regulations 2014, SI 2014/2871: regulation 3 (who may not be
  paid, and the council's power to allow it when necessary) and regulation 7(1)(a) (reviews).

**Regulation 3, as this module reads it.** Paragraph (1): a direct payment must not be used to pay a
person in paragraph (3). Paragraph (3): (a) the adult's spouse or civil partner and (b) a person living
with the adult as if their spouse or civil partner — wherever either lives; (c) a person living in the
same household who is the adult's parent or parent-in-law, son or daughter, son-in-law or
daughter-in-law, stepson or stepdaughter, brother or sister, aunt or uncle, or grandparent (the
regulations list these people; there is no separate defined term, and this code calls them "close
relatives", as domain.md does); and the spouse or civil partner of such a relative, or a person living
with them as a partner, living in the same household. Paragraph (2): *except that*, if the council
considers it necessary, the payment may pay any of them (a) to meet the adult's needs, or (b) for
administrative and management support. The exception applies to every person in paragraph (3),
partners included; this code asks for the council's decision, who made it, when and its reasons
(ADR 0017).

Pure: no Django, no clock. Money is integer pence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from carecommons.rules.money import pounds

REG3 = "SI 2014/2871 regulation 3"


class Relationship(StrEnum):
    """The payee's relationship to the adult whose needs the direct payment meets."""

    SPOUSE = "spouse"
    CIVIL_PARTNER = "civil_partner"
    LIVES_AS_PARTNER = "lives_as_partner"
    PARENT = "parent"
    PARENT_IN_LAW = "parent_in_law"
    SON_OR_DAUGHTER = "son_or_daughter"
    SON_OR_DAUGHTER_IN_LAW = "son_or_daughter_in_law"
    STEPSON_OR_STEPDAUGHTER = "stepson_or_stepdaughter"
    BROTHER_OR_SISTER = "brother_or_sister"
    AUNT_OR_UNCLE = "aunt_or_uncle"
    GRANDPARENT = "grandparent"
    PARTNER_OF_CLOSE_RELATIVE = "partner_of_close_relative"
    OTHER_RELATIVE = "other_relative"
    NOT_RELATED = "not_related"


RELATIONSHIP_WORDS: dict[Relationship, str] = {
    Relationship.SPOUSE: "Husband or wife",
    Relationship.CIVIL_PARTNER: "Civil partner",
    Relationship.LIVES_AS_PARTNER: "Lives with them as a couple",
    Relationship.PARENT: "Parent",
    Relationship.PARENT_IN_LAW: "Parent-in-law",
    Relationship.SON_OR_DAUGHTER: "Son or daughter",
    Relationship.SON_OR_DAUGHTER_IN_LAW: "Son-in-law or daughter-in-law",
    Relationship.STEPSON_OR_STEPDAUGHTER: "Stepson or stepdaughter",
    Relationship.BROTHER_OR_SISTER: "Brother or sister",
    Relationship.AUNT_OR_UNCLE: "Aunt or uncle",
    Relationship.GRANDPARENT: "Grandparent",
    Relationship.PARTNER_OF_CLOSE_RELATIVE: "The husband, wife or partner of one of the relatives above",
    Relationship.OTHER_RELATIVE: "Another relative, for example a cousin, niece or nephew",
    Relationship.NOT_RELATED: "Not related, for example a friend or someone new",
}

# Regulation 3(3)(a) and (b): restricted wherever they live.
PARTNERS = frozenset({Relationship.SPOUSE, Relationship.CIVIL_PARTNER, Relationship.LIVES_AS_PARTNER})
# Regulation 3(3)(c), and their partners (the rest of paragraph (3)): restricted only in the same household.
CLOSE_RELATIVES = frozenset({
    Relationship.PARENT, Relationship.PARENT_IN_LAW, Relationship.SON_OR_DAUGHTER, Relationship.SON_OR_DAUGHTER_IN_LAW,
    Relationship.STEPSON_OR_STEPDAUGHTER, Relationship.BROTHER_OR_SISTER, Relationship.AUNT_OR_UNCLE,
    Relationship.GRANDPARENT, Relationship.PARTNER_OF_CLOSE_RELATIVE,
})


class NecessityBasis(StrEnum):
    MEET_NEEDS = "meet_needs"  # regulation 3(2)(a)
    MANAGEMENT = "management"  # regulation 3(2)(b)


NECESSITY_WORDS: dict[NecessityBasis, str] = {
    NecessityBasis.MEET_NEEDS: "To meet their care needs (regulation 3(2)(a))",
    NecessityBasis.MANAGEMENT: "For help managing the direct payment: paperwork, the law, keeping track of the money "
                               "(regulation 3(2)(b))",
}

MINIMUM_REASONS = 20  # characters: a sentence, not a tick


@dataclass(frozen=True)
class Necessity:
    """The council's decision that paying a restricted person is necessary (regulation 3(2))."""

    basis: NecessityBasis
    decided_by: str
    decided_on: dt.date
    reasons: str


@dataclass(frozen=True)
class PayeeDecision:
    may_be_paid: bool
    restricted: bool  # the payee is one of the people in regulation 3(3)
    rule: str  # the paragraph that decides it
    reasons: tuple[str, ...]


def payee_decision(*, relationship: Relationship, same_household: bool, necessity: Necessity | None) -> PayeeDecision:
    """May a direct payment pay this person (a personal assistant or anyone else)? SI 2014/2871 regulation 3."""
    if relationship in PARTNERS:
        rule = f"{REG3}(3)(a)" if relationship in (Relationship.SPOUSE, Relationship.CIVIL_PARTNER) else f"{REG3}(3)(b)"
        who = ("their husband, wife or civil partner" if relationship != Relationship.LIVES_AS_PARTNER
               else "someone who lives with them as a couple")
        where = "wherever they live"
    elif relationship in CLOSE_RELATIVES and same_household:
        rule = f"{REG3}(3)(c)" if relationship != Relationship.PARTNER_OF_CLOSE_RELATIVE else f"{REG3}(3)"
        who = "a close relative (or a close relative's partner) who lives in the same household"
        where = "while they live in the same household"
    else:
        why = ("They are not a partner, and not a close relative living in the same household, so the restriction "
               f"does not apply ({REG3}).")
        return PayeeDecision(True, False, REG3, (why,))
    if necessity is None:
        return PayeeDecision(False, True, rule, (
            f"A direct payment cannot pay {who}, {where} ({rule}), unless the council decides it is necessary and "
            "records who decided, when and why (regulation 3(2)).",))
    missing = [words for words, ok in (
        ("who decided", bool(necessity.decided_by.strip())),
        (f"the reasons, in at least {MINIMUM_REASONS} characters", len(necessity.reasons.strip()) >= MINIMUM_REASONS),
    ) if not ok]
    if missing:
        return PayeeDecision(False, True, rule, (
            f"A direct payment cannot pay {who} ({rule}) without the council's decision that it is necessary: "
            f"record {' and '.join(missing)}.",))
    return PayeeDecision(True, True, f"{REG3}(2)", (
        f"They are {who} ({rule}).",
        f"{necessity.decided_by.strip()} decided on {necessity.decided_on:%-d %B %Y} that paying them is necessary: "
        f"{NECESSITY_WORDS[necessity.basis].split(' (')[0].lower()} ({REG3}(2)). Reasons: {necessity.reasons.strip()}",
    ))


# --- Who receives the direct payment: s31 and s32 ---------------------------------------------------

class RecipientRoute(StrEnum):
    ADULT = "adult"  # s31: the adult, with capacity, asks and receives it
    NOMINATED = "nominated"  # s31(1)(b): a person the adult nominates agrees to receive it
    AUTHORISED = "authorised"  # s32: the adult lacks capacity; an authorised person asks and receives it


ROUTE_WORDS: dict[RecipientRoute, str] = {
    RecipientRoute.ADULT: "They ask for it and it is paid to them (Care Act section 31)",
    RecipientRoute.NOMINATED: "They ask for it to be paid to someone they choose, who agrees (section 31(1)(b))",
    RecipientRoute.AUTHORISED: "They cannot decide this themselves: an authorised person asks for it and it is paid to "
                               "them (section 32)",
}


class AuthorisedBasis(StrEnum):
    DEPUTY = "deputy"  # s32(4)(a): authorised under the Mental Capacity Act 2005
    ATTORNEY = "attorney"  # s32(4)(a)
    AGREED_BY_DEPUTY_OR_ATTORNEY = "agreed"  # s32(4)(b)
    NOBODY_AUTHORISED = "council"  # s32(4)(c): no deputy or attorney; the council considers them suitable


BASIS_WORDS: dict[AuthorisedBasis, str] = {
    AuthorisedBasis.DEPUTY: "A deputy appointed by the Court of Protection",
    AuthorisedBasis.ATTORNEY: "An attorney under a lasting power of attorney",
    AuthorisedBasis.AGREED_BY_DEPUTY_OR_ATTORNEY: "Someone else, and there is a deputy or attorney",
    AuthorisedBasis.NOBODY_AUTHORISED: "Someone else, and there is no deputy or attorney",
}


@dataclass(frozen=True)
class RecipientFacts:
    route: RecipientRoute
    recipient_name: str = ""  # the nominated or authorised person; blank for the adult
    recipient_agrees: bool = False  # s31(4)(b) for a nominee; for an authorised person, their request
    authorised_basis: AuthorisedBasis | None = None
    supporter_name: str = ""  # the deputy or attorney who supports the request (s32(5))
    supporter_supports: bool = False
    best_interests: bool = False  # s32 condition 3
    able_to_manage: bool = False  # s31 condition 3; s32 condition 4
    appropriate: bool = False  # s31 condition 4; s32 condition 5
    excluded_by_regulations: bool = False  # s31 / s32 condition 2


@dataclass(frozen=True)
class RecipientDecision:
    allowed: bool
    section: str
    recipient: str  # who the money is paid to, in words
    reasons: tuple[str, ...]
    problems: tuple[str, ...]  # what stops it, each naming its condition


def recipient_decision(facts: RecipientFacts) -> RecipientDecision:
    """Whether a direct payment can be made to this recipient, by the conditions of s31 or s32."""
    reasons: list[str] = []
    problems: list[str] = []
    name = facts.recipient_name.strip()
    if facts.route is RecipientRoute.ADULT:
        section, recipient = "31", "the person themselves"
        reasons.append("They have capacity and ask for the direct payment themselves (Care Act section 31(4)(a)).")
    elif facts.route is RecipientRoute.NOMINATED:
        section, recipient = "31", name or "a nominated person"
        if not name:
            problems.append("Give the name of the person they nominate to receive it (section 31(1)(b)).")
        elif facts.recipient_agrees:
            reasons.append(f"They nominate {name}, who agrees to receive the payments for them (section 31(4)(b)).")
        else:
            problems.append(f"{name} has not agreed to receive the payments (section 31(4)(b)).")
    else:
        section, recipient = "32", name or "an authorised person"
        if not name:
            problems.append("They cannot ask for it themselves, so give the name of the authorised person who asks for "
                            "it (section 32(1)(c)).")
        if facts.authorised_basis is None:
            problems.append("Say whether the authorised person is a deputy or attorney, or someone else (section 32(4)).")
        elif facts.authorised_basis in (AuthorisedBasis.DEPUTY, AuthorisedBasis.ATTORNEY):
            reasons.append(f"{name or 'The authorised person'} is their {facts.authorised_basis.value}, authorised "
                           "under the Mental Capacity Act 2005 (section 32(4)(a)).")
        elif facts.authorised_basis is AuthorisedBasis.AGREED_BY_DEPUTY_OR_ATTORNEY:
            supporter = facts.supporter_name.strip()
            if supporter and facts.supporter_supports:
                reasons.append(f"{name or 'The authorised person'} is not a deputy or attorney; {supporter}, who is, "
                               "supports the request (section 32(4)(b) and (5)).")
            else:
                problems.append("There is a deputy or attorney: record their name and that they support the request "
                                "(section 32(5)).")
        else:
            reasons.append("There is no deputy or attorney, and the council considers "
                           f"{name or 'the authorised person'} suitable (section 32(4)(c)).")
        if facts.best_interests:
            reasons.append("The council is satisfied they will act in the person's best interests (section 32, "
                           "condition 3).")
        else:
            problems.append("The council must be satisfied the authorised person will act in the person's best "
                            "interests (section 32, condition 3).")
    if facts.excluded_by_regulations:
        problems.append(f"The regulations exclude a direct payment here (section {section}, condition 2; "
                        "SI 2014/2871 Schedule).")
    who = "they" if facts.route is RecipientRoute.ADULT else recipient
    manage = "3" if section == "31" else "4"
    fit = "4" if section == "31" else "5"
    if facts.able_to_manage:
        reasons.append(f"The council is satisfied {who} can manage it, with the help available (section {section}, "
                       f"condition {manage}).")
    else:
        problems.append(f"The council is not satisfied {who} can manage it, even with help (section {section}, "
                        f"condition {manage}).")
    if facts.appropriate:
        reasons.append(f"A direct payment is an appropriate way to meet the needs (section {section}, condition {fit}).")
    else:
        problems.append(f"The council does not think a direct payment is an appropriate way to meet these needs "
                        f"(section {section}, condition {fit}).")
    return RecipientDecision(not problems, section, recipient, tuple(reasons), tuple(problems))


# --- The agreement ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    heading: str
    text: str
    source: str


def agreement_terms(*, recipient: str, weekly: int, period_weeks: int, contribution: int) -> tuple[Term, ...]:
    """What the person (or their nominee or authorised person) agrees to, in plain English."""
    keeps = "You keep" if recipient == "the person themselves" else f"{recipient} keeps"
    paid = weekly - contribution
    return (
        Term("What the money is for",
             f"The council pays {pounds(paid)} a week for {period_weeks} weeks into the direct payment account"
             + (f", and {pounds(contribution)} a week is your own contribution" if contribution else "")
             + ". The money is only for the support in your plan.", "Care Act 2014 section 33(3)"),
        Term("Who is paid",
             "Do not pay your husband, wife, civil partner or partner, or a close relative who lives with you, unless "
             "the council has agreed in writing that it is necessary.", REG3),
        Term("Keeping records",
             f"{keeps} receipts, timesheets and bank statements for the account, and show them at each "
             "review. This website keeps a statement of every payment.", "SI 2014/2871 regulation 7"),
        Term("Reviews",
             "The council checks with you how the direct payment is going within 6 months of the first payment, then at "
             "least once a year.", "SI 2014/2871 regulation 7(1)(a)"),
        Term("Money left over or used for something else",
             "If money builds up unspent, or is used for something that is not in the plan, the council may ask for it "
             "back. It will tell you first, and you can reply before a manager decides. It will not take more than is "
             "left unspent.", "Care Act 2014 section 33(5)"),
        Term("Stopping", "You can stop the direct payment at any time and ask the council to arrange your support "
             "instead.", "Care Act 2014 sections 31 and 33"),
    )


# --- Getting money back: s33(5) ---------------------------------------------------------------------

class RecoveryKind(StrEnum):
    UNSPENT = "unspent"  # money built up and not needed for the plan
    MISUSED = "misused"  # money used for something that is not in the plan


RECOVERY_WORDS: dict[RecoveryKind, str] = {
    RecoveryKind.UNSPENT: "Money left unspent",
    RecoveryKind.MISUSED: "Money used for something that is not in the plan",
}


@dataclass(frozen=True)
class RecoveryCheck:
    allowed: bool
    reasons: tuple[str, ...]


def recovery_check(*, kind: RecoveryKind, pence: int, unspent: int, spent: int) -> RecoveryCheck:
    """Whether this amount may be proposed or recovered. `unspent` is the money held and not set aside."""
    if pence <= 0:
        return RecoveryCheck(False, ("Enter an amount more than £0.",))
    if kind is RecoveryKind.UNSPENT and pence > unspent:
        return RecoveryCheck(False, (f"Only {pounds(max(unspent, 0))} is unspent: the council cannot ask for more than "
                                     "is left (Care Act 2014 section 33(5)).",))
    if kind is RecoveryKind.MISUSED and pence > spent:
        return RecoveryCheck(False, (f"Only {pounds(spent)} has been spent, so no more than that can have been used "
                                     "for something else.",))
    return RecoveryCheck(True, (f"{RECOVERY_WORDS[kind]}: {pounds(pence)} (Care Act 2014 section 33(5)).",))


def reply_due(*, told_on: dt.date, reply_days: int) -> dt.date:
    """The last day to reply; `reply_days` is the council's own period (the law sets none)."""
    return told_on + dt.timedelta(days=reply_days)


@dataclass(frozen=True)
class RecoveryDecision:
    allowed: bool
    pence: int
    reasons: tuple[str, ...]


def recovery_decision(*, kind: RecoveryKind, proposed: int, decided: int, unspent: int, spent: int, replied: bool,
                      due: dt.date, today: dt.date, reasons: str) -> RecoveryDecision:
    """A manager's decision on a proposed recovery: only after the reply (or the end of the time to reply),
    with reasons, never more than was proposed, and never more than is unspent for unspent money."""
    if not replied and today <= due:
        return RecoveryDecision(False, 0, (f"Wait for their reply, or until {due:%-d %B %Y} when the time to reply ends.",))
    if len(reasons.strip()) < MINIMUM_REASONS:
        return RecoveryDecision(False, 0, ("Give the reasons for the decision, in a sentence or two.",))
    if decided < 0:
        return RecoveryDecision(False, 0, ("The amount cannot be less than £0.",))
    if decided > proposed:
        return RecoveryDecision(False, 0, (f"They were told about {pounds(proposed)}: the decision cannot ask for more.",))
    if decided == 0:
        return RecoveryDecision(True, 0, ("Nothing is to be paid back.",))
    check = recovery_check(kind=kind, pence=decided, unspent=unspent, spent=spent)
    if not check.allowed:
        return RecoveryDecision(False, 0, check.reasons)
    heard = "having read their reply" if replied else f"they did not reply by {due:%-d %B %Y}"
    return RecoveryDecision(True, decided, (*check.reasons, f"Decided {heard}."))
