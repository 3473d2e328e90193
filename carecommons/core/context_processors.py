from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from carecommons.people import second_factor
from carecommons.people.roles import role_of
from carecommons.rules.access import nav_for

PUBLIC = (("Ask for a conversation", "conversations:ask-start"), ("Find care", "market:choose"),
          ("Community directory", "directory:list"), ("Have your say", "participation:home"))


def _nav(request: HttpRequest) -> list[dict[str, Any]]:
    """The role's pages from `rules.access.PAGES`; for visitors, the public pages. Public pages are also in the footer."""
    if second_factor.step_needed(request.user) is not None:
        # Signed in with a password but not yet with a code: nothing to offer but signing out.
        return [{"text": "Sign out", "href": reverse("core:sign-out"), "active": False}]
    role = role_of(request.user)
    if request.user.is_authenticated:
        items = [(page.text, reverse(page.name)) for page in nav_for(role)]
        items.append(("Sign out", reverse("core:sign-out")))
    else:
        items = [(text, reverse(name)) for text, name in PUBLIC]
        items.append(("Sign in", reverse("core:sign-in")))
    path = request.path
    return [
        {"text": text, "href": href, "active": href != "/" and path.startswith(href)}
        for text, href in items
    ]


def service(request: HttpRequest) -> dict[str, Any]:
    return {"service": settings.CARECOMMONS, "nav": _nav(request), "user_role": role_of(request.user)}
