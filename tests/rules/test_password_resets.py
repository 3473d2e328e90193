"""How many password reset emails may go, to an account and because of one client address."""

import datetime as dt

import pytest

from carecommons.rules.password_resets import Held, ResetLimits, reset_email

LIMITS = ResetLimits()


@pytest.mark.parametrize(
    ("to_account", "for_address", "held"),
    [
        (0, 0, None),
        (2, 19, None),  # the third email to the account and the twentieth from the address still go
        (3, 0, Held.ACCOUNT),
        (0, 20, Held.ADDRESS),
        (3, 20, Held.ACCOUNT),  # the account's limit is named first
    ],
)
def test_an_email_goes_below_both_limits(to_account, for_address, held):
    decision = reset_email(sent_to_account=to_account, sent_for_address=for_address, limits=LIMITS)
    assert decision.send is (held is None)
    assert decision.held_by is held
    assert bool(decision.reason) is (held is not None)


def test_the_defaults_are_three_an_account_and_twenty_an_address_an_hour():
    assert (LIMITS.per_account, LIMITS.per_address, LIMITS.window) == (3, 20, dt.timedelta(hours=1))


def test_the_reason_says_the_window_and_the_limit():
    decision = reset_email(sent_to_account=5, sent_for_address=0,
                           limits=ResetLimits(per_account=5, window=dt.timedelta(hours=2)))
    assert decision.reason == "5 reset emails already sent to this account in the last 2 hours; the limit is 5."
