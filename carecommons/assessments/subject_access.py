"""What the assessments app holds about a person, for `people.subject_access`: assessments and determinations."""

from __future__ import annotations

from typing import Any

from carecommons.assessments.models import Assessment
from carecommons.people.models import Person
from carecommons.people.roles import display_name
from carecommons.people.subject_access import register_subject_access_part


def _assessments(person: Person) -> list[dict[str, Any]]:
    assessments = (Assessment.objects.filter(person=person)
                   .select_related("completed_by", "organisation", "determination__decided_by", "continuity")
                   .order_by("created_at", "pk"))
    records = []
    for a in assessments:
        determination = getattr(a, "determination", None)
        continuity = getattr(a, "continuity", None)
        records.append({
            "kind": a.get_kind_display(), "cares_for_name": a.cares_for_name,
            "completed_by_kind": a.get_completed_by_kind_display(), "completed_by": display_name(a.completed_by),
            "organisation": a.organisation.name if a.organisation else "", "what_matters": a.what_matters,
            "strengths": a.strengths, "outcomes_wanted": a.outcomes_wanted, "answers": a.answers, "facts": a.facts,
            "fluctuating": a.fluctuating, "status": a.get_status_display(), "imported_from": a.imported_from,
            "created_at": a.created_at, "updated_at": a.updated_at, "submitted_at": a.submitted_at,
            "determination": [{
                "decided_by": determination.decided_by_name or display_name(determination.decided_by),
                "decided_at": determination.decided_at, "eligible": determination.eligible,
                "facts": determination.facts, "changed_facts": determination.changed_facts,
                "practitioner_reasons": determination.practitioner_reasons,
                "unmet_outcomes": determination.unmet_outcomes, "reasons": determination.reasons,
            }] if determination else [],
            "moved_with_you": [{"issuing_council": continuity.issuing_council, "issued_at": continuity.issued_at,
                                "imported_at": continuity.imported_at, "reassessed_at": continuity.reassessed_at}]
            if continuity else [],
        })
    return records


def register() -> None:
    register_subject_access_part("assessments", _assessments, title="Your assessments and determinations", order=50,
                                 keys={
        "kind": "Kind of assessment", "cares_for_name": "The person you care for (a carer's assessment)",
        "completed_by_kind": "Who filled it in", "completed_by": "Signed in as", "organisation": "The organisation that helped",
        "what_matters": "What matters to you", "strengths": "Your strengths", "outcomes_wanted": "What you want to change",
        "answers": "Your answers, question by question", "facts": "The facts the law reads",
        "fluctuating": "How your needs change over time", "status": "Where it is up to",
        "imported_from": "The council it came from, if it moved with you", "created_at": "Started",
        "updated_at": "Last changed", "submitted_at": "Sent for a decision",
        "determination": "The decision", "determination.decided_by": "Decided by", "determination.decided_at": "Decided",
        "determination.eligible": "Eligible for support", "determination.facts": "The facts decided on",
        "determination.changed_facts": "Facts the practitioner changed",
        "determination.practitioner_reasons": "The practitioner's reasons",
        "determination.unmet_outcomes": "Outcomes you cannot achieve", "determination.reasons": "The reasons, in the law's terms",
        "moved_with_you": "An assessment that moved with you from another council",
        "moved_with_you.issuing_council": "From", "moved_with_you.issued_at": "Issued",
        "moved_with_you.imported_at": "Brought in", "moved_with_you.reassessed_at": "Reassessed",
    })
