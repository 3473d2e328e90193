"""What /oruk/ publishes validates against the Open Referral UK profile's own compiled JSON Schemas.

The schemas are the profile's files, copied unchanged into `carecommons/directory/oruk_profile/` (see its README):
`service.json` for one service, `service_at_location.json` for one service at a location, and the `*_list.json`
schemas for each item of a page's `contents`. The directory is the demo's (its hubs and community groups) with
records added so that every optional part the API can publish appears at least once, and absent at least once.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from carecommons.directory import demo
from carecommons.directory.models import (
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from carecommons.hubs import demo as hubs_demo
from carecommons.hubs.models import Hub
from carecommons.people import demo as people_demo

pytestmark = pytest.mark.django_db

PROFILE = Path(__file__).resolve().parents[1] / "oruk_profile"
FORMATS = FormatChecker()


@FORMATS.checks("uri", raises=ValueError)
def _uri(value: object) -> bool:
    """jsonschema checks "uri" only with an optional package; this is the same test without it: an absolute URI."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in ("mailto", "tel", "urn"))


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    """RFC 3339: a date, a time and an offset."""
    if not isinstance(value, str):
        return True
    return "T" in value.upper() and dt.datetime.fromisoformat(value).tzinfo is not None


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((PROFILE / f"{name}.json").read_text()), format_checker=FORMATS)


def problems(name: str, document: Any) -> list[str]:
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
            for e in validator(name).iter_errors(document)]


def test_the_format_checks_refuse_what_the_profile_refuses() -> None:
    """The checks this test adds for "uri" and "date-time" are not always-true."""
    assert problems("service_list", {"id": "0b5a8c3e-7b0e-4bd1-9f3a-6cf2b1f1b9d0", "name": "x", "status": "active",
                                     "url": "/directory/services/1/", "last_modified": "2026-12-06 10:00"})
    assert not problems("service_list", {"id": "0b5a8c3e-7b0e-4bd1-9f3a-6cf2b1f1b9d0", "name": "x", "status": "active",
                                         "url": "https://example.org/x", "last_modified": "2026-12-06T10:00:00+00:00"})
    assert problems("service_list", {"id": "0b5a8c3e-7b0e-4bd1-9f3a-6cf2b1f1b9d0", "name": "x", "status": "active",
                                     "email": None})


@pytest.fixture
def directory(db: Any) -> dict[str, Any]:
    """The demo directory (the demo's hubs with their weekly sessions, and its community groups), and records with
    every optional part the API publishes: a service with all of them (e-mail, web address, organisation with website
    and e-mail, phone, cost, both age limits, a schedule of its own, a term whose parent is another term, a located
    place), and one with none of them."""
    hubs_demo.build(teams=people_demo.teams(), today=dt.date(2026, 12, 7))
    demo.build()
    taxonomy = Taxonomy.objects.create(name="Needs (fictional)", uri="https://example.org/needs", version="1")
    parent = TaxonomyTerm.objects.create(taxonomy=taxonomy, name="Health", code="H")
    child = TaxonomyTerm.objects.create(taxonomy=taxonomy, parent=parent, name="Staying active", code="H1", description="Exercise")
    orphan = TaxonomyTerm.objects.create(name="Not in a taxonomy")
    org = Organization.objects.create(name="Vale Sports (fictional)", description="Sport for all.", website="https://example.org/sport",
                                      email="hello@example.org")
    full = Service.objects.create(name="Chair yoga (fictional)", organization=org, description="Gentle yoga, seated.",
                                  url="https://example.org/yoga", email="yoga@example.org", phone="01632 960000", cost="£2 a session",
                                  minimum_age=50, maximum_age=120, last_modified=timezone.now())
    full.taxonomy_terms.add(child, orphan)
    Schedule.objects.create(service=full, freq="MONTHLY", byday="1MO", opens_at=dt.time(9, 30), closes_at=dt.time(10, 30),
                            description="First Monday of the month")
    hall = Location.objects.create(name="Vale Hall (fictional)", address_1="2 Mill Lane", city="Ashby Vale", postcode="AV1 2BC",
                                   latitude=52.6, longitude=-1.2)
    there = ServiceAtLocation.objects.create(service=full, location=hall)
    Schedule.objects.create(service_at_location=there, freq="WEEKLY", byday="WE", opens_at=dt.time(14), closes_at=dt.time(15))
    Schedule.objects.create(service_at_location=there)  # a schedule that says nothing yet
    bare = Service.objects.create(name="Bare (fictional)", last_modified=timezone.now(), status=Service.Status.INACTIVE)
    nowhere = Location.objects.create()
    ServiceAtLocation.objects.create(service=bare, location=nowhere)
    return {"full": full, "bare": bare, "parent": parent, "child": child}


