"""Portable assessments: valid FHIR, signed; another instance verifies, imports and opens continuity."""

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from carecommons.assessments import services
from carecommons.assessments.models import Assessment, ContinuityRecord, TrustedCouncil
from carecommons.assessments.portable import (
    PortableError,
    assessment_to_fhir,
    export_envelope,
    fhir_to_assessment_data,
    import_envelope,
    public_key_b64,
    read_envelope,
    signing_key,
)
from carecommons.people.models import AccessEvent
from carecommons.rules.assessment_questions import questions_for

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
COUNCIL = "Ashby Vale Council (fictional)"


@pytest.fixture
def determined(cast):
    cast.ruth.date_of_birth = dt.date(1946, 5, 2)
    cast.ruth.save()
    a = services.assessment_start(person=cast.ruth, kind="adult", completed_by_kind="person", user=cast.ruth_user)
    services.assessment_about(assessment=a, what_matters="My flat, my cat, and church on Sundays", strengths="Stubborn",
                              outcomes_wanted="Cook for myself again", fluctuating="Worse in winter")
    for q in questions_for("adult"):
        chosen = {"health": ["yes"], "wellbeing": ["yes"], "nutrition": ["pain_distress_anxiety", "takes_significantly_longer"],
                  "clothing": ["takes_significantly_longer"]}.get(q.key, ["not_applicable"] if q.key == "caring_for_child" else ["able"])
        services.assessment_answer(assessment=a, key=q.key, chosen=chosen, words="Some days are better" if q.key == "nutrition" else "")
    a = services.assessment_submit(assessment=Assessment.objects.get(pk=a.pk))
    facts = dict(a.facts)
    services.determination_make(assessment=a, practitioner=cast.priya, facts=facts, reasons="")
    return Assessment.objects.select_related("person", "determination").get(pk=a.pk)


def trust_ourselves():
    TrustedCouncil.objects.create(name=COUNCIL, public_key=public_key_b64(signing_key(create=True)), added_at=timezone.now())


def test_the_export_is_valid_fhir_and_reads_back_losslessly(determined):
    fhir = assessment_to_fhir(determined)
    QuestionnaireResponse.model_validate(fhir)
    assert fhir["contained"][0]["resourceType"] == "Questionnaire"
    data = fhir_to_assessment_data(fhir)
    for name in ("what_matters", "strengths", "outcomes_wanted", "fluctuating", "kind", "completed_by_kind"):
        assert data[name] == getattr(determined, name)
    assert data["facts"] == determined.facts and data["answers"] == determined.answers
    assert data["determination"]["eligible"] is True and data["determination"]["decided_by"] == "Priya Shah"


def test_an_envelope_from_a_trusted_council_is_imported_with_a_continuity_record(determined, cast):
    signing_key(create=True)
    envelope = export_envelope(assessment=determined, now=timezone.now())
    trust_ourselves()
    imported = import_envelope(data=envelope, user=cast.priya, now=timezone.now())
    assert imported.pk != determined.pk and imported.person == cast.ruth, "matched by name and date of birth"
    assert imported.determination.eligible and imported.determination.decided_by_name == "Priya Shah"
    assert ContinuityRecord.objects.get(assessment=imported).issuing_council == COUNCIL
    with pytest.raises(PortableError, match="already been imported"):
        import_envelope(data=envelope, user=cast.priya, now=timezone.now())


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda b: b.replace(b"church on Sundays", b"church on Saturdays"), "has been changed since the council signed it"),
        (lambda b: b[:-40], "damaged"),
        (lambda b: b.replace(COUNCIL.encode(), b"Elsewhere Council"), "not on this council's list"),
    ],
)
def test_tampered_or_unknown_envelopes_are_refused_and_nothing_is_imported(determined, cast, tamper, message):
    signing_key(create=True)
    envelope = export_envelope(assessment=determined, now=timezone.now())
    trust_ourselves()
    before = Assessment.objects.count()
    with pytest.raises(PortableError, match=message):
        import_envelope(data=tamper(envelope), user=cast.priya, now=timezone.now())
    assert Assessment.objects.count() == before and not ContinuityRecord.objects.exists()


def test_an_old_envelope_is_refused(determined):
    signing_key(create=True)
    envelope = export_envelope(assessment=determined, now=timezone.now() - dt.timedelta(days=400))
    trust_ourselves()
    with pytest.raises(PortableError, match="older than the 365 days"):
        read_envelope(data=envelope, now=timezone.now())


