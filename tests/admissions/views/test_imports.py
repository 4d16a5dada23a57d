"""The import pages: upload -> preview -> confirm; editors only, scoped, never a server error."""

import datetime
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from admissions.models import Member, PendingImport
from admissions.views import imports as import_views
from tests.admissions.xlsx_helpers import row, workbook


@pytest.fixture
def clerk(tree, client):
    user = User.objects.create_user("clerk", password=None, role=Role.UNIT_CLERK, unit=tree["commune"])
    client.force_login(user)
    return user


def upload(client, content, name="danh-sach.xlsx"):
    file = SimpleUploadedFile(name, content.getvalue() if hasattr(content, "getvalue") else content)
    return client.post(reverse("member_import"), {"file": file})


def good_file(tree, count=3):
    return workbook([row(tree["deep_cell"].code, number=n) for n in range(1, count + 1)])


def token(client):
    return client.session[import_views.SESSION_KEY]


def test_upload_page_offers_the_template(client, clerk):
    page = client.get(reverse("member_import"))
    assert page.status_code == 200
    assert reverse("member_import_template") in page.text
    assert "Nhập đảng viên mới từ Excel" in page.text


def test_the_template_downloads_as_an_xlsx(client, clerk):
    response = client.get(reverse("member_import_template"))
    assert response.status_code == 200
    assert response.content.startswith(b"PK")
    assert "mau-nhap-dang-vien-moi.xlsx" in response["Content-Disposition"]


def test_a_valid_file_is_previewed_then_written_on_confirmation(client, clerk, tree):
    response = upload(client, good_file(tree))
    assert response.status_code == 302
    assert response.url == reverse("member_import_preview")
    preview = client.get(response.url)
    assert preview.status_code == 200
    assert "Ghi vào dữ liệu (3 đảng viên)" in preview.text
    assert "Nguyễn Văn Số 2" in preview.text
    assert Member.objects.count() == 0
    assert f"Chi bộ A1a ({tree['deep_cell'].code})" in preview.text  # the cell it was matched to
    done = client.post(reverse("member_import_confirm"), {"token": token(client)}, follow=True)
    assert Member.objects.count() == 3
    assert "Đã nhập 3 đảng viên mới." in done.text
    kept = PendingImport.objects.get()
    assert kept.imported_count == 3
    assert bytes(kept.content) == b""  # the bytes are dropped, the marker stays
    assert import_views.SESSION_KEY not in client.session


def test_a_file_with_an_error_shows_it_and_cannot_be_confirmed(client, clerk, tree):
    rows = [row(tree["deep_cell"].code, number=n) for n in range(1, 101)]
    rows[41]["Giới tính"] = "Không rõ"
    upload(client, workbook(rows))
    preview = client.get(reverse("member_import_preview"))
    assert "Tệp còn lỗi nên chưa thể ghi" in preview.text
    assert "Ghi vào dữ liệu" not in preview.text
    assert '<td class="num">43</td><td>Giới tính</td>' in preview.text
    response = client.post(reverse("member_import_confirm"), {"token": token(client)}, follow=True)
    assert Member.objects.count() == 0
    assert "Chưa ghi dòng nào" in response.text


def test_confirming_without_the_sessions_token_writes_nothing(client, clerk, tree):
    upload(client, good_file(tree))
    response = client.post(reverse("member_import_confirm"), {"token": "x" * 32}, follow=True)
    assert Member.objects.count() == 0
    assert "hết hạn" in response.text


def test_confirming_twice_writes_once_and_the_second_answer_says_it_was_imported(client, clerk, tree):
    upload(client, good_file(tree))
    sent = token(client)
    client.post(reverse("member_import_confirm"), {"token": sent})
    again = client.post(reverse("member_import_confirm"), {"token": sent}, follow=True)
    assert Member.objects.count() == 3
    assert "Tệp “danh-sach.xlsx” đã được nhập lúc" in again.text
    assert "(3 đảng viên); không nhập lại lần nữa." in again.text


def test_another_users_token_confirms_nothing(client, clerk, tree):
    upload(client, good_file(tree))
    sent = token(client)
    other = User.objects.create_user("clerk2", password=None, role=Role.UNIT_CLERK, unit=tree["commune"])
    client.force_login(other)
    response = client.post(reverse("member_import_confirm"), {"token": sent}, follow=True)
    assert Member.objects.count() == 0
    assert "hết hạn hoặc không còn" in response.text


def test_a_stale_upload_is_neither_previewed_nor_confirmed_and_is_removed_by_the_next(client, clerk, tree):
    upload(client, good_file(tree))
    sent = token(client)
    PendingImport.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert client.get(reverse("member_import_preview")).url == reverse("member_import")
    client.post(reverse("member_import_confirm"), {"token": sent})
    assert Member.objects.count() == 0
    upload(client, good_file(tree, 2))
    assert list(PendingImport.objects.values_list("token", flat=True)) == [uuid.UUID(token(client))]


def test_preview_without_an_upload_sends_back_to_the_upload_page(client, clerk):
    response = client.get(reverse("member_import_preview"))
    assert response.status_code == 302
    assert response.url == reverse("member_import")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Ho ten,Gioi tinh\nAn,Nam\n", "không phải bảng tính Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"), "mật khẩu"),
        (b"PK\x03\x04broken", "bị hỏng"),
        (b"", "rỗng"),
    ],
)
def test_a_bad_file_gets_a_message_on_the_upload_page(client, clerk, content, message):
    response = upload(client, content)
    assert response.status_code == 200
    assert message in response.text
    assert Member.objects.count() == 0
    assert import_views.SESSION_KEY not in client.session


