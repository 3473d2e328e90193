"""Schemathesis generates requests from the OpenAPI schemas of every calculator (/api/v1/) and of the community directory
(/oruk/); none may cause a server error, and every answer must be the one its schema describes."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

app = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture(autouse=True)
def _test_database_stays_open():
    """The charging calculator reads its rates from the database; the start and end of each request must not close
    the test's connection (Django's own test client disconnects this handler in the same way)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db  # requests pass through the whole middleware stack, sessions included
@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_calculator_fail(case):
    response = case.call()
    assert response.status_code < 500, response.text
    assert response.status_code in (200, 400, 405), response.text  # 405: methods the API does not offer
    # The charging calculator rightly refuses some schema-valid requests: a date with no recorded rates, or a
    # category whose figure is not verified yet. Those are 400s naming the field and the reason.
    if case.path.endswith("/charging/assess") and response.status_code == 400:
        errors = response.json()["errors"]
        assert errors and all(e["field"] and e["message"] for e in errors), response.text
        return
    # The pay calculator refuses a payment date before the last shift, or a birth on or after the first: 400s
    # naming the field, as the schema cannot say how two dates relate.
    if case.path.endswith("/pa-pay") and response.status_code == 400 and isinstance(case.body, dict) and (
            case.body.get("paid_on") or case.body.get("worker_date_of_birth")):
        errors = response.json()["errors"]
        if errors and {e["field"] for e in errors} <= {"paid_on", "worker_date_of_birth"}:
            return
    case.validate_response(response)


oruk_schema = schemathesis.openapi.from_wsgi("/oruk/openapi.json", app)


@pytest.fixture
def _a_directory(db):
    """Something in the directory for the lists and filters to find: a service at a location, with a schedule and a term."""
    import datetime as dt

    from django.utils import timezone

    from carecommons.directory.models import Location, Schedule, Service, ServiceAtLocation, TaxonomyTerm

    service = Service.objects.create(name="Walking group (fictional)", last_modified=timezone.now(), minimum_age=18)
    service.taxonomy_terms.add(TaxonomyTerm.objects.create(name="Getting out and about"))
    place = ServiceAtLocation.objects.create(service=service, location=Location.objects.create(
        name="Park (fictional)", postcode="AV1 4GD", latitude=52.6, longitude=-1.2))
    Schedule.objects.create(service_at_location=place, freq="WEEKLY", byday="TU", opens_at=dt.time(10), closes_at=dt.time(11))


@pytest.mark.django_db
@oruk_schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_community_directory_fail(case, _a_directory):
    response = case.call()
    assert response.status_code < 500, f"{case.path} {case.query}: {response.text[:500]}"
    assert response.status_code in (200, 400, 404, 405), response.text  # 404: an id nothing has
    # The directory rightly refuses some schema-valid requests that the schema cannot describe, as they are about two
    # parameters together or about what it holds: a minimum age above the maximum, proximity to a postcode it does not
    # know. Those are 400s with the field "query" and the reason; a 400 naming one parameter is checked below.
    if response.status_code == 400 and {e["field"] for e in response.json()["errors"]} == {"query"}:
        assert all(e["message"] for e in response.json()["errors"]), response.text
        return
    case.validate_response(response)
