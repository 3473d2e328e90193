"""The team's view: the headline measure, follow-up results, hubs today and the waiting list."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from carecommons.conversations.selectors import (
    follow_up_results,
    headline_measure,
    recent_anything_else,
    waiting_list,
)
from carecommons.hubs.selectors import hubs_visible_to
from carecommons.people.roles import require_role
from carecommons.rules.access import Role

TEAM_VIEW_ROLES = {Role.PRACTITIONER, Role.MANAGER, Role.ADMIN, Role.COMMISSIONER}


@login_required
def team(request: HttpRequest) -> HttpResponse:
    role = require_role(request.user, TEAM_VIEW_ROLES, what="the team's view")
    today = timezone.localdate()
    window = settings.CARECOMMONS["HEADLINE_WINDOW_DAYS"]
    measure = headline_measure(as_of=today, window_days=window)
    now = timezone.now()
    since = now - dt.timedelta(days=window)
    follow_ups = follow_up_results(since=since, until=now)
    waiting = waiting_list()
    oldest = waiting.first()
    return render(request, "insight/team.html", {
        "measure": measure, "follow_ups": follow_ups, "window": window,
        "waiting_count": waiting.count(),
        "oldest_wait": (today - timezone.localtime(oldest.first_contact_at).date()).days if oldest else None,
        "hubs": hubs_visible_to(request.user) if role is not Role.COMMISSIONER else [],
        "today": today,
        "comments": recent_anything_else(since=since) if role is not Role.COMMISSIONER else [],
        "is_commissioner": role is Role.COMMISSIONER,
    })
