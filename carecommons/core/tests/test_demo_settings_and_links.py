"""The demo runs as a live system would (issue 14): DEBUG off, the service's own error pages, static files still
served; links in emails, calendar files and on confirmation pages use the configured site address, never the
address a request arrived at (behind a proxy, 127.0.0.1 or an internal name)."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import reverse

from carecommons.conversations import services
from carecommons.core.shortlinks import short_link_target
from carecommons.testing import factories as f

SITE = "https://care.ashbyvale.example"


def _demo_settings(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("CARECOMMONS_DEBUG", raising=False)
    return importlib.reload(importlib.import_module("carecommons.config.settings.dev"))


def test_the_demo_settings_turn_debug_off(monkeypatch: pytest.MonkeyPatch) -> None:
    dev = _demo_settings(monkeypatch)
    assert dev.DEBUG is False
    assert dev.CARECOMMONS["FICTIONAL"] is True
    monkeypatch.setenv("CARECOMMONS_DEBUG", "1")
    assert importlib.reload(dev).DEBUG is True  # a developer can still ask for debug pages
    monkeypatch.delenv("CARECOMMONS_DEBUG")
    importlib.reload(dev)


@pytest.mark.django_db
def test_with_the_demo_settings_an_unknown_address_shows_the_services_own_page_not_found(
        client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    dev = _demo_settings(monkeypatch)
    with override_settings(DEBUG=dev.DEBUG, ALLOWED_HOSTS=dev.ALLOWED_HOSTS):
        response = client.get("/no-such-page/", HTTP_HOST="127.0.0.1:8000")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1" in html and "Page not found" in html and "Care Commons" in html
    assert "URLconf" not in html and "Django" not in html and "healthz" not in html


@pytest.mark.django_db
def test_with_debug_off_the_demo_still_serves_its_stylesheet(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    dev = _demo_settings(monkeypatch)
    with override_settings(DEBUG=dev.DEBUG):
        response = client.get("/static/css/app.css")
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_confirmation_email_links_to_the_configured_site_address(cast: Any, mailoutbox: Any,
                                                                     django_capture_on_commit_callbacks: Any) -> None:
    person = f.PersonFactory(email="maggie@example.org", team=cast.north)
    with override_settings(CARECOMMONS={**django_settings.CARECOMMONS, "BASE_URL": SITE + "/"}), \
            django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(request=f.RequestFactory(person=person), slot_id=f.SlotFactory(hub=cast.library).pk)
    body = mailoutbox[0].body
    code = re.search(re.escape(SITE) + r"/c/([a-z0-9]{8})/", body).group(1)  # a short link on the site's address
    assert booking.token not in body and short_link_target(code) == f"/booking/{booking.token}/"
    assert "127.0.0.1" not in body and "testserver" not in body


@pytest.mark.django_db
def test_the_calendar_file_links_to_the_configured_site_address_not_the_host_it_was_asked_through(cast: Any, client: Any) -> None:
    booking = f.BookingFactory(slot=f.SlotFactory(hub=cast.library))
    with override_settings(CARECOMMONS={**django_settings.CARECOMMONS, "BASE_URL": SITE}):
        ics = client.get(reverse("conversations:booking-ics", args=[booking.token]), HTTP_HOST="127.0.0.1:8000")
    text = ics.content.decode().replace("\r\n ", "")
    assert ics.status_code == 200
    assert f"{SITE}/booking/{booking.token}/" in text
    assert "127.0.0.1" not in text


def test_the_deploy_check_asks_for_a_public_https_site_address() -> None:
    for address, warned in (("http://127.0.0.1:8000", True), ("https://localhost", True), ("http://care.example.org", True),
                            ("https://care.example.org", False)):
        with override_settings(CARECOMMONS={**django_settings.CARECOMMONS, "BASE_URL": address}):
            ids = [m.id for m in run_checks(include_deployment_checks=True)]
        assert ("carecommons.W001" in ids) is warned, address
