"""Issue 18, leaving hospital: a ward nurse signs in, finds her ward's empty list, sends a request by form (first with
a mistake, and nothing she typed is lost), and sees it listed with where it is up to. With JavaScript and without.
Real Chromium, axe on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecommons.core.second_factor import new_key
from carecommons.hospital import services
from carecommons.hospital.models import DischargeRequest, Ward
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _date(visitor, question: str, day: dt.date) -> None:
    group = visitor.page.get_by_role("group", name=question)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_ward_nurse_sends_a_request(visit, javascript):
    ward = Ward.objects.create(name="Ward 7", hospital="Ashby Vale General (fictional)", code="AVG-W7")
    nia = f.UserFactory(username="nia", first_name="Nia", last_name="Fictional")
    f.StaffFactory(user=nia, role="ward", team=None)
    services.ward_staff_join(ward=ward, user=nia)
    TOTPDevice.objects.create(user=nia, name="Authenticator app", key=new_key(), confirmed=True)

    nurse = visit("ward-nurse", javascript=javascript)
    nurse.context.set_default_timeout(20_000)
    nurse.sign_in("nia", f.PASSWORD)
    assert nurse.heading() == "Your ward's requests"
    assert "Your ward has not sent any requests yet." in nurse.text()
    nurse.click_link("Send a request")
    assert nurse.heading() == "Send a request to help someone leave hospital"

    # A mistyped NHS number and no pathway: clear messages, and what was typed stays.
    ready = timezone.localdate() + dt.timedelta(days=2)
    nurse.fill("Their full name", "Edna Fictional").fill("Their NHS number", "943 476 5918")
    _date(nurse, "When are they expected to be ready to leave?", ready)
    nurse.fill("What matters to them and their family? (optional)",
               "Getting home to her cat. Her daughter Jo visits every day and wants to be there when she arrives.")
    nurse.click_button("Send to the hospital team")
    text = nurse.text()
    assert "There is a problem" in text and "Choose the pathway proposed: 0, 1, 2 or 3" in text
    assert nurse.page.get_by_label("Their full name").input_value() == "Edna Fictional"
    assert "her cat" in nurse.page.get_by_label("What matters to them and their family? (optional)").input_value()
    nurse.choose("Pathway 1: home, with support")
    nurse.click_button("Send to the hospital team")
    assert "Enter a real NHS number: 10 digits, like 943 476 5919" in nurse.text()
    assert not DischargeRequest.objects.exists()

    nurse.fill("Their NHS number", "943 476 5919")
    nurse.choose("Pathway 1: home, with support")
    nurse.click_button("Send to the hospital team")
    assert nurse.heading() == "Your ward's requests"
    text = nurse.text()
    assert "Your request for Edna Fictional has been sent to the hospital team." in text
    assert "1 request, newest first" in text
    assert "Pathway 1: home, with support" in text and "Received: the hospital team has it" in text
    assert f"{ready:%-d %B %Y}" in text
    saved = DischargeRequest.objects.get()
    assert (saved.ward, saved.sent_by, saved.nhs_number, saved.proposed_pathway) == (ward, nia, "9434765919", 1)
    assert "/hospital/ward/send/" in nurse.scanned and "/hospital/ward/" in nurse.scanned
