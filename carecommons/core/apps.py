from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "carecommons.core"
    label = "core"
