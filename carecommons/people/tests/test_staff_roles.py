"""Administrators change a staff account's role or team on its page (issue 14): the form filled by its labels,
the refusals that keep someone able to manage staff accounts, and every change kept with who, when, from and to."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from carecommons.people.models import StaffAccountEvent
from carecommons.people.staff_accounts import StaffAccountRefused, staff_account_role
from carecommons.testing import factories as f
from carecommons.testing.clients import client_for
from carecommons.testing.labels import form_by_labels

pytestmark = pytest.mark.django_db
TEAM = "Team (for practitioners and team managers)"
HOST = "Host organisation (for hub hosts)"


def _url(user) -> str:
    return reverse("people:staff-role", args=[user.staff.pk])


def _change(client, user, answers: dict):
    page = client.get(_url(user))
    assert page.status_code == 200
    return client.post(_url(user), form_by_labels(page.content.decode(), answers))


def test_an_administrator_moves_a_practitioner_to_another_team_as_a_team_manager_and_the_change_is_kept(cast):
    admin = client_for(cast.ade)
    page = admin.get(_url(cast.tom)).content.decode()
    assert "Change their role or team" in page
    as_it_stands = form_by_labels(page, {})
    assert (as_it_stands["role"], as_it_stands["team"], as_it_stands["host"]) == ("practitioner", str(cast.south.pk), "")
    response = _change(admin, cast.tom, {"Team manager": True, TEAM: "North community team"})
    assert response.status_code == 302 and response["Location"] == reverse("people:staff-member", args=[cast.tom.staff.pk])
    cast.tom.staff.refresh_from_db()
    assert (cast.tom.staff.role, cast.tom.staff.team) == ("manager", cast.north)
    event = StaffAccountEvent.objects.get(staff=cast.tom.staff, action=StaffAccountEvent.Action.ROLE_CHANGED)
    assert (event.by, event.changed_from, event.changed_to) == (
        cast.ade, "Practitioner, South community team", "Team manager, North community team")
    history = admin.get(response["Location"]).content.decode()
    assert ("Role or team changed from Practitioner, South community team to Team manager, North community team "
            "by Ade Bello") in history
    assert "Tom Baker is now: Team manager, North community team." in history


def test_a_role_that_needs_a_team_or_host_says_so_and_changes_nothing(cast):
    admin = client_for(cast.ade)
    response = _change(admin, cast.chris, {"Practitioner": True})
    assert response.status_code == 400
    assert "Select the team they work in" in response.content.decode()
    response = _change(admin, cast.tom, {"Hub host": True})
    assert "Select the organisation they host for" in response.content.decode()
    response = _change(admin, cast.tom, {})  # nothing changed
    assert "Nothing has changed" in response.content.decode()
    cast.tom.staff.refresh_from_db()
    cast.chris.staff.refresh_from_db()
    assert (cast.tom.staff.role, cast.chris.staff.role) == ("practitioner", "commissioner")
    assert not StaffAccountEvent.objects.filter(action=StaffAccountEvent.Action.ROLE_CHANGED).exists()


def test_an_administrator_cannot_change_their_own_role_nor_leave_no_administrator(cast):
    admin = client_for(cast.ade)
    own = _change(admin, cast.ade, {"Commissioner": True})
    assert own.status_code == 400
    assert "You cannot change your own role away from administrator. Ask another administrator." in own.content.decode()
    with pytest.raises(StaffAccountRefused, match="This is the last administrator"):
        staff_account_role(staff_id=cast.ade.staff.pk, role="commissioner", team=None, host=None, by=cast.priya)
    second = f.StaffFactory(user=f.UserFactory(username="bea", first_name="Bea", last_name="Cole"), role="admin", team=None).user
    second.is_active = False
    second.save()
    with pytest.raises(StaffAccountRefused, match="This is the last administrator"):  # a deactivated one does not count
        staff_account_role(staff_id=cast.ade.staff.pk, role="commissioner", team=None, host=None, by=second)
    second.is_active = True
    second.save()
    response = _change(client_for(second), cast.ade, {"Commissioner": True})
    assert response.status_code == 302
    cast.ade.staff.refresh_from_db()
    assert cast.ade.staff.role == "commissioner"
    event = StaffAccountEvent.objects.get(action=StaffAccountEvent.Action.ROLE_CHANGED)
    assert (event.staff, event.by, event.changed_from, event.changed_to) == (cast.ade.staff, second, "Administrator", "Commissioner")


def test_an_administrator_may_make_someone_an_administrator_and_a_host_is_given_their_organisation(cast):
    admin = client_for(cast.ade)
    assert _change(admin, cast.priya, {"Administrator": True}).status_code == 302
    cast.priya.staff.refresh_from_db()
    assert (cast.priya.staff.role, cast.priya.staff.team) == ("admin", None)  # an administrator has no team
    assert _change(admin, cast.tom, {"Hub host": True, HOST: cast.hana.staff.host.name}).status_code == 302
    cast.tom.staff.refresh_from_db()
    assert (cast.tom.staff.role, cast.tom.staff.team, cast.tom.staff.host) == ("host", None, cast.hana.staff.host)


def test_only_administrators_change_roles(cast):
    for user in (cast.priya, cast.morgan, cast.chris, cast.hana, cast.tom):
        client = client_for(user)
        assert client.get(_url(cast.tom)).status_code == 403
        assert client.post(_url(cast.priya), {"role": "admin", "team": "", "host": ""}).status_code == 403
    cast.priya.staff.refresh_from_db()
    assert cast.priya.staff.role == "practitioner"
    assert not StaffAccountEvent.objects.exists()
    signed_out = Client().get(_url(cast.tom))
    assert signed_out.status_code == 302 and "/sign-in/" in signed_out["Location"]


def test_a_persons_own_sign_in_is_not_a_staff_account_to_change(cast):
    person = f.StaffFactory(user=f.UserFactory(username="someone-person"), role="person", team=None)
    assert client_for(cast.ade).get(reverse("people:staff-role", args=[person.pk])).status_code == 404
