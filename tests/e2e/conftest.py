"""Real-browser journeys: Playwright drives Debian's Chromium; axe-core checks every page visited.

Pages are found and used by role and label only, as a screen-reader user would. After every
navigation the page is scanned with axe-core for WCAG 2.0/2.1/2.2 A and AA and best practice,
and any violation fails the test. With JavaScript switched off axe cannot run in the page
itself, so the exact HTML the browser received, with its scripts removed, is scanned in a
separate checker page served from the same origin.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + Playwright's sync API

from django.contrib.auth import get_user_model  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

from carecommons.core.second_factor import code_at, key_from_text, new_key  # noqa: E402
from carecommons.testing.clients import code_for  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
AXE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
}"""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


class Visitor:
    """One person using Care Commons in their own browser, with every page checked by axe."""

    def __init__(self, browser: Browser, base_url: str, *, javascript: bool = True, name: str = "visitor", width: int = 1024) -> None:
        self.base_url = base_url
        self.javascript = javascript
        self.name = name
        # bypass_csp lets the test inject axe-core; the CSP header itself is tested elsewhere.
        self.context = browser.new_context(java_script_enabled=javascript, bypass_csp=True, viewport={"width": width, "height": 800})
        self.context.set_default_timeout(5000)
        self.page: Page = self.context.new_page()
        self.checker: Page | None = None
        if not javascript:
            self.checker_context = browser.new_context(bypass_csp=True)
            self.checker = self.checker_context.new_page()
        self.scanned: list[str] = []

    # --- moving around, the way a person would ---------------------------------------------
    def goto(self, path: str) -> Visitor:
        self.page.goto(self.base_url + path)
        return self.checked()

    def click_link(self, name: str, *, exact: bool = False) -> Visitor:
        self.page.get_by_role("link", name=name, exact=exact).first.click()
        return self.checked()

    def click_button(self, name: str, *, exact: bool = False) -> Visitor:
        self.page.get_by_role("button", name=name, exact=exact).click()
        return self.checked()

    def fill(self, label: str, value: str, *, exact: bool = True) -> Visitor:
        self.page.get_by_label(label, exact=exact).fill(value)
        return self

    def choose(self, label: str, *, exact: bool = True) -> Visitor:
        self.page.get_by_label(label, exact=exact).check()
        return self

    def sign_in(self, username: str, password: str) -> Visitor:
        """The password, then, when asked, a real code worked out from the key of the person's app."""
        self.goto("/sign-in/")
        self.fill("Username", username).fill("Password", password)
        self.click_button("Sign in")
        if self.heading() == "Check it is you":
            self.fill("Code from your authenticator app", code_for(get_user_model().objects.get(username=username)))
            self.click_button("Continue")
        return self

    def set_up_app(self) -> str:
        """On the set-up page: read the key as a person would type it, enter the code it makes; the key."""
        key = re.search(r"\b((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4})\b", self.text())
        assert key is not None, "no key on the page"
        self.fill("Code from your authenticator app", code_at(key_from_text(key.group(1)), when=time.time()))
        self.click_button("Continue")
        return key.group(1)

    # --- what the page says -----------------------------------------------------------------
    def heading(self) -> str:
        return self.page.get_by_role("heading", level=1).first.inner_text()

    def text(self) -> str:
        return self.page.locator("main").inner_text()

    def overflowing(self) -> list[str]:
        """Tables (or anything else) wider than the screen, which would be cut off or need scrolling sideways."""
        return self.page.evaluate("""() => {
          const width = document.documentElement.clientWidth;
          const wide = [...document.querySelectorAll('main table, main')].filter(e => e.scrollWidth > width + 1
            || e.getBoundingClientRect().right > width + 1);
          return wide.map(e => e.tagName + (e.className ? '.' + e.className.split(' ').join('.') : ''));
        }""")

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    # --- accessibility ------------------------------------------------------------------------
    def checked(self) -> Visitor:
        self.page.wait_for_load_state("load")
        target = self.page
        if self.checker is not None:
            html = re.sub(r"<script\b[^>]*>.*?</script>", "", self.page.content(), flags=re.S | re.I)
            self.checker.goto(self.base_url + "/healthz")  # same origin, so stylesheets resolve
            self.checker.set_content(html, wait_until="load")
            target = self.checker
        target.add_script_tag(content=AXE)
        violations: list[dict[str, Any]] = target.evaluate(RUN_AXE, AXE_TAGS)
        url = self.page.url.replace(self.base_url, "")
        self.scanned.append(url)
        if violations:
            self.screenshot(f"axe-failure-{self.name}-{len(self.scanned)}")
        assert not violations, f"axe found problems on {url}:\n" + "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations
        )
        return self

    def close(self) -> None:
        self.context.close()
        if self.checker is not None:
            self.checker_context.close()


@pytest.fixture(autouse=True)
def staff_have_authenticator_apps(request: pytest.FixtureRequest) -> None:
    """The cast's staff set up their apps long ago, so journeys sign in with a code, as on any working day."""
    if "cast" in request.fixturenames:
        cast = request.getfixturevalue("cast")
        for user in (cast.priya, cast.tom, cast.morgan, cast.hana, cast.chris, cast.ade):
            TOTPDevice.objects.create(user=user, name="Authenticator app", key=new_key(), confirmed=True)


@pytest.fixture
def visit(browser: Browser, live_server: Any, settings: Any) -> Iterator[Any]:
    """Open a new browser for someone: `visit("Ruth")`, or `visit("Ruth", javascript=False)`.

    The service's configured address is the live server's, as an installation's would be its own, so links in
    emails and on confirmation pages (`core.links.site_url`) lead back to it.
    """
    settings.CARECOMMONS = {**settings.CARECOMMONS, "BASE_URL": live_server.url}
    opened: list[Visitor] = []

    def open_visitor(name: str = "visitor", *, javascript: bool = True, width: int = 1024) -> Visitor:
        visitor = Visitor(browser, live_server.url, javascript=javascript, name=name, width=width)
        opened.append(visitor)
        return visitor

    yield open_visitor
    for visitor in opened:
        visitor.close()
