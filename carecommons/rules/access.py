"""Who may open a person's record: need to know, with "break glass" for the rest.

The Django side gathers the facts (role, relationships, any current break-glass reason) and
writes the audit entry; this module only decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    PERSON = "person"
    PRACTITIONER = "practitioner"
    MANAGER = "manager"
    HOST = "host"
    COMMISSIONER = "commissioner"
    ADMIN = "admin"


# Roles whose work can justify opening a record they have no relationship with, given a reason.
BREAK_GLASS_ROLES = frozenset({Role.PRACTITIONER, Role.MANAGER, Role.ADMIN})


@dataclass(frozen=True)
class Relationship:
    """What ties the user asking to the person whose record they asked for."""

    is_the_person: bool = False
    has_met: bool = False
    is_allocated: bool = False
    same_team: bool = False
    booked_at_your_hub: bool = False  # for hosts: the person has booked a conversation at their hub
    break_glass_reason: str = ""


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    reason_needed: bool
    grounds: str  # "self", "met", "allocated", "team", "break_glass" or "" when refused
    reasons: tuple[str, ...]


def decide_access(*, role: Role | None, relationship: Relationship) -> AccessDecision:
    """Decide whether a user in `role` may open a person's record."""
    if relationship.is_the_person:
        return AccessDecision(True, False, "self", ("This is your own record.",))
    if role is None or role is Role.PERSON:
        return AccessDecision(False, False, "", ("You can only see your own record.",))
    if role is Role.HOST and relationship.booked_at_your_hub:
        return AccessDecision(
            True, False, "hub_booking",
            ("This person booked a conversation at your hub, so you can assess with them.",),
        )
    if role in (Role.HOST, Role.COMMISSIONER):
        return AccessDecision(
            False,
            False,
            "",
            (f"People with the {role.value} role see bookings or totals, and hosts assess only with people "
             "booked at their hub.",),
        )
    if role in (Role.PRACTITIONER, Role.MANAGER):
        if relationship.has_met:
            return AccessDecision(True, False, "met", ("You have had a conversation with this person.",))
        if relationship.is_allocated:
            return AccessDecision(True, False, "allocated", ("This person is allocated to you.",))
        if relationship.same_team:
            return AccessDecision(True, False, "team", ("This person is supported by your team.",))
    if role in BREAK_GLASS_ROLES:
        if relationship.break_glass_reason.strip():
            return AccessDecision(
                True,
                False,
                "break_glass",
                (
                    "You gave a reason for opening this record. It is logged and the person can see it.",
                ),
            )
        return AccessDecision(
            False,
            True,
            "",
            (
                "You have not met this person, they are not allocated to you and they are not "
                "supported by your team.",
                "To open the record you must give a reason. The person will see it.",
            ),
        )
    return AccessDecision(False, False, "", ("Your role cannot open people's records.",))
