"""How a personal budget is managed: the person's choice, and the direct-payment conditions.

Four ways, described in neutral words and shown with the same prominence; none is the default.
Direct payments have conditions in the Care Act 2014 ss31–32 and the Care and Support (Direct
Payments) Regulations 2014 (SI 2014/2871): `direct_payment_decision` checks them and says why.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    authorised person may request and manage it for the adult (s32).
    """

    has_capacity: bool
    excluded_by_regulations: bool
    able_to_manage: bool  # the adult (or authorised person) can manage it, alone or with the help available
    appropriate: bool  # a direct payment is an appropriate way to meet the needs
    authorised_person: str = ""
    authorised_person_agrees: bool = False
    authorised_person_suitable: bool = False
    pays_close_family_in_household: bool = False
    council_decides_necessary: bool = False
    necessary_reasons: str = ""


@dataclass(frozen=True)
class DirectPaymentDecision:
    allowed: bool
    section: str  # "31" or "32"
    exception_recorded: bool
    reasons: tuple[str, ...]


def direct_payment_decision(facts: DirectPaymentFacts) -> DirectPaymentDecision:
    reasons: list[str] = []
    allowed = True
    if facts.has_capacity:
        section = "31"
        reasons.append("They can ask for a direct payment themselves (Care Act section 31).")
    else:
        section = "32"
        if not facts.authorised_person.strip():
            allowed = False
            reasons.append("They do not have capacity to ask for a direct payment, and nobody has been named to "
                           "ask for it and manage it for them (Care Act section 32).")
        else:
            reasons.append(f"{facts.authorised_person.strip()} asks for it and manages it for them (Care Act section 32).")
            if not facts.authorised_person_agrees:
                allowed = False
                reasons.append("The authorised person has not agreed to receive the direct payment.")
            if not facts.authorised_person_suitable:
                allowed = False
                reasons.append("The council is not satisfied the authorised person will act in their best interests.")
    if facts.excluded_by_regulations:
        allowed = False
        reasons.append("The regulations exclude a direct payment here (for example, some court orders about drugs or "
                       "alcohol, SI 2014/2871 Schedule 1).")
    if facts.able_to_manage:
        reasons.append("The council is satisfied it can be managed, with the help that is available.")
    else:
        allowed = False
        reasons.append("The council is not satisfied it can be managed, even with help. Say what help would change that.")
    if facts.appropriate:
        reasons.append("A direct payment is an appropriate way to meet the needs.")
    else:
        allowed = False
        reasons.append("The council does not think a direct payment is an appropriate way to meet these needs.")
    exception = False
    if facts.pays_close_family_in_household:
        if facts.council_decides_necessary and facts.necessary_reasons.strip():
            exception = True
            reasons.append("It will pay a close family member who lives in the same household. The council has "
                           f"decided this is necessary: {facts.necessary_reasons.strip()}")
        else:
            allowed = False
            reasons.append("A direct payment cannot pay a partner or close relative living in the same household, "
                           "unless the council decides it is necessary and says why (SI 2014/2871 regulation 3).")
    return DirectPaymentDecision(allowed, section, exception, tuple(reasons))
