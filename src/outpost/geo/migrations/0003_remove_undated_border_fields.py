"""The undated border fields go once their values are flags (0002): a separate migration, so
that PostgreSQL alters the table outside the transaction that wrote the flags."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0002_border_flags"),
    ]

    operations = [
        migrations.RemoveField(model_name="adminunit", name="border_countries"),
        migrations.RemoveField(model_name="adminunit", name="is_border"),
    ]