def test_every_service_and_service_at_location_validates_against_the_uk_profile(directory: dict[str, Any]) -> None:
    c = Client()
    # The directory covers what it says it covers, so that this test cannot pass on a directory missing a part.
    hubs = Hub.objects.count()
    assert hubs >= 2 and Service.objects.filter(hub__isnull=False).count() == hubs
    assert Service.objects.count() == hubs + len(demo.GROUPS) + 2
    assert TaxonomyTerm.objects.filter(parent__isnull=False).exists() and TaxonomyTerm.objects.filter(parent__isnull=True).exists()
    assert Schedule.objects.filter(service__isnull=False).exists() and Schedule.objects.filter(service_at_location__isnull=False).exists()

    failures: dict[str, list[str]] = {}
    checked = 0

    def check(schema: str, where: str, document: Any) -> None:
        nonlocal checked
        checked += 1
        if found := problems(schema, document):
            failures[where] = found

    services = c.get("/oruk/services", {"per_page": 500}).json()
    assert services["total_items"] == Service.objects.count() == len(services["contents"])
    for item in services["contents"]:
        check("service_list", f"/oruk/services item {item['name']}", item)
        check("service", f"/oruk/services/{item['id']}", c.get(f"/oruk/services/{item['id']}").json())
    links = c.get("/oruk/service_at_locations", {"per_page": 500}).json()
    assert links["total_items"] == ServiceAtLocation.objects.count() == len(links["contents"])
    for item in links["contents"]:
        check("service_at_location_list", f"/oruk/service_at_locations item {item['id']}", item)
        check("service_at_location", f"/oruk/service_at_locations/{item['id']}", c.get(f"/oruk/service_at_locations/{item['id']}").json())
    assert not failures, json.dumps(failures, indent=1)
    assert checked == 2 * Service.objects.count() + 2 * ServiceAtLocation.objects.count()


def test_optional_parts_are_published_when_known_and_left_out_when_not(directory: dict[str, Any]) -> None:
    c = Client()
    full = c.get(f"/oruk/services/{directory['full'].pk}").json()
    assert full["email"] == "yoga@example.org" and full["url"] == "https://example.org/yoga"
    assert full["organization"]["website"] == "https://example.org/sport"
    assert full["schedules"][0]["freq"] == "MONTHLY" and full["schedules"][0]["opens_at"] == "09:30"
    terms = {a["taxonomy_term"]["name"]: a["taxonomy_term"] for a in full["attributes"]}
    assert terms["Staying active"]["parent_id"] == str(directory["parent"].pk)
    assert "parent_id" not in terms["Not in a taxonomy"] and "taxonomy_id" not in terms["Not in a taxonomy"]
    bare = c.get(f"/oruk/services/{directory['bare'].pk}").json()
    assert not {"email", "description", "organization_id", "organization", "minimum_age", "maximum_age"} & bare.keys()
    assert bare["url"].endswith(f"/directory/services/{directory['bare'].pk}/")
    for path in ("/oruk/services", "/oruk/service_at_locations", "/oruk/taxonomies", "/oruk/taxonomy_terms"):
        assert not nulls(c.get(path, {"per_page": 500}).json()), path
    assert not nulls(full) and not nulls(bare)


def nulls(value: Any, where: str = "") -> list[str]:
    """Where a document says null: the profile allows it nowhere, not even in the fields it does not describe."""
    if value is None:
        return [where]
    if isinstance(value, dict):
        return [n for key, item in value.items() for n in nulls(item, f"{where}/{key}")]
    if isinstance(value, list):
        return [n for i, item in enumerate(value) for n in nulls(item, f"{where}/{i}")]
    return []
