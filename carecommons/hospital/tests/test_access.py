"""Who may open a discharge request: ward staff only their own ward's, nothing else of the person's record; the
hospital team every request; each refusal logged (issue 18)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from carecommons.hospital import services
from carecommons.hospital.access import access_discharge_request, requests_in_reach
from carecommons.hospital.models import DischargeRequest, DischargeRequestEvent
from carecommons.hospital.tests.conftest import NHS_ALF, incoming
from carecommons.people.access import access_person, open_record
from carecommons.people.models import AccessEvent
from carecommons.rules.access import Kind, Purpose
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db

WARD_ONLY = ("Ward staff see only the requests to leave hospital that their own ward sent, and nothing else about the "
             "person.")


def _sent(place: dict[str, Any], ward: str = "ward7", **kw: Any) -> DischargeRequest:
    return services.discharge_request_receive(ward=place[ward], incoming=incoming(**kw), through="form")


def test_ward_staff_open_their_own_wards_request_and_it_is_logged(hospital):
    request = _sent(hospital)
    opened = access_discharge_request(user=hospital["nia"], id=request.pk, purpose=Purpose.VIEW)
    assert opened.pk == request.pk
    event = DischargeRequestEvent.objects.filter(request=request, action="viewed").get()
    assert (event.user, event.grounds) == (hospital["nia"], "ward_request")


def test_ward_staff_are_refused_another_wards_request_and_the_refusal_is_logged(hospital):
    request = _sent(hospital, ward="ward9")
    with pytest.raises(PermissionDenied) as refused:
        access_discharge_request(user=hospital["nia"], id=request.pk, purpose=Purpose.VIEW)
    assert str(refused.value) == WARD_ONLY
    assert DischargeRequestEvent.objects.filter(request=request, action="refused", user=hospital["nia"]).exists()


def test_ward_staff_are_refused_the_persons_record_even_when_their_request_is_linked_to_it(hospital):
    request = _sent(hospital)
    person = f.PersonFactory(full_name="Edna Fictional")
    DischargeRequest.objects.filter(pk=request.pk).update(person=person)
    # The linked request opens, through the gate, logged on the person's own log.
    opened = access_discharge_request(user=hospital["nia"], id=request.pk, purpose=Purpose.VIEW)
    assert opened.person == person
    assert AccessEvent.objects.filter(person=person, user=hospital["nia"], kind="discharge", action="viewed").exists()
    # Nothing else of theirs does.
    for kind in (Kind.PERSON, Kind.ASSESSMENT, Kind.BOOKING, Kind.CONVERSATION, Kind.SUPPORT_PLAN, Kind.SAFEGUARDING):
        with pytest.raises(PermissionDenied) as refused:
            open_record(user=hospital["nia"], person_id=person.pk, kind=kind, purpose=Purpose.VIEW)
        assert str(refused.value) == WARD_ONLY
    with pytest.raises(PermissionDenied):
        access_person(user=hospital["nia"], person_id=person.pk)
    assert AccessEvent.objects.filter(person=person, user=hospital["nia"], action="refused").count() == 7


def test_ward_staff_cannot_decide_on_their_own_wards_request(hospital):
    request = _sent(hospital)
    with pytest.raises(PermissionDenied):
        access_discharge_request(user=hospital["nia"], id=request.pk, purpose=Purpose.DECIDE)


def test_the_hospital_team_opens_every_request_and_others_are_refused(hospital):
    request = _sent(hospital, ward="ward9")
    assert access_discharge_request(user=hospital["hana"], id=request.pk, purpose=Purpose.DECIDE).pk == request.pk
    for who in ("priya", "chris"):
        with pytest.raises(PermissionDenied):
            access_discharge_request(user=hospital[who], id=request.pk, purpose=Purpose.VIEW)


def test_lists_hold_only_what_each_may_see(hospital):
    mine = _sent(hospital)
    theirs = _sent(hospital, ward="ward9", identifier="EPR-9", nhs_number=NHS_ALF, name="Alf Fictional")
    assert list(requests_in_reach(hospital["nia"])) == [mine]
    assert list(requests_in_reach(hospital["ola"])) == [theirs]
    assert set(requests_in_reach(hospital["hana"])) == {mine, theirs}
    assert not requests_in_reach(hospital["priya"]).exists()
    assert not requests_in_reach(hospital["chris"]).exists()
