"""The team's view: the headline measure, follow-up results, hubs today and the waiting list."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from carecommons.conversations.selectors import (
    follow_up_results,
    headline_measure,
    recent_anything_else,
    waiting_list,
    waits_by_day,
    waits_counted,
)
from carecommons.hubs.selectors import hubs_visible_to
from carecommons.people.access import other_refusals
from carecommons.people.roles import require_page
from carecommons.people.selectors import for_review
from carecommons.rules.access import Role, may_open_page, more_for
from carecommons.rules.measures import wait_histogram, weekly_medians


@login_required
def team(request: HttpRequest) -> HttpResponse:
    role = require_page(request.user, "insight:team")
    today = timezone.localdate()
    window = settings.CARECOMMONS["HEADLINE_WINDOW_DAYS"]
    counted = waits_counted(as_of=today, window_days=window)
    measure = headline_measure(as_of=today, window_days=window, counted=counted)
    histogram = wait_histogram(counted)
    tallest = max((n for _, n in histogram), default=0) or 1
    bars = [{"label": label, "count": n, "width": round(480 * n / tallest), "y": 44 * i} for i, (label, n) in enumerate(histogram)]
    weeks = weekly_medians(waits_by_day(as_of=today, days=7 * 13), as_of=today, weeks=13)
    highest = max((w.median_days or 0 for w in weeks), default=0) or 1
    trend = [{"week": w, "x": 46 * i, "height": round(160 * (w.median_days or 0) / highest)} for i, w in enumerate(weeks)]
    now = timezone.now()
    since = now - dt.timedelta(days=window)
    follow_ups = follow_up_results(as_of=today, window_days=window)
    waiting = waiting_list()
    oldest = waiting.first()
    return render(request, "insight/team.html", {
        "measure": measure, "follow_ups": follow_ups, "window": window, "wait_bars": bars, "trend": trend,
        "waiting_count": waiting.count(),
        "oldest_wait": (today - timezone.localtime(oldest.first_contact_at).date()).days if oldest else None,
        "hubs": hubs_visible_to(request.user) if role is not Role.COMMISSIONER else [],
        "today": today,
        "comments": recent_anything_else(since=since) if role is not Role.COMMISSIONER else [],
        "is_commissioner": role is Role.COMMISSIONER,
        "more": [(page.text, reverse(page.name)) for page in more_for(role) if page.name != "insight:team"],
        "to_review": sum(qs.count() for qs in for_review(request.user)) + len(other_refusals(request.user))
        if may_open_page(role=role, page="people:break-glass-review") else None,
    })
