"""Issue 18, leaving hospital: the council's administrator adds a ward (first with a code another ward has, and
nothing typed is lost), a ward staff account and a key for the ward's system, which is shown once, then revokes the
key; and a ward nurse withdraws a request her ward sent, with the reason the hospital team then sees. With JavaScript
and without. Real Chromium, axe on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecommons.core.second_factor import new_key
from carecommons.hospital import services
from carecommons.hospital.models import DischargeRequest, HospitalTeam, Ward, WardAdminEvent, WardApiToken
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _staff(username: str, first: str, role: str, **kw):
    user = f.UserFactory(username=username, first_name=first, last_name="Fictional")
    f.StaffFactory(user=user, role=role, **kw)
    TOTPDevice.objects.create(user=user, name="Authenticator app", key=new_key(), confirmed=True)
    return user


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_an_administrator_sets_up_a_ward_and_a_nurse_withdraws_a_request(visit, javascript):
    ward7 = Ward.objects.create(name="Ward 7", hospital="Ashby Vale General (fictional)", code="AVG-W7")
    _staff("ade", "Ade", "admin", team=None)
    _staff("tom", "Tom", "practitioner", team=f.TeamFactory(name="Hospital social work team"))
    nia = _staff("nia", "Nia", "ward", team=None)
    services.ward_staff_join(ward=ward7, user=nia)
    sent = services.discharge_request_receive(ward=ward7, through="form", sent_by=nia, incoming=services.Incoming(
        identifier="EPR-1001", name="Edna Fictional", nhs_number="9434765919", proposed_pathway="1",
        ready_on=timezone.localdate() + dt.timedelta(days=2)))

    admin = visit("administrator", javascript=javascript)
    admin.context.set_default_timeout(20_000)
    admin.sign_in("ade", f.PASSWORD)
    admin.click_link("Hospital wards and the hospital team")
    assert admin.heading() == "Hospital wards and the hospital team"
    assert "No team is the hospital team yet" in admin.text()

    # A ward whose code another ward has: a clear message, and what was typed stays.
    admin.click_button("Add a ward")
    admin.fill("Hospital", "Ashby Vale General (fictional)").fill("Ward name", "Elm Ward").fill("Ward code", "avg-w7")
    admin.click_button("Add the ward")
    assert "There is a problem" in admin.text()
    assert "Ward 7, Ashby Vale General (fictional) already has this code. Each ward needs its own" in admin.text()
    assert admin.page.get_by_label("Ward name").input_value() == "Elm Ward"
    admin.fill("Ward code", "AVG-ELM").click_button("Add the ward")
    assert admin.heading() == "Elm Ward"
    assert "Elm Ward, Ashby Vale General (fictional) has been added." in admin.text()
    assert "Nobody is on this ward yet." in admin.text() and "No keys yet." in admin.text()

    # A new ward staff account.
    admin.click_button("Add a new ward staff account")
    admin.fill("First name", "Oskar").fill("Last name", "Fictional").fill("Work email address", "oskar@elm.example")
    admin.fill("Username", "oskar").click_button("Add them to the ward")
    assert "Oskar Fictional has been added to Elm Ward" in admin.text()
    assert "oskar" in admin.page.get_by_role("table").first.inner_text()
    assert get_user_model().objects.get(username="oskar").staff.role == "ward"

    # A key for the ward's system: shown once, with a plain warning; only its hash is kept.
    admin.click_button("Issue a key")
    admin.click_button("Issue the key")
    assert "Say which system will use the key" in admin.text()
    admin.fill("Which system will use this key?", "Elm Ward patient record").click_button("Issue the key")
    assert admin.heading() == "The key for Elm Ward patient record"
    assert "You will not see it again" in admin.text()
    token = admin.page.locator("#the-key").inner_text().strip()
    key = WardApiToken.objects.get()
    assert key.token_hash == services.token_hash(token) and key.made_by.username == "ade"
    admin.click_button("I have copied the key")
    assert admin.heading() == "Elm Ward" and token not in admin.page.content()
    assert "Elm Ward patient record" in admin.text() and "In use" in admin.text()

    # Revoking it.
    admin.click_link("Revoke the key for Elm Ward patient record")
    assert admin.heading() == "Revoke the key for Elm Ward patient record?"
    admin.click_button("Revoke the key")
    assert "The key for Elm Ward patient record has been revoked." in admin.text() and "Revoked" in admin.text()
    assert services.token_for(token) is None
    assert list(WardAdminEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "ward_added", "staff_added", "key_issued", "key_revoked"]
    # Renaming the ward, adding a nurse from another ward, taking the new account off again.
    admin.click_link("Change the ward's names, code or main specialty")
    admin.fill("Ward name", "Oak Ward").click_button("Save the changes")
    assert admin.heading() == "Oak Ward" and "The ward is now Oak Ward, Ashby Vale General (fictional)" in admin.text()
    admin.click_button("Add someone who already has an account")
    admin.fill("Their username", "tom").click_button("Add them to the ward")
    assert "This is a practitioner's account." in admin.text()
    assert admin.page.get_by_label("Their username").input_value() == "tom"
    admin.fill("Their username", "nia").click_button("Add them to the ward")
    assert "Nia Fictional can now see and send Oak Ward, Ashby Vale General (fictional)'s requests." in admin.text()
    admin.page.get_by_role("row").filter(has_text="Oskar Fictional").get_by_role("link", name="Take off this ward").click()
    admin.checked()
    assert "This is their only ward, so their account will be switched off" in admin.text()
    admin.click_button("Take them off this ward")
    assert "Oskar Fictional has been taken off Oak Ward" in admin.text()
    assert not get_user_model().objects.get(username="oskar").is_active

    # Designating the hospital team.
    admin.click_link("Back to wards")
    admin.click_link("Choose the hospital team")
    admin.click_button("Save")
    assert "Choose the team that is the council's hospital team" in admin.text()
    admin.choose("Hospital social work team").click_button("Save")
    assert "Hospital social work team is now the council's hospital team." in admin.text()
    assert list(HospitalTeam.objects.values_list("team__name", flat=True)) == ["Hospital social work team"]
    admin.click_link("Every change")
    assert admin.heading() == "Changes to wards and the hospital team" and "Revoked the key for Elm Ward" in admin.text()

    # A ward nurse withdraws the request her ward sent.
    nurse = visit("ward-nurse", javascript=javascript)
    nurse.context.set_default_timeout(20_000)
    nurse.sign_in("nia", f.PASSWORD)
    assert nurse.heading() == "Your ward's requests"
    nurse.click_link("Withdraw the request for Edna Fictional")
    assert nurse.heading() == "Withdraw the request for Edna Fictional"
    nurse.fill("What happened?", "She recovered well and went home with her daughter.")
    nurse.click_button("Withdraw the request")
    assert "Choose why you are withdrawing this request" in nurse.text()
    assert "recovered well" in nurse.page.get_by_label("What happened?").input_value()
    nurse.choose("They no longer need help to leave hospital").click_button("Withdraw the request")
    assert nurse.heading() == "Your ward's requests"
    text = nurse.text()
    assert "Your request for Edna Fictional has been withdrawn." in text and "Withdrawn by the ward" in text
    sent.refresh_from_db()
    assert (sent.status, sent.withdrawn_reason) == ("withdrawn", "no_longer_needed")
    assert DischargeRequest.objects.get().withdrawn_by_name == "Nia Fictional"
    for path in ("/hospital/admin/", "/hospital/admin/wards/new/", "/hospital/admin/history/", "/hospital/admin/team/"):
        assert path in admin.scanned
    assert f"/hospital/ward/requests/{sent.pk}/withdraw/" in nurse.scanned
