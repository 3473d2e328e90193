"""Deferred payment interest rates as rows, six months at a time: the service, the administrator's pages, and the
financial assessment's statement once they are entered. Every figure here is made up and labelled so."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from carecommons.budgets import financial
from carecommons.budgets.deferred_rates import (
    DeferredRatesError,
    deferred_rates_enter,
    deferred_rates_on,
    interest_on,
)
from carecommons.budgets.models import DeferredPaymentRate, FinancialAssessment
from carecommons.budgets.tests.test_financial_assessment_pages import _start
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db

TEST = "Test figure, not a real rate"
LIST = reverse("budgets:deferred-rates")
NEW = reverse("budgets:deferred-rates-new")
JULY_2025 = dt.date(2025, 7, 1)
TYPED = {"starts_day": "1", "starts_month": "7", "starts_year": "2025", "max_rate": "4.65", "max_rate_source": TEST,
         "council_rate": "4.00", "council_rate_source": TEST, "reason": ""}


def _enter(user: Any, **kw: Any) -> DeferredPaymentRate:
    figures: dict[str, Any] = {"starts": JULY_2025, "max_rate": 465, "max_rate_source": TEST, "council_rate": 400,
                               "council_rate_source": TEST, **kw}
    return deferred_rates_enter(user=user, **figures)


# --- The service and the model -----------------------------------------------------------------

def test_nothing_is_seeded_so_no_six_months_has_rates() -> None:
    assert not DeferredPaymentRate.objects.exists()
    assert interest_on(dt.date(2026, 12, 6)) == (None, None)


def test_entered_rates_cover_their_six_months_and_no_other_day(cast: Any) -> None:
    row = _enter(cast.ade)
    assert (row.starts, row.ends, row.entered_by, row.reason) == (JULY_2025, dt.date(2025, 12, 31), cast.ade, "")
    assert row.entered_at <= timezone.now()
    for day in (JULY_2025, dt.date(2025, 10, 1), dt.date(2025, 12, 31)):
        assert deferred_rates_on(day) == row
    for day in (dt.date(2025, 6, 30), dt.date(2026, 1, 1)):
        assert deferred_rates_on(day) is None
    interest, cap = interest_on(dt.date(2025, 10, 1))
    assert interest == (400, TEST) and cap is not None and (cap.starts, cap.max_rate, cap.source) == (JULY_2025, 465, TEST)


def test_the_maximum_without_the_councils_rate_is_a_cap_with_no_interest(cast: Any) -> None:
    _enter(cast.ade, council_rate=None, council_rate_source="")
    interest, cap = interest_on(dt.date(2025, 10, 1))
    assert interest is None and cap is not None and cap.max_rate == 465


@pytest.mark.parametrize(("kw", "field", "message"), [
    ({"starts": dt.date(2025, 7, 2)}, "starts", "start on 1 January or 1 July"),
    ({"starts": dt.date(2025, 4, 1)}, "starts", "start on 1 January or 1 July"),
    ({"max_rate": 0}, "max_rate", "more than 0%"),
    ({"max_rate": 46_500}, "max_rate", "enter it as a percentage a year"),
    ({"max_rate_source": "  "}, "max_rate_source", "Give the source of the maximum"),
    ({"council_rate": 466}, "council_rate", "The council's interest rate of 4.66% is above the maximum of 4.65%"),
    ({"council_rate_source": ""}, "council_rate_source", "Give the council's decision"),
    ({"council_rate": None}, "council_rate", "Enter the council's interest rate, or clear its source"),
])
def test_rates_that_cannot_apply_are_refused_with_a_plain_message(cast: Any, kw: dict[str, Any], field: str,
                                                                    message: str) -> None:
    with pytest.raises(DeferredRatesError) as refused:
        _enter(cast.ade, **kw)
    assert message in refused.value.problems[field]
    assert not DeferredPaymentRate.objects.exists()


def test_the_councils_rate_may_equal_the_maximum(cast: Any) -> None:
    assert _enter(cast.ade, council_rate=465).council_rate == 465


def test_a_correction_needs_a_reason_and_supersedes_without_changing_the_first_row(cast: Any) -> None:
    first = _enter(cast.ade)
    with pytest.raises(DeferredRatesError) as refused:
        _enter(cast.ade, council_rate=350)
    assert "already entered" in refused.value.problems["reason"]
    second = _enter(cast.ade, council_rate=350, reason="The council's decision was misread (test).")
    assert second.supersedes == first and deferred_rates_on(dt.date(2025, 10, 1)) == second
    first.refresh_from_db()
    assert first.council_rate == 400  # kept as it was
    third = _enter(cast.ade, council_rate=300, reason="Corrected again for the test.")
    assert third.supersedes == second and deferred_rates_on(JULY_2025) == third


def test_a_row_is_never_changed_or_deleted(cast: Any) -> None:
    row = _enter(cast.ade)
    row.council_rate = 100
    with pytest.raises(TypeError, match="never changed"):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        DeferredPaymentRate.objects.filter(pk=row.pk).update(council_rate=100)
    with pytest.raises(TypeError):
        DeferredPaymentRate.objects.all().delete()


@pytest.mark.parametrize("kw", [
    {"starts": dt.date(2025, 7, 2), "ends": dt.date(2025, 12, 31)},
    {"council_rate": 500},
    {"max_rate_source": ""},
    {"council_rate_source": ""},
])
def test_the_database_refuses_rows_the_service_would_refuse(cast: Any, kw: dict[str, Any]) -> None:
    figures: dict[str, Any] = {"starts": JULY_2025, "ends": dt.date(2025, 12, 31), "max_rate": 465,
                               "max_rate_source": TEST, "council_rate": 400, "council_rate_source": TEST,
                               "entered_by": cast.ade, "entered_at": timezone.now(), **kw}
    with pytest.raises(IntegrityError), transaction.atomic():
        DeferredPaymentRate.objects.create(**figures)


def test_the_database_refuses_a_second_first_entry_for_the_same_six_months(cast: Any) -> None:
    _enter(cast.ade)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeferredPaymentRate.objects.create(starts=JULY_2025, ends=dt.date(2025, 12, 31), max_rate=465,
                                           max_rate_source=TEST, entered_by=cast.ade, entered_at=timezone.now())


# --- The pages -----------------------------------------------------------------------------------

def test_only_an_administrator_may_open_the_deferred_rates_pages(cast: Any) -> None:
    for who in (cast.priya, cast.morgan, cast.chris, cast.hana, cast.ruth_user):
        client = client_for(who)
        assert client.get(LIST).status_code == 403
        assert client.post(NEW, TYPED).status_code == 403
    assert not DeferredPaymentRate.objects.exists()
    page = client_for(cast.ade).get(LIST)
    assert page.status_code == 200 and "Not entered" in page.content.decode()
    assert LIST in client_for(cast.ade).get(reverse("budgets:charging-rates")).content.decode()


def test_an_administrator_enters_rates_and_sees_them_with_their_sources(cast: Any) -> None:
    client = client_for(cast.ade)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, TYPED)
    assert response.status_code == 302 and response["Location"] == LIST + "#period-2025-07-01"
    row = DeferredPaymentRate.objects.get()
    assert (row.max_rate, row.council_rate, row.entered_by) == (465, 400, cast.ade)
    text = client.get(LIST).content.decode()
    assert "1 July 2025 to 31 December 2025" in text and "4.65% a year" in text and "4.00% a year" in text
    assert TEST in text and "Ade Bello" in text
    corrected = client.post(NEW, {**TYPED, "council_rate": "3.50", "reason": "Misread the decision (test)."})
    assert corrected.status_code == 302
    text = client.get(LIST).content.decode()
    assert "3.50% a year" in text and "since corrected" in text and "Misread the decision (test)." in text


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"starts_day": "2"}, "starts", "start on 1 January or 1 July"),
    ({"starts_month": "13"}, "starts", "must be a real date"),
    ({"starts_day": "", "starts_month": "", "starts_year": ""}, "starts", "Enter the first day of the six months"),
    ({"max_rate": ""}, "max_rate", "Enter the maximum interest rate"),
    ({"max_rate": "four"}, "max_rate", "as a percentage a year, like 4.65"),
    ({"max_rate": "4.655"}, "max_rate", "up to two decimal places"),
    ({"max_rate_source": ""}, "max_rate_source", "Give the source of the maximum"),
    ({"council_rate": "5.00"}, "council_rate", "is above the maximum of 4.65%"),
    ({"council_rate": "-1"}, "council_rate", "cannot be less than 0%"),
    ({"council_rate_source": ""}, "council_rate_source", "Give the council's decision"),
])
def test_each_field_says_what_is_wrong_and_nothing_typed_is_lost(cast: Any, change: dict[str, str], field: str,
                                                                 message: str) -> None:
    typed = {**TYPED, "reason": "Typed to see it kept", **change}
    response = client_for(cast.ade).post(NEW, typed)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field]), form.errors
    html = response.content.decode()
    assert "There is a problem" in html and f'href="#{form.field_anchor(field)}"' in html
    assert TEST in html and "Typed to see it kept" in html
    if field != "max_rate":
        assert 'value="4.65"' in html
    assert not DeferredPaymentRate.objects.exists()


# --- The financial assessment's statement ---------------------------------------------------------

def _resident_whose_home_counts(cast: Any) -> FinancialAssessment:
    _start(client_for(cast.priya), cast.ruth, resident="permanent", weeks_in_care_home="20",
           property_occupied_by="nobody")
    fa = FinancialAssessment.objects.get(person=cast.ruth, itemised=True)
    financial.income_item_add(fa=fa, kind="state_pension", weekly=23_000)
    financial.capital_item_add(fa=fa, kind="home", value=25_000_000)
    return fa


def test_the_result_says_where_rates_are_entered_until_they_are(cast: Any) -> None:
    fa = _resident_whose_home_counts(cast)
    page = client_for(cast.priya).get(reverse("budgets:fa", args=[fa.pk])).content.decode()
    assert "for the six months from 1 July 2025 has not been entered." in page
    assert "An administrator at the council enters the deferred payment interest rates" in page
    assert LIST not in page
    # An administrator opens a person's record only after giving a reason; the part of the page they then see links
    # to where the rates are entered.
    assert LIST in render_to_string("budgets/_enter_deferred_rates.html", {"user_role": "admin"})


def test_the_result_shows_the_statement_once_the_rates_for_its_six_months_are_entered(cast: Any) -> None:
    fa = _resident_whose_home_counts(cast)  # charge worked out from 1 October 2025
    _enter(cast.ade, starts=dt.date(2026, 1, 1))  # another six months: still not worked out
    priya = client_for(cast.priya)
    assert "has not been entered" in priya.get(reverse("budgets:fa", args=[fa.pk])).content.decode()
    _enter(cast.ade)
    page = priya.get(reverse("budgets:fa", args=[fa.pk])).content.decode()
    assert "has not been entered" not in page
    assert "The council pays the other £814.00 a week for you." in page
    assert "Interest is added at 4.00% a year (Test figure, not a real rate)" in page
    assert "The most it can be now is 4.65%" in page


def test_the_maximum_alone_still_says_the_councils_rate_is_not_entered(cast: Any) -> None:
    fa = _resident_whose_home_counts(cast)
    _enter(cast.ade, council_rate=None, council_rate_source="")
    page = client_for(cast.priya).get(reverse("budgets:fa", args=[fa.pk])).content.decode()
    assert "the council&#x27;s interest rate for deferred payments for the six months from 1 July 2025 has not been " \
           "entered." in page
