"""Postcodes as places: reading the files a council downloads, and finding where a postcode is.

Two layouts are read, told apart by their first row:

- **The ONS Postcode Directory** (ONSPD, and the smaller National Statistics Postcode Lookup, which has the same
  columns): a header row with `pcds` (the postcode written with one space), or `pcd`/`pcd2`, and `lat` and
  `long` (WGS84). A postcode ONS cannot place has latitude 99.999999; that row is reported, not loaded.
- **Code-Point Open** (Ordnance Survey): the postcode, then a positional quality indicator, then the National Grid
  `eastings` and `northings` (OSGB36, metres). OS ships its CSV files without a header row (the column names are in
  `Doc/Code-Point_Open_Column_Headers.csv`), so a file whose first row is already a postcode is read in that order;
  a file with a header needs `postcode` (or `PC`), `eastings` (or `EA`) and `northings` (or `NO`). Eastings and
  northings become latitude and longitude through `rules.places.grid_to_wgs84` (the OS projection and Helmert
  transformation, good to about 5 metres). A grid reference of 0, 0 means "no location" and is reported.

Every postcode is written one way (upper case, one space before the last three characters). Importing is
idempotent: a postcode already held is updated where it changed and left alone where it did not, so running
the same file twice changes nothing, and never makes a second row. A row that cannot be used is reported by its
line number and the rest carry on. The whole import is one transaction.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils import timezone

from carecommons.core.models import Postcode
from carecommons.rules import places

BATCH = 2000
# Wide enough for the whole UK with the Channel Islands and the Isle of Man, as ONSPD covers them.
LATITUDES, LONGITUDES = (49.0, 61.0), (-9.0, 2.5)


class PostcodeFileError(ValueError):
    """A file that is not a postcode file this service can read; the message says why."""


@dataclass
class PostcodeImport:
    layout: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line in the file, what was wrong)


@dataclass(frozen=True)
class Row:
    line: int
    postcode: str
    latitude: float
    longitude: float


def _index(header: list[str], *names: str) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def _layout(first: list[str]) -> tuple[str, dict[str, int], bool]:
    """The file's layout, where its columns are, and whether the first row is a header."""
    lat, lon = _index(first, "lat"), _index(first, "long")
    code = _index(first, "pcds", "pcd2", "pcd")
    if code is not None and lat is not None and lon is not None:
        return "onspd", {"postcode": code, "lat": lat, "long": lon}, True
    pc, ea, no = _index(first, "postcode", "pc"), _index(first, "eastings", "ea"), _index(first, "northings", "no")
    if pc is not None and ea is not None and no is not None:
        return "codepoint", {"postcode": pc, "eastings": ea, "northings": no}, True
    if len(first) >= 4 and places.normalise_postcode(first[0]) and all(c.strip().isdigit() for c in first[2:4]):
        return "codepoint", {"postcode": 0, "eastings": 2, "northings": 3}, False
    raise PostcodeFileError(
        "This is not a postcode file this service can read. Use the ONS Postcode Directory (with the columns pcds, lat "
        "and long) or Code-Point Open (postcode, quality, eastings, northings).")


_DECIMAL = re.compile(r"-?[0-9]{1,7}(\.[0-9]{1,12})?")  # ASCII digits only: no "nan", "1e400" or full-width digits


def _number(text: str, what: str) -> float:
    if not _DECIMAL.fullmatch(text.strip()):
        raise ValueError(f"the {what} is not a number")
    return float(text.strip())


def _row(layout: str, cols: dict[str, int], cells: list[str], line: int) -> Row:
    needed = max(cols.values())
    if len(cells) <= needed:
        raise ValueError("the row has too few columns")
    raw = cells[cols["postcode"]]
    postcode = places.normalise_postcode(raw)
    if postcode is None:
        raise ValueError(f"{raw.strip()[:20]!r} is not a postcode" if raw.strip() else "there is no postcode")
    if layout == "onspd":
        lat, lon = _number(cells[cols["lat"]], "latitude"), _number(cells[cols["long"]], "longitude")
        if lat == 99.999999:
            raise ValueError(f"ONS gives no location for {postcode}")
    else:
        e, n = _number(cells[cols["eastings"]], "easting"), _number(cells[cols["northings"]], "northing")
        if e == 0 and n == 0:
            raise ValueError(f"Ordnance Survey gives no location for {postcode}")
        try:
            lat, lon = places.grid_to_wgs84(e, n)
        except places.GridError as error:
            raise ValueError(str(error)) from None
    if not (LATITUDES[0] <= lat <= LATITUDES[1] and LONGITUDES[0] <= lon <= LONGITUDES[1]):
        raise ValueError(f"{lat:g}, {lon:g} is not in the UK")
    return Row(line, postcode, round(lat, 6), round(lon, 6))


