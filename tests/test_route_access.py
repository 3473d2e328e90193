"""Every URL pattern, for every persona: the status the access table says, and one access event per opening.

Each route is resolved with real ids from a fixture area (`carecommons.testing.area`) and requested by
each of fourteen personas. The expected outcome comes from `rules.access` — the pages table for pages,
`decide()` with the persona's grounds for Ruth's record for records — not from the code under test.
A route with no entry here fails the test, so a new page must say who may open it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from carecommons.people.models import AccessEvent
from carecommons.rules.access import BREAK_GLASS_ROLES, Ground, Kind, Purpose, Role, decide, may_open_page
from carecommons.testing.area import GROUNDS, PERSONAS, ROLES, Area, build_area
from carecommons.testing.clients import SignedInClient

pytestmark = [pytest.mark.django_db]

TEAM = frozenset({Role.PRACTITIONER, Role.MANAGER})
PERSON_ONLY = frozenset({Role.PERSON})
COMMISSIONING = frozenset({Role.COMMISSIONER, Role.MANAGER, Role.ADMIN})
ANY = frozenset({200, 301, 302, 303, 400, 404, 405, 409, 410})  # a flow or an API: anything but a refusal or an error


@dataclass(frozen=True)
class Route:
    """Who may open a route: `public`, a `page` from the pages table, or a person's record of `kind` for `purpose`.

    `roles`: a role check the page makes before opening any record (no access event when it refuses).
    `signed_in`: any signed-in user. `ok`: the statuses that count as "opened". `post`: the route takes only
    POST; it is sent empty, and only by personas who should be refused (nothing is changed).
    """

    kwargs: Callable[[Area], dict[str, Any]] = lambda a: {}
    public: bool = False
    page: str = ""
    roles: frozenset[Role] | None = None
    signed_in: bool = False
    kind: Kind | None = None
    purpose: Purpose = Purpose.VIEW
    ok: frozenset[int] = frozenset({200})
    post: bool = False
    own: bool = False  # the person's own pages: each person-role persona opens their own record
    direct_payment: bool = False  # Ruth holds this budget as a direct payment (Ground.OWN_DIRECT_PAYMENT)
    host_only_at_own_hub: bool = False  # a host from another hub finds no such booking (404)
    safeguarding_team: bool = False  # only those on the safeguarding team (Ground.SAFEGUARDING_TEAM), no record opened


def pub(**kw: Any) -> Route:
    return Route(public=True, ok=kw.pop("ok", frozenset({200})), **kw)


def flow(**kw: Any) -> Route:
    return Route(public=True, ok=ANY, **kw)


def rec(kind: Kind, purpose: Purpose = Purpose.VIEW, **kw: Any) -> Route:
    return Route(kind=kind, purpose=purpose, **kw)


RUTH = "person_id"


def _first_rates() -> int:
    from carecommons.budgets.models_rates import ChargingRateEntry

    return ChargingRateEntry.objects.order_by("pk").values_list("pk", flat=True)[0]


ROUTES: dict[str, Route] = {
    # Signing in and pages every visitor can reach
    "people:home": pub(ok=frozenset({200, 302})),
    "core:sign-in": flow(), "core:sign-in-code": flow(), "core:sign-in-recovery": flow(), "core:sign-in-set-up": flow(),
    "core:sign-in-codes": Route(signed_in=True), "core:recovery-codes-new": flow(), "core:sign-in-codes-off": flow(),
    "core:sign-out": flow(), "core:signed-out": pub(), "core:healthz": pub(), "core:readyz": pub(),
    "core:privacy": pub(),
    "core:accessibility": pub(),
    "outcomes:outcomes": pub(),
    "outcomes:outcomes-csv": pub(), "outcomes:outcomes-json": pub(),
    "outcomes:measure": pub(ok=frozenset({200, 404}), kwargs=lambda a: {"key": "2A"}),  # 404 until a release exists
    "people:staff": Route(page="people:staff"), "people:staff-new": Route(page="people:staff"),
    "people:staff-member": Route(page="people:staff", kwargs=lambda a: {"staff_id": a.users["practitioner_other_team"].staff.pk}),
    "people:staff-status": Route(page="people:staff", kwargs=lambda a: {"staff_id": a.users["practitioner_other_team"].staff.pk}),
    "people:staff-role": Route(page="people:staff", kwargs=lambda a: {"staff_id": a.users["practitioner_other_team"].staff.pk}),
    "people:messages-sent": Route(page="people:messages-sent"),
    "core:password-forgotten": pub(), "core:password-reset-sent": pub(), "core:password-reset-done": pub(),
    "core:password-reset-confirm": flow(kwargs=lambda a: {"uidb64": "MQ", "token": "not-a-real-token"}),
    # Asking for a conversation, and the links in messages (capabilities: whoever holds the link)
    "conversations:ask-start": flow(), "conversations:ask": flow(kwargs=lambda a: {"step": "who"}),
    "conversations:ask-done": flow(kwargs=lambda a: {"reference": a.request.reference}),
    "conversations:booking": pub(kwargs=lambda a: {"token": a.booking.token}),
    "conversations:booking-ics": pub(kwargs=lambda a: {"token": a.booking.token}),
    "conversations:booking-cancel": pub(kwargs=lambda a: {"token": a.booking.token}),
    "conversations:booking-rebook": pub(kwargs=lambda a: {"token": a.booking.token}),
    "conversations:follow-up": pub(kwargs=lambda a: {"token": a.follow_up.token}),
    "core:short-link": pub(ok=frozenset({404}), kwargs=lambda a: {"code": "abcd2345"}),  # a code nobody was given
    # The team's work with Ruth
    "conversations:waiting-list": Route(page="conversations:waiting-list"),
    "conversations:request-book": rec(Kind.BOOKING, Purpose.CHANGE, kwargs=lambda a: {"request_id": a.waiting.pk}),
    # Asking twice, found by staff: the kept request opens Ruth's bookings to change; the other must be hers too
    "conversations:request-merge": rec(Kind.BOOKING, Purpose.CHANGE, roles=TEAM,
                                       kwargs=lambda a: {"request_id": a.request.pk, "other_id": a.waiting.pk}),
    "conversations:request-withdraw": rec(Kind.BOOKING, Purpose.CHANGE, post=True,
                                          kwargs=lambda a: {"request_id": a.waiting.pk}),
    "conversations:new": rec(Kind.CONVERSATION, Purpose.CHANGE, kwargs=lambda a: {RUTH: a.person.pk}),
    "conversations:detail": rec(Kind.CONVERSATION, kwargs=lambda a: {"conversation_id": a.conversation.pk}),
    "conversations:edit": rec(Kind.CONVERSATION, Purpose.CHANGE, kwargs=lambda a: {"conversation_id": a.conversation.pk}),
    "conversations:history": rec(Kind.CONVERSATION, kwargs=lambda a: {"conversation_id": a.conversation.pk}),
    "directory:next-steps": rec(Kind.CONVERSATION, Purpose.CHANGE, kwargs=lambda a: {"conversation_id": a.conversation.pk}),
    "people:find": Route(page="people:find"),
    "people:person": rec(Kind.PERSON, kwargs=lambda a: {RUTH: a.person.pk}),
    "people:break-glass": Route(roles=BREAK_GLASS_ROLES, kwargs=lambda a: {RUTH: a.person.pk}),
    "people:break-glass-review": Route(page="people:break-glass-review"),
    # Possible duplicates: the list is the team's page; joining opens Ruth first (to change), then her second record
    "people:duplicates": Route(page="people:duplicates"),
    "people:merge": rec(Kind.PERSON, Purpose.CHANGE, roles=TEAM,
                        kwargs=lambda a: {RUTH: a.person.pk, "other_id": a.ruth_again.pk}),
    "people:not-duplicate": rec(Kind.PERSON, Purpose.CHANGE, roles=TEAM, post=True,
                                kwargs=lambda a: {RUTH: a.person.pk, "other_id": a.ruth_again.pk}),
    "people:my-record": rec(Kind.PERSON, own=True, roles=PERSON_ONLY),
    "people:my-statement": rec(Kind.PERSON, Purpose.CHANGE, own=True, roles=PERSON_ONLY),
    "people:my-access-log": rec(Kind.PERSON, own=True, roles=PERSON_ONLY),
    # Signing in from an invitation, sharing, and everything held about the person (ADR 0014)
    "people:invite": rec(Kind.PERSON, Purpose.CHANGE, roles=TEAM, kwargs=lambda a: {RUTH: a.person.pk}),
    "people:invitation": flow(kwargs=lambda a: {"token": "not-a-real-token"}),
    "people:my-sharing": rec(Kind.PERSON, own=True, roles=PERSON_ONLY),
    # Ending a sharing: the person opens their own record first; someone else's sharing is not found
    "people:my-sharing-end": rec(Kind.PERSON, own=True, roles=PERSON_ONLY, ok=frozenset({200, 404}),
                                 kwargs=lambda a: {"share_id": a.share.pk}),
    "people:shared-with-me": Route(signed_in=True),
    "people:shared-record": rec(Kind.PERSON, kwargs=lambda a: {RUTH: a.person.pk}),
    "people:my-download": rec(Kind.PERSON, Purpose.EXPORT, own=True, roles=PERSON_ONLY),
    "people:my-download-json": rec(Kind.PERSON, Purpose.EXPORT, own=True, roles=PERSON_ONLY),
    "hubs:list": Route(page="hubs:list"),
    "hubs:today": Route(page="hubs:list", host_only_at_own_hub=True, kwargs=lambda a: {"hub_id": a.library.pk}),
    "hubs:day": Route(page="hubs:list", host_only_at_own_hub=True,
                      kwargs=lambda a: {"hub_id": a.library.pk, "date": "2026-01-05"}),
    # Saying who came (ADR 0031): the gate decides, after the page's role check; a host elsewhere finds no booking
    "hubs:attendance": rec(Kind.BOOKING, Purpose.CHANGE, post=True, host_only_at_own_hub=True,
                           roles=frozenset({Role.PRACTITIONER, Role.MANAGER, Role.HOST, Role.ADMIN}),
                           kwargs=lambda a: {"hub_id": a.library.pk, "booking_id": a.booking.pk}),
    "insight:team": Route(page="insight:team"),
    # Assessments
    "assessments:start-own": rec(Kind.ASSESSMENT, Purpose.CHANGE, own=True, roles=PERSON_ONLY),
    "assessments:waiting": Route(page="assessments:waiting"),
    "assessments:import": Route(roles=TEAM),
    "assessments:easy-read": pub(ok=frozenset({302})),
    "assessments:start-with-booking": rec(Kind.ASSESSMENT, Purpose.CHANGE, roles=frozenset({Role.HOST}),
                                          host_only_at_own_hub=True, kwargs=lambda a: {"booking_id": a.booking.pk}),
    "assessments:start-from-conversation": rec(Kind.CONVERSATION, Purpose.CHANGE, roles=TEAM,
                                               kwargs=lambda a: {"conversation_id": a.conversation.pk}),
    "assessments:overview": rec(Kind.ASSESSMENT, kwargs=lambda a: {"assessment_id": a.assessment.pk}),
    # Her draft: only she may change it (the page refuses anyone else before opening anything)
    "assessments:about": rec(Kind.ASSESSMENT, Purpose.CHANGE, roles=PERSON_ONLY,
                             kwargs=lambda a: {"assessment_id": a.draft.pk}),
    "assessments:question": rec(Kind.ASSESSMENT, Purpose.CHANGE, roles=PERSON_ONLY,
                                kwargs=lambda a: {"assessment_id": a.draft.pk, "key": "nutrition"}),
    "assessments:check": rec(Kind.ASSESSMENT, Purpose.CHANGE, roles=PERSON_ONLY,
                             kwargs=lambda a: {"assessment_id": a.draft.pk}),
    "assessments:determine": rec(Kind.ASSESSMENT, Purpose.DECIDE, roles=TEAM,
                                 kwargs=lambda a: {"assessment_id": a.submitted.pk}),
    "assessments:determine-outcome": rec(Kind.ASSESSMENT, Purpose.DECIDE, roles=TEAM,
                                         kwargs=lambda a: {"assessment_id": a.submitted.pk, "key": "nutrition"}),
    "assessments:signed-copy": rec(Kind.ASSESSMENT, Purpose.EXPORT, roles=PERSON_ONLY, ok=frozenset({200, 503}),
                                   kwargs=lambda a: {"assessment_id": a.assessment.pk}),
    "assessments:readable-copy": rec(Kind.ASSESSMENT, kwargs=lambda a: {"assessment_id": a.assessment.pk}),
    # Plans and budgets
    "budgets:pa-pay": pub(), "budgets:funding": pub(), "budgets:funding-figures": Route(page="budgets:funding-figures"),
    # Charging rates: administrators only (the figures first put in are an applied entry to look at)
    "budgets:charging-rates": Route(page="budgets:charging-rates"),
    "budgets:charging-rates-new": Route(page="budgets:charging-rates"),
    "budgets:charging-rates-correct": Route(page="budgets:charging-rates", kwargs=lambda a: {"year": "2025-26"}),
    "budgets:charging-rates-check": Route(page="budgets:charging-rates", kwargs=lambda a: {"entry_id": _first_rates()}),
    "budgets:deferred-rates": Route(page="budgets:charging-rates"),
    "budgets:deferred-rates-new": Route(page="budgets:charging-rates"),
    "budgets:plan-start": rec(Kind.SUPPORT_PLAN, Purpose.CHANGE, post=True,
                              roles=frozenset({Role.PERSON, Role.PRACTITIONER, Role.MANAGER}),
                              kwargs=lambda a: {"assessment_id": a.assessment.pk}),
    "budgets:plans-waiting": Route(page="budgets:plans-waiting"),
    "budgets:plan": rec(Kind.SUPPORT_PLAN, kwargs=lambda a: {"plan_id": a.plan.pk}),
    "budgets:plan-item-add": rec(Kind.SUPPORT_PLAN, Purpose.CHANGE, ok=frozenset({302}),  # starts the journey below
                                 kwargs=lambda a: {"plan_id": a.draft_plan.pk}),
    "budgets:plan-item-step": rec(Kind.SUPPORT_PLAN, Purpose.CHANGE, kwargs=lambda a: {"plan_id": a.draft_plan.pk, "step": "need"}),
    "budgets:plan-item-check": rec(Kind.SUPPORT_PLAN, Purpose.CHANGE, ok=frozenset({200, 302}),  # nothing answered: the first page
                                   kwargs=lambda a: {"plan_id": a.draft_plan.pk}),
    "budgets:plan-item-remove": rec(Kind.SUPPORT_PLAN, Purpose.CHANGE, post=True,
                                    kwargs=lambda a: {"plan_id": a.draft_plan.pk, "item_id": a.draft_item.pk}),
    "budgets:plan-management": rec(Kind.SUPPORT_PLAN, Purpose.CHANGE, kwargs=lambda a: {"plan_id": a.draft_plan.pk}),
    "budgets:plan-submit": rec(Kind.SUPPORT_PLAN, Purpose.CHANGE, post=True, kwargs=lambda a: {"plan_id": a.draft_plan.pk}),
    "budgets:plan-agree": rec(Kind.SUPPORT_PLAN, Purpose.DECIDE, roles=TEAM, ok=frozenset({200, 302}),
                              kwargs=lambda a: {"plan_id": a.plan.pk}),
    "budgets:plan-sign-off": Route(roles=frozenset(), kwargs=lambda a: {"plan_id": a.plan.pk}),  # nobody is named
    "budgets:list": Route(page="budgets:list"),
    "budgets:budget": rec(Kind.BUDGET, direct_payment=True, kwargs=lambda a: {"budget_id": a.budget.pk}),
    "budgets:statement": rec(Kind.BUDGET, direct_payment=True, kwargs=lambda a: {"budget_id": a.budget.pk}),
    "budgets:statement-print": rec(Kind.BUDGET, direct_payment=True, kwargs=lambda a: {"budget_id": a.budget.pk}),
    "budgets:statement-csv": rec(Kind.BUDGET, Purpose.EXPORT, direct_payment=True, kwargs=lambda a: {"budget_id": a.budget.pk}),
    "budgets:money": rec(Kind.BUDGET, Purpose.RECORD_MONEY, direct_payment=True, kwargs=lambda a: {"budget_id": a.budget.pk}),
    "budgets:correct": rec(Kind.BUDGET, Purpose.RECORD_MONEY, roles=TEAM,
                           kwargs=lambda a: {"budget_id": a.budget.pk, "txn_id": a.transaction.pk}),
    "budgets:review": rec(Kind.BUDGET, Purpose.DECIDE, roles=TEAM, kwargs=lambda a: {"budget_id": a.budget.pk}),
    "budgets:assistant-add": rec(Kind.TIMESHEET, Purpose.CHANGE, direct_payment=True, kwargs=lambda a: {"budget_id": a.budget.pk}),
    "budgets:timesheet": rec(Kind.TIMESHEET, Purpose.CHANGE, direct_payment=True,
                             kwargs=lambda a: {"budget_id": a.budget.pk, "assistant_id": a.assistant.pk}),
    "budgets:assistant-pension": rec(Kind.TIMESHEET, Purpose.CHANGE, direct_payment=True,
                                     kwargs=lambda a: {"budget_id": a.budget.pk, "assistant_id": a.assistant.pk}),
    "budgets:employment-allowance": rec(Kind.TIMESHEET, Purpose.CHANGE, direct_payment=True,
                                        kwargs=lambda a: {"budget_id": a.budget.pk}),
    "budgets:timesheet-approve": rec(Kind.TIMESHEET, Purpose.RECORD_MONEY, direct_payment=True, post=True,
                                     kwargs=lambda a: {"budget_id": a.budget.pk, "timesheet_id": a.timesheet.pk}),
    "budgets:agreement": rec(Kind.BUDGET, Purpose.RECORD_MONEY, direct_payment=True, kwargs=lambda a: {"budget_id": a.budget.pk}),
    "budgets:recovery-propose": rec(Kind.BUDGET, Purpose.RECORD_MONEY, roles=TEAM, kwargs=lambda a: {"budget_id": a.budget.pk}),
    "budgets:recovery-reply": rec(Kind.BUDGET, Purpose.RECORD_MONEY, direct_payment=True,
                                  kwargs=lambda a: {"budget_id": a.budget.pk, "recovery_id": a.recovery.pk}),
    "budgets:recovery-decide": rec(Kind.BUDGET, Purpose.DECIDE, roles=frozenset({Role.MANAGER}),
                                   kwargs=lambda a: {"budget_id": a.budget.pk, "recovery_id": a.recovery.pk}),
    "budgets:fa-list": rec(Kind.FINANCIAL_ASSESSMENT, kwargs=lambda a: {RUTH: a.person.pk}),
    "budgets:fa-start": rec(Kind.FINANCIAL_ASSESSMENT, Purpose.CHANGE, kwargs=lambda a: {RUTH: a.person.pk}),
    "budgets:fa": rec(Kind.FINANCIAL_ASSESSMENT, kwargs=lambda a: {"fa_id": a.financial_assessment.pk}),
    "budgets:fa-facts": rec(Kind.FINANCIAL_ASSESSMENT, Purpose.CHANGE, kwargs=lambda a: {"fa_id": a.financial_assessment.pk}),
    "budgets:fa-items": rec(Kind.FINANCIAL_ASSESSMENT, Purpose.CHANGE, kwargs=lambda a: {"fa_id": a.financial_assessment.pk}),
    "budgets:fa-item-remove": rec(Kind.FINANCIAL_ASSESSMENT, Purpose.CHANGE, post=True, kwargs=lambda a: {
        "fa_id": a.financial_assessment.pk, "section": "income", "item_id": a.income_item.pk}),
    "budgets:pools": Route(page="budgets:pools"),
    "budgets:pool-create": Route(page="budgets:pools"),
    "budgets:pool": Route(page="budgets:pools", kwargs=lambda a: {"pool_id": a.pool.pk}),
    "budgets:pool-leave": rec(Kind.SHARED_ACTIVITY, Purpose.CHANGE, post=True,
                              kwargs=lambda a: {"membership_id": a.membership.pk}),
    # Matching and continuity
    "relationships:home": Route(page="relationships:home"),
    "relationships:round": Route(page="relationships:home", kwargs=lambda a: {"round_id": a.round.pk}),
    "relationships:profiles": Route(page="relationships:home"),
    "relationships:carer-new": Route(page="relationships:home"),
    "relationships:carer-edit": Route(page="relationships:home", kwargs=lambda a: {"carer_id": a.carer.pk}),
    "relationships:carer-shortlist": Route(page="relationships:home", kwargs=lambda a: {"carer_id": a.carer.pk}),
    "relationships:seeker-edit": rec(Kind.MATCHING, Purpose.CHANGE, roles=TEAM, kwargs=lambda a: {RUTH: a.person.pk},
                                     ok=frozenset({302})),
    "relationships:seeker-step": rec(Kind.MATCHING, Purpose.CHANGE, roles=TEAM,
                                     kwargs=lambda a: {RUTH: a.person.pk, "step": "what-matters"}),
    "relationships:seeker-check": rec(Kind.MATCHING, Purpose.CHANGE, roles=TEAM, kwargs=lambda a: {RUTH: a.person.pk}),
    "relationships:seeker-shortlist": rec(Kind.MATCHING, roles=TEAM, kwargs=lambda a: {"seeker_id": a.seeker.pk}),
    "relationships:arrangement": rec(Kind.ARRANGEMENT, roles=TEAM, kwargs=lambda a: {"arrangement_id": a.arrangement.pk}),
    "relationships:my-continuity": rec(Kind.CONTINUITY, own=True, roles=PERSON_ONLY),
    "relationships:person-continuity": rec(Kind.CONTINUITY, roles=TEAM, kwargs=lambda a: {RUTH: a.person.pk}),
    "relationships:providers": Route(roles=COMMISSIONING),
    # The care market
    "market:choose": pub(), "market:compare": pub(), "market:awards": pub(),
    "market:location": pub(kwargs=lambda a: {"location_id": a.location.pk}),
    "market:feedback-post": flow(kwargs=lambda a: {"location_id": a.location.pk}),
    "market:profile-edit": pub(kwargs=lambda a: {"token": a.profile.edit_token}),
    "market:tender-ocds": flow(kwargs=lambda a: {"tender_id": a.tender.pk}),
    "market:feedback": Route(page="market:overview"),
    "market:overview": Route(page="market:overview"),
    "market:weights": Route(page="market:overview"),
    "market:provider": Route(page="market:overview", kwargs=lambda a: {"provider_id": a.provider.pk}),
    "market:provider-action": flow(kwargs=lambda a: {"provider_id": a.provider.pk}),
    "market:tender-new": Route(page="market:overview"),
    "market:tender": Route(page="market:overview", kwargs=lambda a: {"tender_id": a.tender.pk}),
    "market:childrens": Route(page="market:overview"),
    "market:childrens-setting-new": Route(page="market:overview"),
    "market:placement-new": Route(page="market:overview"),
    # The community directory
    "directory:list": pub(), "directory:service": pub(kwargs=lambda a: {"service_id": a.service.pk}),
    # Deciding money together
    "participation:home": pub(), "participation:models": pub(),
    "participation:area": pub(kwargs=lambda a: {"slug": a.five_area.slug}),
    "participation:model": pub(kwargs=lambda a: {"slug": a.support_model.slug}),
    "participation:round": flow(kwargs=lambda a: {"round_id": a.pb_round.pk}),
    "participation:vote": flow(kwargs=lambda a: {"round_id": a.pb_round.pk}),
    "participation:export-csv": flow(kwargs=lambda a: {"round_id": a.pb_round.pk}),
    "participation:export-pb": flow(kwargs=lambda a: {"round_id": a.pb_round.pk}),
    "participation:manage": Route(page="participation:manage"),
    "participation:round-new": Route(page="participation:manage"),
    "participation:manage-round": Route(page="participation:manage", kwargs=lambda a: {"round_id": a.pb_round.pk}),
    "participation:moderation": Route(page="participation:manage"),
    "participation:figures": Route(page="participation:manage", kwargs=lambda a: {"slug": a.five_area.slug}),
    "participation:import": Route(page="participation:manage"),
    "participation:vote-start": flow(),
    "participation:letters": Route(page="participation:manage", kwargs=lambda a: {"round_id": a.pb_round.pk}),
    "participation:letters-batch": Route(page="participation:manage", kwargs=lambda a: {"round_id": a.pb_round.pk, "batch_id": a.letter_batch.pk}),
    "participation:letters-print": Route(page="participation:manage", kwargs=lambda a: {"round_id": a.pb_round.pk, "batch_id": a.letter_batch.pk}),
    "participation:letters-download": Route(page="participation:manage", kwargs=lambda a: {"round_id": a.pb_round.pk, "batch_id": a.letter_batch.pk}),
    # Safeguarding: anyone raises a concern; staff from a record they may see; the list is filtered to what each may
    # see; a concern (about Ruth) is opened on its own kind, which only the safeguarding team and those named reach.
    "safeguarding:raise": pub(), "safeguarding:raised": flow(),
    "safeguarding:raise-for-person": rec(Kind.PERSON, roles=TEAM, kwargs=lambda a: {RUTH: a.person.pk}),
    "safeguarding:concerns": Route(page="safeguarding:concerns"),
    "safeguarding:my-concerns": rec(Kind.SAFEGUARDING, own=True, roles=PERSON_ONLY),
    "safeguarding:concern": rec(Kind.SAFEGUARDING, roles=TEAM, kwargs=lambda a: {"concern_id": a.concern.pk}),
    "safeguarding:triage": rec(Kind.SAFEGUARDING, Purpose.DECIDE, roles=TEAM, kwargs=lambda a: {"concern_id": a.concern.pk}),
    "safeguarding:link-person": rec(Kind.SAFEGUARDING, Purpose.CHANGE, roles=TEAM,
                                    kwargs=lambda a: {"concern_id": a.concern.pk}),
    "safeguarding:enquiry-start": rec(Kind.SAFEGUARDING, Purpose.CHANGE, roles=TEAM,
                                      kwargs=lambda a: {"concern_id": a.enquiry.pk}),
    "safeguarding:close": rec(Kind.SAFEGUARDING, Purpose.DECIDE, roles=TEAM,
                              kwargs=lambda a: {"concern_id": a.open_enquiry.pk}),
    "safeguarding:meeting-new": rec(Kind.SAFEGUARDING, Purpose.CHANGE, roles=TEAM,
                                    kwargs=lambda a: {"concern_id": a.open_enquiry.pk}),
    "safeguarding:plan-new": rec(Kind.SAFEGUARDING, Purpose.CHANGE, roles=TEAM,
                                 kwargs=lambda a: {"concern_id": a.open_enquiry.pk}),
    # The enquiry's pages: only the safeguarding team changes or decides (someone named only sees the concern).
    "safeguarding:named": rec(Kind.SAFEGUARDING, Purpose.CHANGE, roles=TEAM,
                              kwargs=lambda a: {"concern_id": a.open_enquiry.pk}),
    "safeguarding:unname": rec(Kind.SAFEGUARDING, Purpose.CHANGE, roles=TEAM,
                               kwargs=lambda a: {"concern_id": a.open_enquiry.pk, "involvement_id": a.involvement.pk}),
    "safeguarding:source": rec(Kind.SAFEGUARDING, Purpose.CHANGE, roles=TEAM,
                               kwargs=lambda a: {"concern_id": a.open_enquiry.pk}),
    "safeguarding:withhold": rec(Kind.SAFEGUARDING, Purpose.DECIDE, roles=TEAM,
                                 kwargs=lambda a: {"concern_id": a.open_enquiry.pk}),
    "safeguarding:plan-review": rec(Kind.SAFEGUARDING, Purpose.CHANGE, roles=TEAM,
                                    kwargs=lambda a: {"concern_id": a.open_enquiry.pk, "plan_id": a.sg_plan.pk}),
    "safeguarding:plan-change": rec(Kind.SAFEGUARDING, Purpose.CHANGE, roles=TEAM,
                                    kwargs=lambda a: {"concern_id": a.open_enquiry.pk, "plan_id": a.sg_plan.pk}),
    # Patterns: which provider or place a concern is about (opened to change, like linking a person); the patterns
    # pages are the safeguarding team's alone (commissioners see counts only, on the market's pages).
    "safeguarding:link-place": rec(Kind.SAFEGUARDING, Purpose.CHANGE, roles=TEAM,
                                   kwargs=lambda a: {"concern_id": a.concern.pk}),
    "safeguarding:patterns": Route(roles=TEAM, safeguarding_team=True),
    "safeguarding:pattern-concerns": Route(roles=TEAM, safeguarding_team=True),
    # Ward staff's page (the fixture area has no ward staff: every persona is refused; the hospital app's own tests and
    # tests/e2e/test_ward_request_journey.py sign in as ward staff)
    "hospital:ward": Route(page="hospital:ward"), "hospital:ward-send": Route(page="hospital:ward"),
    # The hospital team's pages: the list is filtered (everything for the hospital team, nothing for the rest); a
    # request linked to Ruth's record is opened as her record's discharge kind (the hospital team's ground, or any
    # ground that reaches her ordinary records).
    "hospital:team": Route(page="hospital:team"),
    "hospital:request": rec(Kind.DISCHARGE, roles=TEAM, kwargs=lambda a: {"request_id": a.discharge.pk}),
    "hospital:link-person": rec(Kind.DISCHARGE, Purpose.CHANGE, roles=TEAM,
                                kwargs=lambda a: {"request_id": a.discharge.pk}),
    "hospital:plan": rec(Kind.DISCHARGE, Purpose.DECIDE, roles=TEAM, kwargs=lambda a: {"request_id": a.discharge.pk}),
    "hospital:reablement-start": rec(Kind.DISCHARGE, Purpose.CHANGE, roles=TEAM,
                                     kwargs=lambda a: {"request_id": a.discharge.pk}),
    "hospital:reablement-visit": rec(Kind.DISCHARGE, Purpose.CHANGE, roles=TEAM,
                                     kwargs=lambda a: {"request_id": a.discharged.pk}),
    "hospital:reablement-end": rec(Kind.DISCHARGE, Purpose.DECIDE, roles=TEAM,
                                   kwargs=lambda a: {"request_id": a.discharged.pk}),
    "hospital:check": rec(Kind.DISCHARGE, Purpose.CHANGE, roles=TEAM, kwargs=lambda a: {"request_id": a.discharged.pk}),
    # How leaving hospital flows: counts only, no record opened. Commissioners, and managers on the hospital team (the
    # fixture area has none: carecommons/hospital/tests/test_flow.py signs one in).
    "hospital:flow": Route(page="hospital:flow"),
    "hospital:flow-figures": Route(page="hospital:flow"),
    "hospital:reablement-told": rec(Kind.DISCHARGE, Purpose.CHANGE, roles=TEAM,
                                    kwargs=lambda a: {"request_id": a.discharged.pk}),
    # Ward staff withdrawing their own ward's request (no persona is ward staff: all refused; the app's tests send it).
    "hospital:ward-withdraw": Route(page="hospital:ward", kwargs=lambda a: {"request_id": a.discharge.pk}),
    # The administrator's pages for wards, ward staff, keys and the hospital team. The area has no ward staff or keys:
    # their remove and revoke pages answer the administrator 404 (the app's tests open real ones).
    "hospital:admin": Route(page="hospital:admin"), "hospital:admin-ward-new": Route(page="hospital:admin"),
    "hospital:admin-team": Route(page="hospital:admin"), "hospital:admin-history": Route(page="hospital:admin"),
    "hospital:admin-ward": Route(page="hospital:admin", kwargs=lambda a: {"ward_id": a.discharge.ward_id}),
    "hospital:admin-ward-change": Route(page="hospital:admin", kwargs=lambda a: {"ward_id": a.discharge.ward_id}),
    "hospital:admin-staff-new": Route(page="hospital:admin", kwargs=lambda a: {"ward_id": a.discharge.ward_id}),
    "hospital:admin-staff-existing": Route(page="hospital:admin", kwargs=lambda a: {"ward_id": a.discharge.ward_id}),
    "hospital:admin-key-new": Route(page="hospital:admin", kwargs=lambda a: {"ward_id": a.discharge.ward_id}),
    "hospital:admin-staff-remove": Route(page="hospital:admin", ok=frozenset({404}),
                                         kwargs=lambda a: {"ward_id": a.discharge.ward_id, "member_id": 999_999}),
    "hospital:admin-key-revoke": Route(page="hospital:admin", ok=frozenset({404}),
                                       kwargs=lambda a: {"ward_id": a.discharge.ward_id, "key_id": 999_999}),
}
# The public APIs answer anyone; their own tests check their answers. The hospital wards' API answers only a ward
# system's key, never a signed-in person: its own tests check each refusal (carecommons/hospital/tests/test_api.py).
API_PREFIXES = ("api-v1:", "oruk:", "hospital-fhir:")


def url_names() -> list[str]:
    def walk(patterns: list[Any], namespace: str) -> list[str]:
        names = []
        for p in patterns:
            if isinstance(p, URLResolver):
                names += walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.append(f"{namespace}{p.name}")
        return names
    return walk(get_resolver().url_patterns, "")


def test_every_route_has_an_entry_in_the_table():
    missing = sorted(n for n in set(url_names()) - set(ROUTES) if not n.startswith(API_PREFIXES))
    assert not missing, f"Say who may open these routes in tests/test_route_access.py: {missing}"
    stale = sorted(set(ROUTES) - set(url_names()))
    assert not stale, f"These entries name no route: {stale}"


@dataclass(frozen=True)
class Expect:
    statuses: frozenset[int]
    events: int  # access events written about Ruth's record
    break_glass: bool = False


def expected(route: Route, persona: str) -> Expect:
    role = ROLES[persona]
    if route.public:
        return Expect(route.ok, 0)
    if persona == "anonymous":
        return Expect(frozenset({302}), 0)  # to the sign-in page
    if route.signed_in:
        return Expect(route.ok, 0)
    if route.roles is not None and role not in route.roles:
        return Expect(frozenset({403}), 0)
    if route.host_only_at_own_hub and persona in ("host_other_hub", "host_after_booking_ended"):
        return Expect(frozenset({404}), 0)  # no such hub or booking among theirs
    if route.safeguarding_team:
        on_team = Ground.SAFEGUARDING_TEAM in GROUNDS.get(persona, frozenset())
        return Expect(route.ok if on_team else frozenset({403}), 0)
    if route.page:
        return Expect(route.ok if may_open_page(role=role, page=route.page) else frozenset({403}), 0)
    if route.kind is None:  # a role check only
        return Expect(route.ok, 0)
    if route.own:  # each person opens their own record
        return Expect(route.ok, 1)
    grounds = set(GROUNDS.get(persona, frozenset()))
    if route.direct_payment and persona == "the_person":
        grounds.add(Ground.OWN_DIRECT_PAYMENT)
    if route.kind is Kind.ASSESSMENT and persona == "host_where_booked" and not route.host_only_at_own_hub:
        grounds.discard(Ground.HUB_BOOKING)  # her organisation is not completing Ruth's assessments
    decision = decide(role=role, kind=route.kind, purpose=route.purpose, grounds=grounds)
    if decision.allowed:
        return Expect(route.ok, 1)
    if decision.reason_needed:
        return Expect(frozenset({302}), 1, break_glass=True)
    return Expect(frozenset({403}), 1)


def _client(area: Area, persona: str) -> SignedInClient:
    client = SignedInClient(raise_request_exception=False)
    if area.users[persona] is not None:
        client.force_login(area.users[persona])
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_route_answers_each_persona_as_the_access_table_says(persona):
    area = build_area()
    client = _client(area, persona)
    ruth = area.person
    wrong = []
    for name, route in sorted(ROUTES.items()):
        want = expected(route, persona)
        if route.post and want.statuses == route.ok:
            continue  # an allowed POST would change the area; its own tests send it
        url = reverse(name, kwargs=route.kwargs(area))
        before = AccessEvent.objects.filter(person=ruth).count()
        own_before = AccessEvent.objects.count()
        response = client.post(url) if route.post else client.get(url)
        events = (AccessEvent.objects.count() - own_before) if route.own else \
            AccessEvent.objects.filter(person=ruth).count() - before
        problems = []
        if response.status_code not in want.statuses:
            problems.append(f"status {response.status_code}, expected {sorted(want.statuses)}")
        if want.break_glass and "/open/" not in response.get("Location", ""):
            problems.append("not sent to give a reason")
        if response.status_code == 302 and persona == "anonymous" and not route.public \
                and "/sign-in/" not in response["Location"]:
            problems.append(f"sent to {response['Location']}, not to sign in")
        if events != want.events:
            problems.append(f"{events} access events, expected {want.events}")
        if problems:
            wrong.append(f"{name} ({url}): " + "; ".join(problems))
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


def test_an_opening_is_logged_after_the_decision_with_its_kind_and_purpose():
    area = build_area()
    client = _client(area, "practitioner_in_team")
    client.get(reverse("budgets:statement-csv", kwargs={"budget_id": area.budget.pk}))
    event = AccessEvent.objects.get()
    assert (event.kind, event.purpose, event.action, event.grounds) == ("budget", "export", "viewed", "met")
    client = _client(area, "host_where_booked")
    assert client.get(reverse("budgets:budget", kwargs={"budget_id": area.budget.pk})).status_code == 403
    refused = AccessEvent.objects.get(user=area.users["host_where_booked"])
    assert (refused.kind, refused.purpose, refused.action, refused.grounds) == ("budget", "view", "refused", "")
