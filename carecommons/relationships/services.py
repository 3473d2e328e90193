"""Matching rounds, arrangements and continuity. The decisions come from carecommons.rules."""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from carecommons.relationships.models import (
    Arrangement,
    ArrangementEvent,
    Carer,
    MatchRound,
    Proposal,
    Seeker,
    Visit,
)
from carecommons.rules import matching
from carecommons.rules.continuity import Continuity, continuity

END_REASONS = {
    "moved": "The person moved away",
    "needs_changed": "The person's needs changed",
    "did_not_get_on": "They did not get on",
    "carer_stopped": "The carer or householder stopped",
    "person_chose": "The person chose to end it",
    "died": "The person died",
    "other": "Something else (say what in the notes)",
}
REVIEW_AFTER = dt.timedelta(weeks=6)
REVIEW_EVERY = dt.timedelta(days=182)


class RelationshipError(Exception):
    """Something that cannot be done; the message says why in plain English."""


def centre() -> tuple[float, float]:
    lat, lon = settings.CARECOMMONS["MARKET"]["AREA_CENTRE"]
    return float(lat), float(lon)


def km_grid(lat: Any, lon: Any) -> tuple[Any, Any]:
    """Latitude and longitude to kilometres east and north of the area's centre (good to a few metres over a county)."""
    lat0, lon0 = centre()
    return (np.asarray(lon) - lon0) * 111.32 * math.cos(math.radians(lat0)), (np.asarray(lat) - lat0) * 110.57


def set_masks(profile: Carer | Seeker) -> None:
    if isinstance(profile, Carer):
        profile.needs_mask = matching.mask(profile.can_meet, matching.NEEDS)
        profile.traits_mask = matching.mask(profile.household, matching.TRAITS)
        profile.excludes_mask = matching.mask(profile.household_will_not_accept, matching.TRAITS)
    else:
        profile.needs_mask = matching.mask(profile.needs, matching.NEEDS)
        profile.traits_mask = matching.mask(profile.about_me, matching.TRAITS)
        profile.excludes_mask = matching.mask(profile.never, matching.TRAITS)
    profile.interests_mask = matching.mask(profile.interests, matching.INTERESTS)
    profile.languages_mask = matching.mask(profile.languages, matching.LANGUAGES)
    profile.faith_index = _faith(profile.faith)
    if isinstance(profile, Carer):
        profile.valid_until_ordinal = min(profile.approved_until, profile.checks_until).toordinal()


def _faith(value: str) -> int:
    return matching.FAITHS.index(value) if value in matching.FAITHS else -1


COLUMNS = "id, latitude, longitude, max_km, needs_mask, traits_mask, excludes_mask, interests_mask, languages_mask, faith_index"


def load(kind: str) -> tuple[matching.Side, matching.Side]:
    """The stored profiles of one kind, straight from the database into arrays: one query a side, all numbers."""
    def table(sql: str, width: int) -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, [kind, True])
            rows = cursor.fetchall()
        return np.array(rows, dtype=np.float64).reshape(len(rows), width)

    p = table(f"SELECT {COLUMNS}, CASE WHEN faith_matters THEN 1 ELSE 0 END FROM relationships_seeker "  # noqa: S608 - fixed columns
              "WHERE kind = %s AND active = %s ORDER BY id", 11)
    c = table(f"SELECT {COLUMNS}, valid_until_ordinal, capacity FROM relationships_carer "  # noqa: S608 - fixed columns
              "WHERE kind = %s AND active = %s ORDER BY id", 12)

    def side(a: Any, valid: Any, capacity: Any, faith_matters: Any) -> matching.Side:
        x, y = km_grid(a[:, 1], a[:, 2])
        ints = [a[:, i].astype(np.int64) for i in range(4, 9)]
        return matching.Side(a[:, 0].astype(np.int64), np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64),
                             a[:, 3].copy(), *ints, a[:, 9].astype(np.int64), faith_matters, valid, capacity)

    people = side(p, np.zeros(len(p), dtype=np.int64), np.ones(len(p), dtype=np.int64), p[:, 10].astype(bool))
    carers = side(c, c[:, 10].astype(np.int64), c[:, 11].astype(np.int64), np.zeros(len(c), dtype=bool))
    return people, carers


