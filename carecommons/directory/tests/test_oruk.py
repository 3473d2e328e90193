"""The Open Referral UK API: the envelope, the UK profile's required fields, the filters, paging, and importing a feed."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from jsonschema import Draft7Validator, FormatChecker

from carecommons.directory.models import Schedule, Service, ServiceAtLocation, TaxonomyTerm
from carecommons.directory.services import import_feed, publish_hubs

pytestmark = pytest.mark.django_db

# What the UK profile requires of a service (id, name, status, url) and of every page: written from the ORUK
# documentation in shared/docs/domain.md section 7. Every document is also checked against the profile's own compiled
# schemas in test_oruk_profile.py; they do not describe the page envelope, which this checks.
SERVICE = {
    "type": "object",
    "required": ["id", "name", "status", "url"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "name": {"type": "string", "minLength": 1},
        "status": {"enum": ["active", "inactive", "defunct", "temporarily closed"]},
        "url": {"type": "string", "format": "uri"},
        "email": {"type": ["string", "null"], "format": "email"},
        "minimum_age": {"type": ["number", "null"]},
        "maximum_age": {"type": ["number", "null"]},
        "last_modified": {"type": "string", "format": "date-time"},
        "schedules": {"type": "array", "items": {"type": "object", "required": ["id"],
                                                 "properties": {"freq": {"enum": ["WEEKLY", "MONTHLY", None]}}}},
    },
}
PAGE = {
    "type": "object",
    "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
    "properties": {"total_items": {"type": "integer"}, "total_pages": {"type": "integer"}, "page_number": {"type": "integer"},
                   "size": {"type": "integer"}, "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"},
                   "empty": {"type": "boolean"}, "contents": {"type": "array"}},
}


def _check(validator_schema: dict[str, Any], data: Any) -> list[str]:
    return [e.message for e in Draft7Validator(validator_schema, format_checker=FormatChecker()).iter_errors(data)]


def _service(name: str, **kw: Any) -> Service:
    return Service.objects.create(name=name, description=kw.pop("description", f"{name} (fictional)"), last_modified=timezone.now(), **kw)


@pytest.fixture
def directory(cast: Any) -> dict[str, Any]:
    publish_hubs()
    walk = _service("Walking group", minimum_age=50, cost="Free", phone="01632 960123")
    youth = _service("Youth club", minimum_age=11, maximum_age=18)
    lunch = _service("Thursday lunch club", description="A hot meal and company")
    term = TaxonomyTerm.objects.create(name="Getting out and about", code="out")
    walk.taxonomy_terms.add(term)
    from carecommons.directory.models import Location

    park = Location.objects.create(name="Riverside Park", address_1="Park Lane", postcode="AV2 3PQ", latitude=52.61, longitude=-1.21)
    far = Location.objects.create(name="Far Hall", address_1="Hill Road", postcode="AV9 9ZZ", latitude=53.5, longitude=-1.9)
    walk_there = ServiceAtLocation.objects.create(service=walk, location=park)
    ServiceAtLocation.objects.create(service=lunch, location=far)
    Schedule.objects.create(service_at_location=walk_there, freq="WEEKLY", byday="TU", opens_at=dt.time(10), closes_at=dt.time(11, 30))
    return {"walk": walk, "youth": youth, "lunch": lunch, "term": term}


def test_every_list_is_a_standard_page_and_every_service_meets_the_profile(directory: dict[str, Any]) -> None:
    c = Client()
    root = c.get("/oruk/").json()
    assert root["version"] == "3.0" and root["openapi_url"].endswith("/oruk/openapi.json")
    page = c.get("/oruk/services", {"per_page": 2}).json()
    assert not _check(PAGE, page)
    assert (page["total_items"], page["total_pages"], page["page_number"], page["size"], page["first_page"], page["last_page"]) == (
        Service.objects.count(), 3, 1, 2, True, False)
    last = c.get("/oruk/services", {"per_page": 2, "page": 3}).json()
    assert last["last_page"] and not last["first_page"]
    beyond = c.get("/oruk/services", {"per_page": 2, "page": 9}).json()
    assert beyond["empty"] and beyond["contents"] == []
    for service in c.get("/oruk/services", {"per_page": 500}).json()["contents"]:
        assert not _check(SERVICE, service), service["name"]
        one = c.get(f"/oruk/services/{service['id']}").json()
        assert one["id"] == service["id"] and not _check(SERVICE, one)
    for path in ("/oruk/service_at_locations", "/oruk/taxonomies", "/oruk/taxonomy_terms"):
        assert not _check(PAGE, c.get(path).json()), path
    sal = c.get("/oruk/service_at_locations").json()["contents"][0]
    assert c.get(f"/oruk/service_at_locations/{sal['id']}").json()["location"]["id"] == sal["location_id"]
    term = c.get("/oruk/taxonomy_terms").json()["contents"][0]
    assert c.get(f"/oruk/taxonomy_terms/{term['id']}").json()["name"] == "Getting out and about"


def test_the_standard_filters(directory: dict[str, Any]) -> None:
    c = Client()

    def names(**params: Any) -> set[str]:
        return {s["name"] for s in c.get("/oruk/services", {"per_page": 500, **params}).json()["contents"]}

    assert names(search="lunch") == {"Thursday lunch club"}
    assert names(taxonomy_term_id=str(directory["term"].pk)) == {"Walking group"}
    assert names(postcode="AV2 3PQ") == {"Walking group"}
    assert names(postcode="AV2 3PQ", proximity=5_000) == {"Walking group"}
    assert "Youth club" not in names(minimum_age=70) and "Youth club" in names(minimum_age=12, maximum_age=14)
    assert "Walking group" not in names(maximum_age=30)
    assert names(day="TU", start_time="10:30") == {"Walking group"}
    assert "Walking group" not in names(day="WE")
    assert names(modified_after=(timezone.now() + dt.timedelta(days=1)).isoformat()) == set()
    bad = c.get("/oruk/services", {"per_page": 0, "day": "Tuesday"})
    assert bad.status_code == 400 and {e["field"] for e in bad.json()["errors"]} == {"per_page", "day"}
    unknown = c.get("/oruk/services", {"postcode": "ZZ1 1ZZ", "proximity": 1000})
    assert unknown.status_code == 400 and "ZZ1 1ZZ is not one" in unknown.json()["errors"][0]["message"]
    assert c.get(f"/oruk/services/{uuid.uuid4()}").status_code == 404


def test_a_nul_character_in_a_search_is_ignored_not_a_server_error(directory: dict[str, Any]) -> None:
    """PostgreSQL refuses NUL in a query's text (schemathesis found `search=\x00` gave a 500 there)."""
    c = Client()
    got = c.get("/oruk/services", {"per_page": 500, "search": "lunch\x00"})
    assert got.status_code == 200 and {s["name"] for s in got.json()["contents"]} == {"Thursday lunch club"}
    terms = c.get("/oruk/taxonomy_terms", {"search": "\x00"})
    assert terms.status_code == 200 and terms.json()["total_items"] == c.get("/oruk/taxonomy_terms").json()["total_items"]
    near = c.get("/oruk/services", {"postcode": "AV2 3PQ\x00"})
    assert near.status_code == 200 and {s["name"] for s in near.json()["contents"]} == {"Walking group"}


