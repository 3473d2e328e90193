"""The only code that writes support plans, budgets and the ledger. Policy comes from carecommons.rules."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min, Q, Sum
from django.utils import timezone

from carecommons.assessments.models import Assessment
from carecommons.budgets import financial, notifications
from carecommons.budgets.charging_rates import charging_rates_on
from carecommons.budgets.models import (
    CONTRIBUTION_NOT_WORKED_OUT,
    BudgetReview,
    DirectPaymentAgreement,
    DirectPaymentRecovery,
    FinancialAssessment,
    LedgerEntry,
    LedgerTransaction,
    PersonalAssistant,
    PersonalBudget,
    PlanItem,
    Pool,
    PoolMembership,
    SupportPlan,
    Timesheet,
)
from carecommons.people.models import Person
from carecommons.rules import direct_payments as dp_rules
from carecommons.rules import ledger
from carecommons.rules.allocation import (
    BANDS,
    IndicativeBudget,
    IndicativeMethod,
    agreement,
    band_of,
    indicative_budget,
    sign_off_allowed,
)
from carecommons.rules.charging import ChargingError, ChargingRates, Finances, assess_charge
from carecommons.rules.employer_costs import EmployerCosts, employer_costs, pay_period, tax_year_bounds
from carecommons.rules.management import SINGLE_WAYS, WAYS, DirectPaymentFacts, direct_payment_decision
from carecommons.rules.money import pounds
from carecommons.rules.pa_pay import PayTerms, Shift, calculate_pay
from carecommons.rules.rates import EMPLOYER_NI, PENSION_THRESHOLDS, WAGE_FLOORS


class BudgetError(Exception):
    """Something about a plan or budget cannot be done; the message says why in plain English."""


def _config() -> dict[str, Any]:
    return dict(settings.CARECOMMONS["BUDGETS"])


def method() -> IndicativeMethod:
    c = _config()
    return IndicativeMethod(c["INDICATIVE_MINIMUM_COMPARABLES"], c["STARTING_WEEKLY"], c["STARTING_WEEKLY_SOURCE"])


# --- Support plans -------------------------------------------------------------------------------

def indicative_for(*, kind: str, unmet_count: int, exclude_plan: int | None = None) -> IndicativeBudget:
    """The indicative budget from agreed budgets for comparable plans: same kind, same band."""
    band = band_of(unmet_count)
    low, high = next((lo, hi) for lo, hi, words in BANDS if words == band)
    comparable = (SupportPlan.objects.filter(status=SupportPlan.Status.AGREED, kind=kind, unmet_count__gte=low,
                                             unmet_count__lte=high).exclude(pk=exclude_plan)
                  .values_list("agreed_weekly", flat=True))
    return indicative_budget(kind=kind, unmet_outcomes=unmet_count, comparable_weekly=[w for w in comparable if w is not None],
                             method=method())


def _snapshot_indicative(plan: SupportPlan) -> None:
    ib = indicative_for(kind=plan.kind, unmet_count=plan.unmet_count, exclude_plan=plan.pk)
    plan.indicative_weekly, plan.indicative_low, plan.indicative_high = ib.weekly, ib.low, ib.high
    plan.indicative_reasons = list(ib.reasons)


@transaction.atomic
def plan_start(*, assessment: Assessment, user: Any, organisation: Any = None) -> SupportPlan:
    """Start a plan from an eligible determination. One plan is written at a time."""
    determination = getattr(assessment, "determination", None)
    if determination is None or not determination.eligible:
        raise BudgetError("A support plan starts from an assessment whose needs were found eligible.")
    live = SupportPlan.objects.filter(assessment=assessment).exclude(status=SupportPlan.Status.AGREED).first()
    if live is not None:
        return live
    now = timezone.now()
    plan = SupportPlan(person_id=assessment.person_id, assessment=assessment, kind=assessment.kind,
                       unmet_count=len(determination.unmet_outcomes), drafted_by=user, drafted_with=organisation,
                       created_at=now, updated_at=now)
    _snapshot_indicative(plan)
    plan.save()
    return plan


def _draft(plan: SupportPlan) -> SupportPlan:
    locked = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != SupportPlan.Status.DRAFT:
        raise BudgetError("This plan has been sent for agreement, so it can no longer be changed.")
    return locked


@transaction.atomic
def plan_item_add(*, plan: SupportPlan, outcome: str, met_by: str, description: str, community_group: Any = None,
                  paid_kind: str = "", supplier: str = "", weekly_cost: int = 0) -> PlanItem:
    locked = _draft(plan)
    if met_by not in PlanItem.MetBy.values:
        raise BudgetError("Choose who will help with this")
    if met_by == PlanItem.MetBy.PAID:
        if paid_kind not in PlanItem.PaidKind.values:
            raise BudgetError("Choose what kind of paid support it is")
        if weekly_cost <= 0:
            raise BudgetError("Enter what the paid support costs each week")
    else:
        paid_kind, weekly_cost = "", 0
    if met_by != PlanItem.MetBy.COMMUNITY:
        community_group = None
    item = PlanItem.objects.create(plan=locked, outcome=outcome, met_by=met_by, description=description.strip(),
                                   community_group=community_group, paid_kind=paid_kind, supplier=supplier.strip(),
                                   weekly_cost=weekly_cost)
    locked.updated_at = timezone.now()
    locked.save(update_fields=["updated_at"])
    return item


@transaction.atomic
def plan_item_remove(*, plan: SupportPlan, item_id: int) -> None:
    locked = _draft(plan)
    deleted, _ = PlanItem.objects.filter(plan=locked, pk=item_id).delete()
    if not deleted:
        raise BudgetError("That part of the plan has already been taken out")


def weekly_total(plan: SupportPlan) -> int:
    return int(plan.items.filter(met_by=PlanItem.MetBy.PAID).aggregate(t=Sum("weekly_cost"))["t"] or 0)


@transaction.atomic
def plan_choose_management(*, plan: SupportPlan, way: str, isf_provider: str = "",
                           item_ways: dict[int, str] | None = None) -> SupportPlan:
    locked = _draft(plan)
    if way not in WAYS:
        raise BudgetError("Choose how the budget will be managed")
    if way == "individual_service_fund" and not isf_provider.strip():
        raise BudgetError("Say which provider will hold the individual service fund")
    paid = list(locked.items.filter(met_by=PlanItem.MetBy.PAID))
    if way == "mixed":
        ways = item_ways or {}
        missing = [i for i in paid if ways.get(i.pk) not in SINGLE_WAYS]
        if missing:
            raise BudgetError("For a mix, choose how each paid part of the plan is managed")
        for item in paid:
            item.managed_as = ways[item.pk]
            item.save(update_fields=["managed_as"])
    else:
        PlanItem.objects.filter(plan=locked).update(managed_as="")
    locked.management, locked.isf_provider = way, isf_provider.strip()
    locked.updated_at = timezone.now()
    locked.save(update_fields=["management", "isf_provider", "updated_at"])
    return locked


def plan_problems(plan: SupportPlan) -> list[str]:
    """What must be done before a plan can be sent, in plain words."""
    problems = []
    items = list(plan.items.all())
    if not items:
        problems.append("Add at least one way your outcomes will be met")
    outcomes = set(plan.assessment.determination.unmet_outcomes)
    covered = {i.outcome for i in items}
    if outcomes - covered:
        problems.append(f"Say how each of the things that are hard to do will be met: {len(outcomes - covered)} "
                        f"{'has' if len(outcomes - covered) == 1 else 'have'} nothing yet")
    if not plan.management:
        problems.append("Choose how the budget will be managed")
    return problems


@transaction.atomic
def plan_submit(*, plan: SupportPlan) -> SupportPlan:
    locked = _draft(plan)
    problems = plan_problems(locked)
    if problems:
        raise BudgetError(problems[0])
    _snapshot_indicative(locked)
    locked.status, locked.submitted_at = SupportPlan.Status.SUBMITTED, timezone.now()
    locked.save()
    return locked


def involves_direct_payment(plan: SupportPlan) -> bool:
    return plan.management == "direct_payment" or (
        plan.management == "mixed" and plan.items.filter(managed_as="direct_payment").exists())


@transaction.atomic
def plan_agree(*, plan: SupportPlan, practitioner: Any, notes: str, sign_off_by: Any = None,
               direct_payment: DirectPaymentFacts | None = None, today: dt.date | None = None) -> SupportPlan:
    """Agree the costed plan as the budget, or send it to one named colleague when above the limit."""
    locked = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != SupportPlan.Status.SUBMITTED:
        raise BudgetError("Only a plan waiting for agreement can be agreed")
    total = weekly_total(locked)
    limit = practitioner.staff.budget_limit
    decision = agreement(weekly_total=total, agreer_limit=limit)
    reasons = list(decision.reasons)
    if involves_direct_payment(locked):
        if direct_payment is None:
            raise BudgetError("Answer the direct payment questions")
        dp = direct_payment_decision(direct_payment)
        if not dp.allowed:
            raise BudgetError("A direct payment cannot be made yet: " + " ".join(dp.problems))
        locked.direct_payment_facts = asdict(direct_payment)
        locked.direct_payment_reasons = list(dp.reasons)
        locked.direct_payment_exception = dp.exception_recorded
    now = timezone.now()
    locked.agreed_by, locked.agreed_at, locked.agreed_weekly = practitioner, now, total
    locked.agreement_notes, locked.agreement_reasons = notes.strip(), reasons
    if decision.needs_sign_off:
        if sign_off_by is None:
            raise BudgetError("The plan is above your delegated limit: choose the colleague who will sign it off")
        ok, why = sign_off_allowed(weekly_total=total, signer_limit=_limit_of(sign_off_by),
                                   signer_is_agreer=sign_off_by.pk == practitioner.pk)
        if not ok:
            raise BudgetError(why)
        locked.sign_off_by, locked.status = sign_off_by, SupportPlan.Status.SIGN_OFF
        locked.save()
        return locked
    locked.status = SupportPlan.Status.AGREED
    locked.save()
    budget_create(plan=locked, start=today or timezone.localdate(), user=practitioner)
    return locked


def _limit_of(user: Any) -> int:
    staff = getattr(user, "staff", None)
    return staff.budget_limit if staff is not None else 0


@transaction.atomic
def plan_sign_off(*, plan: SupportPlan, signer: Any, reasons: str, today: dt.date | None = None) -> SupportPlan:
    locked = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != SupportPlan.Status.SIGN_OFF:
        raise BudgetError("This plan is not waiting for sign-off")
    if locked.sign_off_by_id != signer.pk:
        raise BudgetError("Only the named colleague can sign this plan off")
    if len(reasons.strip()) < 10:
        raise BudgetError("Give your reasons for signing it off, in a sentence")
    total = locked.agreed_weekly or 0
    ok, why = sign_off_allowed(weekly_total=total, signer_limit=_limit_of(signer), signer_is_agreer=signer.pk == locked.agreed_by_id)
    if not ok:
        raise BudgetError(why)
    locked.signed_off_at, locked.sign_off_reasons = timezone.now(), reasons.strip()
    locked.status = SupportPlan.Status.AGREED
    locked.save()
    budget_create(plan=locked, start=today or timezone.localdate(), user=signer)
    return locked


# --- Budgets and the ledger ----------------------------------------------------------------------

def contribution_for(person: Person, *, weekly_cost: int, on: dt.date) -> tuple[int, list[str]]:
    """The person's weekly charge from their latest financial assessment, with the reasons."""
    fa = FinancialAssessment.objects.filter(person=person, assessed_on__lte=on).first()
    if fa is None:
        return 0, ["No financial assessment has been done yet, so no contribution is asked for."]
    try:
        rates = charging_rates_on(on)
        decision = assess_charge(finances_of(fa, weekly_cost, rates=rates), rates=rates)
    except ChargingError as error:
        return 0, [f"{CONTRIBUTION_NOT_WORKED_OUT}: {error}"]
    return decision.weekly_charge, list(decision.reasons)