@dataclass(frozen=True)
class Solved:
    people: matching.Side
    carers: matching.Side
    candidates: matching.Candidates
    proposal: matching.Proposal
    greedy: matching.Proposal
    seconds: float


def solve(kind: str, *, today: dt.date, pinned: dict[int, int] | None = None, excluded: list[tuple[int, int]] | None = None) -> Solved:
    """From stored profiles to the solved proposal. Pins and exclusions are by seeker and carer id."""
    started = time.perf_counter()
    people, carers = load(kind)
    cands = matching.candidates(people, carers, today=today, per_person=matching.PER_PERSON)
    row_of_person = {int(i): r for r, i in enumerate(people.ids)}
    row_of_carer = {int(i): r for r, i in enumerate(carers.ids)}
    pins = {row_of_person[s]: row_of_carer[c] for s, c in (pinned or {}).items() if s in row_of_person and c in row_of_carer}
    banned = {(row_of_person[s], row_of_carer[c]) for s, c in (excluded or []) if s in row_of_person and c in row_of_carer}
    proposal = matching.solve(people, carers, cands, pinned=pins, excluded=banned, per_person=None)  # already the best 30 each
    seconds = time.perf_counter() - started  # the greedy baseline is for comparison only, and not timed
    return Solved(people, carers, cands, proposal, matching.greedy(people, carers, cands), seconds)


@transaction.atomic
def run_round(*, kind: str, user: Any, pinned: dict[int, int] | None = None, excluded: list[tuple[int, int]] | None = None,
              rerun_of: MatchRound | None = None, today: dt.date | None = None) -> MatchRound:
    """Run a matching round over everyone looking and everyone offering, and keep each proposal with its reasons."""
    if kind not in {k for k, _ in Carer._meta.get_field("kind").choices}:
        raise RelationshipError("Choose Shared Lives, Homeshare or personal assistants")
    solved = solve(kind, today=today or timezone.localdate(), pinned=pinned, excluded=excluded)
    people, carers, proposal = solved.people, solved.carers, solved.proposal
    round_ = MatchRound.objects.create(
        kind=kind, run_by=user, run_at=timezone.now(), people=len(people), carers=len(carers), candidates=len(solved.candidates.person),
        seconds=round(solved.seconds, 3), total_fit=round(proposal.total_fit, 1), greedy_fit=round(solved.greedy.total_fit, 1),
        pinned={str(k): v for k, v in (pinned or {}).items()}, excluded=[list(pair) for pair in (excluded or [])], rerun_of=rerun_of)
    options = np.bincount(solved.candidates.person, minlength=len(people)) if len(people) else np.zeros(0, dtype=np.int64)
    seekers = {s.pk: s for s in Seeker.objects.filter(pk__in=people.ids.tolist()).select_related("person")}
    carer_names = dict(Carer.objects.filter(pk__in=carers.ids.tolist()).values_list("pk", "name"))
    rows = []
    for r in range(len(people)):
        seeker = seekers[int(people.ids[r])]
        c = int(proposal.carer[r])
        if c >= 0:
            why = matching.explain(people, carers, r, c, person_name=seeker.person.known_as, carer_name=carer_names[int(carers.ids[c])])
            rows.append(Proposal(round=round_, seeker=seeker, carer_id=int(carers.ids[c]), fit=float(proposal.fit[r]), headline=why.headline,
                                 reasons=list(why.reasons), talk_about=list(why.talk_about), alternatives=int(options[r])))
        else:
            reason = ("Nobody offering meets every need, the 'never' list and the household's wishes within reach."
                      if not options[r] else
                      f"{int(options[r])} would be acceptable, but each was a better fit for someone else this round. Pin one to try it.")
            rows.append(Proposal(round=round_, seeker=seeker, carer=None, fit=0, headline="Not matched this round", reasons=[reason],
                                 alternatives=int(options[r])))
    Proposal.objects.bulk_create(rows, batch_size=1000)
    return round_