def test_the_person_downloads_their_own_signed_copy(client, determined, cast):
    signing_key(create=True)
    client.force_login(cast.ruth_user)
    response = client.get(reverse("assessments:signed-copy", args=[determined.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["person"]["name"] == "Ruth Okafor"
    client.force_login(cast.priya)
    assert client.get(reverse("assessments:signed-copy", args=[determined.pk])).status_code == 403


def _run(args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_two_instances_round_trip_losslessly_and_one_flipped_byte_is_refused(determined, tmp_path):
    signing_key(create=True)
    envelope = export_envelope(assessment=determined, now=timezone.now())
    (tmp_path / "ruth.json").write_bytes(envelope)
    tampered = envelope.replace(b"Cook for myself again", b"Cook for myself agaim")
    (tmp_path / "tampered.json").write_bytes(tampered)

    b_db = tmp_path / "b.sqlite3"
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "carecommons.config.settings.dev",
           "DATABASE_URL": f"sqlite:///{b_db}", "CARECOMMONS_SIGNING_KEY_FILE": str(tmp_path / "b.pem"),
           "CARECOMMONS_COUNCIL_NAME": "Riverside Council (fictional)"}
    assert _run(["migrate", "--noinput"], env).returncode == 0
    b_key = _run(["signing_key"], env).stdout.strip()
    assert b_key != public_key_b64(signing_key())
    refused = _run(["assessment_import", str(tmp_path / "ruth.json")], env)
    assert refused.returncode == 1 and "not on this council's list" in refused.stderr
    assert _run(["trust_council", COUNCIL, public_key_b64(signing_key())], env).returncode == 0

    flipped = _run(["assessment_import", str(tmp_path / "tampered.json")], env)
    assert flipped.returncode == 1 and "has been changed since the council signed it" in flipped.stderr
    with sqlite3.connect(b_db) as db:
        assert db.execute("select count(*) from assessments_assessment").fetchone()[0] == 0

    imported = _run(["assessment_import", str(tmp_path / "ruth.json")], env)
    assert imported.returncode == 0, imported.stderr
    assert "Opened a continuity record" in imported.stdout and "eligible" in imported.stdout
    with sqlite3.connect(b_db) as db:
        (b_id,) = db.execute("select id from assessments_assessment").fetchone()
    again = _run(["assessment_export", str(b_id), "--out", str(tmp_path / "from-b.json")], env)
    assert again.returncode == 0, again.stderr
    from_b = json.loads((tmp_path / "from-b.json").read_text())
    assert from_b["issuer"] == "Riverside Council (fictional)"
    original = fhir_to_assessment_data(json.loads(envelope)["fhir"])
    round_tripped = fhir_to_assessment_data(from_b["fhir"])
    assert round_tripped == original, "export → import → export loses nothing"
    assert from_b["person"] == json.loads(envelope)["person"]
    assert settings.CARECOMMONS["COUNCIL_NAME"] == COUNCIL


def test_a_practitioner_imports_through_the_page_after_seeing_what_it_contains(client, determined, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signing_key(create=True)
    envelope = export_envelope(assessment=determined, now=timezone.now())
    trust_ourselves()
    client.force_login(cast.priya)
    check = client.post(reverse("assessments:import"), {"file": SimpleUploadedFile("ruth.json", envelope, "application/json")})
    html = check.content.decode()
    assert "Check what the assessment contains" in html and "Ruth Okafor" in html and "Eligible" in html
    assert Assessment.objects.count() == 1, "nothing imported until confirmed"
    done = client.post(reverse("assessments:import"), {"confirm": "1"})
    assert done.status_code == 302 and ContinuityRecord.objects.count() == 1
    event = AccessEvent.objects.get(user=cast.priya)
    assert (event.person, event.kind, event.purpose, event.grounds) == (cast.ruth, "assessment", "change", "team")
    again = client.post(reverse("assessments:import"), {"confirm": "1"})
    assert again.status_code == 400 and "Upload the file again" in again.content.decode()
    assert ContinuityRecord.objects.count() == 1


def test_denied_importing_into_another_teams_person_needs_a_reason_and_writes_nothing(client, determined, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signing_key(create=True)
    envelope = export_envelope(assessment=determined, now=timezone.now())
    trust_ourselves()
    client.force_login(cast.tom)  # South team; Ruth is the North team's
    client.post(reverse("assessments:import"), {"file": SimpleUploadedFile("ruth.json", envelope, "application/json")})
    refused = client.post(reverse("assessments:import"), {"confirm": "1"})
    assert refused.status_code == 302 and "/open/" in refused["Location"]
    assert not ContinuityRecord.objects.exists() and Assessment.objects.count() == 1
    assert AccessEvent.objects.get(user=cast.tom).action == "refused"


def test_a_tampered_upload_is_explained_and_nothing_imported(client, determined, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signing_key(create=True)
    envelope = export_envelope(assessment=determined, now=timezone.now()).replace(b"my cat", b"my dog")
    trust_ourselves()
    client.force_login(cast.tom)
    response = client.post(reverse("assessments:import"), {"file": SimpleUploadedFile("ruth.json", envelope, "application/json")})
    assert response.status_code == 400 and "has been changed since the council signed it" in response.content.decode()
    assert not ContinuityRecord.objects.exists()


def test_the_same_signed_assessment_saved_with_other_spacing_and_key_order_is_refused(determined, cast):
    """Issue 14: duplicates are recognised by what was signed, not by the file's bytes."""
    import json

    signing_key(create=True)
    envelope = export_envelope(assessment=determined, now=timezone.now())
    trust_ourselves()
    import_envelope(data=envelope, user=cast.priya, now=timezone.now())
    parsed = json.loads(envelope)
    resaved = json.dumps(dict(reversed(list(parsed.items()))), separators=(",", ":"), sort_keys=False).encode()
    assert resaved != envelope
    before = Assessment.objects.count()
    with pytest.raises(PortableError, match=r"already been imported on \d{1,2} [A-Z][a-z]+ \d{4}"):
        import_envelope(data=resaved, user=cast.priya, now=timezone.now())
    assert Assessment.objects.count() == before


def test_a_genuinely_different_assessment_is_not_a_duplicate(determined, cast):
    signing_key(create=True)
    first = export_envelope(assessment=determined, now=timezone.now())
    trust_ourselves()
    import_envelope(data=first, user=cast.priya, now=timezone.now())
    determined.what_matters = "Seeing my grandchildren on Saturdays"
    determined.save()
    second = export_envelope(assessment=determined, now=timezone.now())
    assert import_envelope(data=second, user=cast.priya, now=timezone.now()).what_matters.endswith("Saturdays")
    assert ContinuityRecord.objects.count() == 2


def test_the_import_page_refuses_a_resaved_copy_plainly_with_the_date(client, determined, cast):
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    signing_key(create=True)
    envelope = export_envelope(assessment=determined, now=timezone.now())
    trust_ourselves()
    client.force_login(cast.priya)
    client.post(reverse("assessments:import"), {"file": SimpleUploadedFile("ruth.json", envelope, "application/json")})
    assert client.post(reverse("assessments:import"), {"confirm": "1"}).status_code == 302
    resaved = json.dumps(json.loads(envelope), indent=7, sort_keys=True).encode()
    client.post(reverse("assessments:import"), {"file": SimpleUploadedFile("copy.json", resaved, "application/json")})
    refused = client.post(reverse("assessments:import"), {"confirm": "1"})
    assert refused.status_code == 400
    assert f"already been imported on {timezone.localdate():%-d %B %Y}" in refused.content.decode()
    assert ContinuityRecord.objects.count() == 1


def test_the_person_reads_and_prints_their_copy_with_the_signed_file_for_another_council(client, determined, cast):
    client.force_login(cast.ruth_user)
    overview = client.get(reverse("assessments:overview", args=[determined.pk])).content.decode()
    assert "Your copy to read, keep or print" in overview and "Download your signed copy" not in overview
    page = client.get(reverse("assessments:readable-copy", args=[determined.pk])).content.decode()
    assert "Ruth Okafor" in page and "My flat, my cat, and church on Sundays" in page and "Things that are hard to do" in page
    assert "Your needs are eligible for support" in page or "Your needs are not eligible" in page
    assert "For another council" in page and reverse("assessments:signed-copy", args=[determined.pk]) in page
    client.force_login(cast.priya)
    staff_copy = client.get(reverse("assessments:readable-copy", args=[determined.pk])).content.decode()
    assert "A copy to read or print" not in staff_copy and "For another council" not in staff_copy and "Ruth Okafor" in staff_copy


def test_there_is_no_copy_before_a_decision(client, cast):
    draft = services.assessment_start(person=cast.ruth, kind="adult", completed_by_kind="person", user=cast.ruth_user)
    client.force_login(cast.ruth_user)
    response = client.get(reverse("assessments:readable-copy", args=[draft.pk]))
    assert response.status_code == 404 and "There is no decision to copy yet" in response.content.decode()


def test_the_decision_speaks_to_the_person_with_the_law_underneath(client, determined, cast):
    client.force_login(cast.ruth_user)
    page = client.get(reverse("assessments:overview", args=[determined.pk])).content.decode()
    assert "You can&#x27;t do these without help" in page or "You can't do these without help" in page
    assert "The law: Care and Support (Eligibility Criteria) Regulations 2015, regulation 2" in page
    assert "The law&#x27;s tests, one by one" in page or "The law's tests, one by one" in page
    client.force_login(cast.priya)
    staff = client.get(reverse("assessments:overview", args=[determined.pk])).content.decode()
    assert "Things that are hard to do" in staff and "You can&#x27;t do these" not in staff