def read(stream: IO[str]) -> tuple[str, Iterator[Row | tuple[int, str]]]:
    """The layout, and each row as a `Row` or (line, problem). Lines count from 1, the header included."""
    reader = csv.reader(stream)
    try:
        first = next(reader)
    except StopIteration:
        raise PostcodeFileError("The file is empty.") from None
    layout, cols, header = _layout(first)

    def rows() -> Iterator[Row | tuple[int, str]]:
        numbered: Iterable[tuple[int, list[str]]] = enumerate(reader, start=2)
        if not header:  # the first row is a postcode too (Code-Point Open as OS ships it); read lazily, never all at once
            numbered = itertools.chain([(1, first)], numbered)
        for line, cells in numbered:
            if not any(c.strip() for c in cells):
                continue
            try:
                yield _row(layout, cols, cells, line)
            except ValueError as error:
                yield line, str(error)

    return layout, rows()


@transaction.atomic
def import_postcodes(stream: IO[str], *, progress: Callable[[int], None] | None = None) -> PostcodeImport:
    """Load a postcode file: new postcodes added, changed ones updated, the same left alone; bad rows reported by line."""
    layout, rows = read(stream)
    result = PostcodeImport(layout=layout)
    batch: dict[str, Row] = {}
    source = layout

    def flush() -> None:
        if not batch:
            return
        now = timezone.now()
        held = {p.postcode: p for p in Postcode.objects.filter(postcode__in=list(batch))}
        new, changed = [], []
        for row in batch.values():
            existing = held.get(row.postcode)
            if existing is None:
                new.append(Postcode(postcode=row.postcode, latitude=row.latitude, longitude=row.longitude, source=source,
                                    updated_at=now))
            elif (existing.latitude, existing.longitude, existing.source) != (row.latitude, row.longitude, source):
                existing.latitude, existing.longitude, existing.source, existing.updated_at = row.latitude, row.longitude, source, now
                changed.append(existing)
            else:
                result.unchanged += 1
        Postcode.objects.bulk_create(new, batch_size=BATCH)
        Postcode.objects.bulk_update(changed, ["latitude", "longitude", "source", "updated_at"], batch_size=BATCH)
        result.created += len(new)
        result.updated += len(changed)
        if progress:
            progress(len(batch))
        batch.clear()

    for item in rows:
        result.rows += 1
        if isinstance(item, Row):
            if item.postcode in batch:  # the same postcode twice in a batch: the later row wins, counted once
                result.unchanged += 1
            batch[item.postcode] = item
            if len(batch) >= BATCH:
                flush()
        else:
            result.bad.append(item)
            if progress:
                progress(1)
    flush()
    return result


def place_of(raw: str) -> tuple[str, tuple[float, float] | None]:
    """A postcode as written tidily, and where it is (latitude, longitude), or None when it is not known here.

    The tidy postcode is "" when what was given is not a postcode's shape."""
    postcode = places.normalise_postcode(raw)
    if postcode is None:
        return "", None
    found = Postcode.objects.filter(postcode=postcode).values_list("latitude", "longitude").first()
    return postcode, (found if found is None else (found[0], found[1]))


POSTCODE_NOT_A_POSTCODE = "Enter a real postcode, like AV1 1AA"


def postcode_unknown(postcode: str) -> str:
    """What to say when a postcode is the right shape but not in the postcode list this service has."""
    return (f"We do not know where {postcode} is. It may be new. Enter a postcode nearby instead, like a "
            "neighbour's or the nearest shop's")