def finances_of(fa: FinancialAssessment, weekly_cost: int, *, rates: ChargingRates | None = None) -> Finances:
    """The whole assessment as `Finances` against `weekly_cost`: listed items with their disregards, the home, free
    services, housing costs and the disability-related spending rule (`rules.financial_assessment`); or, for an
    assessment recorded as two totals, those totals with its facts.

    An itemised assessment needing a figure not entered (the savings credit disregard) raises ChargingError.
    """
    if fa.itemised:
        resources = financial.resources_of(fa, rates=rates or charging_rates_on(fa.assessed_on), weekly_care_cost=weekly_cost)
        return resources.finances
    return financial.legacy_finances(fa, weekly_cost)


@transaction.atomic
def budget_create(*, plan: SupportPlan, start: dt.date, user: Any) -> PersonalBudget:
    """Set up the budget for an agreed plan, and pay the period's allowance into it."""
    weeks = int(_config()["PERIOD_WEEKS"])
    weekly = plan.agreed_weekly or 0
    contribution, reasons = contribution_for(plan.person, weekly_cost=weekly, on=start)
    budget = PersonalBudget.objects.create(
        person=plan.person, plan=plan, management=plan.management, weekly=weekly, weekly_contribution=contribution,
        contribution_reasons=reasons, period_start=start, period_end=start + dt.timedelta(weeks=weeks) - dt.timedelta(days=1),
        created_at=timezone.now())
    council_part = weekly - contribution  # the charge never exceeds the cost of care
    if council_part:
        description = f"Budget for {weeks} weeks at {pounds(weekly)} a week"
        if contribution:
            description = (f"Council's part of the budget: {weeks} weeks at {pounds(council_part)} a week "
                           f"({pounds(weekly)} less the contribution of {pounds(contribution)})")
        post(budget=budget, on=start, kind=LedgerTransaction.Kind.ALLOCATION, user=user, description=description,
             entries=[("fund", council_part * weeks), ("allocation", -council_part * weeks)])
    return budget


