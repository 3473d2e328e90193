"""The load test's traffic (`make loadtest`, ADR 0029): who comes to Care Commons, and what they do.

- Residents, or someone for them, ask for a conversation and book a time at a hub: the public ask journey,
  one question a page, ending in a booking (or the waiting list, when every time has gone).
- Anyone searches the care market (`/care/`) and looks at the community directory.
- People who can sign in read their own record and who has opened it.
- Practitioners (with their second factor) find people, open their records, look at the waiting list and
  record conversations.

It reads the sign-ins that `manage.py loadtest_users` wrote (LOADTEST_ACCOUNTS, a JSON file) and sends traffic
only to the host it is given, which `make loadtest` sets to the gunicorn it started on 127.0.0.1. Every URL it
asks for is built from PATHS, whose entries `carecommons/demo/tests/test_locustfile.py` resolves against the
project's URLs, so a renamed page fails the tests, not the load run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from typing import Any
from urllib.parse import urlparse

from locust import HttpUser, between, task

# Each page the load test asks for: the project's URL name and the path, with {placeholders} for ids.
PATHS: dict[str, tuple[str, str]] = {
    "home": ("people:home", "/"),
    "sign-in": ("core:sign-in", "/sign-in/"),
    "sign-in-code": ("core:sign-in-code", "/sign-in/code/"),
    "ask-start": ("conversations:ask-start", "/ask/"),
    "ask": ("conversations:ask", "/ask/{step}/"),
    "ask-done": ("conversations:ask-done", "/ask/sent/{reference}/"),
    "care": ("market:choose", "/care/"),
    "directory": ("directory:list", "/directory/"),
    "my-record": ("people:my-record", "/my-record/"),
    "who-looked": ("people:my-access-log", "/my-record/who-looked/"),
    "find": ("people:find", "/people/"),
    "person": ("people:person", "/people/{person_id}/"),
    "record": ("conversations:new", "/people/{person_id}/conversations/new/"),
    "waiting-list": ("conversations:waiting-list", "/waiting-list/"),
}
# Example values for the placeholders, for the test that resolves every path.
EXAMPLES = {"step": "who", "reference": "AV-1234", "person_id": "1"}

WAIT = tuple(float(s) for s in os.environ.get("LOADTEST_WAIT", "1,3").split(","))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HUBS = re.compile(r'name="hub"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="hub"')
SLOTS = re.compile(r'name="slot"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="slot"')
PLACES = ["AV1", "AV2", "AV3", "AV4", "AV5", "Ashby", ""]
CARE_TYPES = ["", "care_home", "nursing", "home_care", "shared_lives"]
FIRST_NAMES = ["Alex", "Sam", "Jo", "Priti", "Tomasz", "Aisha", "Bernard", "Maureen", "Kwame", "Siobhan"]
SURNAMES = ["Loadtest", "Okafor", "Nowak", "Evans", "Shah", "O'Brien", "Fletcher", "Campbell"]
STEPS = ("who", "name", "contact", "on-mind", "access")


def path(name: str, **values: Any) -> str:
    return PATHS[name][1].format(**values)


def totp(key_hex: str, at: float, step: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows at `at` (RFC 6238, SHA-1, as django-otp checks it)."""
    counter = struct.pack(">Q", int(at) // step)
    digest = hmac.new(bytes.fromhex(key_hex), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10 ** digits:0{digits}d}"


def _users() -> dict[str, Any]:
    file = os.environ.get("LOADTEST_ACCOUNTS", "")
    if not file:
        return {"practitioners": [], "residents": [], "north_people": []}
    with open(file) as handle:
        return json.load(handle)


USERS = _users()
# Every simulated practitioner or resident signs in as a different account: a code is accepted once.
_practitioners = iter(USERS["practitioners"])
_residents = itertools.cycle(USERS["residents"] or [None])


class Visitor(HttpUser):
    abstract = True
    wait_time = between(*WAIT)
    csrf = ""

    def page(self, name: str, *, query: dict[str, Any] | None = None, label: str = "", **values: Any) -> Any:
        with self.client.get(path(name, **values), params=query, name=label or PATHS[name][1],
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} from {response.url}")
            self._remember_csrf(response)
        return response

    def send(self, name: str, data: dict[str, Any], *, ok: tuple[int, ...] = (302,), label: str = "",
             **values: Any) -> Any:
        """POST a form as a browser would, then GET the page it sends us to (each timed on its own)."""
        with self.client.post(path(name, **values), data={**data, "csrfmiddlewaretoken": self.csrf},
                              name=label or PATHS[name][1], allow_redirects=False, catch_response=True) as response:
            if response.status_code in ok:
                response.success()  # a 409 (the time was taken meanwhile) is an answer, not an error
            else:
                response.failure(f"{response.status_code} from POST {response.url}")
            self._remember_csrf(response)
        if response.status_code in (301, 302, 303):
            target = urlparse(response.headers["Location"]).path
            with self.client.get(target, name=f"{label or PATHS[name][1]} -> next page",
                                 catch_response=True) as followed:
                if followed.status_code != 200:
                    followed.failure(f"{followed.status_code} from {target}")
                self._remember_csrf(followed)
            return followed
        return response

    def _remember_csrf(self, response: Any) -> None:
        found = CSRF.search(response.text or "")
        if found:
            self.csrf = found.group(1)

    def sign_in(self, username: str, password: str, key: str = "") -> None:
        self.page("sign-in")
        after = self.send("sign-in", {"username": username, "password": password})
        if key:
            code = totp(key, time.time())
            after = self.send("sign-in-code", {"code": code})
        if after.status_code != 200 or urlparse(after.url).path.startswith("/sign-in"):
            raise RuntimeError(f"{username} did not sign in: ended at {after.url}")


class Resident(Visitor):
    """Someone asking for a conversation (not signed in), and anyone searching for care."""

    weight = 4

    @task(2)
    def ask_and_book(self) -> None:
        self.client.cookies.clear()
        self.page("ask-start")
        self.page("ask", step="who", label="/ask/[step]/")
        n = random.randint(100, 999)
        answers = {
            "who": {"who": "self"},
            "name": {"full_name": f"{random.choice(FIRST_NAMES)} {random.choice(SURNAMES)}"},
            "contact": {"contact_by": "phone", "phone": f"07700900{n}", "postcode": f"AV{random.randint(1, 9)} 2AB"},
            "on-mind": {"on_their_mind": "Getting out to the shops is harder since my fall"},
            "access": {"access_needs": "Step-free access, please"},
        }
        for step in STEPS:
            self.send("ask", answers[step], step=step, label="/ask/[step]/ (answer)")
        hub_page = self.page("ask", step="hub", label="/ask/[step]/")  # the redirect from access already showed it
        hubs = [a or b for a, b in HUBS.findall(hub_page.text or "")]
        self.send("ask", {"hub": random.choice(hubs) if hubs else "any"}, step="hub", label="/ask/[step]/ (answer)")
        times = self.page("ask", step="time", label="/ask/[step]/")
        slots = [a or b for a, b in SLOTS.findall(times.text or "")]
        self.send("ask", {"slot": random.choice(slots[:8]) if slots else "wait"}, step="time",
                  label="/ask/[step]/ (answer)")
        # Someone else may have taken the time meanwhile: the service says so (409) and asks again.
        done = self.send("ask", {}, step="check", ok=(302, 409), label="/ask/check/ (send)")
        if done.status_code == 409:
            self.send("ask", {"slot": "wait"}, step="time", label="/ask/[step]/ (answer)")
            self.send("ask", {}, step="check", label="/ask/check/ (send)")

    @task(5)
    def search_care(self) -> None:
        query = {"place": random.choice(PLACES), "care_type": random.choice(CARE_TYPES)}
        if random.random() < 0.3:
            query["max_weekly"] = str(random.choice([800, 1000, 1200, 1500]))
        self.page("care", query=query)

    @task(1)
    def directory(self) -> None:
        self.page("directory")


class Person(Visitor):
    """A resident who signs in to read their own record and who has opened it."""

    weight = 2

    def on_start(self) -> None:
        account = next(_residents)
        if account is None:
            raise RuntimeError("No residents who can sign in: run manage.py loadtest_users first")
        self.sign_in(account["username"], account["password"])

    @task(3)
    def my_record(self) -> None:
        self.page("my-record")

    @task(1)
    def who_looked(self) -> None:
        self.page("who-looked")


class Practitioner(Visitor):
    """A practitioner in the North team: finds people, opens records, records conversations."""

    weight = 1

    def on_start(self) -> None:
        account = next(_practitioners, None)
        if account is None:
            raise RuntimeError("More simulated practitioners than load-test sign-ins: raise --practitioners")
        self.sign_in(account["username"], account["password"], account["totp_key"])
        self.people = USERS["north_people"]

    @task(3)
    def find(self) -> None:
        self.page("find", query={"q": random.choice(self.people)["surname"]})

    @task(4)
    def open_record(self) -> None:
        self.page("person", person_id=random.choice(self.people)["id"], label="/people/[id]/")

    @task(1)
    def waiting_list(self) -> None:
        self.page("waiting-list")

    @task(1)
    def record_conversation(self) -> None:
        person = random.choice(self.people)["id"]
        self.page("record", person_id=person, label="/people/[id]/conversations/new/")
        today = dt.date.today()
        self.send("record", {"held_on_day": today.day, "held_on_month": today.month, "held_on_year": today.year,
                             "what_matters": "Seeing my grandchildren on Sundays; keeping the garden going",
                             "agreed": "connect"},
                  person_id=person, label="/people/[id]/conversations/new/ (save)")
