"""Direct payments through the pages: who may be paid, who receives it, the agreement, and taking money back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.budgets import services as s
from carecommons.budgets.models import (
    DirectPaymentAgreement,
    DirectPaymentRecovery,
    LedgerEntry,
    LedgerTransaction,
    PersonalAssistant,
)
from carecommons.people.models import AccessEvent
from carecommons.rules.management import DirectPaymentFacts
from carecommons.rules.pa_pay import Shift
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

PA = {"name": "Sam Green", "hourly_rate": "14.00", "years_of_service": "1", "increment": "0.20",
      "bank_holiday_multiplier": "1.5", "london": "no"}


@pytest.fixture
def limits(cast: Any) -> None:
    for user, limit in ((cast.priya, 40_000), (cast.morgan, 150_000)):
        user.staff.budget_limit = limit
        user.staff.save()


def _submitted(cast: Any, *, way: str = "direct_payment") -> Any:
    plan = s.plan_start(assessment=f.eligible_assessment(cast.ruth, by=cast.priya), user=cast.ruth_user)
    s.plan_item_add(plan=plan, outcome="nutrition", met_by="self", description="I cook")
    s.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="paid", paid_kind="personal_assistant", weekly_cost=20_000,
                    description="A personal assistant")
    s.plan_choose_management(plan=plan, way=way)
    s.plan_submit(plan=plan)
    return plan


def _reviewed(cast: Any, budget: Any) -> Any:
    return s.review_record(budget=budget, on=timezone.localdate(), notes="Money is building up; talked it through.",
                           user=cast.priya)


def _budget(cast: Any, facts: DirectPaymentFacts | None = None) -> Any:
    facts = facts or DirectPaymentFacts(True, False, True, True)
    return s.plan_agree(plan=_submitted(cast), practitioner=cast.priya, notes="", direct_payment=facts).budget


# --- Who may be paid --------------------------------------------------------------------------------

def test_a_husband_living_elsewhere_cannot_be_added_by_the_person(cast: Any, limits: None) -> None:
    budget = _budget(cast)
    ruth = client_for(cast.ruth_user)
    url = reverse("budgets:assistant-add", args=[budget.pk])
    page = ruth.get(url).content.decode()
    assert "How are they related to the person?" in page and "council decided" not in page  # only the council decides
    response = ruth.post(url, {**PA, "name": "Kofi Okafor", "relationship": "spouse", "same_household": "no"})
    text = response.content.decode()
    assert response.status_code == 200 and "wherever they live" in text and "SI 2014/2871 regulation 3(3)(a)" in text
    assert 'value="Kofi Okafor"' in text  # nothing typed is lost
    assert not PersonalAssistant.objects.exists()


def test_each_answer_is_asked_for_by_name(cast: Any, limits: None) -> None:
    budget = _budget(cast)
    text = client_for(cast.ruth_user).post(reverse("budgets:assistant-add", args=[budget.pk]), PA).content.decode()
    assert "Select how they are related to the person" in text
    assert "Select whether they live in the same household" in text


def test_a_daughter_at_home_is_paid_only_with_the_councils_recorded_decision(cast: Any, limits: None) -> None:
    budget = _budget(cast)
    priya = client_for(cast.priya)
    url = reverse("budgets:assistant-add", args=[budget.pk])
    daughter = {**PA, "name": "Ama Okafor", "relationship": "son_or_daughter", "same_household": "yes"}
    refused = priya.post(url, daughter).content.decode()
    assert "regulation 3(3)(c)" in refused and not PersonalAssistant.objects.exists()
    d = dt.date(2026, 4, 20)
    half = priya.post(url, {**daughter, "necessity_basis": "meet_needs", "necessity_reasons": "short"}).content.decode()
    assert "Enter the date the council decided" in half and "Give the council&#x27;s reasons" in half
    priya.post(url, {**daughter, "necessity_basis": "meet_needs", "necessity_decided_on_day": d.day,
                     "necessity_decided_on_month": d.month, "necessity_decided_on_year": d.year,
                     "necessity_reasons": "Ruth accepts personal care only from her daughter."})
    pa = PersonalAssistant.objects.get()
    assert (pa.relationship, pa.same_household, pa.necessity_decided_by, pa.necessity_decided_on) == (
        "son_or_daughter", True, cast.priya, d)
    page = client_for(cast.ruth_user).get(reverse("budgets:budget", args=[budget.pk])).content.decode()
    assert "Priya Shah decided on 20 April 2026" in page and "only from her daughter" in page


def test_a_friend_needs_no_decision_and_none_is_kept(cast: Any, limits: None) -> None:
    budget = _budget(cast)
    pa = s.assistant_add(budget=budget, name="Jo Patel", hourly_rate=1_400, years_of_service=0, increment=0,
                         bank_holiday_multiplier=1, london=False, relationship="not_related", same_household=True,
                         necessity_basis="meet_needs", necessity_decided_on=dt.date(2026, 4, 1),
                         necessity_reasons="Not needed for a friend at all, but typed anyway.", decided_by=cast.priya)
    assert pa.necessity_basis == "" and pa.necessity_decided_by is None


def test_pay_is_not_approved_for_an_assistant_who_may_not_be_paid(cast: Any, limits: None) -> None:
    budget = _budget(cast)
    # Recorded before the relationship was asked: not recorded, so not paid.
    pa = PersonalAssistant.objects.create(budget=budget, name="Sam Green", hourly_rate=1_400, relationship="")
    day = budget.period_start + dt.timedelta(days=1)
    sheet = s.timesheet_enter(assistant=pa, shifts=[Shift(day, dt.time(9), dt.time(12))], user=cast.ruth_user)
    ruth = client_for(cast.ruth_user)
    ruth.post(reverse("budgets:timesheet-approve", args=[budget.pk, sheet.pk]))
    sheet.refresh_from_db()
    assert sheet.status == "submitted" and s.totals(budget).spent == 0
    page = ruth.get(reverse("budgets:budget", args=[budget.pk])).content.decode()
    assert "Record how Sam Green is related" in page
    PersonalAssistant.objects.filter(pk=pa.pk).update(relationship="spouse")
    with pytest.raises(s.BudgetError, match=r"regulation 3\(3\)\(a\)"):
        s.timesheet_approve(timesheet=sheet, user=cast.ruth_user, on=day)
    PersonalAssistant.objects.filter(pk=pa.pk).update(relationship="not_related")
    s.timesheet_approve(timesheet=sheet, user=cast.ruth_user, on=day)
    assert s.totals(budget).spent == sheet.gross


# --- Who receives it --------------------------------------------------------------------------------

def test_the_practitioner_records_a_nominee_or_an_attorneys_support_when_agreeing(cast: Any, limits: None) -> None:
    plan = _submitted(cast)
    priya = client_for(cast.priya)
    url = reverse("budgets:plan-agree", args=[plan.pk])
    base = {"notes": "", "excluded_by_regulations": "no", "able_to_manage": "yes", "appropriate": "yes",
            "pays_close_family_in_household": "no"}
    no_support = {**base, "has_capacity": "no", "authorised_person": "Tom Birch", "authorised_person_agrees": "yes",
                  "authorised_person_suitable": "yes", "authorised_basis": "agreed"}
    text = priya.post(url, no_support).content.decode()
    assert "section 32(5)" in text and 'value="Tom Birch"' in text
    plan.refresh_from_db()
    assert plan.status == "submitted"
    priya.post(url, {**base, "has_capacity": "yes", "nominee": "Grace Adeyemi", "nominee_agrees": "yes"})
    plan.refresh_from_db()
    assert plan.status == "agreed" and plan.direct_payment_facts["nominee"] == "Grace Adeyemi"
    page = client_for(cast.ruth_user).get(reverse("budgets:budget", args=[plan.budget.pk])).content.decode()
    assert "Paid to</dt><dd class=\"govuk-summary-list__value\">Grace Adeyemi" in page
    assert "section 31(4)(b)" in page


# --- The agreement ----------------------------------------------------------------------------------

def test_the_person_reads_and_signs_the_agreement_on_their_own_record(cast: Any, limits: None) -> None:
    budget = _budget(cast)
    ruth = client_for(cast.ruth_user)
    assert "Not signed yet" in ruth.get(reverse("budgets:budget", args=[budget.pk])).content.decode()
    url = reverse("budgets:agreement", args=[budget.pk])
    page = ruth.get(url).content.decode()
    assert "within 6 months of the first payment" in page and "Care Act 2014 section 33(5)" in page
    unticked = ruth.post(url, {"signed_by_name": "Ruth Okafor"}).content.decode()
    assert "Tick the box to say you agree" in unticked and not DirectPaymentAgreement.objects.exists()
    response = ruth.post(url, {"signed_by_name": "Ruth Okafor", "agree": "on"})
    assert response.status_code == 302
    agreement = DirectPaymentAgreement.objects.get()
    assert (agreement.how, agreement.signed_by_name, agreement.route, agreement.signed_on) == (
        "online", "Ruth Okafor", "adult", timezone.localdate())
    assert any(h == "Reviews" for h, _, _ in agreement.terms)
    assert "Signed</strong> by Ruth Okafor" in ruth.get(reverse("budgets:budget", args=[budget.pk])).content.decode()
    assert ruth.get(url).status_code == 302  # signed once
    with pytest.raises(s.BudgetError, match="already been signed"):
        s.agreement_sign(budget=budget, signed_by_name="Ruth", signed_on=timezone.localdate(), how="online",
                         user=cast.ruth_user, today=timezone.localdate())


def test_a_practitioner_records_a_paper_signature_with_its_date(cast: Any, limits: None) -> None:
    budget = _budget(cast, DirectPaymentFacts(True, False, True, True, nominee="Grace Adeyemi", nominee_agrees=True))
    priya = client_for(cast.priya)
    url = reverse("budgets:agreement", args=[budget.pk])
    future = timezone.localdate() + dt.timedelta(days=3)
    text = priya.post(url, {"signed_by_name": "Grace Adeyemi", "signed_on_day": future.day, "signed_on_month": future.month,
                            "signed_on_year": future.year}).content.decode()
    assert "cannot be in the future" in text and 'value="Grace Adeyemi"' in text
    d = timezone.localdate() - dt.timedelta(days=2)
    priya.post(url, {"signed_by_name": "Grace Adeyemi", "signed_on_day": d.day, "signed_on_month": d.month,
                     "signed_on_year": d.year})
    agreement = DirectPaymentAgreement.objects.get()
    assert (agreement.how, agreement.signed_on, agreement.recorded_by, agreement.recipient) == (
        "paper", d, cast.priya, "Grace Adeyemi")
    assert any("Grace Adeyemi keeps receipts" in text for _, text, _ in agreement.terms)


def test_someone_elses_direct_payment_agreement_cannot_be_opened(cast: Any, limits: None) -> None:
    budget = _budget(cast)
    assert client_for(cast.tom).get(reverse("budgets:agreement", args=[budget.pk])).status_code in (302, 403)
    stan_user = f.UserFactory(username="stan")
    cast.stan.user = stan_user
    cast.stan.save()
    assert client_for(stan_user).get(reverse("budgets:agreement", args=[budget.pk])).status_code == 403
    assert not DirectPaymentAgreement.objects.exists()


# --- Taking money back ------------------------------------------------------------------------------

def test_unspent_money_is_proposed_replied_to_decided_and_only_then_posted(cast: Any, limits: None) -> None:
    budget = _budget(cast)
    priya, ruth, morgan = client_for(cast.priya), client_for(cast.ruth_user), client_for(cast.morgan)
    propose = reverse("budgets:recovery-propose", args=[budget.pk])
    assert ruth.get(propose).status_code == 403  # the person does not propose
    held = s.unspent(budget)
    reason = "Money is building up that the plan does not need."
    first = priya.post(propose, {"kind": "unspent", "amount": "150.00", "reason": reason}).content.decode()
    assert "Record the review first" in first and not DirectPaymentRecovery.objects.exists()
    review = _reviewed(cast, budget)
    too_much = priya.post(propose, {"kind": "unspent", "amount": f"{held / 100 + 1:.2f}",
                                    "reason": "Money is building up that the plan does not need."}).content.decode()
    assert "is unspent: the council cannot ask for more" in too_much and "building up" in too_much
    priya.post(propose, {"kind": "unspent", "amount": "150.00", "reason": "Money is building up that the plan does not need."})
    recovery = DirectPaymentRecovery.objects.get()
    assert recovery.review == review
    assert recovery.reply_due == timezone.localdate() + dt.timedelta(days=28)
    assert not LedgerTransaction.objects.filter(kind="recovery").exists()  # proposing takes nothing

    decide = reverse("budgets:recovery-decide", args=[budget.pk, recovery.pk])
    assert priya.get(decide).status_code == 403  # a manager decides
    early = morgan.post(decide, {"amount": "150.00", "reasons": "The money has not been needed for months."}).content.decode()
    assert "Wait for their reply" in early

    reply = reverse("budgets:recovery-reply", args=[budget.pk, recovery.pk])
    page = ruth.get(reply).content.decode()
    assert "Nothing is taken yet" in page and "£150.00" in page
    assert "Write your reply" in ruth.post(reply, {"reply": ""}).content.decode()
    ruth.post(reply, {"reply": "I am saving £50 of it for a trip with my assistant next month."})
    assert "saving £50" in morgan.get(decide).content.decode()  # the manager sees the reply
    more = morgan.post(decide, {"amount": "200.00", "reasons": "The money has not been needed for months."}).content.decode()
    assert "cannot ask for more" in more
    before = s.totals(budget)
    morgan.post(decide, {"amount": "100.00", "reasons": "Keeping £50 for the trip she describes; the rest is not needed."})
    recovery.refresh_from_db()
    assert (recovery.decided_pence, recovery.decided_by) == (10_000, cast.morgan)
    txn = LedgerTransaction.objects.get(kind="recovery")
    assert recovery.transaction == txn and sum(e.pence for e in txn.entries.all()) == 0
    after = s.totals(budget)
    assert (after.recovered, before.held - after.held, after.allowance) == (10_000, 10_000, before.allowance - 10_000)
    assert sum(LedgerEntry.objects.filter(budget=budget).values_list("pence", flat=True)) == 0
    page = ruth.get(reverse("budgets:budget", args=[budget.pk])).content.decode()
    assert "£100.00 taken back" in page and "Keeping £50 for the trip" in page
    assert "(after £100.00 paid back to the council)" in page
    assert morgan.get(decide).status_code == 302  # decided once
    kinds = set(AccessEvent.objects.filter(person=cast.ruth, kind="budget").values_list("purpose", flat=True))
    assert {"record_money", "decide"} <= kinds


def test_without_a_reply_the_manager_decides_once_the_time_is_over(cast: Any, limits: None) -> None:
    budget = _budget(cast)
    rv = _reviewed(cast, budget)
    with pytest.raises(s.BudgetError, match="has been spent"):  # nothing spent: nothing can have been misused
        s.recovery_propose(budget=budget, kind="misused", pence=3_000, user=cast.priya, today=budget.period_start, review=rv,
                           reason="Bought a television, which is not in the plan.")
    s.record_money(budget=budget, what="payment", pence=5_000, on=budget.period_start, description="Television",
                   payee="Shop", user=cast.priya)
    recovery = s.recovery_propose(budget=budget, kind="misused", pence=3_000, user=cast.priya, today=budget.period_start, review=rv,
                                  reason="Bought a television, which is not in the plan.")
    with pytest.raises(s.BudgetError, match="Wait for their reply"):
        s.recovery_decide(recovery=recovery, pence=3_000, reasons="No reply, and the purchase is not in the plan.",
                          user=cast.morgan, today=recovery.reply_due)
    with pytest.raises(s.BudgetError, match="did not propose"):
        s.recovery_decide(recovery=recovery, pence=3_000, reasons="No reply, and the purchase is not in the plan.",
                          user=cast.priya, today=recovery.reply_due + dt.timedelta(days=1))
    decided = s.recovery_decide(recovery=recovery, pence=3_000, reasons="No reply, and the purchase is not in the plan.",
                                user=cast.morgan, today=recovery.reply_due + dt.timedelta(days=1))
    assert decided.decided_pence == 3_000 and s.totals(budget).recovered == 3_000


def test_a_council_arranged_budget_has_no_agreement_or_recovery(cast: Any, limits: None) -> None:
    budget = s.plan_agree(plan=_submitted(cast, way="council_arranged"), practitioner=cast.priya, notes="").budget
    with pytest.raises(s.BudgetError, match="only from a direct payment"):
        s.recovery_propose(budget=budget, kind="unspent", pence=100, user=cast.priya, today=timezone.localdate(), review=None,
                           reason="Money is building up that the plan does not need.")
    assert "The direct payment" not in client_for(cast.priya).get(reverse("budgets:budget", args=[budget.pk])).content.decode()


def test_the_person_downloads_their_agreement_assistants_and_recoveries(cast: Any, limits: None) -> None:
    budget = _budget(cast)
    rv = _reviewed(cast, budget)
    s.agreement_sign(budget=budget, signed_by_name="Ruth Okafor", signed_on=timezone.localdate(), how="online",
                     user=cast.ruth_user, today=timezone.localdate())
    s.assistant_add(budget=budget, name="Jo Patel", hourly_rate=1_400, years_of_service=0, increment=0,
                    bank_holiday_multiplier=1, london=False, relationship="brother_or_sister", same_household=False)
    s.recovery_propose(budget=budget, kind="unspent", pence=2_000, user=cast.priya, today=timezone.localdate(), review=rv,
                       reason="Money is building up that the plan does not need.")
    ruth = client_for(cast.ruth_user)
    record = ruth.get(reverse("people:my-download-json")).json()["parts"]["personal_budgets"]["records"][0]
    assert record["direct_payment_agreement"]["signed_by"] == "Ruth Okafor"
    assert record["personal_assistants"][0]["relationship"] == "Brother or sister"
    assert record["recoveries"][0]["proposed_pence"] == 2_000
    assert "Money the council asked back" in ruth.get(reverse("people:my-download")).content.decode()


def test_the_person_is_told_a_recovery_is_proposed_without_the_amount_in_the_message(
        cast: Any, limits: None, mailoutbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    from carecommons.core import texts

    budget = _budget(cast)
    rv = _reviewed(cast, budget)
    cast.ruth.email, cast.ruth.phone, cast.ruth.contact_by = "ruth@example.org", "", "email"
    cast.ruth.save()
    with django_capture_on_commit_callbacks(execute=True):
        recovery = s.recovery_propose(budget=budget, kind="unspent", pence=2_000, user=cast.priya, today=timezone.localdate(), review=rv,
                                      reason="Money is building up that the plan does not need.")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ruth@example.org"]
    body = mailoutbox[0].body
    assert f"until {recovery.reply_due:%-d %B %Y}" in body and "£20.00" not in body and "building up" not in body
    cast.ruth.phone, cast.ruth.contact_by = "07700 900123", "text"
    cast.ruth.save()
    s.recovery_decide(recovery=recovery, pence=0, reasons="She explained what the money is saved for.", user=cast.morgan,
                      today=recovery.reply_due + dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        s.recovery_propose(budget=budget, kind="unspent", pence=1_000, user=cast.priya, today=timezone.localdate(), review=rv,
                           reason="Money is still building up that the plan does not need.")
    assert len(mailoutbox) == 1 and texts.outbox[-1].to == "07700 900123"
