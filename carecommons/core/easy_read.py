"""Easy read, on or off for this visit: one session flag every journey reads (the switch is at /assessments/easy-read/)."""

from __future__ import annotations

from django.http import HttpRequest

EASY_READ = "easy_read"


def is_on(request: HttpRequest) -> bool:
    return bool(request.session.get(EASY_READ))
