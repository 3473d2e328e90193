from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from carecommons.assessments.models import Assessment
from carecommons.assessments.portable import PortableError, export_envelope


class Command(BaseCommand):
    help = "Export an assessment as signed FHIR, for the person to take to another council."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("--out", required=True, help="The file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        assessment = Assessment.objects.select_related("person").filter(pk=options["assessment_id"]).first()
        if assessment is None:
            raise CommandError(f"There is no assessment {options['assessment_id']}.")
        try:
            data = export_envelope(assessment=assessment, now=timezone.now())
        except PortableError as exc:
            raise CommandError(str(exc)) from exc
        Path(options["out"]).write_bytes(data)
        self.stdout.write(f"Wrote the signed assessment for {assessment.person.full_name} to {options['out']}.")
