"""Shared by the benchmarks: a SQLite file of their own, and percentiles."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.utils import load_backend


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def time_page(get: Callable[[], None], n: int) -> dict[str, float]:
    """A page timed as the benches time it: one cold request, nine to warm up, then `n` timed; milliseconds."""
    t0 = time.perf_counter()
    get()
    first_ms = (time.perf_counter() - t0) * 1000
    for _ in range(9):
        get()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        get()
        times.append((time.perf_counter() - t0) * 1000)
    return {"first_ms": round(first_ms, 1), "p50_ms": round(percentile(times, 0.50), 1),
            "p95_ms": round(percentile(times, 0.95), 1), "max_ms": round(max(times), 1)}


@contextmanager
def bench_database(path: Path) -> Iterator[None]:
    """Point the default connection at the bench's own SQLite file, and back again afterwards."""
    original = connections["default"]
    settings_dict = {
        **original.settings_dict,
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        "TEST": {**original.settings_dict.get("TEST", {}), "NAME": None},
    }
    with _default_connection(settings_dict):
        yield


@contextmanager
def _default_connection(settings_dict: dict[str, Any]) -> Iterator[None]:
    """Point the default connection at `settings_dict` for the bench, and back again afterwards."""
    original = connections["default"]
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = wrapper
    try:
        yield
    finally:
        wrapper.close()
        connections["default"] = original


@contextmanager
def bench_postgres(server_url: str, *, name: str, fresh: bool) -> Iterator[None]:
    """Point the default connection at the bench's own PostgreSQL database `name` on the server at `server_url`
    (made anew when `fresh`, through the server's `postgres` database; the database the URL names is left alone, and
    need not exist), and back again afterwards."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    server = dj_database_url.parse(server_url)
    if server["ENGINE"] != "django.db.backends.postgresql":
        raise ValueError(f"{server_url!r} is not a PostgreSQL address")
    if server["NAME"] == name:
        raise ValueError(f"the bench builds its own database; choose a name other than {name!r}")
    if fresh:
        with psycopg.connect(host=server["HOST"], port=server["PORT"] or None, user=server["USER"] or None,
                             password=server["PASSWORD"] or None, dbname="postgres", autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    original = connections["default"]
    settings_dict = {
        **original.settings_dict,
        **server,
        "OPTIONS": server.get("OPTIONS", {}),  # never the SQLite options of a default database
        "NAME": name,
        "CONN_MAX_AGE": 0,
        "TEST": {**original.settings_dict.get("TEST", {}), "NAME": None},
    }
    with _default_connection(settings_dict):
        yield
