"""The benchmark harness: its table arithmetic and the workbook it feeds the importer."""

import openpyxl

from admissions.models import Member, Unit
from bench import hooks, run
from devdata import scale


def test_a_row_shows_median_spread_and_the_ratio_ours_over_peer():
    row = run.Row("report", "ms", [30.0, 10.0, 20.0], [8.0, 12.0, 10.0], "≤ 2× floor + 30 ms", True)
    _name, ours, spread, peer, ratio, _target, ok = row.cells()
    assert (ours, spread, peer, ratio, ok) == (
        "20.0 ms",
        "ours 10.0 – 30.0 ms; peer 8.0 – 12.0 ms",
        "10.0 ms",
        "2.00",
        "yes",
    )


def test_a_missing_feature_prints_not_available_instead_of_failing():
    row = run.Row("members list", "req/s", None, [12.0], "≥ 1× admin", None, "member_list not routed yet")
    assert row.cells()[1] == "not available" and row.cells()[4] == "–"
    assert row.cells()[6] == "– (member_list not routed yet)"


def test_import_workbook_has_the_importer_headers_and_new_valid_rows(db, tmp_path):
    scale.generate("district", years=1, seed=5)
    path = tmp_path / "import.xlsx"
    run.make_import_workbook(path, 40)
    rows = list(openpyxl.load_workbook(path, read_only=True).active.values)
    assert list(rows[0]) == [header for header, _key in hooks.IMPORT_HEADERS]
    assert len(rows) == 41
    headers = list(rows[0])
    ids = [row[headers.index("Số CCCD")] for row in rows[1:]]
    assert len(set(ids)) == 40 and all(len(value) == 12 and value.isdigit() for value in ids)
    assert not Member.objects.filter(national_id__in=ids).exists()
    codes = {row[headers.index("Mã chi bộ")] for row in rows[1:]}
    assert Unit.objects.cells().filter(code__in=codes).count() == len(codes)
