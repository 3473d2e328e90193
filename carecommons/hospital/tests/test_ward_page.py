"""Ward staff's page: their ward's requests only, sending one by form, nothing typed lost on an error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from carecommons.hospital import services
from carecommons.hospital.models import DischargeRequest
from carecommons.hospital.tests.conftest import NHS_ALF, NHS_EDNA, incoming
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db


def _form(**kw: Any) -> dict[str, str]:
    ready = timezone.localdate() + dt.timedelta(days=3)
    data = {"name": "Edna Fictional", "nhs_number": "943 476 5919", "ready_on_day": str(ready.day),
            "ready_on_month": str(ready.month), "ready_on_year": str(ready.year), "pathway": "1",
            "what_matters": "Getting home to her cat."}
    data.update(kw)
    return data


def test_a_ward_nurse_sees_an_empty_list_then_sends_a_request(hospital):
    client = client_for(hospital["nia"])
    assert client.get(reverse("people:home")).url == reverse("hospital:ward")
    page = client.get(reverse("hospital:ward")).content.decode()
    assert "Ward 7, Ashby Vale General (fictional)" in page and "Your ward has not sent any requests yet." in page
    response = client.post(reverse("hospital:ward-send"), _form())
    assert response.status_code == 302
    saved = DischargeRequest.objects.get()
    assert (saved.ward, saved.nhs_number, saved.sent_by, saved.sent_through, saved.proposed_pathway) == (
        hospital["ward7"], NHS_EDNA, hospital["nia"], "form", 1)
    assert saved.ward_identifier.startswith("form-")
    page = client.get(response.url).content.decode()
    assert "Your request for Edna Fictional has been sent to the hospital team." in page
    assert "Pathway 1: home, with support" in page and "Received: the hospital team has it" in page


@pytest.mark.parametrize(("change", "message"), [
    ({"pathway": ""}, "Choose the pathway proposed: 0, 1, 2 or 3"),
    ({"nhs_number": "943 476 5918"}, "Enter a real NHS number: 10 digits, like 943 476 5919"),
    ({"ready_on_year": "2099"}, "must be within the last 30 days or the next year"),
])
def test_nothing_typed_is_lost_when_something_needs_changing(hospital, change, message):
    client = client_for(hospital["nia"])
    response = client.post(reverse("hospital:ward-send"), _form(**change))
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in page and message in page
    assert 'value="Edna Fictional"' in page and "Getting home to her cat." in page
    assert not DischargeRequest.objects.exists()


def test_a_person_another_ward_already_asked_about_is_refused_with_the_ward_named(hospital):
    services.discharge_request_receive(ward=hospital["ward9"], incoming=incoming(identifier="W9-1"), through="api")
    page = client_for(hospital["nia"]).post(reverse("hospital:ward-send"), _form()).content.decode()
    assert "Ward 9, Ashby Vale General (fictional) has already sent a request for this person" in page
    assert DischargeRequest.objects.count() == 1


def test_the_list_shows_only_this_wards_requests(hospital):
    services.discharge_request_receive(ward=hospital["ward7"], incoming=incoming(), through="api")
    services.discharge_request_receive(ward=hospital["ward9"], through="api", incoming=incoming(
        identifier="W9-1", nhs_number=NHS_ALF, name="Alf Otherward"))
    page = client_for(hospital["nia"]).get(reverse("hospital:ward")).content.decode()
    assert "Edna Fictional" in page and "Alf Otherward" not in page


@pytest.mark.parametrize("who", ["hana", "priya", "chris"])
def test_other_roles_cannot_open_the_ward_pages(hospital, who):
    client = client_for(hospital[who])
    assert client.get(reverse("hospital:ward")).status_code == 403
    assert client.post(reverse("hospital:ward-send"), _form()).status_code == 403
    assert not DischargeRequest.objects.exists()


FIELDS = ("name", "nhs_number", "date_of_birth_day", "date_of_birth_month", "date_of_birth_year", "ready_on_day",
          "ready_on_month", "ready_on_year", "pathway", "what_matters", "identifier", "page")


def test_hostile_values_in_every_field_never_give_a_server_error(hospital):
    """The hostile sweep (tests/test_hostile_sweep.py) reaches pages through the fixture area's personas, none of whom
    is ward staff: the same values are sent here to both ward pages, as the ward nurse."""
    from django.db import transaction
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.test_hostile_sweep import VALUES

    client = client_for(hospital["nia"])
    client.raise_request_exception = False

    @settings(max_examples=40, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries(dict.fromkeys(FIELDS, VALUES)))
    def one(values: dict[str, str]) -> None:
        for method, url in (("post", reverse("hospital:ward-send")), ("get", reverse("hospital:ward"))):
            with transaction.atomic():
                response = getattr(client, method)(url, values)
                transaction.set_rollback(True)
            assert response.status_code < 500, (method, url, {k: v[:40] for k, v in values.items()})

    one()
