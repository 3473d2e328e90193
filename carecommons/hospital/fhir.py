"""Discharge requests in FHIR R4, as ward systems send them (NHS England's transfer-of-care style): a `Bundle` holding
a `ServiceRequest`, its `Patient` and its `Encounter`, or a `ServiceRequest` with the two contained.

Checked with fhir.resources' R4B models (R4B changed nothing in these three resources or Bundle that an R4 payload
uses; ADR "leaving hospital"), then read into `services.Incoming`. Whatever is refused is said as a FHIR
`OperationOutcome`, one issue a problem, with the FHIRPath of the element when there is one.

Where the request says what:
- the ward system's identifier: `ServiceRequest.identifier[0]` (value, system);
- the pathway proposed: `ServiceRequest.code.coding` with system `PATHWAY_SYSTEM`, code "0" to "3";
- the date they are expected to be ready to leave: `ServiceRequest.occurrenceDateTime` (or `occurrencePeriod.start`);
- what matters to them and their family: `ServiceRequest.note[].text`;
- the person: `Patient.identifier` with the NHS number system, `Patient.name`, `birthDate`, `address[0].postalCode`;
- the ward: `Encounter.location[0].location.identifier.value`, the ward's code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.servicerequest import ServiceRequest

from carecommons.core.inputs import InputError, load_json
from carecommons.hospital.models import DischargeRequest
from carecommons.hospital.services import Incoming
from carecommons.rules.discharge import (
    PATHWAY_WORDS,
    STATUS_WORDS,
    WITHDRAWAL_REASON_WORDS,
    Pathway,
    RequestStatus,
    fhir_status,
)

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
PATHWAY_SYSTEM = "https://care-commons.org/fhir/CodeSystem/discharge-pathway"
REFERENCE_SYSTEM = "https://care-commons.org/fhir/Id/discharge-request"
MAX_BYTES = 256 * 1024
MAX_DEPTH = 20

# Where each of the rules' fields is in the FHIR a ward sends.
EXPRESSIONS = {
    "name": "Patient.name", "identifier": "ServiceRequest.identifier", "ready_on": "ServiceRequest.occurrenceDateTime",
    "pathway": "ServiceRequest.code", "nhs_number": "Patient.identifier", "person": "Patient.identifier",
    "ward": "Encounter.location",
}


@dataclass(frozen=True)
class Issue:
    code: str  # FHIR IssueType: structure, invalid, required, value, duplicate, conflict, forbidden, login, not-found
    diagnostics: str
    expression: str = ""


class FhirRefused(Exception):
    def __init__(self, status: int, issues: list[Issue]) -> None:
        super().__init__("; ".join(i.diagnostics for i in issues))
        self.status = status
        self.issues = issues


def outcome(issues: list[Issue]) -> dict[str, Any]:
    """An OperationOutcome, one issue a problem (checked by fhir.resources)."""
    document = {"resourceType": "OperationOutcome", "issue": [
        {"severity": "error", "code": i.code, "diagnostics": i.diagnostics, **({"expression": [i.expression]}
                                                                               if i.expression else {})}
        for i in issues]}
    OperationOutcome.model_validate(document)
    return document


def _where(loc: tuple[Any, ...], root: str) -> str:
    path = root
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _fhir_errors(exc: Exception, root: str) -> list[Issue]:
    errors = getattr(exc, "errors", None)
    found: list[Issue] = []
    if callable(errors):
        try:
            for e in errors()[:20]:
                message = str(e.get("msg", "is not valid")).removeprefix("Value error, ")
                found.append(Issue("invalid", f"This is not valid FHIR R4: {message}", _where(tuple(e.get("loc", ())),
                                                                                          root)))
        except Exception:  # noqa: BLE001 - pydantic's error list itself could not be read
            found = []
    return found or [Issue("invalid", "This is not valid FHIR R4.")]


def _resource_list(document: dict[str, Any]) -> list[dict[str, Any]]:
    if document["resourceType"] == "Bundle":
        return [e["resource"] for e in document.get("entry") or [] if isinstance(e, dict)
                and isinstance(e.get("resource"), dict)]
    return [document, *[r for r in document.get("contained") or [] if isinstance(r, dict)]]


def _one(resources: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    found = [r for r in resources if r.get("resourceType") == kind]
    if len(found) != 1:
        raise FhirRefused(422, [Issue("required" if not found else "structure",
                                      f"Send exactly one {kind}: this has {len(found)}.", kind)])
    return found[0]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def read(body: bytes) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The document, its ServiceRequest, Patient and Encounter, or FhirRefused."""
    try:
        document = load_json(body, max_depth=MAX_DEPTH, max_bytes=MAX_BYTES)
    except InputError as exc:
        raise FhirRefused(400, [Issue("structure", f"{str(exc).replace('The file', 'The request')}.")]) from None
    if _has_nul(document):  # PostgreSQL keeps no NUL in text or JSON: refused, not a server error
        raise FhirRefused(400, [Issue("structure", "The request contains a NUL character (\\u0000), which no text may "
                                                   "hold. Remove it and send the request again.")])
    if not isinstance(document, dict) or document.get("resourceType") not in ("Bundle", "ServiceRequest"):
        raise FhirRefused(400, [Issue("structure", "Send a FHIR R4 Bundle, or a ServiceRequest with its Patient and "
                                                   "Encounter contained.", "resourceType")])
    kind = document["resourceType"]
    try:
        (Bundle if kind == "Bundle" else ServiceRequest).model_validate(document)
    except Exception as exc:  # noqa: BLE001 - fhir.resources raises pydantic errors of several kinds
        raise FhirRefused(400, _fhir_errors(exc, kind)) from None
    resources = _resource_list(document)
    request = _one(resources, "ServiceRequest")
    return document, request, _one(resources, "Patient"), _one(resources, "Encounter")


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _name(patient: dict[str, Any]) -> str:
    for name in patient.get("name") or []:
        if name.get("text"):
            return str(name["text"])
        parts = [*(name.get("given") or []), name.get("family") or ""]
        if any(parts):
            return " ".join(str(p) for p in parts if p)
    return ""


