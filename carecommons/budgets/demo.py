"""Fictional personal budgets for the demo area: plans, decisions, ledgers, a shared activity, assistants.

Called by `manage.py demo_area`. Everything is made up and deterministic for a given seed and date.
Plans go through the same services as the pages, so the demo's ledgers balance for the same reasons
real ones do.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from carecommons.assessments import services as assessment_services
from carecommons.assessments.demo import answer_and_send, everyday_keys
from carecommons.assessments.models import Assessment, Determination
from carecommons.budgets import services
from carecommons.budgets.ledger_wipe import ledger_delete_permitted
from carecommons.budgets.models import FinancialAssessment, PersonalAssistant, Pool, SupportPlan
from carecommons.people.models import Person, StaffMember
from carecommons.rules.management import DirectPaymentFacts
from carecommons.rules.pa_pay import Shift

WAYS_TO_MANAGE = ("direct_payment", "council_arranged", "individual_service_fund", "mixed")
PROVIDERS = ("Kind Hands Care (fictional)", "Vale Home Support (fictional)", "Brook Lane Care Co-operative (fictional)")
ACTIVITIES = ("Ashby Vale Men's Shed (fictional)", "Riverside Swim Club (fictional)", "Eastgate Art Group (fictional)")
LIMITS = {"practitioner": 40_000, "manager": 150_000}


def wipe() -> None:
    """The ledger refuses deletes, in Django and in the database, so the demo clears it with SQL before its other
    tables, holding the permit a fictional area may ask for (`ledger_wipe`, ADR 0024)."""
    from carecommons.budgets import models as m

    with ledger_delete_permitted(), connection.cursor() as cursor:
        for table in ("budgets_timesheet", "budgets_directpaymentrecovery", "budgets_directpaymentagreement",
                      "budgets_ledgerentry"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        cursor.execute("DELETE FROM budgets_ledgertransaction")
        # Charging rates someone entered while trying the demo go with their logins; the verified ones stay.
        entered = "SELECT id FROM budgets_chargingrateentry WHERE entered_by_id IS NOT NULL"
        cursor.execute(f"DELETE FROM budgets_chargingrateevent WHERE entry_id IN ({entered})")  # noqa: S608 - fixed SQL
        cursor.execute(f"DELETE FROM budgets_chargingrate WHERE entry_id IN ({entered})")  # noqa: S608 - fixed SQL
        cursor.execute("DELETE FROM budgets_chargingrateentry WHERE entered_by_id IS NOT NULL")
    for model in (m.FundingEstimate, m.CouncilTaxBase, m.PersonalAssistant, m.PoolMembership, m.Pool, m.BudgetReview, m.PersonalBudget, m.PlanItem, m.SupportPlan,
                  m.FinancialAssessment):
        model._default_manager.all().delete()


def _determined(person: Person, *, rng: random.Random, by: Any, hard: int, when: dt.datetime) -> Assessment:
    a = assessment_services.assessment_start(person=person, kind="adult", completed_by_kind="practitioner", user=by)
    a.what_matters = rng.choice(("Staying in my own home.", "Seeing my friends at the club.", "Getting back to the allotment.",
                                 "Looking after myself without fuss.", "Going to church on Sundays."))
    a.save(update_fields=["what_matters"])
    a = answer_and_send(a, rng=rng, hard=set(rng.sample(everyday_keys(), hard)))
    assessment_services.determination_make(assessment=a, practitioner=by, facts=dict(a.facts), reasons="")
    Assessment.objects.filter(pk=a.pk).update(created_at=when, updated_at=when, submitted_at=when)
    Determination.objects.filter(assessment=a).update(decided_at=when + dt.timedelta(days=2))
    return Assessment.objects.select_related("determination").get(pk=a.pk)


def _finances(person: Person, *, rng: random.Random, today: dt.date) -> None:
    age = today.year - person.date_of_birth.year if person.date_of_birth else 50
    if age >= 66:
        setting = "care_home" if rng.random() < 0.5 else "home"
    else:
        setting = "home"
    category = "single_18_24" if age < 25 else ("single_25_to_pension_age" if age < 66 else "single_pension_age")
    capital = rng.choice((0, 0, 0, 500_000, 1_600_000, 2_000_000, 3_000_000))
    FinancialAssessment.objects.create(
        person=person, assessed_on=today - dt.timedelta(days=rng.randint(200, 400)), setting=setting, capital=capital,
        weekly_income=rng.randint(90, 320) * 100, mig_category=category,
        premiums=["disability"] if rng.random() < 0.4 and setting == "home" else [],
        disability_related_expenditure=rng.choice((0, 1_085, 2_000)) if setting == "home" else 0,
        dementia=age >= 70 and rng.random() < 0.35, end_of_life=rng.random() < 0.05,
        paid_towards_cap=rng.randint(40 if capital > 2_325_000 else 0, 85) * 100_000 if age >= 66 else 0, created_at=timezone.now())


def build(*, seed: int, today: dt.date, people: list[Person], practitioner: Any, manager: Any, me: Person,
          count: int = 40, providers: list[str] | None = None) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 4)
    for staff in StaffMember.objects.filter(role__in=LIMITS):
        staff.budget_limit = LIMITS[staff.role]
        staff.save(update_fields=["budget_limit"])
    for user in (practitioner, manager):
        user.staff.refresh_from_db()
    other_team = (StaffMember.objects.filter(role="practitioner").exclude(team_id=practitioner.staff.team_id)
                  .select_related("user").order_by("pk").first())
    candidates = sorted((p for p in people if p.pk != me.pk and p.date_of_birth and p.team_id), key=lambda p: p.pk)
    chosen = rng.sample(candidates, min(count, len(candidates)))
    budgets = []
    paces: dict[int, float] = {}
    for i, person in enumerate(chosen):
        started = today - dt.timedelta(days=rng.randint(20, 330))
        sent = timezone.make_aware(dt.datetime.combine(started - dt.timedelta(days=rng.randint(1, 6)), dt.time(10)))
        agreer = practitioner if other_team is None or person.team_id == practitioner.staff.team_id else other_team.user
        assessment = _determined(person, rng=rng, by=agreer, hard=rng.randint(2, 6),
                                 when=sent - dt.timedelta(days=rng.randint(7, 20)))
        _finances(person, rng=rng, today=today)
        plan = services.plan_start(assessment=assessment, user=agreer)
        unmet = list(assessment.determination.unmet_outcomes)
        way = WAYS_TO_MANAGE[i % 4]
        for j, outcome in enumerate(unmet):
            if j % 2 == 1:
                services.plan_item_add(plan=plan, outcome=outcome, met_by=rng.choice(("self", "family", "community")),
                                       description=rng.choice(("My daughter helps on Saturdays.", "I do this myself, slowly.",
                                                               "The lunch club on Thursdays.")),
                                       community_group=_group(rng))
            else:
                kind = "personal_assistant" if way in ("direct_payment", "mixed") and j == 0 else "provider"
                services.plan_item_add(plan=plan, outcome=outcome, met_by="paid", paid_kind=kind,
                                       supplier=rng.choice(providers or PROVIDERS) if kind == "provider" else "A personal assistant",
                                       weekly_cost=rng.randint(40, 260) * 100,
                                       description=rng.choice(("Help getting up and washed.", "Help with meals.",
                                                               "Someone to go out with.", "Help with the house.")))
        item_ways = {it.pk: ("direct_payment" if it.paid_kind == "personal_assistant" else "council_arranged")
                     for it in plan.items.filter(met_by="paid")}
        services.plan_choose_management(plan=plan, way=way, isf_provider=PROVIDERS[2] if way == "individual_service_fund" else "",
                                        item_ways=item_ways)
        plan = services.plan_submit(plan=plan)
        dp = _direct_payment_route(i) if services.involves_direct_payment(plan) else None
        total = services.weekly_total(plan)
        signer = manager if total > LIMITS["practitioner"] else None
        plan = services.plan_agree(plan=plan, practitioner=agreer, notes="", sign_off_by=signer, direct_payment=dp, today=started)
        if plan.status == SupportPlan.Status.SIGN_OFF:
            plan = services.plan_sign_off(plan=plan, signer=manager, reasons="The costs are right for two visits a day.", today=started)
        decided = sent + dt.timedelta(days=rng.randint(0, 4), hours=rng.randint(1, 6))
        SupportPlan.objects.filter(pk=plan.pk).update(
            submitted_at=sent, agreed_at=decided, signed_off_at=decided + dt.timedelta(hours=3) if plan.sign_off_by_id else None,
            created_at=sent - dt.timedelta(days=3), updated_at=sent)
        budget, pace = _run_budget(plan.budget, rng=rng, today=today, practitioner=agreer)
        budgets.append(budget)
        paces[budget.pk] = pace
    pool = Pool.objects.create(name="Allotment club (fictional)", description="Growing vegetables together on Mill Lane allotments, "
                               "with a paid organiser two mornings a week.", supplier="Ashby Vale Allotment Society (fictional)",
                               created_by=practitioner, created_at=timezone.now())
    # The shared activity is paid from money people's own support was not using, as it would be: those spending
    # below their plan join it, so it never pushes a budget over.
    members = [b for b in budgets if b.period_start <= today - dt.timedelta(days=35) and paces[b.pk] < 1
               and b.person.team_id == practitioner.staff.team_id][:4]
    joined = max((b.period_start for b in members), default=today)
    for b in members:
        services.pool_join(pool=pool, budget=b, share=1, on=joined)
    day = joined + dt.timedelta(days=1)
    while members and day <= today:
        services.pool_cost(pool=pool, pence=9_000, on=day, description="Organiser, two mornings", user=practitioner)
        day += dt.timedelta(days=14)
    _me(me=me, rng=rng, practitioner=practitioner, today=today)
    return {"budgets": len(budgets), "pool_members": len(members)}


def _group(rng: random.Random) -> Any:
    from carecommons.directory.models import Service

    groups = list(Service.objects.filter(hub__isnull=True).order_by("name"))
    return rng.choice(groups) if groups else None


def _run_budget(budget: Any, *, rng: random.Random, today: dt.date, practitioner: Any) -> tuple[Any, float]:
    """Weeks of payments to date, contributions every four weeks, some set aside, reviews when due; and the pace of spending."""
    weekly_plan = services.weekly_total(budget.plan)
    pace = rng.choice((0.6, 0.95, 1.0, 1.0, 1.0, 1.1))  # a few underspend or overspend, as real budgets do
    pa = None
    if budget.management in ("direct_payment", "mixed"):
        name = rng.choice(("Sam Green", "Alex Carter", "Jo Patel")) + " (fictional)"
        rate, years = rng.choice((1_300, 1_380, 1_450)), rng.randint(0, 4)
        family = budget.pk % 5 == 0  # now and then, a daughter at home whom the council decided it is necessary to pay
        pa = services.assistant_add(
            budget=budget, name=name, hourly_rate=rate, years_of_service=years, increment=20,
            bank_holiday_multiplier=Decimal("1.5"), london=False,
            relationship="son_or_daughter" if family else "not_related", same_household=family,
            necessity_basis="meet_needs" if family else "", necessity_decided_on=budget.period_start if family else None,
            necessity_reasons="She will only accept personal care from her daughter, and no agency could cover the "
                              "early mornings." if family else "", decided_by=practitioner if family else None,
            pension_status="enrolled")
        decision = services.direct_payment_decision_of(budget)
        services.agreement_sign(budget=budget, signed_by_name=budget.person.full_name if decision.route == "adult"
                                else decision.recipient, signed_on=budget.period_start, how="paper", user=practitioner,
                                today=today)
    week = budget.period_start + dt.timedelta(days=6)
    timesheet_monday = today - dt.timedelta(days=today.weekday() + 7)  # the week `_timesheet` pays from its timesheet
    n = 0
    while week <= today:
        amount = int(weekly_plan * pace)
        if pa is not None and timesheet_monday <= week < timesheet_monday + dt.timedelta(days=7):
            amount = 0  # that week is paid from the assistant's timesheet below, never twice
        if amount:
            services.record_money(budget=budget, what="payment", pence=amount, on=week, user=practitioner, description="",
                                  payee=pa.name if pa else (budget.plan.items.filter(met_by="paid").first().supplier or "Provider"))
        if budget.weekly_contribution and n % 4 == 3:
            services.record_money(budget=budget, what="contribution", pence=budget.weekly_contribution * 4, on=week,
                                  description="Four weeks' contribution", payee="", user=practitioner)
        n += 1
        week += dt.timedelta(days=7)
    if n >= 2 and services.totals(budget).held > budget.weekly * 2:
        services.record_money(budget=budget, what="contingency", pence=budget.weekly * 2, on=budget.period_start + dt.timedelta(days=1),
                              description="Two weeks set aside for emergencies", payee="", user=practitioner)
    if pa is not None:
        _timesheet(pa, today=today, practitioner=practitioner, weekly=int(weekly_plan * pace))
    due = services.next_review(budget)
    if due <= today - dt.timedelta(days=rng.randint(0, 40)) and rng.random() < 0.6:
        services.review_record(budget=budget, on=due, notes="Support is working well; no changes to the plan.", user=practitioner)
    if pa is not None and pace < 1 and services.unspent(budget) > budget.weekly * 4:
        review = budget.reviews.first() or services.review_record(
            budget=budget, on=today, user=practitioner,
            notes="The support is working, but the assistant has not been able to do all the hours, so money is building up.")
        services.recovery_propose(budget=budget, kind="unspent", pence=budget.weekly * 2, user=practitioner, today=today,
                                  review=review, tell=False,
                                  reason="Money is building up: the personal assistant has not been able to do all the "
                                         "hours in the plan.")
    return budget, pace


def _timesheet(pa: PersonalAssistant, *, today: dt.date, practitioner: Any, weekly: int) -> None:
    """Last full week's timesheet, approved the Monday after: the wages, then the employer's costs (or the flag that a
    year's figure has not been entered)."""
    monday = today - dt.timedelta(days=today.weekday() + 7)
    if monday < pa.budget.period_start or monday + dt.timedelta(days=7) > min(today, pa.budget.period_end):
        return
    # Hours that the week's money pays for, leaving about a fifth for the employer's costs (holiday pay, NI, pension).
    hours = min(max(weekly * 8 // (10 * pa.hourly_rate * 5), 1), 8)
    sheet = services.timesheet_enter(assistant=pa, user=practitioner, shifts=[
        Shift(monday + dt.timedelta(days=d), dt.time(8), dt.time(8 + hours)) for d in range(5)])
    try:
        services.timesheet_approve(timesheet=sheet, user=practitioner, on=monday + dt.timedelta(days=7))
    except services.BudgetError:
        pass  # pay below the legal minimum stays waiting, with its reason


def _direct_payment_route(i: int) -> DirectPaymentFacts:
    """Who receives the demo's direct payments (Care Act ss31-32): most people themselves; some through a nominee;
    some, without capacity to ask, through an authorised person whom their attorney supports."""
    if i % 6 == 3:
        return DirectPaymentFacts(True, False, True, True, nominee="Grace Adeyemi (fictional), a friend", nominee_agrees=True)
    if i % 6 == 5:
        return DirectPaymentFacts(False, False, True, True, authorised_person="Tom Birch (fictional), their son",
                                  authorised_person_agrees=True, authorised_person_suitable=True, authorised_basis="agreed",
                                  supporter_name="Ruth Birch (fictional), attorney", supporter_supports=True)
    return DirectPaymentFacts(True, False, True, True)


def _me(*, me: Person, rng: random.Random, practitioner: Any, today: dt.date) -> None:
    """Margaret, the `person` login: eligible, with her plan still to write."""
    when = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=5), dt.time(11)))
    a = _determined(me, rng=rng, by=practitioner, hard=3, when=when)
    Assessment.objects.filter(pk=a.pk).update(what_matters="Getting to the library and the Tuesday coffee morning on my own again.")
    FinancialAssessment.objects.create(person=me, assessed_on=today - dt.timedelta(days=3), setting="home", capital=1_600_000,
                                       weekly_income=26_000, mig_category="single_pension_age", created_at=timezone.now())


