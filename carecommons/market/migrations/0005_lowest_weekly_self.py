"""What a person paying for themselves is charged, kept beside the council's price; the council's price no longer
counts fees marked "people who pay for themselves only"."""

from django.db import migrations, models
from django.db.models import Min, Q


def recompute(apps, schema_editor):
    Location = apps.get_model("market", "Location")
    weekly = Q(charges__kind="weekly_fee", charges__amount__gt=0)
    rows = (Location.objects.annotate(w=Min("charges__amount", filter=weekly & Q(charges__self_funder_only=False)),
                                      s=Min("charges__amount", filter=weekly & Q(charges__self_funder_only=True)))
            .filter(Q(w__isnull=False) | Q(s__isnull=False)).values_list("pk", "w", "s"))
    for pk, council, self_only in rows.iterator(chunk_size=2000):
        Location.objects.filter(pk=pk).update(lowest_weekly=council, lowest_weekly_self=self_only if self_only is not None else council)


class Migration(migrations.Migration):
    dependencies = [("market", "0004_signin_profile_link_expiry")]

    operations = [
        migrations.AlterField(
            model_name="location", name="lowest_weekly",
            field=models.PositiveIntegerField(blank=True, null=True,
                                              help_text="The lowest published weekly fee when the council pays (kept by charges)"),
        ),
        migrations.AddField(
            model_name="location", name="lowest_weekly_self",
            field=models.PositiveIntegerField(blank=True, null=True,
                                              help_text="The lowest weekly fee a person paying for themselves is charged (kept by charges)"),
        ),
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