def incoming_from(document: dict[str, Any], request: dict[str, Any], patient: dict[str, Any],
                  encounter: dict[str, Any]) -> tuple[Incoming, str]:
    """What the ward sent, and the ward's code; FhirRefused when the request is not a live one."""
    if request.get("status") != "active":
        raise FhirRefused(422, [Issue("value", "Send the request with status 'active'.", "ServiceRequest.status")])
    identifiers = request.get("identifier") or []
    identifier = identifiers[0] if identifiers else {}
    codes = [c for c in ((request.get("code") or {}).get("coding") or []) if c.get("system") == PATHWAY_SYSTEM]
    nhs = next((str(i.get("value") or "") for i in patient.get("identifier") or []
                if i.get("system") == NHS_NUMBER_SYSTEM), "")
    ready = _date(request.get("occurrenceDateTime")) or _date((request.get("occurrencePeriod") or {}).get("start"))
    locations = encounter.get("location") or []
    ward = str((((locations[0] if locations else {}).get("location") or {}).get("identifier") or {}).get("value") or "")
    if not ward:
        raise FhirRefused(422, [Issue("required", "Name the ward: Encounter.location[0].location.identifier.value is "
                                                  "the ward's code.", "Encounter.location")])
    notes = "\n\n".join(str(n["text"]) for n in request.get("note") or [] if n.get("text"))
    addresses = patient.get("address") or []
    return Incoming(
        identifier=str(identifier.get("value") or ""), identifier_system=str(identifier.get("system") or ""),
        name=_name(patient), nhs_number=nhs, ready_on=ready, proposed_pathway=codes[0].get("code") if codes else None,
        what_matters=notes, date_of_birth=_date(patient.get("birthDate")),
        postcode=str((addresses[0] if addresses else {}).get("postalCode") or "")[:8], fhir=document,
    ), ward


def as_service_request(request: DischargeRequest) -> dict[str, Any]:
    """The request as the ward reads it back: our reference, their identifier, the status in FHIR's words and ours."""
    status = RequestStatus(request.status)
    identifier = {"value": request.ward_identifier, **({"system": request.identifier_system}
                                                       if request.identifier_system else {})}
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": str(request.reference),
        "identifier": [identifier, {"system": REFERENCE_SYSTEM, "value": str(request.reference)}],
        "status": fhir_status(status, request.withdrawal),
        "intent": "order",
        "code": {"coding": [{"system": PATHWAY_SYSTEM, "code": str(request.proposed_pathway),
                             "display": PATHWAY_WORDS[Pathway(request.proposed_pathway)]}]},
        "subject": {"identifier": {"system": NHS_NUMBER_SYSTEM, "value": request.nhs_number}},
        "occurrenceDateTime": request.ready_on.isoformat(),
        "authoredOn": request.received_at.isoformat(),
        "note": [{"text": STATUS_WORDS[status]}],
    }
    if request.withdrawal is not None:
        resource["note"].append({"text": f"{WITHDRAWAL_REASON_WORDS[request.withdrawal]}: {request.withdrawn_words}"})
    ServiceRequest.model_validate(resource)
    return resource
