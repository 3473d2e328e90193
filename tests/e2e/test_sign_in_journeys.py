"""Signing in with a second factor (ADR 0012), in real headless Chromium with axe on every page."""

from __future__ import annotations

import pytest

from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_new_practitioner_sets_up_an_app_keeps_recovery_codes_and_signs_in_without_javascript(visit, cast):
    f.StaffFactory(user=f.UserFactory(username="sam", first_name="Sam", last_name="Okoro"), role="practitioner", team=cast.north)
    sam = visit("Sam", javascript=False)
    sam.goto("/sign-in/").fill("Username", "sam").fill("Password", f.PASSWORD).click_button("Sign in")
    assert sam.heading() == "Set up an authenticator app"
    assert sam.page.get_by_role("img", name="QR code to add Care Commons to your authenticator app").is_visible()
    sam.goto("/team/")  # nothing else until the app is set up
    assert sam.heading() == "Set up an authenticator app"
    sam.fill("Code from your authenticator app", "000000").click_button("Continue")
    assert "The code is not right" in sam.text()
    sam.set_up_app()
    assert sam.heading() == "Your authenticator app is set up"
    codes = sam.page.get_by_role("list", name="Recovery codes").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    sam.click_link("I have kept my recovery codes safe – continue")
    assert sam.heading() == "Your team today"
    sam.click_link("Sign out", exact=True).click_button("Sign out")
    assert sam.heading() == "You have signed out"

    sam.sign_in("sam", f.PASSWORD)  # the password, then a code from the app
    assert sam.heading() == "Your team today"
    sam.click_link("Sign out", exact=True).click_button("Sign out")

    sam.goto("/sign-in/").fill("Username", "sam").fill("Password", f.PASSWORD).click_button("Sign in")
    assert sam.heading() == "Check it is you"
    sam.click_link("Use a recovery code instead").fill("Recovery code", codes[0]).click_button("Continue")
    assert "You used a recovery code. It will not work again. You have 9 recovery codes left" in sam.text()


def test_a_person_turns_sign_in_codes_on_from_their_record_and_off_again(visit, cast):
    ruth = visit("Ruth")
    ruth.sign_in("ruth", f.PASSWORD)  # no code: she has not turned them on
    assert ruth.heading() == "Your record"
    ruth.click_link("Turn sign-in codes on or off")
    assert "Sign-in codes are off" in ruth.text()
    ruth.click_link("Turn on sign-in codes").set_up_app()
    ruth.click_link("I have kept my recovery codes safe – continue")
    assert "Sign-in codes are on" in ruth.text()
    ruth.click_link("Sign out", exact=True).click_button("Sign out")

    ruth.sign_in("ruth", f.PASSWORD)  # now she is asked for a code
    assert ruth.heading() == "Your record"
    ruth.click_link("Turn sign-in codes on or off").click_link("Turn off sign-in codes")
    assert ruth.heading() == "Turn off sign-in codes?"
    ruth.click_button("Turn off sign-in codes")
    assert "Sign-in codes are off" in ruth.text()
