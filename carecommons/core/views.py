"""Pages every visitor can reach: sign in and out, health, privacy, accessibility, errors.

(The start page, which depends on the user's role, is `people.views_home.home`.)
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from carecommons.core.forms import GovukForm
from carecommons.core.health import heartbeat_write, migrations_pending
from carecommons.core.shortlinks import short_link_target


class SignInForm(GovukForm):
    username = forms.CharField(label="Username", max_length=150, error_messages={"required": "Enter your username"})
    password = forms.CharField(
        label="Password", widget=forms.PasswordInput, error_messages={"required": "Enter your password"}
    )


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST if request.method == "POST" else None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if user is None:
            form.add_error(None, "The username or password is not right. Check them and try again.")
        else:
            login(request, user)
            if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                return redirect(next_url)
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "core/sign_in.html", {"form": form, "next": next_url})


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """The menu's "Sign out" link shows a button; only the button (a POST) signs out."""
    if request.method == "GET":
        if not request.user.is_authenticated:
            return redirect("core:signed-out")
        return render(request, "core/sign_out.html")
    logout(request)
    return redirect(reverse("core:signed-out"))


def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "core/signed_out.html")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Healthy means the database accepts a write (a heartbeat, committed), not only a read."""
    health = heartbeat_write()
    if not health.ok:
        return JsonResponse({"status": "unavailable", "database": "not accepting changes", "error": health.error,
                             "message": health.message}, status=503)
    return JsonResponse({"status": "ok", "database": "reachable", "writes": "accepted", "vendor": connection.vendor,
                         "message": health.message})


def readyz(request: HttpRequest) -> JsonResponse:
    """Ready means every migration has been applied: a load balancer sends no one here until then."""
    ready = migrations_pending()
    return JsonResponse({"status": "ready" if ready.ok else "not ready", "message": ready.message},
                        status=200 if ready.ok else 503)


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def error_404(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "core/error.html", {"title": "Page not found", "code": 404,
                  "message": "If you typed the web address, check it is correct. If you pasted it, check you copied all of it."}, status=404)


def error_403(request: HttpRequest, exception: Any = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "You do not have permission to see this page."
    return render(request, "core/error.html", {"title": "You cannot see this page", "code": 403, "message": message}, status=403)


def error_400(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(request, "core/error.html", {"title": "Something was wrong with that request", "code": 400,
                  "message": "Go back and try again."}, status=400)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "core/error.html", {"title": "Sorry, there is a problem with the service", "code": 500,
                  "message": "Try again later. Nothing you entered has been half-saved."}, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/error.html", {"title": "This page had expired", "code": 403,
                  "message": "For your security, forms stop working after a while. Go back, reload the page and try again. Nothing was saved."}, status=403)


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    return render(request, "core/locked_out.html", status=429)


@require_GET
def short_link(request: HttpRequest, code: str) -> HttpResponse:
    """`/c/<code>/`: on to the page a short link in a message stands for, or a plain page if it has stopped working."""
    target = short_link_target(code)
    if target is None:
        return render(request, "core/error.html", {
            "title": "This link does not work", "code": 404,
            "message": "Check you copied all of it. A link stops working some time after the day it was for. "
                       "If you need help, phone us."}, status=404)
    return redirect(target)
