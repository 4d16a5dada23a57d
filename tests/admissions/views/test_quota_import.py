"""Bulk load of an allocation sheet from a workbook: the template holds the sheet's rows, the upload is
previewed with each row's errors, and only a file without errors can be written, all rows at once."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from admissions import services
from admissions.models import Quota
from tests import factories


def query(tree, year=2024):
    return f"?unit={tree['district'].pk}&year={year}&source=assigned"


def template(as_staff, tree) -> openpyxl.Workbook:
    response = as_staff.get(reverse("quota_import_template") + query(tree))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def upload(as_staff, tree, book: openpyxl.Workbook, **fields):
    buffer = io.BytesIO()
    book.save(buffer)
    data = {"workbook": SimpleUploadedFile("chi-tieu.xlsx", buffer.getvalue()), **fields}
    return as_staff.post(reverse("quota_import") + query(tree), data)


def fill(book, targets: dict) -> openpyxl.Workbook:
    sheet = book.active
    for row in sheet.iter_rows(min_row=5):
        if row[0].value in targets:
            row[3].value = targets[row[0].value]
    return book


def confirm(as_staff, response, **extra):
    """Posts the preview's own form (its hidden cells) to the quota sheet, as the button does."""
    html = response.content.decode()
    assert 'class="entry quota-import-confirm"' in html
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    data.pop("csrfmiddlewaretoken", None)
    return as_staff.post(response.context["sheet_link"], {**data, "reason": "", **extra})


def test_the_template_lists_the_sheets_rows_with_last_years_and_current_quotas(as_staff, tree):
    services.quota_set(unit=tree["commune"], year=2023, target=1238)
    services.quota_set(unit=tree["school"], year=2024, target=3)
    sheet = template(as_staff, tree).active
    assert [c.value for c in sheet[4]] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Chỉ tiêu năm 2023",
        "Chỉ tiêu năm 2024",
    ]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [row[1] for row in rows] == ["Đảng bộ xã A", "Đảng bộ xã B", "Chi bộ Trường THPT"]
    assert rows[0][2] == 1238
    assert rows[2][3] == 3


def test_a_filled_template_is_previewed_then_written_at_once(as_staff, tree):
    codes = {key: tree[key].code for key in ("commune", "commune_b", "school")}
    book = fill(
        template(as_staff, tree), {codes["commune"]: 120, codes["commune_b"]: "1.050", codes["school"]: 7}
    )
    response = upload(as_staff, tree, book, document_number="15-QĐ/HU", document_date="20/01/2024")
    assert response.status_code == 200
    assert not response.context["bad"]
    assert not Quota.objects.exists()  # a preview writes nothing
    assert "1.050" in response.text
    assert confirm(as_staff, response).status_code == 302
    saved = {q.unit.name: (q.target, q.document_number) for q in Quota.objects.select_related("unit")}
    assert saved == {
        "Đảng bộ xã A": (120, "15-QĐ/HU"),
        "Đảng bộ xã B": (1050, "15-QĐ/HU"),
        "Chi bộ Trường THPT": (7, "15-QĐ/HU"),
    }


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("commune", "mười", "không hợp lệ"),
        ("commune", 0, "không hợp lệ"),
        ("commune", 2.5, "không hợp lệ"),
        ("commune", "²", "không hợp lệ"),  # "²".isdigit() is true
        ("commune", "３", "không hợp lệ"),
        ("deep_cell", 3, "không phải một đơn vị của bảng chỉ tiêu này"),
    ],
)
def test_a_row_with_an_error_is_shown_and_nothing_can_be_written(as_staff, tree, code, value, message):
    book = fill(template(as_staff, tree), {tree["commune_b"].code: 4})
    book.active.append([tree[code].code, "", None, value])
    response = upload(as_staff, tree, book)
    assert response.status_code == 200
    assert len(response.context["bad"]) == 1
    assert message in response.text
    assert 'class="entry quota-import-confirm"' not in response.text
    assert not Quota.objects.exists()


def test_a_unit_twice_in_the_file_is_an_error(as_staff, tree):
    book = fill(template(as_staff, tree), {tree["commune"].code: 4})
    book.active.append([tree["commune"].code, "", None, 5])
    response = upload(as_staff, tree, book)
    assert "xuất hiện nhiều lần" in response.text
    assert 'class="entry quota-import-confirm"' not in response.text


def test_another_years_template_or_not_a_workbook_is_refused_with_a_message(as_staff, tree):
    response = as_staff.get(reverse("quota_import_template") + query(tree, year=2023))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "Không thấy cột" in upload(as_staff, tree, book).text
    data = {"workbook": SimpleUploadedFile("chi-tieu.xlsx", b"STT,Ten\n1,A\n")}
    response = as_staff.post(reverse("quota_import") + query(tree), data)
    assert response.status_code == 200
    assert "không phải bảng tính Excel" in response.text


def test_changing_existing_quotas_from_a_file_needs_the_reason_on_the_sheet(as_staff, tree):
    services.quota_set(unit=tree["commune"], year=2024, target=10)
    book = fill(template(as_staff, tree), {tree["commune"].code: 12})
    response = confirm(as_staff, upload(as_staff, tree, book))
    assert response.status_code == 200
    assert Quota.objects.get(unit=tree["commune"]).target == 10
    book = fill(template(as_staff, tree), {tree["commune"].code: 12})
    response = confirm(as_staff, upload(as_staff, tree, book), reason="Tỉnh giao bổ sung")
    assert response.status_code == 302
    assert Quota.objects.get(unit=tree["commune"]).target == 12


def test_the_import_of_a_sheet_outside_the_scope_is_not_found(client, tree):
    from accounts.models import Role

    client.force_login(factories.user("xa", role=Role.COMMITTEE_STAFF, unit=tree["commune"]))
    assert client.get(reverse("quota_import") + query(tree)).status_code == 404
    assert client.get(reverse("quota_import_template") + query(tree)).status_code == 404
