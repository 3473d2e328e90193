"""The API for ward systems: valid FHIR accepted and read back; malformed JSON, invalid FHIR, a wrong ward, a duplicate
and a person another ward already asked about all refused with an OperationOutcome, and nothing half-saved."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.servicerequest import ServiceRequest

from carecommons.hospital import services
from carecommons.hospital.fhir import NHS_NUMBER_SYSTEM, PATHWAY_SYSTEM
from carecommons.hospital.models import DischargeRequest, DischargeRequestEvent
from carecommons.hospital.tests.conftest import NHS_ALF, NHS_EDNA

pytestmark = pytest.mark.django_db
URL = "/hospital/fhir/ServiceRequest"


def bundle(*, identifier: str = "EPR-1001", nhs: str = NHS_EDNA, ward: str = "AVG-W7", pathway: str = "1",
           ready: dt.date | None = None) -> dict[str, Any]:
    ready = ready or timezone.localdate() + dt.timedelta(days=2)
    return {
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:7f1f3c39-1b38-4a0e-9f0f-3b0c2f1b2a10", "resource": {
                "resourceType": "ServiceRequest", "status": "active", "intent": "order",
                "identifier": [{"system": "https://ward-system.example/discharge", "value": identifier}],
                "code": {"coding": [{"system": PATHWAY_SYSTEM, "code": pathway}]},
                "subject": {"reference": "urn:uuid:0d6c8b8e-4a43-4a55-b4a9-3f0ad1b6f001"},
                "encounter": {"reference": "urn:uuid:9a7c0c8e-8f7b-4c59-9d3a-2e1f0b6f0002"},
                "occurrenceDateTime": ready.isoformat(),
                "note": [{"text": "She wants to be home for her cat. Her daughter Jo visits daily (fictional)."}],
            }},
            {"fullUrl": "urn:uuid:0d6c8b8e-4a43-4a55-b4a9-3f0ad1b6f001", "resource": {
                "resourceType": "Patient", "identifier": [{"system": NHS_NUMBER_SYSTEM, "value": nhs}],
                "name": [{"given": ["Edna"], "family": "Fictional"}], "birthDate": "1941-05-02",
                "address": [{"postalCode": "AV1 4GD"}],
            }},
            {"fullUrl": "urn:uuid:9a7c0c8e-8f7b-4c59-9d3a-2e1f0b6f0002", "resource": {
                "resourceType": "Encounter", "status": "in-progress",
                "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP"},
                "subject": {"reference": "urn:uuid:0d6c8b8e-4a43-4a55-b4a9-3f0ad1b6f001"},
                "location": [{"location": {"identifier": {"value": ward}, "display": "Ward 7"}}],
            }},
        ],
    }


def contained(**kw: Any) -> dict[str, Any]:
    """The same request as a ServiceRequest with its Patient and Encounter contained."""
    entries = [e["resource"] for e in bundle(**kw)["entry"]]
    request, patient, encounter = copy.deepcopy(entries)
    patient["id"], encounter["id"] = "patient", "encounter"
    encounter["subject"] = {"reference": "#patient"}
    return {**request, "contained": [patient, encounter], "subject": {"reference": "#patient"},
            "encounter": {"reference": "#encounter"}}


@pytest.fixture
def keys(hospital: dict[str, Any]) -> dict[str, str]:
    return {"ward7": services.ward_token_issue(ward=hospital["ward7"], name="Ward 7 EPR"),
            "ward9": services.ward_token_issue(ward=hospital["ward9"], name="Ward 9 EPR")}


def post(key: str | None, body: Any, raw: bool = False) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    data = body if raw else json.dumps(body)
    return Client().post(URL, data=data, content_type="application/fhir+json", **headers)


def issues(response: Any) -> list[dict[str, Any]]:
    document = response.json()
    OperationOutcome.model_validate(document)
    assert response["Content-Type"].split(";")[0] == "application/fhir+json"
    return document["issue"]


def test_a_valid_bundle_is_accepted_with_a_reference_and_read_back(keys, hospital):
    response = post(keys["ward7"], bundle())
    assert response.status_code == 201, response.content
    body = response.json()
    ServiceRequest.model_validate(body)
    saved = DischargeRequest.objects.get()
    assert body["id"] == str(saved.reference) and body["status"] == "active"
    assert response["Location"].endswith(f"/hospital/fhir/ServiceRequest/{saved.reference}")
    assert (saved.ward, saved.ward_identifier, saved.name, saved.nhs_number, saved.proposed_pathway, saved.postcode) == (
        hospital["ward7"], "EPR-1001", "Edna Fictional", NHS_EDNA, 1, "AV1 4GD")
    assert saved.date_of_birth == dt.date(1941, 5, 2) and "her cat" in saved.what_matters
    assert saved.sent_through == "api" and saved.fhir == bundle() | {"entry": saved.fhir["entry"]}
    assert DischargeRequestEvent.objects.get().user_name == "Ward 7 EPR (the ward's system)"
    read = Client().get(f"{URL}/{saved.reference}", HTTP_AUTHORIZATION=f"Bearer {keys['ward7']}")
    assert read.status_code == 200 and read.json()["note"] == [{"text": "Received: the hospital team has it"}]
    DischargeRequest.objects.filter(pk=saved.pk).update(status="left_hospital")
    read = Client().get(f"{URL}/{saved.reference}", HTTP_AUTHORIZATION=f"Bearer {keys['ward7']}")
    assert read.json()["status"] == "completed" and read.json()["note"] == [{"text": "Left hospital"}]


def test_a_service_request_with_its_patient_and_encounter_contained_is_accepted(keys):
    response = post(keys["ward7"], contained(pathway="2"))
    assert response.status_code == 201, response.content
    assert DischargeRequest.objects.get().proposed_pathway == 2


@pytest.mark.parametrize(("body", "words"), [
    (b"{not json", "is not valid JSON"),
    (b"\xff\xfe", "must be text in UTF-8"),
    (b"[" * 500 + b"]" * 500, "nests lists or objects more than 20 deep"),
    (b'{"resourceType": "Patient"}', "Send a FHIR R4 Bundle, or a ServiceRequest"),
    (b"42", "Send a FHIR R4 Bundle"),
    (json.dumps(bundle()).replace("Edna", "Ed\\u0000na").encode(), "contains a NUL character"),
])
def test_what_is_not_json_or_not_a_request_is_refused(keys, body, words):
    response = post(keys["ward7"], body, raw=True)
    assert response.status_code == 400
    assert words in issues(response)[0]["diagnostics"]
    assert not DischargeRequest.objects.exists()


def test_invalid_fhir_is_refused_naming_the_element(keys):
    body = bundle()
    body["entry"][1]["resource"]["birthDate"] = "2 May 1941"
    response = post(keys["ward7"], body)
    assert response.status_code == 400
    found = issues(response)
    assert found[0]["code"] == "invalid" and found[0]["diagnostics"].startswith("This is not valid FHIR R4")
    assert found[0]["expression"] == ["Bundle.entry[1].resource.birthDate"]
    assert not DischargeRequest.objects.exists()


@pytest.mark.parametrize(("change", "status", "expression", "words"), [
    (lambda b: b["entry"].pop(2), 422, "Encounter", "Send exactly one Encounter: this has 0."),
    (lambda b: b["entry"][0]["resource"].update(status="draft"), 422, "ServiceRequest.status", "status 'active'"),
    (lambda b: b["entry"][0]["resource"].pop("code"), 422, "ServiceRequest.code", "Choose the pathway proposed"),
    (lambda b: b["entry"][1]["resource"].pop("identifier"), 422, "Patient.identifier", "Enter their NHS number"),
    (lambda b: b["entry"][1]["resource"]["identifier"][0].update(value="9434765918"), 422, "Patient.identifier",
     "Enter a real NHS number"),
    (lambda b: b["entry"][2]["resource"].pop("location"), 422, "Encounter.location", "Name the ward"),
    (lambda b: b["entry"][0]["resource"].update(occurrenceDateTime="2099-01-01"), 422,
     "ServiceRequest.occurrenceDateTime", "expected to be ready to leave"),
])
def test_valid_fhir_that_is_not_a_request_we_can_act_on_is_refused(keys, change, status, expression, words):
    body = bundle()
    change(body)
    response = post(keys["ward7"], body)
    assert response.status_code == status
    found = issues(response)
    assert found[0]["expression"] == [expression] and words in found[0]["diagnostics"]
    assert not DischargeRequest.objects.exists()


@pytest.mark.parametrize("key", [None, "not-a-key", "x" * 500])
def test_no_key_or_a_wrong_one_is_refused(keys, key):
    response = post(key, bundle())
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    assert issues(response)[0]["code"] == "login"
    assert not DischargeRequest.objects.exists()


def test_a_withdrawn_key_is_refused(keys, hospital):
    hospital["ward7"].api_tokens.update(revoked_at=timezone.now())
    assert post(keys["ward7"], bundle()).status_code == 401


def test_a_ward_the_key_does_not_belong_to_is_refused(keys):
    response = post(keys["ward9"], bundle(ward="AVG-W7"))
    assert response.status_code == 403
    found = issues(response)
    assert found[0]["code"] == "forbidden"
    assert found[0]["diagnostics"].startswith("This key is for Ward 9, Ashby Vale General (fictional); the request "
                                              "names the ward 'AVG-W7'.")
    assert not DischargeRequest.objects.exists()


def test_a_duplicate_is_refused_and_the_first_stands(keys):
    assert post(keys["ward7"], bundle()).status_code == 201
    response = post(keys["ward7"], bundle(nhs=NHS_ALF))  # the same identifier, even for someone else
    assert response.status_code == 409
    found = issues(response)
    assert (found[0]["code"], found[0]["expression"]) == ("duplicate", ["ServiceRequest.identifier"])
    assert found[0]["diagnostics"] == "Your ward has already sent a request with this identifier."
    assert DischargeRequest.objects.count() == 1 and DischargeRequestEvent.objects.count() == 1


def test_a_request_for_a_person_another_ward_already_asked_about_is_refused(keys):
    assert post(keys["ward9"], bundle(ward="AVG-W9", identifier="W9-77")).status_code == 201
    response = post(keys["ward7"], bundle())
    assert response.status_code == 409
    found = issues(response)
    assert found[0]["code"] == "conflict"
    assert found[0]["diagnostics"] == ("Ward 9, Ashby Vale General (fictional) has already sent a request for this "
                                       "person that is still open. Talk to that ward first.")
    assert DischargeRequest.objects.count() == 1
    # Once that request has ended, a new one is accepted.
    DischargeRequest.objects.update(status="withdrawn")
    assert post(keys["ward7"], bundle()).status_code == 201


def test_nothing_is_half_saved_when_the_event_cannot_be_written(keys, monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the disk is full")
    monkeypatch.setattr(DischargeRequestEvent.objects, "create", broken)
    with pytest.raises(RuntimeError):
        post(keys["ward7"], bundle())
    assert not DischargeRequest.objects.exists()


def test_two_requests_racing_past_the_checks_the_database_refuses_the_second(hospital, monkeypatch):
    first = services.discharge_request_receive(ward=hospital["ward7"], incoming=_incoming(), through="api")
    # As if the second had passed its checks a moment before the first was saved: the first check finds nothing.
    original, calls = services._check, []

    def late(*args: Any) -> dict[str, str]:
        calls.append(args)
        return {} if len(calls) == 1 else original(*args)
    monkeypatch.setattr(services, "_check", late)
    with pytest.raises(services.RequestRefused) as refused:
        services.discharge_request_receive(ward=hospital["ward9"], incoming=_incoming(identifier="W9-1"), through="api")
    assert refused.value.conflict and refused.value.problems["person"].startswith("Ward 7, Ashby Vale General")
    assert list(DischargeRequest.objects.all()) == [first]


def _incoming(**kw: Any) -> services.Incoming:
    from carecommons.hospital.tests.conftest import incoming
    return incoming(**kw)


def test_a_ward_reads_only_its_own_requests(keys):
    assert post(keys["ward7"], bundle()).status_code == 201
    reference = DischargeRequest.objects.get().reference
    for key, ref in ((keys["ward9"], reference), (keys["ward7"], "not-a-uuid"),
                     (keys["ward7"], "00000000-0000-0000-0000-000000000000")):
        response = Client().get(f"{URL}/{ref}", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 404
        assert issues(response)[0]["code"] == "not-found"
    assert Client().get(f"{URL}/{reference}").status_code == 401


def test_the_ward_key_command_makes_a_key_that_works_and_keeps_only_its_hash(hospital):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from carecommons.hospital.models import WardApiToken

    out = StringIO()
    call_command("ward_key", "AVG-W7", "--name", "Ward 7 EPR", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    saved = WardApiToken.objects.get()
    assert saved.token_hash == services.token_hash(token) and token not in saved.token_hash
    assert post(token, bundle()).status_code == 201
    with pytest.raises(CommandError, match="There is no ward with the code 'NOPE'"):
        call_command("ward_key", "NOPE", "--name", "x")