def post(*, budget: PersonalBudget, on: dt.date, kind: str, description: str, user: Any,
         entries: Iterable[tuple[str, int]], payee: str = "", reverses: LedgerTransaction | None = None) -> LedgerTransaction:
    """Post one balanced transaction to one budget's accounts."""
    return post_many(on=on, kind=kind, description=description, user=user, payee=payee, reverses=reverses,
                     entries=[(budget, account, pence) for account, pence in entries])


@transaction.atomic
def post_many(*, on: dt.date, kind: str, description: str, user: Any, entries: Sequence[tuple[PersonalBudget, str, int]],
              payee: str = "", reverses: LedgerTransaction | None = None) -> LedgerTransaction:
    """Post one balanced transaction that may touch several budgets (a pooled cost)."""
    checked = ledger.transaction(on=on, description=description,
                                 entries=[(b.account(account), pence) for b, account, pence in entries])
    for b in {b.pk: b for b, _, _ in entries}.values():
        if sum(p for bb, _, p in entries if bb.pk == b.pk) != 0:
            raise ledger.LedgerError("Each budget's entries must balance on their own.")
    txn = LedgerTransaction.objects.create(on=on, kind=kind, description=checked.description, payee=payee[:200],
                                           reverses=reverses, posted_by=user, posted_at=timezone.now())
    LedgerEntry.objects.bulk_create(LedgerEntry(transaction=txn, budget=b, account=b.account(a), pence=p) for b, a, p in entries)
    return txn


@transaction.atomic
def reverse(*, txn: LedgerTransaction, on: dt.date, reason: str, user: Any) -> LedgerTransaction:
    if len(reason.strip()) < 5:
        raise BudgetError("Say why this is being corrected")
    if txn.kind == LedgerTransaction.Kind.REVERSAL:
        raise BudgetError("A correction cannot itself be reversed: post the right amount as a new entry")
    if LedgerTransaction.objects.filter(reverses=txn).exists():
        raise BudgetError("This has already been corrected")
    entries = list(txn.entries.select_related("budget"))
    original = ledger.Transaction(txn.on, txn.description, tuple(ledger.Entry(e.account, e.pence) for e in entries))
    built = ledger.reversal(original, on=on, reason=reason)
    try:
        new = LedgerTransaction.objects.create(on=on, kind=LedgerTransaction.Kind.REVERSAL, description=built.description[:300],
                                               payee=txn.payee, reverses=txn, posted_by=user, posted_at=timezone.now())
    except IntegrityError:
        raise BudgetError("This has already been corrected") from None
    LedgerEntry.objects.bulk_create(LedgerEntry(transaction=new, budget=e.budget, account=e.account, pence=-e.pence) for e in entries)
    return new


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "payee"


MONEY_KINDS = {
    "payment": "A payment for support",
    "contribution": "The person's contribution, received",
    "contingency": "Set money aside for emergencies",
    "release": "Release money set aside for emergencies",
}


def record_money(*, budget: PersonalBudget, what: str, pence: int, on: dt.date, description: str, payee: str, user: Any) -> LedgerTransaction:
    if pence <= 0:
        raise BudgetError("Enter an amount more than £0")
    if on < budget.period_start or on > budget.period_end:
        raise BudgetError(f"The date must be in the budget period, {budget.period_start:%-d %B %Y} to {budget.period_end:%-d %B %Y}")
    description = description.strip()
    if what == "payment":
        if not payee.strip():
            raise BudgetError("Say who was paid")
        return post(budget=budget, on=on, kind=LedgerTransaction.Kind.PAYMENT, user=user, payee=payee.strip(),
                    description=description or f"Paid {payee.strip()}", entries=[(f"paid:{_slug(payee)}", pence), ("fund", -pence)])
    if what == "contribution":
        return post(budget=budget, on=on, kind=LedgerTransaction.Kind.CONTRIBUTION, user=user,
                    description=description or "Contribution received", entries=[("fund", pence), ("contributions", -pence)])
    if what in ("contingency", "release"):
        sign = 1 if what == "contingency" else -1
        held = account_balance(budget, "contingency") if what == "release" else account_balance(budget, "fund")
        if pence > held:
            raise BudgetError(f"There is only {pounds(held)} to move")
        return post(budget=budget, on=on, kind=LedgerTransaction.Kind.CONTINGENCY, user=user,
                    description=description or MONEY_KINDS[what], entries=[("contingency", sign * pence), ("fund", -sign * pence)])
    raise BudgetError("Choose what kind of money this is")


