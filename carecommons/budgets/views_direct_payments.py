"""Direct payments: the agreement the recipient signs, and taking money back (Care Act ss31–33).

Every page opens the budget through its gate (`access_budget`) with the purpose of what it does:
signing and replying record money on the person's own direct payment (`RECORD_MONEY`, which the
ground `own_direct_payment` gives them); proposing a recovery records money (the team); deciding one
is a decision (`DECIDE`, managers only).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from carecommons.budgets import services
from carecommons.budgets.access import access_budget
from carecommons.budgets.forms import (
    AgreementForm,
    RecoveryDecideForm,
    RecoveryProposeForm,
    RecoveryReplyForm,
)
from carecommons.budgets.models import DirectPaymentAgreement, DirectPaymentRecovery, PersonalBudget
from carecommons.people.roles import TEAM_ROLES, require_role, role_of
from carecommons.rules.access import Purpose, Role
from carecommons.rules.direct_payments import RECOVERY_WORDS, RecoveryKind
from carecommons.rules.money import pounds


def _today() -> dt.date:
    return timezone.localdate()


def _budget(request: HttpRequest, budget_id: int, *, what: str, purpose: Purpose) -> PersonalBudget:
    return access_budget(user=request.user, id=budget_id, purpose=purpose, what=what)


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, budget_id: int) -> HttpResponse:
    """Read and sign the direct-payment agreement; the team records a signed paper copy."""
    budget = _budget(request, budget_id, what="their direct payment, to sign the agreement", purpose=Purpose.RECORD_MONEY)
    if DirectPaymentAgreement.objects.filter(budget=budget).exists():
        messages.info(request, "The agreement is already signed.")
        return redirect("budgets:budget", budget.pk)
    paper = role_of(request.user) in TEAM_ROLES
    form = AgreementForm(request.POST if request.method == "POST" else None, paper=paper,
                         initial={"signed_on": _today()} if paper else {"signed_by_name": budget.person.full_name})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.agreement_sign(budget=budget, signed_by_name=cd["signed_by_name"],
                                    signed_on=cd["signed_on"] if paper else _today(),
                                    how=DirectPaymentAgreement.How.PAPER if paper else DirectPaymentAgreement.How.ONLINE,
                                    user=request.user, today=_today())
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The agreement is signed. A copy is kept with the budget.")
            return redirect("budgets:budget", budget.pk)
    terms = services.agreement_terms_for(budget)
    return render(request, "core/form.html", {
        "form": form, "title": "Record a signed direct-payment agreement" if paper else "Your direct-payment agreement",
        "caption": budget.person.full_name, "submit": "Record the signature" if paper else "Sign the agreement",
        "back": reverse("budgets:budget", args=[budget.pk]),
        "intro": (["Check the signed paper copy says the same as this, then record who signed it and when."] if paper else
                  ["Please read this. It says what the direct payment is for and what happens if money is left over. "
                   "Ask your practitioner if anything is not clear."]),
        "rows": [(t.heading, f"{t.text} ({t.source})") for t in terms],
    })


@login_required
@require_http_methods(["GET", "POST"])
def recovery_propose(request: HttpRequest, budget_id: int) -> HttpResponse:
    """At a review, propose taking back money left unspent or used for something else."""
    require_role(request.user, TEAM_ROLES, what="proposals to take money back")
    budget = _budget(request, budget_id, what="their direct payment, to propose taking money back",
                     purpose=Purpose.RECORD_MONEY)
    form = RecoveryProposeForm(request.POST if request.method == "POST" else None)
    review = budget.reviews.select_related("reviewed_by").first()
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            recovery = services.recovery_propose(budget=budget, kind=cd["kind"], pence=cd["amount"], reason=cd["reason"],
                                                 user=request.user, today=_today(), review=review)
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Proposed. {budget.person.full_name} can reply until "
                                      f"{recovery.reply_due:%-d %B %Y}; then a manager decides.")
            return redirect("budgets:budget", budget.pk)
    totals = services.totals(budget)
    return render(request, "core/form.html", {
        "form": form, "title": "Propose taking money back", "caption": budget.person.full_name, "submit": "Propose it",
        "back": reverse("budgets:budget", args=[budget.pk]),
        "rows": [("At the review of", f"{review.reviewed_on:%-d %B %Y}" if review else "No review recorded yet: record it first"),
                 ("Unspent and not set aside", pounds(services.unspent(budget))), ("Spent so far", pounds(totals.spent))],
        "intro": ["The person is told on their record and can reply. Nothing is taken until a manager decides, "
                  "having read the reply. Never more than is unspent can be taken back for unspent money."],
    })


def _recovery(budget: PersonalBudget, recovery_id: int) -> DirectPaymentRecovery:
    return get_object_or_404(DirectPaymentRecovery.objects.select_related("proposed_by", "replied_by"),
                             pk=recovery_id, budget=budget)


def _rows(recovery: DirectPaymentRecovery) -> list[tuple[str, str]]:
    rows = [("What", RECOVERY_WORDS[RecoveryKind(recovery.kind)]), ("Amount", pounds(recovery.proposed_pence)),
            ("Why", recovery.reason), ("Proposed on", f"{recovery.proposed_on:%-d %B %Y}"),
            ("Reply by", f"{recovery.reply_due:%-d %B %Y}")]
    if recovery.replied_at:
        rows.append(("Their reply", recovery.reply))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def recovery_reply(request: HttpRequest, budget_id: int, recovery_id: int) -> HttpResponse:
    """The person (or whoever receives the money for them, through the team) replies before a decision."""
    budget = _budget(request, budget_id, what="their direct payment, to reply about taking money back",
                     purpose=Purpose.RECORD_MONEY)
    recovery = _recovery(budget, recovery_id)
    if recovery.decided or recovery.replied_at:
        messages.info(request, "A reply has already been given." if recovery.replied_at else "A decision has been made.")
        return redirect("budgets:budget", budget.pk)
    form = RecoveryReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recovery_reply(recovery=recovery, reply=form.cleaned_data["reply"], user=request.user)
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your reply is saved. A manager reads it before deciding.")
            return redirect("budgets:budget", budget.pk)
    person = role_of(request.user) is Role.PERSON
    return render(request, "core/form.html", {
        "form": form, "title": "Reply about the money" if person else "Record their reply",
        "caption": budget.person.full_name, "submit": "Send my reply" if person else "Record the reply",
        "back": reverse("budgets:budget", args=[budget.pk]), "rows": _rows(recovery),
        "intro": ["The council wants to ask for some of the direct payment back. Nothing is taken yet. "
                  "A manager reads your reply before deciding."],
    })


@login_required
@require_http_methods(["GET", "POST"])
def recovery_decide(request: HttpRequest, budget_id: int, recovery_id: int) -> HttpResponse:
    """A manager decides, with reasons, having seen the reply; only then is money posted to the ledger."""
    require_role(request.user, frozenset({Role.MANAGER}), what="decisions to take money back")
    budget = _budget(request, budget_id, what="their direct payment, to decide about taking money back",
                     purpose=Purpose.DECIDE)
    recovery = _recovery(budget, recovery_id)
    if recovery.decided:
        messages.info(request, "A decision has already been made.")
        return redirect("budgets:budget", budget.pk)
    form = RecoveryDecideForm(request.POST if request.method == "POST" else None,
                              initial={"amount": f"{recovery.proposed_pence / 100:.2f}"})
    if request.method == "POST" and form.is_valid():
        try:
            services.recovery_decide(recovery=recovery, pence=form.cleaned_data["amount"],
                                     reasons=form.cleaned_data["reasons"], user=request.user, today=_today())
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Decided. Any money taken back is on the statement.")
            return redirect("budgets:budget", budget.pk)
    rows = _rows(recovery)
    if not recovery.replied_at:
        rows.append(("Their reply", "No reply yet"))
    rows.append(("Unspent and not set aside now", pounds(services.unspent(budget))))
    return render(request, "core/form.html", {
        "form": form, "title": "Decide about taking money back", "caption": budget.person.full_name,
        "submit": "Record the decision", "back": reverse("budgets:budget", args=[budget.pk]), "rows": rows,
        "intro": ["Read their reply first. You can take back less than was proposed, or nothing, but not more."],
    })
