"""The only writers of the hospital app: receiving a discharge request (from a ward's system or a ward's staff) and
issuing a ward system's key. Every decision is `rules.discharge`'s; nothing is half-saved."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from carecommons.hospital.models import (
    OPEN,
    DischargeRequest,
    DischargeRequestEvent,
    Ward,
    WardApiToken,
    WardStaff,
)
from carecommons.people.roles import display_name
from carecommons.rules.discharge import (
    RequestStatus,
    check_new_request,
    check_withdrawal,
    pathway_from,
    withdrawable_from,
)


@dataclass(frozen=True)
class Incoming:
    """A discharge request as a ward sent it, read from FHIR or from the form (not yet checked)."""

    identifier: str
    name: str
    nhs_number: str
    ready_on: dt.date | None
    proposed_pathway: object
    what_matters: str = ""
    date_of_birth: dt.date | None = None
    postcode: str = ""
    identifier_system: str = ""
    fhir: dict[str, Any] | None = None


class RequestRefused(Exception):
    """Why a request was not saved, field by field. `conflict` when it clashes with a request already held (the same
    identifier, or an open request for the same person), rather than being wrong in itself."""

    def __init__(self, problems: dict[str, str], *, conflict: bool = False) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems
        self.conflict = conflict




def _nhs(value: str) -> str:
    return value.replace(" ", "").strip()


def _check(ward: Ward, incoming: Incoming, today: dt.date) -> dict[str, str]:
    nhs = _nhs(incoming.nhs_number)
    open_one = (DischargeRequest.objects.filter(nhs_number=nhs, status__in=OPEN).select_related("ward").first()
                if nhs else None)
    same_identifier = DischargeRequest.objects.filter(ward=ward, ward_identifier=incoming.identifier.strip()).exists()
    check = check_new_request(
        name=incoming.name, identifier=incoming.identifier, ready_on=incoming.ready_on, today=today,
        pathway=incoming.proposed_pathway, nhs_number=incoming.nhs_number, same_ward_identifier_exists=same_identifier,
        open_request_by_this_ward=open_one is not None and open_one.ward_id == ward.pk,
        open_request_by_another_ward=str(open_one.ward) if open_one is not None and open_one.ward_id != ward.pk else None)
    return dict(check.problems)


def _is_conflict(problems: dict[str, str]) -> bool:
    return "person" in problems or problems.get("identifier", "").startswith("Your ward has already")


@transaction.atomic
def discharge_request_receive(*, ward: Ward, incoming: Incoming, through: str, sent_by: Any = None,
                              sent_by_name: str = "", now: dt.datetime | None = None) -> DischargeRequest:
    """Save a ward's request with its first event, or refuse it (RequestRefused) and save nothing.

    The checks run first and say every problem; the database's constraints (one identifier a ward, one open request a
    person) decide between two requests sent at the same moment: the second is refused the same way.
    """
    now = now or timezone.now()
    problems = _check(ward, incoming, timezone.localtime(now).date())
    if problems:
        raise RequestRefused(problems, conflict=_is_conflict(problems))
    pathway = pathway_from(incoming.proposed_pathway)
    assert pathway is not None and incoming.ready_on is not None
    try:
        with transaction.atomic():
            request = DischargeRequest.objects.create(
                ward=ward, ward_identifier=incoming.identifier.strip(), identifier_system=incoming.identifier_system[:200],
                received_at=now, sent_through=through, sent_by=sent_by, name=" ".join(incoming.name.split()),
                nhs_number=_nhs(incoming.nhs_number), date_of_birth=incoming.date_of_birth,
                postcode=incoming.postcode[:8], ready_on=incoming.ready_on, what_matters=incoming.what_matters.strip(),
                proposed_pathway=pathway.value, fhir=incoming.fhir)
    except IntegrityError:
        problems = _check(ward, incoming, timezone.localtime(now).date())
        raise RequestRefused(problems or {"identifier": "Your ward has already sent this request"},
                             conflict=True) from None
    DischargeRequestEvent.objects.create(
        request=request, at=now, user=sent_by, user_name=sent_by_name or (display_name(sent_by) if sent_by else ""),
        action=DischargeRequestEvent.Action.RECEIVED)
    return request


# --- Ward systems' keys -----------------------------------------------------------------------------------------

def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def ward_token_issue(*, ward: Ward, name: str, now: dt.datetime | None = None, made_by: Any = None) -> str:
    """A new key for a ward's system: returned once, kept only as its hash."""
    token = secrets.token_urlsafe(32)
    WardApiToken.objects.create(ward=ward, name=name, token_hash=token_hash(token), created_at=now or timezone.now(),
                                made_by=made_by, made_by_name=display_name(made_by) if made_by is not None else "")
    return token


def token_for(token: str) -> WardApiToken | None:
    """The live key this token is, or None."""
    if not token or len(token) > 200:
        return None
    key = (WardApiToken.objects.select_related("ward").filter(token_hash=token_hash(token), revoked_at__isnull=True)
           .first())
    if key is not None:
        # When it was last used, for the administrator's list of keys (at most one write a minute a key).
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at > dt.timedelta(minutes=1):
            WardApiToken.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
    return key


def ward_staff_join(*, ward: Ward, user: Any, now: dt.datetime | None = None) -> WardStaff:
    membership, _ = WardStaff.objects.get_or_create(ward=ward, user=user, defaults={"joined_at": now or timezone.now()})
    return membership


# --- A ward withdrawing its request -----------------------------------------------------------------------------

class WithdrawalRefused(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def discharge_request_withdraw(*, request: DischargeRequest, reason: object, words: str, user: Any = None,
                               by_name: str = "", now: dt.datetime | None = None) -> DischargeRequest:
    """Withdraw a ward's own request while it is still open, with a reason (`rules.discharge.check_withdrawal`).

    The caller has already checked that the request is this ward's (`access.access_discharge_request` with the
    ward's ground). The change is one conditional update: of two withdrawals (or a withdrawal and the team's plan)
    at the same moment, only the first moves the request; the second is refused as closed."""
    now = now or timezone.now()
    check = check_withdrawal(status=RequestStatus(request.status), reason=reason, words=words)
    if not check.ok:
        raise WithdrawalRefused(dict(check.problems))
    assert check.reason is not None
    name = by_name or (display_name(user) if user is not None else "")
    with transaction.atomic():
        moved = DischargeRequest.objects.filter(
            pk=request.pk, status__in=[s.value for s in withdrawable_from()]).update(
            status=RequestStatus.WITHDRAWN.value, withdrawn_reason=check.reason.value,
            withdrawn_words=" ".join(words.split()), withdrawn_at=now, withdrawn_by_name=name)
        if not moved:
            request.refresh_from_db()
            closed = check_withdrawal(status=RequestStatus(request.status), reason=reason, words=words)
            raise WithdrawalRefused(dict(closed.problems) or {"reason": "This request can no longer be withdrawn"})
        DischargeRequestEvent.objects.create(request=request, at=now, user=user, user_name=name,
                                             action=DischargeRequestEvent.Action.WITHDRAWN)
    request.refresh_from_db()
    return request
