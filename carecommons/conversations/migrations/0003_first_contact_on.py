from django.db import migrations, models
from django.utils import timezone


def fill_first_contact_on(apps, schema_editor):
    ConversationRequest = apps.get_model("conversations", "ConversationRequest")
    for request in ConversationRequest.objects.only("id", "first_contact_at").iterator(chunk_size=2000):
        request.first_contact_on = timezone.localdate(request.first_contact_at)
        request.save(update_fields=["first_contact_on"])


class Migration(migrations.Migration):
    dependencies = [("conversations", "0002_initial")]

    operations = [
        migrations.AddField(
            model_name="conversationrequest", name="first_contact_on", field=models.DateField(null=True)
        ),
        migrations.RunPython(fill_first_contact_on, migrations.RunPython.noop),
        migrations.AlterField(model_name="conversationrequest", name="first_contact_on", field=models.DateField()),
    ]
