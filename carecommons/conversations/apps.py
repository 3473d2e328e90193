from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "carecommons.conversations"
    label = "conversations"

    def ready(self) -> None:
        from carecommons.conversations import access, subject_access, tallies

        access.register()
        tallies.connect()
        subject_access.register()
