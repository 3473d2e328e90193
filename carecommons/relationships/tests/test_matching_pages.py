"""Matching rounds from stored profiles, arrangements, and continuity pages, as each role uses them."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from carecommons.relationships import services
from carecommons.relationships.models import Arrangement, Carer, MatchRound, Seeker, Visit
from carecommons.testing.clients import client_for

TODAY = timezone.localdate


def _carer(name: str, **kw: Any) -> Carer:
    carer = Carer(kind="shared_lives", name=name, latitude=52.6, longitude=-1.2, max_km=10, can_meet=["step_free", "personal_care"],
                  interests=["gardening", "music"], languages=["english"], approved_until=TODAY() + dt.timedelta(days=300),
                  checks_until=TODAY() + dt.timedelta(days=300), created_at=timezone.now())
    for k, v in kw.items():
        setattr(carer, k, v)
    services.set_masks(carer)
    carer.save()
    return carer


def _seeker(person: Any, **kw: Any) -> Seeker:
    seeker = Seeker(person=person, kind="shared_lives", latitude=52.61, longitude=-1.2, max_km=10, needs=["step_free"],
                    interests=["gardening"], languages=["english"], created_at=timezone.now())
    for k, v in kw.items():
        setattr(seeker, k, v)
    services.set_masks(seeker)
    seeker.save()
    return seeker


@pytest.fixture
def area(cast: Any) -> dict[str, Any]:
    return {
        "rose": _carer("Rose Hughes (fictional)"),
        "stale": _carer("Stale Checks (fictional)", checks_until=TODAY() - dt.timedelta(days=1)),
        "stairs": _carer("No Lift (fictional)", can_meet=["personal_care"]),
        "dog": _carer("Dog House (fictional)", household=["dogs"], interests=["gardening", "music", "walking"]),
        "ruth": _seeker(cast.ruth, never=["dogs"]),
        "stan": _seeker(cast.stan, needs=[], interests=["music"]),
    }


def test_a_round_respects_every_hard_constraint_and_explains_itself(area: dict[str, Any], cast: Any) -> None:
    round_ = services.run_round(kind="shared_lives", user=cast.priya)
    by_seeker = {p.seeker_id: p for p in round_.proposals.all()}
    ruth = by_seeker[area["ruth"].pk]
    assert ruth.carer_id == area["rose"].pk  # not the stale checks, not the house without step-free access, not the dog house
    assert any("Both enjoy gardening" in r for r in ruth.reasons) and any("'never' list: dogs" in r for r in ruth.reasons)
    assert any(r.startswith("Rose Hughes (fictional) can help with everything") for r in ruth.reasons)
    assert by_seeker[area["stan"].pk].carer_id not in (area["stale"].pk, area["rose"].pk)
    assert round_.total_fit >= round_.greedy_fit
    page = client_for(cast.priya).get(f"/matching/rounds/{round_.pk}/").content.decode()
    matched = round_.proposals.filter(carer__isnull=False).count()
    assert "How this round came out" in page and f"Matched: {matched}" in page
    assert "Not matched: nobody offering met every need within reach: " in page


def test_a_scheme_worker_pins_rules_out_introduces_and_records_each_step(area: dict[str, Any], cast: Any) -> None:
    priya = client_for(cast.priya)
    response = priya.post("/matching/", {"kind": "shared_lives"})
    round_ = MatchRound.objects.get()
    assert response.url == f"/matching/rounds/{round_.pk}/"
    page = priya.get(response.url).content.decode()
    assert "Rose Hughes (fictional)" in page and "not a prediction" in page
    ruth_proposal = round_.proposals.get(seeker=area["ruth"])
    priya.post(response.url, {"proposal": ruth_proposal.pk, "action": "exclude"})
    rerun = MatchRound.objects.order_by("-pk").first()
    assert rerun.rerun_of_id == round_.pk and rerun.proposals.get(seeker=area["ruth"]).carer_id != area["rose"].pk
    priya.post(response.url, {"proposal": ruth_proposal.pk, "action": "introduce"})
    arrangement = Arrangement.objects.get()
    url = f"/matching/arrangements/{arrangement.pk}/"
    today = TODAY()
    date = {"on_day": today.day, "on_month": today.month, "on_year": today.year}
    assert "Select one of the options shown" in priya.post(url, {"what": "started", **date}).content.decode()  # not offered yet
    priya.post(url, {"what": "met", **date, "notes": "Tea at Rose's; Ruth liked the garden"})
    priya.post(url, {"what": "trial", **date, "notes": "A weekend stay"})
    refused = priya.post(url, {"what": "agreed", **date, "person_agrees": "on"}).content.decode()
    assert "Both the person and the carer must say they agree" in refused
    priya.post(url, {"what": "agreed", **date, "person_agrees": "on", "carer_agrees": "on"})
    priya.post(url, {"what": "started", **date})
    arrangement.refresh_from_db()
    assert arrangement.stage == "active" and arrangement.next_review == today + dt.timedelta(weeks=6)
    priya.post(url, {"what": "ended", **date, "end_reason": "moved"})
    arrangement.refresh_from_db()
    assert arrangement.stage == "ended" and services.endings()[0]["reason"] == "The person moved away"
    assert client_for(cast.hana).get("/matching/").status_code == 403


def test_continuity_for_the_person_the_team_and_the_commissioner(cast: Any) -> None:
    now = timezone.now()
    for day in range(20):
        Visit.objects.create(person=cast.ruth, worker=f"Worker {day}", provider="Vale Home Support (fictional)",
                             starts_at=now - dt.timedelta(days=day, hours=1))
    own = client_for(cast.ruth_user).get("/my-record/continuity/").content.decode()
    assert "You have seen a lot of different people" in own and "20" in own
    team = client_for(cast.priya).get(f"/people/{cast.ruth.pk}/continuity/").content.decode()
    assert "A stream of strangers" in team
    providers = client_for(cast.chris).get("/market/continuity/").content.decode()
    assert "Vale Home Support (fictional)" in providers
    out = StringIO()
    call_command("continuity_report", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["people"][0] == {"person_id": cast.ruth.pk, "visits": 20, "workers": 20, "familiar_share_percent": 15,
                                   "stream_of_strangers": True}
    assert client_for(cast.tom).get(f"/people/{cast.ruth.pk}/continuity/").status_code in (302, 403)


def test_profiles_are_entered_by_their_labels_and_feed_the_matcher(cast: Any) -> None:
    priya = client_for(cast.priya)
    today = TODAY()
    bad = priya.post("/matching/profiles/new/", {"kind": "shared_lives", "name": "", "latitude": "99"}).content.decode()
    assert "Enter their name" in bad and "That latitude is not in the UK" in bad and "Enter the approval date" in bad
    priya.post("/matching/profiles/new/", {
        "kind": "shared_lives", "name": "Rose Hughes (fictional)", "latitude": "52.6", "longitude": "-1.2", "max_km": "10",
        "can_meet": ["step_free", "personal_care"], "interests": ["gardening"], "languages": ["english"], "capacity": "1",
        "approved_until_day": "1", "approved_until_month": "1", "approved_until_year": str(today.year + 1),
        "checks_until_day": "1", "checks_until_month": "1", "checks_until_year": str(today.year + 1)})
    rose = Carer.objects.get()
    assert rose.needs_mask and rose.valid_until_ordinal == dt.date(today.year + 1, 1, 1).toordinal()
    clash = priya.post(f"/people/{cast.ruth.pk}/looking-for/", {"kind": "shared_lives", "latitude": "52.61", "longitude": "-1.2",
                                                                "max_km": "10", "about_me": ["pets"], "never": ["pets"]}).content.decode()
    assert "cannot be both about them and on their" in clash
    priya.post(f"/people/{cast.ruth.pk}/looking-for/", {"kind": "shared_lives", "latitude": "52.61", "longitude": "-1.2", "max_km": "10",
                                                       "needs": ["step_free"], "interests": ["gardening"], "languages": ["english"]})
    round_ = services.run_round(kind="shared_lives", user=cast.priya)
    assert round_.proposals.get().carer_id == rose.pk


def test_shortlists_from_both_sides(area: dict[str, Any], cast: Any) -> None:
    priya = client_for(cast.priya)
    mine = priya.get(f"/matching/looking/{area['ruth'].pk}/shortlist/").content.decode()
    assert "Rose Hughes (fictional)" in mine and "Dog House" not in mine and "Stale Checks" not in mine and "No Lift" not in mine
    theirs = priya.get(f"/matching/profiles/{area['rose'].pk}/shortlist/").content.decode()
    assert "Ruth Okafor" in theirs and "Stan Hughes" not in theirs  # Stan is the South team's
    assert "Someone another team supports" in theirs
    assert "Ruth Okafor" not in priya.get(f"/matching/profiles/{area['dog'].pk}/shortlist/").content.decode()
