"""`manage.py match_bench --people N --carers M --seed S --json`: matching end to end, timed.

It stores N fictional people looking for a Shared Lives carer and M fictional carers in their own
SQLite file, spread so each person has about 50 to 70 acceptable carers, then, in a fresh
process, times loading the stored profiles, building the candidates (distance, constraints,
scores) and solving, and reports the peak memory of that process. It prints
{"seconds", "peak_mb", "fit", "greedy_fit", "violations"} (and more with --json, the figures a
person can check).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from carecommons.demo.timing import bench_database
from carecommons.rules import matching


class Command(BaseCommand):
    help = "Time matching end to end, from stored profiles to the solved proposal."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=10_000)
        parser.add_argument("--carers", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--db", type=Path, default=Path(settings.BASE_DIR) / "bench-matching.sqlite3")
        parser.add_argument("--solve-only", action="store_true", help=_internal())

    def handle(self, *args: Any, **options: Any) -> None:
        if options["people"] < 1 or options["carers"] < 1:
            raise CommandError("Use at least 1 person and 1 carer")
        path: Path = options["db"].resolve()
        if options["solve_only"]:
            with bench_database(path):
                self.stdout.write(json.dumps(_solve(options)))
            return
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        with bench_database(path):
            call_command("migrate", verbosity=0, interactive=False)
            built = _build(options)
        child = subprocess.run(  # noqa: S603 - this same command, with fixed arguments
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "match_bench", "--solve-only", "--db", str(path),
             "--people", str(options["people"]), "--carers", str(options["carers"]), "--seed", str(options["seed"])],
            capture_output=True, text=True, env={**os.environ}, check=False)
        if child.returncode != 0:
            raise CommandError(f"The timed run failed: {child.stderr[-2000:]}")
        result = json.loads(child.stdout.strip().splitlines()[-1])
        result["build_seconds"] = built
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(f"{options['people']:,} people × {options['carers']:,} carers: {result['seconds']:.2f} s, peak "
                              f"{result['peak_mb']:.0f} MB; fit {result['fit']:,.1f} against greedy {result['greedy_fit']:,.1f}; "
                              f"{result['feasible_per_person']:.1f} acceptable carers a person; {result['violations']} violations")


def _internal() -> str:
    return "Internal: time the solve on an existing bench database"


def _build(options: dict[str, Any]) -> float:
    """Store the fictional profiles (not timed as part of matching)."""
    started = time.perf_counter()
    today = timezone.localdate()
    n, m, seed = options["people"], options["carers"], options["seed"]
    area = math.sqrt(max(n, m) * 2.08)  # about 50-70 acceptable carers a person
    people = matching.synthetic(n, seed=seed, area_km=area, carers=False, today=today)
    carers = matching.synthetic(m, seed=seed + 1, area_km=area, carers=True, today=today)
    lat0, lon0 = settings.CARECOMMONS["MARKET"]["AREA_CENTRE"]
    now = timezone.now().isoformat()

    def latlon(side: matching.Side) -> tuple[Any, Any]:
        return lat0 + side.y / 110.57, lon0 + side.x / (111.32 * math.cos(math.radians(lat0)))

    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO people_team (name) VALUES ('Bench team (fictional)')")
        team = cursor.lastrowid
        cursor.executemany(
            "INSERT INTO people_person (id, full_name, preferred_name, phone, email, postcode, contact_by, access_needs, team_id, created_at) "
            "VALUES (%s, %s, '', '', '', '', '', '', %s, %s)", [(i + 1, f"Person {i + 1} (fictional)", team, now) for i in range(n)])
        lat, lon = latlon(people)
        faith = [matching.FAITHS[f] if f >= 0 else "" for f in people.faith.tolist()]
        cursor.executemany(
            "INSERT INTO relationships_seeker (person_id, kind, postcode, latitude, longitude, max_km, wants, needs, about_me, never, interests, "
            "languages, faith, faith_matters, what_matters, routines, active, needs_mask, traits_mask, excludes_mask, interests_mask, "
            "languages_mask, faith_index, created_at) VALUES (%s, 'shared_lives', '', %s, %s, %s, '[]', '[]', '[]', '[]', '[]', '[]', %s, %s, "
            "'', '', %s, %s, %s, %s, %s, %s, %s, %s)",
            [(i + 1, float(lat[i]), float(lon[i]), float(people.max_km[i]), faith[i], bool(people.faith_matters[i]), True,
              int(people.needs[i]), int(people.traits[i]), int(people.excludes[i]), int(people.interests[i]), int(people.languages[i]),
              int(people.faith[i]), now) for i in range(n)])
        lat, lon = latlon(carers)
        faith = [matching.FAITHS[f] if f >= 0 else "" for f in carers.faith.tolist()]
        until = [dt.date.fromordinal(int(v)).isoformat() for v in carers.checks_valid_until.tolist()]
        cursor.executemany(
            "INSERT INTO relationships_carer (kind, name, postcode, latitude, longitude, max_km, offers, can_meet, household, "
            "household_will_not_accept, interests, languages, faith, about, capacity, approved_until, checks_until, active, needs_mask, "
            "traits_mask, excludes_mask, interests_mask, languages_mask, faith_index, valid_until_ordinal, created_at) VALUES "
            "('shared_lives', %s, '', %s, %s, %s, '[]', '[]', '[]', '[]', '[]', '[]', %s, '', %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(f"Carer {i + 1} (fictional)", float(lat[i]), float(lon[i]), float(carers.max_km[i]), faith[i], int(carers.capacity[i]),
              until[i], until[i], True, int(carers.needs[i]), int(carers.traits[i]), int(carers.excludes[i]), int(carers.interests[i]),
              int(carers.languages[i]), int(carers.faith[i]), int(carers.checks_valid_until[i]), now) for i in range(m)])
    return round(time.perf_counter() - started, 1)


def _solve(options: dict[str, Any]) -> dict[str, Any]:
    import scipy.spatial  # noqa: F401 - imported before the clock starts, as in a running server
    from ortools.graph.python import min_cost_flow  # noqa: F401

    from carecommons.relationships import services

    today = timezone.localdate()
    solved = services.solve("shared_lives", today=today)
    seconds = solved.seconds  # stored profiles to solved proposal; the greedy baseline is not timed
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    people, carers, proposal = solved.people, solved.carers, solved.proposal
    return {
        "seconds": round(seconds, 3), "peak_mb": round(peak_mb, 1), "fit": round(proposal.total_fit, 1),
        "greedy_fit": round(solved.greedy.total_fit, 1), "violations": matching.violations(people, carers, proposal, today=today),
        "people": len(people), "carers": len(carers), "feasible_per_person": round(max(solved.candidates.feasible, len(solved.candidates.person)) / max(len(people), 1), 1),
        "offered_to_solver_per_person": round(len(solved.candidates.person) / max(len(people), 1), 1),
        "matched": int(np.count_nonzero(proposal.carer >= 0)), "greedy_matched": int(np.count_nonzero(solved.greedy.carer >= 0)),
    }
