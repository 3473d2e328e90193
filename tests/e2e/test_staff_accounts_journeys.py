"""Issue 14, sign-in and links: an administrator adds and deactivates staff, a new member of staff chooses a
password from the emailed link, and expired links say what to do. Real Chromium, axe on every page visited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from carecommons.market.models import Profile
from carecommons.market.services import profile_link
from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_administrator_adds_a_member_of_staff_who_chooses_a_password_and_deactivates_another(visit, cast):
    ade = visit("ade-staff")
    ade.sign_in("ade", f.PASSWORD)
    ade.click_link("Staff accounts")
    assert ade.heading() == "Staff accounts"
    assert "Priya Shah" in ade.text() and "North community team" in ade.text()
    ade.click_button("Add a staff member")  # a link styled as a button
    ade.fill("First name", "Nadia").fill("Last name", "Khan").fill("Work email address", "nadia.khan@ashbyvale.example")
    ade.fill("Username", "nadia.khan").choose("Practitioner")
    ade.click_button("Add them")
    assert "There is a problem" in ade.text() and "Select the team they work in" in ade.text()
    assert ade.page.get_by_label("First name", exact=True).input_value() == "Nadia"  # nothing typed is lost
    ade.page.get_by_label("Team (for practitioners and team managers)").select_option(label="North community team")
    ade.click_button("Add them")
    assert ade.heading() == "Nadia Khan"
    assert "Added by Ade Bello" in ade.text()

    (message,) = mail.outbox
    path = re.search(r"https?://[^/\s]+(/c/\w+/|/sign-in/new-password/\S+/)", message.body).group(1)  # a short link
    nadia = visit("nadia", javascript=False)
    nadia.goto(path)
    assert nadia.heading() == "Choose a new password"
    nadia.fill("New password", "nadias-own-password-1").fill("New password again", "nadias-own-password-1")
    nadia.click_button("Save the new password")
    assert nadia.heading() == "Your password has been changed"
    nadia.click_link("Sign in").fill("Username", "nadia.khan").fill("Password", "nadias-own-password-1").click_button("Sign in")
    assert nadia.heading() == "Set up an authenticator app"

    ade.click_link("Back to staff accounts").click_link("Tom Baker")
    ade.click_button("Deactivate this account")
    ade.fill("Why?", "Left").click_button("Deactivate the account")
    assert "Say why in at least 3 words" in ade.text()
    ade.fill("Why?", "Left the council on 30 November").click_button("Deactivate the account")
    assert "Tom Baker's account has been deactivated" in ade.page.inner_text("body")
    assert "Deactivated by Ade Bello" in ade.text()


def test_an_administrator_changes_a_role_and_team_but_not_their_own_role(visit, cast):
    ade = visit("ade-roles", javascript=False)
    ade.sign_in("ade", f.PASSWORD)
    ade.click_link("Staff accounts").click_link("Priya Shah")
    ade.click_link("Change role or team")
    assert ade.heading() == "Change their role or team"
    ade.click_button("Save the change")
    assert "Nothing has changed" in ade.text()
    ade.choose("Team manager")
    ade.page.get_by_label("Team (for practitioners and team managers)").select_option(label="South community team")
    ade.click_button("Save the change")
    assert ade.heading() == "Priya Shah"
    assert "Priya Shah is now: Team manager, South community team." in ade.page.inner_text("body")
    assert ("Role or team changed from Practitioner, North community team to Team manager, South community team "
            "by Ade Bello") in ade.text()

    ade.click_link("Back to staff accounts").click_link("Ade Bello")
    ade.click_link("Change role or team").choose("Commissioner").click_button("Save the change")
    assert "There is a problem" in ade.text()
    assert "You cannot change your own role away from administrator. Ask another administrator." in ade.text()


def test_forgotten_passwords_and_expired_links_are_explained_in_plain_pages(visit, cast):
    someone = visit("someone", javascript=False)
    someone.goto("/sign-in/").click_link("I have forgotten my password")
    assert someone.heading() == "Reset your password"
    someone.fill("Email address", "nobody@ashbyvale.example").click_button("Send the link")
    assert someone.heading() == "Check your email"
    someone.goto("/sign-in/new-password/MQ/not-a-real-token/")
    assert someone.heading() == "This link no longer works"

    old = f.BookingFactory(slot=f.SlotFactory(hub=cast.library, starts_at=timezone.now() - dt.timedelta(days=40)))
    someone.goto(f"/booking/{old.token}/")
    assert someone.heading() == "This link has expired"

    provider = f.market_location(name="Oak House", provider="Oak Care Ltd", rating="Good").provider
    profile = profile_link(provider=provider)
    Profile.objects.filter(pk=profile.pk).update(link_made_at=timezone.now() - dt.timedelta(days=400))
    someone.goto(f"/care/providers/profile/{profile.edit_token}/")
    assert someone.heading() == "This link has expired"
    someone.goto("/care/providers/profile/an-old-replaced-link/")
    assert someone.heading() == "This link does not work"
