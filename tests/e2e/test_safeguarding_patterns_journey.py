"""Issue 17, patterns: a practitioner on the safeguarding team says which care home a concern is about, sees that
it is the third about that provider within 90 days ("possible pattern"), and reads the concerns together; a
commissioner sees only the count, as "fewer than 5", on the provider's scorecard and the market page. Real
Chromium, axe on every page (the patterns page also at 320 px and without JavaScript)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from carecommons.core.second_factor import new_key
from carecommons.safeguarding import services
from carecommons.safeguarding.models import Concern, SafeguardingTeam
from carecommons.safeguarding.services_patterns import concern_place_link
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WHAT = "Staff at the home leave her in bed all day and do not answer her bell (fictional)."


def _staff(username: str, role: str, team, first: str, last: str):
    user = f.UserFactory(username=username, first_name=first, last_name=last)
    f.StaffFactory(user=user, role=role, team=team)
    TOTPDevice.objects.create(user=user, name="Authenticator app", key=new_key(), confirmed=True)
    return user


def _concern(days_ago: int, about: str) -> Concern:
    concern = services.concern_raise(raised=services.Raised(what_happened=WHAT, immediate_danger="no",
                                                            about_name=about, happened_where="Oak House"))
    Concern.objects.filter(pk=concern.pk).update(raised_at=timezone.now() - dt.timedelta(days=days_ago))
    return Concern.objects.get(pk=concern.pk)


def test_the_team_sees_a_pattern_and_a_commissioner_sees_only_the_count(visit):
    team = f.TeamFactory(name="Adult safeguarding team")
    SafeguardingTeam.objects.create(team=team, designated_at=timezone.now())
    sita = _staff("sita", "practitioner", team, "Sita", "Kaur")
    _staff("chris", "commissioner", None, "Chris", "Evans")
    oak = f.market_location(name="Oak House", provider="Oak Care Ltd")
    f.market_location(name="Elm Lodge", provider="Elm Homes Ltd")
    for days_ago, about in ((40, "Mabel Ross"), (20, "Arthur Penn")):
        concern_place_link(concern=_concern(days_ago, about), user=sita, provider=None, location=oak, place_name="")
    newest = _concern(0, "Iris Dunn")

    practitioner = visit("sita-patterns")
    practitioner.context.set_default_timeout(20_000)  # the first page of a fresh live server on a busy machine
    practitioner.sign_in("sita", f.PASSWORD)
    practitioner.click_link("Safeguarding concerns")
    practitioner.click_link(newest.reference)
    assert "Not said yet." in practitioner.text()
    practitioner.click_link("Say which provider or place it is about")
    assert practitioner.heading() == "Which provider or place is this concern about?"
    practitioner.fill("Name of the care provider or place, or its postcode", "oak")
    practitioner.click_button("Search")
    assert "1 place found" in practitioner.text() and "Elm Lodge" not in practitioner.text()
    practitioner.page.get_by_role("button", name=re.compile(r"^This place\W+Oak House$")).click()
    practitioner.checked()
    assert practitioner.heading() == "Safeguarding concern about Iris Dunn"
    text = practitioner.page.inner_text("body")
    assert "Oak House (Oak Care Ltd)" in text and "This is a possible pattern" in text

    practitioner.click_link("Back to safeguarding concerns")
    practitioner.click_link("Patterns of concerns: by care provider and by place")
    assert practitioner.heading() == "Patterns of concerns"
    text = practitioner.text()
    assert "Oak Care Ltd" in text and "Possible pattern" in text and "3 concerns were raised within 90 days" in text
    assert WHAT not in text and "Iris Dunn" not in text
    practitioner.click_link("By place: 1")
    practitioner.click_link("Oak House")
    assert practitioner.heading() == "Concerns about Oak House"
    text = practitioner.text()
    assert "3 concerns, newest first" in text and newest.reference in text

    narrow = visit("sita-narrow", width=320)
    narrow.sign_in("sita", f.PASSWORD)
    narrow.goto("/safeguarding/patterns/")
    assert narrow.overflowing() == []
    no_js = visit("sita-no-js", javascript=False)
    no_js.sign_in("sita", f.PASSWORD)
    no_js.goto("/safeguarding/patterns/")
    no_js.page.get_by_label("Concerns raised in the last").select_option("24")
    no_js.click_button("Show")
    assert "Possible pattern" in no_js.text()

    commissioner = visit("chris-market")
    commissioner.sign_in("chris", f.PASSWORD)
    commissioner.click_link("Market")
    row = commissioner.page.get_by_role("row", name="Oak Care Ltd")
    assert "Fewer than 5" in row.inner_text()
    commissioner.click_link("Oak Care Ltd")
    assert commissioner.heading() == "Oak Care Ltd"
    text = commissioner.text()
    assert "Fewer than 5 safeguarding concerns about this provider in the last 12 months." in text
    assert "SG-" not in text and WHAT not in text and "Iris Dunn" not in text
    commissioner.goto("/safeguarding/patterns/")
    assert "You cannot see this page" in commissioner.text() and "Oak Care Ltd" not in commissioner.text()
