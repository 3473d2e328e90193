"""ORUK `proximity`: a bounding box on the indexed latitude and longitude, then the exact distance on the few inside it.
The same services as checking every location, nearest first."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carecommons.directory.api import _metres, locations_within
from carecommons.directory.models import Location, Service, ServiceAtLocation

pytestmark = pytest.mark.django_db

CENTRE = (52.6, -1.2)


def _exact_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(h))


@pytest.fixture
def scattered() -> dict[str, tuple[float, float]]:
    """120 services, each at one or two of 150 locations scattered up to about 40 km from the centre."""
    rng = random.Random(7)
    now = timezone.now()
    centre = Location.objects.create(name="Centre", postcode="AV1 1AA", latitude=CENTRE[0], longitude=CENTRE[1])
    places = [centre] + [Location.objects.create(name=f"Place {i}", postcode=f"AV9 {i:03d}",
                                                 latitude=CENTRE[0] + rng.uniform(-0.35, 0.35),
                                                 longitude=CENTRE[1] + rng.uniform(-0.55, 0.55)) for i in range(149)]
    Location.objects.create(name="Nowhere known", postcode="AV8 8AA")  # no coordinates: never near anywhere
    where: dict[str, tuple[float, float]] = {}
    for i in range(120):
        service = Service.objects.create(name=f"Group {i:03d}", last_modified=now)
        for place in rng.sample(places, rng.choice((1, 2))):
            ServiceAtLocation.objects.create(service=service, location=place)
        where[service.name] = service  # type: ignore[assignment]
    return where


def _brute_force(metres: int) -> set[str]:
    """What proximity answered before: every location with coordinates, checked one by one."""
    ids = [loc.pk for loc in Location.objects.filter(latitude__isnull=False)
           if _metres(CENTRE, (loc.latitude, loc.longitude)) <= metres]
    return set(Service.objects.filter(service_at_locations__location__in=ids).values_list("name", flat=True))


@pytest.mark.parametrize("metres", [1, 2_000, 5_000, 12_000, 25_000, 200_000])
def test_proximity_finds_the_same_services_as_checking_every_location_nearest_first(
        scattered: dict[str, Any], metres: int) -> None:
    found = Client().get("/oruk/services", {"postcode": "AV1 1AA", "proximity": metres, "per_page": 500}).json()
    names = [s["name"] for s in found["contents"]]
    assert set(names) == _brute_force(metres) and len(names) == len(set(names)) == found["total_items"]
    nearest = []
    for s in found["contents"]:
        points = [(sal["location"]["latitude"], sal["location"]["longitude"]) for sal in s["service_at_locations"]]
        nearest.append(min(_exact_km(CENTRE, p) for p in points if _metres(CENTRE, p) <= metres))
    assert nearest == sorted(nearest), "nearest first"


def test_proximity_reads_only_the_locations_in_the_box(scattered: dict[str, Any]) -> None:
    everywhere = Location.objects.filter(latitude__isnull=False).count()
    assert len(locations_within(*CENTRE, 5_000)) < everywhere
    with CaptureQueriesContext(connection) as queries:
        locations_within(*CENTRE, 5_000)
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert "BETWEEN" in sql and "latitude" in sql and "longitude" in sql
