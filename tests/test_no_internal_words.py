"""Residents' and families' pages use their words, not the system's (issue 15, ADR 0032).

Every page a resident or a family member reads in the fixture area (`carecommons.testing.area`) is fetched as they
would fetch it, anonymously or as the person signed in to their own record, and the words shown on it (not the HTML's
attributes or hidden inputs) are checked for the internal words the usability walk found: ids shown as text, method
and file-format names, "synthetic", timings in seconds, scores "vs" points.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from carecommons.testing.area import Area, build_area
from carecommons.testing.clients import SignedInClient

pytestmark = [pytest.mark.django_db]

# Words nobody outside the council's teams should meet, each with why.
BANNED: dict[str, str] = {
    r"\bProvider \d": "a provider's id shown as its name",
    r"\b1-\d{6,}\b": "a raw CQC id shown as text",
    r"\bHHI\b": "a market measure's initials",
    r"\bPabulib\b": "a file format's name",
    r"(?i)(?<!\.)\bjson\b": "a file format's name (a download may say it is a .json file)",
    r"\bsynthetic\b": "the demo banner already says the data is fictional",
    r"\d+(\.\d+)? seconds\b": "how long the computer took",
    r"\bfit \d[\d,]* vs\b|\bvs \d[\d,]* points\b": "a score against a score",
    r"\b[0-9a-f]{32,}\b|\b[A-Za-z0-9_-]{40,}\b": "a raw token",
    r"\b(greedy|equal_shares|utilitarian|method of equal shares \(MES\))\b": "a method's internal name",
}


class _Words(HTMLParser):
    """The text a person reads: everything between tags, without scripts, styles or the page's <head>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        if tag == "a":
            self.links.extend(v for k, v in attrs if k == "href" and v)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def read(html: str) -> tuple[str, list[str]]:
    parser = _Words()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split()), parser.links


def internal_words(text: str) -> list[str]:
    return [f"{m.group(0)!r} ({why})" for pattern, why in BANNED.items() for m in re.finditer(pattern, text)]


def test_the_list_catches_what_the_walk_found():
    found = internal_words("Provider 1-200000009 · HHI 2,400 · fit 822 vs 724 points · 0.14 seconds · Pabulib (synthetic)")
    assert len(found) >= 6


PUBLIC = ("market:choose", "market:compare", "market:location", "directory:list", "directory:service", "participation:home",
          "participation:models", "participation:area", "participation:model", "participation:vote-start", "conversations:ask-start", "core:accessibility", "core:privacy", "budgets:funding", "budgets:pa-pay")


def _kwargs(area: Area, name: str) -> dict[str, object]:
    from tests.test_route_access import ROUTES

    return ROUTES[name].kwargs(area)


def _rounds(area: Area) -> dict[str, str]:
    """An open round with a ballot, and a counted one with its results, each as a resident finds it."""
    import datetime as dt

    from carecommons.participation import services
    from carecommons.participation.models import Area as FiveArea
    from carecommons.participation.models import Round

    chris = area.users["commissioner"]
    pages = {}
    for status, rule in (("open", Round.Rule.EQUAL_SHARES), ("counted", Round.Rule.GREEDY)):
        round = services.round_create(user=chris, title=f"Care money ({status})", description="What should we fund?", budget=10_000_000,
                                      ballot_kind=Round.BallotKind.APPROVAL, rule=rule, max_choices=0, points=10,
                                      split_total=100_000_000)
        for n, pounds in enumerate((40_000, 50_000, 30_000)):
            services.proposal_add(round=round, title=f"Idea {n}", description="For a year.", kind="community",
                                  area=FiveArea.objects.order_by("position")[n], from_model=None, to_model=None, cost=pounds * 100)
        services.round_open(round=round)
        ids = [p.pk for p in round.proposals.all()]
        for n, ticked in enumerate(([0], [0, 1], [2], [1, 2])):
            code = services.verify_resident(round=round, name=f"Resident {n}", born=dt.date(1960, 1, 1 + n), postcode="AV1 1AA", user=chris)
            services.cast(round=round, code=code, choices=[(ids[i], 1) for i in ticked], split=[20, 20, 20, 20, 20])
        if status == "counted":
            services.round_close(round=round)
        pages[f"participation:round ({status})"] = reverse("participation:round", kwargs={"round_id": round.pk})
        if status == "open":
            pages["participation:vote"] = reverse("participation:vote", kwargs={"round_id": round.pk})
    return pages


def _demo_market() -> dict[str, str]:
    """Places imported from a CQC-layout directory as the demo area's are, and one of them, as a family finds it."""
    from carecommons.market import cqc
    from carecommons.market.models import Location
    from carecommons.market.synthetic import synthetic_csv

    cqc.import_text(synthetic_csv(18, seed=3, malformed=False), file_name="demo-directory.csv")
    places = list(Location.objects.order_by("-pk")[:3])
    place = places[0]
    return {"market:compare (three places)": reverse("market:compare") + "?" + "&".join(f"loc={p.pk}" for p in places),
            "market:location (imported)": reverse("market:location", kwargs={"location_id": place.pk}),
            "market:choose (care homes)": reverse("market:choose") + "?kind=care_home"}


OWN = ("people:my-record", "people:my-statement", "people:my-access-log", "people:my-sharing", "people:my-download",
       "relationships:my-continuity")


def test_the_persons_own_pages_have_no_internal_words():
    """Ruth's own record and every page it links to within her record: her assessment, decision, plan, budget."""
    area = build_area()
    ruth = SignedInClient(raise_request_exception=False)
    ruth.force_login(area.users["the_person"])
    to_read = [reverse(name) for name in OWN]
    seen: set[str] = set()
    found = []
    while to_read:
        url = to_read.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = ruth.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        text, links = read(response.content.decode())
        found += [f"{url}: {w}" for w in internal_words(text)]
        if url == reverse("people:my-record"):  # one step on from her record: the pages about her
            to_read += [urlsplit(link).path for link in links if link.startswith("/")
                        and not link.startswith(("/sign-out", "/static/", "/have-your-say", "/care/", "/directory/"))]
    for part in ("/assessments/", "/plans/", "/budgets/", "/booking/"):
        assert any(url.startswith(part) for url in seen), f"her {part} pages were not read: {sorted(seen)}"
    assert not found, "\n".join(found)


def test_residents_and_families_pages_have_no_internal_words():
    area = build_area()
    anonymous = SignedInClient(raise_request_exception=False)
    pages = {name: reverse(name, kwargs=_kwargs(area, name)) for name in PUBLIC}
    pages.update(_rounds(area))
    pages.update(_demo_market())
    found = []
    for name, url in pages.items():
        response = anonymous.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        text, _ = read(response.content.decode())
        found += [f"{url}: {w}" for w in internal_words(text)]
    assert not found, "\n".join(found)
