from django.apps import AppConfig


class HospitalConfig(AppConfig):
    """Leaving hospital (issue 18): discharge requests from hospital wards, by their own systems (FHIR) or by ward
    staff, and the council's hospital team that plans with the person and their family."""

    name = "carecommons.hospital"
    label = "hospital"

    def ready(self) -> None:
        from carecommons.hospital import access, subject_access

        access.register()
        subject_access.register()