def test_missing_columns_are_named_on_the_preview_which_asks_what_each_column_is(client, clerk):
    response = upload(client, workbook([["An"]], headers=["Họ và tên"]))
    assert response.url == reverse("member_import_preview")
    preview = client.get(response.url).text
    assert "Thiếu cột bắt buộc" in preview
    assert 'name="column-0"' in preview
    assert "Ghi vào dữ liệu" not in preview


def test_a_file_over_the_size_limit_is_refused(client, clerk, tree, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = upload(client, good_file(tree))
    assert response.status_code == 200
    assert "vượt giới hạn" in response.text


def test_a_cell_outside_the_clerks_subtree_is_an_error_in_the_preview(client, clerk, tree):
    upload(client, workbook([row(tree["cell_b"].code)]))
    preview = client.get(reverse("member_import_preview"))
    assert "Không tìm thấy chi bộ" in preview.text
    assert "Ghi vào dữ liệu" not in preview.text


@pytest.mark.parametrize("name", ["member_import", "member_import_preview", "member_import_template"])
def test_viewers_may_not_import(client, tree, name):
    viewer = User.objects.create_user("viewer", password=None, role=Role.VIEWER, unit=tree["commune"])
    client.force_login(viewer)
    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("member_import_confirm"), {"token": "x"}).status_code == 403


def test_the_preview_and_the_confirmation_read_the_database_a_constant_number_of_times(client, clerk, tree):
    counts = []
    for count in (5, 400):
        upload(client, good_file(tree, count))
        with CaptureQueriesContext(connection) as preview:
            assert client.get(reverse("member_import_preview")).status_code == 200
        with CaptureQueriesContext(connection) as confirm:
            client.post(reverse("member_import_confirm"), {"token": token(client)})
        Member.objects.all().delete()
        counts.append((len(preview), len(confirm)))
    # The confirmation also writes the history lines (one INSERT per 500 rows); the cells the file names are
    # fetched in one query of their own (the scope's cells are read as plain rows, not as units); the pending
    # file is claimed (SELECT ... FOR UPDATE) and marked imported, around the writes' savepoints (the insert
    # has its own, so a national ID recorded meanwhile is the row's message); the members the file may
    # update are looked up by national ID in one query (per 2,000 rows); the admissions summary counts the
    # new members (two grouped SELECTs per 5,000 members, one upsert of each of its tables per 200 rows).
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 12, counts
    assert counts[0][1] <= 29, counts


def test_the_file_is_kept_in_the_database_and_replaced_by_a_new_upload(
    client, clerk, tree, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # nothing lands on this server's disk
    upload(client, good_file(tree))
    first = token(client)
    upload(client, good_file(tree, 2))
    assert token(client) != first
    assert list(PendingImport.objects.values_list("token", flat=True)) == [uuid.UUID(token(client))]
    assert list(tmp_path.iterdir()) == []


def test_an_uploaded_file_is_read_even_when_django_keeps_it_on_disk(client, clerk, tree, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # TemporaryUploadedFile instead of in memory
    response = upload(client, good_file(tree))
    assert response.status_code == 302


def test_the_preview_is_in_vietnamese_with_no_raw_field_names(client, clerk, tree):
    upload(client, good_file(tree))
    preview = client.get(reverse("member_import_preview")).text
    assert "Số quyết định kết nạp" in preview
    shown = re.sub(r'(value|name|id)="[^"]*"', "", preview)  # the selects' values are not shown
    assert "decision_number" not in shown


def test_the_home_page_links_editors_to_the_import(client, clerk):
    assert reverse("member_import") in client.get(reverse("home")).text


def test_the_preview_marks_the_cell_a_problem_names_not_its_whole_row(client, clerk, tree):
    rows = [
        row(tree["deep_cell"].code, number=1),
        row(tree["deep_cell"].code, number=2, **{"Giới tính": "Khác?"}),
    ]
    upload(client, workbook(rows))
    page = client.get(reverse("member_import_preview")).text
    marked = re.findall(r'<td class="cell-error" title="([^"]*)">([^<]*)<', page)
    assert [value for _message, value in marked] == ["Khác?"]  # that cell only
    assert 'class="table-scroll import-scroll" tabindex="0"><table class="import-rows">' in page


def test_a_long_preview_lists_the_rows_with_problems_first_and_says_how_many_it_leaves_out(
    client, clerk, tree, monkeypatch
):
    from admissions.imports import results

    monkeypatch.setattr(results, "PREVIEW_ROWS", 3)
    rows = [row(tree["deep_cell"].code, number=n) for n in range(1, 7)]
    rows.append(row(tree["deep_cell"].code, number=7, **{"Ngày sinh": "31/02/1990"}))
    upload(client, workbook(rows))
    response = client.get(reverse("member_import_preview"))
    shown = [number for number, *_rest in response.context["result"].table]
    assert shown == [2, 3, 8]  # Excel's rows: the header is row 1; the bad row 8 is listed whatever its place
    assert "Hiện 3 trong 7 dòng" in response.text
