"""What the budgets app holds about a person, for `people.subject_access`: plans, budgets and their ledgers,
financial assessments, personal assistants' timesheets, shared activities. Money is in pence (keys end `_pence`)."""

from __future__ import annotations

from typing import Any

from carecommons.budgets.models import (
    FinancialAssessment,
    LedgerEntry,
    PersonalBudget,
    SupportPlan,
    Timesheet,
)
from carecommons.people.models import Person
from carecommons.people.roles import display_name
from carecommons.people.subject_access import register_subject_access_part


def _name(user: Any) -> str:
    return display_name(user) if user is not None else ""


def _plans(person: Person) -> list[dict[str, Any]]:
    plans = (SupportPlan.objects.filter(person=person).select_related("drafted_by", "drafted_with", "agreed_by", "sign_off_by")
             .prefetch_related("items__community_group").order_by("created_at", "pk"))
    return [{
        "kind": p.kind, "status": p.get_status_display(), "management": p.get_management_display() if p.management else "",
        "isf_provider": p.isf_provider, "drafted_by": _name(p.drafted_by),
        "drafted_with": p.drafted_with.name if p.drafted_with else "", "indicative_weekly_pence": p.indicative_weekly,
        "indicative_low_pence": p.indicative_low, "indicative_high_pence": p.indicative_high,
        "indicative_reasons": p.indicative_reasons, "created_at": p.created_at, "updated_at": p.updated_at,
        "submitted_at": p.submitted_at, "agreed_by": _name(p.agreed_by), "agreed_at": p.agreed_at,
        "agreed_weekly_pence": p.agreed_weekly, "agreement_notes": p.agreement_notes,
        "agreement_reasons": p.agreement_reasons, "sign_off_by": _name(p.sign_off_by), "signed_off_at": p.signed_off_at,
        "sign_off_reasons": p.sign_off_reasons, "direct_payment_facts": p.direct_payment_facts,
        "direct_payment_reasons": p.direct_payment_reasons, "direct_payment_exception": p.direct_payment_exception,
        "items": [{"outcome": i.outcome, "met_by": i.get_met_by_display(), "description": i.description,
                   "community_group": i.community_group.name if i.community_group else "",
                   "paid_kind": i.get_paid_kind_display() if i.paid_kind else "", "supplier": i.supplier,
                   "weekly_cost_pence": i.weekly_cost, "managed_as": i.managed_as_words} for i in p.items.all()],
    } for p in plans]


def _budgets(person: Person) -> list[dict[str, Any]]:
    budgets = (PersonalBudget.objects.filter(person=person)
               .prefetch_related("reviews__reviewed_by", "pool_memberships__pool", "recoveries__proposed_by",
                                 "recoveries__decided_by", "recoveries__replied_by", "assistants__necessity_decided_by")
               .select_related("agreement__recorded_by").order_by("period_start", "pk"))
    records = []
    for b in budgets:
        entries = (LedgerEntry.objects.filter(budget=b).select_related("transaction__posted_by")
                   .order_by("transaction__on", "transaction_id", "pk"))
        records.append({
            "management": b.get_management_display(), "weekly_pence": b.weekly,
            "weekly_contribution_pence": b.weekly_contribution, "contribution_reasons": b.contribution_reasons,
            "claims_employment_allowance": b.claims_employment_allowance,
            "period_start": b.period_start, "period_end": b.period_end, "created_at": b.created_at,
            "ledger_entries": [{
                "on": e.transaction.on, "kind": e.transaction.get_kind_display(), "description": e.transaction.description,
                "payee": e.transaction.payee, "account": e.account.rsplit(":", 1)[-1], "amount_pence": e.pence,
                "posted_by": _name(e.transaction.posted_by), "posted_at": e.transaction.posted_at,
            } for e in entries],
            "reviews": [{"reviewed_on": r.reviewed_on, "reviewed_by": _name(r.reviewed_by), "notes": r.notes}
                        for r in b.reviews.all()],
            "shared_activities": [{"activity": m.pool.name, "share": m.share, "joined_on": m.joined_on,
                                   "left_on": m.left_on} for m in b.pool_memberships.all()],
            "direct_payment_agreement": _agreement(b),
            "personal_assistants": [{
                "name": a.name, "relationship": a.get_relationship_display(), "same_household": a.same_household,
                "necessity_decided_by": _name(a.necessity_decided_by), "necessity_decided_on": a.necessity_decided_on,
                "necessity_reasons": a.necessity_reasons, "payee_reasons": a.payee_reasons,
            } for a in b.assistants.all()],
            "recoveries": [{
                "kind": r.kind_words, "proposed_pence": r.proposed_pence, "reason": r.reason,
                "proposed_by": _name(r.proposed_by), "proposed_on": r.proposed_on, "reply_due": r.reply_due,
                "reply": r.reply, "replied_by": _name(r.replied_by), "replied_at": r.replied_at,
                "decided_pence": r.decided_pence, "decision_reasons": r.decision_reasons,
                "decided_by": _name(r.decided_by), "decided_at": r.decided_at,
            } for r in b.recoveries.all()],
        })
    return records


