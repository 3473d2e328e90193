"""A scratch database for kill -9 tests: a command runs in its own process against it, is killed part way
through a write, and the test then reads what is left with a plain connection.

SQLite by default (a file in the test's folder); when DATABASE_URL names PostgreSQL (as under
scripts/with-postgres.sh) a fresh database on that server, dropped afterwards, so the test runs against the
database the suite is being run on."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ScratchDatabase:
    url: str
    sqlite_file: Path | None

    @property
    def postgres(self) -> bool:
        return self.sqlite_file is None

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "DJANGO_SETTINGS_MODULE": "carecommons.config.settings.dev", "DATABASE_URL": self.url,
                "CARECOMMONS_DEBUG": "0"}

    def manage(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """Run `manage.py args` to the end; fail with its output if it fails."""
        done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=self.env, cwd=ROOT,  # noqa: S603
                              capture_output=True, text=True, timeout=timeout, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args], env=self.env, cwd=ROOT,  # noqa: S603
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows from a fresh connection: only what has been committed."""
        if self.sqlite_file is not None:
            with sqlite3.connect(self.sqlite_file, timeout=20) as conn:
                return list(conn.execute(sql.replace("%s", "?"), tuple(params)).fetchall())
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            return list(conn.execute(sql, tuple(params)).fetchall())  # type: ignore[arg-type]

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.query(sql, params)[0][0]

    def writing_uncommitted(self, table: str, *, wal_bytes: int = 200_000) -> bool:
        """Whether another connection is part way through a transaction that has written to `table`: on
        PostgreSQL it holds a write lock on the table; on SQLite the write-ahead log has grown past `wal_bytes`."""
        if self.sqlite_file is not None:
            wal = Path(f"{self.sqlite_file}-wal")
            return wal.exists() and wal.stat().st_size >= wal_bytes
        return bool(self.one("SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                             "WHERE c.relname = %s AND l.mode = 'RowExclusiveLock' AND l.granted "
                             "AND l.pid <> pg_backend_pid()", [table]))


def wait_until(condition: Callable[[], bool], *, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    """Wait while `process` runs until `condition` holds; fail if the process ended first."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, "the process finished before it could be stopped part way; give it more to do"
        assert time.monotonic() < deadline, "the process never got part way"
        time.sleep(0.02)


def kill(process: subprocess.Popen[bytes]) -> None:
    assert process.poll() is None, "the process finished before it could be killed; give it more to do"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@contextmanager
def scratch_database(folder: Path) -> Iterator[ScratchDatabase]:
    """A migrated, empty database for one kill test."""
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        db = ScratchDatabase(url=f"sqlite:///{folder / 'kill.sqlite3'}", sqlite_file=folder / "kill.sqlite3")
        db.manage("migrate", "-v", "0")
        yield db
        return
    import psycopg

    name = f"kill_{uuid.uuid4().hex[:12]}"
    maintenance = _with_database(server, "postgres")  # the server's own database: the named one may not exist yet
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # a name made here, never from input
    try:
        db = ScratchDatabase(url=_with_database(server, name), sqlite_file=None)
        db.manage("migrate", "-v", "0")
        yield db
    finally:
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
