"""Administrators add, deactivate and reactivate staff accounts on a page; every change is kept."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from carecommons.people.models import StaffAccountEvent, StaffMember
from carecommons.rules.access import Role, more_for
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for

pytestmark = pytest.mark.django_db
LIST = reverse("people:staff")
NEW = reverse("people:staff-new")


def _status_url(user) -> str:
    return reverse("people:staff-status", args=[user.staff.pk])


def _new(cast, **changes) -> dict:
    return {"first_name": "Nadia", "last_name": "Khan", "email": "nadia.khan@ashbyvale.example",
            "username": "nadia.khan", "role": "practitioner", "team": cast.north.pk, "host": "", **changes}


def test_only_administrators_open_the_staff_pages_and_their_home_lists_it(cast):
    assert "people:staff" in {page.name for page in more_for(Role.ADMIN)}
    assert client_for(cast.ade).get(LIST).status_code == 200
    for user in (cast.priya, cast.morgan, cast.chris, cast.hana):
        assert client_for(user).get(LIST).status_code == 403
        assert client_for(user).post(NEW, _new(cast)).status_code == 403
        assert client_for(user).post(_status_url(cast.tom), {"reason": "left the council", "action": "deactivate"}).status_code == 403
    assert cast.tom.is_active


def test_the_list_shows_each_member_of_staff_with_role_and_team_a_page_at_a_time(cast, django_assert_max_num_queries):
    admin = client_for(cast.ade)
    page = admin.get(LIST).content.decode()
    assert "Priya Shah" in page and "Practitioner" in page and "North community team" in page
    assert "Ashby Vale Libraries" in page and "Ruth Okafor" not in page  # people's own sign-ins are not staff
    for n in range(55):
        f.StaffFactory(user=f.UserFactory(username=f"extra{n}", first_name="Extra", last_name=f"Zz{n:02d}"),
                       role="practitioner", team=cast.south)
    with django_assert_max_num_queries(12):
        first = admin.get(LIST).content.decode()
    assert "61 in all" in first and "1 of 2" in first and "Zz54" not in first
    assert "Zz54" in admin.get(LIST, {"page": 2}).content.decode()


def test_an_administrator_adds_a_staff_member_who_is_emailed_a_link_and_still_needs_a_code(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "BASE_URL": "https://care.ashbyvale.example"}
    admin = client_for(cast.ade)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(NEW, _new(cast))
    nadia = get_user_model().objects.get(username="nadia.khan")
    assert response.status_code == 302 and response["Location"] == reverse("people:staff-member", args=[nadia.staff.pk])
    assert nadia.staff.role == "practitioner" and nadia.staff.team == cast.north and nadia.email == "nadia.khan@ashbyvale.example"
    event = StaffAccountEvent.objects.get(staff=nadia.staff)
    assert event.action == "added" and event.by == cast.ade
    (message,) = mail.outbox
    assert message.to == ["nadia.khan@ashbyvale.example"] and "Your username is nadia.khan" in message.body
    assert "/sign-in/new-password/" not in message.body  # a short link, never the long one with its token
    link = re.search(r"https://care\.ashbyvale\.example(/c/[a-z0-9]{8}/)", message.body).group(1)
    browser = Client()
    form_url = browser.get(link, follow=True).redirect_chain[-1][0]
    browser.post(form_url, {"new_password1": "nadias-own-password-1", "new_password2": "nadias-own-password-1"})
    assert browser.post(reverse("core:sign-in"), {"username": "nadia.khan", "password": "nadias-own-password-1"}).status_code == 302
    assert browser.get(reverse("insight:team"))["Location"].startswith(reverse("core:sign-in-set-up"))
    page = admin.get(reverse("people:staff-member", args=[nadia.staff.pk])).content.decode()
    assert "Added by Ade Bello" in page


def test_a_new_account_form_explains_each_problem_and_keeps_what_was_typed(cast, django_capture_on_commit_callbacks):
    admin = client_for(cast.ade)
    with django_capture_on_commit_callbacks(execute=True):
        empty = admin.post(NEW, {})
    assert empty.status_code == 400
    page = empty.content.decode()
    for message in ("Enter their first name", "Enter their last name", "Enter their work email address",
                    "Enter a username", "Select a role"):
        assert message in page
    with django_capture_on_commit_callbacks(execute=True):
        taken = admin.post(NEW, _new(cast, username="PRIYA", team="")).content.decode()
    assert "Someone already has this username" in taken
    assert "Select the team they work in" in taken
    assert 'value="Nadia"' in taken and 'value="nadia.khan@ashbyvale.example"' in taken
    host = admin.post(NEW, _new(cast, role="host", team="")).content.decode()
    assert "Select the organisation they host for" in host
    assert not get_user_model().objects.filter(username="nadia.khan").exists()
    assert mail.outbox == []


def test_a_deactivated_account_is_signed_out_everywhere_and_cannot_sign_in(cast):
    toms_session = Client()
    assert toms_session.post(reverse("core:sign-in"), {"username": "tom", "password": f.PASSWORD}).status_code == 302
    toms_other = client_for(cast.tom)
    assert toms_other.get(reverse("insight:team")).status_code == 200
    admin = client_for(cast.ade)
    refused = admin.post(_status_url(cast.tom), {"reason": "left", "action": "deactivate"})
    assert refused.status_code == 400 and "at least 3 words" in refused.content.decode()
    response = admin.post(_status_url(cast.tom), {"reason": "Left the council on 30 November", "action": "deactivate"})
    assert response["Location"] == reverse("people:staff-member", args=[cast.tom.staff.pk])
    cast.tom.refresh_from_db()
    assert not cast.tom.is_active
    # Their sessions are deleted, not merely refused at the next request.
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(cast.tom.pk)]
    assert toms_other.get(reverse("insight:team"))["Location"].startswith(reverse("core:sign-in"))
    assert toms_session.get(reverse("insight:team"))["Location"].startswith(reverse("core:sign-in"))
    again = Client().post(reverse("core:sign-in"), {"username": "tom", "password": f.PASSWORD})
    assert again.status_code == 200 and "The username or password is not right" in again.content.decode()
    event = StaffAccountEvent.objects.get(staff=cast.tom.staff)
    assert (event.action, event.reason, event.by) == ("deactivated", "Left the council on 30 November", cast.ade)
    assert "Deactivated" in admin.get(LIST).content.decode()


def test_a_deactivated_account_is_reactivated_with_a_reason_and_can_sign_in(cast):
    admin = client_for(cast.ade)
    admin.post(_status_url(cast.tom), {"reason": "Left the council today", "action": "deactivate"})
    page = admin.get(_status_url(cast.tom)).content.decode()
    assert "Reactivate this account" in page
    admin.post(_status_url(cast.tom), {"reason": "Came back after a career break", "action": "reactivate"})
    cast.tom.refresh_from_db()
    assert cast.tom.is_active
    assert Client().post(reverse("core:sign-in"), {"username": "tom", "password": f.PASSWORD}).status_code == 302
    assert list(StaffAccountEvent.objects.filter(staff=cast.tom.staff).values_list("action", flat=True)) == [
        "reactivated", "deactivated"]


def test_an_administrator_cannot_deactivate_their_own_account(cast):
    response = client_for(cast.ade).post(_status_url(cast.ade), {"reason": "testing what happens here", "action": "deactivate"})
    assert response.status_code == 400 and "You cannot deactivate your own account" in response.content.decode()
    cast.ade.refresh_from_db()
    assert cast.ade.is_active and not StaffAccountEvent.objects.exists()


def test_a_stale_form_changes_nothing(cast):
    admin = client_for(cast.ade)
    admin.post(_status_url(cast.tom), {"reason": "Left the council today", "action": "deactivate"})
    # A second tab still showing "Deactivate" submits after the account was deactivated.
    response = admin.post(_status_url(cast.tom), {"reason": "Left the council today", "action": "deactivate"}, follow=True)
    assert "Nothing was changed" in response.content.decode()
    cast.tom.refresh_from_db()
    assert not cast.tom.is_active and StaffAccountEvent.objects.count() == 1


def test_an_unknown_staff_account_is_not_found(cast):
    assert client_for(cast.ade).get(reverse("people:staff-member", args=[999_999])).status_code == 404
    assert StaffMember.objects.filter(pk=999_999).count() == 0


def test_the_administrators_home_links_to_the_staff_accounts(cast):
    page = client_for(cast.ade).get(reverse("people:home"), follow=True).content.decode()
    assert f'href="{LIST}"' in page and "Staff accounts" in page
