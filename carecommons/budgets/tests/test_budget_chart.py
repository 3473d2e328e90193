"""A budget's year as a picture: spent, committed and what is expected to be left (or to go over), in proportion."""

import datetime as dt

from carecommons.budgets.views_budgets import _money_bar
from carecommons.rules.ledger import summarise_budget

START, END = dt.date(2026, 4, 1), dt.date(2027, 3, 31)


def _summary(**kw):
    return summarise_budget(period_start=START, period_end=END, as_of=dt.date(2026, 10, 1), underspend_percent=20,
                            overspend_percent=5, **kw)


def test_the_bar_shows_spent_committed_and_left_in_proportion():
    bar = _money_bar(_summary(allowance=1_000_000, contributions=0, spent=400_000, committed=500_000), contributions_due=0)
    assert [(b["label"], b["pence"], b["width"]) for b in bar] == [
        ("Spent", 400_000, 280), ("Committed", 500_000, 350), ("Expected to be left", 100_000, 70)]
    assert [b["x"] for b in bar] == [0, 280, 630]


def test_an_overspend_shows_in_red_beyond_the_money():
    bar = _money_bar(_summary(allowance=1_000_000, contributions=0, spent=600_000, committed=500_000), contributions_due=0)
    assert bar[-1]["label"] == "Expected to go over" and bar[-1]["key"] == "over" and bar[-1]["pence"] == 100_000
    assert sum(b["width"] for b in bar) <= 700


def test_contributions_still_due_count_as_money_to_come():
    bar = _money_bar(_summary(allowance=0, contributions=300_000, spent=290_000, committed=700_000, contributions_due=700_000),
                     contributions_due=700_000)
    assert bar[-1]["label"] == "Expected to be left" and bar[-1]["pence"] == 10_000
