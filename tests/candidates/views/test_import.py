"""The candidates' import: upload -> preview -> confirm, with the members' machinery: editors only, scoped,
every row through the candidate's rules, all or nothing, written once, and a template that round-trips."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from admissions.models import AuditEntry, PendingImport
from candidates import imports
from candidates.choices import Stage
from candidates.models import Candidate
from candidates.views import IMPORT_SESSION_KEY
from tests.admissions.xlsx_helpers import HEADERS as MEMBER_HEADERS
from tests.admissions.xlsx_helpers import workbook
from tests.candidates.helpers import candidate

# The person and the cell under the member import's headers, then the candidate's own columns.
HEADERS = [
    *MEMBER_HEADERS[: MEMBER_HEADERS.index("Chi bộ") + 1],
    "Ngày đưa vào danh sách cảm tình Đảng",
    "Đảng viên giúp đỡ",
    "Số giấy chứng nhận lớp nhận thức về Đảng",
    "Ngày cấp giấy chứng nhận",
]


def row(cell_code, *, number=1, **overrides):
    """A valid row under HEADERS: a sympathiser who has finished the awareness course."""
    values = {
        "Họ và tên": f"Nguyễn Thị Số {number}",
        "Giới tính": "Nữ",
        "Ngày sinh": datetime.date(2000, 1, 1) + datetime.timedelta(days=number),
        "Số CCCD": f"0013{number:08d}",
        "Nghề nghiệp": "Nông dân",
        "Giáo dục phổ thông": "12/12",
        "Chi bộ": cell_code,
        "Ngày đưa vào danh sách cảm tình Đảng": "10/01/2025",
        "Đảng viên giúp đỡ": "Trần Văn Minh",
        "Số giấy chứng nhận lớp nhận thức về Đảng": f"{number}/GCN",
        "Ngày cấp giấy chứng nhận": datetime.date(2025, 5, 20),
    }
    values.update(overrides)
    return values


def upload(client, content, name="quan-chung.xlsx", **extra):
    file = SimpleUploadedFile(name, content.getvalue() if hasattr(content, "getvalue") else content)
    return client.post(reverse("candidate_import"), {"file": file, **extra})


def good_file(tree, count=3):
    return workbook([row(tree["deep_cell"].code, number=n) for n in range(1, count + 1)], headers=HEADERS)


def confirm(client):
    return client.post(reverse("candidate_import_confirm"), {"token": client.session[IMPORT_SESSION_KEY]})


def preview_errors(client) -> list[tuple[int, str, str]]:
    result = client.get(reverse("candidate_import_preview")).context["result"]
    return [(p.row, p.column, p.message) for p in result.errors]


def test_the_upload_page_offers_the_template_and_the_list_links_editors_to_it(as_clerk, client, viewer):
    page = as_clerk.get(reverse("candidate_import"))
    assert reverse("candidate_import_template") in page.text
    assert "Nhập quần chúng ưu tú từ Excel" in page.text
    listing = as_clerk.get(reverse("candidate_list"))
    assert reverse("candidate_import") in listing.text
    assert reverse("candidate_export_xlsx") in listing.text
    client.force_login(viewer)
    listing = client.get(reverse("candidate_list"))
    assert reverse("candidate_import") not in listing.text
    assert reverse("candidate_export_xlsx") in listing.text


def test_a_good_file_is_previewed_then_created_through_the_service_on_confirmation(as_clerk, tree, clerk):
    response = upload(as_clerk, good_file(tree))
    assert response.url == reverse("candidate_import_preview")
    preview = as_clerk.get(response.url)
    assert "Ghi vào dữ liệu (3 quần chúng)" in preview.text
    assert not Candidate.objects.exists()  # the preview writes nothing
    done = confirm(as_clerk)
    assert done.url == reverse("candidate_list")
    created = Candidate.objects.order_by("national_id")
    assert [c.full_name for c in created] == ["Nguyễn Thị Số 1", "Nguyễn Thị Số 2", "Nguyễn Thị Số 3"]
    first = created[0]
    # Derived as a candidate typed in: the stage, the TCCS, the certificate's last valid day.
    assert (first.stage, first.grassroots, first.created_by) == (Stage.COURSE, tree["commune"], clerk)
    assert first.certificate_valid_until == datetime.date(2030, 5, 19)
    assert AuditEntry.objects.filter(object_type="candidate", action="create").count() == 3
    assert "Đã nhập 3 quần chúng." in as_clerk.get(done.url).text


def test_a_clerks_own_list_is_read_header_below_a_title_extra_columns_and_their_words(as_clerk, tree):
    headers = [
        "STT",
        "Họ tên",
        "Phái",
        "Sinh ngày",
        "CCCD",
        "Nghề",
        "Văn hóa",
        "Mã chi bộ",
        "Ngày vào danh sách cảm tình Đảng",
        "Người giúp đỡ",
        "Số giấy chứng nhận",
        "Ngày cấp giấy chứng nhận",
        "Số đảng viên chính thức",
        "Điện thoại",
    ]
    rows = [
        [1, "Lê Thị Hoa", "nữ", "08/03/1999", "001300000011", "Nông dân", "12", tree["deep_cell"].code,
         "10/01/2025", "Trần Văn Minh", "7/GCN", "20/05/2025", None, "0912 345 678"],
        [2, "Phạm Văn Nam", "Nam", datetime.date(1998, 6, 1), 1300000012.0, "nong dan", "12/12",
         tree["deep_cell"].code, "10/01/2025", "Trần Văn Minh", None, None, None, ""],
        ["Tổng cộng: 2 người"],
        ["Người lập biểu"],
    ]  # fmt: skip
    content = workbook(rows, headers=headers, title_rows=["ĐẢNG BỘ XÃ A", "DANH SÁCH QUẦN CHÚNG ƯU TÚ", ""])
    upload(as_clerk, content)
    result = as_clerk.get(reverse("candidate_import_preview")).context["result"]
    assert result.header.first_row == 4
    assert set(result.ignored_headers) == {"STT", "Điện thoại"}
    assert [p.message for p in result.errors] == []
    assert len(result.warnings) == 1  # the national ID Excel turned into a number, padded back
    assert [s.number for s in result.skipped] == [7, 8]
    confirm(as_clerk)
    hoa, nam = Candidate.objects.order_by("full_name")
    assert (hoa.full_name, hoa.sex, hoa.stage, hoa.certificate_number) == (
        "Lê Thị Hoa",
        "F",
        Stage.COURSE,
        "7/GCN",
    )
    assert (nam.national_id, nam.stage) == ("001300000012", Stage.SYMPATHISER)


def test_row_errors_are_said_in_vietnamese_on_their_row_and_column_and_nothing_is_written(as_clerk, tree):
    code = tree["deep_cell"].code
    rows = [
        row(code, number=1),
        row(code, number=2, **{"Ngày sinh": "31/02/2001"}),
        row(code, number=3, **{"Ngày cấp giấy chứng nhận": datetime.date(2024, 12, 1)}),  # before listing
        row(code, number=4, **{"Đảng viên giúp đỡ": None}),
        row(code, number=5, **{"Số CCCD": "001300000001"}),  # row 2's national ID
    ]
    upload(as_clerk, workbook(rows, headers=HEADERS))
    errors = preview_errors(as_clerk)
    assert (3, "Ngày sinh", "Ngày “31/02/2001” không có trên lịch.") in errors
    assert (4, "Ngày cấp giấy chứng nhận",
            "Ngày cấp giấy chứng nhận không được trước ngày đưa vào danh sách cảm tình Đảng (10/01/2025).") in errors  # fmt: skip
    assert (5, "Đảng viên giúp đỡ", "Trường này là bắt buộc.") in errors
    assert (6, "Số CCCD", "Số CCCD này đã có trong một hồ sơ quần chúng đang xem xét.") in errors
    assert {number for number, _c, _m in errors} == {3, 4, 5, 6}
    preview = as_clerk.get(reverse("candidate_import_preview"))
    assert "Tệp còn lỗi nên chưa thể ghi" in preview.text
    assert reverse("candidate_import_confirm") not in preview.text
    response = confirm(as_clerk)  # posted anyway
    assert response.url == reverse("candidate_import_preview")
    assert not Candidate.objects.exists()
    assert not AuditEntry.objects.filter(object_type="candidate").exists()


def test_a_row_refused_at_confirmation_rolls_back_the_rows_before_it(as_clerk, tree):
    upload(as_clerk, good_file(tree, count=3))
    # Between the preview and the confirmation, someone records row 3's person as a candidate.
    candidate(tree["deep_cell"], full_name="Đã Có", national_id="001300000003", stage=Stage.SYMPATHISER)
    response = confirm(as_clerk)
    assert response.url == reverse("candidate_import_preview")
    assert list(Candidate.objects.values_list("full_name", flat=True)) == ["Đã Có"]
    assert PendingImport.objects.get().imported_at is None  # still to confirm, once corrected


def test_a_double_confirmation_imports_once(as_clerk, tree):
    upload(as_clerk, good_file(tree))
    token = as_clerk.session[IMPORT_SESSION_KEY]
    as_clerk.post(reverse("candidate_import_confirm"), {"token": token})
    second = as_clerk.post(reverse("candidate_import_confirm"), {"token": token}, follow=True)
    assert Candidate.objects.count() == 3
    assert "đã được nhập lúc" in second.text
    assert "(3 quần chúng); không nhập lại lần nữa." in second.text


def test_a_double_click_on_upload_keeps_one_file(as_clerk, tree):
    page = as_clerk.get(reverse("candidate_import"))
    once = page.context["submission_token"]
    upload(as_clerk, good_file(tree), submission_token=once)
    again = upload(as_clerk, good_file(tree), submission_token=once)
    assert again.url == reverse("candidate_import_preview")
    assert PendingImport.objects.filter(kind="candidate").count() == 1


def test_a_cell_outside_the_clerks_organisation_is_refused(as_clerk, tree):
    upload(as_clerk, workbook([row(tree["cell_b"].code)], headers=HEADERS))
    assert preview_errors(as_clerk) == [
        (2, "Chi bộ", f"Không tìm thấy chi bộ “{tree['cell_b'].code}” trong các đơn vị bạn quản lý.")
    ]
    confirm(as_clerk)
    assert not Candidate.objects.exists()


def test_a_members_file_kept_for_the_member_import_is_not_confirmed_as_candidates(as_clerk, tree):
    upload(as_clerk, good_file(tree))
    token = as_clerk.session[IMPORT_SESSION_KEY]
    response = as_clerk.post(reverse("member_import_confirm"), {"token": token})
    assert response.url == reverse("member_import")  # no such file of the member import
    assert not Candidate.objects.exists()


def test_a_file_without_a_required_column_is_refused_on_the_upload_page_naming_it(as_clerk, tree):
    headers = [header for header in HEADERS if header != "Đảng viên giúp đỡ"]
    response = upload(as_clerk, workbook([row(tree["deep_cell"].code)], headers=headers))
    assert response.status_code == 200
    assert "Thiếu cột bắt buộc: Đảng viên giúp đỡ." in response.text
    assert not PendingImport.objects.exists()


def test_the_template_has_the_candidates_columns_and_round_trips(as_clerk, tree):
    response = as_clerk.get(reverse("candidate_import_template"))
    assert "mau-nhap-quan-chung-uu-tu.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["Họ và tên", "Giới tính", "Ngày sinh"]
    assert {"Chi bộ", "Ngày đưa vào danh sách cảm tình Đảng", "Số nghị quyết chi bộ (6-KNĐ)",
            "Số đảng viên chính thức của chi bộ", "Ngày trình cấp ủy cấp trên"} <= set(headers)  # fmt: skip
    assert "Số quyết định kết nạp" not in headers  # the decision is the admit action's
    # Unchanged, the example row is refused (it is no real person).
    upload(as_clerk, io.BytesIO(response.content), name="mau.xlsx")
    assert [m for _r, _c, m in preview_errors(as_clerk)] == [str(imports.imports.EXAMPLE_NOTE)]
    # With its note overwritten, the example imports as a candidate of the clerk's cell.
    notes = headers.index("Ghi chú") + 1
    sheet.cell(row=2, column=notes).value = None
    edited = io.BytesIO()
    book.save(edited)
    upload(as_clerk, edited, name="mau.xlsx")
    assert preview_errors(as_clerk) == []
    confirm(as_clerk)
    lan = Candidate.objects.get()
    assert (lan.full_name, lan.national_id, lan.cell, lan.stage) == (
        "Nguyễn Thị Lan",
        "025301001234",
        tree["deep_cell"],
        Stage.COURSE,
    )


@pytest.mark.parametrize("name", ["candidate_import_preview", "candidate_import_confirm"])
def test_the_same_file_costs_the_same_queries_whatever_the_database_holds(as_clerk, tree, name):
    counts = []
    for recorded in (2, 30):
        for number in range(recorded):
            candidate(tree["deep_cell"], full_name=f"Đã Có {recorded} {number}", stage=Stage.SYMPATHISER)
        upload(as_clerk, good_file(tree, count=3))
        with CaptureQueriesContext(connection) as queries:
            if name == "candidate_import_preview":
                as_clerk.get(reverse(name))
            else:
                confirm(as_clerk)
        counts.append(len(queries))
        Candidate.objects.filter(full_name__startswith="Nguyễn Thị Số").delete()
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "overrides",
    [
        {"Ngày sinh": "01/01/0001"},
        {"Ngày cấp giấy chứng nhận": "31/12/9999"},
        {"Số CCCD": "٠٠١٣٠٠٠٠٠٠٠٩"},
        {"Họ và tên": "\u200b\u202e\u00ad"},
        {"Chi bộ": "²"},
        {"Giới tính": "<script>"},
        {"Đảng viên giúp đỡ": "Nguyễn " * 200},
    ],
    ids=[
        "birth year 1",
        "certificate 9999",
        "arabic-indic id",
        "invisible name",
        "cell ²",
        "sex",
        "long mentor",
    ],
)
def test_a_malformed_row_is_refused_with_a_message_and_nothing_is_written(as_clerk, tree, overrides):
    rows = [row(tree["deep_cell"].code, number=7), row(tree["deep_cell"].code, number=8, **overrides)]
    upload(as_clerk, workbook(rows, headers=HEADERS))
    errors = preview_errors(as_clerk)
    assert errors
    assert {number for number, _column, _message in errors} == {3}
    response = confirm(as_clerk)
    assert response.status_code == 302
    assert not Candidate.objects.exists()


def test_the_checked_file_comes_back_with_the_errors_on_their_rows(as_clerk, tree):
    rows = [
        row(tree["deep_cell"].code, number=1),
        row(tree["deep_cell"].code, number=2, **{"Giới tính": "?"}),
    ]
    upload(as_clerk, workbook([*rows, ["Tổng cộng"]], headers=HEADERS))
    assert reverse("candidate_import_checked_file") in as_clerk.get(reverse("candidate_import_preview")).text
    response = as_clerk.get(reverse("candidate_import_checked_file"))
    assert "quan-chung-da-kiem-tra.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    notes = [sheet.cell(row=number, column=len(HEADERS) + 1).value for number in (1, 2, 3, 4)]
    assert notes[0] == "Lỗi"
    assert notes[1] is None
    assert "Giới tính" in notes[2]
    assert "“?” không có trong danh sách" in notes[2]
    assert notes[3] == "Bỏ qua: không phải quần chúng (dòng tổng cộng, phần ký tên, ghi chú)."


def test_the_lists_export_with_masked_ids_is_not_imported_back_as_new_candidates(as_clerk, tree):
    candidate(tree["deep_cell"], full_name="Lê Thị Lan", national_id="001203004005", stage=Stage.SYMPATHISER)
    exported = b"".join(as_clerk.get(reverse("candidate_export_xlsx")).streaming_content)
    upload(as_clerk, io.BytesIO(exported), name="xuat.xlsx")
    errors = preview_errors(as_clerk)
    assert (2, "Số CCCD", str(imports.MASKED_ID_MESSAGE)) in errors
    confirm(as_clerk)
    assert Candidate.objects.count() == 1


def test_a_file_longer_than_the_import_takes_is_refused_with_a_message(as_clerk, tree, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    upload(as_clerk, good_file(tree, count=3))
    response = as_clerk.get(reverse("candidate_import_preview"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("candidate_import")
    assert "Tệp có hơn 2 dòng. Hãy chia thành nhiều tệp nhỏ hơn." in response.text
    assert not PendingImport.objects.exists()
