"""The five areas, views and moderation, rounds with secret once-only ballots, counting, exports and decisions."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from carecommons.participation import services
from carecommons.participation.models import (
    Area,
    Ballot,
    Contribution,
    Decision,
    DecisionEvent,
    Round,
    SupportModel,
    Voter,
)
from carecommons.rules import pb
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for


def staff(role: str) -> Any:
    return f.StaffFactory(role=role).user


@pytest.fixture
def commissioner(db: Any) -> Any:
    return staff("commissioner")


@pytest.fixture
def ready(commissioner: Any) -> Round:
    round = services.round_create(user=commissioner, title="Spring round", description="What should we fund?", budget=100_000,
                                  ballot_kind=Round.BallotKind.APPROVAL, rule=Round.Rule.EQUAL_SHARES, max_choices=0, points=10,
                                  split_total=1_000_000)
    home, community = Area.objects.get(slug="own-home"), Area.objects.get(slug="whole-community")
    for title, area, pounds in (("Bench", home, 600), ("Mural", community, 500), ("Garden", community, 400)):
        services.proposal_add(round=round, title=title, description=title, kind="community", area=area, from_model=None, to_model=None,
                              cost=pounds * 100)
    return round


def code_for(round: Round, n: int, user: Any) -> str:
    return services.verify_resident(round=round, name=f"Resident {n}", born=dt.date(1980, 1, 1 + n), postcode="AV1 1AA", user=user)


def ids(round: Round) -> dict[str, int]:
    return dict(round.proposals.values_list("title", "pk"))


def test_the_five_areas_and_the_library_are_installed(db: Any) -> None:
    assert list(Area.objects.values_list("name", flat=True)) == [
        "Support in your own home", "Support with accommodation", "Day activities and employment-related support",
        "Support with leaving hospital", "Whole-community work"]
    shared_lives = SupportModel.objects.get(slug="shared-lives")
    assert shared_lives.sources and shared_lives.not_for and "9,898" in shared_lives.evidence


def test_a_view_is_published_only_after_moderation_and_summarised_by_theme(commissioner: Any) -> None:
    area = Area.objects.get(slug="own-home")
    response = Client().post(reverse("participation:area", args=[area.slug]), {"kind": "dislike", "text": "A different carer every visit.",
                                                                               "uses_services": "on"})
    assert response.status_code == 302
    item = Contribution.objects.get()
    assert item.status == "waiting" and services.themes(area) == []
    with pytest.raises(services.ParticipationError, match="theme"):
        services.moderate(contribution_id=item.pk, publish=True, theme="", rule="", user=commissioner)
    services.moderate(contribution_id=item.pk, publish=True, theme="continuity", rule="", user=commissioner)
    [theme] = services.themes(area)
    assert (theme.theme, theme.count, theme.quotes) == ("Knowing who helps me", 1, ["A different carer every visit."])
    page = Client().get(reverse("participation:area", args=[area.slug])).content.decode()
    assert "A different carer every visit." in page and "Knowing who helps me (1 person)" in page
    other = services.contribute(kind="like", text="Buy my product", uses_services=False, area=area)
    with pytest.raises(services.ParticipationError, match="rule"):
        services.moderate(contribution_id=other.pk, publish=False, theme="", rule="", user=commissioner)
    services.moderate(contribution_id=other.pk, publish=False, theme="", rule="advertising", user=commissioner)
    assert "Buy my product" not in Client().get(reverse("participation:area", args=[area.slug])).content.decode()


def test_an_empty_view_is_refused_and_kept(db: Any) -> None:
    response = Client().post(reverse("participation:area", args=["own-home"]), {"kind": "like", "text": "  "})
    assert response.status_code == 200 and "Write what you want to say" in response.content.decode()
    assert not Contribution.objects.exists()


def test_each_resident_is_verified_once_and_each_code_votes_once(ready: Round, commissioner: Any) -> None:
    services.round_open(round=ready)
    code = code_for(ready, 1, commissioner)
    with pytest.raises(services.ParticipationError, match="already been verified"):
        services.verify_resident(round=ready, name="  resident 1 ", born=dt.date(1980, 1, 2), postcode="av11aa", user=commissioner)
    p = ids(ready)
    services.cast(round=ready, code=code, choices=[(p["Bench"], 1)], split=[50, 10, 10, 10, 20])
    with pytest.raises(services.ParticipationError, match="already been used"):
        services.cast(round=ready, code=code, choices=[(p["Mural"], 1)], split=None)
    assert Ballot.objects.count() == 1 and Voter.objects.get().has_voted


@pytest.mark.parametrize("choices, split, message", [
    ([], None, "at least one"),
    ([("Bench", 1), ("Bench", 1)], None, "once"),
    ([("Bench", 1)], [50, 50, 10, 0, 0], "adding up to 100"),
])
def test_bad_ballots_are_refused_and_the_code_is_not_spent(ready: Round, commissioner: Any, choices: list, split: Any, message: str) -> None:
    services.round_open(round=ready)
    code = code_for(ready, 1, commissioner)
    p = ids(ready)
    with pytest.raises(services.ParticipationError, match=message):
        services.cast(round=ready, code=code, choices=[(p[t], n) for t, n in choices], split=split)
    assert services.code_valid(round=ready, code=code)


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_simultaneous_ballots_with_one_code_count_once(db: Any) -> None:
    from django.apps import apps

    from carecommons.participation.library import install

    install(apps)  # a flushed test database has lost the data migration's areas
    user = staff("commissioner")
    round = services.round_create(user=user, title="Race", description="Race", budget=100_000, ballot_kind="approval", rule="greedy",
                                  max_choices=0, points=10, split_total=0)
    area = Area.objects.first()
    first = services.proposal_add(round=round, title="A", description="A", kind="community", area=area, from_model=None, to_model=None, cost=100)
    services.proposal_add(round=round, title="B", description="B", kind="community", area=area, from_model=None, to_model=None, cost=100)
    services.round_open(round=round)
    code = code_for(round, 1, user)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def vote() -> None:
        close_old_connections()
        try:
            barrier.wait()
            services.cast(round=round, code=code, choices=[(first.pk, 1)], split=None)
            outcomes.append("counted")
        except Exception as error:  # noqa: BLE001 - collected and checked below
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert outcomes.count("counted") == 1, outcomes
    assert Ballot.objects.filter(round=round).count() == 1


def test_closing_counts_by_equal_shares_and_the_split_by_independent_markets(ready: Round, commissioner: Any) -> None:
    services.round_open(round=ready)
    p = ids(ready)
    ballots = [["Bench", "Mural"], ["Bench", "Garden"], ["Mural", "Garden"], ["Bench"]]  # the worked example in tests/rules/test_pb.py
    for n, titles in enumerate(ballots):
        services.cast(round=ready, code=code_for(ready, n, commissioner), choices=[(p[t], 1) for t in titles],
                      split=[100, 0, 0, 0, 0] if n < 3 else [0, 0, 0, 0, 100])
    services.round_close(round=ready)
    ready.refresh_from_db()
    assert sorted(ready.result["selected"]) == sorted([p["Bench"], p["Garden"]])
    assert ready.result["reasons"][str(p["Bench"])].startswith("Funded: the 3 people who voted for it could pay its cost of £")
    assert ready.result["how"][0].startswith("Counted by the Method of Equal Shares.")
    assert ready.result["split"]["shares"] == [7500, 0, 0, 0, 2500]  # proportional: three of four voters chose own home
    page = Client().get(reverse("participation:round", args=[ready.pk])).content.decode()
    assert "Independent Markets" in page and "75.0%" in page and "Not funded" in page
    assert "How this was counted" in page and "raised by" not in page and "Funded in round" not in page


def test_exports_carry_no_voter_identity_and_round_trip_through_pabulib(ready: Round, commissioner: Any) -> None:
    services.round_open(round=ready)
    p = ids(ready)
    codes = [code_for(ready, n, commissioner) for n in range(3)]
    for code, title in zip(codes, ("Bench", "Mural", "Garden"), strict=True):
        services.cast(round=ready, code=code, choices=[(p[title], 1)], split=None)
    services.round_close(round=ready)
    csv_text = Client().get(reverse("participation:export-csv", args=[ready.pk])).content.decode()
    pb_text = Client().get(reverse("participation:export-pb", args=[ready.pk])).content.decode()
    secrets = [*codes, *Voter.objects.values_list("identity", "code_hash").values_list("identity", flat=True),
               *Voter.objects.values_list("code_hash", flat=True), "Resident", commissioner.username]
    for text in (csv_text, pb_text):
        assert not any(s in text for s in secrets)
        assert not any(str(b) in text for b in Ballot.objects.values_list("id", flat=True))
    assert [f.name for f in Ballot._meta.get_fields()] == ["id", "round", "choices", "split"]  # no voter, no time
    again = pb.parse(pb_text)
    assert len(again.ballots) == 3 and pb.count(again, "equal_shares").selected == tuple(sorted(map(str, ready.result["selected"]), key=int))


def test_the_decision_shows_in_the_areas_and_an_override_is_audited(ready: Round, commissioner: Any) -> None:
    services.round_open(round=ready)
    p = ids(ready)
    for n in range(2):
        services.cast(round=ready, code=code_for(ready, n, commissioner), choices=[(p["Mural"], 1)], split=[60, 10, 10, 10, 10])
    with pytest.raises(services.ParticipationError, match="Close the round"):
        services.decision_record(round=ready, year=2027, reasons="x", user=commissioner)
    services.round_close(round=ready)
    decision = services.decision_record(round=ready, year=2027, reasons="We adopt the vote.", user=commissioner)
    money = services.area_money(Area.objects.get(slug="whole-community"), today=dt.date(2027, 5, 1))
    assert [(m.kind, m.pence) for m in money if m.kind == "decided"] == [("decided", 100_000), ("decided", 50_000)]
    admin = staff("admin")
    with pytest.raises(services.ParticipationError, match="reason"):
        services.decision_override(decision=decision, funded=[p["Bench"]], area_shares=None, reason=" ", user=admin)
    client = client_for(admin)
    url = reverse("participation:manage-round", args=[ready.pk])
    blank = client.post(url, {"action": "override", "funded": [p["Bench"]], "reason": " "}, follow=True).content.decode()
    assert "An override needs a reason" in blank
    check = client.post(url, {"action": "override", "funded": [p["Bench"]], "reason": "The mural site was sold."}).content.decode()
    assert "Change the decision and publish why?" in check and "No longer funded: Mural." in check and "This cannot be undone." in check
    assert "The mural site was sold." in check
    decision.refresh_from_db()
    assert not decision.overridden, "nothing changes until it is confirmed"
    client.post(url, {"action": "override", "funded": [p["Bench"]], "reason": "The mural site was sold.", "confirmed": "yes"})
    decision.refresh_from_db()
    assert decision.overridden and decision.funded == [p["Bench"]]
    assert list(DecisionEvent.objects.values_list("what", flat=True)) == ["recorded", "overridden"]
    page = Client().get(reverse("participation:round", args=[ready.pk])).content.decode()
    assert "The council changed the result of the vote" in page and "The mural site was sold." in page
    # a commissioner cannot override
    client_for(commissioner).post(reverse("participation:manage-round", args=[ready.pk]), {"action": "override", "funded": [], "reason": "x",
                                                                                         "confirmed": "yes"})
    assert Decision.objects.get().funded == [p["Bench"]]


def test_running_rounds_needs_a_commissioning_role(db: Any) -> None:
    assert client_for(staff("practitioner")).get(reverse("participation:manage")).status_code == 403
    assert Client().get(reverse("participation:manage")).status_code == 302


def test_a_real_pabulib_file_imports_and_counts_the_same(commissioner: Any) -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "testdata" / "pabulib" / "Netherlands_Assen_2024.pb"
    with path.open("rb") as handle:
        response = client_for(commissioner).post(reverse("participation:import"), {
            "file": handle, "area": Area.objects.get(slug="whole-community").pk, "rule": "equal_shares", "title": ""})
    assert response.status_code == 302
    round = Round.objects.get()
    election = pb.parse(path.read_text(encoding="utf-8"))
    titles = set(round.proposals.filter(pk__in=round.result["selected"]).values_list("title", flat=True))
    assert titles == {election.projects[p].name or p for p in election.official}


@pytest.mark.parametrize("kind", [Round.BallotKind.CUMULATIVE, Round.BallotKind.RANKED])
def test_points_and_ranked_ballots_through_the_form(commissioner: Any, kind: str) -> None:
    round = services.round_create(user=commissioner, title="Points", description="x", budget=100_000, ballot_kind=kind,
                                  rule=Round.Rule.EQUAL_SHARES, max_choices=0, points=5, split_total=0)
    area = Area.objects.first()
    a, b = (services.proposal_add(round=round, title=t, description=t, kind="community", area=area, from_model=None, to_model=None,
                                  cost=50_000) for t in ("A", "B"))
    services.round_open(round=round)
    code = code_for(round, 1, commissioner)
    url = reverse("participation:vote", args=[round.pk])
    page = Client().post(url, {"step": "code", "code": code}).content.decode()
    assert "Your vote" in page
    if kind == Round.BallotKind.CUMULATIVE:
        bad = {"step": "ballot", "code": code, f"points_{a.pk}": "4", f"points_{b.pk}": "3"}
        good = {**bad, f"points_{b.pk}": "1"}
        expected = [[a.pk, 4], [b.pk, 1]]
    else:
        bad = {"step": "ballot", "code": code, "first": str(a.pk), "second": str(a.pk)}
        good = {**bad, "second": str(b.pk)}
        expected = [[a.pk, 1], [b.pk, 1]]
    page = Client().post(url, bad).content.decode()
    assert "There is a problem" in page and not Ballot.objects.exists()
    kept = f'name="points_{a.pk}" type="text" inputmode="numeric" aria-describedby="points-{a.pk}-hint" value="4"' if kind == "cumulative" \
        else f'<option value="{a.pk}" selected>'
    assert kept in page  # what was entered is kept
    check = Client().post(url, good).content.decode()
    assert "Check your vote" in check and not Ballot.objects.exists(), "nothing is cast until it is checked"
    assert "Your vote has been recorded" in Client().post(url, {**good, "step": "confirm"}).content.decode()
    assert Ballot.objects.get().choices == expected
    services.round_close(round=round)
    round.refresh_from_db()
    assert round.result["selected"] == [a.pk, b.pk]  # one voter with all £1,000 pays for both


def test_proposals_can_be_removed_only_before_voting_opens(ready: Round, commissioner: Any) -> None:
    p = ids(ready)
    client = client_for(commissioner)
    client.post(reverse("participation:manage-round", args=[ready.pk]), {"action": "remove", "proposal": p["Garden"]})
    assert set(ids(ready)) == {"Bench", "Mural"}
    services.round_open(round=ready)
    page = client.post(reverse("participation:manage-round", args=[ready.pk]), {"action": "remove", "proposal": p["Bench"]}).content.decode()
    assert "only be removed before voting opens" in page and set(ids(ready)) == {"Bench", "Mural"}
    assert "Spring round" in Client().get(reverse("participation:home")).content.decode()


def test_a_round_with_one_proposal_cannot_open_and_says_why(commissioner: Any) -> None:
    round = services.round_create(user=commissioner, title="Tiny", description="x", budget=100_000, ballot_kind="approval",
                                  rule="equal_shares", max_choices=0, points=10, split_total=0)
    services.proposal_add(round=round, title="Only", description="x", kind="community", area=Area.objects.first(), from_model=None,
                          to_model=None, cost=100)
    response = client_for(commissioner).post(reverse("participation:manage-round", args=[round.pk]), {"action": "open"}, follow=True)
    assert "Add at least two proposals" in response.content.decode()
    round.refresh_from_db()
    assert round.status == "draft"


def test_an_open_rounds_page_lists_its_proposals_before_anyone_enters_a_code(ready: Round) -> None:
    services.round_open(round=ready)
    page = Client().get(reverse("participation:round", args=[ready.pk])).content.decode()
    assert "The proposals" in page and "you do not need a voting code" in page
    for title, cost in (("Bench", "£600"), ("Mural", "£500"), ("Garden", "£400")):
        assert title in page and cost in page
    assert Area.objects.get(slug="own-home").name in page and Area.objects.get(slug="whole-community").name in page


def test_closing_voting_asks_first_and_says_what_will_happen(ready: Round, commissioner: Any) -> None:
    services.round_open(round=ready)
    client = client_for(commissioner)
    url = reverse("participation:manage-round", args=[ready.pk])
    check = client.post(url, {"action": "close"}).content.decode()
    assert "Close voting and publish the results?" in check and "nobody else can vote" in check and "The 0 ballots are counted" in check
    ready.refresh_from_db()
    assert ready.status == Round.Status.OPEN, "nothing changes until it is confirmed"
    assert client.post(url, {"action": "close", "confirmed": "yes"}).status_code == 302
    ready.refresh_from_db()
    assert ready.status != Round.Status.OPEN


def test_an_areas_money_is_a_picture_with_the_same_figures_in_a_table(commissioner: Any) -> None:
    area = Area.objects.get(slug="whole-community")
    services.figure_add(area=area, year=2026, kind="spent", pence=12_345_600, source="The council's accounts for 2026 to 2027", user=commissioner)
    page = Client().get(reverse("participation:area", args=[area.slug])).content.decode()
    assert "The money over the years" in page and '<svg class="cc-chart" role="img"' in page
    assert "2026 to 2027, spent: £123,456.00" in page, "the chart's description says the figures in words"
    assert "The same figures as a table, with where each comes from" in page and "The council&#x27;s accounts" in page
