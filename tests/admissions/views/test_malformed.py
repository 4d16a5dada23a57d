"""Malformed input, as the scoped users who can send it (a clerk, committee staff): every case answers
without a server error and writes nothing, not half a record, not a history line."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from admissions.models import AuditEntry, Member, Quota, Unit
from admissions.views import imports as import_views
from candidates.models import Candidate
from core.models import UsedSubmission
from tests import factories
from tests.admissions.xlsx_helpers import HEADERS, row, workbook

LONG = "Nguyễn " * 2000


def written() -> tuple:
    """What a refused input must leave as it was (reading a list or exporting it adds a line of its own)."""
    return (
        Member.objects.count(),
        Candidate.objects.count(),
        Unit.objects.count(),
        Quota.objects.count(),
        AuditEntry.objects.filter(action__in=["create", "update", "delete"]).count(),
        UsedSubmission.objects.count(),
        tuple(Member.objects.order_by("pk").values_list("version", "home_town", "national_id")),
    )


@pytest.fixture
def world(tree, clerk, staff):
    member = factories.member(tree["deep_cell"], full_name="Đã Có", national_id="001203004005")
    return {**tree, "member": member, "clerk": clerk, "staff": staff}


# Forms: the member's record (add) -------------------------------------------------------------------------

MEMBER_ADD = {
    "name too long": {"full_name": LONG},
    "name with a NUL": {"full_name": "Nguyễn\x00 An"},
    "name only invisible": {"full_name": "\u200b\u202e\ufeff"},
    "birth 00/00/0000": {"date_of_birth": "00/00/0000"},
    "birth 29/02/2023": {"date_of_birth": "29/02/2023"},
    "birth year 99999": {"date_of_birth": "01/01/99999"},
    "birth in arabic digits": {"date_of_birth": "١٩/٠٥/١٩٩٨"},
    "birth year 1": {"date_of_birth": "01/01/0001"},
    "decision year 19": {"decision_date": "19/05/0019"},
    "decision 31/12/9999": {"decision_date": "31/12/9999"},
    "decision as iso with time": {"decision_date": "2023-05-19T10:00:00Z"},
    "ceremony before decision": {"ceremony_date": "18/05/2023"},
    "cell not a number": {"cell": "abc"},
    "cell negative": {"cell": "-1"},
    "cell beyond bigint": {"cell": "99999999999999999999999"},
    "cell in superscript": {"cell": "²"},
    "sex unknown": {"sex": "X"},
    "status unknown": {"status": "bogus"},
    "ethnicity unknown": {"ethnicity": "<script>"},
    "national id 20 digits": {"national_id": "12345678901234567890"},
    "national id letters": {"national_id": "abcdefghijkl"},
    "national id arabic digits": {"national_id": "٠٠١٢٠٣٠٠٤٠٠٩"},
    "national id already recorded": {"national_id": "001203004005", "full_name": "Người Khác"},
    "decision number too long": {"decision_number": "1" * 500},
    "token too long": {"submission_token": "a" * 10000},
    "token missing": {"submission_token": ""},
    "every field empty": {"full_name": "", "sex": "", "cell": "", "decision_date": "", "date_of_birth": ""},
}


@pytest.mark.parametrize("overrides", MEMBER_ADD.values(), ids=MEMBER_ADD.keys())
def test_malformed_member_add(client, world, overrides):
    client.force_login(world["clerk"])
    before = written()
    data = {**factories.member_form_data(world["deep_cell"]), **overrides}
    response = client.post(reverse("member_add"), data)
    assert response.status_code == 200
    assert written() == before


# Forms: edit, delete, probation, units -----------------------------------------------------------------------

MEMBER_EDIT = {
    "version not a number": {"version": "abc"},
    "version negative": {"version": "-1"},
    "version beyond bigint": {"version": "99999999999999999999"},
    "version missing": {"version": ""},
    "version of the past": {"version": "0"},
    "national id with a NUL": {"version": "1", "national_id": "00120300\x004005"},
}


@pytest.mark.parametrize("overrides", MEMBER_EDIT.values(), ids=MEMBER_EDIT.keys())
def test_malformed_member_edit(client, world, overrides):
    client.force_login(world["clerk"])
    member = world["member"]
    before = written()
    data = factories.member_form_data(member.cell, full_name=member.full_name, home_town="Đổi", **overrides)
    response = client.post(reverse("member_edit", args=[member.pk]), data)
    assert response.status_code == 200
    assert written() == before


PROBATION = {
    "outcome unknown": {"outcome": "bogus", "day": "01/06/2024"},
    "day not a date": {"outcome": "full", "day": "hôm nay"},
    "day in the future": {"outcome": "full", "day": "01/01/2999"},
    "day before the founding": {"outcome": "struck_off", "day": "01/01/1920"},
    "no version": {"outcome": "full", "day": "01/06/2024", "version": ""},
}


@pytest.mark.parametrize("data", PROBATION.values(), ids=PROBATION.keys())
def test_malformed_probation_outcome(client, world, data):
    client.force_login(world["clerk"])
    member = world["member"]
    before = written()
    payload = {"version": member.version, "submission_token": factories.token(), **data}
    response = client.post(reverse("member_confirm", args=[member.pk]), payload)
    assert response.status_code == 200
    assert written() == before


UNIT_ADD = {
    "code too long": {"code": "C" * 500},
    "level unknown": {"level": "bogus"},
    "parent not a number": {"parent": "x"},
    "parent outside the scope": {"parent": "999999"},
    "sort order negative": {"sort_order": "-5"},
    "sort order in exponent": {"sort_order": "1e9"},
    "opened 31/12/9999": {"valid_from": "31/12/9999"},
    "opened in 1066": {"valid_from": "14/10/1066"},
    "name with a NUL": {"name": "Chi bộ\x00"},
    "code already used": {"code": "__existing__"},
}


@pytest.mark.parametrize("overrides", UNIT_ADD.values(), ids=UNIT_ADD.keys())
def test_malformed_unit_add(client, world, overrides):
    client.force_login(world["staff"])
    before = written()
    data = {
        "parent": world["commune_b"].pk,
        "code": "B7",
        "name": "Chi bộ B7",
        "level": "cbtt",
        "unit_type": "xa",
        "sort_order": 0,
        "submission_token": factories.token(),
        **overrides,
    }
    if data["code"] == "__existing__":
        data["code"] = world["cell_b"].code
    response = client.post(reverse("unit_add"), data)
    assert response.status_code == 200
    assert written() == before


@pytest.mark.parametrize(
    "data",
    [{"valid_to": "31/12/9999"}, {"valid_to": "01/01/1000"}, {"valid_to": "30/06/2025", "successor": "abc"}],
    ids=["closing 9999", "closing 1000", "successor not a number"],
)
def test_malformed_unit_close(client, world, data):
    client.force_login(world["staff"])
    before = written()
    response = client.post(
        reverse("unit_close", args=[world["cell_b"].pk]), {"submission_token": factories.token(), **data}
    )
    assert response.status_code == 200
    assert written() == before


# Query strings -----------------------------------------------------------------------------------------------

QUERIES = [
    ("member_list", {"year": "abc"}),
    ("member_list", {"year": "٢٠٢٣"}),
    ("member_list", {"sort": "'; DROP TABLE admissions_member; --"}),
    ("member_list", {"sort": "-"}),
    ("member_list", {"page": "abc"}),
    ("member_list", {"page": "-1"}),
    ("member_list", {"page": "99999999999999999999"}),
    ("member_list", {"q": "\x00"}),
    ("member_list", {"q": LONG}),
    ("member_list", {"status": "bogus", "sex": "?", "occupation": "\u202e"}),
    ("member_list", {"per_page": "-1"}),
    ("member_list", {"per_page": "1000000"}),
    ("member_export_xlsx", {"unit": "²", "per_page": "-1"}),
    ("member_export_csv", {"q": "\x00", "year": "-5"}),
    ("probation_list", {"when": "bogus", "unit": "١"}),
    ("unit_tree", {"year": "-1"}),
    ("unit_tree", {"unit": "abc"}),
    ("report", {"year": "99999"}),
    ("report", {"as_of": "31/02/2023", "source": "x"}),
    ("report", {"year": "２０２４"}),
    ("report_breakdown", {"year": "١٩٩٩", "unit": "²"}),
    ("report_xlsx", {"year": "1e3"}),
    ("member_add", {"cell": "abc", "decision_date": "99/99/9999"}),
    ("unit_add", {"parent": "²"}),
    ("candidate_list", {"stage": "'; DROP TABLE candidates_candidate; --", "when": "\x00", "page": "-1"}),
    ("candidate_export_xlsx", {"unit": "²", "q": LONG, "stage": "bogus"}),
    ("candidate_export_csv", {"q": "\x00", "when": "٢", "unit": "99999999999999999999"}),
]


@pytest.mark.parametrize(("page", "query"), QUERIES, ids=[f"{page} {list(q)}" for page, q in QUERIES])
def test_malformed_query_string(client, world, page, query):
    client.force_login(world["staff"])
    before = written()
    response = client.get(reverse(page), query)
    assert response.status_code < 500
    assert written() == before


# Uploads -----------------------------------------------------------------------------------------------------


def _zip_without_a_workbook() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return output.getvalue()


def _rows_file(rows) -> bytes:
    return workbook(rows).getvalue()


UPLOADS = {
    "empty file": (b"", "danh-sach.xlsx"),
    "text named xlsx": (b"Ho va ten,Ngay sinh\n", "danh-sach.xlsx"),
    "random bytes": (bytes(range(256)) * 40, "danh-sach.xlsx"),
    "a zip that is not a workbook": (_zip_without_a_workbook(), "danh-sach.xlsx"),
    "a csv": ("Họ và tên\nAn\n".encode(), "danh-sach.csv"),
    "name with a NUL": (b"x", "danh\x00sach.xlsx"),
    "headers only": (_rows_file([]), "danh-sach.xlsx"),
}


@pytest.mark.parametrize("page", ["member_import", "candidate_import"])
@pytest.mark.parametrize(("content", "name"), UPLOADS.values(), ids=UPLOADS.keys())
def test_malformed_upload(client, world, settings, tmp_path, content, name, page):
    settings.IMPORT_TEMP_DIR = tmp_path
    client.force_login(world["clerk"])
    before = written()
    response = client.post(reverse(page), {"file": SimpleUploadedFile(name, content)}, follow=True)
    assert response.status_code < 500
    assert written() == before


@pytest.mark.parametrize(
    "overrides",
    [
        {"Ngày sinh": "01/01/0001"},
        {"Ngày quyết định kết nạp": "31/12/9999"},
        {"Số CCCD": "٠٠١٢٠٣٠٠٤٠٠٩"},
        {"Họ và tên": "\u200b\u202e\u00ad"},
        {"Chi bộ": "²"},
    ],
    ids=["birth year 1", "decision 9999", "arabic-indic id", "name only invisible characters", "cell ²"],
)
def test_a_malformed_row_is_refused_at_confirmation_and_nothing_is_written(
    client, world, settings, tmp_path, overrides
):
    settings.IMPORT_TEMP_DIR = tmp_path
    client.force_login(world["clerk"])
    before = written()
    rows = [row(world["deep_cell"].code, number=7), row(world["deep_cell"].code, number=8, **overrides)]
    client.post(reverse("member_import"), {"file": SimpleUploadedFile("d.xlsx", _rows_file(rows))})
    preview = client.get(reverse("member_import_preview"))
    assert preview.status_code == 200
    token = client.session.get(import_views.SESSION_KEY) or "x" * 32  # the pending file's token
    response = client.post(reverse("member_import_confirm"), {"token": token}, follow=True)
    assert response.status_code < 500
    assert written() == before


def test_the_suite_has_at_least_sixty_cases():
    cases = (
        len(MEMBER_ADD)
        + len(MEMBER_EDIT)
        + len(PROBATION)
        + len(UNIT_ADD)
        + 3
        + len(QUERIES)
        + len(UPLOADS)
        + 5
    )
    assert cases >= 60, cases
    assert HEADERS  # the import's columns, as the template writes them
