"""A synthetic CQC directory in the exact published layout, for tests, the demo and benchmarks.

Every provider, location, address and rating here is made up (the demo says so on every page). The layout follows shared/docs/domain.md section 10. When a real file is added to shared/data, the
importer's tests run on it too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

HEADERS = [
    "Location ID", "Location Name", "Location HSCA start date", "Dormant (Y/N)", "Care home?", "Care homes beds",
    "Location Type/Sector", "Location Inspection Directorate", "Location Primary Inspection Category",
    "Location Latest Overall Rating", "Publication Date", "Location Region", "Location Local Authority",
    "Location Postal Code", "Location Street Address", "Location City", "Location Latitude", "Location Longitude",
    "Location ONSPD CCG Code", "Provider ID", "Provider Name", "Provider Type/Sector", "Provider Inspection Directorate",
    "Provider Primary Inspection Category", "Provider Postal Code",
    "Service type - Care home service with nursing", "Service type - Care home service without nursing",
    "Service type - Domiciliary care service", "Service type - Shared Lives",
    "Regulated activity - Accommodation for persons who require nursing or personal care",
    "Regulated activity - Personal care", "Regulated activity - Treatment of disease, disorder or injury",
    "Service user band - Dementia", "Service user band - Older People", "Service user band - Learning disabilities or autistic spectrum disorder",
    "Service user band - Physical Disability", "Service user band - Younger Adults", "Location Web Address",
]
AREAS = (("Ashby Vale", "AV", 52.60, -1.20), ("Brindle Moor", "BM", 53.10, -1.60), ("Carrow Vale", "CV", 51.90, -0.90))
WORDS = ("Oak", "Willow", "Meadow", "Riverside", "Beech", "Orchard", "Heather", "Brook", "Elm", "Maple", "Cedar", "Holly",
         "Rowan", "Linden", "Ash", "Hazel", "Larch", "Poplar", "Alder", "Aspen")
KINDS = (("House", "care_home"), ("Lodge", "care_home"), ("Court", "care_home"), ("Home Care", "home"), ("Support at Home", "home"),
         ("Shared Lives", "shared"))
RATINGS = ("Good", "Good", "Good", "Outstanding", "Requires improvement", "Inadequate", "Not yet rated")


def _row(rng: random.Random, i: int, providers: list[tuple[str, str]]) -> dict[str, str]:
    area, prefix, lat, lon = AREAS[i % len(AREAS)] if rng.random() < 0.5 else AREAS[0]
    word, (suffix, kind) = rng.choice(WORDS), rng.choice(KINDS)
    provider_id, provider_name = rng.choice(providers)
    care_home = kind == "care_home"
    nursing = care_home and rng.random() < 0.4
    rating = rng.choice(RATINGS)
    published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2500)) if rating != "Not yet rated" else None
    bands = {b: rng.random() < p for b, p in (("Dementia", 0.5 if care_home else 0.3), ("Older People", 0.8), ("Learning disabilities or autistic spectrum disorder", 0.3),
                                               ("Physical Disability", 0.4), ("Younger Adults", 0.4))}
    row = {
        "Location ID": f"1-{100000000 + i}", "Location Name": f"{word} {suffix}",
        "Location HSCA start date": (dt.date(2011, 1, 1) + dt.timedelta(days=rng.randint(0, 4500))).strftime("%d/%m/%Y"),
        "Dormant (Y/N)": "N", "Care home?": "Y" if care_home else "N",
        "Care homes beds": str(rng.randint(12, 90)) if care_home else "",
        "Location Type/Sector": "Social Care Org", "Location Inspection Directorate": "Adult social care",
        "Location Primary Inspection Category": ("Residential social care" if care_home else "Community based adult social care services"),
        "Location Latest Overall Rating": rating, "Publication Date": published.strftime("%d/%m/%Y") if published else "",
        "Location Region": "Midlands", "Location Local Authority": area,
        "Location Postal Code": f"{prefix}{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
        "Location Street Address": f"{rng.randint(1, 200)} {rng.choice(WORDS)} Road", "Location City": area,
        "Location Latitude": f"{lat + rng.uniform(-0.1, 0.1):.5f}", "Location Longitude": f"{lon + rng.uniform(-0.1, 0.1):.5f}",
        "Location ONSPD CCG Code": "E38000000", "Provider ID": provider_id, "Provider Name": provider_name,
        "Provider Type/Sector": "Social Care Org", "Provider Inspection Directorate": "Adult social care",
        "Provider Primary Inspection Category": "Residential social care", "Provider Postal Code": f"{prefix}1 1AA",
        "Service type - Care home service with nursing": "Y" if nursing else "",
        "Service type - Care home service without nursing": "Y" if care_home and not nursing else "",
        "Service type - Domiciliary care service": "Y" if kind == "home" else "",
        "Service type - Shared Lives": "Y" if kind == "shared" else "",
        "Regulated activity - Accommodation for persons who require nursing or personal care": "Y" if care_home else "",
        "Regulated activity - Personal care": "Y" if not care_home else "",
        "Regulated activity - Treatment of disease, disorder or injury": "Y" if nursing else "",
        "Location Web Address": "",
    }
    row.update({f"Service user band - {b}": "Y" if yes else "" for b, yes in bands.items()})
    return row


def synthetic_csv(rows: int, *, seed: int = 1, malformed: bool = True) -> str:
    """A CSV of `rows` data rows. With `malformed`, rows 7, 13, 21 and 29 (when present) are broken on purpose."""
    rng = random.Random(seed)
    providers = [(f"1-{200000000 + n}", f"{rng.choice(WORDS)} {rng.choice(('Care', 'Healthcare', 'Living', 'Support'))} "
                  f"{rng.choice(('Ltd', 'Group', 'Trust', 'Co-operative', 'CIC'))}") for n in range(max(3, rows // 6))]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADERS, lineterminator="\n")
    writer.writeheader()
    for i in range(rows):
        row = _row(rng, i, providers)
        if malformed:
            if i == 6:
                row["Publication Date"] = "31/02/2024"
            elif i == 12:
                row["Location Latest Overall Rating"] = "Brilliant"
            elif i == 20:
                row["Location ID"] = ""
            elif i == 28:
                row["Care homes beds"] = "lots"
        writer.writerow(row)
    return out.getvalue()
