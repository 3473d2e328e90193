"""Approving a timesheet posts the employer's National Insurance and pension contribution after the wages, each
out of the fund with its reasons; a figure not entered for the year posts nothing and says so."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from carecommons.budgets import services as s
from carecommons.budgets.models import LedgerTransaction, PersonalAssistant, Timesheet
from carecommons.rules.management import DirectPaymentFacts
from carecommons.rules.pa_pay import Shift
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

START = dt.date(2025, 6, 2)
NOT_ENTERED = "Employer's National Insurance for 2026-27 has not been entered, so it has not been set aside"


@pytest.fixture
def budget(cast: Any) -> Any:
    cast.priya.staff.budget_limit = 10**7
    cast.priya.staff.save()
    plan = s.plan_start(assessment=f.eligible_assessment(cast.ruth, by=cast.priya), user=cast.ruth_user)
    s.plan_item_add(plan=plan, outcome="nutrition", met_by="family", description="My son cooks on Sundays")
    s.plan_item_add(plan=plan, outcome="personal_hygiene", met_by="paid", paid_kind="personal_assistant",
                    supplier="A personal assistant", weekly_cost=40_000, description="Help to shower, mornings")
    s.plan_choose_management(plan=plan, way="direct_payment")
    plan = s.plan_agree(plan=s.plan_submit(plan=plan), practitioner=cast.priya, notes="", today=START,
                        direct_payment=DirectPaymentFacts(True, False, True, True))
    return plan.budget


def assistant(budget: Any, *, born: dt.date | None = dt.date(1990, 5, 1), status: str = "enrolled") -> PersonalAssistant:
    return s.assistant_add(budget=budget, name="Sam Green", hourly_rate=1_500, years_of_service=0, increment=0,
                           bank_holiday_multiplier=1, london=False, date_of_birth=born, pension_status=status)


def week_of(pa: PersonalAssistant, monday: dt.date, user: Any, hours_a_day: int = 4) -> Timesheet:
    """Five days of `hours_a_day` hours: £300 a week at £15 an hour and 4 hours a day."""
    return s.timesheet_enter(assistant=pa, user=user, shifts=[
        Shift(monday + dt.timedelta(days=d), dt.time(9), dt.time(9 + hours_a_day)) for d in range(5)])


def test_a_week_of_300_pounds_in_2025_26_posts_wages_then_national_insurance_then_pension(cast: Any, budget: Any) -> None:
    pa = assistant(budget)
    sheet = week_of(pa, dt.date(2026, 3, 2), cast.ruth_user)
    assert sheet.gross == 30_000
    sheet = s.timesheet_approve(timesheet=sheet, user=cast.ruth_user, on=dt.date(2026, 3, 9))
    assert (sheet.employer_ni, sheet.employer_pension, sheet.employer_cost_flags) == (3_060, 540, [])
    kinds = list(LedgerTransaction.objects.filter(entries__budget=budget, on=dt.date(2026, 3, 9)).distinct()
                 .order_by("pk").values_list("kind", flat=True))
    assert kinds == ["pa_pay", "employer_ni", "employer_pension"]
    assert sheet.ni_payment.payee == "HM Revenue and Customs"
    ni_entries = dict(sheet.ni_payment.entries.values_list("account", "pence"))
    assert ni_entries == {budget.account(f"paid:employer-ni:pa:{pa.pk}"): 3_060, budget.account("fund"): -3_060}
    assert s.totals(budget).spent == 30_000 + 3_060 + 540
    reasons = " ".join(sheet.employer_cost_reasons)
    assert "15% of earnings above the secondary threshold of £96.00" in reasons and "£30.60" in reasons
    assert "an eligible jobholder" in reasons and "the contribution is £5.40" in reasons
    statement = s.statement(budget, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    lines = {line.what: line.money_out for line in statement.lines}
    assert lines["Employer's National Insurance for Sam Green, pay period 2 March 2026 to 6 March 2026"] == 3_060
    assert lines["Employer's pension contribution for Sam Green, pay period 2 March 2026 to 6 March 2026"] == 540
    assert statement.closing - statement.opening == statement.money_in - statement.money_out


def test_in_2026_27_national_insurance_is_not_set_aside_but_flagged_and_the_wages_are_still_paid(cast: Any, budget: Any) -> None:
    pa = assistant(budget)
    sheet = s.timesheet_approve(timesheet=week_of(pa, dt.date(2026, 6, 1), cast.ruth_user), user=cast.ruth_user,
                                on=dt.date(2026, 6, 8))
    assert sheet.status == Timesheet.Status.APPROVED and sheet.payment is not None
    assert sheet.employer_ni is None and sheet.ni_payment is None
    assert sheet.employer_cost_flags[0]["message"].startswith(NOT_ENTERED)
    assert sheet.employer_pension == 540 and sheet.pension_payment is not None  # 2026-27 thresholds maintained
    assert s.totals(budget).spent == 30_000 + 540


def test_the_employment_allowance_is_the_employers_for_the_tax_year_across_timesheets(cast: Any, budget: Any) -> None:
    s.budget_employment_allowance(budget=budget, claims=True)
    pa = assistant(budget, status="not_eligible", born=dt.date(2005, 1, 1))  # 20: not eligible, and category M
    other = assistant(budget, status="opted_out")
    first = s.timesheet_approve(timesheet=week_of(other, dt.date(2025, 6, 2), cast.ruth_user), user=cast.ruth_user,
                                on=dt.date(2025, 6, 9))
    assert (first.employer_ni, first.employment_allowance_claimed, first.ni_payment) == (0, 3_060, None)
    assert first.employer_pension == 0 and first.pension_payment is None  # opted out
    assert s.employment_allowance_used(budget.person_id, on=dt.date(2026, 4, 5)) == 3_060
    assert s.employment_allowance_used(budget.person_id, on=dt.date(2026, 4, 6)) == 0  # a new tax year
    young = s.timesheet_approve(timesheet=week_of(pa, dt.date(2025, 6, 9), cast.ruth_user), user=cast.ruth_user,
                                on=dt.date(2025, 6, 16))
    assert young.employer_ni is None and "under 21" in young.employer_cost_flags[0]["message"]
    assert young.employer_pension == 0  # 20, not enrolled: a non-eligible jobholder who may opt in


def test_a_worker_recorded_as_not_eligible_who_is_eligible_is_flagged(cast: Any, budget: Any) -> None:
    pa = assistant(budget, status="not_eligible")
    sheet = s.timesheet_approve(timesheet=week_of(pa, dt.date(2025, 6, 2), cast.ruth_user), user=cast.ruth_user,
                                on=dt.date(2025, 6, 9))
    assert sheet.employer_pension is None and sheet.pension_payment is None
    assert "must enrol them" in sheet.employer_cost_flags[0]["message"]
    assert sheet.employer_ni == 3_060


def test_earnings_below_the_lower_level_pay_no_pension_and_no_national_insurance(cast: Any, budget: Any) -> None:
    pa = assistant(budget)
    sheet = s.timesheet_enter(assistant=pa, user=cast.ruth_user, shifts=[Shift(dt.date(2025, 6, 2), dt.time(9), dt.time(15))])
    sheet = s.timesheet_approve(timesheet=sheet, user=cast.ruth_user, on=dt.date(2025, 6, 9))  # £90: below £96 and £120
    assert (sheet.employer_ni, sheet.employer_pension, sheet.ni_payment, sheet.pension_payment) == (0, 0, None, None)
    assert LedgerTransaction.objects.filter(entries__budget=budget, kind__startswith="employer").count() == 0


def test_approving_on_the_page_shows_the_costs_and_the_flag(cast: Any, budget: Any) -> None:
    pa = assistant(budget)
    earlier = s.timesheet_approve(timesheet=week_of(pa, dt.date(2026, 3, 2), cast.ruth_user), user=cast.ruth_user,
                                  on=dt.date(2026, 3, 9))
    sheet = week_of(pa, dt.date(2026, 11, 2), cast.ruth_user)
    client = client_for(cast.ruth_user)
    page = client.get(reverse("budgets:budget", args=[budget.pk])).content.decode()
    assert "Worked out when approved" in page and "£30.60" in page and "£5.40" in page  # the earlier timesheet
    assert "15% of earnings above the secondary threshold of £96.00" in page
    assert "workplace pension: enrolled in a workplace pension" in page
    response = client.post(reverse("budgets:timesheet-approve", args=[budget.pk, sheet.pk]), follow=True)
    html = response.content.decode()
    assert "has not been entered, so it has not been set aside" in html  # approved today, in 2026-27 or later
    sheet.refresh_from_db()
    assert sheet.status == Timesheet.Status.APPROVED and sheet.employer_ni is None
    assert earlier.employer_ni == 3_060


def test_the_employer_records_the_employment_allowance_and_a_pension_status(cast: Any, budget: Any) -> None:
    pa = assistant(budget, status="not_eligible")
    client = client_for(cast.ruth_user)
    url = reverse("budgets:employment-allowance", args=[budget.pk])
    assert "Do you claim the Employment Allowance?" in client.get(url).content.decode()
    assert "Select whether you claim" in client.post(url, {}).content.decode()
    client.post(url, {"claims": "yes"})
    budget.refresh_from_db()
    assert budget.claims_employment_allowance
    assert "you claim the Employment Allowance" in client.get(reverse("budgets:budget", args=[budget.pk])).content.decode()
    url = reverse("budgets:assistant-pension", args=[budget.pk, pa.pk])
    assert "<title>Error:" in client.post(url, {"pension_status": "maybe"}).content.decode()
    assert "Select whether they are in a workplace pension" in client.post(url, {}).content.decode()
    client.post(url, {"pension_status": "opted_out"})
    pa.refresh_from_db()
    assert pa.pension_status == "opted_out"


def test_someone_elses_budget_is_refused(cast: Any, budget: Any) -> None:
    stranger = f.UserFactory(username="stranger")
    f.PersonFactory(full_name="Stranger Person", team=cast.north, user=stranger)
    client = client_for(stranger)
    assert client.post(reverse("budgets:employment-allowance", args=[budget.pk]), {"claims": "yes"}).status_code in (403, 404)
    budget.refresh_from_db()
    assert not budget.claims_employment_allowance
