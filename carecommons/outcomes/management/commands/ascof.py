"""`manage.py ascof FILE [FILE ...] --year 2025-26 --population POP.csv [--sus SUS.csv] [--json]
[--from-records] [--parquet-out FOLDER]`: the ASCOF measures from one council's CLD files by DHSC's method.

`--from-records` measures Care Commons' own records through the same CLD rows `cld_export` writes, and 2D through
the hospital discharges it records, written as the SUS rows `cld_export --sus-out` gives (unless `--sus` names a
file). Bad input never ends in a traceback: a message saying what is wrong, and a non-zero exit.
"""

from __future__ import annotations

import csv
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecommons.outcomes.engine import measures as engine_measures
from carecommons.outcomes.engine.pipeline import CLDFileError, build_main, connect, load
from carecommons.outcomes.engine.results import MeasureResult
from carecommons.rules import ascof

TITLES: dict[str, str] = {
    "2A": "People who had short-term support and then needed no ongoing support",
    "2B": "Adults aged 18 to 64 who moved into a care home, per 100,000 people",
    "2C": "Adults aged 65 and over who moved into a care home, per 100,000 people",
    "2D": "People aged 65 and over still at home 12 weeks after leaving hospital into reablement (DHSC counts 84 days)",
    "2E_18_64": "People aged 18 to 64 with long-term support who live in their own home or with family",
    "2E_65_plus": "People aged 65 and over with long-term support who live in their own home or with family",
    "3D_1a": "People with long-term support at home who choose how their budget is spent",
    "3D_2a": "People with long-term support at home who have a direct payment",
    "3D_1b": "Carers with support of their own who choose how their budget is spent",
    "3D_2b": "Carers with support of their own who have a direct payment",
}


def read_population(path: Path) -> dict[str, int]:
    """The population file (`age_band,population`, rows 18-64 and 65+), or CommandError saying what is wrong."""
    if not path.is_file():
        raise CommandError(f"There is no population file at {path}.")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            return ascof.parse_population(list(reader), reader.fieldnames)
    except UnicodeDecodeError:
        raise CommandError(f"{path.name} must be text in UTF-8.") from None
    except (csv.Error, ValueError) as error:
        raise CommandError(f"{path.name}: {error}") from None


