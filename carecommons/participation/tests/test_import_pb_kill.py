"""Kill -9 part way through importing a real Pabulib election (issue 14): no half-imported election is left
(no round, proposal or ballot of it at all), and a re-run imports it once, whole. On SQLite, and on PostgreSQL
under scripts/with-postgres.sh."""

from __future__ import annotations

from pathlib import Path

from carecommons.testing.killing import ScratchDatabase, kill, scratch_database, wait_until

ELECTION = Path(__file__).resolve().parents[1] / "testdata" / "pabulib" / "Poland_Katowice_2023.pb"
VOTERS, PROJECTS = 39_828, 25


def _counts(db: ScratchDatabase) -> tuple[int, int, int]:
    return (int(db.one("SELECT COUNT(*) FROM participation_round")), int(db.one("SELECT COUNT(*) FROM participation_proposal")),
            int(db.one("SELECT COUNT(*) FROM participation_ballot")))


def test_killing_a_ballot_import_part_way_leaves_no_election_and_a_rerun_imports_it_once(tmp_path: Path) -> None:
    assert f"num_votes;{VOTERS}" in ELECTION.read_text(encoding="utf-8")
    with scratch_database(tmp_path) as db:
        db.manage("shell", "-c", "from django.contrib.auth import get_user_model; "
                                 "get_user_model().objects.create_user('commissioner')")
        command = ("import_pb", str(ELECTION), "--area", "whole-community", "--rule", "greedy", "--by", "commissioner")
        process = db.start(*command)
        # part way: its ballots are being written, and nothing of the election can be seen yet
        wait_until(lambda: db.writing_uncommitted("participation_ballot", wal_bytes=2_000_000), process=process)
        assert _counts(db) == (0, 0, 0)
        kill(process)
        assert _counts(db) == (0, 0, 0)

        db.manage(*command)
        assert _counts(db) == (1, PROJECTS, VOTERS)
        status, has_result = db.query("SELECT status, result IS NOT NULL FROM participation_round")[0]
        assert status == "closed" and has_result
