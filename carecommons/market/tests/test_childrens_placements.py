"""Children's placements: what the council pays, profit disclosed, quality and distance from home."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from carecommons.market.models import ChildPlacement, ChildrensSetting
from carecommons.testing.clients import client_for


def test_a_commissioner_adds_a_home_records_placements_and_sees_what_is_paid(cast: Any) -> None:
    chris = client_for(cast.chris)
    new = reverse("market:childrens-setting-new")
    bad = chris.post(new, {"name": "", "kind": "childrens_home", "operator": "X", "latitude": "99", "profit_percent": "lots"}).content.decode()
    assert "Enter the name" in bad and "That latitude is not in the UK" in bad and "Enter the profit as a percentage" in bad
    chris.post(new, {"name": "Hilltop House (fictional)", "kind": "childrens_home", "operator": "Hilltop Care Ltd", "legal_form": "company",
                     "ultimate_owner": "Summit Capital (fictional)", "tax_residence": "Luxembourg", "ofsted_rating": "Good",
                     "ofsted_rated_on_day": "3", "ofsted_rated_on_month": "2", "ofsted_rated_on_year": "2026",
                     "latitude": "53.2", "longitude": "-2.0", "weekly_fee": "6200", "profit_percent": "22.5", "profit_year": "2024-25"})
    home = ChildrensSetting.objects.get()
    placement = reverse("market:placement-new")
    for ref in ("PL-001", "PL-002"):
        chris.post(placement, {"setting": str(home.pk), "reference": ref, "started_on_day": "1", "started_on_month": "9",
                               "started_on_year": "2026", "weekly_fee": "6400"})
    again = chris.post(placement, {"setting": str(home.pk), "reference": "PL-001", "started_on_day": "1", "started_on_month": "9",
                                   "started_on_year": "2026", "weekly_fee": "6400"}).content.decode()
    assert "already recorded" in again and ChildPlacement.objects.count() == 2
    page = chris.get(reverse("market:childrens")).content.decode()
    assert "22.5% (2024-25)" in page and "£6,200.00" in page and "£12,800.00" in page and "Summit Capital (fictional) (Luxembourg)" in page
    assert "2 over 32 km" in page  # 53.2,-2.0 is about 80 km from the area's centre
    assert client_for(cast.priya).get(reverse("market:childrens")).status_code == 403
