"""A provider's private profile link can be replaced (the old one stops working) and expires after a year."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carecommons.market.models import Profile
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def oak(db: Any) -> Any:
    return f.market_location(name="Oak House", provider="Oak Care Ltd", rating="Good")


def _make_link(cast: Any, oak: Any) -> Profile:
    client_for(cast.chris).post(reverse("market:provider-action", args=[oak.provider_id]), {"action": "link"})
    return Profile.objects.get(provider=oak.provider)


def _edit(profile: Profile) -> str:
    return reverse("market:profile-edit", args=[profile.edit_token])


def test_a_replaced_link_stops_working_and_the_new_one_works(cast: Any, oak: Any) -> None:
    old = _make_link(cast, oak)
    old_url = _edit(old)
    assert Client().get(old_url).status_code == 200
    response = client_for(cast.chris).post(reverse("market:provider-action", args=[oak.provider_id]), {"action": "link"}, follow=True)
    assert "the old one no longer works" in response.content.decode()
    new = Profile.objects.get(provider=oak.provider)
    assert new.pk == old.pk and new.edit_token != old.edit_token and new.link_made_by == cast.chris
    gone = Client().get(old_url)
    assert gone.status_code == 404
    assert "This link does not work" in gone.content.decode() and "Ask the council" in gone.content.decode()
    # Nothing can be published through the old link.
    Client().post(old_url, {"action": "profile", "legal_form": "company", "updated_by_name": "Someone"})
    assert Profile.objects.get(pk=old.pk).legal_form == ""
    assert Client().get(_edit(new)).status_code == 200


def test_a_link_expires_a_year_after_it_was_made_with_a_plain_page(cast: Any, oak: Any) -> None:
    profile = _make_link(cast, oak)
    Profile.objects.filter(pk=profile.pk).update(link_made_at=timezone.now() - dt.timedelta(days=366))
    response = Client().get(_edit(profile))
    assert response.status_code == 410
    page = response.content.decode()
    assert "This link has expired" in page and "Ask the council" in page
    Client().post(_edit(profile), {"action": "profile", "legal_form": "company", "updated_by_name": "Someone"})
    assert Profile.objects.get(pk=profile.pk).legal_form == ""
    council = client_for(cast.chris).get(reverse("market:provider", args=[oak.provider_id])).content.decode()
    assert "expired on" in council and "Make a new link" in council


def test_a_link_works_just_under_a_year_and_the_council_sees_until_when(cast: Any, oak: Any, settings: Any) -> None:
    settings.CARECOMMONS = {**settings.CARECOMMONS, "BASE_URL": "https://care.ashbyvale.example"}
    profile = _make_link(cast, oak)
    Profile.objects.filter(pk=profile.pk).update(link_made_at=timezone.now() - dt.timedelta(days=360))
    assert Client().get(_edit(profile)).status_code == 200
    council = client_for(cast.chris).get(reverse("market:provider", args=[oak.provider_id]), HTTP_HOST="evil.example")
    page = council.content.decode()
    assert f"https://care.ashbyvale.example{_edit(profile)}" in page and "evil.example" not in page
    assert "It works until" in page and "Replace the link" in page

