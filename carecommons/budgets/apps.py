from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "carecommons.budgets"
    label = "budgets"

    def ready(self) -> None:
        from carecommons.budgets import access

        access.register()
