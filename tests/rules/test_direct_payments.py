"""Direct payments, worked examples: who may be paid (SI 2014/2871 reg 3), who receives it (Care Act ss31-32),
the agreement, and taking money back (s33(5))."""

from __future__ import annotations

import datetime as dt

import pytest

from carecommons.rules.direct_payments import (
    AuthorisedBasis,
    Necessity,
    NecessityBasis,
    RecipientFacts,
    RecipientRoute,
    RecoveryKind,
    Relationship,
    agreement_terms,
    payee_decision,
    recipient_decision,
    recovery_check,
    recovery_decision,
    reply_due,
)
from carecommons.rules.management import DirectPaymentFacts, direct_payment_decision

R = Relationship
DAY = dt.date(2026, 5, 1)
NEEDED = Necessity(NecessityBasis.MEET_NEEDS, "Morgan Lee", DAY, "She accepts personal care only from him; no agency "
                                                                  "covers the early mornings.")
UNREASONED = Necessity(NecessityBasis.MEET_NEEDS, "Morgan Lee", DAY, "needed")
NOBODY = Necessity(NecessityBasis.MANAGEMENT, " ", DAY, "He keeps the payroll and the records for her every week.")

# relationship, same household, the council's decision, may be paid?, restricted?, the rule cited
PAYEES = [
    (R.SPOUSE, True, None, False, True, "regulation 3(3)(a)"),
    (R.SPOUSE, False, None, False, True, "regulation 3(3)(a)"),  # living elsewhere: still restricted
    (R.CIVIL_PARTNER, False, None, False, True, "regulation 3(3)(a)"),
    (R.LIVES_AS_PARTNER, False, None, False, True, "regulation 3(3)(b)"),
    (R.SPOUSE, False, UNREASONED, False, True, "regulation 3(3)(a)"),  # a decision without reasons is no decision
    (R.SPOUSE, True, NOBODY, False, True, "regulation 3(3)(a)"),  # nor one nobody made
    (R.SPOUSE, True, NEEDED, True, True, "regulation 3(2)"),  # reg 3(2) covers everyone in paragraph (3)
    (R.CIVIL_PARTNER, False, NEEDED, True, True, "regulation 3(2)"),
    (R.SON_OR_DAUGHTER, True, None, False, True, "regulation 3(3)(c)"),
    (R.SON_OR_DAUGHTER, False, None, True, False, "regulation 3"),  # not in the same household
    (R.PARENT_IN_LAW, True, None, False, True, "regulation 3(3)(c)"),
    (R.STEPSON_OR_STEPDAUGHTER, True, None, False, True, "regulation 3(3)(c)"),
    (R.GRANDPARENT, True, NEEDED, True, True, "regulation 3(2)"),
    (R.PARTNER_OF_CLOSE_RELATIVE, True, None, False, True, "regulation 3(3)"),
    (R.PARTNER_OF_CLOSE_RELATIVE, False, None, True, False, "regulation 3"),
    (R.OTHER_RELATIVE, True, None, True, False, "regulation 3"),  # a cousin at home is not in the list
    (R.NOT_RELATED, True, None, True, False, "regulation 3"),  # a live-in assistant
]


@pytest.mark.parametrize(("relationship", "household", "necessity", "paid", "restricted", "rule"), PAYEES)
def test_who_a_direct_payment_may_pay(relationship, household, necessity, paid, restricted, rule) -> None:
    decision = payee_decision(relationship=relationship, same_household=household, necessity=necessity)
    assert (decision.may_be_paid, decision.restricted) == (paid, restricted)
    assert decision.rule.endswith(rule)
    assert all(r.strip() for r in decision.reasons)


def test_an_allowed_exception_shows_who_decided_when_and_why() -> None:
    decision = payee_decision(relationship=R.SPOUSE, same_household=True, necessity=NEEDED)
    text = " ".join(decision.reasons)
    assert "Morgan Lee decided on 1 May 2026" in text and "no agency covers the early mornings" in text
    refused = payee_decision(relationship=R.SPOUSE, same_household=False, necessity=None)
    assert "wherever they live" in refused.reasons[0] and "unless the council decides it is necessary" in refused.reasons[0]
    assert "who decided" in payee_decision(relationship=R.SPOUSE, same_household=True, necessity=NOBODY).reasons[0]


