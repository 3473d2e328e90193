"""The administrator's changes to the hospital's partners: wards, ward staff accounts, ward systems' keys and the
council's hospital team. Every change is kept as a `WardAdminEvent` (who, when, what); adding or switching off a
ward staff account is also kept on the account (`people.StaffAccountEvent`), like any staff account's. Every
decision is `rules.ward_admin`'s; nothing is half-saved."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from carecommons.core.password_links import sessions_end
from carecommons.hospital.models import HospitalTeam, Ward, WardAdminEvent, WardApiToken, WardStaff
from carecommons.hospital.services import ward_staff_join, ward_token_issue
from carecommons.people.models import StaffAccountEvent, StaffMember, Team
from carecommons.people.roles import display_name
from carecommons.people.staff_accounts import _welcome as welcome_email
from carecommons.rules.access import Role
from carecommons.rules.ward_admin import (
    ExistingAccount,
    check_key_name,
    check_ward,
    existing_account_problem,
    removal_ends_account,
)


class Refused(ValueError):
    """Why a change was not made, field by field."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _log(*, by: Any, action: str, what: str, ward: Ward | None = None) -> WardAdminEvent:
    return WardAdminEvent.objects.create(at=timezone.now(), by=by, by_name=display_name(by), action=action, ward=ward,
                                         what=what)


# --- reads ------------------------------------------------------------------------------------------------------

def wards() -> QuerySet[Ward]:
    return Ward.objects.order_by("hospital", "name", "pk")


def ward_members(ward: Ward) -> QuerySet[WardStaff]:
    return (WardStaff.objects.filter(ward=ward).select_related("user")
            .order_by("user__last_name", "user__first_name", "pk"))


def ward_keys(ward: Ward) -> QuerySet[WardApiToken]:
    return WardApiToken.objects.filter(ward=ward).order_by("-created_at", "-pk")


def designated_teams() -> QuerySet[HospitalTeam]:
    return HospitalTeam.objects.select_related("team").order_by("team__name")


def history(ward: Ward | None = None) -> QuerySet[WardAdminEvent]:
    events = WardAdminEvent.objects.select_related("ward")
    return events.filter(ward=ward) if ward is not None else events


# --- wards ------------------------------------------------------------------------------------------------------

def _ward_problems(*, hospital: str, name: str, code: str, ward_id: int | None,
                   treatment_function: str = "") -> dict[str, str]:
    clash = Ward.objects.filter(code__iexact=code.strip()).exclude(pk=ward_id).first() if code.strip() else None
    return dict(check_ward(hospital=hospital, name=name, code=code, code_taken_by=str(clash) if clash else None,
                           treatment_function=treatment_function).problems)


@transaction.atomic
def ward_add(*, by: Any, hospital: str, name: str, code: str, treatment_function: str = "") -> Ward:
    problems = _ward_problems(hospital=hospital, name=name, code=code, ward_id=None,
                              treatment_function=treatment_function)
    if problems:
        raise Refused(problems)
    try:
        with transaction.atomic():
            ward = Ward.objects.create(hospital=_one_line(hospital), name=_one_line(name), code=code.strip(),
                                       treatment_function=treatment_function.strip())
    except IntegrityError:
        raise Refused({"code": "Another ward has just been given this code. Each ward needs its own"}) from None
    _log(by=by, action=WardAdminEvent.Action.WARD_ADDED, ward=ward,
         what=f"Added {ward}, with the code {ward.code}")
    return ward


