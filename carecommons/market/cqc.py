"""Import the Care Quality Commission's directory of registered locations (CSV, as CQC publishes it).

Columns are found by their header names, never their positions: CQC adds and moves columns
between releases. Unknown columns are ignored; a missing required column stops the import before
anything is written. Each row is checked; a row that cannot be used is reported with its line
number and the rest are imported. The whole import is one transaction, so a run that is stopped
part-way leaves the database exactly as it was. Re-running the same file changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from carecommons.core.inputs import is_safe_url
from carecommons.market.models import ImportRun, Location, Provider
from carecommons.rules.market import RATINGS

REQUIRED = ("Location ID", "Location Name", "Provider ID", "Provider Name")
LOCATION_COLUMNS = {
    "Location HSCA start date": "registered_on",
    "Dormant (Y/N)": "dormant",
    "Care home?": "care_home",
    "Care homes beds": "beds",
    "Location Type/Sector": "type_sector",
    "Location Inspection Directorate": "inspection_directorate",
    "Location Primary Inspection Category": "primary_inspection_category",
    "Location Latest Overall Rating": "rating",
    "Publication Date": "rating_published_on",
    "Location Region": "region",
    "Location Local Authority": "local_authority",
    "Location Postal Code": "postcode",
    "Location Street Address": "street_address",
    "Location City": "city",
    "Location Latitude": "latitude",
    "Location Longitude": "longitude",
    "Location Web Address": "website",
}
PROVIDER_COLUMNS = {
    "Provider Type/Sector": "type_sector",
    "Provider Inspection Directorate": "inspection_directorate",
    "Provider Primary Inspection Category": "primary_inspection_category",
    "Provider Postal Code": "postcode",
}
LISTS = {"Service type - ": "service_types", "Regulated activity - ": "regulated_activities", "Service user band - ": "user_bands"}
BATCH = 1000
UPDATABLE = ["provider", "name", *LOCATION_COLUMNS.values(), *LISTS.values(), "nursing", "home_care", "shared_lives", "area_key",
             "city_key", "row_hash", "updated_at"]
NOT_RATED = {"", "not yet rated", "no published rating", "insufficient evidence to rate"}


def _website(value: str) -> str:
    """A place's website as a link we can publish: CQC's files often leave out the scheme ("www.example.org"), so https
    is assumed; anything that is not then an http(s) address (a javascript: link, spaces) is left out."""
    value = value.strip()
    if value and "://" not in value and not value.lower().startswith(("mailto:", "tel:", "javascript:", "data:")):
        value = "https://" + value
    if not value or len(value) > 300 or " " in value or not value.lower().startswith(("http://", "https://")) or not is_safe_url(value):
        return ""
    return value


class ImportFailed(Exception):
    """The file cannot be imported at all (for example, a required column is missing)."""


@dataclass
class Outcome:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: list[dict[str, Any]] = field(default_factory=list)


MAX_BEDS = 10_000  # more than any care home in England; and a number every database can keep


def _date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%b-%y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{value}' is not a date")


def _yes(value: str) -> bool:
    return value.strip().upper() in ("Y", "YES", "TRUE", "1")


def parse_row(row: dict[str, str], headers: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The provider's and the location's fields from one row, or ValueError listing every problem."""
    problems: list[str] = []
    get = lambda name: (row.get(name) or "").strip()  # noqa: E731
    for name in REQUIRED:
        if not get(name):
            problems.append(f"{name} is empty")
    location: dict[str, Any] = {"cqc_id": get("Location ID"), "name": get("Location Name")}
    for column, attr in LOCATION_COLUMNS.items():
        if column not in headers:
            continue
        value = get(column)
        try:
            if attr in ("registered_on", "rating_published_on"):
                location[attr] = _date(value)
            elif attr in ("dormant", "care_home"):
                location[attr] = _yes(value)
            elif attr == "beds":
                if value and not (value.isascii() and value.isdigit()):
                    raise ValueError(f"'{value}' is not a whole number")
                location[attr] = int(value) if value else None
                if location[attr] is not None and location[attr] > MAX_BEDS:
                    raise ValueError(f"'{value}' is more than {MAX_BEDS:,} beds")
            elif attr in ("latitude", "longitude"):
                try:
                    location[attr] = float(value) if value else None
                except ValueError:
                    raise ValueError(f"'{value}' is not a number") from None
                limit = 90 if attr == "latitude" else 180
                if location[attr] is not None and not -limit <= location[attr] <= limit:
                    raise ValueError(f"'{value}' is out of range")
            elif attr == "rating":
                if value.lower() in NOT_RATED:
                    location[attr] = ""
                elif value in RATINGS:
                    location[attr] = value
                else:
                    raise ValueError(f"'{value}' is not a CQC rating")
            elif attr == "website":
                location[attr] = _website(value)
            else:
                location[attr] = value[:300]
        except ValueError as error:
            problems.append(f"{column}: {error}")
    for prefix, attr in LISTS.items():
        location[attr] = sorted(h[len(prefix):].strip() for h in headers if h.startswith(prefix) and _yes(row.get(h) or ""))
    location["nursing"] = location.get("care_home", False) and (
        "Care home service with nursing" in location["service_types"]
        or "Treatment of disease, disorder or injury" in location["regulated_activities"])
    location["home_care"] = "Domiciliary care service" in location["service_types"]
    location["area_key"] = str(location.get("local_authority", "")).lower()
    location["city_key"] = str(location.get("city", "")).lower()
    location["postcode"] = str(location.get("postcode", "")).upper()
    location["shared_lives"] = "Shared Lives" in location["service_types"]
    provider: dict[str, Any] = {"cqc_id": get("Provider ID"), "name": get("Provider Name")}
    for column, attr in PROVIDER_COLUMNS.items():
        if column in headers:
            provider[attr] = get(column)[:150]
    if problems:
        raise ValueError("; ".join(problems))
    return provider, location


