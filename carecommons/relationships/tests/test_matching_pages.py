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


def _postcodes() -> None:
    from carecommons.core.models import Postcode

    for code, lat, lon in (("AV1 1AA", 52.6, -1.2), ("AV1 2AB", 52.61, -1.2)):
        Postcode.objects.create(postcode=code, latitude=lat, longitude=lon, source="onspd", updated_at=timezone.now())


def test_profiles_are_entered_by_their_labels_and_feed_the_matcher(cast: Any) -> None:
    _postcodes()
    priya = client_for(cast.priya)
    today = TODAY()
    bad = priya.post("/matching/profiles/new/", {"kind": "shared_lives", "name": "", "postcode": "AV9 9ZZ"}).content.decode()
    assert "Enter their name" in bad and "We do not know where AV9 9ZZ is" in bad and "Enter the approval date" in bad
    priya.post("/matching/profiles/new/", {
        "kind": "shared_lives", "name": "Rose Hughes (fictional)", "postcode": "av11aa", "max_miles": "6",
        "can_meet": ["step_free", "personal_care"], "interests": ["gardening"], "languages": ["english"], "capacity": "1",
        "approved_until_day": "1", "approved_until_month": "1", "approved_until_year": str(today.year + 1),
        "checks_until_day": "1", "checks_until_month": "1", "checks_until_year": str(today.year + 1)})
    rose = Carer.objects.get()
    assert (rose.postcode, rose.latitude, rose.longitude) == ("AV1 1AA", 52.6, -1.2)
    assert rose.max_km == pytest.approx(9.656, abs=0.001)
    assert rose.needs_mask and rose.valid_until_ordinal == dt.date(today.year + 1, 1, 1).toordinal()
    edit = priya.get(f"/matching/profiles/{rose.pk}/").content.decode()
    assert 'value="AV1 1AA"' in edit and 'value="6.0"' in edit
    start = f"/people/{cast.ruth.pk}/looking-for/"
    assert priya.get(start)["Location"] == f"{start}what-matters/"
    step = f"{start}{{}}/"
    empty = priya.post(step.format("what-matters"), {"what_matters": "  "}).content.decode()
    assert "Enter what matters to them, in their words where you can" in empty and "part 1 of 9" in empty
    assert priya.post(step.format("what-matters"), {"what_matters": "My garden and my sister"})["Location"] == step.format("looking-for")
    assert priya.post(step.format("looking-for"), {"kind": "shared_lives"})["Location"] == step.format("where")
    unknown = priya.post(step.format("where"), {"postcode": "av9 9zz", "max_miles": "6"}).content.decode()
    assert "We do not know where AV9 9ZZ is. It may be new. Enter a postcode nearby instead" in unknown
    assert 'value="av9 9zz"' in unknown  # what was typed is kept
    assert "Enter a real postcode" in priya.post(step.format("where"), {"postcode": "hello", "max_miles": "6"}).content.decode()
    priya.post(step.format("where"), {"postcode": "AV1 2AB", "max_miles": "6"})
    priya.post(step.format("help"), {"needs": ["step_free"]})
    clash = priya.post(step.format("living-with-others"), {"about_me": ["pets"], "never": ["pets"]}).content.decode()
    assert "cannot be both about them and on their" in clash
    priya.post(step.format("living-with-others"), {"never": ["dogs"]})
    priya.post(step.format("interests"), {"interests": ["gardening"]})
    # Going back shows what was given, so nothing is typed twice.
    assert 'value="gardening" checked' in priya.get(step.format("interests")).content.decode().replace('\n', ' ')
    priya.post(step.format("languages"), {"languages": ["english"]})
    priya.post(step.format("faith"), {})
    assert priya.post(step.format("anything-else"), {"routines": "Church on Sundays"})["Location"] == f"{start}check/"
    check = priya.get(f"{start}check/").content.decode()
    for said in ("My garden and my sister", "Shared Lives", "AV1 2AB, up to 6 miles away", "Step free", "Dogs", "Gardening",
                 "Church on Sundays"):
        assert said in check, said
    # Changing one answer from the check page comes back to it.
    changed = priya.post(step.format("interests") + "?from=check", {"interests": ["gardening", "music"]})
    assert changed["Location"] == f"{start}check/"
    assert Seeker.objects.count() == 0  # nothing saved until the check page is sent
    saved = priya.post(f"{start}check/")
    seeker = Seeker.objects.get()
    assert saved["Location"] == f"/matching/looking/{seeker.pk}/shortlist/"
    assert (seeker.postcode, seeker.latitude, seeker.longitude, seeker.what_matters) == ("AV1 2AB", 52.61, -1.2, "My garden and my sister")
    assert seeker.interests == ["gardening", "music"] and seeker.never == ["dogs"] and seeker.routines == "Church on Sundays"
    round_ = services.run_round(kind="shared_lives", user=cast.priya)
    assert round_.proposals.get().carer_id == rose.pk
    # Coming back to a saved profile shows its answers to check and change.
    assert priya.get(start)["Location"] == f"{start}check/"
    assert "My garden and my sister" in priya.get(f"{start}check/").content.decode()


def test_what_matters_comes_first_and_saving_without_it_says_what_is_missing(cast: Any) -> None:
    priya = client_for(cast.priya)
    start = f"/people/{cast.ruth.pk}/looking-for/"
    priya.get(start)
    missing = priya.post(f"{start}check/").content.decode()
    assert "There is a problem" in missing and "Answer &#x27;what matters to them&#x27; before saving" in missing
    assert f'href="{start}where/"' in missing and "Not answered yet" in missing
    assert Seeker.objects.count() == 0
    assert priya.get(f"{start}nowhere/").status_code == 404


def test_shortlists_from_both_sides(area: dict[str, Any], cast: Any) -> None:
    priya = client_for(cast.priya)
    mine = priya.get(f"/matching/looking/{area['ruth'].pk}/shortlist/").content.decode()
    assert "Rose Hughes (fictional)" in mine and "Dog House" not in mine and "Stale Checks" not in mine and "No Lift" not in mine
    theirs = priya.get(f"/matching/profiles/{area['rose'].pk}/shortlist/").content.decode()
    assert "Ruth Okafor" in theirs and "Stan Hughes" not in theirs  # Stan is the South team's
    assert "Someone another team supports" in theirs
    assert "Ruth Okafor" not in priya.get(f"/matching/profiles/{area['dog'].pk}/shortlist/").content.decode()
