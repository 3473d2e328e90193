"""Patterns of concerns (issue 17): the safeguarding team says which care provider or place a concern is about, and
sees concerns about the same provider or place together. Only the safeguarding team; every concern listed is opened
through `access.access_concern` when followed. Commissioners see counts only, on the market's pages
(`services_patterns.provider_counts`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from carecommons.core.forms import GovukForm
from carecommons.core.inputs import ascii_int
from carecommons.market.models import Location, Provider
from carecommons.people.roles import TEAM_ROLES, require_role
from carecommons.rules.access import Purpose
from carecommons.rules.safeguarding import (
    PATTERN_THRESHOLD,
    PATTERN_WINDOW_DAYS,
    PLACE_NAME_MAX,
    STATE_SHORT,
    State,
    place_key,
)
from carecommons.safeguarding import services_patterns as sp
from carecommons.safeguarding.access import access_concern, on_safeguarding_team

GROUPS_PER_PAGE = 20


def _require_team(user: object) -> None:
    require_role(user, TEAM_ROLES, what="patterns of safeguarding concerns")
    if not on_safeguarding_team(user):
        raise PermissionDenied("Only the safeguarding team can see patterns of safeguarding concerns.")


class FindPlaceForm(GovukForm):
    q = forms.CharField(label="Name of the care provider or place, or its postcode", max_length=100, required=False)


class PlaceNameForm(GovukForm):
    place_name = forms.CharField(
        label="Name of the place", max_length=PLACE_NAME_MAX, required=False,
        error_messages={"max_length": f"Keep the place name to {PLACE_NAME_MAX} characters or fewer"},
        help_text="For example: Riverside Day Centre, or Ward 7, Northtown General Hospital. Leave it empty to take "
                  "the place name off.")


def _id(value: object) -> int:
    """A record id from a form or the address: 0 (none) for anything not a whole number a database can hold."""
    number = ascii_int(value, 0)
    return number if 0 < number < 2**31 else 0


def _months(request: HttpRequest) -> int:
    months = ascii_int(request.GET.get("months"), sp.DEFAULT_MONTHS)
    return months if months in sp.PERIODS else sp.DEFAULT_MONTHS


# --- Which provider or place a concern is about ---------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def link_place(request: HttpRequest, concern_id: int) -> HttpResponse:
    """Say which care provider, registered place or other place this concern is about: found in the care directory
    by name or postcode, or a place name for somewhere not in it. At triage or afterwards."""
    require_role(request.user, TEAM_ROLES, what="safeguarding concerns")
    found = access_concern(user=request.user, id=concern_id, purpose=Purpose.CHANGE,
                           what="saying which provider or place a concern is about")
    current_provider = Provider.objects.filter(pk=found.provider_id).first() if found.provider_id else None
    current_location = Location.objects.filter(pk=found.provider_location_id).first() \
        if found.provider_location_id else None
    find = FindPlaceForm(request.GET if "q" in request.GET else None)
    name_form = PlaceNameForm(request.POST if request.method == "POST" and request.POST.get("action") == "place"
                              else None, initial={"place_name": found.place_name})
    if request.method == "POST":
        action = request.POST.get("action", "")
        change: dict[str, object] | None = None
        if action == "location":
            location = Location.objects.select_related("provider").filter(
                pk=_id(request.POST.get("location"))).first()
            if location is not None:
                change = {"provider": location.provider, "location": location, "place_name": "",
                          "said": f"This concern is now about {location.name} ({location.provider.name})."}
        elif action == "provider":
            provider = Provider.objects.filter(pk=_id(request.POST.get("provider"))).first()
            if provider is not None:
                change = {"provider": provider, "location": None, "place_name": found.place_name,
                          "said": f"This concern is now about {provider.name}."}
        elif action == "place" and name_form.is_valid():
            name = name_form.cleaned_data["place_name"]
            change = {"provider": current_provider, "location": None if name.strip() else current_location,
                      "place_name": name, "said": "The place has been saved." if name.strip()
                      else "The place name has been taken off."}
        elif action == "clear":
            change = {"provider": None, "location": None, "place_name": "",
                      "said": "This concern is no longer linked to a provider or place."}
        if change is not None:
            said = str(change.pop("said"))
            try:
                linked = sp.concern_place_link(concern=found, user=request.user, **change)  # type: ignore[arg-type]
            except sp.PlaceInvalid as exc:
                for field, message in exc.problems.items():
                    name_form.add_error("place_name" if field == "place_name" else None, message)
            else:
                messages.success(request, said)
                flagged = [f"{name}: {check.most_in_window} concerns within {check.window_days} days"
                           for name, check in sp.patterns_of(linked, now=timezone.now()) if check.flagged]
                if flagged:  # one banner: two "Important" banners would be two landmarks of one name
                    messages.warning(request, f"{'. '.join(flagged)}. This is a possible pattern: look at them "
                                              "together on the patterns page.")
                return redirect("safeguarding:concern", concern_id=found.pk)
        elif action != "place":
            messages.error(request, "That provider or place is no longer in the care directory. Search again.")
            return redirect("safeguarding:link-place", concern_id=found.pk)
    results = None
    if find.is_valid() and find.cleaned_data["q"].strip():
        matches = Location.objects.select_related("provider")
        for word in find.cleaned_data["q"].split()[:5]:
            matches = matches.filter(Q(name__icontains=word) | Q(provider__name__icontains=word)
                                     | Q(postcode__icontains=word) | Q(city__icontains=word))
        results = Paginator(matches.order_by("name", "id"), 20).get_page(request.GET.get("page"))
    return render(request, "safeguarding/link_place.html", {
        "concern": found, "find": find, "name_form": name_form, "results": results,
        "current_provider": current_provider, "current_location": current_location,
        "q": request.GET.get("q", "")})


# --- The team's patterns page ------------------------------------------------------------------------------------

def _rows(groups: tuple, kind: str, months: int) -> list[dict[str, object]]:  # type: ignore[type-arg]
    rows = []
    for g in groups:
        if kind == "provider":
            query = f"provider={g.key}"
        elif g.key.startswith("location-"):
            query = f"location={g.key.removeprefix('location-')}"
        else:
            query = "place=" + g.key.removeprefix("place-").replace(" ", "+")
        rows.append({"group": g, "states": [(STATE_SHORT[s], n) for s, n in g.by_state],
                     "link": f"{reverse('safeguarding:pattern-concerns')}?{query}&months={months}"})
    return rows


@login_required
def patterns(request: HttpRequest) -> HttpResponse:
    """Concerns about the same provider or place over a chosen period, most first, each with its counts by state
    and type of abuse, and a flag where they are close together (`rules.safeguarding.pattern_check`)."""
    _require_team(request.user)
    months = _months(request)
    found = sp.patterns(since=sp.period_start(months=months, now=timezone.now()))
    by = request.GET.get("by", "provider")
    by = by if by in ("provider", "place") else "provider"
    groups = found.by_provider if by == "provider" else found.by_place
    page = Paginator(_rows(groups, by, months), GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "safeguarding/patterns.html", {
        "page": page, "months": months, "periods": sp.PERIODS, "by": by, "since": found.since,
        "providers": len(found.by_provider), "places": len(found.by_place), "total": found.concerns,
        "flagged": sum(1 for g in groups if g.check.flagged), "threshold": PATTERN_THRESHOLD,
        "window_days": PATTERN_WINDOW_DAYS, "state_words": [STATE_SHORT[s] for s in State],
        "query": f"by={by}&months={months}"})


@login_required
def pattern_concerns(request: HttpRequest) -> HttpResponse:
    """The concerns of one row of the patterns page: references, when raised and where each is; each opens through
    the gate like any concern."""
    _require_team(request.user)
    months = _months(request)
    since = sp.period_start(months=months, now=timezone.now())
    title, back_by = "", "provider"
    if "provider" in request.GET:
        provider = Provider.objects.filter(pk=_id(request.GET.get("provider"))).first()
        listed = sp.concerns_in_group(since=since, provider_id=provider.pk) if provider else None
        title = provider.name if provider else ""
        query = f"provider={provider.pk if provider else ''}"
    elif "location" in request.GET:
        location = Location.objects.filter(pk=_id(request.GET.get("location"))).first()
        listed = sp.concerns_in_group(since=since, location_id=location.pk) if location else None
        title, back_by = (location.name if location else ""), "place"
        query = f"location={location.pk if location else ''}"
    else:
        key = place_key(request.GET.get("place", ""))
        listed = sp.concerns_in_group(since=since, place=key) if key else None
        first = listed.first() if listed is not None else None
        title, back_by = (first.place_name if first else ""), "place"
        query = "place=" + key.replace(" ", "+")
    if listed is None:
        listed = sp.concerns_in_group(since=since, place="").none()
    page = Paginator(listed, 25).get_page(request.GET.get("page"))
    return render(request, "safeguarding/pattern_concerns.html", {
        "page": page, "title": title, "months": months, "since": since, "back_by": back_by,
        "query": f"{query}&months={months}"})
