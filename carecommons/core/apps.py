from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "carecommons.core"
    label = "core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.core.exceptions import ImproperlyConfigured

        from carecommons.core import (
            links,  # noqa: F401 - registers the deploy check of the site address
            messaging,  # registers the check that the chosen messages backend is set up
        )

        problems = messaging.configuration_problems()
        if problems:  # GOV.UK Notify chosen without its key or a template: refuse to start, saying what is missing
            raise ImproperlyConfigured(" ".join(problems))
        from carecommons.core.sign_in_middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="carecommons-start-idle-clock")
