"""Charging rates as rows with their sources; the verified figures of rules/rates.py put in as applied."""

import django.db.models.deletion
from django.utils import timezone
from django.conf import settings
from django.db import migrations, models


def seed(apps, schema_editor):
    from carecommons.budgets.rates_seed import seed_charging_rates

    seed_charging_rates(apps.get_model("budgets", "ChargingRateEntry"), apps.get_model("budgets", "ChargingRate"),
                        apps.get_model("budgets", "ChargingRateEvent"), now=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ('budgets', '0007_direct_payments'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ChargingRateEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.CharField(help_text='The financial year, like 2026-27', max_length=7)),
                ('starts', models.DateField(help_text='1 April')),
                ('ends', models.DateField(help_text='31 March, the last day these rates cover')),
                ('status', models.CharField(choices=[('waiting', 'Waiting to be checked'), ('applied', 'Applied'), ('not_applied', 'Not applied')], default='waiting', max_length=12)),
                ('reason', models.TextField(blank=True, help_text='For a correction: why the figures are changed')),
                ('lower_confirmed', models.BooleanField(default=False, help_text="Figures lower than last year's were confirmed")),
                ('entered_at', models.DateTimeField()),
                ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('entered_by', models.ForeignKey(blank=True, help_text='Empty for the figures first put in from rules/rates.py', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-year', '-entered_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ChargingRate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('figure', models.CharField(choices=[('upper_capital_limit', 'Upper capital limit'), ('lower_capital_limit', 'Lower capital limit'), ('tariff_step', 'Tariff income step (£1 a week for each step of capital)'), ('personal_expenses_allowance', 'Personal Expenses Allowance (care homes)'), ('mig:single_18_24', 'Minimum Income Guarantee: a single person aged 18 to 24'), ('mig:single_25_to_pension_age', 'Minimum Income Guarantee: a single person aged 25 or over and under pension credit age'), ('mig:single_pension_age', 'Minimum Income Guarantee: a single person at or over pension credit age'), ('mig:couple_both_under_pension_age', 'Minimum Income Guarantee: a member of a couple, both under pension credit age'), ('mig:couple_one_over_pension_age', 'Minimum Income Guarantee: a member of a couple, one at or over pension credit age'), ('mig:couple_both_over_pension_age', 'Minimum Income Guarantee: a member of a couple, both at or over pension credit age'), ('premium:disability', 'Premium: disability premium'), ('premium:enhanced_disability', 'Premium: enhanced disability premium'), ('premium:carer', 'Premium: carer premium'), ('dependent_child', 'Minimum Income Guarantee: each dependent child'), ('council:upper_capital_limit', "Council's own upper capital limit (care outside a care home)"), ('council:lower_capital_limit', "Council's own lower capital limit (care outside a care home)"), ('council:mig:single_18_24', "Council's own Minimum Income Guarantee: a single person aged 18 to 24"), ('council:mig:single_25_to_pension_age', "Council's own Minimum Income Guarantee: a single person aged 25 or over and under pension credit age"), ('council:mig:single_pension_age', "Council's own Minimum Income Guarantee: a single person at or over pension credit age"), ('council:mig:couple_both_under_pension_age', "Council's own Minimum Income Guarantee: a member of a couple, both under pension credit age"), ('council:mig:couple_one_over_pension_age', "Council's own Minimum Income Guarantee: a member of a couple, one at or over pension credit age"), ('council:mig:couple_both_over_pension_age', "Council's own Minimum Income Guarantee: a member of a couple, both at or over pension credit age")], max_length=60)),
                ('pence', models.PositiveIntegerField()),
                ('source', models.TextField(help_text="The regulation and paragraph, the circular, or the council's decision")),
                ('supersedes', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='superseded_by', to='budgets.chargingrate')),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='figures', to='budgets.chargingrateentry')),
            ],
            options={
                'ordering': ['entry', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ChargingRateEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('what', models.CharField(max_length=20)),
                ('detail', models.JSONField()),
                ('at', models.DateTimeField()),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='budgets.chargingrateentry')),
            ],
            options={
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='chargingrateentry',
            constraint=models.CheckConstraint(condition=models.Q(('ends__gt', models.F('starts'))), name='charging_entry_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='chargingrateentry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'applied'), _negated=True), ('confirmed_at__isnull', False), _connector='OR'), name='charging_entry_applied_is_confirmed'),
        ),
        migrations.AddConstraint(
            model_name='chargingrate',
            constraint=models.CheckConstraint(condition=models.Q(('pence__gt', 0)), name='charging_rate_more_than_nothing'),
        ),
        migrations.AddConstraint(
            model_name='chargingrate',
            constraint=models.CheckConstraint(condition=models.Q(('source', ''), _negated=True), name='charging_rate_has_a_source'),
        ),
        migrations.AddConstraint(
            model_name='chargingrate',
            constraint=models.UniqueConstraint(fields=('entry', 'figure'), name='charging_rate_once_per_entry'),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
