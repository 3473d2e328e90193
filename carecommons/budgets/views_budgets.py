"""Personal budgets: the summary, statements, payments, reviews, personal assistants and pooled budgets."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from carecommons.budgets import services
from carecommons.budgets.access import DIRECT, access_budget, access_membership, access_timesheet
from carecommons.budgets.forms import (
    AssistantForm,
    CorrectionForm,
    EmploymentAllowanceForm,
    MoneyForm,
    PensionStatusForm,
    PoolCostForm,
    PoolForm,
    PoolMemberForm,
    ReviewForm,
    TimesheetForm,
)
from carecommons.budgets.models import (
    DirectPaymentAgreement,
    LedgerTransaction,
    PersonalAssistant,
    PersonalBudget,
    Pool,
    Timesheet,
)
from carecommons.core import easy_read
from carecommons.core.inputs import csv_row
from carecommons.core.paging import CountedUpTo
from carecommons.people.access import people_in_reach, reach_condition
from carecommons.people.roles import TEAM_ROLES, require_page, require_role, role_of
from carecommons.rules import easy_read as easy_words
from carecommons.rules.access import Kind, Purpose, Role
from carecommons.rules.management import WAYS
from carecommons.rules.money import pounds


def _budget(request: HttpRequest, budget_id: int, *, what: str, purpose: Purpose = Purpose.VIEW,
            kind: Kind = Kind.BUDGET) -> PersonalBudget:
    return access_budget(user=request.user, id=budget_id, purpose=purpose, what=what, kind=kind)


def _runs_it(request: HttpRequest, budget: PersonalBudget) -> bool:
    """Whether this user may record this budget's money: the team, or the person with a direct payment."""
    role = role_of(request.user)
    return role in TEAM_ROLES or (role is Role.PERSON and budget.management in DIRECT
                                  and budget.person.user_id == request.user.pk)


def _today() -> dt.date:
    return timezone.localdate()