def account_balance(budget: PersonalBudget, account: str, *, up_to: dt.date | None = None) -> int:
    qs = LedgerEntry.objects.filter(budget=budget, account=budget.account(account))
    if up_to is not None:
        qs = qs.filter(transaction__on__lte=up_to)
    return int(qs.aggregate(t=Sum("pence"))["t"] or 0)


@dataclass(frozen=True)
class Totals:
    allowance: int
    contributions: int
    spent: int
    held: int  # allowance + contributions - spent
    contingency: int
    holiday_pay: int
    recovered: int = 0  # paid back to the council (Care Act s33(5)); the allowance above is net of it


def totals(budget: PersonalBudget, *, up_to: dt.date | None = None) -> Totals:
    qs = LedgerEntry.objects.filter(budget=budget)
    if up_to is not None:
        qs = qs.filter(transaction__on__lte=up_to)
    prefix = budget.account("")
    sums: dict[str, int] = {}
    for account, pence in qs.values_list("account").annotate(t=Sum("pence")).values_list("account", "t"):
        sums[account[len(prefix):]] = int(pence)
    return _totals(sums)


def _totals(sums: dict[str, int]) -> Totals:
    """Totals from the budget's accounts' balances (account names without the budget's prefix)."""
    recovered = sums.get("recovered", 0)
    allowance = -sums.get("allocation", 0) - recovered
    contributions = -sums.get("contributions", 0)
    spent = sum(v for k, v in sums.items() if k.startswith("paid:"))
    return Totals(allowance, contributions, spent, allowance + contributions - spent, sums.get("contingency", 0),
                  sums.get("reserve:holiday-pay", 0), recovered)


def committed(budget: PersonalBudget, *, as_of: dt.date) -> int:
    """The plan's paid support for the rest of the period: the weeks left times the weekly cost."""
    weeks_left = max((budget.period_end - as_of).days, 0) // 7
    return weeks_left * weekly_total(budget.plan)


def contributions_due(budget: PersonalBudget, *, received: int) -> int:
    """The person's assessed charge for the whole period less what has come in: what is still to come."""
    weeks = ((budget.period_end - budget.period_start).days + 1) // 7
    return max(budget.weekly_contribution * weeks - received, 0)


def summary(budget: PersonalBudget, *, as_of: dt.date) -> ledger.BudgetSummary:
    t = totals(budget, up_to=as_of)
    c = _config()
    return ledger.summarise_budget(
        allowance=t.allowance, contributions=t.contributions, spent=t.spent, committed=committed(budget, as_of=as_of),
        period_start=budget.period_start, period_end=budget.period_end, as_of=as_of,
        underspend_percent=c["UNDERSPEND_PERCENT"], overspend_percent=c["OVERSPEND_PERCENT"],
        contributions_due=contributions_due(budget, received=t.contributions))


@dataclass(frozen=True)
class BudgetAtAGlance:
    budget: PersonalBudget
    summary: ledger.BudgetSummary
    due: dt.date
    overdue: bool


def budgets_at_a_glance(budgets: Sequence[PersonalBudget], *, today: dt.date) -> list[BudgetAtAGlance]:
    """What the budgets list shows for each of a page of budgets: the same as `summary` and `next_review` give one by
    one (each as of today, kept within its period), read in four queries for the whole page, however long it is."""
    if not budgets:
        return []
    as_of = {b.pk: min(max(today, b.period_start), b.period_end) for b in budgets}
    up_to = Q()
    for b in budgets:
        up_to |= Q(budget_id=b.pk, transaction__on__lte=as_of[b.pk])
    sums: dict[int, dict[str, int]] = {b.pk: {} for b in budgets}
    for budget_id, account, pence in (LedgerEntry.objects.filter(up_to).values_list("budget_id", "account")
                                      .annotate(t=Sum("pence")).values_list("budget_id", "account", "t")):
        sums[budget_id][account[len(f"budget:{budget_id}:"):]] = int(pence)
    weekly = dict(PlanItem.objects.filter(plan_id__in=[b.plan_id for b in budgets], met_by=PlanItem.MetBy.PAID)
                  .values_list("plan_id").annotate(t=Sum("weekly_cost")).values_list("plan_id", "t"))
    people = {b.person_id for b in budgets}
    reviews: dict[int, list[dt.date]] = {}
    for person_id, on in BudgetReview.objects.filter(budget__person_id__in=people).values_list(
            "budget__person_id", "reviewed_on"):
        reviews.setdefault(person_id, []).append(on)
    paying = {b.person_id for b in budgets if b.management in ("direct_payment", "mixed")}
    first_dp: dict[int, dt.date] = {}
    if paying:
        first_dp = dict(LedgerTransaction.objects.filter(
            kind__in=[LedgerTransaction.Kind.PAYMENT, LedgerTransaction.Kind.PA_PAY], reversed_by__isnull=True,
            entries__budget__person_id__in=paying, entries__budget__management__in=["direct_payment", "mixed"])
            .values_list("entries__budget__person_id").annotate(first=Min("on")).values_list("entries__budget__person_id", "first"))
    c = _config()
    rows = []
    for b in budgets:
        t = _totals(sums[b.pk])
        committed_pence = max((b.period_end - as_of[b.pk]).days, 0) // 7 * int(weekly.get(b.plan_id) or 0)
        summary_ = ledger.summarise_budget(
            allowance=t.allowance, contributions=t.contributions, spent=t.spent, committed=committed_pence,
            period_start=b.period_start, period_end=b.period_end, as_of=as_of[b.pk],
            underspend_percent=c["UNDERSPEND_PERCENT"], overspend_percent=c["OVERSPEND_PERCENT"],
            contributions_due=contributions_due(b, received=t.contributions))
        decided = b.plan.decided_at
        agreed_on = timezone.localtime(decided).date() if decided else b.period_start
        due = ledger.review_due(agreed_on=agreed_on, reviews=reviews.get(b.person_id, []),
                                first_direct_payment=first_dp.get(b.person_id)
                                if b.management in ("direct_payment", "mixed") else None).due
        rows.append(BudgetAtAGlance(b, summary_, due, due < today))
    return rows


