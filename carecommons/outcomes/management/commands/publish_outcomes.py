"""`manage.py publish_outcomes [--year 2025-26] [--population POP.csv]`: publish the outcomes at /outcomes/.

Care Commons' own records are written as a Client Level Data file into a temporary folder, the national measures
are worked out from it by DHSC's method for the year and for the rolling 12 months ending each of its quarters,
Care Commons' own measures are added, every count is suppressed (`rules.suppression`: fewer than 5 people is never
shown, nor anything that would give it away) and one release is saved. The file is deleted; the release keeps
only suppressed figures.

Without `--year` the period is the 12 months ending with the last complete quarter. The population file
(`age_band,population`, rows `18-64` and `65+`, as `ascof` reads) gives 2B and 2C their rate per 100,000 people;
without it those two are published without a figure, and the page says why.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from carecommons.outcomes import publishing
from carecommons.outcomes.services import release_publish


def financial_year(text: str) -> tuple[dt.date, dt.date]:
    """"2025-26" -> 1 April 2025 to 31 March 2026."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise CommandError(f"Give the year as 2025-26, not {text!r}")
    first = int(match.group(1))
    return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)


def last_complete_quarters(today: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months ending with the last quarter (of April-June, July-September...) that has ended."""
    quarter_month = ((today.month - 1) // 3) * 3 + 1  # January, April, July or October
    end = dt.date(today.year, quarter_month, 1) - dt.timedelta(days=1)
    return end.replace(year=end.year - 1) + dt.timedelta(days=1), end


class Command(BaseCommand):
    help = "Publish the outcomes (the national measures and Care Commons' own) at /outcomes/, small numbers suppressed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", help="A financial year, like 2025-26 (default: the 12 months to the last quarter)")
        parser.add_argument("--population", type=Path,
                            help="CSV of age_band,population (rows 18-64 and 65+) for 2B and 2C")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = financial_year(options["year"]) if options["year"] else last_complete_quarters(timezone.localdate())
        if end > timezone.localdate():
            raise CommandError(f"The year ends on {end:%-d %B %Y}, which has not come yet")
        population = None
        source = ""
        if options["population"] is not None:
            try:
                population = publishing.read_population(options["population"])
            except (OSError, ValueError) as error:
                raise CommandError(f"The population file could not be read: {error}") from error
            source = options["population"].name
        try:
            periods, results, own = publishing.measures_from_records(start, end, population=population)
        except publishing.PublishError as error:
            raise CommandError(str(error)) from None
        figures = publishing.release_figures(periods, results, own, population_given=population is not None)
        release = release_publish(period_start=start, period_end=end, figures=figures, population_source=source,
                                  fictional=bool(settings.CARECOMMONS.get("FICTIONAL")))
        shown = sum(1 for m in figures["measures"] + figures["own_measures"] if m["headline"] is not None)
        self.stdout.write(f"Published the outcomes for {start:%-d %B %Y} to {end:%-d %B %Y}: "
                          f"{shown} of {len(figures['measures']) + len(figures['own_measures'])} measures have figures "
                          f"(release {release.pk}).")
