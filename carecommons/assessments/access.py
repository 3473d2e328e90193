"""The gate for assessments and their determinations.

A host's ground (the person currently booked at their hub) reaches only the assessments their
own organisation is completing; everyone else's grounds come from the table in `rules.access`.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from carecommons.assessments.models import Assessment
from carecommons.people.access import open_record
from carecommons.people.roles import role_of
from carecommons.rules.access import Ground, Kind, Purpose, Role


def access_assessment(*, user: Any, id: int, purpose: Purpose, what: str = "an assessment") -> Assessment:
    found = (Assessment.objects.select_related("completed_by", "organisation", "from_conversation", "cares_for")
             .filter(pk=id).first())
    if found is None:
        raise Http404("No such assessment")
    without: set[Ground] = set()
    if role_of(user) is Role.HOST and found.organisation_id != user.staff.host_id:
        without.add(Ground.HUB_BOOKING)
    found.person = open_record(user=user, person_id=found.person_id, kind=Kind.ASSESSMENT, purpose=purpose, what=what,
                               without_grounds=without)
    return found
