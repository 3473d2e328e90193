from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    """Adult safeguarding under Care Act s42 and Making Safeguarding Personal (issue 17): concerns from anyone,
    triage by the safeguarding team, and enquiries led by the person's own outcomes."""

    name = "carecommons.safeguarding"
    label = "safeguarding"

    def ready(self) -> None:
        from carecommons.safeguarding import access

        access.register()