def review_due(budget: PersonalBudget) -> ledger.ReviewDue:
    """The next review of the person's plan: a light review 6–8 weeks after agreement, then yearly; a direct
    payment within 6 months of the person's first direct payment (never restarted by a new budget period)."""
    plan = budget.plan
    decided = plan.decided_at
    agreed_on = timezone.localtime(decided).date() if decided else budget.period_start
    reviews = list(BudgetReview.objects.filter(budget__person_id=budget.person_id).values_list("reviewed_on", flat=True))
    first_dp = None
    if budget.management in ("direct_payment", "mixed"):
        first_dp = (LedgerTransaction.objects.filter(
            kind__in=[LedgerTransaction.Kind.PAYMENT, LedgerTransaction.Kind.PA_PAY], reversed_by__isnull=True,
            entries__budget__person_id=budget.person_id, entries__budget__management__in=["direct_payment", "mixed"])
            .order_by("on").values_list("on", flat=True).first())
    return ledger.review_due(agreed_on=agreed_on, reviews=reviews, first_direct_payment=first_dp)


def next_review(budget: PersonalBudget) -> dt.date:
    return review_due(budget).due


def review_record(*, budget: PersonalBudget, on: dt.date, notes: str, user: Any) -> BudgetReview:
    if len(notes.strip()) < 10:
        raise BudgetError("Say what the review found, in a sentence or two")
    if on < budget.period_start:
        raise BudgetError("The review date must be after the budget started")
    if on > timezone.localdate():
        raise BudgetError("The review date cannot be in the future")
    return BudgetReview.objects.create(budget=budget, reviewed_on=on, reviewed_by=user, notes=notes.strip(), created_at=timezone.now())


@dataclass(frozen=True)
class StatementLine:
    on: dt.date
    what: str
    money_in: int
    money_out: int
    moved: int
    balance: int
    correction: bool


@dataclass(frozen=True)
class Statement:
    start: dt.date
    end: dt.date
    opening: int
    closing: int
    money_in: int
    money_out: int
    lines: tuple[StatementLine, ...]


def statement(budget: PersonalBudget, *, start: dt.date, end: dt.date) -> Statement:
    """Every transaction between two dates, as money in, money out and a running balance of money held."""
    opening = totals(budget, up_to=start - dt.timedelta(days=1)).held
    txns = (LedgerTransaction.objects.filter(entries__budget=budget, on__gte=start, on__lte=end).distinct()
            .prefetch_related("entries").order_by("on", "pk"))
    prefix = budget.account("")
    balance, lines = opening, []
    for txn in txns:
        mine = [(e.account[len(prefix):], e.pence) for e in txn.entries.all() if e.budget_id == budget.pk]
        money_in = -sum(p for a, p in mine if a in ("allocation", "contributions"))
        money_out = sum(p for a, p in mine if a.startswith("paid:") or a == "recovered")
        moved = sum(p for a, p in mine if a == "contingency" or a.startswith("reserve:"))
        net = money_in - money_out
        balance += net
        lines.append(StatementLine(txn.on, txn.description, money_in, money_out, moved, balance,
                                   txn.kind == LedgerTransaction.Kind.REVERSAL))
    return Statement(start, end, opening, balance, sum(line.money_in for line in lines), sum(line.money_out for line in lines), tuple(lines))


# --- Pooled budgets ------------------------------------------------------------------------------

def pool_create(*, name: str, description: str, supplier: str, user: Any) -> Pool:
    return Pool.objects.create(name=name.strip(), description=description.strip(), supplier=supplier.strip(), created_by=user,
                               created_at=timezone.now())


@transaction.atomic
def pool_join(*, pool: Pool, budget: PersonalBudget, share: int, on: dt.date) -> PoolMembership:
    if share < 1:
        raise BudgetError("A share must be 1 or more")
    try:
        with transaction.atomic():
            return PoolMembership.objects.create(pool=pool, budget=budget, share=share, joined_on=on)
    except IntegrityError:
        raise BudgetError("This budget is already part of the shared activity") from None


@transaction.atomic
def pool_leave(*, membership: PoolMembership, on: dt.date) -> PoolMembership:
    locked = PoolMembership.objects.select_for_update().get(pk=membership.pk)
    if locked.left_on is not None:
        raise BudgetError("You have already left this shared activity")
    if on < locked.joined_on:
        raise BudgetError("The leaving date must be after joining")
    locked.left_on = on
    locked.save(update_fields=["left_on"])
    return locked


def pool_members_on(pool: Pool, on: dt.date) -> list[PoolMembership]:
    return list(pool.memberships.select_related("budget", "budget__person").filter(joined_on__lte=on)
                .filter(Q(left_on__isnull=True) | Q(left_on__gt=on)))


@transaction.atomic
def pool_cost(*, pool: Pool, pence: int, on: dt.date, description: str, user: Any) -> LedgerTransaction:
    """Split one cost of a shared activity between everyone taking part that day, to the penny."""
    if pence <= 0:
        raise BudgetError("Enter an amount more than £0")
    members = pool_members_on(pool, on)
    if not members:
        raise BudgetError("Nobody was part of this shared activity on that date")
    shares = ledger.split_pence(pence, {str(m.pk): m.share for m in members})
    entries: list[tuple[PersonalBudget, str, int]] = []
    for m in members:
        part = shares[str(m.pk)]
        if part:
            entries += [(m.budget, f"paid:pool:{pool.pk}", part), (m.budget, "fund", -part)]
    return post_many(on=on, kind=LedgerTransaction.Kind.POOLED, user=user, payee=pool.supplier or pool.name,
                     description=f"{pool.name}: {description.strip() or 'shared cost'} (your share)", entries=entries)


# --- Personal assistants' timesheets -------------------------------------------------------------

def necessity_of(assistant: PersonalAssistant) -> dp_rules.Necessity | None:
    if not assistant.necessity_basis or assistant.necessity_decided_on is None:
        return None
    by = assistant.necessity_decided_by
    name = (by.get_full_name() or by.get_username()) if by is not None else ""
    return dp_rules.Necessity(dp_rules.NecessityBasis(assistant.necessity_basis), name, assistant.necessity_decided_on,
                              assistant.necessity_reasons)


def payee_decision_for(assistant: PersonalAssistant) -> dp_rules.PayeeDecision:
    """May the direct payment pay this personal assistant? SI 2014/2871 regulation 3."""
    if not assistant.relationship:
        return dp_rules.PayeeDecision(False, False, dp_rules.REG3, (
            f"Record how {assistant.name} is related to the person, and whether they live in the same household, "
            f"before paying them ({dp_rules.REG3}).",))
    return dp_rules.payee_decision(relationship=dp_rules.Relationship(assistant.relationship),
                                   same_household=assistant.same_household, necessity=necessity_of(assistant))


def assistant_add(*, budget: PersonalBudget, name: str, hourly_rate: int, years_of_service: int, increment: int,
                  bank_holiday_multiplier: Decimal, london: bool, date_of_birth: dt.date | None = None,
                  apprentice_first_year: bool = False, irregular_hours: bool = True,
                  relationship: str = dp_rules.Relationship.NOT_RELATED, same_household: bool = False,
                  necessity_basis: str = "", necessity_decided_on: dt.date | None = None, necessity_reasons: str = "",
                  decided_by: Any = None, pension_status: str = PersonalAssistant.PensionStatus.NOT_ELIGIBLE) -> PersonalAssistant:
    """Add a personal assistant, refusing one the direct payment may not pay (SI 2014/2871 regulation 3)."""
    if not name.strip():
        raise BudgetError("Enter their name")
    if relationship not in {r.value for r in dp_rules.Relationship}:
        raise BudgetError("Choose how they are related to the person")
    if pension_status not in PersonalAssistant.PensionStatus.values:
        raise BudgetError("Select whether they are in a workplace pension")
    assistant = PersonalAssistant(
        budget=budget, name=name.strip(), hourly_rate=hourly_rate, years_of_service=years_of_service, increment=increment,
        bank_holiday_multiplier=bank_holiday_multiplier, london=london, date_of_birth=date_of_birth,
        apprentice_first_year=apprentice_first_year, irregular_hours=irregular_hours, relationship=relationship,
        same_household=same_household, pension_status=pension_status)
    if necessity_basis:
        if decided_by is None:
            raise BudgetError("Only the council can decide that paying them is necessary: ask a practitioner")
        assistant.necessity_basis, assistant.necessity_decided_by = necessity_basis, decided_by
        assistant.necessity_decided_on, assistant.necessity_reasons = necessity_decided_on, necessity_reasons.strip()
        if necessity_decided_on is None:
            raise BudgetError("Enter the date the council decided it is necessary")
    decision = payee_decision_for(assistant)
    if not decision.may_be_paid:
        raise BudgetError(decision.reasons[0])
    if not decision.restricted:  # a decision nobody needed is not kept
        assistant.necessity_basis, assistant.necessity_decided_by = "", None
        assistant.necessity_decided_on, assistant.necessity_reasons = None, ""
    assistant.payee_reasons = list(decision.reasons)
    assistant.save()
    return assistant


def budget_employment_allowance(*, budget: PersonalBudget, claims: bool) -> PersonalBudget:
    """Record whether the person, as an employer, claims the Employment Allowance (it applies to later approvals)."""
    budget.claims_employment_allowance = claims
    budget.save(update_fields=["claims_employment_allowance"])
    return budget


def assistant_pension_status(*, assistant: PersonalAssistant, status: str) -> PersonalAssistant:
    if status not in PersonalAssistant.PensionStatus.values:
        raise BudgetError("Select whether they are in a workplace pension")
    assistant.pension_status = status
    assistant.save(update_fields=["pension_status"])
    return assistant


def terms_of(assistant: PersonalAssistant) -> PayTerms:
    return PayTerms(assistant.hourly_rate, Decimal(assistant.bank_holiday_multiplier), assistant.years_of_service,
                    assistant.increment, assistant.london, worker_born=assistant.date_of_birth,
                    apprentice_first_year=assistant.apprentice_first_year, irregular_hours=assistant.irregular_hours)


def shifts_of(timesheet: Timesheet) -> list[Shift]:
    return [Shift(dt.date.fromisoformat(s["date"]), dt.time.fromisoformat(s["start"]), dt.time.fromisoformat(s["end"]))
            for s in timesheet.shifts]


@transaction.atomic
def timesheet_enter(*, assistant: PersonalAssistant, shifts: Sequence[Shift], user: Any) -> Timesheet:
    from carecommons.budgets.api import bank_holidays_for

    if not shifts:
        raise BudgetError("Enter at least one shift")
    result = calculate_pay(terms=terms_of(assistant), shifts=shifts, bank_holidays=bank_holidays_for([s.date for s in shifts]),
                           floors=WAGE_FLOORS)
    return Timesheet.objects.create(
        assistant=assistant, shifts=[{"date": s.date.isoformat(), "start": s.start.strftime("%H:%M"), "end": s.end.strftime("%H:%M")} for s in shifts],
        gross=result.gross_pence, holiday_pay_accrued=result.holiday_pay_accrued_pence,
        flags=[{"level": f.level, "message": f.message} for f in result.flags], entered_by=user, entered_at=timezone.now())