@transaction.atomic
def ward_change(*, ward_id: int, by: Any, hospital: str, name: str, code: str, treatment_function: str = "") -> Ward:
    ward = Ward.objects.select_for_update().get(pk=ward_id)
    problems = _ward_problems(hospital=hospital, name=name, code=code, ward_id=ward.pk,
                              treatment_function=treatment_function)
    new = (_one_line(hospital), _one_line(name), code.strip(), treatment_function.strip())
    if not problems and new == (ward.hospital, ward.name, ward.code, ward.treatment_function):
        problems["name"] = "Nothing has changed. Change the hospital, the ward's name, its code or its main specialty"
    if problems:
        raise Refused(problems)
    before = f"{ward} ({ward.code}, main specialty {ward.treatment_function or 'not recorded'})"
    ward.hospital, ward.name, ward.code, ward.treatment_function = new
    try:
        with transaction.atomic():
            ward.save(update_fields=["hospital", "name", "code", "treatment_function"])
    except IntegrityError:
        raise Refused({"code": "Another ward has just been given this code. Each ward needs its own"}) from None
    _log(by=by, action=WardAdminEvent.Action.WARD_CHANGED, ward=ward, what=f"Changed {before} to {ward} ({ward.code}, main specialty {ward.treatment_function or 'not recorded'})")
    return ward


# --- ward staff accounts ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewWardAccount:
    first_name: str
    last_name: str
    email: str
    username: str


@transaction.atomic
def ward_staff_add_new(*, ward: Ward, by: Any, new: NewWardAccount) -> WardStaff:
    """A new ward staff account on this ward. Like any staff account, it gets a random password nobody knows and an
    email with a link to choose one; at its first sign-in it sets up an authenticator app."""
    users = get_user_model().objects
    problems: dict[str, str] = {}
    if users.filter(username__iexact=new.username).exists():
        problems["username"] = ("Someone already has this username. Choose another, or add the account that has it "
                                "as someone who already has an account")
    if users.filter(email__iexact=new.email).exists():
        problems["email"] = "Another account already uses this email address"
    if problems:
        raise Refused(problems)
    user = users.model(username=new.username, first_name=_one_line(new.first_name), last_name=_one_line(new.last_name),
                       email=new.email)
    user.set_password(secrets.token_urlsafe(32))
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise Refused({"username": "Someone has just been given this username. Choose another"}) from None
    staff = StaffMember.objects.create(user=user, role=Role.WARD.value, job_title=f"Ward staff, {ward}"[:120])
    membership = ward_staff_join(ward=ward, user=user)
    StaffAccountEvent.objects.create(staff=staff, action=StaffAccountEvent.Action.ADDED, by=by, at=timezone.now(),
                                     reason=f"Added as ward staff on {ward}")
    _log(by=by, action=WardAdminEvent.Action.STAFF_ADDED, ward=ward,
         what=f"Added a new ward staff account for {display_name(user)} ({user.username})")
    transaction.on_commit(lambda: welcome_email(user))
    return membership


@transaction.atomic
def ward_staff_add_existing(*, ward: Ward, by: Any, username: str) -> WardStaff:
    """Give an existing account the ward role for this ward (`rules.ward_admin.existing_account_problem` decides)."""
    user = get_user_model().objects.filter(username__iexact=username.strip()).select_related("staff").first()
    staff = getattr(user, "staff", None) if user is not None else None
    role = Role(staff.role) if staff is not None else None
    problem = existing_account_problem(ExistingAccount(
        found=user is not None, role=role,
        on_this_ward=user is not None and WardStaff.objects.filter(ward=ward, user=user).exists(),
        is_a_person=user is not None and getattr(user, "person", None) is not None))
    if problem:
        raise Refused({"username": problem})
    assert user is not None
    if staff is None:
        staff = StaffMember.objects.create(user=user, role=Role.WARD.value, job_title=f"Ward staff, {ward}"[:120])
        StaffAccountEvent.objects.create(staff=staff, action=StaffAccountEvent.Action.ROLE_CHANGED, by=by,
                                         at=timezone.now(), changed_from="No role",
                                         changed_to=f"Hospital ward staff, {ward}"[:300])
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        StaffAccountEvent.objects.create(staff=staff, action=StaffAccountEvent.Action.REACTIVATED, by=by,
                                         at=timezone.now(), reason=f"Added as ward staff on {ward}")
    membership = ward_staff_join(ward=ward, user=user)
    _log(by=by, action=WardAdminEvent.Action.STAFF_ADDED, ward=ward,
         what=f"Gave {display_name(user)} ({user.username}) the ward role for this ward")
    return membership


