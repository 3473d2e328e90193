"""The lock files (ADR 0029) match pyproject.toml: every dependency pinned, inside its range, with hashes.

A range changed in pyproject without `make lock` fails here, not on someone's next install. And nothing
proprietary is locked: pabutools is in its own lock, installed without its dependencies (gurobipy).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)


def _pins(name: str) -> dict[str, str]:
    return {canonicalize_name(n): v for n, v in PIN.findall((ROOT / "requirements" / name).read_text())}


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _check(requirements: list[str], pins: dict[str, str]) -> None:
    for line in requirements:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is in pyproject.toml but not locked: run make lock"
        assert req.specifier.contains(pins[name], prereleases=True), f"{req.name}=={pins[name]} is outside {req}"


def test_the_runtime_lock_pins_every_dependency_inside_its_range():
    _check(_project()["dependencies"], _pins("runtime.txt"))


def test_the_test_lock_pins_the_test_extra_at_the_runtime_locks_versions():
    runtime, test = _pins("runtime.txt"), _pins("test.txt")
    _check(_project()["optional-dependencies"]["test"], test)
    assert "locust" in test and "locust" not in runtime  # a test tool, never on a production server
    assert {n: v for n, v in test.items() if n in runtime} == {n: runtime[n] for n in test if n in runtime}


def test_every_locked_package_has_a_hash_and_nothing_proprietary_is_locked():
    for name in ("runtime.txt", "test.txt", "oracle.txt"):
        text = (ROOT / "requirements" / name).read_text()
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
        for block in blocks:
            if PIN.match(block):
                assert "--hash=sha256:" in block, f"{name}: {block.splitlines()[0]} has no hash"
        assert "gurobipy" not in _pins(name)
    assert set(_pins("oracle.txt")) == {"pabutools"}
    makefile = (ROOT / "Makefile").read_text()
    assert f"pabutools=={_pins('oracle.txt')['pabutools']}" in (ROOT / "requirements" / "oracle.txt").read_text()
    assert re.search(r"^PABUTOOLS := " + re.escape(_pins("oracle.txt")["pabutools"]) + "$", makefile, re.MULTILINE)
