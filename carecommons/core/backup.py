"""Backing up and restoring the whole database, with a SHA-256 checksum beside each file (issue 14, ADR 0024).

SQLite: the online backup API (`sqlite3.Connection.backup`), which copies a consistent snapshot while the
service keeps running, and copies it back page by page on restore. PostgreSQL: `pg_dump` in its custom format
and `pg_restore --clean --single-transaction`, found where `scripts/with-postgres.sh` finds the server.
A restore checks the checksum first and refuses a file that does not match, or is for the other database.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - runs pg_dump and pg_restore with fixed arguments, never a shell
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """Something an operator must read: the message says what happened and that nothing was changed."""


def checksum_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_checksum(path: Path) -> str:
    value = sha256_of(path)
    checksum_path(path).write_text(f"{value}  {path.name}\n", encoding="ascii")  # the format `sha256sum -c` reads
    return value


def check_checksum(path: Path) -> str:
    """The file's SHA-256 if it matches the one written beside it when it was made; otherwise BackupError."""
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}. Nothing was restored.")
    beside = checksum_path(path)
    if not beside.is_file():
        raise BackupError(f"There is no checksum file beside the backup (expected {beside}), so it cannot be checked. "
                          "Nothing was restored.")
    words = beside.read_text(encoding="ascii", errors="replace").split()
    expected = words[0].lower() if words else ""
    actual = sha256_of(path)
    if actual != expected:
        raise BackupError("The backup's checksum does not match: the file has changed or been damaged since it was made. "
                          "Nothing was restored.")
    return actual


def postgres_tool(name: str) -> str:
    """The newest installed PostgreSQL's own binary (as scripts/with-postgres.sh finds pg_ctl), else one on PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                   key=lambda p: [int(x) if x.isdigit() else 0 for x in p.split("/")[4].split(".")])
    tool = found[-1] if found else shutil.which(name)
    if not tool:
        raise BackupError(f"{name} is not installed: install PostgreSQL's client tools (Debian: postgresql-client).")
    return tool


def _pg_args(settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}")


def backup(out: Path, *, using: str = DEFAULT_DB_ALIAS) -> str:
    """Write a backup of the whole database to `out` and its checksum to `out.sha256`; return the checksum."""
    connection = connections[using]
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_args(connection.settings_dict)
        _run([postgres_tool("pg_dump"), "--format=custom", "--file", str(partial), *args,
              "--dbname", str(connection.settings_dict["NAME"])], env)
    else:
        raise BackupError(f"Backing up a {connection.vendor} database is not supported: only SQLite and PostgreSQL.")
    os.replace(partial, out)
    return _write_checksum(out)


def restore(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> str:
    """Replace the whole database with the backup at `path`, after checking its checksum; return the checksum."""
    connection = connections[using]
    value = check_checksum(path)
    with path.open("rb") as f:
        head = f.read(16)
    if connection.vendor == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError("This is not an SQLite backup, and this installation uses SQLite. Nothing was restored.")
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("The backup file is damaged (SQLite's integrity check failed). Nothing was restored.")
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()  # the next query opens the restored database afresh
    elif connection.vendor == "postgresql":
        if not head.startswith(PG_MAGIC):
            raise BackupError("This is not a PostgreSQL backup (pg_dump's custom format), and this installation uses "
                              "PostgreSQL. Nothing was restored.")
        connection.close()
        args, env = _pg_args(connection.settings_dict)
        _run([postgres_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--exit-on-error", *args, "--dbname", str(connection.settings_dict["NAME"]), str(path)], env)
    else:
        raise BackupError(f"Restoring a {connection.vendor} database is not supported: only SQLite and PostgreSQL.")
    return value
