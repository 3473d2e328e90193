"""The demo area's safeguarding: a designated team with a fictional practitioner, and fictional concerns at every
stage, the same for the same seed and date, replaced (not doubled) when the demo is built again."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from carecommons.people.models import StaffMember
from carecommons.safeguarding import services_patterns as sp
from carecommons.safeguarding.demo import LOGIN, TEAM_NAME, the_home
from carecommons.safeguarding.models import (
    Concern,
    ConcernEvent,
    SafeguardingPlan,
    SafeguardingTeam,
    StrategyMeeting,
)
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db


def _build(seed: int = 3) -> str:
    out = StringIO()
    call_command("demo_area", "--seed", str(seed), "--today", "2026-03-10", "--people", "40", stdout=out)
    return out.getvalue()


def _dump() -> list[tuple[Any, ...]]:
    return list(Concern.objects.order_by("reference").values_list(
        "reference", "state", "route", "person__full_name", "about_name", "raised_at", "what_happened",
        "outcomes_asked", "desired_outcomes", "advocate", "outcomes_achieved", "risk", "closed_at",
        "decided_by_name", "lacks_capacity", "provider_location__cqc_id"))


def test_the_demo_has_a_safeguarding_team_and_concerns_at_every_stage() -> None:
    said = _build()
    team = SafeguardingTeam.objects.select_related("team").get().team
    assert team.name == TEAM_NAME and "(fictional)" in team.name
    member = StaffMember.objects.get(team=team)  # one fictional practitioner, a demo login
    assert member.user.username == LOGIN.username == "safeguarding" and member.role == "practitioner"
    assert member.user.check_password("care-commons-demo")
    assert "  safeguarding  " in said and "adult safeguarding team" in said  # listed with the other logins
    concerns = list(Concern.objects.select_related("person"))
    assert all(c.what_happened.endswith("(fictional)") for c in concerns)
    states = Counter(c.state for c in concerns)
    assert states == {"raised": 2, "triaged": 2, "enquiry_open": 4, "closed": 2}
    new_public = next(c for c in concerns if c.state == "raised" and c.raised_through == "public")
    assert new_public.person is None and new_public.about_name  # not yet linked to a record
    other = [c for c in concerns if c.state == "triaged"]
    assert {c.route for c in other} == {"information_and_advice", "referral"}
    open_ones = [c for c in concerns if c.state == "enquiry_open"]
    assert all(c.desired_outcomes for c in open_ones) and any(c.advocate for c in open_ones)
    planned = SafeguardingPlan.objects.filter(concern__state="enquiry_open")
    assert planned.count() == 2 and all(p.kind == "risk_enablement" and p.risks_chosen for p in planned)
    assert StrategyMeeting.objects.filter(concern__state="enquiry_open").count() == 2
    closed = [c for c in concerns if c.state == "closed"]
    assert all(c.outcomes_achieved == "partially" and c.risk == "reduced" for c in closed)
    assert any(c.person and c.person.full_name == "Margaret Ellis" for c in closed)  # `person` can read hers
    assert "10 safeguarding concerns at every stage" in said


def test_the_safeguarding_login_sees_the_teams_pages() -> None:
    _build()
    client = client_for(StaffMember.objects.get(user__username="safeguarding").user)
    for state in ("raised", "triaged", "enquiry_open", "closed"):  # the team's list, a state at a time
        page = client.get(reverse("safeguarding:concerns"), {"state": state}).content.decode()
        assert all(c.reference in page for c in Concern.objects.filter(state=state))
    assert client.get(reverse("safeguarding:patterns")).status_code == 200  # the team only
    # the North team's practitioner is not on the team: the patterns page is refused
    other = client_for(StaffMember.objects.get(user__username="practitioner").user)
    assert other.get(reverse("safeguarding:patterns")).status_code == 403


def test_the_demo_shows_a_possible_pattern_at_one_care_home() -> None:
    _build()
    home = the_home()
    assert home is not None and home.care_home and not home.nursing
    about = Concern.objects.filter(provider_location=home)
    assert about.count() == 3 and all(c.provider_id == home.provider_id for c in about)
    assert {c.state for c in about} == {"raised", "triaged", "enquiry_open"}
    assert Concern.objects.exclude(provider_location=home).filter(provider__isnull=False).count() == 0
    assert ConcernEvent.objects.filter(action="place_linked", concern__in=about).count() == 3  # who linked each
    demo_now = dt.datetime(2026, 3, 10, 8, tzinfo=timezone.get_current_timezone())
    found = sp.patterns(since=sp.period_start(months=3, now=demo_now))
    (place,) = found.by_place
    (provider,) = found.by_provider
    assert place.name.startswith(home.name) and place.total == 3 and place.check.flagged
    assert provider.name == home.provider.name and provider.check.flagged
    # and on the team's page, as the safeguarding login sees it (24 months: whatever today's date is)
    client = client_for(StaffMember.objects.get(user__username="safeguarding").user)
    page = client.get(reverse("safeguarding:patterns"), {"months": "24"}).content.decode()
    assert "Possible pattern" in page and home.provider.name in page
    page = client.get(reverse("safeguarding:patterns"), {"months": "24", "by": "place"}).content.decode()
    assert "Possible pattern" in page and home.name in page


def test_the_demo_concerns_make_a_return(tmp_path: Any) -> None:
    _build()
    out = tmp_path / "sac.csv"
    call_command("sac_return", "--year", "2025-26", "--out", str(out), stdout=StringIO())
    rows = {(r["table"], r["breakdown"], r["category"]): r["count"]
            for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows[("concerns", "total", "All")] == "10"
    assert rows[("s42_enquiry_concluded", "total", "All")] == "fewer than 5"  # two: too few to publish


def test_the_same_seed_gives_the_same_concerns_and_building_again_replaces_them() -> None:
    _build()
    first = _dump()
    _build()
    assert _dump() == first and len(first) == 10
    assert SafeguardingTeam.objects.count() == 1