def _agreement(budget: PersonalBudget) -> dict[str, Any] | None:
    agreement = getattr(budget, "agreement", None)
    if agreement is None:
        return None
    return {"paid_to": agreement.recipient, "terms": agreement.terms, "signed_by": agreement.signed_by_name,
            "signed_on": agreement.signed_on, "how": agreement.get_how_display(),
            "recorded_by": _name(agreement.recorded_by), "recorded_at": agreement.recorded_at}


def _timesheets(person: Person) -> list[dict[str, Any]]:
    sheets = (Timesheet.objects.filter(assistant__budget__person=person)
              .select_related("assistant", "entered_by", "approved_by").order_by("entered_at", "pk"))
    return [{
        "assistant": t.assistant.name, "hourly_rate_pence": t.assistant.hourly_rate, "shifts": t.shifts,
        "status": t.get_status_display(), "gross_pence": t.gross, "holiday_pay_accrued_pence": t.holiday_pay_accrued,
        "flags": t.flags, "entered_by": _name(t.entered_by), "entered_at": t.entered_at,
        "pension_status": t.assistant.get_pension_status_display(), "employer_ni_pence": t.employer_ni,
        "employment_allowance_claimed_pence": t.employment_allowance_claimed, "employer_pension_pence": t.employer_pension,
        "employer_cost_reasons": t.employer_cost_reasons, "employer_cost_flags": t.employer_cost_flags,
        "approved_by": _name(t.approved_by), "approved_at": t.approved_at,
    } for t in sheets]


def _financial(person: Person) -> list[dict[str, Any]]:
    return [{
        "assessed_on": f.assessed_on, "setting": f.get_setting_display(), "capital_pence": f.capital,
        "weekly_income_pence": f.weekly_income, "mig_category": f.mig_category, "premiums": f.premiums,
        "disability_related_expenditure_pence": f.disability_related_expenditure, "dementia": f.dementia,
        "end_of_life": f.end_of_life, "paid_towards_cap_pence": f.paid_towards_cap, "assessed_by": _name(f.assessed_by),
        "created_at": f.created_at,
        "income_items": [{"kind": i.kind, "weekly_pence": i.weekly, "whose": i.whose, "owners": i.owners,
                          "half_to_spouse": i.half_to_spouse} for i in f.income_items.all()],
        "capital_items": [{"kind": c.kind, "value_pence": c.value, "whose": c.whose, "owners": c.owners,
                           "secured_debt_pence": c.secured_debt, "reason": c.reason} for c in f.capital_items.all()],
        "disability_expenses": [{"what": e.what, "weekly_pence": e.weekly} for e in f.expenses.all()],
    } for f in FinancialAssessment.objects.filter(person=person).select_related("assessed_by")
        .prefetch_related("income_items", "capital_items", "expenses").order_by("assessed_on", "pk")]


