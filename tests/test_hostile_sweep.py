"""Issue 14, "then prevent the next one": hostile values into every form field and query parameter of every route.

Every route in `tests/test_route_access.py`'s ROUTES table is opened, with the fixture area's ids, by a persona
the access table allows (anonymous for public pages). Its HTML is read for forms: the fields of each form with
method post go to the form's action (or the page itself), the fields of each GET form become query parameters of
its action, and so do the parameter names in the page's links. Then, per target, Hypothesis generates values —
huge, negative, NaN, Infinity, exponents, Unicode digits (², ٣, １), empty, 10,000 characters, control
characters — for every field at once; each example is a GET with them as the query and a POST with them as the
form (with the page's CSRF token), inside a transaction that is rolled back, and must answer below 500.

Bounded so that it runs in `make test`: a fixed number of examples per target, derandomised, no example database.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecommons.testing.area import PERSONAS, Area, build_area
from carecommons.testing.clients import SignedInClient
from tests.test_route_access import ROUTES, Route, expected

pytestmark = [pytest.mark.django_db]

EXAMPLES = 8  # per target (a route's form action): each is one GET and one POST
HOSTILE = [
    "99999999999999999999", "-99999999999999999999", "-1", "0", "NaN", "nan", "Infinity", "-Infinity", "inf",
    "1e999999", "1e-999999", "²", "٣", "１", "１２", "", " ", "x" * 10_000, "9" * 10_000, "\x00", "\x01\x1f\x7f",
    "\u202e\u200b", "abc", "2026-99-99", "99999999999999999999-01-01", "00:00:00Z", "25:61", "12.345", "£-3.50",
    "0x10", "<script>alert(1)</script>", "javascript:alert(1)", "../../etc/passwd", "%00", "[]", "{}",
    '{"a":' * 200 + "1" + "}" * 200,
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=30),
)
# Query parameters the pages read from links a test area may not show (each named in issue 14 or a view).
KNOWN_QUERY = ("page", "q", "slot", "max_weekly", "hourly_rate", "first", "next", "date", "week", "sort", "per_page")
SKIP_INPUT_TYPES = {"submit", "button", "image", "reset", "file"}


@dataclass
class Form:
    method: str
    action: str | None
    fields: list[str] = field(default_factory=list)


class _Forms(HTMLParser):
    """The forms on a page (method, action, field names), the CSRF token and the links' query parameter names."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.csrf = ""
        self._form: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(method=a.get("method", "get").lower(), action=a.get("action") or None)
            self.forms.append(self._form)
        elif tag == "a" and "?" in a.get("href", ""):
            self.links.append(a["href"])
        elif tag in ("input", "select", "textarea") and a.get("name"):
            if a["name"] == "csrfmiddlewaretoken":
                self.csrf = a.get("value", "")
            elif self._form is not None and a.get("type", "").lower() not in SKIP_INPUT_TYPES:
                self._form.fields.append(a["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def persona_for(route: Route) -> str | None:
    """Anonymous for public routes, else the first persona the access table lets in without breaking the glass."""
    if route.public:
        return "anonymous"
    for persona in PERSONAS:
        if persona == "anonymous":
            continue
        want = expected(route, persona)
        if want.statuses == route.ok and not want.break_glass:
            return persona
    return None


@dataclass
class Target:
    path: str
    persona: str
    post: set[str] = field(default_factory=set)
    query: set[str] = field(default_factory=set)
    csrf: str = ""


def _local(page: str, href: str | None) -> str | None:
    parts = urlsplit(urljoin(page, href or page))
    if parts.netloc and parts.netloc != "testserver":
        return None
    try:
        resolve(parts.path)
    except Resolver404:
        return None
    return parts.path


def targets(area: Area, clients: dict[str, SignedInClient]) -> dict[str, Target]:
    found: dict[str, Target] = {}
    for name, route in sorted(ROUTES.items()):
        persona = persona_for(route)
        if persona is None:
            continue
        url = reverse(name, kwargs=route.kwargs(area))
        found.setdefault(url, Target(url, persona)).query.update(KNOWN_QUERY)
        if route.post:
            found[url].post.add("_")  # a POST-only route: sent even if no page in the area shows its form
            continue
        with transaction.atomic():
            response = clients[persona].get(url)
            transaction.set_rollback(True)
        assert response.status_code < 500, f"{name} ({url}) as {persona}: {response.status_code} before any input"
        if "html" not in response.get("Content-Type", "") or getattr(response, "streaming", False):
            continue
        parser = _Forms()
        parser.feed(response.content.decode("utf-8", "replace"))
        for form in parser.forms:
            path = _local(url, form.action)
            if path is None:
                continue
            target = found.setdefault(path, Target(path, persona))
            target.csrf = target.csrf or parser.csrf
            (target.post if form.method == "post" else target.query).update(form.fields)
        for href in parser.links:
            path = _local(url, href)
            if path is not None:
                found.setdefault(path, Target(path, persona)).query.update(k for k, _ in parse_qsl(urlsplit(href).query))
    return found


def sweep(target: Target, client: SignedInClient, failures: list[str]) -> int:
    names = sorted((target.query | target.post) - {"_"})
    sent = 0

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries(dict.fromkeys(names, VALUES)))
    def one(values: dict[str, str]) -> None:
        nonlocal sent
        query = {k: v for k, v in values.items() if k in target.query}
        form = {k: v for k, v in values.items() if k in target.post}
        for method, data in (("get", query), ("post", {**form, "csrfmiddlewaretoken": target.csrf})):
            with transaction.atomic():
                response = getattr(client, method)(target.path, data)
                transaction.set_rollback(True)
            sent += 1
            if response.status_code >= 500:
                shown = {k: (v if len(v) < 40 else f"{v[:20]}…({len(v)} chars)") for k, v in data.items() if k != "csrfmiddlewaretoken"}
                failures.append(f"{method.upper()} {target.path} as {target.persona}: {response.status_code} with {shown}")

    one()
    return sent


def test_no_generated_value_in_any_field_or_query_parameter_gives_a_server_error() -> None:
    from carecommons.assessments.portable import signing_key

    started = time.monotonic()
    signing_key(create=True)  # so the signed copy is made, not "this council has no key yet" (503)
    area = build_area()
    clients: dict[str, SignedInClient] = {}
    for persona in PERSONAS:
        clients[persona] = SignedInClient(raise_request_exception=False)
        if area.users[persona] is not None:
            clients[persona].force_login(area.users[persona])
    found = targets(area, clients)
    failures: list[str] = []
    requests = 0
    by_persona: dict[str, int] = defaultdict(int)
    for _path, target in sorted(found.items()):
        client = SignedInClient(raise_request_exception=False)  # a fresh session: a POST may sign out
        if area.users[target.persona] is not None:
            client.force_login(area.users[target.persona])
        requests += sweep(target, client, failures)
        by_persona[target.persona] += 1
    fields = sum(len(t.post - {"_"}) for t in found.values())
    params = sum(len(t.query - set(KNOWN_QUERY)) for t in found.values())
    print(f"\nhostile sweep: {len(found)} targets from {len(ROUTES)} routes, {fields} form fields, {params} query "
          f"parameters from the pages (+{len(KNOWN_QUERY)} known ones on every target), {EXAMPLES} examples each, {requests} requests in {time.monotonic() - started:.0f}s; "
          f"personas {dict(by_persona)}")
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(sorted(set(failures)))