def test_a_feed_round_trips_and_a_rerun_changes_nothing(directory: dict[str, Any], tmp_path: Path) -> None:
    feed = Client().get("/oruk/services", {"per_page": 500}).json()
    before = {s.pk: (s.name, s.status, s.minimum_age) for s in Service.objects.all()}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed))
    out = StringIO()
    call_command("import_oruk", str(path), stdout=out)
    assert f"{len(before)} services, 0 new, {len(before)} updated, 0 could not be used." in out.getvalue()
    assert {s.pk: (s.name, s.status, s.minimum_age) for s in Service.objects.all()} == before
    assert ServiceAtLocation.objects.count() == len({sal["id"] for s in feed["contents"] for sal in s["service_at_locations"]})


def test_a_foreign_feed_is_imported_and_bad_services_are_reported(db: Any) -> None:
    good = {"id": str(uuid.uuid4()), "name": "Men's Shed (fictional)", "status": "active", "url": "https://example.org/shed",
            "attributes": [{"taxonomy_term": {"id": str(uuid.uuid4()), "name": "Making and mending"}}],
            "service_at_locations": [{"id": str(uuid.uuid4()), "location": {"id": str(uuid.uuid4()), "name": "The Shed",
                                                                               "addresses": [{"address_1": "Mill Lane", "postal_code": "av1 2bc"}]},
                                      "schedules": [{"id": str(uuid.uuid4()), "freq": "WEEKLY", "byday": "WE", "opens_at": "14:00",
                                                     "closes_at": "16:00"}]}]}
    outcome = import_feed({"contents": [good, {"id": "not-a-uuid", "name": "X"}, {"id": str(uuid.uuid4()), "name": "Y", "status": "open"},
                                        {"id": str(uuid.uuid4())}]}, source="neighbour.json")
    assert (outcome.services, outcome.created, len(outcome.bad)) == (4, 1, 3)
    assert [b["item"] for b in outcome.bad] == [2, 3, 4]
    assert "not a UUID" in outcome.bad[0]["problem"] and "status 'open'" in outcome.bad[1]["problem"] and "name is missing" in outcome.bad[2]["problem"]
    shed = Service.objects.get(name="Men's Shed (fictional)")
    assert shed.taxonomy_terms.get().name == "Making and mending"
    assert shed.service_at_locations.get().location.postcode == "AV1 2BC"


