"""Staff accounts an administrator adds, deactivates, reactivates and gives another role or team; each change is
kept (`StaffAccountEvent`).

A new account gets a random password nobody knows and an email with a link to choose one (it starts
from the installation's own address and works once, for `PASSWORD_RESET_TIMEOUT`); at their first
sign-in they set up an authenticator app (ADR 0012). A deactivated account cannot sign in (Django
refuses inactive users) and every session it has is ended at once.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from carecommons.core.messaging import Kind, message_send
from carecommons.core.password_links import base_url, password_link, reset_hours, sessions_end
from carecommons.core.shortlinks import short_link_make
from carecommons.people.models import StaffAccountEvent, StaffMember, Team
from carecommons.rules.access import Role
from carecommons.rules.staff_accounts import (
    NEEDS_HOST,
    NEEDS_TEAM,
    STAFF_ACCOUNT_ROLES,
    new_account_problems,
    role_change,
    status_change,
)


class StaffAccountRefused(ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


# --- reads -----------------------------------------------------------------------------------------
def staff_accounts() -> QuerySet[StaffMember]:
    """Every staff account (not people's own sign-ins), with the user, team and host fetched up front."""
    return (StaffMember.objects.filter(role__in=[r.value for r in STAFF_ACCOUNT_ROLES])
            .select_related("user", "team", "host").order_by("user__last_name", "user__first_name", "pk"))


def staff_account(staff_id: int) -> StaffMember:
    return staff_accounts().get(pk=staff_id)


def account_history(staff: StaffMember) -> QuerySet[StaffAccountEvent]:
    return staff.account_events.select_related("by")


def host_organisations() -> QuerySet[Any]:
    model = StaffMember._meta.get_field("host").related_model
    return model.objects.order_by("name")  # type: ignore[union-attr]


def new_account_checks(*, username: str, email: str, role: str, team: Team | None, host: Any) -> dict[str, str]:
    """Every problem with a new account, by field: the role's needs (rules) and names already taken."""
    problems = new_account_problems(role=Role(role), has_team=team is not None, has_host=host is not None)
    users = get_user_model().objects
    if users.filter(username__iexact=username).exists():
        problems["username"] = "Someone already has this username. Choose another"
    if users.filter(email__iexact=email).exists():
        problems["email"] = "Another account already uses this email address"
    return problems


# --- writes ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewAccount:
    first_name: str
    last_name: str
    email: str
    username: str
    role: str
    team: Team | None
    host: Any


@transaction.atomic
def staff_account_add(*, new: NewAccount, by: Any) -> StaffMember:
    problems = new_account_checks(username=new.username, email=new.email, role=new.role, team=new.team, host=new.host)
    if problems:
        raise StaffAccountRefused(problems)
    role = Role(new.role)
    user = get_user_model()(username=new.username, first_name=new.first_name, last_name=new.last_name, email=new.email)
    user.set_password(secrets.token_urlsafe(32))  # nobody knows it: they choose their own from the email
    user.save()
    staff = StaffMember.objects.create(
        user=user, role=role.value,
        team=new.team if role in (Role.PRACTITIONER, Role.MANAGER) else None,
        host=new.host if role is Role.HOST else None,
    )
    StaffAccountEvent.objects.create(staff=staff, action=StaffAccountEvent.Action.ADDED, by=by, at=timezone.now())
    transaction.on_commit(lambda: send_welcome(user))
    return staff


@transaction.atomic
def staff_account_status(*, staff_id: int, deactivate: bool, by: Any, reason: str) -> StaffMember:
    """Deactivate (and sign out everywhere) or reactivate an account, with the administrator's reason."""
    staff = StaffMember.objects.select_for_update().select_related("user").get(pk=staff_id)
    user = staff.user
    decision = status_change(deactivating=deactivate, is_active=user.is_active, is_self=user.pk == by.pk,
                             reason=reason.strip())
    if not decision.allowed:
        raise StaffAccountRefused({"reason": " ".join(decision.reasons)})
    user.is_active = not deactivate
    user.save(update_fields=["is_active"])
    action = StaffAccountEvent.Action.DEACTIVATED if deactivate else StaffAccountEvent.Action.REACTIVATED
    StaffAccountEvent.objects.create(staff=staff, action=action, reason=reason.strip(), by=by, at=timezone.now())
    if deactivate:
        sessions_end(user)
    return staff


def role_and_place(staff: StaffMember) -> str:
    """The account's role and its team or host organisation, in words, as kept in the record of changes."""
    role = StaffMember.RoleChoice(staff.role).label
    if staff.team is not None:
        return f"{role}, {staff.team.name}"
    if staff.host is not None:
        return f"{role}, {staff.host.name}"
    return str(role)


@transaction.atomic
def staff_account_role(*, staff_id: int, role: str, team: Team | None, host: Any, by: Any) -> StaffMember:
    """Give an account another role, team or host organisation (rules.staff_accounts.role_change decides), and keep
    the change: who, when, from what, to what. The administrators' rows are locked first, so two administrators
    changing each other's roles at once cannot leave nobody able to manage staff accounts."""
    admins = list(StaffMember.objects.select_for_update(of=("self",)).filter(role=Role.ADMIN.value, user__is_active=True)
                  .values_list("pk", flat=True))
    staff = StaffMember.objects.select_for_update(of=("self",)).select_related("user", "team", "host").get(pk=staff_id)
    if staff.role not in {r.value for r in STAFF_ACCOUNT_ROLES}:
        raise StaffMember.DoesNotExist  # a person's own sign-in is not changed here
    new_role = Role(role) if role in {r.value for r in Role} else Role.PERSON
    new_team = team if new_role in NEEDS_TEAM else None
    new_host = host if new_role in NEEDS_HOST else None
    changes = (new_role.value, getattr(new_team, "pk", None), getattr(new_host, "pk", None)) != (
        staff.role, staff.team_id, staff.host_id)
    decision = role_change(current=Role(staff.role), new=new_role, has_team=team is not None, has_host=host is not None,
                           changes_anything=changes, is_self=staff.user_id == by.pk,
                           other_active_admins=len([pk for pk in admins if pk != staff.pk]))
    if not decision.allowed:
        raise StaffAccountRefused(dict(decision.problems))
    before = role_and_place(staff)
    staff.role, staff.team, staff.host = new_role.value, new_team, new_host
    staff.save(update_fields=["role", "team", "host"])
    StaffAccountEvent.objects.create(staff=staff, action=StaffAccountEvent.Action.ROLE_CHANGED, by=by, at=timezone.now(),
                                     changed_from=before, changed_to=role_and_place(staff))
    return staff


def send_welcome(user: Any) -> None:
    service = settings.CARECOMMONS["SERVICE_NAME"]
    hours = reset_hours()
    long_link = password_link(user)
    link = short_link_make(path=long_link.removeprefix(base_url()),
                           expires_at=timezone.now() + dt.timedelta(seconds=int(settings.PASSWORD_RESET_TIMEOUT)))
    body = (f"Hello {user.first_name},\n\n"
            f"You have a {service} account. Your username is {user.username}.\n\n"
            f"To start, open this link and choose a password. The link works once, for {hours} hours:\n"
            f"{link}\n\n"
            "Then sign in with your username and the new password. You will be asked to set up an authenticator "
            "app on your phone, which gives you a code each time you sign in.\n\n"
            f"If the link has run out, choose \"I have forgotten my password\" at {base_url()}{reverse('core:sign-in')}\n")
    message_send(kind=Kind.STAFF_ACCOUNT, channel="email", to=user.email, subject=f"Your {service} account", body=body,
                 personalisation={"name": user.first_name, "username": user.username, "link": link, "hours": str(hours)})
