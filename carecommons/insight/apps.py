from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "carecommons.insight"
    label = "insight"
