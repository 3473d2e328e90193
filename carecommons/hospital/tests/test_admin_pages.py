"""The administrator's pages for wards, ward staff, keys and the hospital team: each change made and recorded, each
mistake said plainly with nothing typed lost, and everyone else refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from carecommons.hospital import services
from carecommons.hospital.models import HospitalTeam, Ward, WardAdminEvent, WardApiToken, WardStaff
from carecommons.hospital.tests.conftest import staff
from carecommons.hospital.tests.test_api import bundle
from carecommons.people.models import StaffAccountEvent
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ade(hospital: dict[str, Any]) -> Any:
    return staff("ade", "admin")


def _text(response: Any) -> str:
    return response.content.decode()


def _urls(hospital: dict[str, Any]) -> list[str]:
    ward = hospital["ward7"]
    member = WardStaff.objects.get(user=hospital["nia"])
    services.ward_token_issue(ward=ward, name="Ward 7 EPR")
    key = WardApiToken.objects.get()
    return [reverse("hospital:admin"), reverse("hospital:admin-ward-new"), reverse("hospital:admin-team"),
            reverse("hospital:admin-history"), reverse("hospital:admin-ward", args=[ward.pk]),
            reverse("hospital:admin-ward-change", args=[ward.pk]), reverse("hospital:admin-staff-new", args=[ward.pk]),
            reverse("hospital:admin-staff-existing", args=[ward.pk]),
            reverse("hospital:admin-staff-remove", args=[ward.pk, member.pk]),
            reverse("hospital:admin-key-new", args=[ward.pk]),
            reverse("hospital:admin-key-revoke", args=[ward.pk, key.pk])]


@pytest.mark.parametrize("who", ["nia", "priya", "hana", "chris", "host"])
def test_everyone_but_an_administrator_is_refused_every_admin_page(hospital, who):
    """Ward staff, a practitioner not on the hospital team, one on it, a commissioner, a hub host."""
    user = staff("hazel", "host", host=f.HostFactory(name="Eastgate Library host")) if who == "host" else hospital[who]
    client = client_for(user)
    for url in _urls(hospital):
        got = client.get(url)
        assert got.status_code == 403, url
        assert "Your role cannot see hospital wards and the hospital team." in _text(got)
        assert client.post(url, {"name": "Ward 8", "hospital": "X", "code": "X-1", "team": "1"}).status_code in {403, 405}
    assert not WardAdminEvent.objects.exists()
    assert Ward.objects.count() == 2 and WardStaff.objects.count() == 2 and WardApiToken.objects.get().revoked_at is None


def test_signed_out_visitors_are_sent_to_sign_in(hospital):
    response = Client().get(reverse("hospital:admin"))
    assert response.status_code == 302 and "/sign-in/" in response.url


def test_the_administrator_adds_a_ward_and_renames_it_each_change_recorded(hospital, ade):
    client = client_for(ade)
    page = _text(client.get(reverse("hospital:admin")))
    assert "Ward 7" in page and "Wards, 2 in all" in page and "No changes yet." in page
    response = client.post(reverse("hospital:admin-ward-new"), {"hospital": "Ashby Vale General (fictional)",
                                                                "name": "  Elm   Ward ", "code": "AVG-ELM"})
    ward = Ward.objects.get(code="AVG-ELM")
    assert response.status_code == 302 and response.url == reverse("hospital:admin-ward", args=[ward.pk])
    assert ward.name == "Elm Ward"
    page = _text(client.get(response.url))
    assert "Elm Ward, Ashby Vale General (fictional) has been added." in page
    assert "Nobody is on this ward yet." in page and "No keys yet." in page
    response = client.post(reverse("hospital:admin-ward-change", args=[ward.pk]),
                           {"hospital": "Ashby Vale General (fictional)", "name": "Oak Ward", "code": "AVG-OAK",
                            "treatment_function": "430"})
    assert response.status_code == 302
    ward.refresh_from_db()
    assert (ward.name, ward.code, ward.treatment_function) == ("Oak Ward", "AVG-OAK", "430")
    assert "Treatment function code 430" in _text(client.get(reverse("hospital:admin-ward", args=[ward.pk])))
    events = list(WardAdminEvent.objects.order_by("at", "pk").values_list("action", "by", "what"))
    assert events == [
        ("ward_added", ade.pk, "Added Elm Ward, Ashby Vale General (fictional), with the code AVG-ELM"),
        ("ward_changed", ade.pk, "Changed Elm Ward, Ashby Vale General (fictional) (AVG-ELM, main specialty not "
                                 "recorded) to Oak Ward, Ashby Vale General (fictional) (AVG-OAK, main specialty 430)")]
    assert "Changed Elm Ward" in _text(client.get(reverse("hospital:admin-history")))


@pytest.mark.parametrize(("data", "field_message"), [
    ({"hospital": "", "name": "Ward 8", "code": "AVG-W8"}, "Enter the hospital&#x27;s name"),
    ({"hospital": "Ashby Vale General", "name": "", "code": "AVG-W8"}, "Enter the ward&#x27;s name"),
    ({"hospital": "Ashby Vale General", "name": "Ward 8", "code": "AVG W8"},
     "A ward&#x27;s code can only have letters, numbers and . - _ (no spaces)"),
    ({"hospital": "Ashby Vale General", "name": "Ward 8", "code": "avg-w7"},
     "Ward 7, Ashby Vale General (fictional) already has this code. Each ward needs its own"),
    ({"hospital": "Ashby Vale General", "name": "Ward 8", "code": "AVG-W8", "treatment_function": "43a"},
     "The main specialty must be the three numbers of its treatment function code, or left empty"),
])
def test_a_ward_with_a_problem_is_refused_with_what_was_typed_kept(hospital, ade, data, field_message):
    response = client_for(ade).post(reverse("hospital:admin-ward-new"), data)
    page = _text(response)
    assert response.status_code == 400 and "There is a problem" in page and field_message in page
    for value in data.values():
        if value:
            assert f'value="{value}"' in page
    assert Ward.objects.count() == 2 and not WardAdminEvent.objects.exists()


def test_renaming_to_the_same_names_says_nothing_changed(hospital, ade):
    ward = hospital["ward7"]
    response = client_for(ade).post(reverse("hospital:admin-ward-change", args=[ward.pk]),
                                    {"hospital": ward.hospital, "name": ward.name, "code": ward.code})
    assert response.status_code == 400 and "Nothing has changed" in _text(response)


def test_the_administrator_adds_a_new_ward_staff_account_who_is_emailed(hospital, ade, django_capture_on_commit_callbacks):
    ward = hospital["ward9"]
    client = client_for(ade)
    data = {"first_name": "Oskar", "last_name": "Fictional", "email": "oskar@ward9.example", "username": "oskar"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("hospital:admin-staff-new", args=[ward.pk]), data)
    assert response.status_code == 302
    user = get_user_model().objects.get(username="oskar")
    assert user.staff.role == "ward" and list(user.wards.values_list("ward", flat=True)) == [ward.pk]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["oskar@ward9.example"]
    assert StaffAccountEvent.objects.get(staff=user.staff).action == "added"
    page = _text(client.get(response.url))
    assert "Oskar Fictional has been added to Ward 9" in page and "oskar" in page
    # The new account sees its ward's page, and nothing of the council's.
    assert client_for(user).get(reverse("hospital:ward")).status_code == 200
    assert client_for(user).get(reverse("hospital:team")).status_code == 403
    # The same username again is refused; what was typed stays.
    again = client.post(reverse("hospital:admin-staff-new", args=[ward.pk]), {**data, "email": "o2@ward9.example"})
    assert again.status_code == 400 and "Someone already has this username" in _text(again)
    assert 'value="o2@ward9.example"' in _text(again)


def test_an_existing_ward_account_joins_another_ward_but_a_council_account_is_refused(hospital, ade):
    client = client_for(ade)
    url = reverse("hospital:admin-staff-existing", args=[hospital["ward9"].pk])
    assert client.post(url, {"username": "NIA"}).status_code == 302
    assert set(WardStaff.objects.filter(user=hospital["nia"]).values_list("ward__name", flat=True)) == {"Ward 7", "Ward 9"}
    again = client.post(url, {"username": "nia"})
    assert again.status_code == 400 and "They are already on this ward" in _text(again)
    refused = client.post(url, {"username": "priya"})
    assert refused.status_code == 400 and "This is a practitioner&#x27;s account." in _text(refused)
    assert 'value="priya"' in _text(refused)
    missing = client.post(url, {"username": "nobody"})
    assert "No account has this username" in _text(missing)
    assert hospital["priya"].staff.role == "practitioner" and not WardStaff.objects.filter(user=hospital["priya"])


def test_taking_someone_off_their_last_ward_switches_their_account_off(hospital, ade):
    client = client_for(ade)
    nia = hospital["nia"]
    member = WardStaff.objects.get(user=nia)
    url = reverse("hospital:admin-staff-remove", args=[hospital["ward7"].pk, member.pk])
    assert "This is their only ward, so their account will be switched off" in _text(client.get(url))
    response = client.post(url)
    assert response.status_code == 302
    nia.refresh_from_db()
    assert not nia.is_active and not WardStaff.objects.filter(user=nia).exists()
    assert "Their account has been switched off and they have been signed out." in _text(client.get(response.url))
    assert WardAdminEvent.objects.get().what.startswith("Took Nia Fictional (nia) off this ward; it was their last")
    # Another ward's member cannot be removed through this ward.
    ola = WardStaff.objects.get(user=hospital["ola"])
    assert client.post(reverse("hospital:admin-staff-remove", args=[hospital["ward7"].pk, ola.pk])).status_code == 404


def test_a_key_is_shown_once_stored_as_a_hash_works_and_is_revoked(hospital, ade):
    client = client_for(ade)
    ward = hospital["ward7"]
    empty = client.post(reverse("hospital:admin-key-new", args=[ward.pk]), {"name": "  "})
    assert empty.status_code == 400 and "Say which system will use the key" in _text(empty)
    response = client.post(reverse("hospital:admin-key-new", args=[ward.pk]), {"name": "Ward 7 EPR"})
    page = _text(response)
    assert response.status_code == 200 and "You will not see it again" in page
    assert "no-store" in response["Cache-Control"]
    key = WardApiToken.objects.get()
    token = page.split('id="the-key">')[1].split("<")[0]
    assert key.token_hash == services.token_hash(token) and token not in json.dumps(list(WardApiToken.objects.values()),
                                                                                    default=str)
    assert (key.made_by, key.name, key.last_used_at) == (ade, "Ward 7 EPR", None)
    # The key works for the ward's system, and its use is recorded.
    sent = Client().post("/hospital/fhir/ServiceRequest", data=json.dumps(bundle()),
                         content_type="application/fhir+json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert sent.status_code == 201
    key.refresh_from_db()
    assert key.last_used_at is not None
    ward_page = _text(client.get(reverse("hospital:admin-ward", args=[ward.pk])))
    assert "Ward 7 EPR" in ward_page and "In use" in ward_page and "Not used yet" not in ward_page
    assert token not in ward_page
    revoke = reverse("hospital:admin-key-revoke", args=[ward.pk, key.pk])
    assert "Revoke the key for Ward 7 EPR?" in _text(client.get(revoke))
    assert client.post(revoke).status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_by_name == "Ade Fictional"
    refused = Client().post("/hospital/fhir/ServiceRequest", data=json.dumps(bundle(identifier="EPR-2")),
                            content_type="application/fhir+json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert refused.status_code == 401
    assert "This key was already revoked by Ade Fictional." in _text(client.post(revoke, follow=True))
    assert list(WardAdminEvent.objects.order_by("pk").values_list("action", flat=True)) == ["key_issued", "key_revoked"]


def test_the_administrator_designates_the_hospital_team(hospital, ade):
    client = client_for(ade)
    north = hospital["priya"].staff.team
    assert client_for(hospital["priya"]).get(reverse("hospital:team")).status_code == 200
    same = client.post(reverse("hospital:admin-team"), {"team": hospital["hana"].staff.team_id})
    assert same.status_code == 400 and "is already the hospital team" in _text(same)
    assert client.post(reverse("hospital:admin-team"), {"team": north.pk}).status_code == 302
    assert list(HospitalTeam.objects.values_list("team", flat=True)) == [north.pk]
    event = WardAdminEvent.objects.get()
    assert event.what == "Made North community team the hospital team (before: Hospital social work team)"
    page = _text(client_for(hospital["priya"]).get(reverse("hospital:team")))
    assert "Only the council's hospital team sees requests" not in page
    assert "Only the council's hospital team sees requests" in _text(
        client_for(hospital["hana"]).get(reverse("hospital:team")))
    nothing = client.post(reverse("hospital:admin-team"), {})
    assert nothing.status_code == 400 and "Choose the team that is the council&#x27;s hospital team" in _text(nothing)
