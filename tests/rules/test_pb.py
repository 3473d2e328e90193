"""Pabulib files and the greedy counts cities use, checked against real elections' official results."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecommons.rules import pb

DATA = Path(__file__).resolve().parents[2] / "carecommons" / "participation" / "testdata" / "pabulib"  # copies of shared/data/pabulib
SMALL = """META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost;name;selected
1;60;Bench;1
2;50;Mural;0
3;40;Garden;1
VOTES
voter_id;vote
a;1,2
b;1,3
c;2,3
d;1
"""


def test_greedy_is_highest_score_first_and_skips_what_no_longer_fits() -> None:
    election = pb.parse(SMALL)
    result = pb.greedy(election)
    assert pb.scores(election) == {"1": 3, "2": 2, "3": 2}
    assert result.selected == ("1", "3") and result.cost == 100  # 2 and 3 tie at 2 votes: 2 comes first but no longer fits
    assert result.reasons["2"] == "Not funded: score 2, but it costs 50 and only 40 was left."
    assert election.official == ["1", "3"]


def test_cumulative_and_ranked_scores() -> None:
    cumulative = pb.parse(SMALL.replace("vote_type;approval", "vote_type;cumulative").replace("voter_id;vote\n", "voter_id;vote;points\n")
                          .replace("a;1,2\n", "a;1,2;1,4\n").replace("b;1,3\n", "b;1,3;2,3\n").replace("c;2,3\n", "c;2,3;1,1\n")
                          .replace("d;1\n", "d;1;5\n"))
    assert pb.scores(cumulative) == {"1": 8, "2": 5, "3": 4}
    ranked = pb.parse(SMALL.replace("vote_type;approval", "vote_type;ordinal"))
    assert pb.scores(ranked) == {"1": 3 + 3 + 3, "2": 2 + 3, "3": 2 + 2}


@pytest.mark.parametrize("text, message", [
    ("PROJECTS\nproject_id;cost\n", "no META section"),
    ("project_id;cost\n", "must start with a META section"),
    ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;x\nVOTES\nvoter_id;vote\na;1\n", "no whole-number cost"),
    ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\na;9\n", "unknown projects: 9"),
    ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\n", "no VOTES section"),
])
def test_broken_files_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(pb.PBError, match=message):
        pb.parse(text)


def test_katowice_2023_counted_with_its_own_rule_gives_the_official_result() -> None:
    election = pb.parse((DATA / "Poland_Katowice_2023.pb").read_text(encoding="utf-8"))
    assert election.meta["rule"] == "greedy-threshold" and len(election.ballots) == 39_828
    result = pb.count(election, "greedy-threshold")
    assert list(result.selected) == election.official
    assert result.cost <= election.budget


def test_every_real_file_parses_and_greedy_stays_within_budget() -> None:
    for path in sorted(DATA.glob("*.pb")):
        election = pb.parse(path.read_text(encoding="utf-8"))
        assert len(election.ballots) == int(election.meta["num_votes"]), path.name
        assert pb.greedy(election).cost <= election.budget, path.name


def test_unsupported_rules_are_refused_plainly() -> None:
    with pytest.raises(pb.PBError, match="not supported yet"):
        pb.count(pb.parse(SMALL), "equalshares/add1-comparison")


def test_equal_shares_on_a_small_case_worked_by_hand() -> None:
    # Budget 100, 4 voters: 25 each. Project 1 (60) has 3 supporters: 20 each, price 1/3 per unit.
    # Then 2 (50) is supported by a (5 left) and c (25): 30 < 50, not affordable; 3 (40) by b (5) and c (25): 30 < 40.
    # Add1 raises each voter's share until an outcome would cost more than 100.
    result = pb.equal_shares(pb.parse(SMALL))
    assert result.cost <= 100 and "1" in result.selected


@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb"])
def test_equal_shares_with_add1_gives_the_official_result(name: str) -> None:
    election = pb.parse((DATA / name).read_text(encoding="utf-8"))
    assert election.meta["rule"] == "equalshares/add1"
    result = pb.count(election, "equalshares/add1")
    assert list(result.selected) == election.official


def test_the_copies_are_the_files_pabulib_published() -> None:
    import hashlib

    provenance = (DATA / "PROVENANCE.md").read_text(encoding="utf-8")
    for path in sorted(DATA.glob("*.pb")):
        data = path.read_bytes()
        blob = hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()  # noqa: S324 - git's own object id, not security
        assert f"| {path.name} |" in provenance and blob in provenance, path.name
