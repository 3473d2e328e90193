"""The administrator's pages for the hospital's partners, at /hospital/admin/: wards (add, rename), each ward's staff
(add a new account or an existing one, take one off), each ward system's keys (issue, shown once; revoke), the
council's hospital team, and the record of every change. Only administrators (`rules.access.PAGES`
"hospital:admin"); anyone else gets the ordinary refusal page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from carecommons.hospital import admin_forms as af
from carecommons.hospital import admin_services as admin
from carecommons.hospital.models import Ward, WardApiToken, WardStaff
from carecommons.people.roles import display_name, require_page

PAGE = "hospital:admin"


def _form_errors(form: Any, problems: dict[str, str]) -> None:
    for field, message in problems.items():
        form.add_error(field if field in form.fields else None, message)


def _ward(ward_id: int) -> Ward:
    found = Ward.objects.filter(pk=ward_id).first()
    if found is None:
        raise Http404("No such ward")
    return found


def _render(request: HttpRequest, template: str, context: dict[str, Any], form: Any = None) -> HttpResponse:
    return render(request, template, context, status=400 if form is not None and form.errors else 200)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Every ward, the council's hospital team, and the latest changes."""
    require_page(request.user, PAGE)
    page = Paginator(admin.wards(), 25).get_page(request.GET.get("page"))
    return render(request, "hospital/admin_home.html", {
        "page": page, "teams": list(admin.designated_teams()), "recent": admin.history()[:5]})


@login_required
@require_http_methods(["GET", "POST"])
def ward_new(request: HttpRequest) -> HttpResponse:
    require_page(request.user, PAGE)
    form = af.WardForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ward = admin.ward_add(by=request.user, hospital=data["hospital"], name=data["name"], code=data["code"],
                                  treatment_function=data["treatment_function"])
        except admin.Refused as refused:
            _form_errors(form, refused.problems)
        else:
            messages.success(request, f"{ward} has been added. Now add its staff, or a key for its system.")
            return redirect("hospital:admin-ward", ward_id=ward.pk)
    return _render(request, "hospital/admin_ward_form.html", {"form": form, "ward": None}, form)


@login_required
@require_GET
def ward(request: HttpRequest, ward_id: int) -> HttpResponse:
    """One ward: its names and code, its staff, its system's keys, and the changes made to it."""
    require_page(request.user, PAGE)
    found = _ward(ward_id)
    staff = Paginator(admin.ward_members(found), 25).get_page(request.GET.get("page"))
    keys = Paginator(admin.ward_keys(found), 25).get_page(request.GET.get("keys"))
    return render(request, "hospital/admin_ward.html", {
        "ward": found, "staff": staff, "keys": keys, "recent": admin.history(found)[:10]})


@login_required
@require_http_methods(["GET", "POST"])
def ward_change(request: HttpRequest, ward_id: int) -> HttpResponse:
    require_page(request.user, PAGE)
    found = _ward(ward_id)
    form = af.WardForm(request.POST if request.method == "POST" else None,
                       initial={"hospital": found.hospital, "name": found.name, "code": found.code,
                                "treatment_function": found.treatment_function})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = admin.ward_change(ward_id=found.pk, by=request.user, hospital=data["hospital"], name=data["name"],
                                        code=data["code"], treatment_function=data["treatment_function"])
        except admin.Refused as refused:
            _form_errors(form, refused.problems)
        else:
            messages.success(request, f"The ward is now {changed}, with the code {changed.code}.")
            return redirect("hospital:admin-ward", ward_id=changed.pk)
    return _render(request, "hospital/admin_ward_form.html", {"form": form, "ward": found}, form)


@login_required
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest, ward_id: int) -> HttpResponse:
    """A new ward staff account for this ward."""
    require_page(request.user, PAGE)
    found = _ward(ward_id)
    form = af.NewWardStaffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = admin.ward_staff_add_new(ward=found, by=request.user, new=admin.NewWardAccount(
                first_name=data["first_name"], last_name=data["last_name"], email=data["email"],
                username=data["username"]))
        except admin.Refused as refused:
            _form_errors(form, refused.problems)
        else:
            messages.success(request, f"{display_name(member.user)} has been added to {found}. We have emailed them a "
                                      "link to choose a password.")
            return redirect("hospital:admin-ward", ward_id=found.pk)
    return _render(request, "hospital/admin_staff_new.html", {"form": form, "ward": found}, form)


