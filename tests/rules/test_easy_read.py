"""Easy read's words and the money picture (rules.easy_read)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecommons.rules import easy_read as e
from carecommons.rules.assessment_questions import questions_for
from carecommons.rules.eligibility import AdultOutcome, CarerOutcome


def test_every_question_has_a_picture_and_words() -> None:
    for kind in ("adult", "carer"):
        for q in questions_for(kind):
            lines = e.question_lines(q.key)
            assert lines[0].key in lines[0].text and lines[0].icon != "list", q.key
    assert e.topic_for("adult", AdultOutcome.CLOTHING.value).icon == "clothes"
    assert e.topic_for("carer", CarerOutcome.RECREATION.value).words == "time for you"
    assert e.topic_for("adult", "something new").words == "something else that matters"


def test_each_adult_outcome_has_its_own_picture() -> None:
    icons = [e.topic_for("adult", o.value).icon for o in AdultOutcome]
    assert len(set(icons)) == len(icons)


def test_the_bold_words_must_be_in_the_sentence() -> None:
    line = e.Line("tick", "You can get support from the council.", "support")
    assert (line.before, line.key, line.after) == ("You can get ", "support", " from the council.")
    with pytest.raises(ValueError, match="not in"):
        e.Line("tick", "You can get support.", "help")


def test_sentences_are_short() -> None:
    lines = [*e.START, *e.ABOUT, *e.CHECK, *e.task_list_lines(12), *e.PLAN_STATUS.values(), *e.MANAGED.values(),
             *e.decision_lines(kind="adult", eligible=False, unmet=[o.value for o in AdultOutcome], decided_by="Sam Green",
                               decided_on="1 May 2026")]
    for sent_by in ("email", "text", ""):
        lines.extend(e.booked_lines(team="North team", hub="Eastgate Library", address="1 High Street, AV1 1AA",
                                    when="Monday 14 December 2026 at 10am", reference="CC-ABCD-1234", sent_by=sent_by))
    lines.extend(e.WAITING)
    for key in e.TOPICS:
        lines.extend(e.question_lines(key))
    for line in lines:
        for sentence in line.text.split(". "):
            assert len(sentence.split()) <= 15, sentence


def test_the_money_picture_shares_ten_coins_in_proportion() -> None:
    p = e.money_picture(spent=30_000, planned=50_000, left=20_000)
    assert p.counts == {"spent": 3, "planned": 5, "left": 2} and p.coins[:3] == ("spent",) * 3
    assert p.title == "Your money as 10 coins: 3 spent, 5 planned, 2 left."
    assert p.placed[5] == ("planned", 16, 48) and p.placed[4] == ("planned", 144, 16)


def test_going_over_shares_the_coins_between_spent_and_planned() -> None:
    p = e.money_picture(spent=50_000, planned=60_000, left=-10_000)
    assert p.counts["left"] == 0 and p.over == 10_000 and "more is planned than there is" in p.title
    assert e.budget_lines(weekly=10_000, picture=p, management="mixed")[4].key == "go over"


def test_nothing_yet_is_ten_coins_left() -> None:
    assert e.money_picture(spent=0, planned=0, left=0).counts["left"] == 10


@given(st.integers(0, 10**9), st.integers(0, 10**9), st.integers(-10**9, 10**9))
def test_the_coins_always_add_up_to_ten(spent: int, planned: int, left: int) -> None:
    p = e.money_picture(spent=spent, planned=planned, left=left)
    assert len(p.coins) == 10 and list(p.coins) == sorted(p.coins, key=["spent", "planned", "left"].index)
    whole = spent + planned + max(left, 0)
    if whole:
        for kind, pence in (("spent", spent), ("planned", planned), ("left", max(left, 0))):
            assert abs(p.counts[kind] - 10 * pence / whole) < 1
