"""What the hospital app holds about a person, for `people.subject_access`: requests from wards to help them leave
hospital."""

from __future__ import annotations

from typing import Any

from carecommons.hospital.models import DischargeRequest
from carecommons.people.models import Person
from carecommons.people.subject_access import register_subject_access_part
from carecommons.rules.discharge import PATHWAY_WORDS, Pathway


def _requests(person: Person) -> list[dict[str, Any]]:
    return [{
        "ward": str(r.ward), "received_at": r.received_at, "ready_on": r.ready_on, "what_matters": r.what_matters,
        "proposed_pathway": PATHWAY_WORDS[Pathway(r.proposed_pathway)], "status": r.status_words,
        "reference": str(r.reference),
    } for r in DischargeRequest.objects.filter(person=person).select_related("ward").order_by("received_at", "pk")]


def register() -> None:
    register_subject_access_part("leaving_hospital", _requests, title="Leaving hospital", order=80, keys={
        "ward": "The ward that asked us to help", "received_at": "When we received it",
        "ready_on": "When you were expected to be ready to leave",
        "what_matters": "What matters to you and your family, as the ward told us",
        "proposed_pathway": "How the ward suggested you leave hospital", "status": "Where it is up to",
        "reference": "Its reference",
    })
