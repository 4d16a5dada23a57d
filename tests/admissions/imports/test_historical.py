"""Members admitted years ago imported as they are today: full or struck off, with their card and record
numbers, checked as the member form checks them (a full member is confirmed 12 months after the ceremony)."""

import datetime

from admissions.choices import MemberStatus
from admissions.models import Member
from tests.admissions import xlsx_helpers
from tests.admissions.imports.helpers import commit, problems, read

HEADERS = [
    *xlsx_helpers.HEADERS,
    "Ngày lễ kết nạp",
    "Trạng thái",
    "Ngày công nhận chính thức",
    "Số thẻ đảng viên",
    "Số lý lịch",
]


def historical(cell_code, number, **overrides):
    values = {
        "Ngày quyết định kết nạp": "10/03/2018",
        "Ngày lễ kết nạp": "02/04/2018",
        "Trạng thái": "Chính thức",
        "Ngày công nhận chính thức": "05/04/2019",
        "Số thẻ đảng viên": f"79.0{number:05d}",
        "Số lý lịch": f"LL-{number:04d}",
    }
    values.update(overrides)
    return xlsx_helpers.row(cell_code, number=number, **values)


def test_a_full_member_admitted_years_ago_arrives_full_with_card_and_record_numbers(tree, clerk):
    _result, created = commit([historical(tree["deep_cell"].code, 1)], clerk, headers=HEADERS)
    assert created == 1
    member = Member.objects.get()
    assert member.status == MemberStatus.FULL
    assert member.confirmation_date == datetime.date(2019, 4, 5)
    assert (member.card_number, member.record_number) == ("79.000001", "LL-0001")
    assert not Member.objects.filter(status=MemberStatus.PROBATIONARY).exists()  # not on the probation list


def test_a_confirmation_before_twelve_months_of_probation_is_flagged_on_its_cell(tree, clerk):
    rows = [historical(tree["deep_cell"].code, 1, **{"Ngày công nhận chính thức": "05/10/2018"})]
    result = read(rows, clerk, headers=HEADERS)
    assert problems(result) == [
        (
            2,
            "Ngày công nhận chính thức",
            "Ngày công nhận chính thức phải sau khi đủ 12 tháng dự bị (từ 02/04/2019).",
        )
    ]


def test_a_full_status_without_a_confirmation_date_is_flagged(tree, clerk):
    rows = [historical(tree["deep_cell"].code, 1, **{"Ngày công nhận chính thức": None})]
    [(row, column, _message)] = problems(read(rows, clerk, headers=HEADERS))
    assert (row, column) == (2, "Ngày công nhận chính thức")


def test_a_confirmation_date_without_a_status_column_means_a_full_member(tree, clerk):
    headers = [header for header in HEADERS if header != "Trạng thái"]
    _result, created = commit([historical(tree["deep_cell"].code, 1)], clerk, headers=headers)
    assert created == 1
    assert Member.objects.get().status == MemberStatus.FULL


def test_a_struck_off_member_keeps_the_date_of_striking_off(tree, clerk):
    headers = [*HEADERS, "Ngày xóa tên"]
    row = historical(
        tree["deep_cell"].code, 1, **{"Trạng thái": "Xóa tên", "Ngày công nhận chính thức": None,
                                      "Ngày xóa tên": "01/03/2019"}
    )  # fmt: skip
    _result, created = commit([row], clerk, headers=headers)
    assert created == 1
    member = Member.objects.get()
    assert (member.status, member.struck_off_date) == (MemberStatus.STRUCK_OFF, datetime.date(2019, 3, 1))
