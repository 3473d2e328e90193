"""The full financial assessment through the Django test client: facts, items one at a time, the result."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from carecommons.budgets import financial
from carecommons.budgets import services as s
from carecommons.budgets.models import FinancialAssessment
from carecommons.people.models import AccessEvent
from carecommons.testing.clients import client_for

FACTS = {
    "assessed_on_day": "1", "assessed_on_month": "10", "assessed_on_year": "2025", "setting": "care_home",
    "weekly_care_cost": "900.00", "age_band": "pension_age", "partner": "pension_age", "resident": "temporary",
    "weeks_in_care_home": "", "property_occupied_by": "partner", "weeks_since_occupant_left": "",
    "discretionary_disregard": "", "free_service": "none", "adaptation_cost": "", "week_of_service": "",
    "dependent_children": "", "housing_costs": "", "dre_flat_rate": "", "dre_flat_rate_source": "",
}


def _start(client: Any, person: Any, **changes: str) -> Any:
    return client.post(reverse("budgets:fa-start", args=[person.pk]), {**FACTS, **changes})


def _add(client: Any, fa: FinancialAssessment, section: str, **fields: str) -> Any:
    return client.post(reverse("budgets:fa-items", args=[fa.pk]), {"add": section, **{f"{section}-{k}": v
                                                                                       for k, v in fields.items()}})


def test_a_practitioner_does_a_full_assessment_for_a_couple_in_a_temporary_care_home_stay(cast: Any) -> None:
    priya = client_for(cast.priya)
    response = _start(priya, cast.ruth)
    fa = FinancialAssessment.objects.get(person=cast.ruth, itemised=True)
    assert response.status_code == 302 and response["Location"] == reverse("budgets:fa-items", args=[fa.pk])
    assert fa.mig_category == "couple_both_over_pension_age" and fa.resident == "temporary"
    assert _add(priya, fa, "income", kind="state_pension", weekly="230.00", whose="person").status_code == 302
    _add(priya, fa, "income", kind="occupational_pension", weekly="100.00", whose="person", half_to_spouse="on")
    _add(priya, fa, "income", kind="state_pension", weekly="230.00", whose="partner")
    _add(priya, fa, "capital", kind="savings", value="30000", whose="joint", owners="2")
    _add(priya, fa, "capital", kind="home", value="300000", whose="joint")
    page = priya.get(reverse("budgets:fa", args=[fa.pk])).content.decode()
    # £230 + half of £100 = £280; joint £30,000 -> £15,000 -> tariff £3; less the PEA £30.65 = £252.35
    assert "They pay £252.35 a week" in page
    assert "temporary stay, so their home is not counted" in page
    assert "It is their partner&#x27;s alone" in page
    assert "Schedule 1 para 17" not in page  # no war widow's pension listed
    assert "SI 2014/2672 reg 24" in page


def test_the_at_home_route_for_a_couple_over_pension_age_says_not_worked_out_never_0(cast: Any) -> None:
    priya = client_for(cast.priya)
    _start(priya, cast.ruth, setting="home", weekly_care_cost="300")
    fa = FinancialAssessment.objects.get(person=cast.ruth, itemised=True)
    _add(priya, fa, "income", kind="state_pension", weekly="230.00", whose="person")
    page = priya.get(reverse("budgets:fa", args=[fa.pk])).content.decode()
    assert ("Not worked out: the rate for the Minimum Income Guarantee for a member of a couple, both at or over "
            "pension credit age in 2025-26 has not been entered.") in page
    assert "£0.00 a week" not in page


def test_a_mistake_is_shown_with_what_was_typed_and_nothing_is_added(cast: Any) -> None:
    priya = client_for(cast.priya)
    _start(priya, cast.ruth)
    fa = FinancialAssessment.objects.get(person=cast.ruth, itemised=True)
    response = _add(priya, fa, "capital", kind="notional", value="12,000", whose="person", reason="")
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Give the council&#x27;s reasons" in page and 'value="12,000"' in page
    assert not fa.capital_items.exists()
    bad_facts = _start(priya, cast.ruth, weekly_care_cost="lots", dre_flat_rate="10.85")
    assert bad_facts.status_code == 200
    assert "Enter the cost of care a week in pounds and pence" in bad_facts.content.decode()
    assert "Say where the flat rate comes from" in bad_facts.content.decode()


def test_an_item_is_removed_only_from_its_own_assessment(cast: Any) -> None:
    priya = client_for(cast.priya)
    _start(priya, cast.ruth)
    fa = FinancialAssessment.objects.get(person=cast.ruth, itemised=True)
    _add(priya, fa, "income", kind="state_pension", weekly="230.00", whose="person")
    item = fa.income_items.get()
    assert priya.post(reverse("budgets:fa-item-remove", args=[fa.pk, "capital", item.pk])).status_code == 404
    assert priya.post(reverse("budgets:fa-item-remove", args=[fa.pk, "income", item.pk])).status_code == 302
    assert not fa.income_items.exists()


def test_the_person_reads_their_own_result_and_cannot_change_it(cast: Any) -> None:
    _start(client_for(cast.priya), cast.ruth)
    fa = FinancialAssessment.objects.get(person=cast.ruth, itemised=True)
    ruth = client_for(cast.ruth_user)
    record = ruth.get(reverse("people:my-record")).content.decode()
    assert reverse("budgets:fa-list", args=[cast.ruth.pk]) in record
    assert reverse("budgets:fa", args=[fa.pk]) in ruth.get(reverse("budgets:fa-list", args=[cast.ruth.pk])).content.decode()
    before = AccessEvent.objects.filter(person=cast.ruth, kind="financial_assessment").count()
    page = ruth.get(reverse("budgets:fa", args=[fa.pk])).content.decode()
    assert "Your financial assessment" in page and "You pay" in page
    assert AccessEvent.objects.filter(person=cast.ruth, kind="financial_assessment").count() == before + 1
    assert ruth.get(reverse("budgets:fa-items", args=[fa.pk])).status_code == 403
    assert ruth.post(reverse("budgets:fa-facts", args=[fa.pk]), FACTS).status_code == 403


def test_the_budget_contribution_uses_the_full_assessment(cast: Any) -> None:
    priya = client_for(cast.priya)
    _start(priya, cast.ruth, resident="permanent", weeks_in_care_home="20", property_occupied_by="nobody")
    fa = FinancialAssessment.objects.get(person=cast.ruth, itemised=True)
    _add(priya, fa, "income", kind="state_pension", weekly="230.00", whose="person")
    _add(priya, fa, "capital", kind="home", value="300000", whose="person")
    charge, reasons = s.contribution_for(cast.ruth, weekly_cost=90_000, on=dt.date(2025, 10, 1))
    assert charge == 90_000  # the home counts after 12 weeks of a permanent stay: above the upper limit
    assert any("Their former home counts as capital" in r for r in reasons)
    assert s.finances_of(fa, 50_000).property_value == 30_000_000


@pytest.mark.parametrize("free_service", ["cjd", "s117_after_care"])
def test_a_free_service_reaches_the_contribution(cast: Any, free_service: str) -> None:
    _start(client_for(cast.priya), cast.ruth, free_service=free_service)
    fa = FinancialAssessment.objects.get(person=cast.ruth, itemised=True)
    financial.income_item_add(fa=fa, kind="state_pension", weekly=50_000)
    assert s.contribution_for(cast.ruth, weekly_cost=90_000, on=dt.date(2025, 10, 1))[0] == 0


def test_someone_from_another_team_is_asked_for_a_reason_and_a_host_is_refused(cast: Any) -> None:
    _start(client_for(cast.priya), cast.ruth)
    fa = FinancialAssessment.objects.get(person=cast.ruth, itemised=True)
    assert client_for(cast.tom).get(reverse("budgets:fa", args=[fa.pk])).status_code in (302, 403)
    assert client_for(cast.hana).get(reverse("budgets:fa", args=[fa.pk])).status_code == 403


def test_a_permanent_resident_whose_home_counts_is_told_about_a_deferred_payment(cast: Any) -> None:
    from carecommons.rules.deferred_payments import InterestCap

    priya = client_for(cast.priya)
    _start(priya, cast.ruth, resident="permanent", weeks_in_care_home="20", property_occupied_by="nobody")
    fa = FinancialAssessment.objects.get(person=cast.ruth, itemised=True)
    financial.income_item_add(fa=fa, kind="state_pension", weekly=23_000)
    financial.capital_item_add(fa=fa, kind="home", value=25_000_000)
    page = priya.get(reverse("budgets:fa", args=[fa.pk])).content.decode()
    assert "a deferred payment agreement" in page
    assert ("Not worked out: the council&#x27;s interest rate for deferred payments for the six months from 1 July 2025 "
            "has not been entered.") in page
    outcome = financial.outcome_of(fa)
    cap = InterestCap(dt.date(2025, 7, 1), 465, "Example cap for the test")
    worked = financial.deferred_payment_of(fa, outcome, interest=(400, "Example council rate"), cap=cap)
    assert worked is not None and not worked.not_worked_out
    # £900 fee; income £230 less the £144 allowance: £86 paid, £814 deferred; limit 90% of £250,000 - £14,250
    assert "The council pays the other £814.00 a week for you." in " ".join(worked.lines)
    assert "The most that can be deferred (the equity limit) is £210,750.00" in " ".join(worked.lines)
    above = financial.deferred_payment_of(fa, outcome, interest=(500, "Example council rate"), cap=cap)
    assert above is not None and "above the maximum of 4.65%" in above.not_worked_out


def test_changing_the_facts_shows_what_was_saved_and_keeps_nobody_and_none(cast: Any) -> None:
    priya = client_for(cast.priya)
    _start(priya, cast.ruth, property_occupied_by="nobody", free_service="none", housing_costs="12.50")
    fa = FinancialAssessment.objects.get(person=cast.ruth, itemised=True)
    assert fa.property_occupied_by == "" and fa.free_service == "" and fa.housing_costs == 1_250
    page = priya.get(reverse("budgets:fa-facts", args=[fa.pk])).content.decode()
    assert 'value="12.50"' in page
    assert 'name="property_occupied_by" type="radio" value="nobody" checked' in page
    assert 'name="free_service" type="radio" value="none" checked' in page
    response = priya.post(reverse("budgets:fa-facts", args=[fa.pk]), {**FACTS, "setting": "home", "housing_costs": "20"})
    assert response.status_code == 302
    fa.refresh_from_db()
    assert fa.setting == "home" and fa.housing_costs == 2_000 and fa.mig_category == "couple_both_over_pension_age"


def test_the_result_page_asks_the_database_the_same_number_of_times_however_many_items(cast: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    priya = client_for(cast.priya)
    _start(priya, cast.ruth)
    fa = FinancialAssessment.objects.get(person=cast.ruth, itemised=True)
    financial.income_item_add(fa=fa, kind="state_pension", weekly=23_000)
    url = reverse("budgets:fa", args=[fa.pk])
    priya.get(url)
    with CaptureQueriesContext(connection) as one:
        priya.get(url)
    for n in range(5):
        financial.income_item_add(fa=fa, kind="other_income", weekly=100 * n)
        financial.capital_item_add(fa=fa, kind="savings", value=1_000 * n)
    with CaptureQueriesContext(connection) as many:
        assert priya.get(url).status_code == 200
    assert len(many) == len(one)
