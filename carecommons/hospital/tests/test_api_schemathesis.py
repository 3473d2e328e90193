"""Schemathesis generates requests from the ward systems' API schema (/hospital/fhir/openapi.json), with a ward's key;
none may cause a server error, and every answer must be the one the schema describes."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from fhir.resources.R4B.operationoutcome import OperationOutcome
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from carecommons.hospital import services
from carecommons.hospital.models import Ward

app = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/hospital/fhir/openapi.json", app)


@pytest.fixture(autouse=True)
def _test_database_stays_open():
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def key(db):
    ward = Ward.objects.create(name="Ward 7", hospital="Ashby Vale General (fictional)", code="AVG-W7")
    return services.ward_token_issue(ward=ward, name="Ward 7 EPR")


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_ward_api_fail(case, key):
    response = case.call(headers={"Authorization": f"Bearer {key}"})
    assert response.status_code < 500, response.text
    # 401: schemathesis also sends requests without the key, to see that they are refused.
    assert response.status_code in (200, 201, 400, 401, 403, 404, 405, 409, 422), response.text
    if response.status_code >= 400 and response.status_code != 405:
        outcome = response.json()
        OperationOutcome.model_validate(outcome)
        assert all(issue["diagnostics"] for issue in outcome["issue"]), response.text
    # The schema cannot describe the whole of FHIR R4, so bodies it allows may still be refused (by fhir.resources, or
    # as no request we can act on): those are 400s and 422s with an OperationOutcome saying why, checked above.
    case.validate_response(response, excluded_checks=[positive_data_acceptance])


@pytest.fixture
def open_request(db):
    """A real request of the key's ward, so that generated withdrawals reach the patch itself (not only a 404)."""
    import datetime as dt

    from django.utils import timezone

    ward = Ward.objects.create(name="Ward 7", hospital="Ashby Vale General (fictional)", code="AVG-W7")
    key = services.ward_token_issue(ward=ward, name="Ward 7 EPR")
    sent = services.discharge_request_receive(ward=ward, through="api", incoming=services.Incoming(
        identifier="EPR-1", name="Edna Fictional", nhs_number="9434765919", proposed_pathway="1",
        ready_on=timezone.localdate() + dt.timedelta(days=2)))
    return key, sent


@pytest.mark.django_db
@schema.include(method="PATCH").parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_withdrawal_of_a_real_request_makes_the_ward_api_fail(case, open_request):
    key, sent = open_request
    case.path_parameters = {"reference": str(sent.reference)}
    response = case.call(headers={"Authorization": f"Bearer {key}"})
    # 405: schemathesis also tries methods the path does not take.
    assert response.status_code in (200, 400, 401, 405, 409, 422), response.text
    if response.status_code >= 400 and response.status_code != 405:
        outcome = response.json()
        OperationOutcome.model_validate(outcome)
        assert all(issue["diagnostics"] for issue in outcome["issue"]), response.text
    case.validate_response(response, excluded_checks=[positive_data_acceptance])
