"""Member.age_months: the age at the decision in full months, stored so that Biểu 2 reads it as a plain column.

Computed for the existing records in the database with the same rule as Member.derive() (one UPDATE; about a
minute for 2 million records on PostgreSQL). After it, run VACUUM ANALYZE admissions_member (or let
autovacuum do it): the update rewrites every row, and index-only scans need the visibility map.
"""

from django.db import migrations, models


def fill_ages(apps, schema_editor):
    from admissions.functions import age_in_months_sql

    Member = apps.get_model("admissions", "Member")
    Member.objects.using(schema_editor.connection.alias).update(age_months=age_in_months_sql())


class Migration(migrations.Migration):
    dependencies = [("admissions", "0004_unit_depth_path_index")]

    operations = [
        migrations.AddField(
            model_name="member",
            name="age_months",
            field=models.PositiveSmallIntegerField(
                editable=False, null=True, verbose_name="tuổi tại ngày quyết định kết nạp (số tháng)"
            ),
        ),
        migrations.RunPython(fill_ages, migrations.RunPython.noop),
    ]
