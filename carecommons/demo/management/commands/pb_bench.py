"""`manage.py pb_bench [FILE]`: time the largest real election end to end, and the count beside pabutools'.

Import (read the file, store every ballot, count, publish), then the count alone by Equal Shares with the
add-one completion, then the public results page; then pabutools' own Equal Shares with completion on the
same file, if pabutools is installed (it is, by `make setup`), and the ratio of the two counts. Last, the count
alone of a generated city-wide approval election the size of the largest real ones (61,668 voters, 83
projects; `rules/pb_generated.py`, fixed seed): `--generated` times only that one.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from carecommons import participation
from carecommons.demo.timing import bench_database
from carecommons.rules import equal_shares, pb, pb_generated

DATA = Path(participation.__file__).resolve().parent / "testdata" / "pabulib"  # the checked copies of real elections


def pabutools_seconds(text: str) -> float | None:
    """pabutools' own Equal Shares with completion on the same file, or None when pabutools is not installed."""
    try:
        from pabutools.election.pabulib import parse_pabulib_from_string
        from pabutools.rules import method_of_equal_shares

        from carecommons.testing.pabutools_oracle import satisfaction
    except ImportError:
        return None
    instance, profile = parse_pabulib_from_string(text)
    t0 = time.perf_counter()
    method_of_equal_shares(instance, profile, sat_class=satisfaction(profile), voter_budget_increment=1)
    return time.perf_counter() - t0


class Command(BaseCommand):
    help = "Time the largest Pabulib election end to end (import, count, results page) and the count against pabutools'."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="A .pb file; by default the largest in the test data")
        parser.add_argument("--db", type=Path, default=Path(settings.BASE_DIR) / "bench-pb.sqlite3")
        parser.add_argument("--no-pabutools", action="store_true", help="Skip pabutools' own count (it takes tens of seconds)")
        parser.add_argument("--generated", action="store_true", help="Time only the count of the generated city-wide election")
        parser.add_argument("--no-generated", action="store_true", help="Skip the generated city-wide election")
        parser.add_argument("--voters", type=int, default=pb_generated.VOTERS, help="Voters in the generated election")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generated"]:
            self.stdout.write(json.dumps(self.generated(options["voters"])))
            return
        path = Path(options["file"]) if options["file"] else max(DATA.glob("*.pb"), key=lambda p: p.stat().st_size)
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        text = path.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        election = pb.parse(text)
        parse = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = pb.count(election, "equal_shares")
        count = time.perf_counter() - t0
        self.stdout.write(f"{path.name}: {len(election.ballots):,} voters, {len(election.projects)} projects")
        self.stdout.write(f"read the file {parse:.2f} s; Equal Shares with completion {count:.2f} s "
                          f"({len(result.selected)} projects, cost {result.cost:,} of {election.budget:,})")
        db: Path = options["db"].resolve()
        for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            leftover.unlink(missing_ok=True)
        figures: dict[str, Any] = {"file": path.name, "voters": len(election.ballots), "read_seconds": round_(parse),
                                   "count_seconds": round_(count)}
        with override_settings(DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]), bench_database(db):
            connection.force_debug_cursor = False
            from django.core.management import call_command

            from carecommons.participation import services
            from carecommons.participation.models import Area

            call_command("migrate", verbosity=0, interactive=False)
            user = get_user_model().objects.create_user("bench-commissioner")
            t0 = time.perf_counter()
            imported_round = services.import_pb(text=text, area=Area.objects.get(slug="whole-community"), rule="equal_shares", title="", user=user)
            imported = time.perf_counter() - t0
            client = Client()
            t0 = time.perf_counter()
            response = client.get(reverse("participation:round", args=[imported_round.pk]))
            page = time.perf_counter() - t0
            assert response.status_code == 200
        self.stdout.write(f"import end to end (read, store {len(election.ballots):,} ballots, count, publish) {imported:.2f} s; "
                          f"results page {page * 1000:.0f} ms")
        figures.update(import_seconds=round_(imported), page_ms=round_(page * 1000))
        if not options["no_pabutools"]:
            theirs = pabutools_seconds(text)
            if theirs is None:
                self.stdout.write("pabutools is not installed: no comparison")
            else:
                self.stdout.write(f"pabutools' Equal Shares with completion {theirs:.1f} s: Care Commons counts {theirs / count:.0f} times faster")
                figures.update(pabutools_seconds=round_(theirs), ratio=round_(theirs / count))
        if not options["no_generated"]:
            figures["generated"] = self.generated(options["voters"])
        self.stdout.write(json.dumps(figures))

    def generated(self, voters: int) -> dict[str, Any]:
        """Count the generated city-wide approval election by Equal Shares with the add-one completion."""
        election = pb_generated.city_wide_approval(voters=voters)
        counted = pb.profile(election)
        t0, c0 = time.perf_counter(), time.process_time()
        done = equal_shares.with_add_one(counted)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        self.stdout.write(f"generated city-wide approval election (not a real one; seed 14): {voters:,} voters, "
                          f"{len(election.projects)} projects, {len(counted.groups):,} different ballots; Equal Shares "
                          f"with the add-one completion {seconds:.2f} s ({cpu:.2f} s of processor time; {done.steps} raises of the per-voter share, "
                          f"{len(done.outcome.selected)} projects, cost {done.outcome.cost(counted):,} of {election.budget:,})")
        return {"voters": voters, "projects": len(election.projects), "completion_seconds": round_(seconds), "completion_cpu_seconds": round_(cpu),
                "raises": done.steps, "selected": len(done.outcome.selected)}


def round_(value: float) -> float:
    return float(f"{value:.3f}")
