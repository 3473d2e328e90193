"""Relationship journeys in real Chromium, with an axe-core scan of every page visited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from carecommons.relationships import services
from carecommons.relationships.models import Arrangement, Carer, Seeker, Visit
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _profiles(cast):
    today = timezone.localdate()
    carer = Carer(kind="shared_lives", name="Rose Hughes (fictional)", latitude=52.6, longitude=-1.2, max_km=10,
                  can_meet=["step_free", "personal_care"], interests=["gardening", "music"], languages=["english"],
                  approved_until=today + dt.timedelta(days=300), checks_until=today + dt.timedelta(days=300), created_at=timezone.now())
    services.set_masks(carer)
    carer.save()
    seeker = Seeker(person=cast.ruth, kind="shared_lives", latitude=52.61, longitude=-1.2, max_km=10, needs=["step_free"],
                    interests=["gardening"], never=["dogs"], languages=["english"], created_at=timezone.now())
    services.set_masks(seeker)
    seeker.save()


def test_a_scheme_worker_runs_matching_reads_the_reasons_introduces_and_records_a_trial_stay(visit, cast):
    _profiles(cast)
    priya = visit("priya-matching")
    priya.sign_in("priya", f.PASSWORD)
    priya.click_link("Matching", exact=True)
    priya.choose("Shared Lives")
    priya.click_button("Suggest matches")
    assert priya.heading() == "Suggested matches"
    text = priya.text()
    assert "Ruth Okafor and Rose Hughes (fictional)" in text and "Both enjoy gardening." in text and "not a prediction" in text
    priya.click_button("Arrange an introduction")
    assert priya.heading() == "Ruth Okafor and Rose Hughes (fictional)"
    priya.choose("They met")
    priya.fill("Notes (optional)", "Tea at Rose's. Ruth loved the garden.")
    priya.click_button("Record it")
    priya.choose("A trial stay or trial sessions")
    priya.fill("Notes (optional)", "A weekend stay, 5 to 7 December")
    priya.click_button("Record it")
    assert Arrangement.objects.get().stage == "trial"
    assert "A weekend stay" in priya.text()


def test_a_person_sees_who_has_supported_them(visit, cast):
    now = timezone.now()
    for day in range(28):
        Visit.objects.create(person=cast.ruth, worker="Sam Green" if day % 4 else "Jo Patel", provider="Vale Home Support (fictional)",
                             starts_at=now - dt.timedelta(days=day, hours=2))
    ruth = visit("ruth-continuity", javascript=False)
    ruth.sign_in("ruth", f.PASSWORD)
    ruth.click_link("Your record", exact=True)
    ruth.click_link("Who has supported you in the last 4 weeks")
    assert ruth.heading() == "Who has supported you"
    text = ruth.text()
    assert "2\ndifferent people in the last 4 weeks" in text and "100%" in text and "Sam Green" in text
