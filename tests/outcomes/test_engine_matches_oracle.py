"""The engine and the independent count agree on generated areas, for every measure.

Areas come from Care Commons' generator (`carecommons.outcomes.engine.generate.write_area`: quarterly rolling
submissions with the awkward cases in them). For each area and each financial year the files cover, every key's
numerator, denominator and value must be the same from the engine (DuckDB, SQL) and from tests/outcomes/oracle.py
(plain Python written from DHSC's notes).

When they differ, the test finds the people responsible by halving the area (the measures count people, or episodes of
one person, so a difference belongs to someone) and prints each one's rows and what the independent count made of them.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date, timedelta
from importlib.util import find_spec
from pathlib import Path

import pytest

from tests.outcomes import oracle

# (seed, people): a small area catches single cases; the larger ones the mixtures. Each area is counted for the two
# financial years its files cover (the engine takes seconds a run, so three areas keep this near a minute).
AREAS = [(1, 200), (3, 1000), (4, 2500)]
POPULATION = {"18-64": 200_000, "65+": 50_000}

Figures = dict[str, tuple[int | None, int | None, float | None]]


def _needs(module: str) -> None:
    if find_spec(module) is None:
        pytest.skip(f"{module} is not on this branch yet")


def engine(files: Sequence[Path], start: date, end: date, sus: Path | None) -> Figures:
    from carecommons.outcomes.engine.measures import compute

    results = compute(list(files), start=start, end=end, population=POPULATION, sus=sus)
    return {key: (r.numerator, r.denominator, r.value) for key, r in results.items()}


def independent(files: Sequence[Path], start: date, end: date, sus: Path | None) -> Figures:
    return oracle.count(list(files), start=start, end=end, population=POPULATION, sus=sus)


def financial_years(files: Sequence[Path]) -> list[tuple[date, date]]:
    """The complete financial years (1 April to 31 March) inside the periods the files state, latest first (at most
    two)."""
    first, last = date.max, date.min
    for path in files:
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                try:
                    first = min(first, date.fromisoformat(row["Reporting_Period_Start_Date"]))
                    last = max(last, date.fromisoformat(row["Reporting_Period_End_Date"]))
                except ValueError:
                    continue
    years = []
    year_end = date(last.year if last >= date(last.year, 3, 31) else last.year - 1, 3, 31)
    while len(years) < 2 and date(year_end.year - 1, 4, 1) >= first:
        years.append((date(year_end.year - 1, 4, 1), year_end))
        year_end = date(year_end.year - 1, 3, 31)
    if not years:  # less than a full year of data: the last twelve months
        years.append((last - timedelta(days=364), last))
    return years


def make_area(tmp_path: Path, people: int, seed: int) -> tuple[list[Path], Path | None]:
    """The generator's quarterly submissions for one area, and its hospital stays (SUS) for the same people."""
    from carecommons.outcomes.engine.generate import write_area

    sus = tmp_path / "sus.csv"
    files = write_area(tmp_path / "area", people=people, seed=seed, sus_path=sus)
    return [p for p in files if p != sus], (sus if sus.exists() else None)


# ---- finding the people behind a difference ------------------------------------------------------------------------


def person_of(row: dict[str, str]) -> str:
    return (row.get("NHS_Number") or "").strip() or "LA:" + (
        row.get("LA_Person_Unique_Identifier") or ""
    ).strip()


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_subset(
    files: Sequence[Path], sus: Path | None, people: set[str], folder: Path
) -> tuple[list[Path], Path | None]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, path in enumerate(files):
        header, rows = read(path)
        target = folder / f"{i:02d}_{path.name}"
        with open(target, "w", newline="", encoding="utf-8") as handle:
            w = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows(r for r in rows if person_of(r) in people)
        out.append(target)
    sus_out = None
    if sus is not None:
        header, rows = read(sus)
        sus_out = folder / "sus.csv"
        with open(sus_out, "w", newline="", encoding="utf-8") as handle:
            w = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows(r for r in rows if (r.get("Der_DHSC_Pseudo_NHS_Number") or "").strip() in people)
    return out, sus_out


def difference(a: Figures, b: Figures) -> dict[str, tuple[int, int]]:
    out = {}
    for key in oracle.KEYS:
        if key not in a or key not in b:
            continue  # a missing key is reported by the test itself, not searched for
        (n1, d1, _v1), (n2, d2, _v2) = a[key], b[key]
        dn = (n1 or 0) - (n2 or 0)
        dd = 0 if key in ("2B", "2C") else (d1 or 0) - (d2 or 0)
        if dn or dd:
            out[key] = (dn, dd)
    return out


