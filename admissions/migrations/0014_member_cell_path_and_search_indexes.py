from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_cell_path(apps, schema_editor):
    """Existing members get their cell's path, in one UPDATE (2 million rows at national scale)."""
    Member = apps.get_model("admissions", "Member")
    Unit = apps.get_model("admissions", "Unit")
    Member.objects.update(cell_path=Subquery(Unit.objects.filter(pk=OuterRef("cell_id")).values("path")[:1]))


TRIGRAM_INDEX = "member_name_trgm_idx"


def create_trigram_index(apps, schema_editor):
    """The name search (name_folded LIKE '%…%') reads a trigram index on PostgreSQL; SQLite has none (and
    a small database needs none). Kept out of the model's Meta because SQLite cannot create it."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON admissions_member USING gin (name_folded gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("admissions", "0013_pending_import_reading"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="cell_path",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill_cell_path, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                fields=["cell_path"], name="member_cell_path_idx", opclasses=["varchar_pattern_ops"]
            ),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                fields=["national_id"],
                name="member_national_id_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ),
        TrigramExtension(),  # does nothing on SQLite
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
