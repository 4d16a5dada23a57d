"""Each row is checked like a record typed in by hand; same-person rows are warned of, not refused."""

import datetime

from tests import factories
from tests.admissions.imports.helpers import problems, read
from tests.admissions.xlsx_helpers import row


def test_model_validation_errors_are_reported_per_row_and_column(tree, clerk):
    too_young = row(tree["deep_cell"].code, number=1, **{"Ngày sinh": "20/05/2005"})
    result = read([row(tree["deep_cell"].code, number=2), too_young], clerk)
    ((number, column, message),) = problems(result)
    assert (number, column) == (3, "Ngày sinh")
    assert "Chưa đủ 18 tuổi" in message


def test_a_blank_required_cell_is_reported_in_vietnamese(tree, clerk):
    result = read([row(tree["deep_cell"].code, **{"Số quyết định kết nạp": ""})], clerk)
    ((number, column, message),) = problems(result)
    assert (number, column) == (2, "Số quyết định kết nạp")
    assert "không được để" in message


def test_the_same_national_id_twice_in_the_file_names_the_first_row(tree, clerk):
    rows = [row(tree["deep_cell"].code, number=n, **{"Số CCCD": "001203004005"}) for n in (1, 2)]
    result = read(rows, clerk)
    assert problems(result) == [(3, "Số CCCD", "Số CCCD này trùng với dòng 2.")]


def test_a_national_id_already_recorded_outside_the_users_scope_is_an_error(tree, commune_clerk):
    # Inside the scope the row would update that member (tests/admissions/imports/test_updating.py).
    factories.member(tree["cell_b"], national_id="001203004005")
    result = read([row(tree["deep_cell"].code, **{"Số CCCD": "001203004005"})], commune_clerk)
    assert problems(result) == [(2, "Số CCCD", "Số CCCD này đã có trong danh sách đảng viên mới.")]


def test_same_name_and_birth_date_in_the_file_or_the_database_is_a_warning_only(tree, clerk):
    born = datetime.date(1995, 1, 2)
    factories.member(tree["cell_b"], full_name="Nguyễn Văn Số 1", date_of_birth=born)
    rows = [
        row(tree["deep_cell"].code, number=1),
        row(tree["deep_cell"].code, number=2, **{"Họ và tên": "NGUYEN VAN SO 1", "Ngày sinh": born}),
    ]
    result = read(rows, clerk)
    assert result.can_commit
    messages = [(w.row, w.message) for w in result.warnings]
    assert (2, "Đã có đảng viên cùng họ tên và ngày sinh trong dữ liệu.") in messages
    assert (3, "Cùng họ tên và ngày sinh với dòng 2.") in messages
