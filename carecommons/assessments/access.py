"""The gate for assessments and their determinations.

A host's ground (the person currently booked at their hub) reaches only the assessments their
own organisation is completing; everyone else's grounds come from the table in `rules.access`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from carecommons.assessments.models import Assessment
from carecommons.people.access import open_loaded
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
    def refuse_first(assessment: Assessment) -> None:
        if editing and not may_edit(user, assessment):
            if assessment.status != Assessment.Status.DRAFT:
                raise PermissionDenied("This assessment has been sent, so it can no longer be changed.")
            raise PermissionDenied("Only the person or organisation filling in this assessment can change it.")

    def not_for_other_organisations(assessment: Assessment) -> set[Ground]:
        if role_of(user) is Role.HOST and assessment.organisation_id != user.staff.host_id:
            return {Ground.HUB_BOOKING}
        return set()

    return open_loaded(Assessment.objects.select_related("completed_by", "organisation", "from_conversation", "cares_for"),
                       id, user=user, kind=Kind.ASSESSMENT, purpose=purpose, what=what, missing="No such assessment",
                       refuse_first=refuse_first, without_grounds=not_for_other_organisations)