@transaction.atomic
def ward_staff_remove(*, ward: Ward, member_id: int, by: Any) -> tuple[Any, bool]:
    """Take an account off a ward. Off its last ward, the account is switched off and signed out everywhere.
    Returns the user and whether their account was switched off."""
    membership = WardStaff.objects.select_for_update().select_related("user").filter(pk=member_id, ward=ward).first()
    if membership is None:
        raise WardStaff.DoesNotExist
    user = membership.user
    membership.delete()
    ends = removal_ends_account(other_wards=WardStaff.objects.filter(user=user).count())
    what = f"Took {display_name(user)} ({user.username}) off this ward"
    if ends and user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        staff = getattr(user, "staff", None)
        if staff is not None:
            StaffAccountEvent.objects.create(staff=staff, action=StaffAccountEvent.Action.DEACTIVATED, by=by,
                                             at=timezone.now(), reason=f"Taken off {ward}, their last ward")
        transaction.on_commit(lambda: sessions_end(user))
        what += "; it was their last ward, so their account was switched off"
    _log(by=by, action=WardAdminEvent.Action.STAFF_REMOVED, ward=ward, what=what)
    return user, ends


# --- ward systems' keys ------------------------------------------------------------------------------------------

@transaction.atomic
def ward_key_issue(*, ward: Ward, by: Any, name: str) -> tuple[str, WardApiToken]:
    """A new key for the ward's system (the same code as the `ward_key` command): the key itself is returned once,
    for the page to show; only its hash is kept."""
    problem = check_key_name(name)
    if problem:
        raise Refused({"name": problem})
    clean = _one_line(name)
    token = ward_token_issue(ward=ward, name=clean, made_by=by)
    key = WardApiToken.objects.filter(ward=ward).order_by("-pk").first()
    assert key is not None
    _log(by=by, action=WardAdminEvent.Action.KEY_ISSUED, ward=ward, what=f"Issued a key for {clean}")
    return token, key


@transaction.atomic
def ward_key_revoke(*, ward: Ward, key_id: int, by: Any) -> WardApiToken:
    key = WardApiToken.objects.select_for_update().filter(pk=key_id, ward=ward).first()
    if key is None:
        raise WardApiToken.DoesNotExist
    if key.revoked_at is not None:
        raise Refused({"key": f"This key was already revoked by {key.revoked_by_name or 'someone'}"})
    key.revoked_at, key.revoked_by_name = timezone.now(), display_name(by)
    key.save(update_fields=["revoked_at", "revoked_by_name"])
    _log(by=by, action=WardAdminEvent.Action.KEY_REVOKED, ward=ward, what=f"Revoked the key for {key.name}")
    return key


# --- the council's hospital team ----------------------------------------------------------------------------------

@transaction.atomic
def hospital_team_designate(*, team: Team | None, by: Any) -> HospitalTeam:
    """Make `team` the council's hospital team (in place of any other): its practitioners and managers then see
    every discharge request, and the team before them no longer does."""
    if team is None:
        raise Refused({"team": "Choose the team that is the council's hospital team"})
    current = list(designated_teams())
    if [d.team_id for d in current] == [team.pk]:
        raise Refused({"team": f"{team} is already the hospital team. Choose another team to change it"})
    before = ", ".join(str(d.team) for d in current) or "no team"
    HospitalTeam.objects.all().delete()
    designated = HospitalTeam.objects.create(team=team, designated_at=timezone.now())
    _log(by=by, action=WardAdminEvent.Action.TEAM_DESIGNATED, what=f"Made {team} the hospital team (before: {before})")
    return designated
