from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "carecommons.relationships"
    label = "relationships"
    verbose_name = "Relationships: Shared Lives, Homeshare, personal assistants, continuity"

    def ready(self) -> None:
        from carecommons.relationships import subject_access

        subject_access.register()
