"""Export -> correct in Excel -> import back: the export for correcting carries every column of the import
template under the headers the import reads, with national IDs whole (editors only, recorded as such);
re-imported untouched it changes nothing; each edited cell changes exactly that field, with its history."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from admissions import imports
from admissions.choices import MemberStatus, PoliticalTheory, Qualification
from admissions.models import AuditAction, AuditEntry, Member
from tests import factories


def historical(cell, number, **fields):
    """A member admitted years ago, with every field of the template filled."""
    return factories.member(
        cell,
        full_name=f"Lê Thị Số {number}",
        national_id=f"0012{number:08d}",
        home_town="Xã Tân Lập, tỉnh Phú Thọ",
        qualification=Qualification.UNIVERSITY,
        political_theory=PoliticalTheory.ELEMENTARY,
        youth_union=True,
        decision_number=f"{number}-QĐ/HU",
        decision_date=datetime.date(2019, 5, 19),
        ceremony_date=datetime.date(2019, 6, 2),
        status=MemberStatus.FULL,
        confirmation_date=datetime.date(2020, 6, 3),
        card_number=f"TĐ-{number:05d}",
        record_number=f"LL-{number:04d}",
        notes="Chuyển sinh hoạt từ xã khác.\nĐã có thẻ.",
        **fields,
    )


def exported(client, **params) -> openpyxl.Workbook:
    response = client.get(reverse("member_export_for_import"), params)
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def saved(book: openpyxl.Workbook) -> bytes:
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def preview_of(client, content: bytes):
    file = SimpleUploadedFile("sua.xlsx", content)
    return client.post(reverse("member_import"), {"file": file}, follow=True)


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def column(sheet, header: str) -> int:
    return [cell.value for cell in sheet[1]].index(header) + 1


@pytest.fixture
def members(tree):
    return [historical(tree["deep_cell"], number) for number in range(1, 4)]


def test_the_export_for_correcting_has_every_template_column_under_the_imports_headers(as_staff, members):
    sheet = exported(as_staff).active
    headers = [cell.value for cell in sheet[1]]
    assert headers == [column.header for column in imports.COLUMNS]
    first = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
    assert first["Quê quán"] == "Xã Tân Lập, tỉnh Phú Thọ"
    assert first["Lý luận chính trị"] == "Sơ cấp"
    assert first["Đoàn viên TNCS Hồ Chí Minh"] == "x"
    assert first["Trạng thái"] == "Chính thức"
    assert first["Ngày công nhận chính thức"].date() == datetime.date(2020, 6, 3)
    assert first["Số thẻ đảng viên"].startswith("TĐ-")
    assert first["Số lý lịch"].startswith("LL-")
    assert re.fullmatch(r"0012[0-9]{8}", first["Số CCCD"])  # whole, as text
    assert re.fullmatch(r"Chi bộ A1a \(U[0-9]+\)", first["Chi bộ"])


def test_the_export_for_correcting_is_recorded_as_a_read_of_full_national_ids(as_staff, members):
    exported(as_staff, q="Lê")
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.changes == {"filter": "q=L%C3%AA", "rows": 3, "format": "xlsx", "national_ids": "full"}
    assert "số CCCD đầy đủ" in entry.object_repr


def test_viewers_may_not_export_full_national_ids(as_viewer, members):
    assert as_viewer.get(reverse("member_export_for_import")).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
    page = as_viewer.get(reverse("member_list")).text
    assert reverse("member_export_for_import") not in page
    assert reverse("member_export_xlsx") in page  # the masked export stays theirs


def test_a_clerk_exports_only_their_branch_for_correcting(as_clerk, members, tree):
    historical(tree["cell_b"], 9)
    sheet = exported(as_clerk).active
    assert sheet.max_row == 4  # the header and their 3 members


def test_an_untouched_export_reimported_changes_nothing(as_staff, members):
    page = preview_of(as_staff, saved(exported(as_staff))).text
    assert page.count("Không thay đổi") == 3
    assert "Không có gì để ghi" in page
    assert "Ghi vào dữ liệu" not in page
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()
    assert [m.version for m in Member.objects.order_by("pk")] == [1, 1, 1]


def test_three_cells_of_two_members_changed_in_excel_change_exactly_those_fields(as_staff, members):
    book = exported(as_staff)
    sheet = book.active
    rows = {
        sheet.cell(row=r, column=column(sheet, "Họ và tên")).value: r for r in range(2, sheet.max_row + 1)
    }
    first, second = rows["Lê Thị Số 1"], rows["Lê Thị Số 2"]
    sheet.cell(row=first, column=column(sheet, "Số thẻ đảng viên"), value="TĐ-99999")
    sheet.cell(row=first, column=column(sheet, "Lý luận chính trị"), value="Trung cấp")
    sheet.cell(row=second, column=column(sheet, "Quê quán"), value="Xã Phú Mỹ, tỉnh Phú Thọ")
    page = preview_of(as_staff, saved(book)).text
    assert "Số thẻ đảng viên: <del>TĐ-00001</del> → <ins>TĐ-99999</ins>" in page
    assert "Lý luận chính trị: <del>Sơ cấp</del> → <ins>Trung cấp</ins>" in page
    assert "Quê quán: <del>Xã Tân Lập, tỉnh Phú Thọ</del> → <ins>Xã Phú Mỹ, tỉnh Phú Thọ</ins>" in page
    assert "Ghi vào dữ liệu (0 mới, 2 cập nhật)" in page

    done = as_staff.post(
        reverse("member_import_confirm"),
        {"token": hidden(page, "token"), "versions": hidden(page, "versions")},
        follow=True,
    )
    assert "cập nhật 2 đảng viên" in done.text
    one, two, three = Member.objects.order_by("pk")
    assert (one.card_number, one.political_theory) == ("TĐ-99999", PoliticalTheory.INTERMEDIATE)
    assert two.home_town == "Xã Phú Mỹ, tỉnh Phú Thọ"
    assert (one.version, two.version, three.version) == (2, 2, 1)
    changes = {
        entry.object_id: set(entry.changes) for entry in AuditEntry.objects.filter(action=AuditAction.UPDATE)
    }
    assert changes == {one.pk: {"card_number", "political_theory"}, two.pk: {"home_town"}}


def test_a_masked_national_id_means_unchanged_and_is_never_a_new_value(as_staff, members):
    book = exported(as_staff)
    sheet = book.active
    id_column = column(sheet, "Số CCCD")
    for number in range(2, sheet.max_row + 1):
        full = sheet.cell(row=number, column=id_column).value
        sheet.cell(row=number, column=id_column, value="********" + full[-4:])
    page = preview_of(as_staff, saved(book)).text
    assert page.count("Không thay đổi") == 3  # matched by the record number, the ID kept as recorded
    assert "Không có gì để ghi" in page
    assert sorted(Member.objects.values_list("national_id", flat=True)) == [f"0012{n:08d}" for n in (1, 2, 3)]


def test_a_masked_national_id_that_matches_no_member_or_the_wrong_one_is_refused(as_staff, members):
    book = exported(as_staff)
    sheet = book.active
    id_column, record_column = column(sheet, "Số CCCD"), column(sheet, "Số lý lịch")
    sheet.cell(row=2, column=id_column, value="********9999")  # not this member's last digits
    sheet.cell(row=3, column=id_column, value="********0002")
    sheet.cell(row=3, column=record_column, value="LL-NEW")  # no such member: it would be a new one
    page = preview_of(as_staff, saved(book)).text
    assert "4 số cuối của số CCCD bị che không khớp" in page
    assert "Số CCCD đang bị che (chỉ còn 4 số cuối) nên không dùng được cho đảng viên mới" in page
    assert "Ghi vào dữ liệu" not in page
    assert Member.objects.count() == 3


def test_the_masked_list_export_reimported_asks_for_full_ids_and_writes_nothing(as_staff, members):
    response = as_staff.get(reverse("member_export_xlsx"))
    preview = preview_of(as_staff, b"".join(response.streaming_content))
    errors = [problem.message for problem in preview.context["result"].errors]
    assert sum("nên không dùng được cho đảng viên mới" in message for message in errors) == 3
    assert Member.objects.count() == 3


def test_the_cell_is_read_back_by_its_name_and_code_and_moved_by_another_name(as_staff, members, tree):
    book = exported(as_staff)
    sheet = book.active
    sheet.cell(row=2, column=column(sheet, "Chi bộ"), value=f"Chi bộ B1 ({tree['deep_cell'].code})")
    page = preview_of(as_staff, saved(book)).text
    assert "Chi bộ: <del>Chi bộ A1a</del> → <ins>Chi bộ B1</ins>" in page
