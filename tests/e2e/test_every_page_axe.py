"""axe on every page every persona can reach, not only the pages the journeys visit.

For each persona of the fixture area (`carecommons.testing.area`) and each GET route of the route
table (`tests/test_route_access.py`) that the access table says the persona may open and that renders
a page, the page is opened in Chromium with JavaScript on and scanned by axe-core with the same rules
as every journey (WCAG 2.0/2.1/2.2 A and AA and best practice). Each page must also have one <h1> and
a <title>. Problems are collected and reported together, one line per page.

Personas are signed in without the sign-in form: a test client logs the user in (and gives staff their
second factor) against the live server's database, and its session cookie is handed to the browser.
Public pages look the same for everyone but the navigation, so they are scanned once signed out and
once signed in (as `PUBLIC_PAGES_SIGNED_IN_AS`); every other page is scanned for every persona.
Downloads (CSV, JSON, .ics, .pb) have their status checked but are not scanned.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Response
from playwright.sync_api import Error as PlaywrightError

from carecommons.participation.library import install as install_five_areas
from carecommons.testing.area import PERSONAS, Area, build_area
from carecommons.testing.clients import SignedInClient
from tests.e2e.conftest import ARTIFACTS, AXE, AXE_TAGS, RUN_AXE
from tests.test_route_access import ROUTES, Route, expected

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES_SIGNED_IN_AS = "the_person"
# Checks axe does not make (axe 4.x retired its duplicate-id rule; a table with no header cells at all is
# only caught by an experimental rule): one <h1>, a <title>, unique ids, and header cells in every table.
PAGE_CHECKS = """() => {
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  return {
    h1: document.querySelectorAll('h1').length,
    title: (document.querySelector('head > title') || {textContent: ''}).textContent.trim(),
    duplicateIds: [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))],
    tablesWithoutHeaders: [...document.querySelectorAll('table')].filter(t => !t.querySelector('th')).length,
  };
}"""


def pages_for(persona: str) -> list[tuple[str, Route]]:
    """The GET routes the persona may open that answer with a page (200 among the expected statuses)."""
    pages = []
    for name, route in sorted(ROUTES.items()):
        if route.post or 200 not in expected(route, persona).statuses:
            continue
        if route.public and persona not in ("anonymous", PUBLIC_PAGES_SIGNED_IN_AS):
            continue
        pages.append((name, route))
    return pages


def signed_in_context(browser: Browser, area: Area, persona: str, base_url: str) -> BrowserContext:
    """A browser as the persona would have after signing in (and, for staff, giving a code): its session cookie."""
    # bypass_csp lets the test inject axe-core, as in the journeys; the CSP header itself is tested elsewhere.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1024, "height": 800})
    context.set_default_timeout(10_000)
    user = area.users[persona]
    if user is not None:
        client = SignedInClient()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
    return context


def first_status(response: Response) -> int:
    """The status of the page asked for, before any redirect was followed."""
    request = response.request
    while request.redirected_from is not None:
        request = request.redirected_from
    first = request.response()
    return first.status if first is not None else response.status


def test_every_page_every_persona_can_reach_passes_axe(browser: Browser, live_server: Any) -> None:
    started = time.monotonic()
    install_five_areas(apps)  # from a data migration, which an earlier test's flush of the database has lost
    area = build_area()
    base_url = live_server.url
    problems: list[str] = []
    report: list[str] = []  # every page scanned, to see what the sweep covered: test-artifacts/every-page-axe.txt
    scanned = downloads = 0
    for persona in PERSONAS:
        context = signed_in_context(browser, area, persona, base_url)
        page = context.new_page()
        for name, route in pages_for(persona):
            path = reverse(name, kwargs=route.kwargs(area))
            where = f"{persona} {name} ({path})"
            want = expected(route, persona).statuses
            try:
                response = page.goto(base_url + path)
            except PlaywrightError as error:
                # A download, or an answer with no body (405 to a GET of a form's target): no page to scan.
                if not any(why in str(error) for why in ("Download is starting", "ERR_HTTP_RESPONSE_CODE_FAILURE")):
                    raise
                page.close()  # it is showing Chromium's own error page; a fresh tab for the next route
                page = context.new_page()
                answer = context.request.get(base_url + path, max_redirects=0)  # the same cookies as the page
                downloads += 1
                report.append(f"{where}: {answer.status}, not a page ({answer.headers.get('content-type')})")
                if answer.status not in want:
                    problems.append(f"{where}: status {answer.status}, expected {sorted(want)}")
                continue
            assert response is not None, where
            status = first_status(response)
            if status not in want:
                problems.append(f"{where}: status {status}, expected {sorted(want)}")
                continue
            if "text/html" not in response.headers.get("content-type", ""):
                downloads += 1
                report.append(f"{where}: {status}, not a page ({response.headers.get('content-type')})")
                continue
            page.wait_for_load_state("load")
            checks = page.evaluate(PAGE_CHECKS)
            report.append(f"{where}: {status}, {response.url.replace(base_url, '')} {checks['title']!r}")
            if checks["h1"] != 1:
                problems.append(f"{where}: {checks['h1']} <h1> elements, expected exactly one")
            if not checks["title"]:
                problems.append(f"{where}: no <title>")
            if checks["duplicateIds"]:
                problems.append(f"{where}: duplicate ids {checks['duplicateIds']}")
            if checks["tablesWithoutHeaders"]:
                problems.append(f"{where}: {checks['tablesWithoutHeaders']} table(s) without header cells")
            page.add_script_tag(content=AXE)
            violations: list[dict[str, Any]] = page.evaluate(RUN_AXE, AXE_TAGS)
            scanned += 1
            for v in violations:
                problems.append(f"{where}: {v['id']} ({v['impact']}) at {v['nodes'][0]}"
                                + (f" and {len(v['nodes']) - 1} more" if len(v["nodes"]) > 1 else ""))
        context.close()
    took = time.monotonic() - started
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "every-page-axe.txt").write_text("\n".join(report + problems) + "\n")
    print(f"\nScanned {scanned} pages, {downloads} downloads, for {len(PERSONAS)} personas in {took:.0f}s")
    assert scanned > 250, "fewer pages than expected: did signing in fail?"
    assert not problems, f"{len(problems)} problems on the pages personas can reach:\n" + "\n".join(problems)
