"""The hospital team's writers: linking a request to a person's record, planning with the person and family, reablement
and the 91-day check. Every decision is `rules.discharge`'s; two people saving at once: the first wins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from carecommons.hospital.models import (
    OPEN,
    ChargingNotice,
    DischargePlan,
    DischargeRequest,
    ReablementEpisode,
    ReablementVisit,
    StillAtHomeCheck,
)
from carecommons.people.roles import display_name
from carecommons.rules.discharge import (
    SHORT_TERM_SUPPORT_PATHWAYS,
    Pathway,
    RequestStatus,
    check_delay,
    check_episode_end,
    check_pathway_agreed,
    check_told,
)


class Invalid(ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


class Conflict(Exception):
    """Someone else saved first. `who` is their name; nothing of this person's was saved."""

    def __init__(self, who: str) -> None:
        super().__init__(f"{who or 'Someone'} changed this first")
        self.who = who


def request_link_person(*, request: DischargeRequest, user: Any, person: Any = None) -> DischargeRequest:
    """Link a request to a person's record, or make a new record from what the ward sent. Only while it is not
    linked: if someone linked it first, Conflict."""
    from carecommons.people.models import Person

    now = timezone.now()
    with transaction.atomic():
        if person is None:
            person = Person.objects.create(full_name=request.name, date_of_birth=request.date_of_birth,
                                           postcode=request.postcode, created_at=now)
        updated = DischargeRequest.objects.filter(pk=request.pk, person__isnull=True).update(person=person)
        if updated:
            return DischargeRequest.objects.select_related("person", "ward").get(pk=request.pk)
        transaction.set_rollback(True)
    raise Conflict("")


def plan_save(*, request: DischargeRequest, user: Any, base_version: int, person_words: str, took_part: str,
              pathway: object, reasons: str, left_on: dt.date | None, delay_reasons: list[str], delay_other: str,
              today: dt.date | None = None) -> DischargePlan:
    """Agree (or change) the pathway with the person and family, and, once they have left, the day they left and
    the reasons for any delay. `base_version` is the plan's version when the page was opened (0: no plan yet)."""
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    if request.status not in OPEN:
        problems["pathway"] = "This request is closed: they have left hospital, or the ward withdrew it"
    if not took_part.strip():
        problems["took_part"] = "Say who took part, for example the person and their daughter"
    decision = check_pathway_agreed(proposed=Pathway(request.proposed_pathway), agreed=pathway, reasons=reasons)
    problems.update({("pathway_reasons" if k == "reasons" else k): v for k, v in decision.problems.items()})
    if left_on is not None and left_on > today:
        problems["left_on"] = "The day they left cannot be in the future"
    elif left_on is not None and left_on < request.received_at.date() - dt.timedelta(days=30):
        problems["left_on"] = "The day they left must be after the ward sent the request"
    delay = check_delay(ready_on=request.ready_on, left_on=left_on, today=today, reasons=delay_reasons,
                        other=delay_other)
    problems.update({k: v for k, v in delay.problems.items() if k not in problems})
    if problems:
        raise Invalid(problems)
    assert decision.pathway is not None
    now = timezone.now()
    fields = {
        "person_words": person_words.strip(), "took_part": " ".join(took_part.split()),
        "agreed_pathway": decision.pathway.value, "pathway_reasons": reasons.strip() if decision.changed else "",
        "pathway_said": " ".join(decision.reasons), "left_on": left_on,
        "delay_reasons": [r.value for r in delay.reasons], "delay_other": delay_other.strip() if delay.reasons else "",
        "agreed_by": user, "agreed_by_name": display_name(user), "agreed_at": now,
    }
    status = RequestStatus.LEFT_HOSPITAL if left_on is not None else RequestStatus.PLANNING
    with transaction.atomic():
        if base_version == 0:
            try:
                with transaction.atomic():
                    plan = DischargePlan.objects.create(request=request, version=1, **fields)
            except IntegrityError:
                plan = None
        else:
            updated = DischargePlan.objects.filter(request=request, version=base_version).update(
                version=base_version + 1, **fields)
            plan = DischargePlan.objects.get(request=request) if updated else None
        if plan is not None and DischargeRequest.objects.filter(pk=request.pk, status__in=OPEN).update(
                status=status.value):
            return plan
        transaction.set_rollback(True)
    current = DischargePlan.objects.filter(request=request).first()
    raise Conflict(current.agreed_by_name if current is not None else "")


# --- Reablement -------------------------------------------------------------------------------------------------

