from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "carecommons.directory"
    label = "directory"
    verbose_name = "Community directory (Open Referral UK)"
