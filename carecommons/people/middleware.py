"""Turns a "reason needed" refusal from `access_person` into the break-glass page (settings.MIDDLEWARE)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from carecommons.people.access import ReasonNeeded


class BreakGlassMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ReasonNeeded):
            target = reverse("people:break-glass", args=[exception.person.pk])
            next_url = request.get_full_path() if request.method == "GET" else reverse("people:person", args=[exception.person.pk])
            return redirect(f"{target}?{urlencode({'next': next_url})}")
        return None
