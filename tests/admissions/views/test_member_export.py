"""The member list's .xlsx and .csv exports: the page's rows and order, every page of them, same scope."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories


def xlsx_names(response) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("Họ và tên")
    return [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]


def csv_lines(response) -> list[str]:
    return b"".join(response.streaming_content).decode("utf-8-sig").splitlines()


def test_xlsx_export_has_the_filtered_rows_in_the_order_of_the_list(as_staff, tree):
    for name in ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Văn An", "Phạm Thị Hoa"]:
        factories.member(tree["deep_cell"], full_name=name)
    params = {"q": "van", "sort": "-full_name"}
    response = as_staff.get(reverse("member_export_xlsx"), params)
    assert response["Content-Disposition"].startswith('attachment; filename="dang-vien-moi-')
    assert xlsx_names(response) == ["Trần Văn Bình", "Lê Văn An"]


def test_export_takes_every_page_not_only_the_one_shown(as_staff, tree):
    for number in range(30):
        factories.member(tree["deep_cell"], full_name=f"Người Số {number}")
    response = as_staff.get(reverse("member_export_xlsx"), {"page": 2})
    assert len(xlsx_names(response)) == 30


def test_clerk_exports_only_their_subtree(as_clerk, tree):
    factories.member(tree["deep_cell"], full_name="Trong Xã")
    factories.member(tree["cell_b"], full_name="Xã Khác")
    assert xlsx_names(as_clerk.get(reverse("member_export_xlsx"))) == ["Trong Xã"]
    lines = csv_lines(as_clerk.get(reverse("member_export_csv")))
    assert len(lines) == 2
    assert "Trong Xã" in lines[1]


def test_csv_export_streams_with_a_byte_order_mark(as_staff, tree):
    factories.member(tree["deep_cell"], full_name="Nguyễn Văn An")
    response = as_staff.get(reverse("member_export_csv"))
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    assert "Nguyễn Văn An".encode() in body


def test_bad_filter_values_export_what_the_page_shows_rather_than_fail(as_staff, tree):
    factories.member(tree["deep_cell"])
    params = {"year": "abc", "unit": "x", "sort": "evil"}
    page = as_staff.get(reverse("member_list"), params)
    response = as_staff.get(reverse("member_export_xlsx"), params)
    shown = [member.full_name for member in page.context["table"].page.object_list.data]
    assert response.status_code == 200
    assert xlsx_names(response) == shown


@pytest.mark.parametrize("name", ["member_export_xlsx", "member_export_for_import"])
def test_export_query_count_does_not_grow_with_rows(as_staff, tree, name):
    counts = []
    for batch in (5, 55):
        for number in range(batch):
            factories.member(tree["deep_cell"], full_name=f"Người {batch} {number}")
        with CaptureQueriesContext(connection) as queries:
            b"".join(as_staff.get(reverse(name)).streaming_content)
        counts.append(len(queries))
    assert counts[0] == counts[1]
