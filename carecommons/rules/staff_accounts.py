"""Staff accounts: what a new account needs for its role, and when one may be deactivated or reactivated."""

from __future__ import annotations

from dataclasses import dataclass

from carecommons.rules.access import Role

# Roles an administrator gives on the staff page (a person's own sign-in comes from an invitation).
STAFF_ACCOUNT_ROLES: tuple[Role, ...] = (Role.PRACTITIONER, Role.MANAGER, Role.HOST, Role.COMMISSIONER, Role.ADMIN)
NEEDS_TEAM = frozenset({Role.PRACTITIONER, Role.MANAGER})
NEEDS_HOST = frozenset({Role.HOST})
REASON_MIN_WORDS = 3


def new_account_problems(*, role: Role, has_team: bool, has_host: bool) -> dict[str, str]:
    """What is missing for the role, field by field: practitioners and managers work in a team, hosts for a host."""
    problems: dict[str, str] = {}
    if role not in STAFF_ACCOUNT_ROLES:
        problems["role"] = "Select a role"
    if role in NEEDS_TEAM and not has_team:
        problems["team"] = "Select the team they work in: practitioners and team managers work in a team"
    if role in NEEDS_HOST and not has_host:
        problems["host"] = "Select the organisation they host for: hub hosts work for a host organisation"
    return problems


@dataclass(frozen=True)
class StatusChange:
    allowed: bool
    reasons: tuple[str, ...] = ()


def status_change(*, deactivating: bool, is_active: bool, is_self: bool, reason: str) -> StatusChange:
    """Whether an administrator may deactivate (or reactivate) an account now, and why not."""
    refusals: list[str] = []
    if deactivating and not is_active:
        refusals.append("This account is already deactivated.")
    if not deactivating and is_active:
        refusals.append("This account is already active.")
    if deactivating and is_self:
        refusals.append("You cannot deactivate your own account. Ask another administrator.")
    if len(reason.split()) < REASON_MIN_WORDS:
        refusals.append(f"Say why in at least {REASON_MIN_WORDS} words, for the record of changes to this account.")
    return StatusChange(not refusals, tuple(refusals))


@dataclass(frozen=True)
class RoleChange:
    """Whether an administrator may give an account this role and team (or host) now; if not, why, by field."""

    allowed: bool
    problems: tuple[tuple[str, str], ...] = ()


def role_change(*, current: Role, new: Role, has_team: bool, has_host: bool, changes_anything: bool, is_self: bool,
                other_active_admins: int) -> RoleChange:
    """A staff account's role or team may change unless it would leave nobody able to manage staff accounts: an
    administrator cannot change their own role (another administrator must), and the last active administrator
    keeps the role until someone else has it."""
    problems = dict(new_account_problems(role=new, has_team=has_team, has_host=has_host))
    losing_admin = current is Role.ADMIN and new is not Role.ADMIN
    if losing_admin and is_self:
        problems["role"] = "You cannot change your own role away from administrator. Ask another administrator."
    elif losing_admin and other_active_admins == 0:
        problems["role"] = ("This is the last administrator. Make someone else an administrator before you change "
                            "this role, so that someone can still manage staff accounts.")
    if not problems and not changes_anything:
        problems["role"] = "Nothing has changed. Choose a different role, team or host organisation."
    return RoleChange(not problems, tuple(problems.items()))
