from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "carecommons.conversations"
    label = "conversations"
