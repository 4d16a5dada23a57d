"""Member.age_months: the age at the decision in full months, a column the database generates (admissions.functions.AgeInMonths).

Adding it computes it for every existing record: about three minutes for 2 million members on PostgreSQL,
which rewrites the table. Run VACUUM ANALYZE admissions_member afterwards (or let autovacuum do it).
"""

import admissions.functions
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('admissions', '0004_unit_depth_path_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='member',
            name='age_months',
            field=models.GeneratedField(db_persist=True, expression=admissions.functions.AgeInMonths(models.F('date_of_birth'), models.F('decision_date')), output_field=models.IntegerField(), verbose_name='tuổi tại ngày quyết định kết nạp (số tháng)'),
        ),
    ]