F = RecipientFacts
OK = {"able_to_manage": True, "appropriate": True}
# facts, allowed?, section, a problem that must be named (or "")
RECIPIENTS = [
    (F(RecipientRoute.ADULT, **OK), True, "31", ""),
    (F(RecipientRoute.ADULT, able_to_manage=False, appropriate=True), False, "31", "condition 3"),
    (F(RecipientRoute.ADULT, able_to_manage=True, appropriate=False), False, "31", "condition 4"),
    (F(RecipientRoute.ADULT, excluded_by_regulations=True, **OK), False, "31", "condition 2"),
    (F(RecipientRoute.NOMINATED, "Grace Adeyemi", True, **OK), True, "31", ""),
    (F(RecipientRoute.NOMINATED, "Grace Adeyemi", False, **OK), False, "31", "31(4)(b)"),
    (F(RecipientRoute.NOMINATED, "", True, **OK), False, "31", "31(1)(b)"),
    (F(RecipientRoute.AUTHORISED, "Tom Birch", True, AuthorisedBasis.DEPUTY, best_interests=True, **OK), True, "32", ""),
    (F(RecipientRoute.AUTHORISED, "Tom Birch", True, AuthorisedBasis.ATTORNEY, best_interests=False, **OK), False, "32",
     "condition 3"),
    (F(RecipientRoute.AUTHORISED, "Tom Birch", True, AuthorisedBasis.AGREED_BY_DEPUTY_OR_ATTORNEY, best_interests=True,
       **OK), False, "32", "32(5)"),  # there is a deputy or attorney, and their support is not recorded
    (F(RecipientRoute.AUTHORISED, "Tom Birch", True, AuthorisedBasis.AGREED_BY_DEPUTY_OR_ATTORNEY, "Ruth Birch", True,
       best_interests=True, **OK), True, "32", ""),
    (F(RecipientRoute.AUTHORISED, "Tom Birch", True, AuthorisedBasis.NOBODY_AUTHORISED, best_interests=True, **OK),
     True, "32", ""),
    (F(RecipientRoute.AUTHORISED, "Tom Birch", True, None, best_interests=True, **OK), False, "32", "32(4)"),
    (F(RecipientRoute.AUTHORISED, "", True, AuthorisedBasis.DEPUTY, best_interests=True, **OK), False, "32", "32(1)(c)"),
    (F(RecipientRoute.AUTHORISED, "Tom Birch", True, AuthorisedBasis.DEPUTY, best_interests=True, able_to_manage=False,
       appropriate=True), False, "32", "condition 4"),
]


@pytest.mark.parametrize(("facts", "allowed", "section", "problem"), RECIPIENTS)
def test_who_receives_a_direct_payment(facts, allowed, section, problem) -> None:
    decision = recipient_decision(facts)
    assert (decision.allowed, decision.section) == (allowed, section)
    assert bool(decision.problems) is not allowed
    if problem:
        assert any(problem in p for p in decision.problems), decision.problems


def test_the_plan_decision_takes_the_nominee_and_the_attorneys_support() -> None:
    nominated = direct_payment_decision(DirectPaymentFacts(True, False, True, True, nominee="Grace Adeyemi",
                                                           nominee_agrees=True))
    assert nominated.allowed and nominated.route == "nominated" and nominated.recipient == "Grace Adeyemi"
    unsupported = direct_payment_decision(DirectPaymentFacts(
        False, False, True, True, authorised_person="Tom Birch", authorised_person_agrees=True,
        authorised_person_suitable=True, authorised_basis="agreed"))
    assert not unsupported.allowed and any("32(5)" in p for p in unsupported.problems)
    supported = direct_payment_decision(DirectPaymentFacts(
        False, False, True, True, authorised_person="Tom Birch", authorised_person_agrees=True,
        authorised_person_suitable=True, authorised_basis="agreed", supporter_name="Ruth Birch", supporter_supports=True))
    assert supported.allowed and supported.section == "32" and any("Ruth Birch" in r for r in supported.reasons)
    # Without capacity, a nominee is not a route: section 32 asks for an authorised person.
    assert not direct_payment_decision(DirectPaymentFacts(False, False, True, True, nominee="Grace Adeyemi",
                                                          nominee_agrees=True)).allowed


