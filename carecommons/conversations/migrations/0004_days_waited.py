"""Each conversation keeps the days its person waited from first contact (ADR 0028); existing rows are filled in."""

from django.db import migrations, models


def fill_days_waited(apps, schema_editor):
    Conversation = apps.get_model("conversations", "Conversation")
    rows = Conversation.objects.filter(request__isnull=False).values_list("id", "held_on", "request__first_contact_on")
    batch = []
    for pk, held_on, first_contact_on in rows.iterator(chunk_size=5000):
        days = (held_on - first_contact_on).days
        batch.append(Conversation(pk=pk, days_waited=days if days >= 0 else None))
        if len(batch) >= 5000:
            Conversation.objects.bulk_update(batch, ["days_waited"])
            batch = []
    if batch:
        Conversation.objects.bulk_update(batch, ["days_waited"])


class Migration(migrations.Migration):
    dependencies = [("conversations", "0003_first_contact_on")]

    operations = [
        migrations.AddField(
            model_name="conversation", name="days_waited",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_days_waited, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="conversation", name="conversatio_held_on_6b88e9_idx"),
        migrations.AddIndex(
            model_name="conversation",
            index=models.Index(fields=["held_on", "days_waited"], name="conversation_held_waited"),
        ),
        migrations.RemoveIndex(model_name="followup", name="conversatio_created_1c5e61_idx"),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(fields=["created_at", "answered_at", "useful", "difference"], name="follow_up_results"),
        ),
    ]
