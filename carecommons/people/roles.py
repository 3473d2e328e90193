"""What role a signed-in user has. Used by views to decide which pages to offer."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from carecommons.rules.access import PAGES, Role, may_open_page

STAFF_ROLES = frozenset({Role.PRACTITIONER, Role.MANAGER, Role.HOST, Role.COMMISSIONER, Role.ADMIN})
TEAM_ROLES = frozenset({Role.PRACTITIONER, Role.MANAGER})


def role_of(user: Any) -> Role | None:
    if not getattr(user, "is_authenticated", False):
        return None
    staff = getattr(user, "staff", None)
    if staff is not None:
        return Role(staff.role)
    if getattr(user, "person", None) is not None:
        return Role.PERSON
    return None


def require_role(user: Any, roles: frozenset[Role] | set[Role], *, what: str = "this page") -> Role:
    """The user's role, or PermissionDenied with a plain message when it is not one of `roles`."""
    role = role_of(user)
    if role not in roles:
        raise PermissionDenied(f"Your role cannot see {what}.")
    assert role is not None
    return role


def require_page(user: Any, page: str) -> Role:
    """The user's role, or PermissionDenied when `rules.access.PAGES` does not open `page` to it."""
    role = role_of(user)
    if not may_open_page(role=role, page=page):
        raise PermissionDenied(f"Your role cannot see {PAGES[page].text.lower()}.")
    assert role is not None
    return role


def display_name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else "Someone no longer registered"
