"""Load the ethnic groups (reference data) so that every database has them."""

from django.db import migrations


def load_groups(apps, schema_editor):
    from outpost.core import ethnic_groups

    ethnic_groups.load(apps.get_model("core", "EthnicGroup"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(load_groups, migrations.RunPython.noop),
    ]
