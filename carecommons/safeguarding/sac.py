"""The Safeguarding Adults Collection from the concern records: read in bulk, counted and suppressed by
`rules.sac`, written as one CSV file.

`concern_rows(start, end)` reads every concern raised, started as an enquiry or closed in the period, in one query
(`values_list(...).iterator()`: the person's date of birth comes with it by a join, never a query per concern),
as the plain rows `rules.sac` counts. `write_return(path, start=, end=)` writes the tables to a temporary file
beside the target and renames it into place, so the target is either the whole new file or untouched, and gives
back how many concerns were read, the rows written and the file's SHA-256.

This is the council's statutory return, not anyone reading a concern: it does not go through
`safeguarding.access.access_concern` or `people.access.open_record` (an opening per concern would bury the
openings the team and the person are shown). The `sac_return` command records the run itself
(`safeguarding.models.SacReturn`), as ADR 0036 reasons for Client Level Data (docs/sac-return.md). Only counts
leave: no name, reference, free text or date of anyone's concern is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from carecommons.rules import sac
from carecommons.safeguarding.models import Concern


class ReturnError(Exception):
    """The return could not be written: the message says why, in words for whoever ran the command."""


@dataclass(frozen=True)
class Written:
    concerns: int
    rows: int
    sha256: str


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def concern_rows(start: dt.date, end: dt.date) -> Iterator[sac.ConcernRow]:
    """Every concern raised, opened as an enquiry or closed in the period, as `rules.sac` rows (one query)."""
    since, until = _bounds(start, end)
    in_period = (Q(raised_at__gte=since, raised_at__lt=until)
                 | Q(enquiry_started_at__gte=since, enquiry_started_at__lt=until)
                 | Q(closed_at__gte=since, closed_at__lt=until))
    rows = (Concern.objects.filter(in_period).order_by("pk").values_list(
        "raised_at", "route", "enquiry_started_at", "closed_at", "abuse_types", "location", "source_of_risk",
        "person__date_of_birth", "outcomes_asked", "outcomes_achieved", "risk", "advocate", "lacks_capacity"))
    for (raised_at, route, started_at, closed_at, abuse_types, location, source, born, asked, achieved, risk,
         advocate, lacks_capacity) in rows.iterator(chunk_size=2000):
        raised_on = _day(raised_at)
        assert raised_on is not None
        yield sac.ConcernRow(
            raised_on=raised_on, route=route, enquiry_started_on=_day(started_at), closed_on=_day(closed_at),
            abuse_types=tuple(t for t in (abuse_types or []) if isinstance(t, str)), location=location,
            source_of_risk=source, born_on=born, outcomes_asked=asked, outcomes_achieved=achieved, risk=risk,
            advocate=bool(advocate.strip()), lacks_capacity=lacks_capacity)


def tables(start: dt.date, end: dt.date) -> tuple[tuple[sac.Table, ...], int]:
    """The year's tables, suppressed, and how many concerns were read (one snapshot of the records)."""
    with transaction.atomic():
        rows = list(concern_rows(start, end))
    return sac.sac_return(rows, start=start, end=end), len(rows)


def write_return(path: Path, *, start: dt.date, end: dt.date) -> Written:
    """Write the tables as CSV (UTF-8, header `rules.sac.CSV_COLUMNS`) to a temporary file in the same folder,
    then rename it to `path`."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ReturnError(f"There is no folder {folder} to write {path.name} into.")
    published, concerns = tables(start, end)
    lines = sac.csv_rows(published, start=start, end=end)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise ReturnError(f"Cannot write in {folder}: {error.strerror or error}.") from None
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(sac.CSV_COLUMNS)
            writer.writerows(lines)
        with tmp.open("rb") as done:
            digest.update(done.read())
        os.replace(tmp, path)
    except OSError as error:
        raise ReturnError(f"Cannot write {path}: {error.strerror or error}.") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return Written(concerns, len(lines), digest.hexdigest())


def msp_counts(start: dt.date, end: dt.date) -> sac.MspCounts:
    """The Making Safeguarding Personal counts for the public outcomes page (only counts leave)."""
    with transaction.atomic():
        rows = list(concern_rows(start, end))
    return sac.msp_counts(rows, start=start, end=end)
