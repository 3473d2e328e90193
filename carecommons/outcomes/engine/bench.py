"""Timing the outcomes engine: `measures.compute` over CLD files, step by step, with its peak memory.

Used by `manage.py outcomes_bench` (issue 16, "Scale and speed"). No Django here. `timed_compute` runs the same
`compute()` the `ascof` command runs, with each step wrapped in a timer (the pipeline's SQL files, the loading,
each measure module), a DuckDB memory limit and thread count, and a sampler that reads DuckDB's own memory
figures (`duckdb_memory()`) ten times a second. `run_in_child` runs it in a fresh process (so the peak
resident memory is that run's alone) and hands back its figures.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import resource
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from . import measures, pipeline

# The generator gives each area's people NHS numbers from the test range (999 000 0000 up), the same in every
# area; the council's code goes in front ("901-9990000019": not a real-looking number), so that many
# generated councils hold different people, as the nation's files would.
NHS_NUMBER_IN_COUNCIL = (
    "CASE WHEN NHS_Number IS NULL OR NHS_Number = '' THEN NHS_Number ELSE LA_Code || '-' || NHS_Number END AS NHS_Number"
)
PERIOD_END = re.compile(r"CLD_\d{8}_(\d{4})(\d{2})\d{2}_")


def quarter_of(name: str) -> str:
    """`CLD_20250401_20260331_901_synthetic.csv` -> "2026Q1": the calendar quarter its period ends in."""
    match = PERIOD_END.match(name)
    if not match:
        raise ValueError(f"{name}: not a generated submission's name (CLD_start_end_code_...).")
    year, month = int(match.group(1)), int(match.group(2))
    return f"{year}Q{(month - 1) // 3 + 1}"


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def to_hive_parquet(con: duckdb.DuckDBPyConnection, csv: Path, root: Path, la_code: str) -> tuple[Path, int]:
    """One generated submission (CSV) as Parquet at root/LA_Code=<code>/quarter=<YYYYQn>/<name>.parquet, every
    column text, NHS numbers made the council's own; returns its path and rows."""
    target = root / f"LA_Code={la_code}" / f"quarter={quarter_of(csv.name)}" / f"{csv.stem}.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    row = con.execute(
        f"COPY (SELECT * REPLACE ({NHS_NUMBER_IN_COUNCIL}) FROM read_csv({_sql_text(str(csv))}, header = true, "  # noqa: S608 - generated paths, quoted
        f"all_varchar = true, quote = '\"', escape = '\"')) TO {_sql_text(str(target))} (FORMAT parquet, COMPRESSION zstd)"
    ).fetchone()
    return target, int(row[0]) if row else 0


def _megabytes_maxrss(who: int) -> float:
    """Peak resident memory in MB (Linux reports ru_maxrss in kilobytes)."""
    return resource.getrusage(who).ru_maxrss / 1024


