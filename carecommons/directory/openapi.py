"""The OpenAPI document of /oruk/, in the shape of the Open Referral UK profile's.

Django Ninja writes the paths and parameters from the endpoints; this adds what the profile's OpenAPI says of them:
the parameters' descriptions, and the responses' schemas, which are the profile's own compiled JSON Schemas
(`oruk_profile/`, unchanged) for services and services at locations, and the page envelope around their list items.
The taxonomy and taxonomy term schemas are the profile's term as it appears in a service, and HSDS 3.0's taxonomy.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

PROFILE = Path(__file__).resolve().parent / "oruk_profile"
REF = "#/components/schemas/"

# The profile's own descriptions (profile/openapi.json), and ours for what it leaves to HSDS 3.0.
DESCRIPTIONS = {
    "page": "The page of results to return, from 1.",
    "per_page": "How many results a page holds.",
    "search": "Return what has these words in its name or description.",
    "taxonomy_term_id": "Return services tagged with this taxonomy term.",
    "taxonomy_id": "Return services tagged with a term of this taxonomy (or, for taxonomy terms, terms of this taxonomy).",
    "minimum_age": "Return services with a minimum age of at least the specified value.",
    "maximum_age": "Return services with a maximum age of at equal to or below the specified value.",
    "start_time": "Return services with a start time of at least the specified value.",
    "end_time": "Return services with a end time of at equal to or below the specified value.",
    "day": "Return services with a day equal to the specified value.",
    "postcode": "Return services at locations with this postcode, or in its outward code (the part before the space).",
    "proximity": "With postcode: return services at locations within this many metres of it.",
    "modified_after": "Return services changed after this date and time.",
}


@cache
def _compiled(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((PROFILE / f"{name}.json").read_text())
    return schema


def page(items: str) -> dict[str, Any]:
    """The standard page envelope, with its contents."""
    counts = ("total_items", "total_pages", "page_number", "size")
    flags = ("first_page", "last_page", "empty")
    return {"type": "object", "required": [*counts, *flags, "contents"],
            "properties": {**{c: {"type": "integer", "minimum": 0} for c in counts}, **{f: {"type": "boolean"} for f in flags},
                           "contents": {"type": "array", "items": {"$ref": REF + items}}}}


def schemas() -> dict[str, dict[str, Any]]:
    term = copy.deepcopy(_compiled("service")["properties"]["attributes"]["items"]["properties"]["taxonomy_term"])
    string = {"type": "string"}
    return {
        "service": _compiled("service"),
        "service_list": _compiled("service_list"),
        "service_at_location": _compiled("service_at_location"),
        "service_at_location_list": _compiled("service_at_location_list"),
        "taxonomy_term": term,
        "taxonomy": {"type": "object", "required": ["id", "name", "description"],
                     "properties": {"id": {"type": "string", "format": "uuid"}, "name": string, "description": string,
                                    "uri": {"type": "string", "format": "uri"}, "version": string}},
        "page_of_services": page("service_list"),
        "page_of_service_at_locations": page("service_at_location_list"),
        "page_of_taxonomies": page("taxonomy"),
        "page_of_taxonomy_terms": page("taxonomy_term"),
        "about": {"type": "object", "required": ["version", "profile", "openapi_url"],
                  "properties": {"version": string, "profile": {"type": "string", "format": "uri"},
                                 "openapi_url": {"type": "string", "format": "uri"}}},
        "errors": {"type": "object", "required": ["errors"],
                   "properties": {"errors": {"type": "array", "minItems": 1, "items": {
                       "type": "object", "required": ["field", "message"], "properties": {"field": string, "message": string}}}}},
    }


# What each path answers with, besides the errors.
RESPONSES = {
    "/": "about",
    "/services": "page_of_services",
    "/services/{service_id}": "service",
    "/service_at_locations": "page_of_service_at_locations",
    "/service_at_locations/{sal_id}": "service_at_location",
    "/taxonomies": "page_of_taxonomies",
    "/taxonomies/{taxonomy_id}": "taxonomy",
    "/taxonomy_terms": "page_of_taxonomy_terms",
    "/taxonomy_terms/{term_id}": "taxonomy_term",
}


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": REF + schema}}}}


def follow_the_profile(document: dict[str, Any], *, prefix: str) -> dict[str, Any]:
    """Add the profile's responses and descriptions to the document Ninja wrote for the paths under `prefix`."""
    document.setdefault("components", {}).setdefault("schemas", {}).update(schemas())
    document["info"]["license"] = {"name": "The data: see the service; the schemas: Creative Commons Attribution-ShareAlike 4.0",
                                   "url": "https://creativecommons.org/licenses/by-sa/4.0/"}
    for path, item in document["paths"].items():
        answer = RESPONSES[path.removeprefix(prefix.rstrip("/")) or "/"]
        operation = item["get"]
        operation["responses"] = {"200": _json(answer, "OK"), "400": _json("errors", "A parameter is not valid; each error names it")}
        if "{" in path:
            operation["responses"]["404"] = _json("errors", "Nothing has that id")
        for parameter in operation.get("parameters", []):
            if parameter["name"] in DESCRIPTIONS:
                parameter["description"] = parameter["schema"]["description"] = DESCRIPTIONS[parameter["name"]]
    return document
