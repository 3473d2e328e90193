from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "carecommons.budgets"
    label = "budgets"

    def ready(self) -> None:
        from carecommons.budgets import access, subject_access

        access.register()
        subject_access.register()