@login_required
@require_http_methods(["GET", "POST"])
def staff_existing(request: HttpRequest, ward_id: int) -> HttpResponse:
    """Give someone who already has an account the ward role for this ward."""
    require_page(request.user, PAGE)
    found = _ward(ward_id)
    form = af.ExistingWardStaffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            member = admin.ward_staff_add_existing(ward=found, by=request.user, username=form.cleaned_data["username"])
        except admin.Refused as refused:
            _form_errors(form, refused.problems)
        else:
            messages.success(request, f"{display_name(member.user)} can now see and send {found}'s requests.")
            return redirect("hospital:admin-ward", ward_id=found.pk)
    return _render(request, "hospital/admin_staff_existing.html", {"form": form, "ward": found}, form)


@login_required
@require_http_methods(["GET", "POST"])
def staff_remove(request: HttpRequest, ward_id: int, member_id: int) -> HttpResponse:
    """Take someone off the ward, after saying what that means."""
    require_page(request.user, PAGE)
    found = _ward(ward_id)
    member = WardStaff.objects.select_related("user").filter(pk=member_id, ward=found).first()
    if member is None:
        raise Http404("They are not on this ward")
    last_ward = not WardStaff.objects.filter(user=member.user).exclude(pk=member.pk).exists()
    if request.method == "POST":
        try:
            user, ended = admin.ward_staff_remove(ward=found, member_id=member.pk, by=request.user)
        except WardStaff.DoesNotExist:
            messages.info(request, "They had already been taken off this ward.")
        else:
            messages.success(request, f"{display_name(user)} has been taken off {found}."
                             + (" Their account has been switched off and they have been signed out." if ended else ""))
        return redirect("hospital:admin-ward", ward_id=found.pk)
    return render(request, "hospital/admin_staff_remove.html", {"ward": found, "member": member,
                                                                 "last_ward": last_ward})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def key_new(request: HttpRequest, ward_id: int) -> HttpResponse:
    """Issue a key for the ward's system. The key is shown on the next page once, and never again."""
    require_page(request.user, PAGE)
    found = _ward(ward_id)
    form = af.KeyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            token, key = admin.ward_key_issue(ward=found, by=request.user, name=form.cleaned_data["name"])
        except admin.Refused as refused:
            _form_errors(form, refused.problems)
        else:
            return render(request, "hospital/admin_key_issued.html", {"ward": found, "key": key, "token": token})
    return _render(request, "hospital/admin_key_new.html", {"form": form, "ward": found}, form)


@login_required
@require_http_methods(["GET", "POST"])
def key_revoke(request: HttpRequest, ward_id: int, key_id: int) -> HttpResponse:
    require_page(request.user, PAGE)
    found = _ward(ward_id)
    key = WardApiToken.objects.filter(pk=key_id, ward=found).first()
    if key is None:
        raise Http404("No such key for this ward")
    if request.method == "POST":
        try:
            admin.ward_key_revoke(ward=found, key_id=key.pk, by=request.user)
        except admin.Refused as refused:
            messages.info(request, f"{refused.problems['key']}.")
        else:
            messages.success(request, f"The key for {key.name} has been revoked. The system can no longer send "
                                      "requests or read them back with it.")
        return redirect("hospital:admin-ward", ward_id=found.pk)
    return render(request, "hospital/admin_key_revoke.html", {"ward": found, "key": key})


@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest) -> HttpResponse:
    """Which team is the council's hospital team."""
    require_page(request.user, PAGE)
    current = list(admin.designated_teams())
    form = af.TeamForm(request.POST if request.method == "POST" else None,
                       initial={"team": current[0].team_id if current else None})
    if request.method == "POST" and form.is_valid():
        try:
            designated = admin.hospital_team_designate(team=form.cleaned_data["team"], by=request.user)
        except admin.Refused as refused:
            _form_errors(form, refused.problems)
        else:
            messages.success(request, f"{designated.team} is now the council's hospital team.")
            return redirect("hospital:admin")
    return _render(request, "hospital/admin_team.html", {"form": form, "current": current}, form)


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """Every change made here: who, when, what."""
    require_page(request.user, PAGE)
    page = Paginator(admin.history(), 50).get_page(request.GET.get("page"))
    return render(request, "hospital/admin_history.html", {"page": page})
