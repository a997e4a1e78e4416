"""Border flags become dated records: every unit flagged on the undated `is_border` /
`border_countries` fields gets one flag over its own validity, then the fields go, so that
"was this a border commune on D" has one answer (the flags)."""

import django.db.models.deletion
from django.db import migrations, models


def flags_from_fields(apps, schema_editor):
    AdminUnit = apps.get_model("geo", "AdminUnit")
    BorderFlag = apps.get_model("geo", "BorderFlag")
    AuditEvent = apps.get_model("core", "AuditEvent")
    events = []
    for unit in AdminUnit.objects.filter(is_border=True).order_by("pk").iterator():
        codes = sorted({c.strip().upper() for c in unit.border_countries.split(",") if c.strip()})
        flag = BorderFlag.objects.create(
            unit=unit,
            countries=",".join(codes),
            valid_from=unit.valid_from,
            valid_to=unit.valid_to,
        )
        changes = {
            "unit": [None, unit.pk],
            "countries": [None, flag.countries],
            "valid_from": [None, unit.valid_from.isoformat() if unit.valid_from else None],
            "valid_to": [None, unit.valid_to.isoformat() if unit.valid_to else None],
        }
        events.append(
            AuditEvent(
                action="create",
                source="system",
                object_type="geo.borderflag",
                object_id=str(flag.pk),
                object_repr=f"{unit.name} ({unit.code}): {flag.countries}"[:300],
                changes=changes,
                commune_id=unit.pk if unit.level == "commune" else None,
                note="border flag dated from the undated is_border field",
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=2000)


def fields_from_flags(apps, schema_editor):
    """Back to the undated fields: a unit is flagged with the countries of its latest flag."""
    AdminUnit = apps.get_model("geo", "AdminUnit")
    BorderFlag = apps.get_model("geo", "BorderFlag")
    for flag in BorderFlag.objects.order_by("unit_id", "valid_from").iterator():
        AdminUnit.objects.filter(pk=flag.unit_id).update(
            is_border=True, border_countries=flag.countries
        )


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0001_initial"),
        ("core", "0002_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="BorderFlag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "valid_from",
                    models.DateField(
                        blank=True, db_index=True, null=True, verbose_name="valid from"
                    ),
                ),
                (
                    "valid_to",
                    models.DateField(
                        blank=True, db_index=True, null=True, verbose_name="valid to (exclusive)"
                    ),
                ),
                (
                    "end_reason",
                    models.CharField(blank=True, max_length=300, verbose_name="reason ended"),
                ),
                (
                    "countries",
                    models.CharField(max_length=20, verbose_name="neighbouring countries"),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="border_flags",
                        to="geo.adminunit",
                    ),
                ),
            ],
            options={
                "ordering": ["unit_id", models.OrderBy(models.F("valid_from"), nulls_first=True)],
                "indexes": [
                    models.Index(
                        fields=["unit", "valid_from"], name="geo_borderf_unit_id_a7bcab_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(flags_from_fields, fields_from_flags),
    ]