def _hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(repr(sorted(fields.items())).encode()).hexdigest()


def read(stream: Iterable[str]) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    reader = csv.DictReader(stream)
    headers = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = headers
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        raise ImportFailed(f"The file is missing required columns: {', '.join(missing)}. Is it the CQC directory of locations?")

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            for row in reader:
                yield reader.line_num, row
        except csv.Error as error:  # a field over csv's limit (128 KB), a stray NUL: nothing is imported
            raise ImportFailed(f"Line {reader.line_num + 1} cannot be read ({error}), so nothing was imported.") from None

    return headers, rows()


def import_rows(headers: list[str], rows: Iterable[tuple[int, dict[str, str]]], *, file_name: str,
                progress: Callable[[int], None] = lambda n: None) -> ImportRun:
    """Create or update providers and locations; unchanged rows are left alone. All or nothing."""
    now = timezone.now()
    outcome = Outcome()
    with transaction.atomic():
        run = ImportRun.objects.create(file_name=file_name[:300], started_at=now)
        providers = {p.cqc_id: p for p in Provider.objects.all()}
        locations = {loc.cqc_id: loc for loc in Location.objects.all()}
        seen: set[str] = set()
        new: list[Location] = []
        changed: list[Location] = []
        for line, row in rows:
            outcome.rows += 1
            progress(1)
            try:
                p_fields, l_fields = parse_row(row, headers)
            except ValueError as error:
                outcome.bad.append({"line": line, "location_id": (row.get("Location ID") or "").strip(), "problems": str(error)})
                continue
            if l_fields["cqc_id"] in seen:
                outcome.bad.append({"line": line, "location_id": l_fields["cqc_id"],
                                    "problems": "This Location ID appears earlier in the file; the first is kept"})
                continue
            seen.add(l_fields["cqc_id"])
            provider = providers.get(p_fields["cqc_id"])
            p_hash = _hash(p_fields)
            if provider is None:
                provider = Provider.objects.create(row_hash=p_hash, updated_at=now, **p_fields)
                providers[provider.cqc_id] = provider
            elif provider.row_hash != p_hash:
                for k, v in p_fields.items():
                    setattr(provider, k, v)
                provider.row_hash, provider.updated_at = p_hash, now
                provider.save()
            l_hash = _hash({**l_fields, "provider": p_fields["cqc_id"]})
            location = locations.get(l_fields["cqc_id"])
            if location is None:
                new.append(Location(provider=provider, row_hash=l_hash, updated_at=now, **l_fields))
                outcome.created += 1
            elif location.row_hash != l_hash:
                for k, v in l_fields.items():
                    setattr(location, k, v)
                location.provider, location.row_hash, location.updated_at = provider, l_hash, now
                changed.append(location)
                outcome.updated += 1
            else:
                outcome.unchanged += 1
            if len(new) >= BATCH:
                Location.objects.bulk_create(new)
                new = []
            if len(changed) >= BATCH:
                Location.objects.bulk_update(changed, UPDATABLE)
                changed = []
        Location.objects.bulk_create(new)
        Location.objects.bulk_update(changed, UPDATABLE)
        run.rows, run.created, run.updated, run.unchanged, run.bad_rows = (
            outcome.rows, outcome.created, outcome.updated, outcome.unchanged, outcome.bad)
        run.finished_at = timezone.now()
        run.save()
    return run


def import_text(text: str, *, file_name: str = "upload.csv") -> ImportRun:
    headers, rows = read(io.StringIO(text))
    return import_rows(headers, rows, file_name=file_name)
