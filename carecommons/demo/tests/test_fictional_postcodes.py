"""The demo's fictional postcode file: generated, deterministic, and loaded as the real files are."""

from __future__ import annotations

import io

import pytest

from carecommons.core.models import Postcode
from carecommons.core.postcodes import import_postcodes, place_of
from carecommons.demo.postcodes import CENTRE, FILE, fictional_postcodes_csv
from carecommons.rules import places


def test_the_shipped_file_is_exactly_what_the_generator_makes() -> None:
    assert FILE.read_text(encoding="utf-8") == fictional_postcodes_csv()
    assert fictional_postcodes_csv() == fictional_postcodes_csv()


@pytest.mark.django_db
def test_it_loads_whole_and_every_postcode_is_in_the_fictional_area() -> None:
    result = import_postcodes(io.StringIO(fictional_postcodes_csv()))
    assert result.bad == []
    assert result.created == Postcode.objects.count() > 250
    assert all(p.startswith("AV") for p in Postcode.objects.values_list("postcode", flat=True))
    furthest = max(places.miles_between(CENTRE, (p.latitude, p.longitude)) for p in Postcode.objects.all())
    assert furthest < 10
    assert place_of("AV1 1AA")[1] is not None
