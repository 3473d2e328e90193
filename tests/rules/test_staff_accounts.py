"""What a new staff account needs for its role, and when an account may be deactivated or reactivated."""

import pytest

from carecommons.rules.access import Role
from carecommons.rules.staff_accounts import new_account_problems, status_change


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
