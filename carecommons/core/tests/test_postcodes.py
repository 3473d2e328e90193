"""`manage.py import_postcodes`: the ONS Postcode Directory and Code-Point Open, idempotent, bad rows by line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from carecommons.core.models import Postcode
from carecommons.core.postcodes import PostcodeFileError, import_postcodes, place_of
from carecommons.rules import places

pytestmark = pytest.mark.django_db

ONSPD = """pcd,pcd2,pcds,dointr,doterm,oseast1m,osnrth1m,lat,long
AV1 1AA,AV1  1AA,AV1 1AA,199801,,,,52.650927,-1.304753
AV12 3BD,AV12 3BD,AV12 3BD,199801,,,,52.61,-1.19
AV1 9ZZ,AV1  9ZZ,AV1 9ZZ,199801,,,,99.999999,0.000000
NOT A CODE,,NOT A CODE,199801,,,,52.6,-1.2
AV2 2AB,AV2  2AB,AV2 2AB,199801,,,,fifty,-1.2
AV3 3AB,AV3  3AB,AV3 3AB,199801,,,,40.1,-1.2
"""


def run(text: str) -> object:
    return import_postcodes(io.StringIO(text))


def test_onspd_loads_good_rows_and_reports_bad_ones_by_line() -> None:
    result = run(ONSPD)
    assert result.layout == "onspd"
    assert (result.rows, result.created, result.updated, result.unchanged) == (6, 2, 0, 0)
    assert result.bad == [(4, "ONS gives no location for AV1 9ZZ"), (5, "'NOT A CODE' is not a postcode"),
                          (6, "the latitude is not a number"), (7, "40.1, -1.2 is not in the UK")]
    assert place_of("av12   3bd") == ("AV12 3BD", (52.61, -1.19))
    assert place_of("AV9 9AA") == ("AV9 9AA", None)  # the right shape, but not known
    assert place_of("nowhere") == ("", None)


def test_a_second_run_changes_nothing_and_a_changed_file_updates_without_duplicating() -> None:
    run(ONSPD)
    again = run(ONSPD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    moved = run("pcds,lat,long\nav1 1aa,52.7,-1.3\nAV5 5AB,52.62,-1.21\n")  # pcds only, lower case: still one row each
    assert (moved.created, moved.updated, moved.unchanged) == (1, 1, 0)
    assert Postcode.objects.count() == 3
    assert Postcode.objects.get(postcode="AV1 1AA").latitude == 52.7


def test_pcd2_alone_is_enough_and_is_written_with_one_space() -> None:
    run("pcd2,lat,long\nAV1  1AA,52.65,-1.3\n")
    assert list(Postcode.objects.values_list("postcode", flat=True)) == ["AV1 1AA"]


def test_code_point_open_without_a_header_is_read_in_os_column_order_and_converted() -> None:
    # Ordnance Survey's worked example point, as a Code-Point Open row (postcode, quality, eastings, northings, ...).
    text = '"AV1 1AA",10,651410,313177,"E92000001","E19000001","E18000001","","E07000148","E05000001"\n' \
           '"AV1 1AB",90,0,0,"E92000001","","","","",""\n' \
           '"AV1 1AD",10,900000,313177,"E92000001","","","","",""\n'
    result = run(text)
    assert result.layout == "codepoint"
    assert result.created == 1
    assert result.bad == [(2, "Ordnance Survey gives no location for AV1 1AB"), (3, "900000, 313177 is not on the National Grid")]
    expected = places.grid_to_wgs84(651410, 313177)
    got = Postcode.objects.get(postcode="AV1 1AA")
    assert (got.latitude, got.longitude) == pytest.approx(expected, abs=1e-6)
    # WGS84, not OSGB36: about 100 m from the OSGB36 latitude and longitude of the same grid reference.
    assert places.haversine_km((got.latitude, got.longitude), places.grid_to_osgb36(651410, 313177)) > 0.05


def test_code_point_open_with_its_column_names_as_a_header() -> None:
    result = run("PC,PQ,EA,NO,CY\nAV11AA,10,651410,313177,E92000001\n")
    assert (result.layout, result.created) == ("codepoint", 1)
    assert Postcode.objects.get().postcode == "AV1 1AA"


def test_a_file_that_is_not_a_postcode_file_is_refused_with_a_reason() -> None:
    with pytest.raises(PostcodeFileError, match="ONS Postcode Directory"):
        run("name,age\nRuth,40\n")
    with pytest.raises(PostcodeFileError, match="empty"):
        run("")


def test_the_command_reports_counts_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "onspd.csv"
    path.write_text(ONSPD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_postcodes", str(path), "--quiet", stdout=out)
    text = out.getvalue()
    assert "read as the ONS Postcode Directory. 6 rows: 2 new, 0 updated, 0 unchanged, 4 could not be used." in text
    assert "line 4: ONS gives no location for AV1 9ZZ" in text
    out = io.StringIO()
    call_command("import_postcodes", str(path), "--quiet", stdout=out)
    assert "0 new, 0 updated, 2 unchanged" in out.getvalue()
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_postcodes", str(tmp_path / "missing.csv"))
