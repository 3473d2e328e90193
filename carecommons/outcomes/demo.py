"""The demo area's part for the outcomes measures: unpaid carers with direct payments, and people living in care homes.

The rest of Ashby Vale (requests, conversations, assessments, budgets, reviews, financial assessments) is made by
each app's own `demo.py`. Its Client Level Data (`cld_export`) then had no carers at all, so ASCOF 3D for carers
(1b, 2b) was empty, and no working-age person in a care home, so 2B had nobody. This part adds, through the same
services as the pages: carers' assessments naming a person with a budget, each with an agreed plan paid (mostly) by
direct payment; and a few people of each age group assessed as eligible whose financial assessment is for a
permanent care home place. Everything is made up and deterministic for a seed and a date.

Reablement after hospital and the hospital discharges ASCOF 2A and 2D count are the demo's hospital part
(`carecommons/demo/hospital.py`). Deaths are not recorded in Care Commons, so the demo cannot show them.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from carecommons.assessments import services as assessment_services
from carecommons.assessments.demo import answer_and_send, everyday_keys
from carecommons.assessments.models import Assessment, Determination
from carecommons.budgets import services as budget_services
from carecommons.budgets.models import FinancialAssessment, PersonalBudget, SupportPlan
from carecommons.outcomes.models import CldExport
from carecommons.people.models import Person
from carecommons.rules.assessment_questions import questions_for
from carecommons.rules.management import DirectPaymentFacts

CARERS = 8
CARE_HOMES = (("working_age", 3), ("pension_age", 3))
CARER_SUPPORT = (
    ("activity", "A weekly pottery class, for time to myself (fictional).", "Eastgate Art Group (fictional)"),
    ("provider", "A sitter on Wednesday evenings, so I can see friends.", "Vale Home Support (fictional)"),
    ("activity", "A gym membership, to keep well.", "Riverside Leisure (fictional)"),
)
WHAT_MATTERS = ("Keeping well enough to keep caring.", "Some time for myself each week.",
                "Staying in work as well as caring.", "Seeing my own friends again.")


def wipe() -> None:
    """The export records of a fictional area go with it; the carers' and care home records are wiped with the
    assessments and budgets they are part of."""
    CldExport.objects.all().delete()


def _age(person: Person, today: dt.date) -> int:
    born = person.date_of_birth
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _backdate(assessment: Assessment, when: dt.datetime) -> Assessment:
    Assessment.objects.filter(pk=assessment.pk).update(created_at=when, updated_at=when, submitted_at=when)
    Determination.objects.filter(assessment=assessment).update(decided_at=when + dt.timedelta(days=3))
    return Assessment.objects.select_related("determination").get(pk=assessment.pk)


def _carer_assessment(carer: Person, cared_for: Person, *, rng: random.Random, by: Any, when: dt.datetime) -> Assessment:
    a = assessment_services.assessment_start(person=carer, kind="carer", completed_by_kind="practitioner", user=by,
                                             cares_for=cared_for)
    a.what_matters = rng.choice(WHAT_MATTERS)
    a.save(update_fields=["what_matters"])
    areas = [q.key for q in questions_for("carer") if q.key.startswith("carer_") and q.key != "carer_health"]
    hard = set(rng.sample([k for k in areas if k != "carer_caring_for_child"], rng.randint(2, 3)))
    for q in questions_for("carer"):
        if q.key in ("caring", "carer_health", "wellbeing"):
            chosen = ["yes"]
        elif q.key == "carer_caring_for_child":
            chosen = ["not_applicable"]
        else:
            chosen = ["no"] if q.key in hard else ["yes"]
        assessment_services.assessment_answer(assessment=a, key=q.key, chosen=chosen)
    a = assessment_services.assessment_submit(assessment=a)
    assessment_services.determination_make(assessment=a, practitioner=by, facts=dict(a.facts), reasons="")
    return _backdate(a, when)


def _carer_plan(assessment: Assessment, *, i: int, rng: random.Random, by: Any, started: dt.date) -> PersonalBudget | None:
    if not assessment.determination.eligible:
        return None
    plan = budget_services.plan_start(assessment=assessment, user=by)
    for outcome in assessment.determination.unmet_outcomes:
        kind, words, supplier = rng.choice(CARER_SUPPORT)
        budget_services.plan_item_add(plan=plan, outcome=outcome, met_by="paid", paid_kind=kind, supplier=supplier,
                                      weekly_cost=rng.randint(15, 45) * 100, description=words)
    way = "council_arranged" if i % 4 == 3 else "direct_payment"  # most carers choose a direct payment
    budget_services.plan_choose_management(plan=plan, way=way)
    plan = budget_services.plan_submit(plan=plan)
    plan = budget_services.plan_agree(plan=plan, practitioner=by, notes="", today=started,
                                      direct_payment=DirectPaymentFacts(True, False, True, True) if way == "direct_payment" else None)
    agreed = timezone.make_aware(dt.datetime.combine(started, dt.time(15)))
    SupportPlan.objects.filter(pk=plan.pk).update(submitted_at=agreed - dt.timedelta(days=2), agreed_at=agreed,
                                                  created_at=agreed - dt.timedelta(days=5), updated_at=agreed)
    return PersonalBudget.objects.get(plan=plan)


def _care_home(person: Person, *, rng: random.Random, by: Any, today: dt.date, age: int) -> None:
    """Assessed as eligible, then living permanently in a care home: the financial assessment for the place."""
    moved = today - dt.timedelta(days=rng.randint(30, 300))
    a = assessment_services.assessment_start(person=person, kind="adult", completed_by_kind="practitioner", user=by)
    a.what_matters = rng.choice(("Feeling safe at night.", "Company, and someone there when I need help.",
                                 "Being near my sister."))
    a.save(update_fields=["what_matters"])
    a = answer_and_send(a, rng=rng, hard=set(rng.sample(everyday_keys(), rng.randint(5, 8))))
    assessment_services.determination_make(assessment=a, practitioner=by, facts=dict(a.facts), reasons="")
    _backdate(a, timezone.make_aware(dt.datetime.combine(moved - dt.timedelta(days=rng.randint(10, 30)), dt.time(11))))
    weeks = rng.randint(0, 6)
    FinancialAssessment.objects.create(
        person=person, assessed_on=moved + dt.timedelta(weeks=weeks), setting="care_home", resident="permanent",
        weeks_in_care_home=weeks, weekly_care_cost=rng.randint(850, 1_250) * 100, capital=rng.choice((0, 500_000, 1_200_000)),
        weekly_income=rng.randint(120, 260) * 100,
        mig_category="single_pension_age" if age >= 66 else "single_25_to_pension_age", assessed_by=by,
        created_at=timezone.now())


def build(*, seed: int, today: dt.date, people: list[Person], practitioner: Any, me: Person) -> dict[str, int]:
    """Carers with direct payments for people who have budgets, and people in care homes of both age groups."""
    rng = random.Random(seed * 104_729 + 16)
    with_budgets = set(PersonalBudget.objects.values_list("person_id", flat=True))
    with_finances = set(FinancialAssessment.objects.values_list("person_id", flat=True))
    cared_for = sorted((p for p in people if p.pk in with_budgets), key=lambda p: p.pk)
    free = sorted((p for p in people if p.pk != me.pk and p.date_of_birth and p.pk not in with_budgets
                   and p.pk not in with_finances and _age(p, today) >= 18), key=lambda p: p.pk)
    rng.shuffle(free)
    made = {"carers": 0, "carer_budgets": 0, "care_homes": 0}
    for i, carer in enumerate(free[:CARERS] if cared_for else []):
        started = today - dt.timedelta(days=rng.randint(20, 300))
        when = timezone.make_aware(dt.datetime.combine(started - dt.timedelta(days=rng.randint(10, 25)), dt.time(10)))
        assessment = _carer_assessment(carer, cared_for[(i * 7) % len(cared_for)], rng=rng, by=practitioner, when=when)
        made["carers"] += 1
        if _carer_plan(assessment, i=i, rng=rng, by=practitioner, started=started) is not None:
            made["carer_budgets"] += 1
    rest = free[CARERS:]
    for group, count in CARE_HOMES:
        in_group = [p for p in rest if (18 <= _age(p, today) <= 64) == (group == "working_age")][:count]
        for person in in_group:
            _care_home(person, rng=rng, by=practitioner, today=today, age=_age(person, today))
            made["care_homes"] += 1
    return made
