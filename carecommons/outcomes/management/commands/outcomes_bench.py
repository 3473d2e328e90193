"""`manage.py outcomes_bench [--people 2000000] [--council-people 50000] [--reuse FOLDER] [--by-council 2]`: the
outcomes engine at national size and for one council, timed step by step with its peak memory.

1. Generates fictional CLD (carecommons.outcomes.engine.generate.write_area): `--people` split into councils of
   `--council-people` (codes 901, 902, ...; each its own seed), eight quarterly submissions each (rolling 12
   months, as councils send them), into a temporary folder (or `--reuse FOLDER`, kept and reused).
2. Converts each submission to Parquet in hive folders, `LA_Code=901/quarter=2026Q1/<file>.parquet` (the
   calendar quarter the submission's period ends in), the layout a region or the nation would keep
   (docs/outcomes-at-scale.md).
3. Runs `measures.compute(...)` for the 2025-26 year over every file (the national year), then over the first
   council's files alone (Parquet, and the CSV it came from), each in a fresh process: the time of each step,
   the whole, DuckDB's memory limit and the peak memory it reported, and the process's peak resident memory.
4. With `--by-council WORKERS`, also measures the national year council by council in WORKERS processes and adds
   the councils' counts up (engine/partitioned.py: the same figures, in one council's memory).

Targets (issue 16): the national year under 60 seconds and 8 GB; one council under 2 seconds.
The population for 2B and 2C is made up (fictional, like the files): 200,000 aged 18-64 and 60,000 aged 65+ a
council.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecommons.outcomes.engine import bench
from carecommons.outcomes.engine.generate import write_area
from carecommons.rules import ascof

FIRST_CODE = 901
POPULATION_PER_COUNCIL = {"18-64": 200_000, "65+": 60_000}  # fictional
NATIONAL_SECONDS, NATIONAL_MB, COUNCIL_SECONDS = 60.0, 8 * 1024, 2.0
class Command(BaseCommand):
    help = "Time the outcomes engine over a national-size year of fictional CLD and over one council."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=2_000_000, help="People in the whole country (default 2,000,000)")
        parser.add_argument("--council-people", type=int, default=50_000, help="People in each council (default 50,000)")
        parser.add_argument("--seed", type=int, default=16)
        parser.add_argument("--year", default="2025-26", help="The financial year measured (default 2025-26)")
        parser.add_argument("--reuse", default="", help="A folder to generate into once and reuse (kept)")
        parser.add_argument("--tmp", default="", help="Where the temporary folder goes (default: the system's)")
        parser.add_argument("--memory-limit", default="6GB", help="DuckDB's memory_limit (default 6GB)")
        parser.add_argument("--threads", type=int, default=2, help="DuckDB's threads (default 2)")
        parser.add_argument("--skip-national", action="store_true", help="Only the one council")
        parser.add_argument("--by-council", type=int, default=0, metavar="WORKERS",
                            help="Also measure the nation council by council in WORKERS processes, then add up")
        parser.add_argument("--results", default="", help="Also write the figures to this JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        people, per_council = options["people"], options["council_people"]
        if per_council < 1 or people < per_council:
            raise CommandError("--council-people must be 1 or more and no more than --people.")
        try:
            start, end = ascof.financial_year(options["year"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        councils = math.ceil(people / per_council)
        if options["reuse"]:
            folder = Path(options["reuse"]).resolve()
            temporary = False
        else:
            folder = Path(tempfile.mkdtemp(prefix="carecommons-outcomes-bench-", dir=options["tmp"] or None))
            temporary = True
        figures: dict[str, Any] = {"people": people, "council_people": per_council, "councils": councils,
                                   "year": options["year"], "folder": str(folder)}
        try:
            figures["generate"] = self.generate(folder, people=people, per_council=per_council, seed=options["seed"])
            parquet = sorted((folder / "parquet").glob("LA_Code=*/quarter=*/*.parquet"), key=lambda p: (p.parent.parent.name, p.name))
            council = [p for p in parquet if p.parent.parent.name == f"LA_Code={FIRST_CODE}"]
            council_csv = sorted((folder / "csv").glob("*.csv"))
            settings = {"memory_limit": options["memory_limit"], "threads": options["threads"], "start": start, "end": end}
            if not options["skip_national"]:
                figures["national"] = self.run("national year", parquet, councils, settings)
            if options["by_council"]:
                figures["by_council"] = self.by_council(parquet, councils, options["by_council"], settings)
            figures["council"] = self.run(f"one council ({FIRST_CODE}, Parquet)", council, 1, settings)
            if council_csv:
                figures["council_csv"] = self.run(f"one council ({FIRST_CODE}, CSV)", council_csv, 1, settings)
            self.summary(figures)
        finally:
            if temporary:
                shutil.rmtree(folder, ignore_errors=True)
        if options["results"]:
            Path(options["results"]).write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")

    # -----------------------------------------------------------------------------------------------

    def generate(self, folder: Path, *, people: int, per_council: int, seed: int) -> dict[str, Any]:
        """Write the councils' submissions once (a manifest says what is there) and convert them to hive Parquet."""
        import duckdb

        manifest = folder / "bench-manifest.json"
        wanted = {"people": people, "council_people": per_council, "seed": seed}
        if manifest.is_file():
            made = json.loads(manifest.read_text(encoding="utf-8"))
            if {k: made.get(k) for k in wanted} == wanted:
                self.stdout.write(f"Reusing {folder}: {made['rows']:,} CLD rows made earlier "
                                  f"(generated in {made['generate_seconds']:.0f} s, converted in {made['convert_seconds']:.0f} s).")
                return {**made, "reused": True}
            raise CommandError(f"{folder} holds a bench of a different size ({made}); give another --reuse folder.")
        folder.mkdir(parents=True, exist_ok=True)
        for leftover in ("csv", "parquet", "work"):
            shutil.rmtree(folder / leftover, ignore_errors=True)
        generate_seconds = convert_seconds = 0.0
        rows = 0
        con = duckdb.connect()
        con.execute("SET threads = 2")
        councils = math.ceil(people / per_council)
        for index in range(councils):
            code = str(FIRST_CODE + index)
            size = min(per_council, people - index * per_council)
            work = folder / ("csv" if index == 0 else "work")  # the first council's CSV is kept, to time CSV too
            t0 = time.perf_counter()
            paths = write_area(work, people=size, seed=seed + index, la_code=code)
            generate_seconds += time.perf_counter() - t0
            t0 = time.perf_counter()
            for path in paths:
                _, written = bench.to_hive_parquet(con, path, folder / "parquet", code)
                rows += written
                if index:
                    path.unlink()
            convert_seconds += time.perf_counter() - t0
            self.stdout.write(f"  council {code}: {size:,} people, {len(paths)} submissions "
                              f"({generate_seconds:.0f} s generating, {convert_seconds:.0f} s converting so far, {rows:,} rows)")
        con.close()
        shutil.rmtree(folder / "work", ignore_errors=True)
        parquet_bytes = sum(p.stat().st_size for p in (folder / "parquet").rglob("*.parquet"))
        made = {**wanted, "rows": rows, "generate_seconds": generate_seconds, "convert_seconds": convert_seconds,
                "parquet_mb": parquet_bytes / 2**20}
        manifest.write_text(json.dumps(made, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(f"Generated {rows:,} CLD rows for {people:,} people in {councils} councils: "
                          f"{generate_seconds:.1f} s generating (write_area), {convert_seconds:.1f} s to Parquet "
                          f"({parquet_bytes / 2**20:,.0f} MB).")
        return {**made, "reused": False}

    def run(self, label: str, files: list[Path], councils: int, settings: dict[str, Any]) -> dict[str, Any]:
        if not files:
            raise CommandError(f"No files for the {label}.")
        population = {band: count * councils for band, count in POPULATION_PER_COUNCIL.items()}
        self.stdout.write(f"Measuring the {label}: {len(files)} files ...")
        figures = bench.run_in_child(sources=files, start=settings["start"], end=settings["end"], population=population,
                                     memory_limit=settings["memory_limit"], threads=settings["threads"])
        figures["label"] = label
        self.table(figures)
        return figures

    def by_council(self, files: list[Path], councils: int, workers: int, settings: dict[str, Any]) -> dict[str, Any]:
        grouped: dict[str, list[Path]] = {}
        for path in files:
            grouped.setdefault(path.parent.parent.name.split("=", 1)[1], []).append(path)
        population = {band: count * councils for band, count in POPULATION_PER_COUNCIL.items()}
        self.stdout.write(f"Measuring the national year council by council ({len(grouped)} councils, {workers} processes) ...")
        f = bench.run_in_child(run="by_council", councils=grouped, start=settings["start"], end=settings["end"],
                               population=population, workers=workers)
        f["label"] = f"national year, council by council ({workers} processes)"
        self.stdout.write(f"\n{f['label']}: {f['seconds']:.2f} s, {f['cpu_seconds']:.2f} s of processor time, largest "
                          f"process's peak resident memory {f['maxrss_mb']:,.0f} MB; load average "
                          + ", ".join(f"{x:.1f}" for x in f["load_average"]))
        self.stdout.write("measures: " + ", ".join(f"{key} {m['value']}" for key, m in f["measures"].items()) + "\n")
        return f

    def table(self, f: dict[str, Any]) -> None:
        w = self.stdout.write
        w(f"\n{f['label']}: {f['files']} files, {f['raw_rows']:,} CLD rows loaded, {f['main_rows']:,} unique events "
          f"kept, {f['people']:,} people")
        w(f"{'step':<48} {'seconds':>9} {'cpu s':>9}")
        for name, seconds, cpu in f["steps"]:
            w(f"{name:<48} {seconds:>9.2f} {cpu:>9.2f}")
        w(f"{'all measures (compute, whole)':<48} {f['seconds']:>9.2f} {f['cpu_seconds']:>9.2f}")
        w("load average during the run (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in f["load_average"]))
        settings = f["duckdb_settings"]
        w(f"peak resident memory {f['maxrss_mb']:,.0f} MB; DuckDB memory_limit {settings.get('memory_limit')}, threads "
          f"{settings.get('threads')}, peak DuckDB memory {f['duckdb_peak_memory_mb']:,.0f} MB, spilled to disk "
          f"{f['duckdb_peak_temporary_mb']:,.0f} MB")
        w("measures: " + ", ".join(f"{key} {m['value']}" for key, m in f["measures"].items()) + "\n")

    def summary(self, figures: dict[str, Any]) -> None:
        w = self.stdout.write
        w(f"{'run':<36} {'rows':>12} {'seconds':>9} {'peak MB':>9}  target")
        for key, seconds_target, mb_target in (("national", NATIONAL_SECONDS, NATIONAL_MB), ("council", COUNCIL_SECONDS, None),
                                               ("council_csv", None, None)):
            if key not in figures:
                continue
            f = figures[key]
            ok = (seconds_target is None or f["seconds"] < seconds_target) and (mb_target is None or f["maxrss_mb"] < mb_target)
            target = "" if seconds_target is None else (f"< {seconds_target:.0f} s" + (f", < {mb_target / 1024:.0f} GB" if mb_target else "")
                                                         + (": pass" if ok else ": FAIL"))
            w(f"{f['label']:<36} {f['raw_rows']:>12,} {f['seconds']:>9.2f} {f['maxrss_mb']:>9,.0f}  {target}")
