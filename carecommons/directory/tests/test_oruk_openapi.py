"""/oruk/openapi.json is a valid OpenAPI 3.1 document that follows the Open Referral UK profile's: the endpoints the
service serves, the profile's parameters, and the profile's own schemas for what each answers."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from jsonschema import Draft202012Validator
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

from carecommons.directory.api import oruk
from carecommons.directory.models import Schedule, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from carecommons.directory.services import publish_hubs

pytestmark = pytest.mark.django_db

# The parameters the profile's OpenAPI (profile/openapi.json of OpenReferralUK/uk-profile) gives each list.
PROFILE_LIST = ["search", "page", "per_page", "taxonomy_term_id", "taxonomy_id", "minimum_age", "maximum_age", "start_time",
                "end_time", "day"]
PROFILE_PARAMETERS = {"/services": PROFILE_LIST, "/service_at_locations": [*PROFILE_LIST, "postcode", "proximity"],
                      "/taxonomies": ["page", "per_page"], "/taxonomy_terms": ["page", "per_page"]}


def document() -> dict[str, Any]:
    response = Client().get("/oruk/openapi.json")
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


def served_paths() -> set[str]:
    """The paths Django routes to the ORUK API, in OpenAPI's spelling, leaving out the document itself."""
    def walk(patterns: list[Any], prefix: str) -> set[str]:
        paths: set[str] = set()
        for p in patterns:
            if isinstance(p, URLResolver):
                paths |= walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name != "openapi-json":
                paths.add(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", prefix + str(p.pattern)))
        return paths
    urls, _, _ = oruk.urls
    return walk(urls, "/oruk/")


def test_the_document_is_valid_openapi_and_its_schemas_valid_json_schema() -> None:
    doc = document()
    assert doc["openapi"].startswith("3.1")
    assert not [e.message for e in OPENAPI_31_VALIDATOR.iter_errors(doc)]
    broken = copy.deepcopy(doc)
    del broken["paths"]["/oruk/services"]["get"]["responses"]["200"]["description"]
    assert list(OPENAPI_31_VALIDATOR.iter_errors(broken)), "the OpenAPI check finds nothing wrong with a broken document"
    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)  # raises SchemaError naming what is wrong


def test_the_document_lists_exactly_the_endpoints_served_with_the_profiles_parameters() -> None:
    doc = document()
    assert set(doc["paths"]) == served_paths()
    assert len(doc["paths"]) == 9
    for path, expected in PROFILE_PARAMETERS.items():
        given = {p["name"] for p in doc["paths"]["/oruk" + path]["get"]["parameters"]}
        assert set(expected) <= given, (path, set(expected) - given)
    for path, item in doc["paths"].items():
        responses = item["get"]["responses"]
        assert "$ref" in responses["200"]["content"]["application/json"]["schema"], path
        assert "400" in responses and (("{" in path) == ("404" in responses)), path
    assert doc["components"]["schemas"]["service"]["required"] == ["id", "name", "status"]  # the profile's own


@pytest.fixture
def directory(cast: Any) -> dict[str, Any]:
    publish_hubs()
    taxonomy = Taxonomy.objects.create(name="Needs (fictional)")
    term = TaxonomyTerm.objects.create(taxonomy=taxonomy, name="Staying active")
    walk = Service.objects.create(name="Walking group (fictional)", last_modified=timezone.now())
    walk.taxonomy_terms.add(term)
    Schedule.objects.create(service=walk, freq="WEEKLY", byday="TU", opens_at=dt.time(10), closes_at=dt.time(11))
    return {"taxonomy": taxonomy, "term": term, "walk": walk}


def test_every_endpoint_answers_as_its_documented_schema_says(directory: dict[str, Any]) -> None:
    doc = document()
    ids = {"service_id": directory["walk"].pk, "sal_id": ServiceAtLocation.objects.values_list("pk", flat=True)[0],
           "taxonomy_id": directory["taxonomy"].pk, "term_id": directory["term"].pk}
    c = Client()
    for path, item in doc["paths"].items():
        url = path.format(**ids)
        response = c.get(url)
        assert response.status_code == 200, url
        schema = {**item["get"]["responses"]["200"]["content"]["application/json"]["schema"], "components": doc["components"]}
        errors = [e.message for e in Draft202012Validator(schema).iter_errors(response.json())]
        assert not errors, (url, errors)
        if "{" not in path and path != "/oruk/":
            assert response.json()["total_items"] >= 1, url  # a page with something in it to check


def test_services_can_be_found_by_taxonomy_as_the_profile_says(directory: dict[str, Any]) -> None:
    c = Client()
    found = c.get("/oruk/services", {"taxonomy_id": str(directory["taxonomy"].pk)}).json()["contents"]
    assert [s["name"] for s in found] == ["Walking group (fictional)"]
    at = c.get("/oruk/service_at_locations", {"taxonomy_id": str(directory["taxonomy"].pk)}).json()
    assert at["total_items"] == 0  # the walking group has no location
    assert c.get("/oruk/services", {"taxonomy_id": "not-a-uuid"}).status_code == 400
