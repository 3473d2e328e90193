"""The only writers of what the safeguarding team records about an enquiry beyond its life: who is named in it, the
alleged source of risk, a decision to withhold it from the person, and reviews and new versions of an agreed plan.
Every change is a `ConcernEvent` (who, when, and what in words)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower
from django.utils import timezone

from carecommons.people.roles import display_name, role_of
from carecommons.rules.safeguarding import (
    SOURCES_OF_RISK,
    State,
    check_naming,
    check_plan,
    check_plan_review,
    check_reasons,
)
from carecommons.safeguarding.access import on_safeguarding_team
from carecommons.safeguarding.models import (
    Concern,
    ConcernEvent,
    Involvement,
    SafeguardingPlan,
    SafeguardingPlanReview,
)
from carecommons.safeguarding.services import EnquiryInvalid


class PlanConflict(Exception):
    """Someone else changed this plan first: nothing of this change was saved."""

    def __init__(self, newer: SafeguardingPlan) -> None:
        super().__init__(f"{newer.recorded_by_name} changed this plan first")
        self.newer = newer


def _event(concern: Concern, user: Any, action: str, detail: str = "", now: dt.datetime | None = None) -> None:
    ConcernEvent.objects.create(concern=concern, at=now or timezone.now(), user=user, user_name=display_name(user),
                                action=action, detail=detail)


def find_account(who: str) -> list[Any]:
    """The sign-ins `who` means: an exact sign-in name or email address, or else an exact full name (several people
    may share one)."""
    text = " ".join(who.split()).lower()
    if not text:
        return []
    users = get_user_model().objects.select_related("staff", "person")
    exact = list(users.filter(Q(username__iexact=text) | Q(email__iexact=text))[:2])
    if exact:
        return exact
    return list(users.annotate(full=Lower(Concat("first_name", Value(" "), "last_name"))).filter(full=text)
                .order_by("id")[:10])


def account_problem(who: str, found: list[Any], *, field: str = "who") -> dict[str, str]:
    if not found:
        return {field: "Nobody with a Care Commons sign-in has that name, email address or sign-in name. Check the "
                       "spelling, or use their email address"}
    if len(found) > 1:
        return {field: f"{len(found)} people are called {' '.join(who.split())}. Use their email address instead"}
    return {}


# --- Naming people in an enquiry ------------------------------------------------------------------------------------

@transaction.atomic
def name_in_enquiry(*, concern: Concern, user: Any, who: str, why: str) -> Involvement:
    """Name someone with a sign-in in this concern, so that they may see it (view only), saying why."""
    found = find_account(who)
    problems = account_problem(who, found)
    named = found[0] if len(found) == 1 else None
    if named is not None:
        problems.update(check_naming(
            name=display_name(named), role=(role_of(named).value if role_of(named) else None),
            alleged_source=concern.alleged_source_id == named.pk, on_team=on_safeguarding_team(named),
            already_named=concern.involvements.filter(user=named).exists(), why=why))
    else:  # still say what is wrong with the reason
        problems.update({k: v for k, v in check_naming(name="", role="practitioner", alleged_source=False,
                                                       on_team=False, already_named=False, why=why).items()
                         if k == "why"})
    if problems:
        raise EnquiryInvalid(problems)
    assert named is not None
    now = timezone.now()
    involvement = Involvement.objects.create(concern=concern, user=named, why=" ".join(why.split())[:200],
                                             named_by=user, named_at=now)
    _event(concern, user, ConcernEvent.Action.NAMED, f"{display_name(named)}: {involvement.why}", now)
    return involvement


@transaction.atomic
def unname(*, concern: Concern, user: Any, involvement: Involvement, why: str) -> None:
    """Remove someone's naming, saying why: from now on they no longer see the concern."""
    problems = check_reasons(why, field="why", message="Say in at least 5 words why they no longer need to see it")
    if problems:
        raise EnquiryInvalid(problems)
    name = display_name(involvement.user)
    Involvement.objects.filter(pk=involvement.pk, concern=concern).delete()
    _event(concern, user, ConcernEvent.Action.UNNAMED, f"{name}: {' '.join(why.split())}")


