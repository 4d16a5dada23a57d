"""Headers and choices are matched as clerks write them: without diacritics, by alias, by code."""

import pytest

from tests.admissions.imports.helpers import problems, read
from tests.admissions.xlsx_helpers import HEADERS, row


def test_headers_without_diacritics_and_aliases_are_accepted(tree, clerk):
    headers = ["ho ten", "GIOI TINH", "Ngày tháng năm sinh", "CCCD", "nghe nghiep", "Trình độ văn hóa",
               "Mã chi bộ", "Số QĐ", "Ngày QĐ", "STT"]  # fmt: skip
    values = [
        "Lê Thị Hoa",
        "nữ",
        "01/02/1990",
        "001190000001",
        "Nong dan",
        "12",
        "U5",
        "7-QĐ/HU",
        "19/05/2023",
        "1",
    ]
    values[6] = tree["deep_cell"].code
    result = read([values], clerk, headers=headers)
    assert result.can_commit, problems(result)
    assert result.ignored_headers == ["STT"]
    fields = result.rows[0].values
    assert fields["sex"] == "F"
    assert fields["schooling"] == "12/12"
    assert fields["occupation"] == "nong_dan"


@pytest.mark.parametrize("written", ["nữ", "Nu", "NỮ", "F", " nữ "])
def test_choices_match_by_label_or_code_ignoring_case_and_diacritics(tree, clerk, written):
    result = read([row(tree["deep_cell"].code, **{"Giới tính": written})], clerk)
    assert result.rows[0].values["sex"] == "F"


def test_an_unknown_choice_names_the_value(tree, clerk):
    result = read([row(tree["deep_cell"].code, **{"Nghề nghiệp": "Phi hành gia"})], clerk)
    assert problems(result)[0][1] == "Nghề nghiệp"
    assert "Phi hành gia" in problems(result)[0][2]


def test_ethnicity_and_religion_are_matched_loosely(tree, clerk):
    headers = [*HEADERS, "Dân tộc", "Tôn giáo"]
    result = read(
        [row(tree["deep_cell"].code, **{"Dân tộc": "Ê-đê", "Tôn giáo": "cong giao"})], clerk, headers=headers
    )
    assert (result.rows[0].values["ethnicity"], result.rows[0].values["religion"]) == ("Ê Đê", "cong_giao")