@login_required
def budget_detail(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = _budget(request, budget_id, what="their personal budget")
    as_of = min(max(_today(), budget.period_start), budget.period_end)
    summary = services.summary(budget, as_of=as_of)
    totals = services.totals(budget, up_to=as_of)
    memberships = budget.pool_memberships.select_related("pool").order_by("left_on", "pool__name")
    role = role_of(request.user)
    easy = easy_read.is_on(request) and role is Role.PERSON
    picture = easy_words.money_picture(spent=summary.spent, planned=summary.forecast_spend - summary.spent,
                                       left=summary.forecast_balance)
    return render(request, "budgets/budget.html", {
        "easy": easy, "money_picture": picture,
        "easy_lines": easy_words.budget_lines(weekly=budget.weekly, picture=picture, management=budget.management) if easy else (),
        "budget": budget, "summary": summary, "totals": totals, "way": WAYS[budget.management], "as_of": as_of,
        "next_review": services.next_review(budget), "reviews": budget.reviews.select_related("reviewed_by")[:10],
        "memberships": memberships, "assistants": budget.assistants.all(),
        "timesheets": Timesheet.objects.filter(assistant__budget=budget).select_related("assistant")[:20],
        "runs_it": _runs_it(request, budget), "is_team": role in TEAM_ROLES, "is_person": role is Role.PERSON,
        "months": _months(budget), **_direct_payment_context(request, budget),
        "bar": _money_bar(summary, contributions_due=services.contributions_due(budget, received=totals.contributions)),
    })


def _money_bar(summary: Any, *, contributions_due: int, width: int = 700) -> list[dict[str, Any]]:
    """The year's money as one bar: spent, committed, and what is expected to be left (or to go over), in proportion.
    The same figures are in the list beside it."""
    expected = summary.allowance + summary.contributions + contributions_due
    left = summary.forecast_balance
    parts = [("Spent", summary.spent, "spent"), ("Committed", summary.committed, "committed"),
             ("Expected to be left" if left >= 0 else "Expected to go over", abs(left), "left" if left >= 0 else "over")]
    colours = {"spent": "#1d70b8", "committed": "#b58840", "left": "#b1b4b6", "over": "#d4351c"}
    whole = max(expected, summary.spent + summary.committed, 1)
    x, bars = 0, []
    for label, pence, key in parts:
        w = round(width * pence / (whole + (abs(left) if left < 0 else 0)))
        bars.append({"label": label, "pence": pence, "key": key, "colour": colours[key], "x": x, "width": w})
        x += w
    return bars


def _direct_payment_context(request: HttpRequest, budget: PersonalBudget) -> dict[str, object]:
    """Who receives the direct payment, the agreement, each assistant's payee decision and any recoveries."""
    if budget.management not in DIRECT:
        return {"direct": False}
    assistants = list(budget.assistants.select_related("necessity_decided_by"))
    for a in assistants:
        a.payee = services.payee_decision_for(a)
    role = role_of(request.user)
    return {
        "direct": True, "dp_decision": services.direct_payment_decision_of(budget),
        "agreement": DirectPaymentAgreement.objects.filter(budget=budget).select_related("recorded_by").first(),
        "assistants": assistants,
        "recoveries": list(budget.recoveries.select_related("proposed_by", "decided_by", "transaction")),
        "is_manager": role is Role.MANAGER, "unspent": services.unspent(budget),
    }


def _months(budget: PersonalBudget) -> list[tuple[str, str]]:
    months, day = [], budget.period_start.replace(day=1)
    last = min(budget.period_end, max(_today(), budget.period_start))
    while day <= last:
        months.append((f"{day:%Y-%m}", f"{day:%B %Y}"))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _statement_period(request: HttpRequest, budget: PersonalBudget) -> tuple[dt.date, dt.date]:
    month = request.GET.get("month", "")
    try:
        first = dt.datetime.strptime(month, "%Y-%m").date() if month else max(budget.period_start, min(_today(), budget.period_end)).replace(day=1)
    except ValueError:
        raise Http404("Choose a month like 2026-05") from None
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return max(first, budget.period_start), min(last, budget.period_end)


@login_required
def statement(request: HttpRequest, budget_id: int, fmt: str = "page") -> HttpResponse:
    budget = _budget(request, budget_id, what="their budget statement",
                     purpose=Purpose.EXPORT if fmt == "csv" else Purpose.VIEW)
    start, end = _statement_period(request, budget)
    st = services.statement(budget, start=start, end=end)
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="statement-{budget.pk}-{start:%Y-%m}.csv"'
        writer = csv.writer(response)
        writer.writerow(["date", "what", "money_in", "money_out", "set_aside_or_released", "balance"])
        writer.writerow(csv_row([start.isoformat(), "Balance at the start", "", "", "", _pounds(st.opening)]))
        for line in st.lines:
            writer.writerow(csv_row([line.on.isoformat(), line.what, _pounds(line.money_in) if line.money_in else "",
                                     _pounds(line.money_out) if line.money_out else "", _pounds(line.moved) if line.moved else "",
                                     _pounds(line.balance)]))
        writer.writerow(csv_row([end.isoformat(), "Balance at the end", _pounds(st.money_in), _pounds(st.money_out), "",
                                 _pounds(st.closing)]))
        return response
    template = "budgets/statement_print.html" if fmt == "print" else "budgets/statement.html"
    correctable = []
    if fmt == "page" and role_of(request.user) in TEAM_ROLES:
        correctable = list(LedgerTransaction.objects.filter(entries__budget=budget, on__gte=start, on__lte=end, reversed_by__isnull=True)
                           .exclude(kind=LedgerTransaction.Kind.REVERSAL).distinct().order_by("on", "pk"))
    return render(request, template, {"budget": budget, "st": st, "months": _months(budget), "month": f"{start:%Y-%m}",
                                      "correctable": correctable})


def _pounds(pence: int) -> Decimal:
    """Pence as pounds for a money column of a CSV file: a number (a negative balance stays -12.34), never text."""
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))


@login_required
@require_http_methods(["GET", "POST"])
def money_record(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = _budget(request, budget_id, what="their personal budget, to record money", purpose=Purpose.RECORD_MONEY)
    form = MoneyForm(request.POST if request.method == "POST" else None, initial={"on": _today()})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.record_money(budget=budget, what=cd["what"], pence=cd["amount"], on=cd["on"], description=cd["description"],
                                  payee=cd.get("payee", ""), user=request.user)
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Recorded.")
            return redirect("budgets:budget", budget.pk)
    return render(request, "core/form.html", {
        "form": form, "title": "Record money", "caption": budget.person.full_name, "submit": "Record it",
        "back": reverse("budgets:budget", args=[budget.pk]),
        "intro": ["Nothing is ever changed or deleted: if something is wrong later, it is corrected, and both show on the statement."],
    })


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, budget_id: int, txn_id: int) -> HttpResponse:
    require_role(request.user, TEAM_ROLES, what="corrections to budgets")
    budget = _budget(request, budget_id, what="their personal budget, to correct an entry", purpose=Purpose.RECORD_MONEY)
    txn = get_object_or_404(LedgerTransaction.objects.filter(entries__budget=budget).distinct(), pk=txn_id)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reverse(txn=txn, on=_today(), reason=form.cleaned_data["reason"], user=request.user)
        except services.BudgetError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, "Corrected. The statement shows the original and the correction.")
            return redirect("budgets:statement", budget.pk)
    amount = sum(e.pence for e in txn.entries.all() if e.budget_id == budget.pk and (":paid:" in e.account or e.account.endswith(":fund")) and e.pence > 0)
    return render(request, "core/form.html", {
        "form": form, "title": "Correct an entry", "caption": budget.person.full_name, "submit": "Correct it",
        "back": reverse("budgets:statement", args=[budget.pk]),
        "rows": [("Date", f"{txn.on:%-d %B %Y}"), ("What", txn.description), ("Amount", pounds(amount))],
        "intro": ["The entry stays on the statement. A correction is added that cancels it, with your reason. "
                  "If the amount should have been different, record the right amount afterwards."],
    })


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, budget_id: int) -> HttpResponse:
    require_role(request.user, TEAM_ROLES, what="budget reviews")
    budget = _budget(request, budget_id, what="their personal budget, to record a review", purpose=Purpose.DECIDE)
    form = ReviewForm(request.POST if request.method == "POST" else None, initial={"reviewed_on": _today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(budget=budget, on=form.cleaned_data["reviewed_on"], notes=form.cleaned_data["notes"], user=request.user)
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Review recorded. The next is due by {services.next_review(budget):%-d %B %Y}.")
            return redirect("budgets:budget", budget.pk)
    return render(request, "core/form.html", {
        "form": form, "title": "Record a review", "caption": budget.person.full_name, "submit": "Record the review",
        "back": reverse("budgets:budget", args=[budget.pk]),
        "intro": ["Talk with the person about how their support is going, what matters now, and the money."]
        + (["If direct-payment money is left unspent, or was used for something not in the plan, record the review "
            "first, then propose taking it back from the budget page. The person can reply before a manager decides."]
           if budget.management in DIRECT else []),
    })


@login_required
@require_http_methods(["GET", "POST"])
def assistant_add(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = _budget(request, budget_id, what="their personal budget, to add a personal assistant",
                     purpose=Purpose.CHANGE, kind=Kind.TIMESHEET)
    council = role_of(request.user) in TEAM_ROLES
    form = AssistantForm(request.POST if request.method == "POST" else None, council=council)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.assistant_add(
                budget=budget, name=cd["name"], hourly_rate=cd["hourly_rate"], years_of_service=cd["years_of_service"],
                increment=cd["increment"], bank_holiday_multiplier=Decimal(cd["bank_holiday_multiplier"]),
                london=cd["london"] == "yes", date_of_birth=cd.get("date_of_birth"),
                apprentice_first_year=cd.get("apprentice_first_year") == "yes",
                irregular_hours=cd.get("irregular_hours", "yes") != "no", relationship=cd["relationship"],
                same_household=cd["same_household"] == "yes", necessity_basis=cd["necessity_basis"],
                necessity_decided_on=cd["necessity_decided_on"], necessity_reasons=cd["necessity_reasons"],
                decided_by=request.user if council else None,
                pension_status=cd.get("pension_status") or "not_eligible")
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{cd['name'].strip()} added.")
            return redirect("budgets:budget", budget.pk)
    return render(request, "core/form.html", {
        "form": form, "title": "Add a personal assistant", "caption": budget.person.full_name, "submit": "Add them",
        "back": reverse("budgets:budget", args=[budget.pk]),
        "intro": ["Their pay is worked out from these terms for each timesheet, with bank holidays and holiday pay.",
                  "A direct payment cannot usually pay a husband, wife or partner, or a close relative who lives with the "
                  "person. The council can allow it when it decides it is necessary, and says why."
                  + ("" if council else " If that is what you need, ask your practitioner.")],
    })


@login_required
@require_http_methods(["GET", "POST"])
def timesheet_enter(request: HttpRequest, budget_id: int, assistant_id: int) -> HttpResponse:
    budget = _budget(request, budget_id, what="their personal budget, to enter a timesheet",
                     purpose=Purpose.CHANGE, kind=Kind.TIMESHEET)
    assistant = get_object_or_404(PersonalAssistant, pk=assistant_id, budget=budget)
    form = TimesheetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        sheet = services.timesheet_enter(assistant=assistant, shifts=form.cleaned_data["shifts"], user=request.user)
        if any(f["level"] == "error" for f in sheet.flags):
            messages.error(request, "The timesheet is saved, but it cannot be approved: " + sheet.flags[0]["message"])
        else:
            messages.success(request, f"Timesheet saved: {pounds(sheet.gross)} before tax. Approve it to pay.")
        return redirect("budgets:budget", budget.pk)
    return render(request, "core/form.html", {
        "form": form, "title": f"Timesheet for {assistant.name}", "caption": budget.person.full_name, "submit": "Save the timesheet",
        "back": reverse("budgets:budget", args=[budget.pk]),
    })


@login_required
@require_POST
def timesheet_approve(request: HttpRequest, budget_id: int, timesheet_id: int) -> HttpResponse:
    sheet = access_timesheet(user=request.user, id=timesheet_id, budget_id=budget_id, purpose=Purpose.RECORD_MONEY,
                             what="their personal assistant's timesheet, to approve it")
    budget = sheet.assistant.budget
    try:
        services.timesheet_approve(timesheet=sheet, user=request.user, on=_today())
    except services.BudgetError as error:
        messages.error(request, str(error))
    else:
        sheet.refresh_from_db()
        costs = [f"{label} of {pounds(pence)}" for label, pence in (("employer's National Insurance", sheet.employer_ni),
                                                                     ("a pension contribution", sheet.employer_pension))
                 if pence]
        messages.success(request, "Approved. The pay is on the statement and holiday pay is set aside"
                                  + (f", with {' and '.join(costs)}." if costs else "."))
        for flag in sheet.employer_cost_flags:
            messages.warning(request, flag["message"])
    return redirect("budgets:budget", budget.pk)


@login_required
@require_http_methods(["GET", "POST"])
def employment_allowance(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = _budget(request, budget_id, what="their personal budget, to record the Employment Allowance",
                     purpose=Purpose.CHANGE, kind=Kind.TIMESHEET)
    form = EmploymentAllowanceForm(request.POST if request.method == "POST" else None,
                                   initial={"claims": "yes" if budget.claims_employment_allowance else "no"})
    if request.method == "POST" and form.is_valid():
        services.budget_employment_allowance(budget=budget, claims=form.cleaned_data["claims"] == "yes")
        messages.success(request, "Saved. It applies to timesheets approved from now on.")
        return redirect("budgets:budget", budget.pk)
    return render(request, "core/form.html", {
        "form": form, "title": "The Employment Allowance", "caption": budget.person.full_name, "submit": "Save",
        "back": reverse("budgets:budget", args=[budget.pk]),
        "intro": ["An employer pays National Insurance on their personal assistants' pay above a threshold. The "
                  "Employment Allowance takes up to £10,500 a year (2025 to 2026) off it."],
    })


@login_required
@require_http_methods(["GET", "POST"])
def assistant_pension(request: HttpRequest, budget_id: int, assistant_id: int) -> HttpResponse:
    budget = _budget(request, budget_id, what="their personal budget, to record a personal assistant's pension",
                     purpose=Purpose.CHANGE, kind=Kind.TIMESHEET)
    assistant = get_object_or_404(PersonalAssistant, pk=assistant_id, budget=budget)
    form = PensionStatusForm(request.POST if request.method == "POST" else None,
                             initial={"pension_status": assistant.pension_status})
    if request.method == "POST" and form.is_valid():
        services.assistant_pension_status(assistant=assistant, status=form.cleaned_data["pension_status"])
        messages.success(request, f"Saved {assistant.name}'s workplace pension.")
        return redirect("budgets:budget", budget.pk)
    return render(request, "core/form.html", {
        "form": form, "title": f"{assistant.name}'s workplace pension", "caption": budget.person.full_name,
        "submit": "Save", "back": reverse("budgets:budget", args=[budget.pk]),
    })


@login_required
@require_POST
def pool_leave(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = access_membership(user=request.user, id=membership_id, purpose=Purpose.CHANGE,
                                   what="their place in a shared activity, to leave it")
    budget = membership.budget
    try:
        services.pool_leave(membership=membership, on=_today())
    except services.BudgetError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"You have left {membership.pool.name}. Costs from tomorrow are shared by the others.")
    return redirect("budgets:budget", budget.pk)


BUDGETS_A_PAGE = 25
ALERTS_LOOK_AT = 500  # budgets looked at, at most, to find a page of alerts


@login_required
def budgets_list(request: HttpRequest) -> HttpResponse:
    """The team's budgets, newest first, 25 a page. Only the page's budgets are summarised, in a fixed number of
    queries, so the page costs the same however many budgets there are. "Alerts" looks through at most
    ALERTS_LOOK_AT budgets a page for those with an alert or an overdue review, and offers to look further."""
    require_page(request.user, "budgets:list")
    today = _today()
    reach = reach_condition(request.user, kind=Kind.BUDGET, purpose=Purpose.VIEW, via="person__")
    budgets = (PersonalBudget.objects.select_related("person", "plan")
               .filter(reach if reach is not None else Q(pk__in=[]), period_end__gte=today - dt.timedelta(days=365)).order_by("-id"))
    show = request.GET.get("show", "")
    if show != "alerts":
        page = CountedUpTo(budgets, BUDGETS_A_PAGE).get_page(request.GET.get("page"))
        rows = services.budgets_at_a_glance(list(page.object_list), today=today)
        return render(request, "budgets/budgets_list.html", {"page": page, "rows": rows, "show": show, "today": today})
    before = request.GET.get("before", "")
    if before.isascii() and before.isdigit():
        budgets = budgets.filter(id__lt=int(before))
    rows: list[services.BudgetAtAGlance] = []
    looked_at, last_id = 0, None
    chunk = 100
    while len(rows) < BUDGETS_A_PAGE and looked_at < ALERTS_LOOK_AT:
        batch = list(budgets.filter(id__lt=last_id)[:min(chunk, ALERTS_LOOK_AT - looked_at)] if last_id
                     else budgets[:min(chunk, ALERTS_LOOK_AT - looked_at)])
        if not batch:
            break
        for row in services.budgets_at_a_glance(batch, today=today):
            looked_at, last_id = looked_at + 1, row.budget.pk
            if row.summary.alert or row.overdue:
                rows.append(row)
                if len(rows) == BUDGETS_A_PAGE:
                    break
    rows.sort(key=lambda r: (not r.overdue, not r.summary.alert, r.due))
    further = last_id if last_id is not None and budgets.filter(id__lt=last_id).exists() else None
    return render(request, "budgets/budgets_list.html", {
        "page": None, "rows": rows, "show": show, "today": today, "looked_at": looked_at, "further": further})


@login_required
def pools(request: HttpRequest) -> HttpResponse:
    require_role(request.user, TEAM_ROLES, what="shared activities")
    return render(request, "budgets/pools.html", {"pools": Pool.objects.all()})


@login_required
@require_http_methods(["GET", "POST"])
def pool_create(request: HttpRequest) -> HttpResponse:
    require_role(request.user, TEAM_ROLES, what="shared activities")
    form = PoolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        pool = services.pool_create(user=request.user, **form.cleaned_data)
        return redirect("budgets:pool", pool.pk)
    return render(request, "core/form.html", {"form": form, "title": "Start a shared activity", "submit": "Start it",
                                                 "back": reverse("budgets:pools"),
                                                 "intro": ["Several people put part of their budgets into one activity. Every cost is split between them, to the penny."]})


@login_required
@require_http_methods(["GET", "POST"])
def pool_detail(request: HttpRequest, pool_id: int) -> HttpResponse:
    require_role(request.user, TEAM_ROLES, what="shared activities")
    pool = get_object_or_404(Pool, pk=pool_id)
    members = list(pool.memberships.select_related("budget__person").order_by("left_on", "joined_on"))
    live = {m.budget_id for m in members if m.left_on is None}
    # Names only of people this user works with; the others are counted, not named.
    named = set(people_in_reach(request.user, kind=Kind.SHARED_ACTIVITY, purpose=Purpose.VIEW)
                .filter(pk__in=[m.budget.person_id for m in members]).values_list("pk", flat=True))
    for m in members:
        m.named = m.budget.person_id in named
    joinable = people_in_reach(request.user, kind=Kind.SHARED_ACTIVITY, purpose=Purpose.CHANGE)
    choices = [(str(b.pk), b.person.full_name)
               for b in PersonalBudget.objects.select_related("person").filter(period_end__gte=_today(), person__in=joinable)
               .exclude(pk__in=live).order_by("person__full_name")]
    join = PoolMemberForm(request.POST if request.POST.get("action") == "join" else None, budgets=choices, prefix="join")
    cost = PoolCostForm(request.POST if request.POST.get("action") == "cost" else None, prefix="cost", initial={"on": _today()})
    if request.method == "POST":
        if request.POST.get("action") == "join" and join.is_valid():
            budget = _budget(request, int(join.cleaned_data["budget"]), what="their budget, to join a shared activity",
                             purpose=Purpose.CHANGE, kind=Kind.SHARED_ACTIVITY)
            try:
                services.pool_join(pool=pool, budget=budget, share=join.cleaned_data["share"], on=_today())
            except services.BudgetError as error:
                join.add_error(None, str(error))
            else:
                messages.success(request, f"{budget.person.full_name} has joined.")
                return redirect("budgets:pool", pool.pk)
        elif request.POST.get("action") == "cost" and cost.is_valid():
            try:
                # A shared cost is recorded in every member's budget, so the user needs that right for each.
                for budget_id in sorted(live):
                    _budget(request, budget_id, what="their budget, to share a cost of a shared activity",
                            purpose=Purpose.RECORD_MONEY)
            except PermissionDenied:
                cost.add_error(None, "You can share a cost only when you work with everyone taking part. "
                                     "Ask a practitioner from their team to record it.")
                return render(request, "budgets/pool.html", {"pool": pool, "members": members, "join": join, "cost": cost},
                              status=403)
            try:
                services.pool_cost(pool=pool, pence=cost.cleaned_data["amount"], on=cost.cleaned_data["on"],
                                   description=cost.cleaned_data["description"], user=request.user)
            except services.BudgetError as error:
                cost.add_error(None, str(error))
            else:
                messages.success(request, "The cost is shared out. Each person sees their share on their statement.")
                return redirect("budgets:pool", pool.pk)
    return render(request, "budgets/pool.html", {"pool": pool, "members": members, "join": join, "cost": cost})
