from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("market", "0006_location_website")]

    operations = [
        migrations.AddField(model_name="location", name="vacancies",
                            field=models.PositiveSmallIntegerField(blank=True, help_text="Free places, as the provider last said", null=True)),
        migrations.AddField(model_name="location", name="vacancies_on",
                            field=models.DateField(blank=True, help_text="When the provider said how many places were free", null=True)),
    ]