def reablement_start(*, request: DischargeRequest, user: Any, goals: str) -> ReablementEpisode:
    """Start reablement on the day they left, for someone who left on pathway 1 or 2 and whose record is linked."""
    plan = getattr(request, "plan", None)
    problems: dict[str, str] = {}
    if plan is None or plan.left_on is None or plan.agreed_pathway is None:
        problems["goals"] = "Reablement starts on the day they leave hospital: record that first"
    elif Pathway(plan.agreed_pathway) not in SHORT_TERM_SUPPORT_PATHWAYS:
        problems["goals"] = "Reablement follows pathway 1 or 2"
    elif request.person_id is None:
        problems["goals"] = "Link the request to the person's record first"
    if len(goals.split()) < 2:
        problems.setdefault("goals", "Write their goals in their own words")
    if problems:
        raise Invalid(problems)
    assert plan is not None and plan.left_on is not None
    try:
        with transaction.atomic():
            return ReablementEpisode.objects.create(request=request, person_id=request.person_id,
                                                    started_on=plan.left_on, goals=goals.strip(),
                                                    started_by_name=display_name(user))
    except IntegrityError:
        raise Conflict(ReablementEpisode.objects.get(request=request).started_by_name) from None


def reablement_visit(*, episode: ReablementEpisode, user: Any, visited_on: dt.date | None, note: str,
                     today: dt.date | None = None) -> ReablementVisit:
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    if episode.ended_on is not None:
        problems["note"] = "This reablement has ended"
    if visited_on is None:
        problems["visited_on"] = "Enter the day of the visit"
    elif visited_on < episode.started_on:
        problems["visited_on"] = f"The visit must be on or after the day reablement started, {episode.started_on:%-d %B %Y}"
    elif visited_on > today:
        problems["visited_on"] = "The visit cannot be in the future"
    if not note.strip():
        problems.setdefault("note", "Say what happened on the visit")
    if problems:
        raise Invalid(problems)
    assert visited_on is not None
    return ReablementVisit.objects.create(episode=episode, visited_on=visited_on, note=note.strip(),
                                          by_name=display_name(user), recorded_at=timezone.now())


def reablement_end(*, episode: ReablementEpisode, user: Any, ended_on: dt.date | None, can_now_do: str, sequel: object,
                   today: dt.date | None = None) -> ReablementEpisode:
    """End reablement with what they can now do and exactly one sequel. Only once: the first to end it wins."""
    today = today or timezone.localdate()
    check = check_episode_end(started_on=episode.started_on, ended_on=ended_on, sequel=sequel, today=today)
    if not check.ok:
        raise Invalid(dict(check.problems))
    assert check.sequel is not None
    updated = ReablementEpisode.objects.filter(pk=episode.pk, ended_on__isnull=True).update(
        ended_on=ended_on, can_now_do=can_now_do.strip(), sequel=check.sequel.value, ended_by_name=display_name(user))
    if not updated:
        raise Conflict(ReablementEpisode.objects.get(pk=episode.pk).ended_by_name)
    return ReablementEpisode.objects.get(pk=episode.pk)


def check_record(*, request: DischargeRequest, user: Any, answer: str, checked_on: dt.date | None, spoke_to: str,
                 today: dt.date | None = None) -> StillAtHomeCheck:
    """Record the answer to the 91-day question: is the person still at home? Once a request."""
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    if answer not in StillAtHomeCheck.Answer.values:
        problems["answer"] = "Choose where they are now"
    plan = getattr(request, "plan", None)
    if checked_on is None:
        problems["checked_on"] = "Enter the day you checked"
    elif checked_on > today:
        problems["checked_on"] = "The day you checked cannot be in the future"
    elif plan is not None and plan.left_on is not None and checked_on < plan.left_on:
        problems["checked_on"] = "The day you checked must be after they left hospital"
    if not spoke_to.strip():
        problems["spoke_to"] = "Say who told you, for example the person or their daughter"
    if problems:
        raise Invalid(problems)
    assert checked_on is not None
    try:
        with transaction.atomic():
            return StillAtHomeCheck.objects.create(request=request, answer=answer, checked_on=checked_on,
                                                   spoke_to=" ".join(spoke_to.split()),
                                                   recorded_by_name=display_name(user), recorded_at=timezone.now())
    except IntegrityError:
        raise Conflict(StillAtHomeCheck.objects.get(request=request).recorded_by_name) from None


def charging_told(*, episode: ReablementEpisode, user: Any, told_on: dt.date | None, how: str, what_said: str,
                  today: dt.date | None = None) -> ChargingNotice:
    """Record that the person was told that the normal financial assessment applies after the six free weeks. Once an
    episode: if someone recorded it first, Conflict (their name)."""
    today = today or timezone.localdate()
    problems = check_told(told_on=told_on, how=how, started_on=episode.started_on, today=today)
    if problems:
        raise Invalid(problems)
    assert told_on is not None
    try:
        with transaction.atomic():
            return ChargingNotice.objects.create(episode=episode, told_on=told_on, how=how, what_said=what_said.strip(),
                                                 recorded_by=user, recorded_by_name=display_name(user),
                                                 recorded_at=timezone.now())
    except IntegrityError:
        raise Conflict(ChargingNotice.objects.get(episode=episode).recorded_by_name) from None
