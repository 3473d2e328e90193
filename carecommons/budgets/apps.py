from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "carecommons.budgets"
    label = "budgets"
