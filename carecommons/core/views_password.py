"""A forgotten password, reset by email (Django's password reset, in GOV.UK pages and plain English).

The page asking for an email address always says the same thing afterwards, so it never reveals
whether an address has an account. The link in the email starts from the installation's own address
(`CARECOMMONS["BASE_URL"]`), never from the request's Host header. Resetting a password signs nobody
in: the person signs in with the new password and then, as always, a code (ADR 0012); changing the
password ends every session already signed in with the old one. No more than a few emails go to one account,
or because of requests from one client address, in an hour (`password_resets`); past a limit the page is the same
and no email goes.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from carecommons.core.client_address import client_address
from carecommons.core.forms import GovukForm
from carecommons.core.password_links import base_url, reset_hours
from carecommons.core.password_resets import reset_email_allow


class ForgottenPasswordForm(GovukForm, PasswordResetForm):
    email = forms.EmailField(
        label="Email address", max_length=254,
        help_text="The email address your Care Commons account uses",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": "Enter your email address",
                        "invalid": "Enter an email address in the right format, like name@example.com"},
    )

    def __init__(self, *args: Any, client_address: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client_address = client_address

    def get_users(self, email: str) -> Any:
        """The accounts Django would email, less any that the limits hold back (each one recorded)."""
        for user in super().get_users(email):
            if reset_email_allow(user=user, client_address=self.client_address):
                yield user


class NewPasswordForm(GovukForm, SetPasswordForm):
    error_messages = {"password_mismatch": "The two passwords are not the same. Enter the same new password twice."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = "New password"
        first.help_text = "At least 12 characters. Not a common password, not only numbers, and not like your name or username."
        first.error_messages["required"] = "Enter a new password"
        second.label = "New password again"
        second.help_text = ""
        second.error_messages["required"] = "Enter the new password again"


def _link_base() -> tuple[str, str]:
    """The scheme and host of the installation's own address, for the link in the email."""
    scheme, _, host = base_url().partition("://")
    return scheme, host


@require_http_methods(["GET", "POST"])
def password_forgotten(request: HttpRequest) -> HttpResponse:
    form = ForgottenPasswordForm(request.POST if request.method == "POST" else None,
                                 client_address=client_address(request))
    if request.method == "POST" and form.is_valid():
        scheme, host = _link_base()
        form.save(
            domain_override=host,
            use_https=scheme == "https",
            subject_template_name="core/email/password_reset_subject.txt",
            email_template_name="core/email/password_reset.txt",
            from_email=settings.DEFAULT_FROM_EMAIL,
            extra_email_context={"base_url": f"{scheme}://{host}", "hours": reset_hours(),
                                 "service": settings.CARECOMMONS["SERVICE_NAME"]},
        )
        return redirect("core:password-reset-sent")
    return render(request, "core/password_forgotten.html", {"form": form})


def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "core/password_reset_sent.html", {"hours": reset_hours()})


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Django's view: it moves the token out of the address before showing the form, and checks it."""

    form_class = NewPasswordForm
    template_name = "core/password_reset_confirm.html"
    success_url = reverse_lazy("core:password-reset-done")
    post_reset_login = False  # the person signs in again, with a code (ADR 0012)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "hours": reset_hours()}


def password_reset_done(request: HttpRequest) -> HttpResponse:
    return render(request, "core/password_reset_done.html")
