"""The only writers of safeguarding records."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from carecommons.people.roles import display_name
from carecommons.rules.safeguarding import (
    Achieved,
    Closure,
    EnquiryStart,
    OutcomesAsked,
    Risk,
    Route,
    State,
    can_move,
    check_categories,
    check_closure,
    check_enquiry_start,
    check_meeting,
    check_plan,
    check_triage,
    may_raise_another,
    reference_for,
)
from carecommons.safeguarding.models import Concern, ConcernEvent, SafeguardingPlan, StrategyMeeting

RATE_WINDOW = dt.timedelta(hours=1)


class TooManyConcerns(Exception):
    """Too many concerns from one connection in the last hour: nothing saved, the form keeps what was typed."""


class TriageInvalid(ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


class TriageConflict(Exception):
    """Someone else recorded a decision (or changed the concern) after this practitioner opened it."""

    def __init__(self, current: Concern) -> None:
        super().__init__(f"{current.decided_by_name or 'Someone'} changed this concern first")
        self.current = current


def address_key(address: str) -> str:
    """A keyed hash of the client address: enough to count concerns from one connection, not to find who sent them."""
    if not address:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"safeguarding:{address}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Raised:
    what_happened: str
    immediate_danger: str
    about_name: str = ""
    about_where: str = ""
    happened_where: str = ""
    person_knows: str = ""
    person_wants: str = ""
    raiser_relationship: str = ""
    raiser_name: str = ""
    raiser_phone: str = ""
    raiser_email: str = ""


@transaction.atomic
def concern_raise(*, raised: Raised, user: Any = None, person: Any = None, client_address: str = "") -> Concern:
    """Save a concern, from the public form (`client_address` counted against the limit) or by staff about a person.
    Saved whatever contact details are given, or none."""
    now = timezone.now()
    key = address_key(client_address) if user is None else ""
    if key:
        recent = Concern.objects.filter(raised_from=key, raised_at__gt=now - RATE_WINDOW).count()
        if not may_raise_another(raised_from_address_last_hour=recent):
            raise TooManyConcerns
    fields = {name: getattr(raised, name) for name in Raised.__dataclass_fields__}
    if user is not None:
        fields.update(raiser_name=display_name(user), raiser_email=getattr(user, "email", "") or "")
    for _ in range(10):
        reference = reference_for(secrets.randbelow(100_000_000))
        try:
            with transaction.atomic():
                concern = Concern.objects.create(
                    reference=reference, raised_at=now, raised_from=key, raised_by=user, person=person,
                    raised_through=Concern.RaisedThrough.STAFF if user is not None else Concern.RaisedThrough.PUBLIC,
                    **fields)
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - ten clashes in a space of a hundred million
        raise RuntimeError("Could not choose a reference")
    ConcernEvent.objects.create(concern=concern, at=now, user=user, user_name=display_name(user) if user else "",
                                action=ConcernEvent.Action.RAISED)
    return concern


def concern_triage(*, concern: Concern, user: Any, base_version: int, needs: bool, abuse_or_neglect: bool,
                   unable_to_protect: bool, route: str, reasons: str, referred_to: str = "",
                   abuse_types: list[str] | None = None, location: str = "", source_of_risk: str = "") -> Concern:
    """Record the triage decision, naming who made it. Conditional on the concern still being at `base_version`
    and waiting for triage: when two practitioners decide at once, the first saved wins and the other is told who
    (TriageConflict), with nothing of theirs saved."""
    check = check_triage(needs=needs, abuse_or_neglect=abuse_or_neglect, unable_to_protect=unable_to_protect,
                         route=route, reasons=reasons, referred_to=referred_to)
    problems = dict(check.problems)
    problems.update(check_categories(abuse_types=abuse_types or [], location=location, source_of_risk=source_of_risk))
    if problems:
        raise TriageInvalid(problems)
    now = timezone.now()
    with transaction.atomic():
        updated = Concern.objects.filter(pk=concern.pk, version=base_version, state=State.RAISED.value).update(
            state=State.TRIAGED.value, version=base_version + 1, needs=needs, abuse_or_neglect=abuse_or_neglect,
            unable_to_protect=unable_to_protect, s42_duty=check.decision.duty, route=route, reasons=reasons.strip(),
            referred_to=referred_to.strip(), abuse_types=list(abuse_types or []), location=location,
            source_of_risk=source_of_risk, decided_by=user, decided_by_name=display_name(user), decided_at=now)
        if updated:
            ConcernEvent.objects.create(concern=concern, at=now, user=user, user_name=display_name(user),
                                        action=ConcernEvent.Action.TRIAGED)
            return Concern.objects.get(pk=concern.pk)
    current = Concern.objects.select_related("decided_by").get(pk=concern.pk)
    ConcernEvent.objects.create(concern=concern, at=now, user=user, user_name=display_name(user),
                                action=ConcernEvent.Action.TRIAGE_CONFLICT)
    raise TriageConflict(current)


class LinkInvalid(ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def concern_link_person(*, concern: Concern, user: Any, base_version: int, person: Any = None, new_name: str = "",
                        new_born: dt.date | None = None) -> Concern:
    """Say whose record a concern is about, before it is triaged: an existing person's, or a new record made from
    the name the team has (a person not known to the council). Conditional on the version opened, like triage."""
    from carecommons.people.models import Person
    from carecommons.rules.contact import check_name

    now = timezone.now()
    with transaction.atomic():
        if person is None:
            checked = check_name(new_name, what="name")
            if not checked.ok:
                raise LinkInvalid({"new_name": checked.error})
            person = Person.objects.create(full_name=checked.value, date_of_birth=new_born, created_at=now)
        updated = Concern.objects.filter(pk=concern.pk, version=base_version, state=State.RAISED.value).update(
            person=person, version=base_version + 1)
        if updated:
            return Concern.objects.select_related("person").get(pk=concern.pk)
        transaction.set_rollback(True)
    raise TriageConflict(Concern.objects.select_related("decided_by").get(pk=concern.pk))


class EnquiryInvalid(ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def _conditional(concern: Concern, base_version: int, in_state: State, user: Any, **fields: Any) -> Concern:
    """Write `fields` only if the concern is still at `base_version` in `state`; otherwise TriageConflict (someone
    else changed it first), with nothing written."""
    with transaction.atomic():
        updated = Concern.objects.filter(pk=concern.pk, version=base_version, state=in_state.value).update(
            version=base_version + 1, **fields)
        if updated:
            return Concern.objects.select_related("person").get(pk=concern.pk)
    raise TriageConflict(Concern.objects.select_related("decided_by").get(pk=concern.pk))


def enquiry_start(*, concern: Concern, user: Any, base_version: int, start: EnquiryStart) -> Concern:
    """Open the enquiry the triage decided on, having asked the person what outcome they want (or saying why not),
    with an independent advocate where s68 requires one."""
    route = Route(concern.route) if concern.route else None
    if not can_move(state=State(concern.state), to=State.ENQUIRY_OPEN, route=route):
        raise EnquiryInvalid({"outcomes_asked": "This concern was not decided to be an enquiry"})
    problems = check_enquiry_start(start)
    if problems:
        raise EnquiryInvalid(problems)
    assert start.outcomes_asked is not None
    asked = start.outcomes_asked
    return _conditional(
        concern, base_version, State.TRIAGED, user, state=State.ENQUIRY_OPEN.value, outcomes_asked=asked.value,
        desired_outcomes=start.desired_outcomes.strip() if asked is OutcomesAsked.YES else "",
        not_asked_why=start.not_asked_why.strip() if asked is OutcomesAsked.NO else "",
        substantial_difficulty=start.substantial_difficulty, appropriate_person=start.appropriate_person.strip(),
        advocate=start.advocate.strip(), lacks_capacity=start.lacks_capacity.value if start.lacks_capacity else "",
        enquiry_started_by_name=display_name(user), enquiry_started_at=timezone.now())


def concern_close(*, concern: Concern, user: Any, base_version: int, outcomes_achieved: str, risk: str,
                  risk_why: str, reasons: str) -> Concern:
    """Close an open enquiry (with whether what they wanted was achieved, where they said, and what happened to
    the risk), or a concern triaged to another route (with reasons)."""
    route = Route(concern.route) if concern.route else None
    if route is None or not can_move(state=State(concern.state), to=State.CLOSED, route=route):
        raise EnquiryInvalid({"reasons": "This concern cannot be closed yet"})
    closure = Closure(
        route=route, outcomes_asked=OutcomesAsked(concern.outcomes_asked) if concern.outcomes_asked else None,
        outcomes_achieved=Achieved(outcomes_achieved) if outcomes_achieved in set(Achieved) else None,
        risk=Risk(risk) if risk in set(Risk) else None, risk_why=risk_why, reasons=reasons)
    problems = check_closure(closure)
    if problems:
        raise EnquiryInvalid(problems)
    return _conditional(
        concern, base_version, State(concern.state), user, state=State.CLOSED.value,
        outcomes_achieved=closure.outcomes_achieved.value if closure.outcomes_achieved else "",
        risk=closure.risk.value if closure.risk else "", risk_why=risk_why.strip() if risk == Risk.REMAINS else "",
        closure_reasons=reasons.strip(), closed_by_name=display_name(user), closed_at=timezone.now())


@transaction.atomic
def meeting_record(*, concern: Concern, user: Any, held_on: dt.date | None, agencies: list[str], attendees: str,
                   actions: str) -> StrategyMeeting:
    """Record a strategy discussion or meeting about an open enquiry."""
    if concern.state != State.ENQUIRY_OPEN.value:
        raise EnquiryInvalid({"held_on": "Meetings are recorded while the enquiry is open"})
    problems = check_meeting(held_on=held_on, today=timezone.localdate(), agencies=agencies, attendees=attendees,
                             actions=actions)
    if problems:
        raise EnquiryInvalid(problems)
    assert held_on is not None
    return StrategyMeeting.objects.create(
        concern=concern, held_on=held_on, agencies=list(agencies), attendees=attendees.strip(), actions=actions.strip(),
        recorded_by=user, recorded_by_name=display_name(user), recorded_at=timezone.now())


@transaction.atomic
def plan_record(*, concern: Concern, user: Any, kind: str, risks_chosen: str, support: str, who_does_what: str,
                review_on: dt.date | None, person_agrees: bool) -> SafeguardingPlan:
    """Record a protection or risk-enablement plan the person agrees to, while the enquiry is open."""
    if concern.state != State.ENQUIRY_OPEN.value:
        raise EnquiryInvalid({"kind": "Plans are agreed while the enquiry is open"})
    problems = check_plan(kind=kind, risks_chosen=risks_chosen, support=support, who_does_what=who_does_what,
                          review_on=review_on, today=timezone.localdate(), person_agrees=person_agrees)
    if problems:
        raise EnquiryInvalid(problems)
    assert review_on is not None
    return SafeguardingPlan.objects.create(
        concern=concern, kind=kind, risks_chosen=risks_chosen.strip() if kind == "risk_enablement" else "",
        support=support.strip(), who_does_what=who_does_what.strip(), review_on=review_on, agreed_by_person=True,
        recorded_by=user, recorded_by_name=display_name(user), recorded_at=timezone.now())
