"""The service navigation for the signed-in user's role, and their role, on every page (a context processor).

It lives in the people layer because it depends on who the user is (`roles.role_of`); it names the
feature apps' pages only by their URL names, so it imports none of them.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from carecommons.people.roles import role_of
from carecommons.rules.access import Role


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    role = role_of(request.user)
    items: list[tuple[str, str]] = []
    if role in (Role.PRACTITIONER, Role.MANAGER, Role.ADMIN, Role.COMMISSIONER):
        items.append(("Team", reverse("insight:team")))
    if role in (Role.PRACTITIONER, Role.MANAGER, Role.ADMIN):
        items += [("Waiting list", reverse("conversations:waiting-list")), ("Assessments", reverse("assessments:waiting")),
                  ("Find a person", reverse("people:find"))]
    if role in (Role.PRACTITIONER, Role.MANAGER):
        items.append(("Budgets", reverse("budgets:list")))
        items.append(("Matching", reverse("relationships:home")))
    if role in (Role.COMMISSIONER, Role.MANAGER, Role.ADMIN):
        items.append(("Market", reverse("market:overview")))
        items.append(("Budgeting together", reverse("participation:manage")))
    if role is Role.HOST:
        items.append(("Your hubs", reverse("hubs:list")))
    elif role in (Role.PRACTITIONER, Role.MANAGER, Role.ADMIN):
        items.append(("Hubs", reverse("hubs:list")))
    if role is Role.PERSON:
        items.append(("Your record", reverse("people:my-record")))
    items.append(("Ask for a conversation", reverse("conversations:ask-start")))
    items.append(("Find care", reverse("market:choose")))
    items.append(("Community directory", reverse("directory:list")))
    items.append(("Have your say", reverse("participation:home")))
    if request.user.is_authenticated:
        items.append(("Sign out", reverse("core:sign-out")))
    else:
        items.append(("Sign in", reverse("core:sign-in")))
    path = request.path
    return [
        {"text": text, "href": href, "active": href != "/" and path.startswith(href)}
        for text, href in items
    ]


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"nav": nav_items(request), "user_role": role_of(request.user)}