# --- The alleged source of risk -------------------------------------------------------------------------------------

@transaction.atomic
def record_source(*, concern: Concern, user: Any, source_of_risk: str, has_account: str, who: str = "") -> Concern:
    """Record who the risk is from (the Safeguarding Adults Collection's category) and, where they have a sign-in,
    that account: from then on they never see the concern, whoever they are. A naming of theirs is removed."""
    problems: dict[str, str] = {}
    if source_of_risk not in SOURCES_OF_RISK:
        problems["source_of_risk"] = "Choose who the risk is from"
    if has_account not in ("yes", "no"):
        problems["has_account"] = "Say whether they have a Care Commons sign-in"
    source = None
    if has_account == "yes":
        found = find_account(who)
        problems.update(account_problem(who, found))
        if len(found) == 1:
            source = found[0]
            if source.pk == user.pk:
                problems["who"] = ("You cannot record yourself as the alleged source of risk. Ask your manager to "
                                   "look at this concern")
            elif concern.person_id is not None and concern.person.user_id == source.pk:
                problems["who"] = ("That is the person this concern is about. To keep it from them, record a "
                                   "decision to withhold it instead")
    if problems:
        raise EnquiryInvalid(problems)
    now = timezone.now()
    Concern.objects.filter(pk=concern.pk).update(source_of_risk=source_of_risk, alleged_source=source)
    words = SOURCES_OF_RISK[source_of_risk]
    detail = f"{words}; their sign-in: {display_name(source)}" if source is not None else f"{words}; no sign-in"
    _event(concern, user, ConcernEvent.Action.SOURCE, detail, now)
    if source is not None:
        gone = Involvement.objects.filter(concern=concern, user=source)
        if gone.exists():
            gone.delete()
            _event(concern, user, ConcernEvent.Action.UNNAMED,
                   f"{display_name(source)}: recorded as the alleged source of risk", now)
    return Concern.objects.select_related("person", "alleged_source").get(pk=concern.pk)


# --- Withholding it from the person ---------------------------------------------------------------------------------

@transaction.atomic
def withhold(*, concern: Concern, user: Any, why: str) -> Concern:
    """Record a decision that the person seeing this concern would put them or others at risk, with reasons."""
    if concern.withheld_from_person:
        raise EnquiryInvalid({"why": "It is already withheld from them"})
    problems = check_reasons(why, field="why", message="Give the reasons in at least 5 words")
    if problems:
        raise EnquiryInvalid(problems)
    reasons = why.strip()
    Concern.objects.filter(pk=concern.pk).update(withheld_from_person=True, withheld_why=reasons)
    _event(concern, user, ConcernEvent.Action.WITHHELD, reasons)
    return Concern.objects.get(pk=concern.pk)


@transaction.atomic
def lift_withholding(*, concern: Concern, user: Any, why: str) -> Concern:
    """Lift a decision to withhold, with reasons: the person sees the concern (and who opened it) again."""
    if not concern.withheld_from_person:
        raise EnquiryInvalid({"why": "It is not withheld from them"})
    problems = check_reasons(why, field="why", message="Give the reasons in at least 5 words")
    if problems:
        raise EnquiryInvalid(problems)
    Concern.objects.filter(pk=concern.pk).update(withheld_from_person=False, withheld_why="")
    _event(concern, user, ConcernEvent.Action.LIFTED, why.strip())
    return Concern.objects.get(pk=concern.pk)


# --- Reviewing and changing an agreed plan --------------------------------------------------------------------------

def current_plans(concern: Concern) -> list[SafeguardingPlan]:
    """The plans in force: those no newer version replaces, each with `.history` (older versions, newest first) and
    `.review_list` (its reviews, and those of the versions before it)."""
    plans = list(concern.plans.prefetch_related("reviews").order_by("recorded_at", "id"))
    replaced = {p.replaces_id: p for p in plans if p.replaces_id is not None}
    by_id = {p.pk: p for p in plans}
    current = [p for p in plans if p.pk not in replaced]
    for plan in current:
        history, older = [], by_id.get(plan.replaces_id) if plan.replaces_id else None
        while older is not None:
            history.append(older)
            older = by_id.get(older.replaces_id) if older.replaces_id else None
        plan.history = history  # type: ignore[attr-defined]
        plan.review_list = list(plan.reviews.all())  # type: ignore[attr-defined]
        reviews = plan.review_list  # type: ignore[attr-defined]
        plan.next_review_on = reviews[-1].next_review_on if reviews else plan.review_on  # type: ignore[attr-defined]
    return current


