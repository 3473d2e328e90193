"""Gates for matching profiles (people looking) and arrangements; names in rounds only with a ground."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from carecommons.people.access import open_loaded, people_in_reach
from carecommons.relationships.models import Arrangement, Seeker
from carecommons.rules.access import Kind, Purpose


def access_seeker(*, user: Any, id: int, purpose: Purpose, what: str = "their matching profile") -> Seeker:
    return open_loaded(Seeker.objects.all(), id, user=user, kind=Kind.MATCHING, purpose=purpose, what=what,
                       missing="No such profile")


def access_arrangement(*, user: Any, id: int, purpose: Purpose,
                       what: str = "their Shared Lives, Homeshare or PA arrangement") -> Arrangement:
    return open_loaded(Arrangement.objects.select_related("seeker", "carer"), id, user=user, kind=Kind.ARRANGEMENT,
                       purpose=purpose, what=what, missing="No such arrangement", path="seeker.person")


def named_people(user: Any, person_ids: Iterable[int], *, kind: Kind = Kind.MATCHING) -> set[int]:
    """Which of these people this user may see named in a list (the rest are counted, not named)."""
    ids = set(person_ids)
    reach = people_in_reach(user, kind=kind, purpose=Purpose.VIEW)
    return set(reach.filter(pk__in=ids).values_list("pk", flat=True))
