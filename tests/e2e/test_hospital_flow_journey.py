"""Issue 18, "Commissioners see the flow": a commissioner signs in, opens how leaving hospital flows, finds the
reablement service's capacity and cost not recorded yet, records them (first with a mistake, and nothing typed is
lost), and reads the waiting counts, the median wait, the places free and the money; then looks at 13 weeks. With
JavaScript and without. Real Chromium, axe on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecommons.core.second_factor import new_key
from carecommons.hospital.flow import financial_year_start
from carecommons.hospital.models import (
    DischargePlan,
    DischargeRequest,
    ReablementEpisode,
    ReablementFigure,
    Ward,
)
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NHS = ("9434765919", "9434765870", "9000000009", "9000000017", "9000000025", "9000000033")


def _request(ward: Ward, i: int, *, ready: int, left: int | None, pathway: int, reasons: list[str]) -> DischargeRequest:
    today = timezone.localdate()
    request = DischargeRequest.objects.create(
        ward=ward, ward_identifier=f"EPR-{i}", received_at=timezone.now(), sent_through="form",
        name=f"Fictional Person {i}", nhs_number=NHS[i], ready_on=today - dt.timedelta(days=ready),
        proposed_pathway=pathway, status="left_hospital" if left is not None else "planning")
    DischargePlan.objects.create(request=request, took_part="them", agreed_pathway=pathway, delay_reasons=reasons,
                                 left_on=today - dt.timedelta(days=left) if left is not None else None)
    return request


def _date(visitor, question: str, day: dt.date) -> None:
    group = visitor.page.get_by_role("group", name=question)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_commissioner_reads_the_flow_and_records_the_services_capacity_and_cost(visit, javascript):
    today = timezone.localdate()
    ward = Ward.objects.create(name="Ward 7", hospital="Ashby Vale General (fictional)", code="AVG-W7")
    # Two waiting today (one for care at home, one for a bed); three left after 1, 3 and 8 days, two into reablement.
    _request(ward, 0, ready=4, left=None, pathway=1, reasons=["care_at_home"])
    _request(ward, 1, ready=2, left=None, pathway=2, reasons=["bed"])
    left = [_request(ward, 2 + i, ready=ago + waited, left=ago, pathway=1, reasons=["care_at_home"] if waited else [])
            for i, (ago, waited) in enumerate(((1, 1), (2, 3), (3, 8)))]
    for request in left[:2]:
        ReablementEpisode.objects.create(request=request, person=f.PersonFactory(), goals="fictional",
                                         started_on=request.plan.left_on)
    chris = f.UserFactory(username="chris", first_name="Chris", last_name="Fictional")
    f.StaffFactory(user=chris, role="commissioner", team=None)
    TOTPDevice.objects.create(user=chris, name="Authenticator app", key=new_key(), confirmed=True)

    commissioner = visit("commissioner", javascript=javascript)
    commissioner.context.set_default_timeout(20_000)
    commissioner.sign_in("chris", f.PASSWORD)
    commissioner.goto("/")
    commissioner.click_link("How leaving hospital flows")
    assert commissioner.heading() == "How leaving hospital flows"
    text = commissioner.text()
    assert "2 people are ready to leave hospital and still waiting." in text
    assert "Capacity: not recorded yet." in text and "Spending: not recorded yet." in text and "£0" not in text
    assert "Fictional Person" not in text  # counts only

    commissioner.click_link("Record the reablement service's capacity or weekly cost")
    assert commissioner.heading() == "The reablement service's figures"
    capacity = commissioner.page.locator("form", has=commissioner.page.get_by_role("button", name="Record the capacity"))
    capacity.get_by_label("How many people can the reablement service support at once?").fill("3")
    _date(commissioner, "From which day does this capacity apply?", today - dt.timedelta(days=30))
    commissioner.click_button("Record the capacity")
    text = commissioner.text()
    assert "Say where the figure comes from, for example a contract or a budget line" in text
    assert capacity.get_by_label("How many people can the reablement service support at once?").input_value() == "3"
    capacity.get_by_label("Where does this capacity come from?").fill("Reablement contract, schedule 2 (fictional)")
    commissioner.click_button("Record the capacity")
    assert "The capacity from" in commissioner.text()
    commissioner.click_link("Record the reablement service's capacity or weekly cost")
    cost = commissioner.page.locator("form", has=commissioner.page.get_by_role("button", name="Record the weekly cost"))
    cost.get_by_label("What does a week of reablement cost for one person?").fill("700")
    cost.get_by_label("Where does this cost come from?").fill("Budget line 4.1 (fictional)")
    group = cost.get_by_role("group", name="From which day does this cost apply?")
    start = financial_year_start(today) - dt.timedelta(days=1)
    group.get_by_label("Day").fill(str(start.day))
    group.get_by_label("Month").fill(str(start.month))
    group.get_by_label("Year").fill(str(start.year))
    commissioner.click_button("Record the weekly cost")
    assert commissioner.heading() == "How leaving hospital flows"
    assert ReablementFigure.objects.count() == 2

    text = commissioner.text()
    assert "2 people are ready to leave hospital and still waiting." in text
    assert "Waiting for care at home to start\t1" in text and "Waiting for a bed (a short-term bed or a care home place)\t1" in text
    assert "People who left\n3" in text or "People who left\t3" in text
    assert "Median wait\n3 days" in text or "Median wait\t3 days" in text
    assert "2 people are having reablement today, of the 3 the service can support at once. 1 place is free." in text
    # £700 a week is £100 a day: 2 + 3 days of reablement so far (both started within this financial year)
    year = financial_year_start(today)
    days = sum((today - max(r.plan.left_on, year)).days + 1 for r in left[:2])
    assert f"£{days * 100:,}.00 spent on reablement so far this year." in text
    assert "Budget line 4.1 (fictional)" in text

    commissioner.choose("The last 13 weeks")
    commissioner.click_button("Show this period")
    assert "People who left hospital in the last 13 weeks" in commissioner.text()
    for path in ("/hospital/flow/", "/hospital/flow/figures/", "weeks=13"):
        assert any(path in url for url in commissioner.scanned), path
