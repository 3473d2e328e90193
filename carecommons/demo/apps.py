from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "carecommons.demo"
    label = "demo"
    verbose_name = "The fictional demo area and the benchmarks"
