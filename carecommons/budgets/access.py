"""Gates for support plans, personal budgets (ledger and statements), timesheets and shared activities.

The ground only this app knows: **sign_off** — a colleague named to sign off a person's plan may
read that plan (and the assessment and record behind it), whichever team they are in. And a
budget held as a direct payment gives the person the **own_direct_payment** ground to record
its money and timesheets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from carecommons.budgets.models import (
    FinancialAssessment,
    PersonalBudget,
    PoolMembership,
    SupportPlan,
    Timesheet,
)
from carecommons.people.access import (
    GroundSource,
    RowCondition,
    open_loaded,
    open_record,
    register_ground_source,
)
from carecommons.people.models import Person
from carecommons.rules.access import Ground, Kind, Purpose, Role

DIRECT = ("direct_payment", "mixed")


def _signing_off(user: Any) -> QuerySet[SupportPlan]:
    return SupportPlan.objects.filter(sign_off_by=user, status=SupportPlan.Status.SIGN_OFF)


def _grounds(user: Any, role: Role | None, person_id: int, today: dt.date) -> set[Ground]:
    if role in (Role.PRACTITIONER, Role.MANAGER) and _signing_off(user).filter(person_id=person_id).exists():
        return {Ground.SIGN_OFF}
    return set()


def _reach(user: Any, role: Role | None, today: dt.date) -> dict[Ground, QuerySet[Any] | RowCondition]:
    if role in (Role.PRACTITIONER, Role.MANAGER):
        return {Ground.SIGN_OFF: _signing_off(user).values("person_id")}
    return {}


def register() -> None:
    register_ground_source(GroundSource(grounds=_grounds, reach=_reach))


def _own_money(user: Any) -> Callable[[PersonalBudget], set[Ground]]:
    def grounds(budget: PersonalBudget) -> set[Ground]:
        held = budget.management in DIRECT and budget.person.user_id == user.pk
        return {Ground.OWN_DIRECT_PAYMENT} if held else set()
    return grounds


def access_plan(*, user: Any, id: int, purpose: Purpose, what: str = "their support plan",
                editing: bool = False, signing_off: bool = False) -> SupportPlan:
    """A plan for `purpose`. With `editing`, a plan no longer a draft is refused first; with `signing_off`,
    anyone but the colleague named to sign it off is refused first — before anything is opened or logged."""
    def refuse_first(plan: SupportPlan) -> None:
        if editing and plan.status != SupportPlan.Status.DRAFT:
            raise PermissionDenied("This plan has been sent for agreement, so it can no longer be changed.")
        if signing_off and (plan.status != SupportPlan.Status.SIGN_OFF or plan.sign_off_by_id != user.pk):
            raise PermissionDenied("Only the named colleague can sign this plan off.")

    return open_loaded(SupportPlan.objects.select_related("assessment__determination", "drafted_by", "drafted_with",
                                                          "agreed_by", "sign_off_by"),
                       id, user=user, kind=Kind.SUPPORT_PLAN, purpose=purpose, what=what,
                       missing="No such support plan", refuse_first=refuse_first)


def access_budget(*, user: Any, id: int, purpose: Purpose, what: str = "their personal budget",
                  kind: Kind = Kind.BUDGET) -> PersonalBudget:
    """A budget, its ledger and statements (kind BUDGET), or its assistants and timesheets (kind TIMESHEET)."""
    return open_loaded(PersonalBudget.objects.select_related("plan", "person"), id, user=user, kind=kind,
                       purpose=purpose, what=what, missing="No such budget", extra_grounds=_own_money(user))


def access_timesheet(*, user: Any, id: int, budget_id: int, purpose: Purpose,
                     what: str = "their personal assistant's timesheet") -> Timesheet:
    return open_loaded(Timesheet.objects.select_related("assistant__budget__person").filter(assistant__budget_id=budget_id),
                       id, user=user, kind=Kind.TIMESHEET, purpose=purpose, what=what, missing="No such timesheet",
                       path="assistant.budget.person", extra_grounds=lambda sheet: _own_money(user)(sheet.assistant.budget))


def access_membership(*, user: Any, id: int, purpose: Purpose,
                      what: str = "their place in a shared activity") -> PoolMembership:
    return open_loaded(PoolMembership.objects.select_related("pool", "budget"), id, user=user, kind=Kind.SHARED_ACTIVITY,
                       purpose=purpose, what=what, missing="No such place in a shared activity", path="budget.person")


def access_financial_assessment(*, user: Any, id: int, purpose: Purpose,
                                what: str = "their financial assessment") -> FinancialAssessment:
    """A financial assessment, its listed items and its result."""
    return open_loaded(FinancialAssessment.objects.select_related("person", "assessed_by"), id, user=user,
                       kind=Kind.FINANCIAL_ASSESSMENT, purpose=purpose, what=what, missing="No such financial assessment")


def access_person_finances(*, user: Any, person_id: int, purpose: Purpose,
                           what: str = "their financial assessments") -> Person:
    """The person whose financial assessments are listed or started."""
    return open_record(user=user, person_id=person_id, kind=Kind.FINANCIAL_ASSESSMENT, purpose=purpose, what=what)
