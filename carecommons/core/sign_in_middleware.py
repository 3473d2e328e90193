"""Two guards on every signed-in request: the idle timeout, and the second factor (ADR 0012).

`IdleTimeoutMiddleware` signs someone out after `CARECOMMONS["IDLE_MINUTES"]` without a request, so a
record is not left open on a shared computer. `SecondFactorMiddleware` keeps a signed-in user who must
give a code (every staff member when `CARECOMMONS["STAFF_SECOND_FACTOR"]` is on; anyone who has turned
codes on) on the sign-in pages until they have given one in this session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from carecommons.core import second_factor

LAST_SEEN = "cc_last_seen"
# How often the last-seen time is written back to the session, in seconds: not on every request.
LAST_SEEN_GRANULARITY = 60

# The pages someone can reach after their password and before their code.
OPEN_VIEWS = frozenset({
    "core:sign-in", "core:sign-in-code", "core:sign-in-recovery", "core:sign-in-set-up",
    "core:sign-out", "core:signed-out", "core:healthz", "core:readyz", "core:privacy", "core:accessibility",
    "core:password-forgotten", "core:password-reset-sent", "core:password-reset-confirm", "core:password-reset-done",
})


def with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def start_idle_clock(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Signing in counts as activity (connected to `user_logged_in` in `CoreConfig.ready`)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


class IdleTimeoutMiddleware:
    """Sign out a session that has made no request for IDLE_MINUTES (0 turns this off).

    `clock` gives the time in seconds; tests pass a fake one, or set the session's time back.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse], clock: Callable[[], float] = time.time) -> None:
        self.get_response = get_response
        self.clock = clock

    def __call__(self, request: HttpRequest) -> HttpResponse:
        minutes = int(settings.CARECOMMONS.get("IDLE_MINUTES", 30))
        if minutes > 0 and request.user.is_authenticated:
            now = int(self.clock())
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - int(last_seen) > minutes * 60:
                was_posting = request.method not in ("GET", "HEAD")
                next_url = "" if was_posting else request.get_full_path()
                logout(request)
                words = "minute" if minutes == 1 else "minutes"
                messages.info(request, f"You were signed out because you had not done anything for {minutes} {words}."
                              + (" What you sent last was not saved." if was_posting else ""))
                return redirect(with_next(reverse("core:sign-in"), next_url))
            if last_seen is None or now - int(last_seen) >= LAST_SEEN_GRANULARITY:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Until they give a code, someone who must is sent to the code page (or to set up an app)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        step = second_factor.step_needed(request.user)
        if step is None:
            return None
        target = reverse("core:sign-in-code" if step is second_factor.Step.CODE else "core:sign-in-set-up")
        return redirect(with_next(target, request.get_full_path() if request.method == "GET" else ""))