@transaction.atomic
def timesheet_approve(*, timesheet: Timesheet, user: Any, on: dt.date) -> Timesheet:
    """Approve a timesheet: pay posts to the ledger, and holiday pay is set aside as it accrues."""
    locked = Timesheet.objects.select_for_update().select_related("assistant__budget").get(pk=timesheet.pk)
    if locked.status != Timesheet.Status.SUBMITTED:
        raise BudgetError("This timesheet has already been approved")
    if any(f["level"] == "error" for f in locked.flags):
        raise BudgetError("This timesheet cannot be approved: " + " ".join(f["message"] for f in locked.flags if f["level"] == "error"))
    pa = locked.assistant
    payee = payee_decision_for(pa)
    if not payee.may_be_paid:
        raise BudgetError("This timesheet cannot be approved: " + payee.reasons[0])
    budget = pa.budget
    last = max(s["date"] for s in locked.shifts)
    entries = [(f"paid:pa:{pa.pk}", locked.gross), ("fund", -locked.gross)]
    if locked.holiday_pay_accrued:
        entries += [("reserve:holiday-pay", locked.holiday_pay_accrued), ("fund", -locked.holiday_pay_accrued)]
    locked.payment = post(budget=budget, on=on, kind=LedgerTransaction.Kind.PA_PAY, user=user, payee=pa.name,
                          description=f"{pa.name}: {len(locked.shifts)} shift{'s' if len(locked.shifts) != 1 else ''} "
                                      f"to {dt.date.fromisoformat(last):%-d %B %Y}, and holiday pay set aside",
                          entries=_merge(entries))
    _post_employer_costs(locked, user=user, on=on)
    locked.status, locked.approved_by, locked.approved_at = Timesheet.Status.APPROVED, user, timezone.now()
    locked.save()
    return locked


def employment_allowance_used(person_id: int, *, on: dt.date) -> int:
    """The Employment Allowance the person has already set against National Insurance in the tax year of `on`:
    the allowance is the employer's, for all their assistants and budgets together."""
    start, end = tax_year_bounds(on)
    return int(Timesheet.objects.filter(assistant__budget__person_id=person_id, status=Timesheet.Status.APPROVED,
                                        payment__on__gte=start, payment__on__lte=end)
               .aggregate(t=Sum("employment_allowance_claimed"))["t"] or 0)


def employer_costs_of(timesheet: Timesheet, *, on: dt.date) -> EmployerCosts:
    """The employer's National Insurance and pension contribution for a timesheet paid on `on` (its shifts are one
    pay period: a week unless they span more; ADR 0015)."""
    pa = timesheet.assistant
    return employer_costs(
        gross=timesheet.gross, period=pay_period([dt.date.fromisoformat(s["date"]) for s in timesheet.shifts]), paid_on=on,
        worker=pa.name, worker_born=pa.date_of_birth, worker_age=None, pension_status=pa.pension_status,
        claims_employment_allowance=pa.budget.claims_employment_allowance,
        allowance_used=employment_allowance_used(pa.budget.person_id, on=on),
        ni_rates=EMPLOYER_NI, pension_thresholds=PENSION_THRESHOLDS)


def _post_employer_costs(sheet: Timesheet, *, user: Any, on: dt.date) -> None:
    """After the wages: the employer's National Insurance and pension contribution, each its own transaction out of
    the fund. A cost that could not be worked out posts nothing and keeps the flag that says why."""
    pa, budget = sheet.assistant, sheet.assistant.budget
    costs = employer_costs_of(sheet, on=on)
    period = pay_period([dt.date.fromisoformat(s["date"]) for s in sheet.shifts])
    span = f"{period.start:%-d %B %Y} to {period.end:%-d %B %Y}"
    ni, pension = costs.national_insurance, costs.pension
    if ni.pence:
        sheet.ni_payment = post(budget=budget, on=on, kind=LedgerTransaction.Kind.EMPLOYER_NI, user=user,
                                payee="HM Revenue and Customs",
                                description=f"Employer's National Insurance for {pa.name}, pay period {span}",
                                entries=[(f"paid:employer-ni:pa:{pa.pk}", ni.pence), ("fund", -ni.pence)])
    if pension.pence:
        sheet.pension_payment = post(budget=budget, on=on, kind=LedgerTransaction.Kind.EMPLOYER_PENSION, user=user,
                                     payee="Workplace pension scheme",
                                     description=f"Employer's pension contribution for {pa.name}, pay period {span}",
                                     entries=[(f"paid:employer-pension:pa:{pa.pk}", pension.pence),
                                              ("fund", -pension.pence)])
    sheet.employer_ni, sheet.employment_allowance_claimed = ni.pence, ni.allowance_claimed
    sheet.employer_pension = pension.pence
    sheet.employer_cost_reasons = list(costs.reasons)
    sheet.employer_cost_flags = [{"level": f.level, "message": f.message} for f in costs.flags]


def _merge(entries: list[tuple[str, int]]) -> list[tuple[str, int]]:
    merged: dict[str, int] = {}
    for account, pence in entries:
        merged[account] = merged.get(account, 0) + pence
    return [(a, p) for a, p in merged.items() if p]


# --- Direct payments: the agreement and getting money back (Care Act ss31-33) ---------------------------

def direct_payment_decision_of(budget: PersonalBudget) -> Any:
    """The recorded s31/s32 decision for the plan behind a direct payment, or None if it was never recorded."""
    facts = budget.plan.direct_payment_facts
    if not facts:
        return None
    known = set(DirectPaymentFacts.__dataclass_fields__)
    return direct_payment_decision(DirectPaymentFacts(**{k: v for k, v in facts.items() if k in known}))


