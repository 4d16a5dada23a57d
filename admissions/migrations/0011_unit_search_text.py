from django.db import migrations, models

from admissions.text import fold


def fill_search_text(apps, schema_editor):
    """Existing units get their folded code and name, in batches (a national tree has 300,000 units)."""
    Unit = apps.get_model("admissions", "Unit")
    batch = []
    for unit in Unit.objects.only("id", "code", "name").iterator(chunk_size=5000):
        unit.search_text = fold(f"{unit.code} {unit.name}")[:300]
        batch.append(unit)
        if len(batch) == 5000:
            Unit.objects.bulk_update(batch, ["search_text"])
            batch = []
    Unit.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("admissions", "0010_quota_changes_and_term_targets"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="search_text",
            field=models.CharField(default="", editable=False, max_length=300),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
