"""The administrator's staff accounts page: list, add, deactivate, reactivate, change role or team (each change
audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from carecommons.people import staff_accounts as accounts
from carecommons.people.forms_staff import StaffAccountForm, StaffRoleForm, StaffStatusForm
from carecommons.people.models import StaffMember
from carecommons.people.roles import display_name, require_page

PAGE = "people:staff"


@login_required
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    require_page(request.user, PAGE)
    page = Paginator(accounts.staff_accounts(), 50).get_page(request.GET.get("page"))
    return render(request, "people/staff_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    require_page(request.user, PAGE)
    form = StaffAccountForm(request.POST if request.method == "POST" else None, hosts=accounts.host_organisations())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staff = accounts.staff_account_add(by=request.user, new=accounts.NewAccount(
                first_name=data["first_name"].strip(), last_name=data["last_name"].strip(), email=data["email"],
                username=data["username"], role=data["role"], team=data["team"], host=data["host"]))
        except accounts.StaffAccountRefused as refused:
            for field, message in refused.problems.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, f"{display_name(staff.user)} has been added. We have emailed them a link to "
                                      "choose a password.")
            return redirect("people:staff-member", staff_id=staff.pk)
    return render(request, "people/staff_new.html", {"form": form}, status=400 if form.errors else 200)


def _found(staff_id: int) -> StaffMember:
    try:
        return accounts.staff_account(staff_id)
    except StaffMember.DoesNotExist:
        raise Http404("No such staff account") from None


@login_required
@require_GET
def staff_member(request: HttpRequest, staff_id: int) -> HttpResponse:
    require_page(request.user, PAGE)
    staff = _found(staff_id)
    return render(request, "people/staff_member.html", {"staff": staff, "history": accounts.account_history(staff)})


@login_required
@require_http_methods(["GET", "POST"])
def staff_status(request: HttpRequest, staff_id: int) -> HttpResponse:
    """Deactivate an active account, or reactivate a deactivated one, with a reason."""
    require_page(request.user, PAGE)
    staff = _found(staff_id)
    deactivate = staff.user.is_active
    form = StaffStatusForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") != ("deactivate" if deactivate else "reactivate"):
            messages.info(request, "Someone changed this account while you were looking. Nothing was changed.")
            return redirect("people:staff-member", staff_id=staff.pk)
        try:
            accounts.staff_account_status(staff_id=staff.pk, deactivate=deactivate, by=request.user,
                                          reason=form.cleaned_data["reason"])
        except accounts.StaffAccountRefused as refused:
            form.add_error("reason", refused.problems["reason"])
        else:
            name = display_name(staff.user)
            messages.success(request, f"{name}'s account has been deactivated. They have been signed out and cannot "
                                      "sign in." if deactivate else f"{name}'s account has been reactivated. They can "
                                      "sign in again.")
            return redirect("people:staff-member", staff_id=staff.pk)
    return render(request, "people/staff_status.html", {"staff": staff, "form": form, "deactivate": deactivate},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def staff_role(request: HttpRequest, staff_id: int) -> HttpResponse:
    """Give an account another role, team or host organisation; the change is kept with who made it."""
    require_page(request.user, PAGE)
    staff = _found(staff_id)
    form = StaffRoleForm(request.POST if request.method == "POST" else None, hosts=accounts.host_organisations(),
                         staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = accounts.staff_account_role(staff_id=staff.pk, role=data["role"], team=data["team"],
                                                  host=data["host"], by=request.user)
        except accounts.StaffAccountRefused as refused:
            for field, message in refused.problems.items():
                form.add_error(field if field in form.fields else None, message)
        except StaffMember.DoesNotExist:
            raise Http404("No such staff account") from None
        else:
            messages.success(request, f"{display_name(changed.user)} is now: {accounts.role_and_place(changed)}.")
            return redirect("people:staff-member", staff_id=staff.pk)
    return render(request, "people/staff_role.html", {"staff": staff, "form": form}, status=400 if form.errors else 200)
