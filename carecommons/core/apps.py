from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "carecommons.core"
    label = "core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from carecommons.core import links  # noqa: F401 - registers the deploy check of the site address
        from carecommons.core.sign_in_middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="carecommons-start-idle-clock")
