"""The service navigation for the signed-in user's role, and their role, on every page (a context processor).

It lives in the people layer because it depends on who the user is (`roles.role_of`); it names the
feature apps' pages only by their URL names, so it imports none of them.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from carecommons.core import second_factor
from carecommons.people.roles import role_of
from carecommons.rules.access import PAGES, nav_for

PUBLIC = (("Ask for a conversation", "conversations:ask-start"), ("Find care", "market:choose"),
          ("Community directory", "directory:list"), ("Have your say", "participation:home"))


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    """The role's pages from `rules.access.PAGES`; for visitors, the public pages. Public pages are also in the footer."""
    if second_factor.step_needed(request.user) is not None:
        # Signed in with a password but not yet with a code: nothing to offer but signing out.
        return [{"text": "Sign out", "href": reverse("core:sign-out"), "active": False}]
    role = role_of(request.user)
    if request.user.is_authenticated:
        items = [(page.text, reverse(page.name)) for page in nav_for(role)]
        if role is None:  # signed in with no role: someone a person shared their record with
            items = [(PAGES["people:shared-with-me"].text, reverse("people:shared-with-me"))]
        items.append(("Sign out", reverse("core:sign-out")))
    else:
        items = [(text, reverse(name)) for text, name in PUBLIC]
        items.append(("Sign in", reverse("core:sign-in")))
    path = request.path
    # The one item whose address is the longest start of this page's (/people/reviews/ is Reviews, not Find).
    matches = [href for _, href in items if href != "/" and path.startswith(href)]
    current = max(matches, key=len) if matches else None
    return [{"text": text, "href": href, "active": href == current} for text, href in items]


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"nav": nav_items(request), "user_role": role_of(request.user)}
