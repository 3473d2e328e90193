from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """The outcomes framework: Client Level Data out of the work, the ASCOF measures by DHSC's method, and
    the public page that publishes them without identifying anyone (issue 16, ADR 0033)."""

    name = "carecommons.outcomes"
    label = "outcomes"
