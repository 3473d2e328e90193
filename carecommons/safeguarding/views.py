"""Safeguarding pages: raising a concern (anyone, and staff from a person's record), the team's list of new
concerns, a concern, and its triage."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from carecommons.core.client_address import client_address
from carecommons.people.access import access_person, people_in_reach
from carecommons.people.roles import TEAM_ROLES, require_page, require_role, role_of
from carecommons.rules.access import Kind, Purpose, Role
from carecommons.rules.safeguarding import (
    ACHIEVED_WORDS,
    ENQUIRY_ROUTES,
    LOCATIONS,
    OUTCOMES_ASKED_WORDS,
    RISK_WORDS,
    ROUTE_WORDS,
    SOURCES_OF_RISK,
    STATE_WORDS,
    Capacity,
    EnquiryStart,
    OutcomesAsked,
    Route,
    State,
    next_states,
    overdue,
    s42_decision,
    waited_words,
)
from carecommons.safeguarding import forms as f
from carecommons.safeguarding import services
from carecommons.safeguarding.access import (
    access_concern,
    concerns_in_reach,
    on_safeguarding_team,
    raiser_shown,
)
from carecommons.safeguarding.enquiry_views import enquiry_context
from carecommons.safeguarding.models import Concern, SafeguardingPlan

SESSION_KEY = "safeguarding_raised"


def _raised(form: f.ConcernForm) -> services.Raised:
    data = form.cleaned_data
    return services.Raised(**{name: data.get(name, "") or "" for name in services.Raised.__dataclass_fields__})


# --- Anyone raises a concern ---------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def raise_concern(request: HttpRequest) -> HttpResponse:
    """The public form: no account needed. Saved with or without contact details; nothing typed is lost."""
    form = f.ConcernForm(request.POST if request.method == "POST" else None)
    too_many = False
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_raise(raised=_raised(form), client_address=client_address(request))
        except services.TooManyConcerns:
            too_many = True
        else:
            request.session[SESSION_KEY] = {"reference": concern.reference,
                                            "danger": concern.immediate_danger == Concern.YesNoNotSure.YES,
                                            "contact": bool(concern.raiser_phone or concern.raiser_email)}
            return redirect("safeguarding:raised")
    return render(request, "safeguarding/raise.html", {"form": form, "too_many": too_many},
                  status=429 if too_many else 200)


def raised(request: HttpRequest) -> HttpResponse:
    """The reference and what happens next. Kept in the visitor's session only: the page shows nothing else."""
    done = request.session.get(SESSION_KEY)
    if not done:
        return redirect("safeguarding:raise")
    return render(request, "safeguarding/raised.html", {"done": done})


@login_required
@require_http_methods(["GET", "POST"])
def raise_for_person(request: HttpRequest, person_id: int) -> HttpResponse:
    """A practitioner or manager raises a concern from a person's record."""
    require_role(request.user, TEAM_ROLES, what="this page")
    person = access_person(user=request.user, person_id=person_id, purpose=Purpose.VIEW,
                           what="to raise a safeguarding concern")
    form = f.StaffConcernForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        concern = services.concern_raise(raised=_raised(form), user=request.user, person=person)
        messages.success(request, f"Your concern about {person.full_name} has been sent to the safeguarding team. "
                                  f"The reference is {concern.reference}.")
        return redirect("people:person", person_id=person.pk)
    return render(request, "safeguarding/raise_for_person.html", {"form": form, "person": person})


# --- The safeguarding team --------------------------------------------------------------------------------------

