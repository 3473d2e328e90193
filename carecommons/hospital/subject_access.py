"""What the hospital app holds about a person, for `people.subject_access`: requests from wards to help them leave
hospital."""

from __future__ import annotations

from typing import Any

from carecommons.hospital.models import DischargeRequest
from carecommons.people.models import Person
from carecommons.people.subject_access import register_subject_access_part
from carecommons.rules.discharge import HOW_TOLD, PATHWAY_WORDS, SEQUEL_WORDS, Pathway, Sequel


def _requests(person: Person) -> list[dict[str, Any]]:
    rows = []
    found = (DischargeRequest.objects.filter(person=person).select_related("ward", "plan", "reablement", "still_at_home")
             .order_by("received_at", "pk"))
    for r in found:
        plan, episode, check = (getattr(r, "plan", None), getattr(r, "reablement", None),
                                getattr(r, "still_at_home", None))
        told = getattr(episode, "charging_notice", None) if episode else None
        rows.append({
            "ward": str(r.ward), "received_at": r.received_at, "ready_on": r.ready_on, "what_matters": r.what_matters,
            "proposed_pathway": PATHWAY_WORDS[Pathway(r.proposed_pathway)], "status": r.status_words,
            "reference": str(r.reference),
            "your_words": plan.person_words if plan else "", "took_part": plan.took_part if plan else "",
            "agreed_pathway": plan.pathway_said if plan else "", "left_on": plan.left_on if plan else None,
            "reablement_goals": episode.goals if episode else "",
            "reablement_visits": [f"{v.visited_on:%-d %B %Y}: {v.note}" for v in episode.visits.all()] if episode else [],
            "reablement_ended": episode.ended_on if episode else None,
            "can_now_do": episode.can_now_do if episode else "",
            "what_happened_next": SEQUEL_WORDS[Sequel(episode.sequel)] if episode and episode.sequel else "",
            "still_at_home": f"{check.get_answer_display()}, {check.checked_on:%-d %B %Y}" if check else "",
            "told_about_charging": (f"{HOW_TOLD.get(told.how, told.how)}, on {told.told_on:%-d %B %Y}"
                                    + (f": {told.what_said}" if told.what_said else "")) if told else "",
        })
    return rows


def register() -> None:
    register_subject_access_part("leaving_hospital", _requests, title="Leaving hospital", order=80, keys={
        "ward": "The ward that asked us to help", "received_at": "When we received it",
        "ready_on": "When you were expected to be ready to leave",
        "what_matters": "What matters to you and your family, as the ward told us",
        "proposed_pathway": "How the ward suggested you leave hospital", "status": "Where it is up to",
        "reference": "Its reference", "your_words": "What matters to you, in your words",
        "took_part": "Who took part in planning", "agreed_pathway": "How we agreed you would leave hospital",
        "left_on": "The day you left hospital", "reablement_goals": "Your goals for reablement",
        "reablement_visits": "Reablement visits", "reablement_ended": "When reablement ended",
        "can_now_do": "What you could do when it ended", "what_happened_next": "What happened next",
        "still_at_home": "Whether you were still at home, when we checked",
        "told_about_charging": "When we told you that charges could apply after six free weeks",
    })
