"""Cells to values: booleans, dates, national IDs that lost their zeros, the cell by code or name."""

import datetime

import pytest

from admissions.models import Member
from tests import factories
from tests.admissions.imports.helpers import commit, problems, read
from tests.admissions.xlsx_helpers import HEADERS, row


@pytest.mark.parametrize(
    ("written", "expected"),
    [("x", True), ("Có", True), ("1", True), (1, True), ("", False), ("không", False)],
)
def test_boolean_cells_accept_the_usual_marks(tree, clerk, written, expected):
    headers = [*HEADERS, "Đoàn viên"]
    result = read([row(tree["deep_cell"].code, **{"Đoàn viên": written})], clerk, headers=headers)
    assert result.can_commit
    assert result.rows[0].values.get("youth_union", False) is expected


def test_excel_dates_and_text_dates_are_both_read(tree, clerk):
    rows = [
        row(tree["deep_cell"].code, number=1, **{"Ngày quyết định kết nạp": datetime.date(2023, 5, 19)}),
        row(tree["deep_cell"].code, number=2, **{"Ngày quyết định kết nạp": "5/6/2023"}),
    ]
    result = read(rows, clerk)
    assert [r.values["decision_date"] for r in result.rows] == [
        datetime.date(2023, 5, 19),
        datetime.date(2023, 6, 5),
    ]


def test_a_number_in_a_date_column_is_refused_with_a_hint(tree, clerk):
    result = read([row(tree["deep_cell"].code, **{"Ngày sinh": 1990})], clerk)
    assert "không phải ngày" in problems(result)[0][2]


def test_national_ids_written_as_text_keep_their_leading_zeros(tree, clerk):
    commit([row(tree["deep_cell"].code, **{"Số CCCD": "001203004005"})], clerk)
    assert Member.objects.get().national_id == "001203004005"


def test_a_numeric_national_id_that_lost_its_leading_zeros_is_padded_with_a_warning(tree, clerk):
    result = read([row(tree["deep_cell"].code, **{"Số CCCD": 1203004005})], clerk)
    assert result.can_commit
    assert result.rows[0].values["national_id"] == "001203004005"
    assert "001203004005" in result.warnings[0].message


def test_a_national_id_typed_as_text_with_a_missing_digit_is_refused(tree, clerk):
    result = read([row(tree["deep_cell"].code, **{"Số CCCD": "01203004005"})], clerk)
    assert problems(result)[0][1] == "Số CCCD"
    assert "12 chữ số" in problems(result)[0][2]


def test_cells_are_matched_by_code_or_by_name_ignoring_diacritics(tree, clerk):
    rows = [row(tree["deep_cell"].code.lower(), number=1), row("chi bo b1", number=2)]
    result = read(rows, clerk)
    assert [r.values["cell"] for r in result.rows] == [tree["deep_cell"], tree["cell_b"]]


def test_a_cell_outside_the_users_subtree_is_an_error(tree, commune_clerk):
    result = read([row(tree["cell_b"].code)], commune_clerk)
    assert problems(result) == [
        (2, "Chi bộ", f"Không tìm thấy chi bộ “{tree['cell_b'].code}” trong các đơn vị bạn quản lý.")
    ]


def test_a_cell_name_shared_by_two_cells_asks_for_the_code(tree, clerk):
    twin = factories.unit(parent=tree["commune_b"], name="Chi bộ A1a")
    result = read([row("Chi bộ A1a")], clerk)
    [(_row, _column, message)] = problems(result)
    assert "Hãy ghi mã chi bộ" in message
    # each look-alike is named once, with its TCCS
    assert f"Chi bộ A1a – Đảng bộ xã B (mã {twin.code})" in message
    assert f"Chi bộ A1a – Đảng bộ xã A (mã {tree['deep_cell'].code})" in message or "Đảng bộ xã A" in message


def test_a_unit_that_is_not_a_cell_is_refused(tree, clerk):
    result = read([row(tree["commune"].code)], clerk)
    assert problems(result)[0][1] == "Chi bộ"