@login_required
def concerns(request: HttpRequest) -> HttpResponse:
    """New concerns, oldest first, with the time each has waited: the safeguarding team triages within the day. The
    other states (`?state=triaged`, `enquiry_open`, `closed`) are listed the same way, a page at a time."""
    require_page(request.user, "safeguarding:concerns")
    now = timezone.now()
    reach = concerns_in_reach(request.user)
    shown = request.GET.get("state", "")
    shown = shown if shown in (State.TRIAGED.value, State.ENQUIRY_OPEN.value, State.CLOSED.value) else State.RAISED.value
    listed = reach.filter(state=shown).select_related("person")
    listed = listed.order_by("raised_at", "id") if shown != State.CLOSED.value else listed.order_by("-closed_at", "-id")
    page = Paginator(listed, 25).get_page(request.GET.get("page"))
    rows = [(c, waited_words(raised_at=c.raised_at, now=now), overdue(raised_at=c.raised_at, now=now))
            for c in page.object_list]
    counts = dict(reach.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    states = [(s.value, STATE_WORDS[s], counts.get(s.value, 0)) for s in State]
    return render(request, "safeguarding/concerns.html", {
        "page": page, "rows": rows, "on_team": on_safeguarding_team(request.user), "shown": shown,
        "shown_words": STATE_WORDS[State(shown)], "states": states, "query": f"state={shown}"})


def _context(request: HttpRequest, concern: Concern) -> dict[str, object]:
    return {"concern": concern, "show_raiser": raiser_shown(request.user, concern),
            "location": LOCATIONS.get(concern.location, ""), "source": SOURCES_OF_RISK.get(concern.source_of_risk, ""),
            "route": ROUTE_WORDS.get(concern.route, "") if concern.route else "",
            "asked": OUTCOMES_ASKED_WORDS.get(OutcomesAsked(concern.outcomes_asked)) if concern.outcomes_asked else "",
            "achieved": ACHIEVED_WORDS.get(concern.outcomes_achieved, "") if concern.outcomes_achieved else "",
            "risk": RISK_WORDS.get(concern.risk, "") if concern.risk else "",
            "waited": waited_words(raised_at=concern.raised_at, now=timezone.now())}


@login_required
def concern(request: HttpRequest, concern_id: int) -> HttpResponse:
    require_role(request.user, TEAM_ROLES, what="safeguarding concerns")
    found = access_concern(user=request.user, id=concern_id, purpose=Purpose.VIEW)
    context = _context(request, found)
    context["may_change"] = on_safeguarding_team(request.user) and found.alleged_source_id != request.user.pk
    route = Route(found.route) if found.route else None
    context["may_start"] = found.state == State.TRIAGED.value and route in ENQUIRY_ROUTES
    context["meetings"] = list(found.meetings.all())
    context.update(enquiry_context(request, found))  # plans in force and their history; who is named (the team)
    context["may_close"] = route is not None and next_states(state=State(found.state), route=route) == (State.CLOSED,)
    if found.route:
        context["decision"] = s42_decision(needs=bool(found.needs), abuse_or_neglect=bool(found.abuse_or_neglect),
                                           unable_to_protect=bool(found.unable_to_protect))
    return render(request, "safeguarding/concern.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def triage(request: HttpRequest, concern_id: int) -> HttpResponse:
    """Record the s42(1) decision, or another route, with reasons. Two at once: the first wins, the other is told
    who, and keeps everything they typed."""
    require_role(request.user, TEAM_ROLES, what="safeguarding concerns")
    found = access_concern(user=request.user, id=concern_id, purpose=Purpose.DECIDE, what="triaging a concern")
    conflict = None
    if found.state != State.RAISED.value and request.method == "GET":
        return redirect("safeguarding:concern", concern_id=found.pk)
    if request.method == "POST":
        form = f.TriageForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.concern_triage(
                    concern=found, user=request.user, base_version=data.get("version") or found.version,
                    needs=data["needs"] == "yes", abuse_or_neglect=data["abuse_or_neglect"] == "yes",
                    unable_to_protect=data["unable_to_protect"] == "yes", route=data["route"],
                    reasons=data["reasons"], referred_to=data.get("referred_to", ""),
                    abuse_types=data["abuse_types"], location=data["location"],
                    source_of_risk=data["source_of_risk"])
            except services.TriageInvalid as exc:
                for field, message in exc.problems.items():
                    form.add_error(field, message)
            except services.TriageConflict as exc:
                conflict = exc.current
            else:
                messages.success(request, f"Your decision on {found.reference} has been recorded.")
                return redirect("safeguarding:concern", concern_id=found.pk)
    else:
        form = f.TriageForm(initial={"version": found.version, "abuse_types": found.abuse_types,
                                     "location": found.location, "source_of_risk": found.source_of_risk})
    context = _context(request, found)
    context.update(form=form, conflict=conflict,
                   conflict_route=ROUTE_WORDS.get(conflict.route, "") if conflict is not None and conflict.route else "")
    return render(request, "safeguarding/triage.html", context, status=409 if conflict is not None else 200)


@login_required
@require_http_methods(["GET", "POST"])
def link_person(request: HttpRequest, concern_id: int) -> HttpResponse:
    """Whose record is this concern about? Found among the people whose safeguarding records the user may change, or
    a new record for someone not known to the council. Only before the concern is triaged."""
    require_role(request.user, TEAM_ROLES, what="safeguarding concerns")
    found = access_concern(user=request.user, id=concern_id, purpose=Purpose.CHANGE, what="saying whose concern it is")
    if found.state != State.RAISED.value:
        return redirect("safeguarding:concern", concern_id=found.pk)
    find = f.FindPersonForm(request.GET if "q" in request.GET else {"q": found.about_name})
    new = f.NewPersonForm(request.POST if request.method == "POST" and "new_name" in request.POST else None,
                          initial={"version": found.version, "new_name": found.about_name})
    conflict = None
    if request.method == "POST":
        link = f.LinkPersonForm(request.POST)
        try:
            if "new_name" in request.POST:
                if new.is_valid():
                    services.concern_link_person(concern=found, user=request.user,
                                                 base_version=new.cleaned_data.get("version") or found.version,
                                                 new_name=new.cleaned_data["new_name"],
                                                 new_born=new.cleaned_data.get("new_born"))
                    messages.success(request, "A new record has been made and this concern is linked to it.")
                    return redirect("safeguarding:concern", concern_id=found.pk)
            elif link.is_valid():
                person = people_in_reach(request.user, kind=Kind.SAFEGUARDING, purpose=Purpose.CHANGE).filter(
                    pk=link.cleaned_data["person"], merged_into__isnull=True).first()
                if person is not None:
                    services.concern_link_person(concern=found, user=request.user, person=person,
                                                 base_version=link.cleaned_data.get("version") or found.version)
                    messages.success(request, f"This concern is now linked to {person.full_name}'s record.")
                    return redirect("safeguarding:concern", concern_id=found.pk)
        except services.LinkInvalid as exc:
            for field, message in exc.problems.items():
                new.add_error(field, message)
        except services.TriageConflict as exc:
            conflict = exc.current
    people = None
    if find.is_valid() and find.cleaned_data["q"].strip():
        matches = people_in_reach(request.user, kind=Kind.SAFEGUARDING, purpose=Purpose.CHANGE).filter(
            merged_into__isnull=True)
        for word in find.cleaned_data["q"].split()[:5]:
            matches = matches.filter(Q(full_name__icontains=word) | Q(preferred_name__icontains=word)
                                     | Q(phone__icontains=word) | Q(postcode__icontains=word))
        people = Paginator(matches.order_by("full_name", "id"), 20).get_page(request.GET.get("page"))
    return render(request, "safeguarding/link_person.html", {
        "concern": found, "find": find, "new": new, "people": people, "conflict": conflict,
        "q": request.GET.get("q", found.about_name)}, status=409 if conflict is not None else 200)


@login_required
@require_http_methods(["GET", "POST"])
def enquiry_start(request: HttpRequest, concern_id: int) -> HttpResponse:
    """Open the enquiry: what the person wants, in their own words, asked at the start; an advocate where s68 says."""
    require_role(request.user, TEAM_ROLES, what="safeguarding concerns")
    found = access_concern(user=request.user, id=concern_id, purpose=Purpose.CHANGE, what="opening an enquiry")
    if found.state != State.TRIAGED.value or found.route not in ENQUIRY_ROUTES:
        return redirect("safeguarding:concern", concern_id=found.pk)
    form = f.EnquiryStartForm(request.POST if request.method == "POST" else None, initial={"version": found.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        start = EnquiryStart(
            outcomes_asked=OutcomesAsked(data["outcomes_asked"]), desired_outcomes=data.get("desired_outcomes", ""),
            not_asked_why=data.get("not_asked_why", ""), substantial_difficulty=data["substantial_difficulty"] == "yes",
            appropriate_person=data.get("appropriate_person", ""), advocate=data.get("advocate", ""),
            lacks_capacity=Capacity(data["lacks_capacity"]) if data.get("lacks_capacity") else None)
        try:
            services.enquiry_start(concern=found, user=request.user, start=start,
                                   base_version=data.get("version") or found.version)
        except services.EnquiryInvalid as exc:
            for field, message in exc.problems.items():
                form.add_error(field, message)
        except services.TriageConflict as exc:
            conflict = exc.current
        else:
            messages.success(request, "The enquiry is open.")
            return redirect("safeguarding:concern", concern_id=found.pk)
    context = _context(request, found)
    context.update(form=form, conflict=conflict)
    return render(request, "safeguarding/enquiry_start.html", context, status=409 if conflict is not None else 200)


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, concern_id: int) -> HttpResponse:
    """Close an enquiry (outcomes achieved where they said what they wanted; what happened to the risk) or a
    concern that took another route, with reasons."""
    require_role(request.user, TEAM_ROLES, what="safeguarding concerns")
    found = access_concern(user=request.user, id=concern_id, purpose=Purpose.DECIDE, what="closing a concern")
    route = Route(found.route) if found.route else None
    if route is None or not next_states(state=State(found.state), route=route) == (State.CLOSED,):
        return redirect("safeguarding:concern", concern_id=found.pk)
    enquiry = route in ENQUIRY_ROUTES
    asked = found.outcomes_asked == OutcomesAsked.YES.value
    form = f.CloseForm(request.POST if request.method == "POST" else None, enquiry=enquiry, asked=asked,
                       initial={"version": found.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.concern_close(concern=found, user=request.user, base_version=data.get("version") or found.version,
                                   outcomes_achieved=data.get("outcomes_achieved", "") or "",
                                   risk=data.get("risk", "") or "", risk_why=data.get("risk_why", "") or "",
                                   reasons=data["reasons"])
        except services.EnquiryInvalid as exc:
            for field, message in exc.problems.items():
                form.add_error(field if field in form.fields else None, message)
        except services.TriageConflict as exc:
            conflict = exc.current
        else:
            messages.success(request, f"{found.reference} is closed.")
            return redirect("safeguarding:concern", concern_id=found.pk)
    context = _context(request, found)
    context.update(form=form, conflict=conflict, enquiry=enquiry, asked=asked)
    return render(request, "safeguarding/close.html", context, status=409 if conflict is not None else 200)


@login_required
def my_concerns(request: HttpRequest) -> HttpResponse:
    """The person's own view: concerns about them, the decisions and the enquiry's outcomes; never who raised one,
    and none a recorded decision withholds from them."""
    if role_of(request.user) is not Role.PERSON:
        raise PermissionDenied("This page is for the person's own record.")
    me = access_person(user=request.user, person_id=request.user.person.pk, kind=Kind.SAFEGUARDING,
                       what="worries about their safety")
    mine = (Concern.objects.filter(person=me, withheld_from_person=False)
            .exclude(alleged_source=request.user).order_by("-raised_at", "-id")
            .prefetch_related(Prefetch("plans", queryset=SafeguardingPlan.objects.filter(newer__isnull=True)
                                       .prefetch_related("reviews"))))
    rows = [{"concern": c, "route": ROUTE_WORDS.get(c.route, "") if c.route else "",
             "achieved": ACHIEVED_WORDS.get(c.outcomes_achieved, "") if c.outcomes_achieved else "",
             "risk": RISK_WORDS.get(c.risk, "") if c.risk else ""} for c in mine]
    return render(request, "safeguarding/my_concerns.html", {"rows": rows, "person": me})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, concern_id: int) -> HttpResponse:
    """Record a strategy discussion or meeting with other agencies about an open enquiry."""
    require_role(request.user, TEAM_ROLES, what="safeguarding concerns")
    found = access_concern(user=request.user, id=concern_id, purpose=Purpose.CHANGE, what="recording a meeting")
    if found.state != State.ENQUIRY_OPEN.value:
        return redirect("safeguarding:concern", concern_id=found.pk)
    form = f.MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_record(concern=found, user=request.user, held_on=data["held_on"],
                                    agencies=data["agencies"], attendees=data["attendees"], actions=data["actions"])
        except services.EnquiryInvalid as exc:
            for field, message in exc.problems.items():
                form.add_error(field, message)
        else:
            messages.success(request, "The meeting has been recorded.")
            return redirect("safeguarding:concern", concern_id=found.pk)
    return render(request, "safeguarding/meeting_new.html", {**_context(request, found), "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, concern_id: int) -> HttpResponse:
    """Record a protection or risk-enablement plan the person agrees to."""
    require_role(request.user, TEAM_ROLES, what="safeguarding concerns")
    found = access_concern(user=request.user, id=concern_id, purpose=Purpose.CHANGE, what="recording a plan")
    if found.state != State.ENQUIRY_OPEN.value:
        return redirect("safeguarding:concern", concern_id=found.pk)
    form = f.PlanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_record(concern=found, user=request.user, kind=data["kind"],
                                 risks_chosen=data.get("risks_chosen", ""), support=data["support"],
                                 who_does_what=data["who_does_what"], review_on=data["review_on"],
                                 person_agrees=bool(data.get("person_agrees")))
        except services.EnquiryInvalid as exc:
            for field, message in exc.problems.items():
                form.add_error(field, message)
        else:
            messages.success(request, "The plan has been recorded.")
            return redirect("safeguarding:concern", concern_id=found.pk)
    return render(request, "safeguarding/plan_new.html", {**_context(request, found), "form": form})