def test_the_agreement_says_what_the_money_is_for_and_what_happens_to_money_left() -> None:
    terms = agreement_terms(recipient="the person themselves", weekly=20_000, period_weeks=52, contribution=2_500)
    text = {t.heading: t.text for t in terms}
    assert "£175.00 a week for 52 weeks" in text["What the money is for"] and "£25.00 a week" in text["What the money is for"]
    assert "within 6 months of the first payment" in text["Reviews"]
    assert "ask for it back" in text["Money left over or used for something else"]
    assert {t.source for t in terms} >= {"Care Act 2014 section 33(3)", "SI 2014/2871 regulation 7(1)(a)",
                                         "Care Act 2014 section 33(5)"}
    nominee = agreement_terms(recipient="Grace Adeyemi", weekly=20_000, period_weeks=52, contribution=0)
    assert {t.heading: t.text for t in nominee}["Keeping records"].startswith("Grace Adeyemi keeps receipts")
    assert text["Keeping records"].startswith("You keep receipts")


# kind, pence, unspent, spent, allowed?
CHECKS = [
    (RecoveryKind.UNSPENT, 10_000, 10_000, 0, True),
    (RecoveryKind.UNSPENT, 10_001, 10_000, 50_000, False),  # never more than is unspent
    (RecoveryKind.UNSPENT, 1, -500, 0, False),
    (RecoveryKind.UNSPENT, 0, 10_000, 0, False),
    (RecoveryKind.MISUSED, 30_000, 0, 30_000, True),  # misused money is judged against what was spent
    (RecoveryKind.MISUSED, 30_001, 90_000, 30_000, False),
]


@pytest.mark.parametrize(("kind", "pence", "unspent", "spent", "allowed"), CHECKS)
def test_how_much_can_be_asked_back(kind, pence, unspent, spent, allowed) -> None:
    assert recovery_check(kind=kind, pence=pence, unspent=unspent, spent=spent).allowed is allowed


DUE = reply_due(told_on=DAY, reply_days=28)
REASONS = "The reply says the money is saved for a holiday that is not in the plan."
# decided, unspent, replied, today, allowed?, pence posted
DECISIONS = [
    (5_000, 9_000, False, DUE, False, 0),  # neither a reply nor the end of the time to reply
    (5_000, 9_000, True, DAY, True, 5_000),  # the reply has come: decide at once
    (5_000, 9_000, False, DUE + dt.timedelta(days=1), True, 5_000),  # no reply, and the time is over
    (6_000, 9_000, True, DAY, False, 0),  # more than the person was told
    (5_000, 4_000, True, DAY, False, 0),  # more than is unspent now
    (2_000, 4_000, True, DAY, True, 2_000),  # less than proposed, after the reply
    (0, 0, True, DAY, True, 0),  # nothing to take back
]


@pytest.mark.parametrize(("decided", "unspent", "replied", "today", "allowed", "pence"), DECISIONS)
def test_a_recovery_is_decided_only_after_the_reply_and_within_the_limits(decided, unspent, replied, today, allowed,
                                                                         pence) -> None:
    decision = recovery_decision(kind=RecoveryKind.UNSPENT, proposed=5_000, decided=decided, unspent=unspent, spent=0,
                                 replied=replied, due=DUE, today=today, reasons=REASONS)
    assert (decision.allowed, decision.pence) == (allowed, pence)


def test_a_recovery_decision_needs_reasons() -> None:
    decision = recovery_decision(kind=RecoveryKind.UNSPENT, proposed=5_000, decided=5_000, unspent=9_000, spent=0,
                                 replied=True, due=DUE, today=DAY, reasons="ok")
    assert not decision.allowed and "reasons" in decision.reasons[0]
    assert DUE == dt.date(2026, 5, 29)
