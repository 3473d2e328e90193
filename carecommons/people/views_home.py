"""The start page: staff and people who sign in go to where their work or their record is; anyone else
sees the public home page. In the people layer because it depends on the user's role."""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from carecommons.conversations.selectors import headline_measure
from carecommons.people.roles import role_of
from carecommons.rules.access import Role


def home(request: HttpRequest) -> HttpResponse:
    role = role_of(request.user)
    if role in (Role.PRACTITIONER, Role.MANAGER, Role.ADMIN, Role.COMMISSIONER):
        return redirect("insight:team")
    if role is Role.HOST:
        return redirect("hubs:list")
    if role is Role.WARD:
        return redirect("hospital:ward")
    if role is Role.PERSON:
        return redirect("people:my-record")
    if request.user.is_authenticated:  # no role: someone a person shared their record with
        return redirect("people:shared-with-me")
    # The promise on the start page is the team's own measure, never "a few days" when half wait ten.
    window = settings.CARECOMMONS["HEADLINE_WINDOW_DAYS"]
    measure = headline_measure(as_of=timezone.localdate(), window_days=window)
    median = math.ceil(measure.median_days) if measure.median_days is not None and measure.conversations >= 10 else None
    return render(request, "people/home.html", {"median_wait": median, "window": window})