# --- From introduction to arrangement --------------------------------------------------------

STEPS = {
    "met": ({Arrangement.Stage.INTRODUCED}, Arrangement.Stage.MET, "They met"),
    "trial": ({Arrangement.Stage.MET, Arrangement.Stage.TRIAL}, Arrangement.Stage.TRIAL, "A trial stay or trial sessions"),
    "agreed": ({Arrangement.Stage.MET, Arrangement.Stage.TRIAL}, Arrangement.Stage.AGREED, "Both agreed to go ahead"),
    "started": ({Arrangement.Stage.AGREED}, Arrangement.Stage.ACTIVE, "The arrangement started"),
    "review": ({Arrangement.Stage.ACTIVE}, Arrangement.Stage.ACTIVE, "A review"),
    "ended": (set(Arrangement.Stage) - {Arrangement.Stage.ENDED}, Arrangement.Stage.ENDED, "It ended"),
}


@transaction.atomic
def introduce(*, proposal: Proposal, user: Any) -> Arrangement:
    if proposal.carer_id is None:
        raise RelationshipError("This person was not matched this round")
    if Arrangement.objects.filter(seeker=proposal.seeker, carer=proposal.carer).exclude(stage=Arrangement.Stage.ENDED).exists():
        raise RelationshipError("They have already been introduced")
    arrangement = Arrangement.objects.create(seeker=proposal.seeker, carer=proposal.carer, proposal=proposal, created_at=timezone.now(),
                                             created_by=user)
    ArrangementEvent.objects.create(arrangement=arrangement, what="introduced", on=timezone.localdate(), by=user, at=timezone.now(),
                                    notes="Introduced from a matching round. Nothing goes ahead unless both agree.")
    return arrangement


@transaction.atomic
def record(*, arrangement: Arrangement, what: str, on: dt.date, notes: str, user: Any, person_agrees: bool = False,
           carer_agrees: bool = False, end_reason: str = "") -> Arrangement:
    locked = Arrangement.objects.select_for_update().get(pk=arrangement.pk)
    if what not in STEPS:
        raise RelationshipError("Choose what happened")
    allowed, stage, _ = STEPS[what]
    if locked.stage not in allowed:
        raise RelationshipError(f"That cannot be recorded now: the arrangement is at '{locked.get_stage_display().lower()}'")
    if on > timezone.localdate() and what != "trial":
        raise RelationshipError("The date cannot be in the future")
    if what == "agreed":
        if not (person_agrees and carer_agrees):
            raise RelationshipError("Both the person and the carer must say they agree: nothing goes ahead otherwise")
        locked.person_agrees, locked.carer_agrees = True, True
    if what == "started":
        locked.started_on, locked.next_review = on, on + REVIEW_AFTER
    if what == "review":
        locked.next_review = on + REVIEW_EVERY
    if what == "ended":
        if end_reason not in END_REASONS:
            raise RelationshipError("Choose why it ended: the scheme learns what makes matches last")
        if end_reason == "other" and len(notes.strip()) < 5:
            raise RelationshipError("Say why it ended")
        locked.ended_on, locked.end_reason, locked.end_notes = on, end_reason, notes.strip()
    locked.stage = stage
    locked.save()
    ArrangementEvent.objects.create(arrangement=locked, what=what, on=on, notes=notes.strip(), by=user, at=timezone.now())
    return locked


