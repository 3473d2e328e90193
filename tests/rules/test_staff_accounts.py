"""What a new staff account needs for its role, when an account may be deactivated or reactivated, and when its
role or team may change."""

import pytest

from carecommons.rules.access import Role
from carecommons.rules.staff_accounts import new_account_problems, role_change, status_change


@pytest.mark.parametrize(
    ("role", "team", "host", "fields"),
    [
        (Role.PRACTITIONER, True, False, set()),
        (Role.PRACTITIONER, False, False, {"team"}),
        (Role.MANAGER, False, True, {"team"}),
        (Role.HOST, False, True, set()),
        (Role.HOST, True, False, {"host"}),
        (Role.COMMISSIONER, False, False, set()),
        (Role.ADMIN, False, False, set()),
        (Role.PERSON, False, False, {"role"}),  # a person's sign-in comes from an invitation, not this page
    ],
)
def test_a_new_account_needs_what_its_role_needs(role, team, host, fields):
    assert set(new_account_problems(role=role, has_team=team, has_host=host)) == fields


@pytest.mark.parametrize(
    ("deactivating", "active", "is_self", "reason", "allowed"),
    [
        (True, True, False, "left the council today", True),
        (True, True, True, "left the council today", False),  # never lock yourself out
        (True, False, False, "left the council today", False),
        (False, False, False, "came back from leave", True),
        (False, True, False, "came back from leave", False),
        (True, True, False, "left", False),  # a reason of at least three words
        (True, True, False, "   ", False),
    ],
)
def test_deactivating_and_reactivating_need_a_reason_and_the_right_state(deactivating, active, is_self, reason, allowed):
    decision = status_change(deactivating=deactivating, is_active=active, is_self=is_self, reason=reason)
    assert decision.allowed is allowed
    assert bool(decision.reasons) is not allowed


A, P, M, H = Role.ADMIN, Role.PRACTITIONER, Role.MANAGER, Role.HOST


@pytest.mark.parametrize(
    ("current", "new", "team", "host", "changes", "is_self", "other_admins", "fields"),
    [
        (P, M, True, False, True, False, 1, set()),  # promoted to team manager
        (P, P, True, False, True, False, 1, set()),  # moved to another team
        (P, H, False, False, True, False, 1, {"host"}),  # a hub host needs a host organisation
        (M, P, False, False, True, False, 1, {"team"}),
        (P, A, False, False, True, False, 0, set()),  # anyone may be made an administrator
        (A, P, True, False, True, False, 1, set()),  # another administrator remains
        (A, P, True, False, True, False, 0, {"role"}),  # never the last administrator
        (A, P, True, False, True, True, 3, {"role"}),  # never your own role away from administrator
        (A, A, False, False, True, True, 0, set()),  # an administrator's own team is theirs to change
        (P, P, True, False, False, False, 1, {"role"}),  # nothing changed
        (P, Role.PERSON, False, False, True, False, 1, {"role"}),
    ],
)
def test_a_role_or_team_changes_only_if_someone_can_still_manage_staff(current, new, team, host, changes, is_self,
                                                                      other_admins, fields):
    decision = role_change(current=current, new=new, has_team=team, has_host=host, changes_anything=changes,
                           is_self=is_self, other_active_admins=other_admins)
    assert decision.allowed is (not fields)
    assert {field for field, _ in decision.problems} == fields


def test_the_refusals_say_what_to_do_in_plain_words():
    own = role_change(current=A, new=P, has_team=True, has_host=False, changes_anything=True, is_self=True,
                      other_active_admins=2)
    assert dict(own.problems)["role"] == "You cannot change your own role away from administrator. Ask another administrator."
    last = role_change(current=A, new=M, has_team=True, has_host=False, changes_anything=True, is_self=False,
                       other_active_admins=0)
    assert dict(last.problems)["role"].startswith("This is the last administrator. Make someone else an administrator")
