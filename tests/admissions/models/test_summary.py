"""The admissions summary has one column per fixed row of Biểu 2: a row added to Biểu 2 needs its column
(and a migration that rebuilds the summary), or the report of a committee could not read it."""

from admissions.models import BREAKDOWN_COLUMNS, AdmissionSummary, summary_column
from reports.attainment import SECTIONS


def test_every_fixed_row_of_bieu_2_but_the_total_has_its_column():
    rows = [summary_column(key) for _title, fixed in SECTIONS for key, *_rest in fixed if key != "total"]
    assert sorted(rows) == sorted(BREAKDOWN_COLUMNS)  # the order of the columns is the summary's own
    assert len(set(BREAKDOWN_COLUMNS)) == len(BREAKDOWN_COLUMNS)
    fields = {field.name for field in AdmissionSummary._meta.get_fields()}
    assert set(BREAKDOWN_COLUMNS) <= fields
