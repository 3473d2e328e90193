from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "carecommons.market"
    label = "market"
    verbose_name = "The care market"