def register() -> None:
    register_subject_access_part("support_plans", _plans, title="Your support plans", order=60, keys={
        "kind": "Adult or carer", "status": "Where it is up to", "management": "How the money is managed",
        "isf_provider": "Who holds an individual service fund", "drafted_by": "Written by",
        "drafted_with": "The community organisation that helped", "indicative_weekly_pence": "Indicative budget a week",
        "indicative_low_pence": "Indicative range, lowest", "indicative_high_pence": "Indicative range, highest",
        "indicative_reasons": "How the indicative budget was worked out", "created_at": "Started",
        "updated_at": "Last changed", "submitted_at": "Sent for agreement", "agreed_by": "Agreed by",
        "agreed_at": "Agreed", "agreed_weekly_pence": "Agreed budget a week", "agreement_notes": "Notes",
        "agreement_reasons": "Reasons", "sign_off_by": "Signed off by", "signed_off_at": "Signed off",
        "sign_off_reasons": "Sign-off reasons", "direct_payment_facts": "Direct payment: the facts",
        "direct_payment_reasons": "Direct payment: the reasons",
        "direct_payment_exception": "Paying close family agreed as necessary",
        "items": "What the plan does", "items.outcome": "Outcome", "items.met_by": "Met by",
        "items.description": "What", "items.community_group": "Community group", "items.paid_kind": "Kind of paid support",
        "items.supplier": "Who provides it", "items.weekly_cost_pence": "Cost a week", "items.managed_as": "Managed as",
    })
    register_subject_access_part("personal_budgets", _budgets, title="Your personal budgets and every entry in them",
                                 order=70, keys={
        "management": "How it is managed", "weekly_pence": "Budget a week",
        "weekly_contribution_pence": "Your contribution a week", "contribution_reasons": "How your contribution was worked out",
        "claims_employment_allowance": "You claim the Employment Allowance",
        "period_start": "From", "period_end": "Until", "created_at": "Set up",
        "ledger_entries": "Every entry in the budget's account", "ledger_entries.on": "Date",
        "ledger_entries.kind": "Kind", "ledger_entries.description": "What for", "ledger_entries.payee": "Paid to",
        "ledger_entries.account": "Account", "ledger_entries.amount_pence": "Amount",
        "ledger_entries.posted_by": "Written by", "ledger_entries.posted_at": "Written",
        "reviews": "Reviews", "reviews.reviewed_on": "Date", "reviews.reviewed_by": "By", "reviews.notes": "Notes",
        "shared_activities": "Shared activities", "shared_activities.activity": "Activity",
        "shared_activities.share": "Your share of each cost", "shared_activities.joined_on": "Joined",
        "shared_activities.left_on": "Left",
        "direct_payment_agreement": "Your direct-payment agreement", "direct_payment_agreement.paid_to": "Paid to",
        "direct_payment_agreement.terms": "What it says", "direct_payment_agreement.signed_by": "Signed by",
        "direct_payment_agreement.signed_on": "Signed on", "direct_payment_agreement.how": "How",
        "direct_payment_agreement.recorded_by": "Recorded by", "direct_payment_agreement.recorded_at": "Recorded",
        "personal_assistants": "Personal assistants", "personal_assistants.name": "Name",
        "personal_assistants.relationship": "Relationship to you", "personal_assistants.same_household": "Lives with you",
        "personal_assistants.necessity_decided_by": "The council's decision that paying them is necessary, by",
        "personal_assistants.necessity_decided_on": "Decided on", "personal_assistants.necessity_reasons": "Reasons",
        "personal_assistants.payee_reasons": "Why they may be paid",
        "recoveries": "Money the council asked back", "recoveries.kind": "What", "recoveries.proposed_pence": "Amount asked",
        "recoveries.reason": "Why", "recoveries.proposed_by": "Asked by", "recoveries.proposed_on": "Asked on",
        "recoveries.reply_due": "Reply by", "recoveries.reply": "Your reply", "recoveries.replied_by": "Reply from",
        "recoveries.replied_at": "Replied", "recoveries.decided_pence": "Amount taken back",
        "recoveries.decision_reasons": "Reasons for the decision", "recoveries.decided_by": "Decided by",
        "recoveries.decided_at": "Decided",
    })
    register_subject_access_part("timesheets", _timesheets, title="Your personal assistants' timesheets", order=85, keys={
        "assistant": "Personal assistant", "hourly_rate_pence": "Pay an hour", "shifts": "Shifts",
        "status": "Where it is up to", "gross_pence": "Pay before deductions",
        "holiday_pay_accrued_pence": "Holiday pay built up", "flags": "Things to check", "entered_by": "Entered by",
        "entered_at": "Entered", "approved_by": "Approved by", "approved_at": "Approved",
        "pension_status": "Their workplace pension", "employer_ni_pence": "Employer's National Insurance",
        "employment_allowance_claimed_pence": "Employment Allowance used", "employer_pension_pence":
        "Employer's pension contribution", "employer_cost_reasons": "How the employer's costs were worked out",
        "employer_cost_flags": "Employer's costs not set aside",
    })
    register_subject_access_part("financial_assessments", _financial, title="Your financial assessments", order=80, keys={
        "assessed_on": "Date", "setting": "Where you live", "capital_pence": "Savings and capital",
        "weekly_income_pence": "Income a week", "mig_category": "Minimum income guarantee group", "premiums": "Premiums",
        "disability_related_expenditure_pence": "Disability-related spending a week", "dementia": "Dementia",
        "end_of_life": "End of life", "paid_towards_cap_pence": "Paid towards the care cap", "assessed_by": "Assessed by",
        "created_at": "Written", "income_items": "Income, item by item", "capital_items": "Savings and capital, item by item",
        "disability_expenses": "Disability-related spending, item by item",
    })