def test_hubs_are_in_the_directory_and_anyone_can_search_it(directory: dict[str, Any], cast: Any) -> None:
    assert Service.objects.filter(hub=cast.library).exists()
    page = Client().get("/directory/", {"search": "walking"}).content.decode()
    assert "Walking group" in page and "Youth club" not in page
    detail = Client().get(f"/directory/services/{directory['walk'].pk}/").content.decode()
    assert "Tuesdays: 10:00 to 11:30" in detail and "50 and over" in detail


def test_a_services_page_keeps_the_sites_name_and_the_fictional_area_banner(directory: dict[str, Any], settings: Any) -> None:
    settings.CARECOMMONS = {**settings.CARECOMMONS, "SERVICE_NAME": "Care Commons", "FICTIONAL": True,
                            "AREA_NAME": "Ashby Vale (fictional)"}
    detail = Client().get(f"/directory/services/{directory['walk'].pk}/").content.decode()
    assert f"<title>{directory['walk'].name} – Care Commons</title>" in detail
    assert "Ashby Vale (fictional) and everyone in it are fictional." in detail


def test_a_practitioner_links_a_conversations_next_steps_to_directory_services(directory: dict[str, Any], cast: Any) -> None:
    from carecommons.directory.models import NextStep
    from carecommons.people.models import AccessEvent
    from carecommons.testing import factories as f
    from carecommons.testing.clients import client_for

    conversation = f.ConversationFactory(person=cast.ruth, practitioner=cast.priya)
    priya = client_for(cast.priya)
    url = f"/conversations/{conversation.pk}/next-steps/"
    found = priya.get(url, {"q": "walking"}).content.decode()
    assert "Walking group" in found and "Youth club" not in found
    priya.post(url, {"service": str(directory["walk"].pk)})
    again = priya.post(url, {"service": str(directory["walk"].pk)}, follow=True).content.decode()
    assert "already linked" in again
    assert "Choose a service from the directory" in priya.post(url, {"service": "nonsense"}, follow=True).content.decode()
    detail = priya.get(f"/conversations/{conversation.pk}/").content.decode()
    assert "Walking group" in detail
    step = NextStep.objects.get()
    priya.post(url, {"action": "unlink", "step": str(step.pk)})
    assert not NextStep.objects.exists()
    assert AccessEvent.objects.filter(person=cast.ruth, user=cast.priya, what__contains="to link services").exists()
    tom = client_for(cast.tom)
    assert tom.get(url).status_code in (302, 403)  # another team: a reason is needed


def test_times_with_a_time_zone_and_dates_as_numbers_are_refused_with_a_message_not_a_server_error(directory: dict[str, Any]) -> None:
    """Schemathesis found both: a time with a zone (00:00:00Z) reached SQLite, which cannot compare it, and gave a 500;
    modified_after=0.5 was read as seconds since 1970. Both are 400s naming the parameter."""
    c = Client()
    for params in ({"end_time": "00:00:00Z"}, {"start_time": "10:30+01:00"}, {"start_time": "36000"}, {"modified_after": "0.5"}):
        response = c.get("/oruk/services", params)
        assert response.status_code == 400, params
        assert [e["field"] for e in response.json()["errors"]] == list(params), response.json()
        assert c.get("/oruk/service_at_locations", params).status_code == 400, params
    assert "without a time zone" in c.get("/oruk/services", {"end_time": "00:00:00Z"}).json()["errors"][0]["message"]
    assert c.get("/oruk/services", {"start_time": "10:30:00", "end_time": "11:00"}).status_code == 200
    assert c.get("/oruk/services", {"modified_after": "2026-01-01T00:00:00Z"}).status_code == 200
    assert c.get("/oruk/services", {"modified_after": "2024-02-29"}).status_code == 200  # a leap day
    for impossible in ("2023-02-29", "0000-00-00", "2026-13-01T00:00"):
        assert c.get("/oruk/services", {"modified_after": impossible}).status_code == 400, impossible


def test_links_use_the_configured_site_address_not_the_host_a_request_came_by(directory: dict[str, Any], settings: Any) -> None:
    """Issue 14: behind a proxy the request's Host is an internal name (or forged); links use CARECOMMONS_BASE_URL."""
    settings.CARECOMMONS = {**settings.CARECOMMONS, "BASE_URL": "https://care.example.org"}
    c = Client(HTTP_HOST="internal-backend:8000")
    assert c.get("/oruk/").json()["openapi_url"] == "https://care.example.org/oruk/openapi.json"
    service = c.get(f"/oruk/services/{directory['lunch'].pk}").json()
    assert service["url"].startswith("https://care.example.org/"), service["url"]
    assert "internal-backend" not in json.dumps(c.get("/oruk/services", {"per_page": 500}).json())
