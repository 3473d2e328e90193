from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "carecommons.people"
    label = "people"

    def ready(self) -> None:
        from carecommons.people import subject_access

        subject_access.register()