def is_current(plan: SafeguardingPlan) -> bool:
    return not SafeguardingPlan.objects.filter(replaces=plan).exists()


def _open_enquiry(concern: Concern, field: str) -> None:
    if concern.state != State.ENQUIRY_OPEN.value:
        raise EnquiryInvalid({field: "Plans are reviewed and changed while the enquiry is open"})


@transaction.atomic
def plan_review(*, plan: SafeguardingPlan, user: Any, reviewed_on: dt.date | None, what_changed: str,
                still_agrees: bool | None, next_review_on: dt.date | None) -> SafeguardingPlanReview:
    """Record a review of the plan in force, with the next review date."""
    concern = plan.concern
    _open_enquiry(concern, "reviewed_on")
    problems = check_plan_review(reviewed_on=reviewed_on, plan_agreed_on=timezone.localtime(plan.recorded_at).date(),
                                 today=timezone.localdate(), what_changed=what_changed, still_agrees=still_agrees,
                                 next_review_on=next_review_on)
    if problems:
        raise EnquiryInvalid(problems)
    if not is_current(plan):
        raise PlanConflict(SafeguardingPlan.objects.get(replaces=plan))
    assert reviewed_on is not None and next_review_on is not None and still_agrees is not None
    now = timezone.now()
    review = SafeguardingPlanReview.objects.create(
        plan=plan, reviewed_on=reviewed_on, what_changed=what_changed.strip(), still_agrees=still_agrees,
        next_review_on=next_review_on, recorded_by=user, recorded_by_name=display_name(user), recorded_at=now)
    agrees = "they still agree" if still_agrees else "they no longer agree"
    _event(concern, user, ConcernEvent.Action.PLAN_REVIEWED,
           f"{plan.get_kind_display()}, version {plan.version}, reviewed on {reviewed_on:%d/%m/%Y}: {agrees}; next "
           f"review {next_review_on:%d/%m/%Y}", now)
    return review


def plan_change(*, plan: SafeguardingPlan, user: Any, kind: str, risks_chosen: str, support: str, who_does_what: str,
                review_on: dt.date | None, person_agrees: bool, change_why: str) -> SafeguardingPlan:
    """Agree a changed plan: a new version, with what changed and why; the old one is kept. Two people changing the
    same plan at once: the first saved wins, and the other is told who (PlanConflict), with nothing saved."""
    concern = plan.concern
    _open_enquiry(concern, "kind")
    problems = check_plan(kind=kind, risks_chosen=risks_chosen, support=support, who_does_what=who_does_what,
                          review_on=review_on, today=timezone.localdate(), person_agrees=person_agrees)
    problems.update(check_reasons(change_why, field="change_why",
                                  message="Say what changed and why, in at least 5 words"))
    if problems:
        raise EnquiryInvalid(problems)
    assert review_on is not None
    now = timezone.now()
    try:
        with transaction.atomic():
            new = SafeguardingPlan.objects.create(
                concern=concern, kind=kind, risks_chosen=risks_chosen.strip() if kind == "risk_enablement" else "",
                support=support.strip(), who_does_what=who_does_what.strip(), review_on=review_on,
                agreed_by_person=True, recorded_by=user, recorded_by_name=display_name(user), recorded_at=now,
                version=plan.version + 1, replaces=plan, change_why=change_why.strip())
            _event(concern, user, ConcernEvent.Action.PLAN_CHANGED,
                   f"{new.get_kind_display()}, now version {new.version}: {new.change_why}", now)
    except IntegrityError:
        raise PlanConflict(SafeguardingPlan.objects.get(replaces=plan)) from None
    return new
