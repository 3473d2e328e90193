# The community group in a plan now comes from the community directory, whose ids are UUIDs: the old
# link (to a hub's host organisation) is dropped and a new one added, since PostgreSQL cannot cast
# a bigint key to a UUID.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('budgets', '0002_ledger_append_only'),
        ('directory', '0002_next_steps'),
    ]

    operations = [
        migrations.RemoveField(model_name='planitem', name='community_group'),
        migrations.AddField(
            model_name='planitem',
            name='community_group',
            field=models.ForeignKey(blank=True, help_text='A service from the community directory', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='directory.service'),
        ),
    ]
