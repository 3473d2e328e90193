"""Portable, signed assessments: FHIR R4 (R4B models) inside an Ed25519-signed envelope.

Export: the assessment becomes a FHIR QuestionnaireResponse with its Questionnaire contained,
checked by `fhir.resources`; the envelope names the issuing council, the date and the person,
and is signed over its canonical bytes (rules.portable.canonical_bytes).
Import: the envelope is checked (format, trusted issuer, key, signature, age) before anything
is written; then the person is matched or created, the assessment and determination copied,
and a continuity record opened (Care Act ss37-38). Nothing is written if any step fails.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from carecommons.assessments.models import Assessment, ContinuityRecord, Determination, TrustedCouncil
from carecommons.core.inputs import InputError, load_json
from carecommons.people.models import Allocation, Person
from carecommons.rules.assessment_questions import questions_for
from carecommons.rules.portable import FORMAT, canonical_bytes, check_envelope

TEXT_FIELDS = ("kind", "completed_by_kind", "cares_for_name", "what_matters", "strengths", "outcomes_wanted", "fluctuating")
SYSTEM = "https://care-commons.org/fhir/assessment"


class PortableError(Exception):
    """An envelope that cannot be accepted; the message says why in plain English."""


# --- Keys ---------------------------------------------------------------------------------------

def signing_key(*, create: bool = False) -> Ed25519PrivateKey:
    path = Path(settings.CARECOMMONS["SIGNING_KEY_FILE"])
    if not path.exists():
        if not create:
            raise PortableError(f"This council has no signing key yet. Run: manage.py signing_key (expected at {path}).")
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise PortableError(f"{path} is not an Ed25519 key")
    return loaded


def public_key_b64(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


# --- FHIR ---------------------------------------------------------------------------------------

def _questionnaire(kind: str) -> dict[str, Any]:
    items: list[dict[str, Any]] = [{"linkId": f, "text": f.replace("_", " ").capitalize(), "type": "string"} for f in TEXT_FIELDS]
    items.append({"linkId": "facts", "text": "The facts the eligibility test reads (JSON)", "type": "text"})
    items.append({"linkId": "answers", "text": "The person's own answers (JSON)", "type": "text"})
    items.extend({"linkId": f"question.{q.key}", "text": q.title, "type": "open-choice", "repeats": q.multiple} for q in questions_for(kind))
    items.append({"linkId": "determination", "text": "The determination (JSON)", "type": "text"})
    q = {"resourceType": "Questionnaire", "id": f"care-act-{kind}", "status": "active",
         "title": f"Care Act {'carer' if kind == 'carer' else 'adult'} assessment (SI 2015/313)", "item": items}
    Questionnaire.model_validate(q)
    return q


def assessment_to_fhir(assessment: Assessment) -> dict[str, Any]:
    """A QuestionnaireResponse with its Questionnaire contained, validated by fhir.resources (R4B)."""
    items: list[dict[str, Any]] = []
    for name in TEXT_FIELDS:
        value = getattr(assessment, name)
        if value:
            items.append({"linkId": name, "answer": [{"valueString": value}]})
    items.append({"linkId": "facts", "answer": [{"valueString": json.dumps(assessment.facts, sort_keys=True)}]})
    items.append({"linkId": "answers", "answer": [{"valueString": json.dumps(assessment.answers, sort_keys=True)}]})
    for q in questions_for(assessment.kind):
        chosen = assessment.answers.get(q.key, {}).get("chosen", [])
        if chosen:
            texts = {c.value: c.text for c in q.choices}
            items.append({"linkId": f"question.{q.key}", "answer": [
                {"valueCoding": {"system": SYSTEM, "code": c, "display": texts.get(c, c)}} for c in chosen]})
    determination = getattr(assessment, "determination", None)
    if determination is not None:
        items.append({"linkId": "determination", "answer": [{"valueString": json.dumps({
            "eligible": determination.eligible, "facts": determination.facts, "changed_facts": determination.changed_facts,
            "practitioner_reasons": determination.practitioner_reasons, "unmet_outcomes": determination.unmet_outcomes,
            "reasons": determination.reasons, "decided_at": determination.decided_at.isoformat(),
            "decided_by": determination.decided_by_name or determination.decided_by.get_full_name()
            or determination.decided_by.get_username(),
        }, sort_keys=True)}]})
    response = {
        "resourceType": "QuestionnaireResponse",
        "id": f"assessment-{assessment.pk}",
        "contained": [_questionnaire(assessment.kind)],
        "questionnaire": f"#care-act-{assessment.kind}",
        "status": "completed" if assessment.status != Assessment.Status.DRAFT else "in-progress",
        "subject": {"display": assessment.person.full_name},
        "authored": (assessment.submitted_at or assessment.updated_at).isoformat(),
        "author": {"display": assessment.get_completed_by_kind_display()},
        "item": items,
    }
    QuestionnaireResponse.model_validate(response)
    return response


def fhir_to_assessment_data(response: dict[str, Any]) -> dict[str, Any]:
    """The inverse of assessment_to_fhir, after fhir.resources has checked the resource."""
    QuestionnaireResponse.model_validate(response)
    values = {item["linkId"]: item.get("answer", [{}])[0].get("valueString", "") for item in response.get("item", [])}
    data: dict[str, Any] = {name: values.get(name, "") for name in TEXT_FIELDS}
    data["facts"] = json.loads(values.get("facts") or "{}")
    data["answers"] = json.loads(values.get("answers") or "{}")
    data["determination"] = json.loads(values["determination"]) if values.get("determination") else None
    data["status"] = response["status"]
    data["authored"] = response.get("authored")
    return data


# --- The envelope -------------------------------------------------------------------------------

def export_envelope(*, assessment: Assessment, now: dt.datetime) -> bytes:
    key = signing_key()
    body = {
        "format": FORMAT,
        "issuer": settings.CARECOMMONS["COUNCIL_NAME"],
        "issued_at": now.astimezone(dt.UTC).isoformat(),
        "public_key": public_key_b64(key),
        "person": {"name": assessment.person.full_name,
                   "date_of_birth": assessment.person.date_of_birth.isoformat() if assessment.person.date_of_birth else None},
        "fhir": assessment_to_fhir(assessment),
    }
    signature = base64.b64encode(key.sign(canonical_bytes(body))).decode()
    return json.dumps({**body, "signature": signature}, indent=2, ensure_ascii=False).encode("utf-8")


def read_envelope(*, data: bytes, now: dt.datetime) -> dict[str, Any]:
    """Check an envelope completely, without writing anything. Raises PortableError with the reason."""
    try:
        envelope = load_json(data)
    except InputError as exc:
        reason = str(exc)
        raise PortableError("This file is not a signed Care Commons assessment, or it has been damaged: "
                            f"{reason[0].lower()}{reason[1:]}.") from None
    try:
        body = {k: v for k, v in envelope.items() if k != "signature"}
        signature = base64.b64decode(envelope["signature"], validate=True)
        issued_at = dt.datetime.fromisoformat(envelope["issued_at"])
        issuer, signed_with = str(envelope["issuer"]), str(envelope["public_key"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PortableError("This file is not a signed Care Commons assessment, or it has been damaged.") from None
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(signed_with)).verify(signature, canonical_bytes(body))
        valid = True
    except (InvalidSignature, ValueError):
        valid = False
    trusted = dict(TrustedCouncil.objects.values_list("name", "public_key"))
    check = check_envelope(envelope_format=str(envelope.get("format")), issuer=issuer, issued_at=issued_at,
                           signed_with=signed_with, signature_valid=valid, trusted_keys=trusted, now=now,
                           max_age_days=settings.CARECOMMONS["ASSESSMENT_MAX_AGE_DAYS"])
    if not check.ok:
        raise PortableError(check.reasons[0])
    try:
        envelope["assessment"] = fhir_to_assessment_data(envelope["fhir"])
    except Exception as exc:  # fhir.resources raises pydantic errors of several kinds
        raise PortableError("The assessment inside the file is not valid FHIR.") from exc
    # A duplicate is recognised by what was signed, not by the file: the same envelope saved again with other
    # spacing or key order has the same canonical bytes. (Files imported before this was so were recorded by
    # their bytes; `file_sha256` still finds those.)
    envelope["sha256"] = hashlib.sha256(canonical_bytes(body)).hexdigest()
    envelope["file_sha256"] = hashlib.sha256(data).hexdigest()
    return envelope


def person_for(envelope: dict[str, Any]) -> Person | None:
    """The person already known here that an envelope is about (same name and date of birth), if any."""
    born = envelope["person"].get("date_of_birth")
    return Person.objects.filter(full_name=envelope["person"]["name"], date_of_birth=born).first() if born else None


@transaction.atomic
def import_envelope(*, data: bytes, user: Any, now: dt.datetime) -> Assessment:
    """Verify, then copy the assessment in and open a continuity record. All or nothing.

    The caller opens the person already known here (`person_for`) through the access gate first. A
    new person is supported by the importer's team and allocated to them.
    """
    envelope = read_envelope(data=data, now=now)
    earlier = ContinuityRecord.objects.filter(
        envelope_sha256__in=(envelope["sha256"], envelope["file_sha256"])).order_by("imported_at").first()
    if earlier is not None:
        raise PortableError("This assessment has already been imported on "
                            f"{timezone.localtime(earlier.imported_at):%-d %B %Y}.")
    a = envelope["assessment"]
    born = envelope["person"].get("date_of_birth")
    person = person_for(envelope)
    if person is None:
        staff = getattr(user, "staff", None)
        person = Person.objects.create(full_name=envelope["person"]["name"], date_of_birth=born, created_at=now,
                                       team_id=staff.team_id if staff else None)
        if user is not None:
            Allocation.objects.create(person=person, practitioner=user, started_on=now.date())

    issued_at = dt.datetime.fromisoformat(envelope["issued_at"])
    determination = a["determination"]
    importer = user if user is not None else _system_user()
    assessment = Assessment.objects.create(
        person=person, kind=a["kind"], completed_by_kind=a["completed_by_kind"], completed_by=importer,
        cares_for_name=a["cares_for_name"], what_matters=a["what_matters"], strengths=a["strengths"],
        outcomes_wanted=a["outcomes_wanted"], fluctuating=a["fluctuating"], answers=a["answers"], facts=a["facts"],
        status=Assessment.Status.DETERMINED if determination else Assessment.Status.SUBMITTED,
        imported_from=envelope["issuer"], created_at=now, updated_at=now,
        submitted_at=dt.datetime.fromisoformat(a["authored"]) if a.get("authored") else issued_at,
    )
    if determination:
        Determination.objects.create(
            assessment=assessment, decided_by=importer, decided_by_name=determination["decided_by"],
            decided_at=dt.datetime.fromisoformat(determination["decided_at"]),
            facts=determination["facts"], changed_facts=determination["changed_facts"],
            practitioner_reasons=determination["practitioner_reasons"],
            eligible=determination["eligible"], unmet_outcomes=determination["unmet_outcomes"], reasons=determination["reasons"],
        )
    ContinuityRecord.objects.create(assessment=assessment, issuing_council=envelope["issuer"], issued_at=issued_at,
                                    imported_at=now, imported_by=user, envelope_sha256=envelope["sha256"])
    return assessment


def _system_user() -> Any:
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="care-commons-import", defaults={"first_name": "Imported", "last_name": "assessment"})
    return user
