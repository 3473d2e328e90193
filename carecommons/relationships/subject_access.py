"""What the relationships app holds about a person, for `people.subject_access`: matching, arrangements, visits."""

from __future__ import annotations

from typing import Any

from carecommons.people.models import Person
from carecommons.people.roles import display_name
from carecommons.people.subject_access import register_subject_access_part
from carecommons.relationships.models import Arrangement, Seeker, Visit

_PROFILE_FIELDS = ("max_km", "wants", "needs", "about_me", "never", "interests", "languages", "faith", "faith_matters",
                   "what_matters", "routines", "active", "postcode", "latitude", "longitude", "created_at")


def _profiles(person: Person) -> list[dict[str, Any]]:
    seekers = (Seeker.objects.filter(person=person).prefetch_related("proposals__carer", "proposals__round")
               .order_by("created_at", "pk"))
    return [{
        "kind": s.get_kind_display(), **{name: getattr(s, name) for name in _PROFILE_FIELDS},
        "proposals": [{"round_at": p.round.run_at, "carer": p.carer.name if p.carer else "", "fit": p.fit,
                       "headline": p.headline, "reasons": p.reasons}
                      for p in sorted(s.proposals.all(), key=lambda p: p.round.run_at)],
    } for s in seekers]


def _arrangements(person: Person) -> list[dict[str, Any]]:
    arrangements = (Arrangement.objects.filter(seeker__person=person).select_related("carer", "created_by")
                    .prefetch_related("events__by").order_by("created_at", "pk"))
    return [{
        "carer": a.carer.name, "kind": a.carer.get_kind_display(), "stage": a.get_stage_display(),
        "person_agrees": a.person_agrees, "carer_agrees": a.carer_agrees, "started_on": a.started_on,
        "next_review": a.next_review, "ended_on": a.ended_on, "end_reason": a.end_reason, "end_notes": a.end_notes,
        "created_at": a.created_at, "created_by": display_name(a.created_by),
        "events": [{"what": e.what, "on": e.on, "notes": e.notes, "by": display_name(e.by), "at": e.at}
                   for e in a.events.all()],
    } for a in arrangements]


def _visits(person: Person) -> list[dict[str, Any]]:
    return [{"starts_at": v.starts_at, "minutes": v.minutes, "worker": v.worker, "provider": v.provider}
            for v in Visit.objects.filter(person=person).order_by("starts_at", "pk")]


def register() -> None:
    register_subject_access_part("matching_profiles", _profiles, title="What you are looking for: Shared Lives, Homeshare "
                                 "or a personal assistant", order=90, keys={
        "kind": "What you are looking for", "max_km": "How far away, in kilometres", "wants": "What kind of support",
        "needs": "What you need help with", "about_me": "About you, for a household to know", "never": "What you will not have",
        "interests": "Your interests", "languages": "Your languages", "faith": "Your faith",
        "faith_matters": "Faith matters in a match", "what_matters": "What matters to you", "routines": "Your routines",
        "active": "Still looking", "postcode": "Your postcode", "latitude": "Where you live (latitude)", "longitude": "Where you live (longitude)",
        "created_at": "When it was written", "proposals": "Matches suggested for you", "proposals.round_at": "Suggested",
        "proposals.carer": "Who", "proposals.fit": "How well it fits (0 to 1; not a prediction)",
        "proposals.headline": "In short", "proposals.reasons": "The reasons",
    })
    register_subject_access_part("arrangements", _arrangements, title="Your Shared Lives, Homeshare or PA arrangements",
                                 order=95, keys={
        "carer": "Who with", "kind": "Kind", "stage": "Where it is up to", "person_agrees": "You agreed",
        "carer_agrees": "They agreed", "started_on": "Started", "next_review": "Next review", "ended_on": "Ended",
        "end_reason": "Why it ended", "end_notes": "Notes on the ending", "created_at": "When it was written down",
        "created_by": "Written by", "events": "What happened", "events.what": "What", "events.on": "Date",
        "events.notes": "Notes", "events.by": "Written by", "events.at": "When written",
    })
    register_subject_access_part("visits", _visits, title="Visits from care workers and personal assistants", order=97,
                                 keys={
        "starts_at": "When", "minutes": "How long, in minutes", "worker": "Who came", "provider": "From",
    })
