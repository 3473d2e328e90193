"""Writing small hand-made CLD files for the engine's tests."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from carecommons.rules.cld import FIELDS


def write_cld(path: Path, rows: Iterable[Mapping[str, str]], **common: str) -> Path:
    """A CLD CSV with the Release 2 header; each row is `common` updated with the row's own values."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for row in rows:
            unknown = set(row) - set(FIELDS)
            assert not unknown, f"not CLD columns: {unknown}"
            writer.writerow({**common, **row})
    return path


def submission(start: str, end: str, la_code: str = "999") -> dict[str, str]:
    return {"LA_Code": la_code, "Reporting_Period_Start_Date": start, "Reporting_Period_End_Date": end}
