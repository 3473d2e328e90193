"""Pabulib files and the greedy counts cities use, checked against real elections' official results."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carecommons.rules import equal_shares as es
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
    assert result.reasons["2"] == "Not funded: it had 2 votes, but by its turn only 40.00 was left, less than its cost of 50.00."
    assert result.reasons["1"] == "Funded: it had 3 votes and its cost of 60.00 fitted in the money left."
    assert result.how[0].startswith("Counted by most votes first")
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
    with pytest.raises(pb.PBError, match="not supported"):
        pb.count(pb.parse(SMALL), "phragmen")


def test_equal_shares_on_a_small_case_worked_by_hand() -> None:
    # Budget 100, 4 voters: 25 each. Round 1: project 1 (60) has 3 supporters with 75 between them; each pays 20
    # (price 1/3 per unit of satisfaction, satisfaction = cost 60). a has 5 left, b 5, c 25, d 5.
    # Project 2 (50): a and c have 30 < 50; project 3 (40): b and c have 30 < 40. Neither is affordable.
    # Completion: shares rise 26, 27, ... At 30 each, after 1 (each pays 20) a, b and d have 10 and c 30:
    # 2 (a and c: 40 < 50) still cannot be paid for, but 3 (b and c: 40) can, so 3 is bought in round 2,
    # costing 100 in all: no other project fits, so the completion stops there (pabutools agrees).
    election = pb.parse(SMALL)
    profile = pb.profile(election)
    first = es.run(profile, Fraction(25))
    assert first.selected == ["1"] and first.rounds[0].price == pytest.approx(1 / 3)
    assert first.dropped["2"] == (1, 30.0) and first.dropped["3"] == (1, 30.0)
    result = pb.equal_shares(election)
    assert result.selected == ("1", "3") and result.cost == 100
    assert result.reasons["1"] == ("Funded: the 3 people who voted for it could pay its cost of 60.00 together from their shares. "
                                   "It was number 1 of 2 to be funded.")
    assert result.reasons["2"] == ("Not funded: the people who voted for it had only 40.00 left in their shares after 1 other "
                                   "proposal was funded, less than its cost of 50.00.")
    how = " ".join(result.how)
    assert how.startswith("Counted by the Method of Equal Shares.") and "25.00 each" in how
    assert "raised in steps of one unit to 30.00 each (5 steps)" in how
    assert "It stopped there because no other project would fit in the money left." in how
    assert not any("round" in r or "times" in r for r in result.reasons.values()), "reasons speak to voters, not of the method"


def test_equal_shares_counts_points_and_ranks_in_proportion() -> None:
    ranked = pb.parse(SMALL.replace("vote_type;approval", "vote_type;ordinal"))
    assert pb.satisfaction_points(ranked, ranked.ballots[0]) == {"1": 3, "2": 2}
    result = pb.equal_shares(ranked)
    assert result.cost <= 100 and result.selected


@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb", "Poland_Wieliczka_2023_Green_Budget.pb",
                                  "Poland_Katowice_2023.pb"])
def test_every_election_counted_by_its_own_rule_gives_the_official_result(name: str) -> None:
    election = pb.parse((DATA / name).read_text(encoding="utf-8"))
    result = pb.count(election, election.meta["rule"])
    assert list(result.selected) == election.official
    assert result.cost == sum(election.projects[p].cost for p in election.official)


def test_every_file_whose_rule_is_supported_and_that_gives_winners_is_tested_above() -> None:
    covered = {"Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb", "Poland_Wieliczka_2023_Green_Budget.pb",
               "Poland_Katowice_2023.pb"}
    for path in DATA.glob("*.pb"):
        election = pb.parse(path.read_text(encoding="utf-8"))
        if election.meta.get("rule") in pb.RULES and election.official is not None:
            assert path.name in covered, path.name


def test_wieliczka_is_explained_by_completion_that_does_not_stop_at_the_first_exhaustive_outcome() -> None:
    # pabutools stops raising shares at the first outcome to which no other project fits (cost 984,579, with
    # 66 and 67); Wieliczka kept raising them until the next outcome would overspend, reaching 46 (995,079).
    election = pb.parse((DATA / "Poland_Wieliczka_2023_Green_Budget.pb").read_text(encoding="utf-8"))
    stops_early = pb.equal_shares(election)
    keeps_going = pb.equal_shares(election, stop_when_exhaustive=False)
    assert set(stops_early.selected) - set(keeps_going.selected) == {"66", "67"}
    assert set(keeps_going.selected) - set(stops_early.selected) == {"46"}
    assert (stops_early.cost, keeps_going.cost) == (984_579, 995_079)
    assert "Then the comparison step" in pb.count(election, "equalshares/add1-comparison").how[-1]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_fast_engine_always_agrees_with_exact_fractions(data: st.DataObject) -> None:
    # Small elections full of ties: equal costs and identical ballots make floats too close to call.
    projects = data.draw(st.integers(2, 6))
    costs = data.draw(st.lists(st.sampled_from([10, 20, 30, 60]), min_size=projects, max_size=projects))
    ids = [str(i + 1) for i in range(projects)]
    ballots = data.draw(st.lists(st.dictionaries(st.sampled_from(ids), st.integers(1, 3), min_size=1), min_size=1, max_size=12))
    budget = data.draw(st.integers(20, 150))
    profile = es.Profile.build(ids, costs, ballots, budget)
    fast, exact = es.with_add_one(profile), es.with_add_one(profile, exact=True)
    assert fast.outcome.selected == exact.outcome.selected
    assert fast.outcome.cost(profile) <= budget
    slow, exact_slow = es.with_add_one(profile, stop_when_exhaustive=False), es.with_add_one(profile, stop_when_exhaustive=False, exact=True)
    assert slow.outcome.selected == exact_slow.outcome.selected


def test_the_copies_are_the_files_pabulib_published() -> None:
    import hashlib

    provenance = (DATA / "PROVENANCE.md").read_text(encoding="utf-8")
    for path in sorted(DATA.glob("*.pb")):
        data = path.read_bytes()
        blob = hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()  # noqa: S324 - git's own object id, not security
        assert f"| {path.name} |" in provenance and blob in provenance, path.name


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fast_engine_agrees_with_exact_fractions_at_every_raise_on_generated_city_elections(seed: int) -> None:
    # The shape of the largest real approval elections, scaled down so exact fractions finish: many voters
    # pay all they have left, so the price is found by raising it past the poorest supporters, not by sorting.
    from carecommons.rules.pb_generated import city_wide_approval

    profile = pb.profile(city_wide_approval(voters=300, projects=20, seed=seed))
    done = es.with_add_one(profile)
    assert done.steps > 5
    for raise_ in sorted({0, 1, done.steps // 2, done.steps, done.steps + 1}):
        share = done.first.per_voter + raise_
        fast, exact = es.run(profile, share), es.run(profile, share, exact=True)
        assert fast.selected == exact.selected
        assert [r.paid_in_full_by for r in fast.rounds] == [r.paid_in_full_by for r in exact.rounds]
        assert any(r.paid_in_full_by for r in exact.rounds)


@pytest.mark.parametrize("path", sorted(DATA.glob("*.pb")), ids=lambda p: p.stem)  # the checked copies of shared/data/pabulib
def test_the_fast_engine_agrees_with_exact_fractions_where_the_completion_stops_on_real_elections(path: Path) -> None:
    election = pb.parse(path.read_text(encoding="utf-8"))
    profile = pb.profile(election)
    done = es.with_add_one(profile)
    for share in (done.outcome.per_voter, done.outcome.per_voter + 1):
        fast, exact = es.run(profile, share), es.run(profile, share, exact=True)
        assert fast.selected == exact.selected
        assert [r.paid_in_full_by for r in fast.rounds] == [r.paid_in_full_by for r in exact.rounds]


GENERATED_OUTCOME = ["74", "20", "48", "75", "78", "8", "21", "24", "45", "81", "58", "56", "57", "62", "66", "6", "77", "10",
                     "65", "16", "14", "1", "28", "40", "82", "30", "36", "17", "43", "54", "76", "32", "70", "47", "50", "26",
                     "51", "25", "80", "9", "13", "5", "73", "52", "23", "27", "69", "64", "39", "11"]
GENERATED_FIRST = ["74", "20", "48", "78", "8", "21", "24", "45", "81", "56", "57", "62", "66", "6", "77", "1", "14", "16", "40",
                   "28", "82", "36", "43", "54", "30", "70", "50", "17", "25", "51", "13", "80", "73", "52", "27", "69", "23",
                   "64", "39"]


def test_the_generated_city_wide_election_keeps_its_outcome() -> None:
    # Recorded from the engine before issue 14's last speed-up (pb_bench --generated counts this election): any
    # change to how Equal Shares is counted must leave the outcome, in order, and the number of raises alone.
    from carecommons.rules.pb_generated import city_wide_approval

    profile = pb.profile(city_wide_approval())
    done = es.with_add_one(profile)
    assert done.outcome.selected == GENERATED_OUTCOME
    assert done.first.selected == GENERATED_FIRST
    assert (done.steps, done.outcome.per_voter) == (130, Fraction(144480, 571))
    assert done.stopped == "one more unit each would have chosen projects costing more than the budget"
    assert [r.paid_in_full_by for r in done.outcome.rounds][:8] == [0, 0, 0, 0, 0, 0, 215, 630]
