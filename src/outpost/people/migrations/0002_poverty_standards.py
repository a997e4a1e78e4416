from django.db import migrations

STANDARDS = [
    {
        "code": "ND07-2021",
        "name": "Nghị định 07/2021/NĐ-CP (2022-2026)",
        "year_from": 2022,
        "year_to": 2026,
        "rural_line": 1_500_000,
        "urban_line": 2_000_000,
    },
    {
        "code": "2027-2030",
        "name": "Chuẩn nghèo đa chiều giai đoạn 2027-2030",
        "year_from": 2027,
        "year_to": 2030,
        "rural_line": 2_200_000,
        "urban_line": 2_800_000,
    },
]


def load(apps, schema_editor):
    PovertyStandard = apps.get_model("people", "PovertyStandard")
    for row in STANDARDS:
        PovertyStandard.objects.update_or_create(code=row["code"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
