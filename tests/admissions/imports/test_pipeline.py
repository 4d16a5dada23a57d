"""The import end to end: a valid file goes in completely, a file with one bad row writes nothing."""

import datetime

import pytest

from admissions import services
from admissions.imports import updating
from admissions.models import Member
from tests.admissions.imports.helpers import commit, problems, read
from tests.admissions.xlsx_helpers import HEADERS, row


def test_a_valid_file_goes_in_completely_with_derived_fields(tree, clerk):
    rows = [row(tree["deep_cell"].code, number=n) for n in range(1, 6)] + [row(tree["school"].code, number=9)]
    result, created = commit(rows, clerk)
    assert created == 6
    assert not result.errors
    first = Member.objects.get(national_id="001200000001")
    assert first.full_name == "Nguyễn Văn Số 1"
    assert first.sex == "M"
    assert first.occupation == "nong_dan"
    assert first.date_of_birth == datetime.date(1995, 1, 2)
    assert first.decision_date == datetime.date(2023, 5, 19)
    assert first.grassroots == tree["commune"]
    assert first.cell == tree["deep_cell"]
    assert first.created_by == clerk
    assert first.name_folded == "nguyen van so 1"
    assert Member.objects.get(national_id="001200000009").grassroots == tree["school"]


def test_reading_writes_nothing(tree, clerk):
    result = read([row(tree["deep_cell"].code)], clerk)
    assert result.can_commit
    assert Member.objects.count() == 0


def test_one_bad_row_among_100_writes_nothing_and_names_the_row(tree, clerk):
    rows = [row(tree["deep_cell"].code, number=n) for n in range(1, 101)]
    rows[56]["Ngày sinh"] = "31/02/1990"  # row 58 in Excel: the header is row 1
    result, created = commit(rows, clerk)
    assert created == 0
    assert Member.objects.count() == 0
    assert not result.can_commit
    assert problems(result) == [(58, "Ngày sinh", "Ngày “31/02/1990” không có trên lịch.")]


def test_a_national_id_recorded_between_the_check_and_the_write_is_a_message_not_an_error(
    tree, clerk, monkeypatch
):
    # The same file committed twice, the second time as if someone had recorded the same people after the
    # service's check: the database's unique constraint refuses the write (COPY on PostgreSQL, INSERT on
    # SQLite), nothing more is written, and the clerk is told in Vietnamese.
    rows = [row(tree["deep_cell"].code, number=n) for n in range(1, 4)]
    assert commit(rows, clerk)[1] == 3
    monkeypatch.setattr(services.bulk_members, "_national_ids_recorded", lambda national_ids: set())
    # ... and after the import looked for the members the file might update
    monkeypatch.setattr(updating, "members_matching", lambda **_lookups: ({}, {}))
    result, created = commit(rows, clerk)
    assert created == 0
    assert problems(result) == [
        (0, "", "Dữ liệu vừa thay đổi trong lúc nhập (có thể trùng số CCCD). Hãy tải tệp lên lại.")
    ]
    assert Member.objects.count() == 3


@pytest.mark.parametrize("text", ["=1+1", "+84912345678", "-", "@x", '=HYPERLINK("http://x")'])
def test_a_formula_looking_cell_round_trips_as_text(tree, clerk, text):
    _result, created = commit([row(tree["deep_cell"].code, **{"Ghi chú": text})], clerk)
    assert created == 1
    assert Member.objects.get().notes == text


def test_blank_optional_cells_take_the_models_defaults(tree, clerk):
    headers = [*HEADERS, "Dân tộc", "Tôn giáo", "Chuyên môn, nghiệp vụ", "Đoàn viên"]
    commit([row(tree["deep_cell"].code)], clerk, headers=headers)
    member = Member.objects.get()
    assert (member.ethnicity, member.religion, member.qualification, member.youth_union) == (
        "Kinh",
        "none",
        "none",
        False,
    )
