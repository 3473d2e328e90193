from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "carecommons.assessments"
    label = "assessments"

    def ready(self) -> None:
        from carecommons.assessments import subject_access

        subject_access.register()
