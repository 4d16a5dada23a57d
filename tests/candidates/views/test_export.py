"""The candidate list's .xlsx and .csv exports: the page's rows under its filters, every page of them, the
user's scope, national IDs masked to their last 4 digits, a history line per export."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from admissions.models import AuditEntry
from candidates.choices import Stage
from core.models import Job
from tests.candidates.helpers import candidate


def sheet_of(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def rows_by_header(response) -> list[dict]:
    sheet = sheet_of(response)
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, values, strict=True)) for values in sheet.iter_rows(min_row=2, values_only=True)]


def names(response) -> list[str]:
    return [row["Họ và tên"] for row in rows_by_header(response)]


def test_the_workbook_has_the_candidates_with_labels_dates_and_a_masked_national_id(as_staff, tree):
    candidate(tree["deep_cell"], full_name="Lê Thị Lan", national_id="001203004005", stage=Stage.CELL)
    response = as_staff.get(reverse("candidate_export_xlsx"))
    assert response["Content-Disposition"].startswith('attachment; filename="quan-chung-uu-tu-')
    (row,) = rows_by_header(response)
    assert row["Họ và tên"] == "Lê Thị Lan"
    assert row["Giới tính"] == "Nữ"
    assert row["Số CCCD"] == "********4005"
    assert row["Chi bộ"] == "Chi bộ A1a"
    assert row["Tổ chức cơ sở đảng"] == "Đảng bộ xã A"
    assert row["Giai đoạn"] == "Chi bộ đã xét (6-KNĐ)"
    assert row["Ngày nghị quyết chi bộ"].date().isoformat() == "2025-12-15"
    assert "001203004005" not in str(row)


def test_the_csv_masks_the_national_id_too_and_starts_with_a_byte_order_mark(as_staff, tree):
    candidate(tree["deep_cell"], full_name="Lê Thị Lan", national_id="001203004005")
    response = as_staff.get(reverse("candidate_export_csv"))
    body = b"".join(response.streaming_content)
    assert response["Content-Type"].startswith("text/csv")
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert "********4005" in text
    assert "001203004005" not in text


def test_the_export_takes_the_lists_filters_and_every_page(as_staff, tree):
    for number in range(30):
        candidate(tree["deep_cell"], full_name=f"Người Số {number}", stage=Stage.SYMPATHISER)
    candidate(tree["deep_cell"], full_name="Đã Học Lớp", stage=Stage.COURSE)
    assert len(names(as_staff.get(reverse("candidate_export_xlsx"), {"page": 2}))) == 31
    assert names(as_staff.get(reverse("candidate_export_xlsx"), {"stage": "course"})) == ["Đã Học Lớp"]
    assert names(as_staff.get(reverse("candidate_export_xlsx"), {"q": "da hoc"})) == ["Đã Học Lớp"]


def test_a_clerk_exports_only_their_organisation_and_a_viewer_may_export(client, as_clerk, tree, viewer):
    candidate(tree["deep_cell"], full_name="Trong Xã")
    candidate(tree["cell_b"], full_name="Xã Khác")
    assert names(as_clerk.get(reverse("candidate_export_xlsx"))) == ["Trong Xã"]
    lines = b"".join(as_clerk.get(reverse("candidate_export_csv")).streaming_content).decode().splitlines()
    assert len(lines) == 2
    client.force_login(viewer)
    assert sorted(names(client.get(reverse("candidate_export_xlsx")))) == ["Trong Xã", "Xã Khác"]


def test_each_export_leaves_a_history_line_with_its_filter_rows_and_format(as_clerk, tree, clerk):
    candidate(tree["deep_cell"], full_name="Trong Xã")
    b"".join(as_clerk.get(reverse("candidate_export_csv"), {"stage": "submitted"}).streaming_content)
    entry = AuditEntry.objects.get(object_type="candidate_list")
    assert entry.user == clerk
    assert entry.changes == {"filter": "stage=submitted", "rows": 1, "format": "csv"}
    assert entry.object_repr == "Danh sách quần chúng ưu tú: 1 dòng, tệp csv"


def test_bad_filter_values_export_what_the_page_shows_rather_than_fail(as_staff, tree):
    candidate(tree["deep_cell"])
    params = {"stage": "evil", "unit": "x", "when": "<script>", "page": "¹"}
    page = as_staff.get(reverse("candidate_list"), params)
    response = as_staff.get(reverse("candidate_export_xlsx"), params)
    shown = [row.record.full_name for row in page.context["table"].rows]
    assert response.status_code == 200
    assert names(response) == shown


def test_a_long_export_is_written_by_a_job_with_the_same_rows_and_masking(as_clerk, tree, settings):
    settings.EXPORT_BACKGROUND_ROWS = 0
    candidate(tree["deep_cell"], full_name="Trong Xã", national_id="001203004005")
    candidate(tree["cell_b"], full_name="Xã Khác")  # outside the clerk's organisation
    response = as_clerk.get(reverse("candidate_export_xlsx"))
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.state, job.done, job.total) == ("done", 1, 1)
    download = as_clerk.get(reverse("job_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="quan-chung-uu-tu-')
    (row,) = rows_by_header(download)
    assert (row["Họ và tên"], row["Số CCCD"]) == ("Trong Xã", "********4005")


@pytest.mark.parametrize("name", ["candidate_export_xlsx", "candidate_export_csv"])
def test_the_export_query_count_does_not_grow_with_rows(as_staff, tree, name):
    counts = []
    for batch in (3, 33):
        for number in range(batch):
            candidate(tree["deep_cell"], full_name=f"Người {batch} {number}")
        with CaptureQueriesContext(connection) as queries:
            b"".join(as_staff.get(reverse(name)).streaming_content)
        counts.append(len(queries))
    assert counts[0] == counts[1]
