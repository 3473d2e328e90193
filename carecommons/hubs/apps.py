from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "carecommons.hubs"
    label = "hubs"