class _DuckDBMemory:
    """Reads DuckDB's own account of its memory (buffer manager, by tag) and what it spilled to disk, until
    stopped; keeps the highest of each."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.cursor = con.cursor()
        self.peak_memory = 0
        self.peak_temporary = 0
        self._stop = threading.Event()
        # One cursor, sampled by its thread and after each step: DuckDB refuses a second call on a connection
        # that is busy (it does not wait), so the two take turns.
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        with self._lock:
            row = self.cursor.execute(
                "SELECT COALESCE(SUM(memory_usage_bytes), 0), COALESCE(SUM(temporary_storage_bytes), 0) "
                "FROM duckdb_memory()"
            ).fetchone()
        if row:
            self.peak_memory = max(self.peak_memory, int(row[0]))
            self.peak_temporary = max(self.peak_temporary, int(row[1]))

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            try:
                self.sample()
            except duckdb.Error:  # the connection closed under us: the run is over
                return

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def timed_compute(
    sources: Sequence[Path],
    *,
    start: date,
    end: date,
    population: Mapping[str, int] | None = None,
    memory_limit: str | None = "6GB",
    threads: int | None = 2,
    progress: bool = True,
) -> dict[str, Any]:
    """`measures.compute(sources, ...)`, timed step by step. Returns the steps' seconds (in order), the whole
    run's seconds (and processor seconds, all threads: on a shared machine the wall clock is not the engine's
    alone), rows loaded and kept, DuckDB's memory setting and the peaks it reported, the process's
    peak resident memory, and the measures (numerator, denominator, value)."""
    steps: list[tuple[str, float, float]] = []  # (step, seconds, processor seconds: all threads)
    state: dict[str, Any] = {}
    original_connect = measures.connect
    original_load = measures.load
    original_build_main = measures.build_main
    original_run_sql = pipeline.run_sql
    original_store_main = pipeline.store_main
    original_measures = {module.__name__: module.measures for module in measures.modules()}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                steps.append((name, time.perf_counter() - t0, time.process_time() - c0))
                if progress:  # as it goes, so that a long run shows where it is
                    print(f"    {name}: {steps[-1][1]:.2f} s ({steps[-1][2]:.2f} s processor)", file=sys.stderr, flush=True)
                if "sampler" in state:
                    state["sampler"].sample()

        return wrapper

    def connect(memory_limit_: str | None = None) -> duckdb.DuckDBPyConnection:
        con = original_connect(memory_limit=memory_limit_ or memory_limit)
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        state["settings"] = dict(
            con.execute(
                "SELECT name, value FROM duckdb_settings() WHERE name IN ('memory_limit', 'threads', 'temp_directory')"
            ).fetchall()
        )
        state["sampler"] = _DuckDBMemory(con)
        state["sampler"].start()
        state["con"] = con
        return con

    def build_main(con: duckdb.DuckDBPyConnection, start_: date, end_: date, **kwargs: Any) -> None:
        t0, c0 = time.perf_counter(), time.process_time()
        before = len(steps)
        original_build_main(con, start_, end_, **kwargs)
        inner = sum(seconds for _, seconds, _ in steps[before:])
        inner_cpu = sum(cpu for _, _, cpu in steps[before:])
        steps.insert(before, ("reference tables (from carecommons/rules)", time.perf_counter() - t0 - inner,
                              time.process_time() - c0 - inner_cpu))
        row = con.execute("SELECT (SELECT COUNT(*) FROM cld_main), (SELECT COUNT(*) FROM person_details)").fetchone()
        state["main_rows"], state["people"] = (int(row[0]), int(row[1])) if row else (0, 0)

    def load(con: duckdb.DuckDBPyConnection, sources_: Sequence[Path]) -> None:
        original_load(con, sources_)
        row = con.execute("SELECT COUNT(*) FROM cld_raw").fetchone()
        state["raw_rows"] = int(row[0]) if row else 0

    measures.connect = connect  # type: ignore[assignment]
    measures.load = timed("load the files (cld_raw)", load)  # type: ignore[assignment]
    measures.build_main = build_main  # type: ignore[assignment]
    pipeline.run_sql = lambda con, name: timed(name, original_run_sql)(con, name)  # type: ignore[assignment]
    pipeline.store_main = timed("the main table stored (cld_main)", original_store_main)  # type: ignore[assignment]
    for module in measures.modules():
        module.measures = timed(f"measures: {module.__name__.rsplit('.', 1)[-1]}", module.measures)  # type: ignore[attr-defined]
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        results = measures.compute(list(sources), start=start, end=end, population=population)
        total, total_cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        measures.connect = original_connect  # type: ignore[assignment]
        measures.load = original_load  # type: ignore[assignment]
        measures.build_main = original_build_main  # type: ignore[assignment]
        pipeline.run_sql = original_run_sql  # type: ignore[assignment]
        pipeline.store_main = original_store_main  # type: ignore[assignment]
        for module in measures.modules():
            module.measures = original_measures[module.__name__]  # type: ignore[attr-defined]
        if "sampler" in state:
            state["sampler"].stop()
    sampler: _DuckDBMemory | None = state.get("sampler")
    return {
        "files": len(sources),
        "raw_rows": state.get("raw_rows", 0),
        "main_rows": state.get("main_rows", 0),
        "people": state.get("people", 0),
        "steps": steps,
        "seconds": total,
        "cpu_seconds": total_cpu,
        "load_average": os.getloadavg(),
        "duckdb_settings": state.get("settings", {}),
        "duckdb_peak_memory_mb": (sampler.peak_memory / 2**20) if sampler else None,
        "duckdb_peak_temporary_mb": (sampler.peak_temporary / 2**20) if sampler else None,
        "maxrss_mb": _megabytes_maxrss(resource.RUSAGE_SELF),
        "measures": {key: result.as_json() for key, result in measures.complete(results).items()},
    }


def timed_by_council(
    councils: Mapping[str, Sequence[Path]],
    *,
    start: date,
    end: date,
    population: Mapping[str, int] | None = None,
    workers: int = 2,
) -> dict[str, Any]:
    """`partitioned.compute_by_council`: each council measured alone in `workers` processes, then added up.
    Returns the whole run's seconds, the processor seconds of the workers, the largest worker's peak resident
    memory, and the measures."""
    from . import partitioned

    t0 = time.perf_counter()
    results = partitioned.compute_by_council(councils, start=start, end=end, population=population, workers=workers)
    seconds = time.perf_counter() - t0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "councils": len(councils),
        "workers": workers,
        "seconds": seconds,
        "cpu_seconds": children.ru_utime + children.ru_stime + time.process_time(),
        "maxrss_mb": max(children.ru_maxrss, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024,
        "load_average": os.getloadavg(),
        "measures": {key: result.as_json() for key, result in results.items()},
    }


def _child(queue: Any, kwargs: dict[str, Any]) -> None:
    try:
        run = kwargs.pop("run", "compute")
        queue.put(("ok", timed_by_council(**kwargs) if run == "by_council" else timed_compute(**kwargs)))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
        queue.put(("error", f"{type(error).__name__}: {error}"))


def run_in_child(**kwargs: Any) -> dict[str, Any]:
    """timed_compute (or, with run="by_council", timed_by_council) in a fresh process (spawned: nothing inherited), so that its peak resident memory
    (ru_maxrss) is this run's alone. Also returns the parent's RUSAGE_CHILDREN peak after it ends."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(queue, kwargs))
    t0 = time.perf_counter()
    process.start()
    status, answer = queue.get()
    process.join()
    if status != "ok":
        raise RuntimeError(answer)
    figures: dict[str, Any] = dict(answer)
    figures["process_seconds"] = time.perf_counter() - t0
    figures["children_maxrss_mb"] = _megabytes_maxrss(resource.RUSAGE_CHILDREN)
    return figures