class Command(BaseCommand):
    help = "The ASCOF measures (2A to 3D) from CLD files, by DHSC's method."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="CLD files (CSV or Parquet), oldest submission first")
        parser.add_argument("--year", required=True, help="the financial year, for example 2025-26")
        parser.add_argument("--population", help="a CSV file: age_band,population with rows 18-64 and 65+")
        parser.add_argument(
            "--sus", help="hospital episodes (SUS) for 2D, in the columns DHSC's 2D script reads"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--from-records", action="store_true",
            help="measure Care Commons' own records instead of files (2D: its own hospital discharges, unless --sus)",
        )
        parser.add_argument(
            "--parquet-out", help="a folder for cld_main and each measure's people, as Parquet"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start, end = ascof.financial_year(options["year"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        population = read_population(Path(options["population"])) if options["population"] else None
        sus = Path(options["sus"]) if options["sus"] else None
        if sus is not None and not sus.is_file():
            raise CommandError(f"There is no SUS file at {sus}.")
        files = [Path(name) for name in options["files"]]
        if options["from_records"] and files:
            raise CommandError("Give CLD files or --from-records, not both.")
        if not options["from_records"] and not files:
            raise CommandError("Give at least one CLD file, or --from-records.")
        parquet_out = Path(options["parquet_out"]) if options["parquet_out"] else None

        with tempfile.TemporaryDirectory(prefix="ascof-") as folder:
            if options["from_records"]:
                files = [self._export_records(Path(folder), start, end)]
                if sus is None:  # the records' own discharges, written as the SUS rows `cld_export --sus-out` gives
                    sus = self._export_discharges(Path(folder), start, end)
            results = self._measure(files, start, end, population, sus, parquet_out)

        results = engine_measures.complete(results)
        warning = self._coverage_warning(start, end)
        if warning:
            self.stderr.write(warning)
        if options["json"]:
            self.stdout.write(
                json.dumps({key: results[key].as_json() for key in engine_measures.KEYS}, indent=2)
            )
            return
        self._write_text(results, start, end)

    _covered: tuple[date, date] | None = None

    def _coverage_warning(self, start: date, end: date) -> str:
        """Say so when the files do not cover the whole year measured (the figures would be too low)."""
        if self._covered is None:
            return "The files hold no events that could be used, so every measure is empty."
        first, last = self._covered
        if first > start or last < end:
            return (
                f"The files cover {first:%-d %B %Y} to {last:%-d %B %Y}, not the whole year measured "
                f"({start:%-d %B %Y} to {end:%-d %B %Y}); figures for the year will be too low."
            )
        return ""

    def _export_records(self, folder: Path, start: date, end: date) -> Path:
        try:
            from carecommons.outcomes import export  # type: ignore[attr-defined]  # written on branch cld-export
        except ImportError:
            raise CommandError(
                "Measuring Care Commons' own records needs the CLD export, which this version does not have yet."
            ) from None
        path = folder / "care-commons-records.csv"
        try:
            export.export_to_file(path, start=start, end=end)
        except (OSError, ValueError) as error:
            raise CommandError(f"Care Commons' records could not be written as CLD: {error}") from None
        return path

    def _export_discharges(self, folder: Path, start: date, end: date) -> Path:
        from carecommons.outcomes import export

        path = folder / "care-commons-discharges.csv"
        try:
            export.export_sus(path, start=start, end=end)
        except (OSError, ValueError) as error:
            raise CommandError(f"Care Commons' hospital discharges could not be written for 2D: {error}") from None
        left_out = export.sus_left_out(start=start, end=end)
        if left_out:
            self.stderr.write(f"Left out of 2D: {left_out} hospital discharge{'s' if left_out != 1 else ''} from wards "
                              "whose main specialty is not recorded (an administrator adds it at /hospital/admin/).")
        return path

    def _measure(
        self,
        files: list[Path],
        start: date,
        end: date,
        population: dict[str, int] | None,
        sus: Path | None,
        parquet_out: Path | None,
    ) -> dict[str, MeasureResult]:
        con = connect()
        try:
            load(con, files)
            build_main(con, start, end)
            results = engine_measures.compute_on(con, start=start, end=end, population=population, sus=sus)
            covered = con.execute(
                "SELECT MIN(Ref_Period_Start_Date), MAX(Ref_Period_End_Date) FROM cld_main"
            ).fetchone()
            self._covered = (covered[0], covered[1]) if covered and covered[0] is not None else None
            if parquet_out is not None:
                self._write_parquet(con, parquet_out)
            return results
        except CLDFileError as error:
            raise CommandError(str(error)) from None
        except duckdb.Error as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise CommandError(f"The files could not be measured: {first}") from None
        finally:
            con.close()

    def _write_parquet(self, con: duckdb.DuckDBPyConnection, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"The folder {folder} cannot be made: {error.strerror}.") from None
        for table in ("cld_main", "person_details", *engine_measures.person_tables()):
            exists = con.execute(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ?", [table]
            ).fetchone()
            if exists and exists[0]:
                target = str(folder / f"{table}.parquet").replace("'", "''")
                con.execute(f"COPY (SELECT * FROM {table}) TO '{target}' (FORMAT PARQUET)")  # noqa: S608 - fixed table names; the path is quoted

    def _write_text(self, results: dict[str, MeasureResult], start: date, end: date) -> None:
        self.stdout.write(
            f"ASCOF measures for 1 April {start.year} to 31 March {end.year}, by DHSC's method."
        )
        for key in engine_measures.KEYS:
            result = results[key]
            title = TITLES.get(key, key)
            if result.value is None:
                counted = f" ({result.numerator} counted)" if result.numerator else ""
                self.stdout.write(f"{key}  {title}: not worked out{counted}. {result.reason}")
            elif key in ("2B", "2C"):
                self.stdout.write(
                    f"{key}  {title}: {result.value} ({_people(result.numerator)}, population {result.denominator:,})."
                )
            else:
                self.stdout.write(
                    f"{key}  {title}: {result.value}% ({result.numerator} of {_people(result.denominator)})."
                )


def _people(count: int | None) -> str:
    return "1 person" if count == 1 else f"{count or 0} people"