def find_people(
    files: Sequence[Path], sus: Path | None, start: date, end: date, tmp: Path, *, budget: int = 14
) -> list[str]:
    """One person whose rows alone make the engine and the count differ, found by halving (at most `budget` runs of
    the engine: it takes seconds each). Every file keeps one "anchor" person present in all of them, so that each
    submission keeps its stated period; the anchor's own difference is taken off."""
    rows_by_file = [read(p)[1] for p in files]
    everyone = sorted({person_of(r) for rows in rows_by_file for r in rows})
    in_all = (
        set.intersection(*({person_of(r) for r in rows} for rows in rows_by_file)) if rows_by_file else set()
    )
    if not in_all:
        return []
    anchor = sorted(in_all)[0]
    runs = iter(range(budget))

    def diff(group: list[str]) -> dict[str, tuple[int, int]] | None:
        run = next(runs, None)
        if run is None:
            return None
        sub, sub_sus = write_subset(files, sus, set(group) | {anchor}, tmp / f"subset{run}")
        return difference(engine(sub, start, end, sub_sus), independent(sub, start, end, sub_sus))

    base = diff([])
    if base is None:
        return []
    if base:
        return [anchor]

    group = [p for p in everyone if p != anchor]
    while len(group) > 1:  # the whole group differs; keep the half that does
        left, right = group[: len(group) // 2], group[len(group) // 2 :]
        d = diff(left)
        if d is None:
            return []
        group = left if d else right
    return group


SHOWN = (
    "Date_of_Birth",
    "Date_of_Death",
    "Client_Type",
    "Accommodation_Status",
    "Event_Type",
    "Event_Start_Date",
    "Event_End_Date",
    "Service_Type",
    "Service_Component",
    "Delivery_Mechanism",
    "Event_Outcome",
)


def explain(person: str, files: Sequence[Path], sus: Path | None, start: date, end: date, tmp: Path) -> str:
    sub, sub_sus = write_subset(files, sus, {person}, tmp / f"alone_{abs(hash(person))}")
    lines = [f"--- person {person}: " + " | ".join(SHOWN)]
    for path in sub:
        for row in read(path)[1]:
            lines.append(f"  {path.name[3:]}: " + " | ".join(row.get(k) or "-" for k in SHOWN))
    if sub_sus is not None:
        for row in read(sub_sus)[1]:
            lines.append(f"  SUS: { {k: v for k, v in row.items() if v} }")
    try:
        e, o = engine(sub, start, end, sub_sus), independent(sub, start, end, sub_sus)
        lines.append(f"  alone: engine { {k: e[k] for k in difference(e, o)} }")
        lines.append(f"         count  { {k: o[k] for k in difference(e, o)} }")
    except Exception as error:  # noqa: BLE001 - the explanation must not hide the failure it explains
        lines.append(f"  (running this person alone failed: {error!r})")
    _figures, _members, main = oracle.count_with_members(
        sub, start=start, end=end, population=POPULATION, sus=sub_sus
    )
    for ev in sorted(main.events, key=lambda x: (x.start or date.min, x.record_id)):
        lines.append(f"  kept by the count: {ev.describe()}")
    return "\n".join(lines)


@pytest.mark.parametrize(("seed", "people"), AREAS)
def test_engine_and_independent_count_agree_on_generated_areas(
    seed: int, people: int, tmp_path: Path
) -> None:
    _needs("carecommons.outcomes.engine.generate")
    _needs("carecommons.outcomes.engine.measures")
    files, sus = make_area(tmp_path, people, seed)
    problems = []
    for start, end in financial_years(files):
        e, o = engine(files, start, end, sus), independent(files, start, end, sus)
        missing = [key for key in oracle.KEYS if key not in e]
        if missing:
            problems.append(f"year {start} to {end}: the engine gives no {missing}")
        wrong = [
            key
            for key in oracle.KEYS
            if key not in missing and e[key] != o[key] and not (o[key][1] == 0 and e[key][1] in (0, None))
        ]
        if wrong:
            report = [f"year {start} to {end}, seed {seed}, {people} people:"]
            report += [f"  {key}: engine {e[key]}  independent count {o[key]}" for key in wrong]
            if (
                not problems
            ):  # look for the people behind the first difference only (the engine takes seconds a run)
                for person in find_people(files, sus, start, end, tmp_path / f"search_{start.year}"):
                    report.append(explain(person, files, sus, start, end, tmp_path / f"explain_{start.year}"))
            problems.append("\n".join(report))
    assert not problems, "\n\n".join(problems)


def test_the_areas_hold_something_to_count(tmp_path: Path) -> None:
    """A comparison of zeros proves nothing: the middle area must give every measure people to count."""
    _needs("carecommons.outcomes.engine.generate")
    seed, people = AREAS[1]
    files, sus = make_area(tmp_path, people, seed)
    assert sus is not None, "the generator wrote no hospital stays (SUS) for 2D"
    start, end = financial_years(files)[0]
    figures = independent(files, start, end, sus)
    empty = [key for key in oracle.KEYS if not figures[key][0] and not (key == "2D" and sus is None)]
    assert not empty, f"no one counted in {empty}: {figures}"
