from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "carecommons.people"
    label = "people"