def endings() -> list[dict[str, Any]]:
    """Why arrangements ended, and how long they lasted: what the scheme learns from."""
    out: dict[str, list[int]] = defaultdict(list)
    for a in Arrangement.objects.filter(stage=Arrangement.Stage.ENDED):
        days = (a.ended_on - a.started_on).days if a.started_on and a.ended_on else 0
        out[a.end_reason].append(days)
    return [{"reason": END_REASONS.get(k, k), "count": len(v), "median_days": sorted(v)[len(v) // 2] if v else 0} for k, v in sorted(out.items())]


# --- Continuity of care ----------------------------------------------------------------------

def continuity_config() -> dict[str, int]:
    return dict(settings.CARECOMMONS["CONTINUITY"])


def continuity_for(person_id: int, *, now: dt.datetime | None = None) -> Continuity:
    c = continuity_config()
    until = now or timezone.now()
    since = until - dt.timedelta(days=c["WINDOW_DAYS"])
    visits = Visit.objects.filter(person_id=person_id, starts_at__gte=since, starts_at__lt=until).values_list("starts_at", "worker")
    return continuity(visits, since=since, until=until, max_workers=c["MAX_WORKERS"], min_familiar_share=c["MIN_FAMILIAR_SHARE"])


def continuity_by_provider(*, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Per provider: people visited, the median number of workers each saw, and how many have a stream of strangers."""
    c = continuity_config()
    until = now or timezone.now()
    since = until - dt.timedelta(days=c["WINDOW_DAYS"])
    by: dict[tuple[str, int], list[tuple[dt.datetime, str]]] = defaultdict(list)
    for provider, person_id, when, worker in Visit.objects.filter(starts_at__gte=since, starts_at__lt=until).values_list(
            "provider", "person_id", "starts_at", "worker"):
        by[(provider, person_id)].append((when, worker))
    providers: dict[str, list[Continuity]] = defaultdict(list)
    for (provider, _), visits in by.items():
        providers[provider].append(continuity(visits, since=since, until=until, max_workers=c["MAX_WORKERS"],
                                              min_familiar_share=c["MIN_FAMILIAR_SHARE"]))
    rows = []
    for provider, results in sorted(providers.items()):
        workers = sorted(r.workers for r in results)
        rows.append({"provider": provider or "Not recorded", "people": len(results), "median_workers": workers[len(workers) // 2],
                     "median_familiar_share": sorted(r.familiar_share for r in results)[len(results) // 2],
                     "strangers": sum(r.strangers_alert for r in results)})
    return rows


@transaction.atomic
def profile_save(profile: Carer | Seeker, fields: dict[str, Any]) -> Carer | Seeker:
    """Save a profile's words and keep its bit masks in step."""
    for name, value in fields.items():
        setattr(profile, name, value)
    if profile.pk is None:
        profile.created_at = timezone.now()
    set_masks(profile)
    profile.save()
    return profile


def _subset(side: matching.Side, rows: Any) -> matching.Side:
    return matching.Side(*(getattr(side, f)[rows] for f in matching.Side.__dataclass_fields__))


@dataclass(frozen=True)
class ShortlistEntry:
    other_id: int
    fit: float
    km: float
    why: matching.Why


def shortlist(*, kind: str, seeker_id: int | None = None, carer_id: int | None = None, today: dt.date | None = None,
              limit: int = 10) -> list[ShortlistEntry]:
    """One person's shortlist of carers, or one carer's shortlist of people: every hard constraint kept, best fit first."""
    people, carers = load(kind)
    if seeker_id is not None:
        people = _subset(people, np.flatnonzero(people.ids == seeker_id))
    if carer_id is not None:
        carers = _subset(carers, np.flatnonzero(carers.ids == carer_id))
    if not len(people) or not len(carers):
        return []
    cands = matching.candidates(people, carers, today=today or timezone.localdate())
    order = np.lexsort((cands.km, -cands.fit))[:limit]
    names = dict(Seeker.objects.filter(pk__in=people.ids.tolist()).values_list("pk", "person__full_name"))
    carer_names = dict(Carer.objects.filter(pk__in=carers.ids.tolist()).values_list("pk", "name"))
    entries = []
    for i in order.tolist():
        p, c = int(cands.person[i]), int(cands.carer[i])
        why = matching.explain(people, carers, p, c, person_name=names.get(int(people.ids[p]), "they").split(" ")[0],
                               carer_name=carer_names.get(int(carers.ids[c]), "the carer"))
        other = int(carers.ids[c]) if seeker_id is not None else int(people.ids[p])
        entries.append(ShortlistEntry(other, float(cands.fit[i]), float(cands.km[i]), why))
    return entries
