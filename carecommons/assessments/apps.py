from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "carecommons.assessments"
    label = "assessments"