def agreement_terms_for(budget: PersonalBudget) -> tuple[dp_rules.Term, ...]:
    decision = direct_payment_decision_of(budget)
    recipient = decision.recipient if decision is not None else "the person themselves"
    return dp_rules.agreement_terms(recipient=recipient, weekly=budget.weekly, contribution=budget.weekly_contribution,
                                    period_weeks=((budget.period_end - budget.period_start).days + 1) // 7)


@transaction.atomic
def agreement_sign(*, budget: PersonalBudget, signed_by_name: str, signed_on: dt.date, how: str, user: Any,
                   today: dt.date) -> DirectPaymentAgreement:
    """Record the direct-payment agreement as signed, with the terms as they were shown."""
    locked = PersonalBudget.objects.select_for_update().get(pk=budget.pk)
    if locked.management not in ("direct_payment", "mixed"):
        raise BudgetError("Only a direct payment has a direct-payment agreement")
    if DirectPaymentAgreement.objects.filter(budget=locked).exists():
        raise BudgetError("The agreement has already been signed")
    decision = direct_payment_decision_of(locked)
    if decision is None or not decision.allowed:
        raise BudgetError("Who receives the direct payment has not been recorded: a practitioner records it when the "
                          "budget is agreed (Care Act sections 31 and 32)")
    if not signed_by_name.strip():
        raise BudgetError("Enter the name of the person who signed")
    if signed_on > today:
        raise BudgetError("The date it was signed cannot be in the future")
    if how not in DirectPaymentAgreement.How.values:
        raise BudgetError("Say how it was signed")
    terms = agreement_terms_for(locked)
    return DirectPaymentAgreement.objects.create(
        budget=locked, route=decision.route, recipient=decision.recipient, terms=[[t.heading, t.text, t.source] for t in terms],
        signed_by_name=signed_by_name.strip(), signed_on=signed_on, how=how, recorded_by=user, recorded_at=timezone.now())


def unspent(budget: PersonalBudget) -> int:
    """Money held in the direct payment and not set aside (for emergencies or holiday pay): what can be taken back."""
    return account_balance(budget, "fund")


@transaction.atomic
def recovery_propose(*, budget: PersonalBudget, kind: str, pence: int, reason: str, user: Any, today: dt.date,
                     review: BudgetReview | None, tell: bool = True) -> DirectPaymentRecovery:
    """At a review, propose taking money back. The person is told (unless `tell` is off, as in the demo) and has the
    council's period to reply."""
    if budget.management not in ("direct_payment", "mixed"):
        raise BudgetError("Money is taken back only from a direct payment")
    if review is None or review.budget_id != budget.pk:
        raise BudgetError("Record the review first: money is asked back at a review (SI 2014/2871 regulation 7(1)(b))")
    if kind not in {k.value for k in dp_rules.RecoveryKind}:
        raise BudgetError("Choose whether the money is unspent or was used for something else")
    if len(reason.strip()) < dp_rules.MINIMUM_REASONS:
        raise BudgetError("Say why, in a sentence or two")
    if DirectPaymentRecovery.objects.filter(budget=budget, decided_at__isnull=True).exists():
        raise BudgetError("There is already a proposal waiting for a decision")
    check = dp_rules.recovery_check(kind=dp_rules.RecoveryKind(kind), pence=pence, unspent=unspent(budget),
                                    spent=totals(budget).spent)
    if not check.allowed:
        raise BudgetError(check.reasons[0])
    due = dp_rules.reply_due(told_on=today, reply_days=int(_config()["RECOVERY_REPLY_DAYS"]))
    recovery = DirectPaymentRecovery.objects.create(budget=budget, review=review, kind=kind, proposed_pence=pence,
                                                    reason=reason.strip(), proposed_by=user, proposed_on=today, reply_due=due)
    if tell:
        notifications.recovery_proposed(recovery)  # after commit
    return recovery


@transaction.atomic
def recovery_reply(*, recovery: DirectPaymentRecovery, reply: str, user: Any) -> DirectPaymentRecovery:
    locked = DirectPaymentRecovery.objects.select_for_update().get(pk=recovery.pk)
    if locked.decided_at is not None:
        raise BudgetError("A decision has already been made")
    if locked.replied_at is not None:
        raise BudgetError("You have already replied")
    if len(reply.strip()) < 2:
        raise BudgetError("Write your reply")
    locked.reply, locked.replied_by, locked.replied_at = reply.strip(), user, timezone.now()
    locked.save(update_fields=["reply", "replied_by", "replied_at"])
    return locked


@transaction.atomic
def recovery_decide(*, recovery: DirectPaymentRecovery, pence: int, reasons: str, user: Any,
                    today: dt.date) -> DirectPaymentRecovery:
    """A manager decides, with reasons, having seen the reply; only then is it posted to the ledger."""
    locked = DirectPaymentRecovery.objects.select_for_update().select_related("budget").get(pk=recovery.pk)
    if locked.decided_at is not None:
        raise BudgetError("A decision has already been made")
    if locked.proposed_by_id == getattr(user, "pk", None):
        raise BudgetError("The decision is made by a manager who did not propose it")
    budget = locked.budget
    decision = dp_rules.recovery_decision(
        kind=dp_rules.RecoveryKind(locked.kind), proposed=locked.proposed_pence, decided=pence, unspent=unspent(budget),
        spent=totals(budget).spent, replied=locked.replied_at is not None, due=locked.reply_due, today=today,
        reasons=reasons)
    if not decision.allowed:
        raise BudgetError(decision.reasons[0])
    if decision.pence > unspent(budget):
        raise BudgetError(f"Only {pounds(unspent(budget))} is held in the direct payment: the rest must be asked for "
                          "another way")
    locked.decided_pence, locked.decision_reasons = decision.pence, reasons.strip()
    locked.decided_by, locked.decided_at = user, timezone.now()
    if decision.pence:
        locked.transaction = post(
            budget=budget, on=today, kind=LedgerTransaction.Kind.RECOVERY, user=user, payee="The council",
            description=f"Paid back to the council: {dp_rules.RECOVERY_WORDS[dp_rules.RecoveryKind(locked.kind)].lower()}",
            entries=[("recovered", decision.pence), ("fund", -decision.pence)])
    locked.save()
    return locked
