from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "carecommons.participation"
    label = "participation"
    verbose_name = "Deciding money together: participatory budgeting"
