"""Reablement after leaving hospital (start, a visit, the end with its one sequel) and the 91-day check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from carecommons.hospital import team_forms as tf
from carecommons.hospital import team_services as ts
from carecommons.hospital.access import access_discharge_request
from carecommons.hospital.models import ChargingNotice, DischargeRequest, ReablementEpisode, StillAtHomeCheck
from carecommons.people.roles import TEAM_ROLES, require_role
from carecommons.rules.access import Purpose
from carecommons.rules.discharge import (
    HOW_TOLD,
    SEQUEL_WORDS,
    NoticeState,
    Sequel,
    charging_notice,
    free_period,
)


def notice_days() -> int | None:
    """How many days before charging could apply the person is told: the council's choice (the regulations set none),
    `CARECOMMONS_REABLEMENT_NOTICE_DAYS`. Unset: no number is made up, and they are told by the last free day."""
    value = getattr(settings, "CARECOMMONS_REABLEMENT_NOTICE_DAYS", None)
    return None if value in (None, "") else int(value)


def episode_context(episode: ReablementEpisode, today: dt.date) -> dict[str, Any]:
    free = free_period(started_on=episode.started_on, ended_on=episode.ended_on, notice_days=notice_days())
    told = ChargingNotice.objects.filter(episode=episode).first()
    notice = charging_notice(free=free, told_on=told.told_on if told else None, today=today)
    return {"episode": episode, "free": free, "visits": list(episode.visits.all()),
            "sequel_words": SEQUEL_WORDS[Sequel(episode.sequel)] if episode.sequel else "",
            "told": told, "told_how": HOW_TOLD.get(told.how, "") if told else "", "notice": notice,
            "notice_to_record": notice.state in (NoticeState.NOT_YET, NoticeState.DUE, NoticeState.LATE)}


def notices_due(today: dt.date, *, shown: int = 25) -> tuple[list[dict[str, Any]], int]:
    """Open episodes whose person must be told about charging by today or earlier and has not been: the team's
    prompt, the `shown` longest overdue first, and how many there are in all (a team that has fallen behind sees
    the count, not a page of thousands)."""
    days = notice_days()
    # tell_by is the start + 42 - notice (+ 41 with none): due from then (rules.discharge.free_period)
    latest_start = today - dt.timedelta(days=max(0, (42 - days) if days is not None else 41))
    found = ReablementEpisode.objects.filter(ended_on__isnull=True, charging_notice__isnull=True,
                                             started_on__lte=latest_start)
    due = []
    for episode in found.select_related("request").order_by("started_on", "pk")[:shown]:
        free = free_period(started_on=episode.started_on, notice_days=days)
        notice = charging_notice(free=free, told_on=None, today=today)
        if notice.state in (NoticeState.DUE, NoticeState.LATE):
            due.append({"request": episode.request, "free": free, "notice": notice})
    return due, found.count()


def _open(request: HttpRequest, request_id: int, purpose: Purpose, what: str) -> DischargeRequest:
    require_role(request.user, TEAM_ROLES, what="requests to leave hospital")
    return access_discharge_request(user=request.user, id=request_id, purpose=purpose, what=what)


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, request_id: int) -> HttpResponse:
    found = _open(request, request_id, Purpose.CHANGE, "starting reablement")
    if ReablementEpisode.objects.filter(request=found).exists():
        return redirect("hospital:request", request_id=found.pk)
    form = tf.StartForm(request.POST if request.method == "POST" else None)
    conflict = ""
    if request.method == "POST" and form.is_valid():
        try:
            ts.reablement_start(request=found, user=request.user, goals=form.cleaned_data["goals"])
        except ts.Invalid as exc:
            for field, message in exc.problems.items():
                form.add_error(field, message)
        except ts.Conflict as exc:
            conflict = exc.who or "Someone else"
        else:
            messages.success(request, "Reablement has started.")
            return redirect("hospital:request", request_id=found.pk)
    return render(request, "hospital/reablement_start.html", {"r": found, "form": form, "conflict": conflict},
                  status=409 if conflict else 200)


def _episode(found: DischargeRequest) -> ReablementEpisode | None:
    return ReablementEpisode.objects.filter(request=found).first()


@login_required
@require_http_methods(["GET", "POST"])
def visit(request: HttpRequest, request_id: int) -> HttpResponse:
    found = _open(request, request_id, Purpose.CHANGE, "recording a reablement visit")
    episode = _episode(found)
    if episode is None or episode.ended_on is not None:
        return redirect("hospital:request", request_id=found.pk)
    form = tf.VisitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            ts.reablement_visit(episode=episode, user=request.user, visited_on=form.cleaned_data["visited_on"],
                                note=form.cleaned_data["note"])
        except ts.Invalid as exc:
            for field, message in exc.problems.items():
                form.add_error(field, message)
        else:
            messages.success(request, "The visit has been recorded.")
            return redirect("hospital:request", request_id=found.pk)
    return render(request, "hospital/reablement_visit.html", {"r": found, "episode": episode, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def end(request: HttpRequest, request_id: int) -> HttpResponse:
    found = _open(request, request_id, Purpose.DECIDE, "ending reablement")
    episode = _episode(found)
    if episode is None or (episode.ended_on is not None and request.method == "GET"):
        return redirect("hospital:request", request_id=found.pk)
    form = tf.EndForm(request.POST if request.method == "POST" else None)
    conflict = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ts.reablement_end(episode=episode, user=request.user, ended_on=data["ended_on"],
                              can_now_do=data["can_now_do"], sequel=data["sequel"])
        except ts.Invalid as exc:
            for field, message in exc.problems.items():
                form.add_error(field, message)
        except ts.Conflict as exc:
            conflict = exc.who or "Someone else"
        else:
            messages.success(request, "Reablement has ended.")
            return redirect("hospital:request", request_id=found.pk)
    return render(request, "hospital/reablement_end.html", {"r": found, "episode": episode, "form": form,
                                                            "conflict": conflict}, status=409 if conflict else 200)


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, request_id: int) -> HttpResponse:
    """Record the answer to the 91-day question: is the person still at home?"""
    found = _open(request, request_id, Purpose.CHANGE, "recording whether they are still at home")
    if StillAtHomeCheck.objects.filter(request=found).exists() and request.method == "GET":
        return redirect("hospital:request", request_id=found.pk)
    form = tf.CheckForm(request.POST if request.method == "POST" else None,
                        initial={"checked_on": timezone.localdate()})
    conflict = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ts.check_record(request=found, user=request.user, answer=data["answer"], checked_on=data["checked_on"],
                            spoke_to=data["spoke_to"])
        except ts.Invalid as exc:
            for field, message in exc.problems.items():
                form.add_error(field, message)
        except ts.Conflict as exc:
            conflict = exc.who or "Someone else"
        else:
            messages.success(request, "The answer has been recorded.")
            return redirect("hospital:team")
    return render(request, "hospital/check.html", {"r": found, "form": form, "conflict": conflict},
                  status=409 if conflict else 200)


@login_required
@require_http_methods(["GET", "POST"])
def told(request: HttpRequest, request_id: int) -> HttpResponse:
    """Record that the person was told that the normal financial assessment applies after the six free weeks."""
    found = _open(request, request_id, Purpose.CHANGE, "recording that they were told about charging")
    episode = _episode(found)
    if episode is None or (request.method == "GET" and ChargingNotice.objects.filter(episode=episode).exists()):
        return redirect("hospital:request", request_id=found.pk)
    context = episode_context(episode, timezone.localdate())
    form = tf.ToldForm(request.POST if request.method == "POST" else None, initial={"told_on": timezone.localdate()})
    conflict = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ts.charging_told(episode=episode, user=request.user, told_on=data["told_on"], how=data["how"],
                             what_said=data["what_said"])
        except ts.Invalid as exc:
            for field, message in exc.problems.items():
                form.add_error(field, message)
        except ts.Conflict as exc:
            conflict = exc.who or "Someone else"
        else:
            messages.success(request, "It has been recorded that they were told about charging.")
            return redirect("hospital:request", request_id=found.pk)
    return render(request, "hospital/told.html", {"r": found, "form": form, "conflict": conflict, **context},
                  status=409 if conflict else 200)
