from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "carecommons.relationships"
    label = "relationships"
    verbose_name = "Relationships: Shared Lives, Homeshare, personal assistants, continuity"
