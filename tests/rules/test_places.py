"""Postcodes, distances, and National Grid references as latitude and longitude (rules.places)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules import places


def dms(d: int, m: int, s: float) -> float:
    return d + m / 60 + s / 3600


@pytest.mark.parametrize(("raw", "tidy"), [("av1 1aa", "AV1 1AA"), ("  SW1A1AA ", "SW1A 1AA"), ("le1  7rh", "LE1 7RH"),
                                           ("M1 1AE", "M1 1AE")])
def test_postcodes_are_written_one_way(raw: str, tidy: str) -> None:
    assert places.normalise_postcode(raw) == tidy


@pytest.mark.parametrize("raw", ["", "hello", "12345", "AV1 1CC", "AV11AAA"])
def test_what_is_not_a_postcode_is_refused(raw: str) -> None:
    assert places.normalise_postcode(raw) is None


def test_haversine_distances() -> None:
    # London (Charing Cross) to Birmingham, as rules.market.km_between has it, and the same in miles.
    km = places.haversine_km((51.5074, -0.1278), (52.4862, -1.8904))
    assert km == pytest.approx(162.9, abs=0.5)
    assert places.miles_between((51.5074, -0.1278), (52.4862, -1.8904)) == pytest.approx(101.2, abs=0.3)
    # A quarter of the way round the Earth along the equator is exactly a quarter of its circumference.
    assert places.haversine_km((0, 0), (0, 90)) == pytest.approx(math.pi * places.EARTH_RADIUS_KM / 2, rel=1e-12)
    # One degree of latitude is about 69 miles, as every atlas says.
    assert places.miles_between((52.0, -1.2), (53.0, -1.2)) == pytest.approx(69.1, abs=0.1)
    assert places.miles_between((52.6, -1.2), (52.6, -1.2)) == 0


@given(st.floats(49, 61), st.floats(-8, 2), st.floats(49, 61), st.floats(-8, 2))
def test_distance_is_symmetric_and_never_negative(lat1: float, lon1: float, lat2: float, lon2: float) -> None:
    d = places.haversine_km((lat1, lon1), (lat2, lon2))
    assert d >= 0
    assert d == pytest.approx(places.haversine_km((lat2, lon2), (lat1, lon1)), abs=1e-9)


@pytest.mark.parametrize(("miles", "words"), [(0.0, "less than a mile"), (0.4, "less than a mile"), (1.0, "1 mile"),
                                              (2.4, "2.4 miles"), (12.0, "12 miles")])
def test_miles_in_words(miles: float, words: str) -> None:
    assert places.miles_words(miles) == words


# Ordnance Survey's own worked example ("A guide to coordinate systems in Great Britain", Annex C):
# 52°39'27.2531"N 1°43'4.5177"E on OSGB36 is E 651409.903, N 313177.270.
OS_EXAMPLE_LAT, OS_EXAMPLE_LON = dms(52, 39, 27.2531), dms(1, 43, 4.5177)
OS_EXAMPLE_E, OS_EXAMPLE_N = 651_409.903, 313_177.270


def test_grid_to_latitude_and_longitude_matches_the_os_worked_example() -> None:
    lat, lon = places.grid_to_osgb36(OS_EXAMPLE_E, OS_EXAMPLE_N)
    assert (lat - OS_EXAMPLE_LAT) * 3600 == pytest.approx(0, abs=0.0001)  # to a ten-thousandth of a second, as printed
    assert (lon - OS_EXAMPLE_LON) * 3600 == pytest.approx(0, abs=0.0001)


def test_latitude_and_longitude_to_grid_matches_the_os_worked_example() -> None:
    e, n = places.osgb36_to_grid(OS_EXAMPLE_LAT, OS_EXAMPLE_LON)
    assert e == pytest.approx(OS_EXAMPLE_E, abs=0.001)
    assert n == pytest.approx(OS_EXAMPLE_N, abs=0.001)


def test_cartesian_matches_the_os_worked_example() -> None:
    # OS guide, Annex B: the same point at 24.700 m above the Airy 1830 ellipsoid.
    x, y, z = places.to_cartesian(OS_EXAMPLE_LAT, OS_EXAMPLE_LON, 24.7, places.AIRY_1830)
    assert (x, y, z) == pytest.approx((3_874_938.849, 116_218.624, 5_047_168.208), abs=0.001)
    lat, lon, h = places.from_cartesian(x, y, z, places.AIRY_1830)
    assert (lat, lon) == pytest.approx((OS_EXAMPLE_LAT, OS_EXAMPLE_LON), abs=1e-9)
    assert h == pytest.approx(24.7, abs=1e-6)


@given(st.floats(10_000, 690_000), st.floats(10_000, 1_200_000))
def test_grid_references_go_there_and_back(e: float, n: float) -> None:
    lat, lon = places.grid_to_osgb36(e, n)
    back = places.osgb36_to_grid(lat, lon)
    assert back == pytest.approx((e, n), abs=0.01)  # the series are truncated: a centimetre at the corners


def test_helmert_and_its_inverse_undo_each_other() -> None:
    xyz = places.to_cartesian(OS_EXAMPLE_LAT, OS_EXAMPLE_LON, 0.0, places.AIRY_1830)
    there = places.helmert(xyz, places.OSGB36_TO_ETRS89)
    back = places.helmert(there, places.ETRS89_TO_OSGB36)
    assert back == pytest.approx(xyz, abs=0.01)  # the small-angle form is its own inverse to well under a centimetre


def test_osgb36_and_wgs84_differ_by_the_known_hundred_metres_or_so() -> None:
    # The two datums differ by up to about 120 m across Great Britain; WGS84 longitudes are west of OSGB36's
    # (the Greenwich meridian on WGS84 maps is about 100 m east of the Airy transit circle).
    lat36, lon36 = places.grid_to_osgb36(OS_EXAMPLE_E, OS_EXAMPLE_N)
    lat84, lon84 = places.grid_to_wgs84(OS_EXAMPLE_E, OS_EXAMPLE_N)
    shift_m = places.haversine_km((lat36, lon36), (lat84, lon84)) * 1000
    assert 50 < shift_m < 150
    assert lon84 < lon36  # west
    assert lat84 > lat36  # and a little north


def test_somewhere_off_the_grid_is_refused() -> None:
    with pytest.raises(places.GridError):
        places.grid_to_osgb36(-5, 100)
    with pytest.raises(places.GridError):
        places.grid_to_wgs84(800_000, 100)
