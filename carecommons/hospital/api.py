"""The API for hospital wards' systems, at /hospital/fhir/: send a discharge request in FHIR R4, read its status back.

Each ward's system has its own key (`WardApiToken`, kept only as a hash), sent as `Authorization: Bearer <key>`. A
key belongs to one ward: a request naming another ward is refused. Every refusal is a FHIR `OperationOutcome`, and a
refused request saves nothing.

- `POST /hospital/fhir/ServiceRequest`: a Bundle (ServiceRequest, Patient, Encounter) or a ServiceRequest with both
  contained. 201 with the ServiceRequest as we hold it (its `id` is the reference) and a `Location`; 400 for what is
  not JSON or not valid FHIR R4; 401 without a live key; 403 for another ward; 409 for a duplicate (the same ward's
  identifier again) or a person another ward (or this one) already has an open request for; 422 for a valid FHIR
  resource that is not a request we can act on (no ward, no pathway, no NHS number, a date too far off).
- `GET /hospital/fhir/ServiceRequest/{id}`: the request's status (FHIR's `active`, `completed`, `revoked`, or
  `entered-in-error` when the ward withdrew it as sent by mistake; ours in words in `note`, with the ward's reason
  for a withdrawal); 404 for a reference this ward did not send.
- `PATCH /hospital/fhir/ServiceRequest/{id}`: the ward withdraws its own open request, as a JSON Patch of its status
  (`fhir_withdraw`): 200 with the request as we now hold it; 400 for what is not a JSON Patch; 404 for a reference
  this ward did not send; 409 when it is closed already (left hospital, or withdrawn); 422 for a patch we do not
  accept or a note of fewer than three words.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer

from carecommons.core.links import site_url
from carecommons.hospital import fhir
from carecommons.hospital.fhir_withdraw import body_schema, read_withdrawal
from carecommons.hospital.models import DischargeRequest, WardApiToken
from carecommons.hospital.services import (
    RequestRefused,
    WithdrawalRefused,
    discharge_request_receive,
    discharge_request_withdraw,
    token_for,
)

FHIR_JSON = "application/fhir+json"


class WardKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> WardApiToken | None:
        return token_for(token)


class FhirJson(JSONRenderer):
    media_type = FHIR_JSON


hospital_api = NinjaAPI(renderer=FhirJson(),
    title="Care Commons: leaving hospital (for hospital wards' systems)", version="1", urls_namespace="hospital-fhir",
    docs_url=None, auth=WardKey(),
    description="Send a request to help someone leave hospital as FHIR R4 (a Bundle with a ServiceRequest, its Patient "
                "and Encounter, or a ServiceRequest with them contained), and read its status back. Every refusal is "
                "an OperationOutcome saying what to change.")


class IssueOut(Schema):
    severity: Literal["error"]
    code: str
    diagnostics: str
    expression: list[str] | None = None


class OperationOutcomeOut(Schema):
    resourceType: Literal["OperationOutcome"]  # noqa: N815 - FHIR's own name
    issue: list[IssueOut]


class IdentifierOut(Schema):
    system: str | None = None
    value: str


class CodingOut(Schema):
    system: str
    code: str
    display: str


class CodeOut(Schema):
    coding: list[CodingOut]


class SubjectOut(Schema):
    identifier: IdentifierOut


class NoteOut(Schema):
    text: str


class ServiceRequestOut(Schema):
    resourceType: Literal["ServiceRequest"]  # noqa: N815
    id: str
    identifier: list[IdentifierOut]
    status: Literal["active", "completed", "revoked", "entered-in-error"]
    intent: Literal["order"]
    code: CodeOut
    subject: SubjectOut
    occurrenceDateTime: str  # noqa: N815
    authoredOn: str  # noqa: N815
    note: list[NoteOut]


def _refused(request: HttpRequest, status: int, issues: list[fhir.Issue]) -> HttpResponse:
    return hospital_api.create_response(request, fhir.outcome(issues), status=status)


@hospital_api.exception_handler(AuthenticationError)
def _no_key(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _refused(request, 401, [fhir.Issue("login", "Send your ward system's key as 'Authorization: Bearer "
                                                           "<key>'. This key is missing, wrong or withdrawn.")])
    response["WWW-Authenticate"] = "Bearer"
    return response


BODY = {"requestBody": {"required": True, "content": {ct: {"schema": {
    "type": "object", "required": ["resourceType"],
    "properties": {"resourceType": {"type": "string", "enum": ["Bundle", "ServiceRequest"]}},
    "description": "A FHIR R4 Bundle (ServiceRequest, Patient, Encounter) or a ServiceRequest with its Patient and "
                   "Encounter contained."}} for ct in (FHIR_JSON, "application/json")}}}
ERRORS = dict.fromkeys((400, 401, 403, 409, 422), OperationOutcomeOut)


@hospital_api.post("/ServiceRequest", response={201: ServiceRequestOut, **ERRORS}, openapi_extra=BODY,
                   exclude_none=True, summary="Send a request to help someone leave hospital")
def send(request: HttpRequest) -> Any:
    key: WardApiToken = request.auth  # type: ignore[attr-defined]
    try:
        document, service_request, patient, encounter = fhir.read(request.body)
        incoming, ward_code = fhir.incoming_from(document, service_request, patient, encounter)
    except fhir.FhirRefused as refused:
        return _refused(request, refused.status, refused.issues)
    if ward_code != key.ward.code:
        return _refused(request, 403, [fhir.Issue(
            "forbidden", f"This key is for {key.ward}; the request names the ward '{ward_code[:40]}'. Send it with that "
                         "ward's key.", "Encounter.location")])
    try:
        saved = discharge_request_receive(ward=key.ward, incoming=incoming, through=DischargeRequest.SentThrough.API,
                                          sent_by_name=f"{key.name} (the ward's system)")
    except RequestRefused as refused:
        issues = [fhir.Issue("duplicate" if field == "identifier" else "conflict" if field == "person" else "value",
                             f"{message}.", fhir.EXPRESSIONS.get(field, ""))
                  for field, message in refused.problems.items()]
        return _refused(request, 409 if refused.conflict else 422, issues)
    response = hospital_api.create_response(request, fhir.as_service_request(saved), status=201)
    response["Location"] = site_url(f"/hospital/fhir/ServiceRequest/{saved.reference}")
    return response


def _own_request(key: WardApiToken, reference: str) -> DischargeRequest | None:
    """The request with this reference that the key's own ward sent, or None (another ward's is never found)."""
    try:
        wanted = uuid.UUID(reference)
    except ValueError:
        return None
    return DischargeRequest.objects.filter(reference=wanted, ward=key.ward).first()


@hospital_api.get("/ServiceRequest/{reference}", response={200: ServiceRequestOut, 401: OperationOutcomeOut,
                                                          404: OperationOutcomeOut},
                  exclude_none=True, summary="Read a request's status")
def status(request: HttpRequest, reference: str) -> Any:
    key: WardApiToken = request.auth  # type: ignore[attr-defined]
    found = _own_request(key, reference)
    if found is None:
        return _refused(request, 404, [fhir.Issue("not-found", f"{key.ward} has sent no request with this reference.")])
    return hospital_api.create_response(request, fhir.as_service_request(found), status=200)


@hospital_api.patch("/ServiceRequest/{reference}", response={200: ServiceRequestOut, 400: OperationOutcomeOut,
                                                            401: OperationOutcomeOut, 404: OperationOutcomeOut,
                                                            409: OperationOutcomeOut, 422: OperationOutcomeOut},
                    openapi_extra=body_schema(), exclude_none=True, summary="Withdraw a request (its status to revoked)")
def withdraw(request: HttpRequest, reference: str) -> Any:
    key: WardApiToken = request.auth  # type: ignore[attr-defined]
    found = _own_request(key, reference)
    if found is None:
        return _refused(request, 404, [fhir.Issue("not-found", f"{key.ward} has sent no request with this reference.")])
    try:
        reason, words = read_withdrawal(request.body)
    except fhir.FhirRefused as refused:
        return _refused(request, refused.status, refused.issues)
    try:
        saved = discharge_request_withdraw(request=found, reason=reason.value, words=words,
                                           by_name=f"{key.name} (the ward's system)")
    except WithdrawalRefused as refused:
        closed = "can no longer be withdrawn" in refused.problems.get("reason", "")
        return _refused(request, 409 if closed else 422, [
            fhir.Issue("conflict" if field == "reason" and closed else "value", f"{message}.",
                       "ServiceRequest.status" if field == "reason" else "ServiceRequest.note")
            for field, message in refused.problems.items()])
    return hospital_api.create_response(request, fhir.as_service_request(saved), status=200)
