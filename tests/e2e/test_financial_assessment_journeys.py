"""Financial assessment journeys in real Chromium, with an axe-core scan of every page visited.

A practitioner lists a couple's income and savings for a temporary care-home stay (2025-26, where the
Personal Expenses Allowance of £30.65 is entered); the at-home route for the same couple shows "Not
worked out", because the 2025-26 Minimum Income Guarantee for a couple over pension age is not entered;
then the person reads their result, each line explained, without JavaScript.
"""

from __future__ import annotations

import pytest

from carecommons.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _facts(v, *, setting: str, cost: str) -> None:
    v.fill("Day", "1").fill("Month", "10").fill("Year", "2025")
    v.choose(setting)
    v.fill("Cost of care a week", cost)
    v.choose("at or over pension credit age")
    v.choose("a partner at or over pension credit age")
    v.choose("Temporary (they mean to go home)")
    v.choose("Their husband, wife, civil partner or partner")


def _income(v, kind: str, amount: str, whose: str, *, half: bool = False) -> None:
    v.page.get_by_label("Kind of income").select_option(label=kind)
    v.fill("Income a week", amount)
    v.choose(whose)
    if half:
        v.choose("They pass at least half of this pension", exact=False)
    v.click_button("Add this income")


def _capital(v, kind: str, value: str, whose: str) -> None:
    v.page.get_by_label("Kind of savings or capital").select_option(label=kind)
    v.fill("How much is it worth?", value)
    v.choose(whose)
    v.click_button("Add these savings or capital")


def test_a_practitioner_assesses_a_couple_in_a_temporary_care_home_stay_and_the_person_reads_it(visit, cast):
    priya = visit("priya-financial-assessment")
    priya.sign_in("priya", f.PASSWORD)
    priya.goto(f"/people/{cast.ruth.pk}/")
    priya.click_link("Financial assessments: what they pay towards their care")
    assert priya.heading() == "Financial assessments"
    priya.click_link("Start a financial assessment")
    priya.click_button("Save and list their income and savings")  # nothing filled in: each field says what is missing
    assert "There is a problem" in priya.text() and "Enter the date the charge is worked out from" in priya.text()
    _facts(priya, setting="In a care home", cost="900.00")
    priya.click_button("Save and list their income and savings")
    assert priya.heading() == "Income and savings"

    _income(priya, "State Pension", "230.25", "Their own income")
    _income(priya, "A work (occupational) pension", "100.00", "Their own income", half=True)
    _income(priya, "State Pension", "230.25", "Their partner's own income")
    _capital(priya, "Savings in a bank, building society or Post Office, or cash", "30,000", "Owned jointly with someone")
    _capital(priya, "Their home (main or only home)", "300000", "Owned jointly with someone")
    text = priya.text()
    assert "£230.25" in text and "£300,000.00" in text
    priya.click_link("See the result")
    text = priya.text()
    # £230.25 + half of £100 = £280.25; joint savings £30,000 -> £15,000 -> tariff £3; less the PEA £30.65
    assert "They pay £252.60 a week" in text
    assert "temporary stay, so their home is not counted (Schedule 2 para 1)" in text
    assert "It is their partner's alone: each partner is assessed only on their own money." in text
    assert "Personal Expenses Allowance of £30.65 (reg 6)" in text

    # The same couple at home: the 2025-26 MIG for a couple over pension age is not entered, so nothing is guessed.
    priya.click_link("Back to their financial assessments")
    priya.click_link("Start a financial assessment")
    _facts(priya, setting="At home, or in the community", cost="300.00")
    priya.click_button("Save and list their income and savings")
    _income(priya, "State Pension", "230.25", "Their own income")
    priya.click_link("See the result")
    text = priya.text()
    assert ("Not worked out: the rate for the Minimum Income Guarantee for a member of a couple, both at or over "
            "pension credit age in 2025-26 has not been entered.") in text
    assert "They pay" not in text

    ruth = visit("ruth-reads-her-financial-assessment", javascript=False)
    ruth.sign_in("ruth", f.PASSWORD)
    ruth.click_link("Your record")
    ruth.click_link("Your financial assessments")
    assert ruth.heading() == "Your financial assessments"
    ruth.click_link("charge worked out from 1 October 2025, care home")
    assert ruth.heading() == "Your financial assessment"
    text = ruth.text()
    assert "You pay £252.60 a week" in text
    assert "Savings count as capital." in text and "SI 2014/2672 regs 18 and 20; joint capital, SI 2014/2672 reg 24" in text
    assert "They pass half of this pension to their husband, wife or civil partner at home" in text
    assert "Change the income and savings" not in text  # the person reads; the practitioner changes
