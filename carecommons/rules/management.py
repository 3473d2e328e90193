"""How a personal budget is managed: the person's choice, and the direct-payment conditions.

Four ways, described in neutral words and shown with the same prominence; none is the default.
Direct payments have conditions in the Care Act 2014 ss31–32 and the Care and Support (Direct
Payments) Regulations 2014 (SI 2014/2871): `direct_payment_decision` checks them and says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from carecommons.rules.direct_payments import (
    AuthorisedBasis,
    RecipientFacts,
    RecipientRoute,
    recipient_decision,
)

WAYS: dict[str, tuple[str, str]] = {
    "direct_payment": (
        "A direct payment",
        "The money is paid to you, or to someone you choose, into an account for your support. You choose and pay "
        "for support yourself, for example by employing personal assistants. Help with the paperwork is available.",
    ),
    "council_arranged": (
        "The council arranges it",
        "The council arranges and pays for the support in your plan, with the providers you choose. You do not "
        "handle the money.",
    ),
    "individual_service_fund": (
        "An individual service fund",
        "A provider you choose holds the money for you and uses it flexibly for the support in your plan. "
        "You decide with them how it is spent.",
    ),
    "mixed": (
        "A mix",
        "Some parts of your plan are arranged one way and some another, for example a direct payment for a "
        "personal assistant and the council arranging day support.",
    ),
}
SINGLE_WAYS = ("direct_payment", "council_arranged", "individual_service_fund")


@dataclass(frozen=True)
class DirectPaymentFacts:
    """What the council knows when deciding whether a direct payment can be made.

    `has_capacity` is about the capacity to request a direct payment (s31); without it, an
    authorised person may request and manage it for the adult (s32). With capacity, the adult may
    nominate someone to receive it (s31(1)(b)). The conditions themselves are in
    `rules.direct_payments.recipient_decision`.
    """

    has_capacity: bool
    excluded_by_regulations: bool
    able_to_manage: bool  # the adult (or nominee, or authorised person) can manage it, alone or with the help available
    appropriate: bool  # a direct payment is an appropriate way to meet the needs
    authorised_person: str = ""
    authorised_person_agrees: bool = False
    authorised_person_suitable: bool = False  # the council is satisfied they will act in the adult's best interests
    pays_close_family_in_household: bool = False
    council_decides_necessary: bool = False
    necessary_reasons: str = ""
    nominee: str = ""  # s31(1)(b): the person the adult nominates to receive it
    nominee_agrees: bool = False
    authorised_basis: str = ""  # an AuthorisedBasis value (s32(4))
    supporter_name: str = ""  # the deputy or attorney who supports an authorised person's request (s32(5))
    supporter_supports: bool = False

    def recipient(self) -> RecipientFacts:
        if self.has_capacity:
            route = RecipientRoute.NOMINATED if self.nominee.strip() else RecipientRoute.ADULT
        else:
            route = RecipientRoute.AUTHORISED
        name = self.nominee if route is RecipientRoute.NOMINATED else self.authorised_person
        basis = AuthorisedBasis(self.authorised_basis) if self.authorised_basis in {b.value for b in AuthorisedBasis} else None
        if route is RecipientRoute.AUTHORISED and basis is None and self.authorised_person.strip():
            basis = AuthorisedBasis.NOBODY_AUTHORISED  # recorded before the basis was asked: the council judged them suitable
        return RecipientFacts(
            route=route, recipient_name=name,
            recipient_agrees=self.nominee_agrees if route is RecipientRoute.NOMINATED else self.authorised_person_agrees,
            authorised_basis=basis, supporter_name=self.supporter_name, supporter_supports=self.supporter_supports,
            best_interests=self.authorised_person_suitable, able_to_manage=self.able_to_manage,
            appropriate=self.appropriate, excluded_by_regulations=self.excluded_by_regulations)


@dataclass(frozen=True)
class DirectPaymentDecision:
    allowed: bool
    section: str  # "31" or "32"
    exception_recorded: bool
    reasons: tuple[str, ...]
    problems: tuple[str, ...] = ()  # what stops it, each naming its condition
    route: str = ""  # a RecipientRoute value
    recipient: str = ""  # who it is paid to, in words


def direct_payment_decision(facts: DirectPaymentFacts) -> DirectPaymentDecision:
    who = facts.recipient()
    decided = recipient_decision(who)
    reasons, problems = list(decided.reasons), list(decided.problems)
    if who.route is RecipientRoute.AUTHORISED and who.recipient_name.strip() and not facts.authorised_person_agrees:
        problems.append("The authorised person has not agreed to receive the direct payment (section 32(1)(c)).")
    exception = False
    if facts.pays_close_family_in_household:
        if facts.council_decides_necessary and facts.necessary_reasons.strip():
            exception = True
            reasons.append("It will pay a close family member who lives in the same household. The council has "
                           f"decided this is necessary: {facts.necessary_reasons.strip()}")
        else:
            problems.append("A direct payment cannot pay a partner or close relative living in the same household, "
                            "unless the council decides it is necessary and says why (SI 2014/2871 regulation 3).")
    return DirectPaymentDecision(not problems, decided.section, exception, tuple(reasons + problems), tuple(problems),
                                 who.route.value, decided.recipient)
