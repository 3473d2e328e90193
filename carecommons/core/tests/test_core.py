"""Health, security headers, sign-in with lockout, friendly error pages."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db


def test_healthz_answers_json_when_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok" and body["database"] == "reachable"


def test_every_page_has_a_strict_content_security_policy(client):
    csp = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_the_home_page_invites_a_conversation(client):
    html = client.get("/").content.decode()
    assert "Talk to someone about what matters to you" in html and "Ask for a conversation" in html


def test_sign_in_by_username_and_password(client, cast):
    response = client.post(reverse("core:sign-in"), {"username": "priya", "password": f.PASSWORD})
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200


def test_a_wrong_password_is_explained(client, cast):
    html = client.post(reverse("core:sign-in"), {"username": "priya", "password": "wrong"}).content.decode()
    assert "The username or password is not right" in html


def test_empty_sign_in_is_explained(client):
    html = client.post(reverse("core:sign-in"), {}).content.decode()
    assert "Enter your username" in html and "Enter your password" in html


def test_repeated_failed_sign_ins_lock_the_account(client, cast):
    for _ in range(5):
        client.post(reverse("core:sign-in"), {"username": "priya", "password": "wrong"})
    response = client.post(reverse("core:sign-in"), {"username": "priya", "password": f.PASSWORD})
    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()


def test_sign_in_does_not_redirect_to_another_site(client, cast):
    response = client.post(reverse("core:sign-in"), {"username": "priya", "password": f.PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == reverse("people:home")


def test_a_missing_page_is_friendly(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_signing_out_needs_a_post_and_the_link_shows_a_button(client, cast):
    client.force_login(cast.priya)
    page = client.get(reverse("core:sign-out"))  # the menu's link: a page with the button
    assert page.status_code == 200 and '<button type="submit"' in page.content.decode()
    assert client.get(reverse("insight:team")).status_code == 200  # still signed in
    assert client.post(reverse("core:sign-out")).status_code == 302
    assert client.get(reverse("insight:team")).status_code == 302


def test_passwords_are_hashed_with_argon2_in_production():
    from carecommons.config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_production_settings_pass_the_deploy_check(monkeypatch):
    import secrets
    import subprocess
    import sys

    env = {"DJANGO_SETTINGS_MODULE": "carecommons.config.settings.production", "CARECOMMONS_SECRET_KEY": secrets.token_urlsafe(50), "PATH": "/usr/bin:/bin",
           "CARECOMMONS_BASE_URL": "https://care.example.org"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_migrations_are_up_to_date():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_database_is_the_one_asked_for():
    import os

    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected
