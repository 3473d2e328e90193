"""The gate for assessments and their determinations.

A host's ground (the person currently booked at their hub) reaches only the assessments their
own organisation is completing; everyone else's grounds come from the table in `rules.access`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from carecommons.assessments.models import Assessment
from carecommons.people.access import open_record
from carecommons.people.roles import role_of
from carecommons.rules.access import Ground, Kind, Purpose, Role


def may_edit(user: Any, assessment: Assessment) -> bool:
    """A draft is changed only by whoever is filling it in: the person for their own, or the organisation
    or practitioner who started it."""
    if assessment.status != Assessment.Status.DRAFT:
        return False
    if role_of(user) is Role.PERSON:
        return assessment.completed_by_kind == Assessment.CompletedBy.PERSON
    return assessment.completed_by_id == user.pk


def access_assessment(*, user: Any, id: int, purpose: Purpose, what: str = "an assessment",
                      editing: bool = False) -> Assessment:
    """An assessment for `purpose`. With `editing`, a draft only its author may change is refused first,
    before anything is opened, so no opening is logged for a page that was never shown."""
    found = (Assessment.objects.select_related("completed_by", "organisation", "from_conversation", "cares_for")
             .filter(pk=id).first())
    if found is None:
        raise Http404("No such assessment")
    if editing and not may_edit(user, found):
        if found.status != Assessment.Status.DRAFT:
            raise PermissionDenied("This assessment has been sent, so it can no longer be changed.")
        raise PermissionDenied("Only the person or organisation filling in this assessment can change it.")
    without: set[Ground] = set()
    if role_of(user) is Role.HOST and found.organisation_id != user.staff.host_id:
        without.add(Ground.HUB_BOOKING)
    found.person = open_record(user=user, person_id=found.person_id, kind=Kind.ASSESSMENT, purpose=purpose, what=what,
                               without_grounds=without)
    return found