FICTIONAL = "Fictional demo figures, generated for Ashby Vale"
BAND_SHARES = {"A": 24, "B": 19, "C": 22, "D": 15, "E": 10, "F": 5, "G": 4, "H": 1}  # percent, made up for the demo


def funding_figures(*, seed: int, today: dt.date, commissioner: Any) -> dict[str, int]:
    """The council's estimates and council tax base for the funding comparison: made up, deterministic, labelled fictional.

    Built after the care market, whose places and published fees the estimates take where they can, as a council would.
    """
    from carecommons.budgets import services_funding as sf

    rng = random.Random(seed * 6151 + 13)
    market = sf.market_figures()
    on = dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    share = rng.randint(35, 50)
    groups = [
        ("self_funder", "care_home", "pension_age", market.places * share // 100 or 40, market.self_funder_weekly,
         market.weekly_note(today) if market.self_funder_weekly else "", rng.randint(95, 130) * 1_000_00, rng.randint(230, 320) * 100,
         f"{FICTIONAL}: the share of care home places self-funders fill"),
        ("self_funder", "home", "pension_age", rng.randint(150, 300), None, "", rng.randint(50, 150) * 1_000_00, 25_000,
         f"{FICTIONAL}: people paying for care at home"),
        ("council_supported", "care_home", "pension_age", rng.randint(100, 200), market.council_weekly, "",
         rng.randint(0, 10) * 1_000_00, 20_000, f"{FICTIONAL}: council-arranged care home places not yet in Care Commons"),
        ("council_supported", "home", "working_age", rng.randint(80, 200), 35_000, "", rng.randint(0, 5) * 1_000_00, 12_000,
         f"{FICTIONAL}: working-age people with council-arranged care not yet in Care Commons"),
    ]
    hours = rng.randint(8, 14)
    made = 0
    for kind, setting, age, people, fee, note, capital, income, source in groups:
        people_note = market.places_note(share, today) if source.endswith("self-funders fill") and market.places else ""
        if fee is None and setting == "home" and market.hourly:
            fee, note = hours * market.hourly, market.hourly_note(hours, today)
        if fee is None:
            continue  # the market publishes nothing to take it from: the demo leaves the group out rather than guess
        sf.funding_estimate_add(kind=kind, setting=setting, age_group=age, people=people, people_note=people_note,
                                weekly_fee=fee, fee_note=note,
                                capital=capital, weekly_income=income, source=source, estimated_on=on, user=commissioner)
        made += 1
    total = rng.randint(55_000, 65_000)
    sf.council_tax_base_add(dwellings={band: total * pct // 100 for band, pct in BAND_SHARES.items()},
                            dwellings_source=f"{FICTIONAL}: dwellings in each band", dwellings_on=on,
                            band_d_extra=rng.choice((2_500, 5_000, 7_500)),
                            band_d_reason=f"{FICTIONAL}: an amount for residents to discuss", user=commissioner)
    return {"estimates": made, "dwellings": total}
