from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from carecommons.assessments.portable import PortableError, import_envelope


class Command(BaseCommand):
    help = "Import a signed assessment from another council and open a continuity record (Care Act ss37-38)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        try:
            assessment = import_envelope(data=path.read_bytes(), user=None, now=timezone.now())
        except PortableError as exc:
            raise CommandError(f"Not imported: {exc} Nothing has been saved.") from exc
        d = getattr(assessment, "determination", None)
        self.stdout.write(f"From {assessment.imported_from}: {assessment.get_kind_display().lower()} for {assessment.person.full_name}.")
        if d is not None:
            outcome = "eligible" if d.eligible else "not eligible"
            self.stdout.write(f"Determination: {outcome}; outcomes not achieved: {', '.join(d.unmet_outcomes) or 'none'}.")
        self.stdout.write(f"Opened a continuity record: needs will be met on {assessment.imported_from}'s basis until this "
                          f"council's own assessment (assessment {assessment.pk}).")
