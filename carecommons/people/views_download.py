"""Everything held about the person, to read or download: the right of access, with no staff step."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from carecommons.people.access import access_person
from carecommons.people.roles import role_of
from carecommons.people.subject_access import NOTES, everything_about, readable
from carecommons.rules.access import Purpose, Role


def _me(request: HttpRequest, what: str):  # type: ignore[no-untyped-def]
    if role_of(request.user) is not Role.PERSON:
        raise PermissionDenied("This page is for people to download their own record.")
    return access_person(user=request.user, person_id=request.user.person.pk, what=what, purpose=Purpose.EXPORT)


@login_required
def my_download(request: HttpRequest) -> HttpResponse:
    me = _me(request, "everything held about them, to read")
    sections = readable(everything_about(me))
    return render(request, "people/my_download.html", {"person": me, "sections": sections, "notes": NOTES,
                                                       "held": [s for s in sections if s.records],
                                                       "nothing": [s for s in sections if not s.records]})


@login_required
def my_download_json(request: HttpRequest) -> HttpResponse:
    me = _me(request, "everything held about them, as a file")
    body = json.dumps(everything_about(me), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="care-commons-record-{timezone.localdate():%Y-%m-%d}.json"'
    response["Cache-Control"] = "no-store"
    return response
