"""A ground's few people are read first and passed as one array on PostgreSQL (`people.access._listed`); past
LISTED_UP_TO, and on SQLite, they stay a subquery. Every way must reach the same rows (run on both databases)."""

from __future__ import annotations

import pytest
from django.db import connection

import carecommons.people.access as access
from carecommons.assessments.models import Assessment
from carecommons.budgets.models import PersonalBudget, SupportPlan
from carecommons.conversations.models import Booking, ConversationRequest
from carecommons.people.access import reach_condition
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


def test_a_grounds_few_people_as_a_list_reach_the_same_rows_as_the_subquery(monkeypatch) -> None:
    area = build_area()
    compared = 0
    for persona in PERSONAS:
        user = area.users[persona]
        if user is None:
            continue
        for model, via, kind, purpose in LISTS:
            as_lists = reach_condition(user, kind=kind, purpose=purpose, via=via)
            monkeypatch.setattr(access, "LISTED_UP_TO", 0)
            as_subqueries = reach_condition(user, kind=kind, purpose=purpose, via=via)
            monkeypatch.undo()
            if as_lists is None:
                assert as_subqueries is None
                continue
            listed = set(model.objects.filter(as_lists).values_list("pk", flat=True))
            assert listed == set(model.objects.filter(as_subqueries).values_list("pk", flat=True)), (persona, model.__name__)
            compared += bool(listed)
    assert compared >= 5, "the comparison is not vacuous"


def test_on_postgresql_the_few_people_go_as_one_array_parameter() -> None:
    area = build_area()
    user = area.users["practitioner_in_team"]
    sql = str(ConversationRequest.objects.filter(reach_condition(user, kind=Kind.BOOKING, via="person__")).query)
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql
    else:
        assert "= ANY(" not in sql and "IN (SELECT" in sql
