from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "carecommons.budgets"
    label = "budgets"

    def ready(self) -> None:
        from carecommons.budgets import access, subject_access

        access.register()
        subject_access.register()
        from django.db.models.signals import post_migrate

        from carecommons.budgets.rates_seed import seed_when_empty

        # The charging rates table is never left empty: after a new database or a test's flush, the verified
        # figures of rules/rates.py are put back (the data migration puts them in the first time).
        post_migrate.connect(seed_when_empty, sender=self, dispatch_uid="budgets-charging-rates-seed")
