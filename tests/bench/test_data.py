"""The data the benchmark prepares: the workbook it feeds the importer."""

import openpyxl

from admissions.models import Member, Unit
from bench import data, hooks
from devdata import scale


def test_import_workbook_has_the_importer_headers_and_new_valid_rows(db, tmp_path):
    scale.generate("district", years=1, seed=5)
    path = tmp_path / "import.xlsx"
    data.make_import_workbook(path, 40)
    rows = list(openpyxl.load_workbook(path, read_only=True).active.values)
    assert list(rows[0]) == [header for header, _key in hooks.IMPORT_HEADERS]
    assert len(rows) == 41
    headers = list(rows[0])
    ids = [row[headers.index("Số CCCD")] for row in rows[1:]]
    assert len(set(ids)) == 40
    assert all(len(value) == 12 and value.isdigit() for value in ids)
    assert not Member.objects.filter(national_id__in=ids).exists()
    codes = {row[headers.index("Mã chi bộ")] for row in rows[1:]}
    assert Unit.objects.cells().filter(code__in=codes).count() == len(codes)
