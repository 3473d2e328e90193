from django.db import migrations


def install(apps, schema_editor):
    from carecommons.participation.library import install as run

    run(apps)


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
