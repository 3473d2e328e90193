"""Charging rates as rows, and the administrator's pages that enter, check and apply them (issue 13 item 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from carecommons.budgets import rates_services as rs
from carecommons.budgets.charging_rates import charging_rates_on, charging_table
from carecommons.budgets.models_rates import ChargingRate, ChargingRateEntry, ChargingRateEvent
from carecommons.rules.charging import ChargingError, Finances, assess_charge
from carecommons.rules.charging_figures import Figure
from carecommons.rules.rates import CHARGING
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db

TEST = "Test figure, not a real rate"
NEW = reverse("budgets:charging-rates-new")
# The figures an administrator types for 2026-27 in these tests: made up, and labelled so.
TYPED = {"year": "2026-27", "upper_capital_limit": "23,250", "upper_capital_limit_source": TEST,
         "lower_capital_limit": "£14250", "lower_capital_limit_source": TEST,
         "tariff_step": "250", "tariff_step_source": TEST,
         "personal_expenses_allowance": "31.65", "personal_expenses_allowance_source": TEST}
CORE = {"upper_capital_limit": Figure(2_325_000, TEST), "lower_capital_limit": Figure(1_425_000, TEST),
        "tariff_step": Figure(25_000, TEST), "personal_expenses_allowance": Figure(3_165, TEST)}


def _apply(user: Any, year: str = "2026-27", figures: dict[str, Figure] | None = None, **kw: Any) -> ChargingRateEntry:
    entry = rs.charging_rates_enter(year=year, figures=figures or CORE, user=user, **kw)
    return rs.charging_rates_apply(entry=entry, user=user)


def test_the_migration_puts_in_the_verified_figures_with_their_sources_and_nothing_else() -> None:
    table = charging_table()
    assert [r.year for r in table] == ["2023-24", "2024-25", "2025-26"]
    for built, constant in zip(table, CHARGING, strict=True):
        assert (built.upper_capital_limit, built.lower_capital_limit, built.tariff_step,
                built.personal_expenses_allowance, dict(built.minimum_income_guarantee), dict(built.premiums),
                built.dependent_child) == (
            constant.upper_capital_limit, constant.lower_capital_limit, constant.tariff_step,
            constant.personal_expenses_allowance, dict(constant.minimum_income_guarantee), dict(constant.premiums),
            constant.dependent_child)
    # None stays absent: 2024-25 has only the capital figures and the PEA.
    assert set(ChargingRate.objects.filter(entry__year="2024-25").values_list("figure", flat=True)) == {
        "upper_capital_limit", "lower_capital_limit", "tariff_step", "personal_expenses_allowance"}
    assert not ChargingRate.objects.filter(source="").exists()
    pea = ChargingRate.objects.get(entry__year="2025-26", figure="personal_expenses_allowance")
    assert pea.pence == 3_065 and "reg 6" in pea.source


def test_a_day_in_2026_27_is_refused_until_its_rates_are_applied(cast: Any) -> None:
    with pytest.raises(ChargingError, match="rates for 2026-27 have not been entered"):
        charging_rates_on(dt.date(2026, 12, 6))
    entry = rs.charging_rates_enter(year="2026-27", figures=CORE, user=cast.ade)
    with pytest.raises(ChargingError, match="2026-27"):  # entered, not yet confirmed: not in force
        charging_rates_on(dt.date(2026, 12, 6))
    rs.charging_rates_apply(entry=entry, user=cast.ade)
    rates = charging_rates_on(dt.date(2026, 12, 6))
    assert rates.year == "2026-27" and rates.personal_expenses_allowance == 3_165 and TEST in rates.source
    # A care-home charge in 2026-27 is worked out: £20 + £23 tariff on £20,000 − £31.65 = £11.35.
    d = assess_charge(Finances(setting="care_home", capital=2_000_000, weekly_income=2_000, weekly_care_cost=90_000),
                      rates=rates)
    assert d.weekly_charge == 1_135
    # At home, the MIG for 2026-27 was not entered: refused, naming the figure and the year, never £0.
    with pytest.raises(ChargingError, match="Not worked out: the rate for the Minimum Income Guarantee .* in 2026-27"):
        assess_charge(Finances(setting="home", capital=0, weekly_income=20_000, weekly_care_cost=9_000,
                               mig_category="single_18_24"), rates=rates)


def test_a_rate_row_is_never_changed_or_deleted(cast: Any) -> None:
    row = ChargingRate.objects.filter(entry__year="2025-26").first()
    assert row is not None
    row.pence = 1
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        ChargingRate.objects.filter(pk=row.pk).update(pence=1)


@pytest.mark.parametrize(("figures", "kw", "key", "message"), [
    ({**CORE, "upper_capital_limit": Figure(1_000_000, TEST)}, {}, "lower_capital_limit", "below the upper"),
    ({k: v for k, v in CORE.items() if k != "personal_expenses_allowance"}, {}, "personal_expenses_allowance",
     "cannot apply without it"),
    ({**CORE, "personal_expenses_allowance": Figure(3_165, "  ")}, {}, "personal_expenses_allowance", "source"),
    ({**CORE, "council:upper_capital_limit": Figure(2_000_000, "Cabinet decision (test)")}, {},
     "council:upper_capital_limit", "not higher than the national"),
    ({**CORE, "council:mig:single_18_24": Figure(10_000, "Cabinet decision (test)")}, {}, "council:mig:single_18_24",
     "has not been entered"),
    (CORE, {"year": "2026-28"}, "year", "like 2026-27"),
    (CORE, {"year": "2025-26"}, "year", "already been applied"),
])
def test_figures_that_cannot_apply_are_refused_with_a_message_per_figure(cast, figures, kw, key, message) -> None:
    with pytest.raises(rs.RatesError) as refused:
        rs.charging_rates_enter(figures=figures, user=cast.ade, **{"year": "2026-27", **kw})
    assert message in refused.value.problems[key]
    assert not ChargingRateEntry.objects.filter(entered_by=cast.ade).exists()


def test_a_figure_lower_than_last_years_needs_confirming(cast: Any) -> None:
    lower = {**CORE, "personal_expenses_allowance": Figure(3_000, TEST)}
    with pytest.raises(rs.RatesError) as refused:
        rs.charging_rates_enter(year="2026-27", figures=lower, user=cast.ade)
    assert "lower than last year's (£30.65)" in refused.value.problems["personal_expenses_allowance"]
    entry = rs.charging_rates_enter(year="2026-27", figures=lower, user=cast.ade, lower_confirmed=True)
    assert entry.lower_confirmed and [c.figure for c in rs.entry_changes(entry) if c.lower] == ["personal_expenses_allowance"]


def test_a_correction_supersedes_with_its_own_source_and_reason_and_the_old_row_is_kept(cast: Any) -> None:
    first = _apply(cast.ade)
    with pytest.raises(rs.RatesError) as refused:
        rs.charging_rates_enter(year="2026-27", figures={"personal_expenses_allowance": Figure(3_200, TEST)},
                                user=cast.ade, correction=True)
    assert "why" in refused.value.problems["reason"]
    fix = rs.charging_rates_enter(year="2026-27", figures={"personal_expenses_allowance": Figure(3_200, f"{TEST} (b)")},
                                  user=cast.ade, correction=True, reason="The circular was misread: typed 31.65, it says 32.00")
    old = first.figures.get(figure="personal_expenses_allowance")
    assert fix.figures.get().supersedes == old
    assert charging_rates_on(dt.date(2026, 6, 1)).personal_expenses_allowance == 3_165  # not until confirmed
    rs.charging_rates_apply(entry=fix, user=cast.morgan)
    rates = charging_rates_on(dt.date(2026, 6, 1))
    assert rates.personal_expenses_allowance == 3_200 and rates.upper_capital_limit == 2_325_000
    assert ChargingRate.objects.filter(pk=old.pk, pence=3_165).exists()
    assert list(ChargingRateEvent.objects.filter(entry=fix).values_list("what", "by")) == [
        ("entered", cast.ade.pk), ("applied", cast.morgan.pk)]


def test_two_entries_for_the_same_new_year_cannot_both_apply(cast: Any) -> None:
    one = rs.charging_rates_enter(year="2026-27", figures=CORE, user=cast.ade)
    two = rs.charging_rates_enter(year="2026-27", figures=CORE, user=cast.ade)
    rs.charging_rates_apply(entry=one, user=cast.ade)
    with pytest.raises(rs.RatesError, match="already been applied"):
        rs.charging_rates_apply(entry=two, user=cast.ade)
    with pytest.raises(rs.RatesError, match="already applied"):
        rs.charging_rates_apply(entry=one, user=cast.ade)


def test_the_councils_own_higher_limits_apply_to_care_at_home_with_their_source(cast: Any) -> None:
    decision = "Test figure, not a real rate: council decision CAB/1"
    _apply(cast.ade, figures={**CORE, "council:upper_capital_limit": Figure(3_000_000, decision)})
    rates = charging_rates_on(dt.date(2026, 6, 1))
    home = Finances(setting="home", capital=2_500_000, weekly_income=0, weekly_care_cost=10_000, mig_category="single_18_24")
    with pytest.raises(ChargingError, match="Minimum Income Guarantee"):  # not a self-funder: the MIG is needed
        assess_charge(home, rates=rates)
    care_home = Finances(setting="care_home", capital=2_500_000, weekly_income=0, weekly_care_cost=10_000)
    assert assess_charge(care_home, rates=rates).self_funder  # a permanent resident: the national limit


# --- The pages --------------------------------------------------------------------------------

def test_only_an_administrator_may_open_the_charging_rates_pages(cast: Any) -> None:
    for who in (cast.priya, cast.morgan, cast.chris, cast.hana, cast.ruth_user):
        client = client_for(who)
        assert client.get(reverse("budgets:charging-rates")).status_code == 403
        assert client.post(NEW, TYPED).status_code == 403
    assert not ChargingRateEntry.objects.filter(entered_by__isnull=False).exists()
    page = client_for(cast.ade).get(reverse("budgets:charging-rates"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Not entered" in text and "£30.65 a week" in text and "£23,250.00" in text and "reg 6" in text


def test_the_administrators_home_lists_charging_rates(cast: Any) -> None:
    home = client_for(cast.ade).get(reverse("insight:team"))
    assert reverse("budgets:charging-rates") in home.content.decode()


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"year": ""}, "year", "Enter the financial year"),
    ({"year": "2026"}, "year", "like 2026-27"),
    ({"personal_expenses_allowance": "thirty"}, "personal_expenses_allowance", "in pounds and pence, like 30.65"),
    ({"personal_expenses_allowance": "0"}, "personal_expenses_allowance", "must be more than £0"),
    ({"personal_expenses_allowance": "-3.00"}, "personal_expenses_allowance", "must be more than £0"),
    ({"personal_expenses_allowance": "30.655"}, "personal_expenses_allowance", "in pounds and pence"),
    ({"personal_expenses_allowance_source": ""}, "personal_expenses_allowance_source", "Give the source"),
    ({"mig_single_18_24_source": TEST}, "mig_single_18_24", "Enter the amount"),
    ({"lower_capital_limit": "23250"}, "lower_capital_limit", "below the upper capital limit"),
    ({"upper_capital_limit": "", "upper_capital_limit_source": ""}, "upper_capital_limit", "cannot apply without it"),
    ({"council_lower_capital_limit": "10000", "council_lower_capital_limit_source": "Decision (test)"},
     "council_lower_capital_limit", "A council may only set a more generous figure"),
])
def test_each_field_says_what_is_wrong_and_nothing_typed_is_lost(cast: Any, change: dict[str, str], field: str,
                                                                 message: str) -> None:
    typed = {**TYPED, "mig_single_25_to_pension_age": "120.10", "mig_single_25_to_pension_age_source": TEST, **change}
    response = client_for(cast.ade).post(NEW, typed)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field]), form.errors
    html = response.content.decode()
    assert f'href="#id_{field}"' in html  # the error summary links to the field
    assert 'value="120.10"' in html and TEST in html  # what was typed is still there
    assert not ChargingRateEntry.objects.filter(entered_by=cast.ade).exists()


def test_enter_check_and_confirm_then_the_table_shows_them(cast: Any) -> None:
    client = client_for(cast.ade)
    response = client.post(NEW, TYPED)
    entry = ChargingRateEntry.objects.get(entered_by=cast.ade)
    assert response.status_code == 302 and response["Location"] == reverse("budgets:charging-rates-check",
                                                                           kwargs={"entry_id": entry.pk})
    check = client.get(response["Location"]).content.decode()
    assert "£31.65" in check and "£30.65" in check and "+£1.00" in check  # beside last year's, with the change
    assert entry.status == ChargingRateEntry.Status.WAITING
    with pytest.raises(ChargingError):
        charging_rates_on(dt.date(2026, 12, 6))
    done = client.post(response["Location"], {"action": "apply"})
    assert done.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.confirmed_by, entry.confirmed_at is not None) == ("applied", cast.ade, True)
    table = client.get(done["Location"]).content.decode()
    assert "2026-27" in table and "£31.65 a week" in table and TEST in table and "now apply" in table
    assert charging_rates_on(dt.date(2026, 12, 6)).personal_expenses_allowance == 3_165


def test_a_lower_figure_asks_for_a_tick_and_keeps_what_was_typed(cast: Any) -> None:
    client = client_for(cast.ade)
    typed = {**TYPED, "personal_expenses_allowance": "29.00"}
    first = client.post(NEW, typed)
    assert first.status_code == 200 and "lower_is_right" in first.context["form"].fields
    assert "lower than last year" in " ".join(first.context["form"].errors["personal_expenses_allowance"])
    assert 'value="29.00"' in first.content.decode()
    assert client.post(NEW, {**typed, "lower_asked": "1"}).status_code == 200  # not ticked: still asked
    ticked = client.post(NEW, {**typed, "lower_asked": "1", "lower_is_right": "on"})
    assert ticked.status_code == 302
    assert "Lower" in client.get(ticked["Location"]).content.decode()


def test_figures_not_applied_are_kept_and_never_used(cast: Any) -> None:
    client = client_for(cast.ade)
    url = client.post(NEW, TYPED)["Location"]
    assert client.post(url, {"action": "not_apply"}).status_code == 302
    assert ChargingRateEntry.objects.get(entered_by=cast.ade).status == "not_applied"
    with pytest.raises(ChargingError):
        charging_rates_on(dt.date(2026, 12, 6))
    again = client.post(url, {"action": "apply"})
    assert again.status_code == 200 and "already not applied" in again.content.decode()


def test_a_correction_on_the_page_needs_a_reason(cast: Any) -> None:
    client = client_for(cast.ade)
    url = reverse("budgets:charging-rates-correct", kwargs={"year": "2025-26"})
    typed = {"dependent_child": "101.00", "dependent_child_source": "Test figure, not a real rate"}
    response = client.post(url, typed)
    assert response.status_code == 200 and "why" in " ".join(response.context["form"].errors["reason"]).lower()
    ok = client.post(url, {**typed, "reason": "Found in the 2025 amending regulations (test)"})
    assert ok.status_code == 302
    assert client.get(reverse("budgets:charging-rates-correct", kwargs={"year": "nonsense"})).status_code == 404


def test_the_no_rates_page_tells_an_administrator_where_to_enter_them_and_links_only_for_them(cast: Any) -> None:
    url = reverse("budgets:funding") + "?on=2026-12-06"
    link = f'href="{reverse("budgets:charging-rates")}"'
    admin = client_for(cast.ade).get(url).content.decode()
    assert "rates for 2026-27 have not been entered" in admin and link in admin
    for client in (client_for(cast.chris), client_for(cast.priya)):
        page = client.get(url).content.decode()
        assert "An administrator at the council enters the charging rates" in page and link not in page
    _apply(cast.ade)
    assert "have not been entered" not in client_for(cast.chris).get(url).content.decode()


def test_a_budget_whose_contribution_was_not_worked_out_says_where_rates_are_entered(cast: Any) -> None:
    from carecommons.budgets import services
    from carecommons.budgets.models import FinancialAssessment, PersonalBudget
    from carecommons.testing import factories as f

    cast.priya.staff.budget_limit = 40_000
    cast.priya.staff.save()
    FinancialAssessment.objects.create(person=cast.ruth, assessed_on=dt.date(2026, 4, 2), setting="home", capital=0,
                                       weekly_income=30_000, mig_category="single_pension_age",
                                       created_at=dt.datetime(2026, 4, 2, tzinfo=dt.UTC))
    plan = services.plan_start(assessment=f.eligible_assessment(cast.ruth, by=cast.priya, unmet=("nutrition",)),
                               user=cast.ruth_user)
    services.plan_item_add(plan=plan, outcome="nutrition", met_by="paid", paid_kind="personal_assistant",
                           description="Help with meals", weekly_cost=10_000)
    services.plan_choose_management(plan=plan, way="council_arranged")
    services.plan_submit(plan=plan)
    services.plan_agree(plan=plan, practitioner=cast.priya, notes="Agreed with Ruth", today=dt.date(2026, 6, 1))
    budget = PersonalBudget.objects.get(person=cast.ruth)
    assert budget.contribution_not_worked_out and budget.weekly_contribution == 0
    page = client_for(cast.priya).get(reverse("budgets:budget", kwargs={"budget_id": budget.pk})).content.decode()
    assert "rates for 2026-27 have not been entered" in page
    assert "An administrator at the council enters the charging rates" in page


def test_the_demo_wipe_removes_rates_entered_in_the_demo_and_keeps_the_verified_ones(cast: Any) -> None:
    from carecommons.budgets import demo

    first = _apply(cast.ade)
    rs.charging_rates_apply(entry=rs.charging_rates_enter(
        year="2025-26", figures={"dependent_child": Figure(10_000, TEST)}, user=cast.ade, correction=True,
        reason="Trying a correction in the demo"), user=cast.ade)
    demo.wipe()
    assert not ChargingRateEntry.objects.filter(pk=first.pk).exists()
    assert [r.year for r in charging_table()] == ["2023-24", "2024-25", "2025-26"]
    assert charging_rates_on(dt.date(2025, 10, 1)).dependent_child is None
    cast.ade.delete()  # nothing entered by them is left to protect
