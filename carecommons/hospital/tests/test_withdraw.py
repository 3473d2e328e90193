"""A ward withdrawing a request it sent: its own, while open, with a reason; the hospital team and the ward's system
see it withdrawn; another ward, a closed request and a second withdrawal at the same moment are refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from carecommons.hospital import services
from carecommons.hospital.fhir_withdraw import WITHDRAWAL_REASON_URL
from carecommons.hospital.models import DischargePlan, DischargeRequest, DischargeRequestEvent
from carecommons.hospital.tests.conftest import incoming
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db

REASON = {"reason": "no_longer_needed", "words": "She recovered well and went home with her daughter."}


@pytest.fixture
def sent(hospital: dict[str, Any]) -> DischargeRequest:
    return services.discharge_request_receive(ward=hospital["ward7"], incoming=incoming(), through="form",
                                              sent_by=hospital["nia"])


def _url(r: DischargeRequest) -> str:
    return reverse("hospital:ward-withdraw", args=[r.pk])


def test_a_ward_withdraws_its_own_open_request_and_the_team_sees_why(hospital, sent):
    nurse = client_for(hospital["nia"])
    ward_page = nurse.get(reverse("hospital:ward")).content.decode()
    assert _url(sent) in ward_page and "Withdraw" in ward_page
    assert "Withdraw the request for Edna Fictional" in nurse.get(_url(sent)).content.decode()
    response = nurse.post(_url(sent), REASON)
    assert response.status_code == 302 and response.url == reverse("hospital:ward")
    sent.refresh_from_db()
    assert (sent.status, sent.withdrawn_reason, sent.withdrawn_by_name) == ("withdrawn", "no_longer_needed",
                                                                           "Nia Fictional")
    assert sent.withdrawn_words == REASON["words"]
    assert list(sent.events.values_list("action", flat=True)) == ["received", "viewed", "viewed", "withdrawn"]
    page = nurse.get(reverse("hospital:ward")).content.decode()
    assert "has been withdrawn" in page and "Withdrawn by the ward" in page
    assert "They no longer need help to leave hospital: She recovered well" in page and _url(sent) not in page
    # The hospital team sees it withdrawn, with the reason, on its list and on the request.
    team = client_for(hospital["hana"])
    listed = team.get(reverse("hospital:team")).content.decode()
    assert "Withdrawn by the wards in the last 14 days" in listed and "She recovered well" in listed
    request_page = team.get(reverse("hospital:request", args=[sent.pk])).content.decode()
    assert "Why the ward withdrew it" in request_page and "They no longer need help to leave hospital" in request_page
    assert "Plan with the person and family" not in request_page


def test_another_ward_cannot_withdraw_it(hospital, sent):
    other = client_for(hospital["ola"])
    assert other.get(_url(sent)).status_code == 403
    assert other.post(_url(sent), REASON).status_code == 403
    sent.refresh_from_db()
    assert sent.status == "received"
    assert DischargeRequestEvent.objects.filter(request=sent, action="refused", user=hospital["ola"]).count() == 2


@pytest.mark.parametrize("who", ["hana", "priya", "chris"])
def test_nobody_but_ward_staff_can_use_the_withdraw_page(hospital, sent, who):
    assert client_for(hospital[who]).post(_url(sent), REASON).status_code == 403
    sent.refresh_from_db()
    assert sent.status == "received"


def test_a_closed_request_cannot_be_withdrawn(hospital, sent):
    DischargeRequest.objects.filter(pk=sent.pk).update(status="left_hospital")
    nurse = client_for(hospital["nia"])
    assert "This request can no longer be withdrawn: left hospital." in nurse.get(_url(sent)).content.decode()
    response = nurse.post(_url(sent), REASON)
    assert response.status_code == 400
    assert "This request can no longer be withdrawn: left hospital. If something has changed, phone the hospital team" \
        in response.content.decode()
    sent.refresh_from_db()
    assert (sent.status, sent.withdrawn_reason) == ("left_hospital", "")


def test_a_reason_and_words_are_needed_and_what_was_typed_is_kept(hospital, sent):
    nurse = client_for(hospital["nia"])
    response = nurse.post(_url(sent), {"reason": "", "words": "Went home"})
    page = response.content.decode()
    assert response.status_code == 400 and "Choose why you are withdrawing this request" in page
    assert "Went home</textarea>" in page
    response = nurse.post(_url(sent), {"reason": "died", "words": "Died"})
    page = response.content.decode()
    assert "Say what happened in at least 3 words, for the hospital team" in page and 'value="died" checked' in page
    sent.refresh_from_db()
    assert sent.status == "received"


def test_two_withdrawals_at_once_only_the_first_counts(hospital, sent):
    stale = DischargeRequest.objects.get(pk=sent.pk)  # as the second page saw it, before the first was saved
    services.discharge_request_withdraw(request=sent, reason="died", words="He died peacefully last night.",
                                        user=hospital["nia"])
    with pytest.raises(services.WithdrawalRefused) as refused:
        services.discharge_request_withdraw(request=stale, reason="sent_in_error", words="This was the wrong person.",
                                            user=hospital["nia"])
    assert refused.value.problems["reason"].startswith("This request can no longer be withdrawn: withdrawn by the ward")
    sent.refresh_from_db()
    assert (sent.withdrawn_reason, sent.withdrawn_words) == ("died", "He died peacefully last night.")
    assert DischargeRequestEvent.objects.filter(request=sent, action="withdrawn").count() == 1


def test_the_team_cannot_plan_a_withdrawn_request(hospital, sent):
    services.discharge_request_withdraw(request=sent, reason="no_longer_needed", words="Stays on the ward longer.",
                                        user=hospital["nia"])
    response = client_for(hospital["hana"]).post(reverse("hospital:plan", args=[sent.pk]), {
        "version": "0", "took_part": "Edna and her daughter", "pathway": "1"})
    sent.refresh_from_db()
    assert sent.status == "withdrawn" and not DischargePlan.objects.filter(request=sent).exists()
    assert response.status_code == 302 and response.url == reverse("hospital:request", args=[sent.pk])


@pytest.mark.parametrize(("reason", "fhir_status"), [("no_longer_needed", "revoked"), ("died", "revoked"),
                                                     ("sent_in_error", "entered-in-error")])
def test_the_ward_system_reads_the_withdrawal_back_in_fhir(hospital, sent, reason, fhir_status):
    key = services.ward_token_issue(ward=hospital["ward7"], name="Ward 7 EPR")
    services.discharge_request_withdraw(request=sent, reason=reason, words="Said in a few words.", user=hospital["nia"])
    got = Client().get(f"/hospital/fhir/ServiceRequest/{sent.reference}", HTTP_AUTHORIZATION=f"Bearer {key}")
    body = json.loads(got.content)
    assert got.status_code == 200 and body["status"] == fhir_status
    assert body["note"][0]["text"] == "Withdrawn by the ward" and body["note"][1]["text"].endswith(
        ": Said in a few words.")


def _patch(key: str, reference: Any, ops: Any) -> Any:
    return Client().patch(f"/hospital/fhir/ServiceRequest/{reference}", data=json.dumps(ops),
                          content_type="application/json-patch+json", HTTP_AUTHORIZATION=f"Bearer {key}")


NOTE = {"op": "add", "path": "/note/-", "value": {"text": "He died peacefully last night."}}
DIED = {"op": "add", "path": "/extension/-", "value": {"url": WITHDRAWAL_REASON_URL, "valueCode": "died"}}


def test_the_ward_system_withdraws_its_own_request_with_a_json_patch(hospital, sent):
    key = services.ward_token_issue(ward=hospital["ward7"], name="Ward 7 EPR")
    got = _patch(key, sent.reference, [{"op": "replace", "path": "/status", "value": "revoked"}, NOTE, DIED])
    assert got.status_code == 200 and got.json()["status"] == "revoked"
    sent.refresh_from_db()
    assert (sent.status, sent.withdrawn_reason, sent.withdrawn_words, sent.withdrawn_by_name) == (
        "withdrawn", "died", "He died peacefully last night.", "Ward 7 EPR (the ward's system)")
    again = _patch(key, sent.reference, [{"op": "replace", "path": "/status", "value": "revoked"}, NOTE])
    assert again.status_code == 409 and "can no longer be withdrawn" in again.json()["issue"][0]["diagnostics"]


def test_sent_in_error_reads_back_as_entered_in_error(hospital, sent):
    key = services.ward_token_issue(ward=hospital["ward7"], name="Ward 7 EPR")
    got = _patch(key, sent.reference, [{"op": "replace", "path": "/status", "value": "entered-in-error"},
                                       {"op": "add", "path": "/note/-", "value": {"text": "Wrong patient chosen here"}}])
    assert got.status_code == 200 and got.json()["status"] == "entered-in-error"
    sent.refresh_from_db()
    assert sent.withdrawn_reason == "sent_in_error"


@pytest.mark.parametrize(("ops", "status", "says"), [
    ("not json", 400, "not valid JSON"),
    ({"status": "revoked"}, 400, "Send a JSON Patch"),
    ([{"op": "replace", "path": "/status", "value": "completed"}, NOTE], 422, "A ward can only withdraw its request"),
    ([{"op": "remove", "path": "/subject"}], 422, "This change is not one we accept"),
    ([{"op": "replace", "path": "/status", "value": "revoked"}], 422, "Say what happened in at least 3 words"),
    ([{"op": "replace", "path": "/status", "value": "entered-in-error"}, NOTE, DIED], 422, "sent by mistake"),
])
def test_a_patch_we_do_not_understand_is_refused_and_nothing_changes(hospital, sent, ops, status, says):
    key = services.ward_token_issue(ward=hospital["ward7"], name="Ward 7 EPR")
    body = ops if isinstance(ops, str) else json.dumps(ops)
    got = Client().patch(f"/hospital/fhir/ServiceRequest/{sent.reference}", data=body,
                         content_type="application/json-patch+json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert got.status_code == status and says in got.json()["issue"][0]["diagnostics"], got.content
    sent.refresh_from_db()
    assert sent.status == "received"


def test_another_wards_system_cannot_withdraw_it(hospital, sent):
    key = services.ward_token_issue(ward=hospital["ward9"], name="Ward 9 EPR")
    got = _patch(key, sent.reference, [{"op": "replace", "path": "/status", "value": "revoked"}, NOTE])
    assert got.status_code == 404
    sent.refresh_from_db()
    assert sent.status == "received"


def test_a_request_linked_to_a_record_is_withdrawn_with_the_opening_logged_on_the_record(hospital, sent):
    from carecommons.people.models import AccessEvent
    from carecommons.testing import factories as f

    person = f.PersonFactory(full_name="Edna Fictional")
    DischargeRequest.objects.filter(pk=sent.pk).update(person=person)
    assert client_for(hospital["ola"]).post(_url(sent), REASON).status_code == 403
    assert client_for(hospital["nia"]).post(_url(sent), REASON).status_code == 302
    sent.refresh_from_db()
    assert sent.status == "withdrawn"
    assert list(AccessEvent.objects.filter(person=person).order_by("pk").values_list("action", flat=True)) == [
        "refused", "changed"]
