"""`reach_condition` is `people_in_reach` written on a list's own rows: the same rows, for every persona and kind."""

from __future__ import annotations

import pytest

from carecommons.assessments.models import Assessment
from carecommons.budgets.models import PersonalBudget, SupportPlan
from carecommons.conversations.models import Booking, ConversationRequest
from carecommons.people.access import people_in_reach, reach_condition
from carecommons.rules.access import Kind, Purpose
from carecommons.testing.area import PERSONAS, build_area

pytestmark = pytest.mark.django_db

LISTS = [
    (ConversationRequest, "person__", Kind.BOOKING, Purpose.VIEW),
    (Booking, "request__person__", Kind.BOOKING, Purpose.VIEW),
    (Assessment, "person__", Kind.ASSESSMENT, Purpose.DECIDE),
    (SupportPlan, "person__", Kind.SUPPORT_PLAN, Purpose.DECIDE),
    (PersonalBudget, "person__", Kind.BUDGET, Purpose.VIEW),
]


def test_the_condition_on_a_lists_rows_reaches_exactly_the_people_in_reach() -> None:
    area = build_area()
    compared = 0
    for persona in PERSONAS:
        user = area.users[persona]
        if user is None:
            continue
        for model, via, kind, purpose in LISTS:
            person_in = {"person__in" if via == "person__" else "request__person__in": people_in_reach(user, kind=kind, purpose=purpose)}
            expected = set(model.objects.filter(**person_in).values_list("pk", flat=True))
            condition = reach_condition(user, kind=kind, purpose=purpose, via=via)
            got = set(model.objects.filter(condition).values_list("pk", flat=True)) if condition is not None else set()
            assert got == expected, (persona, model.__name__)
            compared += 1
    assert compared >= 20
    assert any(ConversationRequest.objects.filter(reach_condition(area.users[p], kind=Kind.BOOKING, via="person__")).exists()
               for p in PERSONAS if area.users[p] is not None), "the comparison is not vacuous"

