"""Gates for matching profiles (people looking) and arrangements; names in rounds only with a ground."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404

from carecommons.people.access import open_record, people_in_reach
from carecommons.relationships.models import Arrangement, Seeker
from carecommons.rules.access import Kind, Purpose


def access_seeker(*, user: Any, id: int, purpose: Purpose, what: str = "their matching profile") -> Seeker:
    found = Seeker.objects.filter(pk=id).first()
    if found is None:
        raise Http404("No such profile")
    found.person = open_record(user=user, person_id=found.person_id, kind=Kind.MATCHING, purpose=purpose, what=what)
    return found


def access_arrangement(*, user: Any, id: int, purpose: Purpose,
                       what: str = "their Shared Lives, Homeshare or PA arrangement") -> Arrangement:
    found = Arrangement.objects.select_related("seeker", "carer").filter(pk=id).first()
    if found is None:
        raise Http404("No such arrangement")
    found.seeker.person = open_record(user=user, person_id=found.seeker.person_id, kind=Kind.ARRANGEMENT,
                                      purpose=purpose, what=what)
    return found


def named_people(user: Any, person_ids: Iterable[int], *, kind: Kind = Kind.MATCHING) -> set[int]:
    """Which of these people this user may see named in a list (the rest are counted, not named)."""
    ids = set(person_ids)
    reach = people_in_reach(user, kind=kind, purpose=Purpose.VIEW)
    return set(reach.filter(pk__in=ids).values_list("pk", flat=True))
