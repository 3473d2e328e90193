from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("market", "0005_lowest_weekly_self")]

    operations = [
        migrations.AddField(
            model_name="location", name="website",
            field=models.CharField(blank=True, help_text="From CQC's directory, checked to be an http(s) address", max_length=300),
        ),
    ]
