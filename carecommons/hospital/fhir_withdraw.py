"""A ward's system withdrawing its own request the FHIR way: a JSON Patch (RFC 6902, FHIR R4's patch format) of the
ServiceRequest's status.

    PATCH /hospital/fhir/ServiceRequest/{id}
    Content-Type: application/json-patch+json
    [{"op": "replace", "path": "/status", "value": "revoked"},
     {"op": "add", "path": "/note/-", "value": {"text": "She recovered well and went home"}},
     {"op": "add", "path": "/extension/-", "value": {"url": WITHDRAWAL_REASON_URL, "valueCode": "died"}}]

`revoked` needs the reason from the list (the extension; without it, "no longer needed"); `entered-in-error` means
sent by mistake. The note says what happened, in a few words, as on the ward's page. Only these operations are
understood; anything else is refused, saying what is accepted.
"""

from __future__ import annotations

from typing import Any

from carecommons.core.inputs import InputError, load_json
from carecommons.hospital.fhir import MAX_DEPTH, FhirRefused, Issue, _has_nul
from carecommons.rules.discharge import WithdrawalReason

WITHDRAWAL_REASON_URL = "https://care-commons.org/fhir/StructureDefinition/withdrawal-reason"
MAX_BYTES = 16 * 1024
ACCEPTED = ("Send a JSON Patch: replace /status with \"revoked\" or \"entered-in-error\", add a note (/note/-) saying "
            "what happened, and for \"revoked\" the reason (/extension/-, url " + WITHDRAWAL_REASON_URL + ", "
            "valueCode no_longer_needed or died).")


def read_withdrawal(body: bytes) -> tuple[WithdrawalReason, str]:
    """The reason and words of a withdrawal, or FhirRefused (400 for what is not a JSON Patch, 422 for one that does
    not withdraw the request in a way we understand)."""
    try:
        patch = load_json(body, max_depth=MAX_DEPTH, max_bytes=MAX_BYTES)
    except InputError as exc:
        raise FhirRefused(400, [Issue("structure", f"{str(exc).replace('The file', 'The request')}.")]) from None
    if _has_nul(patch):
        raise FhirRefused(400, [Issue("structure", "The request contains a NUL character (\\u0000), which no text may "
                                                   "hold. Remove it and send the request again.")])
    if not isinstance(patch, list) or not patch or not all(isinstance(op, dict) for op in patch):
        raise FhirRefused(400, [Issue("structure", ACCEPTED)])
    status: str | None = None
    words: list[str] = []
    code: str | None = None
    for op in patch:
        kind, path, value = op.get("op"), op.get("path"), op.get("value")
        if kind == "replace" and path == "/status" and isinstance(value, str):
            status = value
        elif kind == "add" and path in ("/note/-", "/note/0") and isinstance(value, dict) \
                and isinstance(value.get("text"), str):
            words.append(value["text"])
        elif kind == "add" and path in ("/extension/-", "/extension/0") and isinstance(value, dict) \
                and value.get("url") == WITHDRAWAL_REASON_URL and isinstance(value.get("valueCode"), str):
            code = value["valueCode"]
        else:
            raise FhirRefused(422, [Issue("not-supported", f"This change is not one we accept. {ACCEPTED}")])
    if status not in ("revoked", "entered-in-error"):
        raise FhirRefused(422, [Issue("value", "A ward can only withdraw its request: replace /status with "
                                               "\"revoked\", or \"entered-in-error\" if it was sent by mistake.",
                                      "ServiceRequest.status")])
    if status == "entered-in-error":
        if code not in (None, WithdrawalReason.SENT_IN_ERROR.value):
            raise FhirRefused(422, [Issue("value", "\"entered-in-error\" means the request was sent by mistake; "
                                                   "for another reason use \"revoked\".", "ServiceRequest.extension")])
        return WithdrawalReason.SENT_IN_ERROR, " ".join(words)
    reason = next((r for r in WithdrawalReason if r.value == (code or WithdrawalReason.NO_LONGER_NEEDED.value)), None)
    if reason is None or reason is WithdrawalReason.SENT_IN_ERROR:
        raise FhirRefused(422, [Issue("value", "The reason must be no_longer_needed or died (for a request sent by "
                                               "mistake, replace /status with \"entered-in-error\").",
                                      "ServiceRequest.extension")])
    return reason, " ".join(words)


def body_schema() -> dict[str, Any]:
    """The request body, for the API's schema."""
    op = {"type": "object", "required": ["op", "path"], "properties": {
        "op": {"type": "string", "enum": ["replace", "add"]},
        "path": {"type": "string", "enum": ["/status", "/note/-", "/extension/-"]},
        "value": {}}}
    schema = {"type": "array", "minItems": 1, "maxItems": 5, "items": op,
              "description": "A JSON Patch withdrawing the request. " + ACCEPTED}
    return {"requestBody": {"required": True, "content": {
        ct: {"schema": schema} for ct in ("application/json-patch+json", "application/json")}}}
