"""The second step of signing in, and turning sign-in codes on and off (ADR 0012).

After the password, someone with an authenticator app enters its code (or a recovery code); a staff
member without one sets one up. Everyone signed in can see their sign-in codes page, make new
recovery codes, and (unless their role must use codes) turn codes on or off.
"""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from carecommons.core import second_factor
from carecommons.core.forms import GovukForm
from carecommons.core.inputs import is_ascii_digits
from carecommons.core.second_factor import Step
from carecommons.core.sign_in_middleware import with_next
from carecommons.core.views import locked_out

SET_UP_KEY = "cc_second_factor_new_key"


class AppCodeForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app", max_length=12,
        help_text="The 6 numbers your app shows now, for example 123456",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self) -> str:
        code = second_factor.clean_code(self.cleaned_data["code"])
        if len(code) != 6 or not is_ascii_digits(code):
            raise forms.ValidationError("The code must be 6 numbers, like 123456")
        return code


class RecoveryCodeForm(GovukForm):
    code = forms.CharField(
        label="Recovery code", max_length=40,
        help_text="One of the recovery codes you kept when you set up your app, for example k7fq2m4z",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
        error_messages={"required": "Enter one of your recovery codes"},
    )


def _next(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return ""


def _failed(request: HttpRequest) -> HttpResponse | None:
    """A wrong code counts as a failed sign-in: enough of them lock the username (django-axes), and sign out."""
    user_login_failed.send(sender=__name__, credentials={"username": request.user.get_username()}, request=request)
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return locked_out(request)
    return None


def _demo_key(user: Any) -> str:
    """In the fictional demo only, the published key of a demo login, shown on its code page."""
    device = second_factor.app_device(user)
    if not settings.CARECOMMONS.get("FICTIONAL") or device is None or device.name != second_factor.DEMO_APP:
        return ""
    return second_factor.key_as_text(device.key)


def _ready(request: HttpRequest, want: Step) -> HttpResponse | None:
    """Send someone who is not at this step where they should be."""
    if not request.user.is_authenticated:
        return redirect(with_next(reverse("core:sign-in"), _next(request)))
    step = second_factor.step_needed(request.user)
    if step is want:
        return None
    if step is None:
        return redirect(_next(request) or "people:home")
    return redirect(with_next(reverse("core:sign-in-code" if step is Step.CODE else "core:sign-in-set-up"), _next(request)))


@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    elsewhere = _ready(request, Step.CODE)
    if elsewhere is not None:
        return elsewhere
    form = AppCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        check = second_factor.app_code_check(user=request.user, code=form.cleaned_data["code"])
        if check.device is not None:
            otp_login(request, check.device)
            return redirect(_next(request) or "people:home")
        refused = _failed(request)
        if refused is not None:
            return refused
        form.add_error("code", check.reason)
    return render(request, "core/sign_in_code.html", {"form": form, "next": _next(request), "demo_key": _demo_key(request.user)})


@require_http_methods(["GET", "POST"])
def sign_in_recovery(request: HttpRequest) -> HttpResponse:
    elsewhere = _ready(request, Step.CODE)
    if elsewhere is not None:
        return elsewhere
    form = RecoveryCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        check = second_factor.recovery_code_check(user=request.user, code=form.cleaned_data["code"])
        if check.device is not None:
            otp_login(request, check.device)
            left = check.recovery_codes_left or 0
            codes = "1 recovery code" if left == 1 else f"{left} recovery codes"
            messages.info(request, f"You used a recovery code. It will not work again. You have {codes} left: "
                                   "you can make new ones on your sign-in codes page.")
            return redirect(_next(request) or "people:home")
        refused = _failed(request)
        if refused is not None:
            return refused
        form.add_error("code", check.reason)
    return render(request, "core/sign_in_recovery.html", {"form": form, "next": _next(request)})


def _set_up(request: HttpRequest, *, required: bool) -> HttpResponse:
    user = request.user
    key = request.session.get(SET_UP_KEY) or second_factor.new_key()
    request.session[SET_UP_KEY] = key
    form = AppCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        turned_on = second_factor.second_factor_turn_on(user=user, key_hex=key, code=form.cleaned_data["code"], now=time.time())
        if turned_on is not None:
            request.session.pop(SET_UP_KEY, None)
            otp_login(request, turned_on.device)
            return render(request, "core/recovery_codes.html", {
                "codes": turned_on.recovery_codes, "continue_to": _next(request) or reverse("people:home"), "new": True})
        form.add_error("code", "The code is not right. Check you typed the key exactly as shown, or scan the QR code "
                               "again, then enter the code your app shows now.")
    link = second_factor.set_up_link(user, key)
    return render(request, "core/sign_in_set_up.html", {
        "form": form, "next": _next(request), "required": required, "key": second_factor.key_as_text(key),
        "qr_code": second_factor.qr_code(link)})


@require_http_methods(["GET", "POST"])
def sign_in_set_up(request: HttpRequest) -> HttpResponse:
    """A staff member with no app sets one up before anything else; anyone else may choose to."""
    if not request.user.is_authenticated:
        return redirect(with_next(reverse("core:sign-in"), _next(request)))
    step = second_factor.step_needed(request.user)
    if step is Step.CODE:
        return redirect(with_next(reverse("core:sign-in-code"), _next(request)))
    if step is None and second_factor.app_device(request.user) is not None:
        return redirect("core:sign-in-codes")  # already set up and signed in with it
    return _set_up(request, required=step is Step.SET_UP)


@login_required
def sign_in_codes(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = second_factor.app_device(user)
    context: dict[str, Any] = {
        "on": device is not None,
        "demo": device is not None and device.name == second_factor.DEMO_APP,
        "left": second_factor.recovery_codes_left(user) if device is not None else 0,
        "can_turn_off": not second_factor.staff_must_use_it(user),
        "is_person": getattr(user, "person", None) is not None,
    }
    return render(request, "core/sign_in_codes.html", context)


@login_required
@require_POST
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    if second_factor.app_device(request.user) is None:
        return redirect("core:sign-in-codes")
    codes = second_factor.recovery_codes_renew(user=request.user)
    return render(request, "core/recovery_codes.html", {"codes": codes, "continue_to": reverse("core:sign-in-codes"), "new": False})


@login_required
@require_http_methods(["GET", "POST"])
def sign_in_codes_off(request: HttpRequest) -> HttpResponse:
    if second_factor.staff_must_use_it(request.user):
        messages.info(request, "Staff must sign in with a code, so sign-in codes cannot be turned off.")
        return redirect("core:sign-in-codes")
    if request.method == "POST":
        second_factor.second_factor_turn_off(user=request.user)
        messages.success(request, "Sign-in codes are off. You will sign in with your password only.")
        return redirect("core:sign-in-codes")
    return render(request, "core/sign_in_codes_off.html")
