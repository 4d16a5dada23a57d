"""List exports: the workbook and the CSV carry the queryset's rows as text, dates and labels, streamed."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.http import HttpResponse

from admissions import exports, services
from admissions.choices import MemberStatus, Sex
from admissions.models import Member
from tests import factories
from tests.concurrent import needs_postgresql


def many(cell, count, **overrides):
    """`count` members in one bulk insert, with distinct names and national IDs."""
    rows = [
        factories.member_fields(cell, full_name=f"Trần Văn {n}", national_id=f"0{n:011d}", **overrides)
        for n in range(1, count + 1)
    ]
    return services.members_bulk_create(rows=rows)


def xlsx_of(queryset, **options):
    output = io.BytesIO()
    exports.write_members_xlsx(queryset, output, **options)
    output.seek(0)
    return openpyxl.load_workbook(output).worksheets[0]


def csv_of(queryset, **options):
    return "".join(exports.stream_members_csv(queryset, **options))


@pytest.fixture
def lan(tree):
    return factories.member(
        tree["deep_cell"],
        full_name="Lê Thị Lan",
        sex=Sex.FEMALE,
        national_id="001203004005",
        ceremony_date=datetime.date(2023, 6, 2),
        youth_union=True,
        notes="=1+1",
        home_town="+84 912 345 678",
        record_number="@x",
        decision_number="-12-QĐ/HU",
    )


def test_the_workbook_has_a_bold_frozen_header_and_one_row_per_member(tree, lan):
    sheet = xlsx_of(Member.objects.all(), columns=exports.ALL_COLUMNS)
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["Họ và tên", "Giới tính", "Ngày sinh"]
    assert {"Số CCCD", "Chi bộ", "Mã đơn vị", "Tổ chức cơ sở đảng", "Ngày quyết định kết nạp"} <= set(headers)
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 2


def test_the_workbook_writes_labels_dates_and_names_of_units(tree, lan):
    # Every column, so the kinds the default set leaves out (booleans, the derived dates) are checked too.
    sheet = xlsx_of(Member.objects.all(), columns=exports.ALL_COLUMNS)
    row = {header.value: cell for header, cell in zip(sheet[1], sheet[2], strict=True)}
    assert row["Họ và tên"].value == "Lê Thị Lan"
    assert row["Giới tính"].value == "Nữ"
    assert row["Nghề nghiệp"].value == "Nông dân"
    assert row["Trạng thái"].value == "Dự bị"
    assert row["Chi bộ"].value == "Chi bộ A1a"
    assert row["Tổ chức cơ sở đảng"].value == "Đảng bộ xã A"
    assert row["Đoàn viên TNCS Hồ Chí Minh"].value == "x"
    assert row["Kết nạp lại"].value is None
    decision = row["Ngày quyết định kết nạp"]
    assert decision.value == datetime.datetime.combine(
        datetime.date(2023, 5, 19), datetime.time()
    )  # a date, no time of day
    assert decision.number_format == "dd/mm/yyyy"
    assert row["Ngày hết dự bị"].value == datetime.datetime.combine(
        datetime.date(2024, 6, 2), datetime.time()
    )  # a date, no time of day


def test_national_ids_are_masked_text_with_their_last_four_digits(tree, lan):
    sheet = xlsx_of(Member.objects.all(), columns=["full_name", "national_id"])
    assert sheet["B2"].value == "********4005"
    assert sheet["B2"].data_type == "s"


@pytest.mark.parametrize(
    ("column", "text"),
    [
        ("notes", "=1+1"),
        ("home_town", "+84 912 345 678"),
        ("record_number", "@x"),
        ("decision_number", "-12-QĐ/HU"),
    ],
)
def test_formula_looking_user_text_is_written_as_text_never_a_formula(tree, lan, column, text):
    sheet = xlsx_of(Member.objects.all(), columns=[column])
    assert sheet["A2"].value == text
    assert sheet["A2"].data_type == "s"


def test_the_workbook_follows_the_querysets_filter_and_order(tree):
    many(tree["deep_cell"], 3)
    factories.member(tree["cell_b"], full_name="Ở Xã B", national_id="009000000001")
    queryset = Member.objects.filter(cell=tree["deep_cell"]).order_by("-full_name")
    sheet = xlsx_of(queryset, columns=["full_name"])
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Trần Văn 3",
        "Trần Văn 2",
        "Trần Văn 1",
    ]


def test_the_workbook_can_be_written_into_an_http_response(tree, lan):
    response = HttpResponse(content_type=exports.XLSX_CONTENT_TYPE)
    exports.write_members_xlsx(Member.objects.all(), response)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["A2"].value == "Lê Thị Lan"


def test_an_empty_queryset_gives_the_header_row_only(db):
    sheet = xlsx_of(Member.objects.none())
    assert sheet.max_row == 1
    assert sheet["A1"].value == "Họ và tên"


def test_the_csv_starts_with_a_byte_order_mark_and_the_headers(tree, lan):
    text = csv_of(Member.objects.all(), columns=["full_name", "sex", "decision_date", "national_id"])
    assert text.startswith("\ufeffHọ và tên,Giới tính,Ngày quyết định kết nạp,Số CCCD\n")
    assert list(csv.reader(io.StringIO(text)))[1] == ["Lê Thị Lan", "Nữ", "19/05/2023", "********4005"]


def test_the_csv_prefixes_formula_looking_user_text_with_an_apostrophe(tree, lan):
    text = csv_of(
        Member.objects.all(), columns=["notes", "home_town", "record_number", "decision_number", "full_name"]
    )
    assert list(csv.reader(io.StringIO(text)))[1] == [
        "'=1+1",
        "'+84 912 345 678",
        "'@x",
        "'-12-QĐ/HU",
        "Lê Thị Lan",
    ]


def test_the_csv_is_yielded_in_chunks_of_lines(tree):
    many(tree["deep_cell"], 25)
    chunks = list(exports.stream_members_csv(Member.objects.all(), columns=["full_name"], lines_per_chunk=10))
    assert len(chunks) == 1 + 3
    assert sum(chunk.count("\n") for chunk in chunks) == 26


@pytest.mark.parametrize("count", [30, 3000])
def test_exports_read_the_rows_in_one_query_whatever_their_number(tree, count, django_assert_num_queries):
    many(tree["deep_cell"], count, status=MemberStatus.PROBATIONARY)
    queryset = Member.objects.filter(cell__path__startswith=tree["district"].path)
    with django_assert_num_queries(1):
        exports.write_members_xlsx(queryset, io.BytesIO())
    with django_assert_num_queries(1):
        assert sum(chunk.count("\n") for chunk in exports.stream_members_csv(queryset)) == count + 1


def test_the_default_columns_are_what_a_committee_files(tree, lan):
    headers = [cell.value for cell in xlsx_of(Member.objects.all())[1]]
    assert headers == [
        "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Tôn giáo", "Số CCCD", "Nghề nghiệp",
        "Giáo dục phổ thông", "Chuyên môn, nghiệp vụ", "Chi bộ", "Tổ chức cơ sở đảng", "Số quyết định kết nạp",
        "Ngày quyết định kết nạp", "Ngày lễ kết nạp", "Trạng thái",
    ]  # fmt: skip


def test_national_id_cells_and_their_column_keep_the_text_format_and_their_zeros(tree, lan):
    """Excel's text format ("@") on the cells and on the whole column: an ID typed or edited there later stays
    text too, its leading zero never dropped as a number's would be."""
    factories.member(tree["cell_b"], full_name="Ở Xã B", national_id="000000000001")
    sheet = xlsx_of(Member.objects.order_by("pk"))
    column = [cell.value for cell in sheet[1]].index("Số CCCD")
    letter = sheet.cell(1, column + 1).column_letter
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == ["********4005", "********0001"]
    assert all(cell.data_type == "s" and cell.number_format == "@" for cell in cells)
    assert sheet.column_dimensions[letter].number_format == "@"
    assert sheet.cell(1, column + 1).number_format == "General"  # the header keeps its own style


def same_text_both_ways(queryset, columns):
    """The CSV's lines as PostgreSQL's COPY TO writes them, and as Python writes them."""
    chosen = exports._chosen(columns)
    labels = exports._choice_labels(chosen)
    copied = "".join(exports.copied_lines(queryset, chosen, labels, 2))
    written = "".join(exports.written_lines(queryset, chosen, labels, 2))
    assert copied == written
    return written


@needs_postgresql
def test_postgresql_writes_the_csv_python_would_write(tree, lan):
    factories.member(
        tree["cell_b"],
        full_name='Nguyễn "Bé", Hai',
        national_id=None,
        notes="dòng một\ndòng hai, có dấu phẩy",
        home_town="-Tân Lập",
        youth_union=False,
        ceremony_date=None,
    )
    text = same_text_both_ways(Member.objects.order_by("pk"), exports.ALL_COLUMNS)
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2
    assert "'=1+1" in rows[0]
    assert "'-Tân Lập" in rows[1]
    assert "dòng một\ndòng hai, có dấu phẩy" in rows[1]


@needs_postgresql
def test_postgresql_writes_the_candidates_csv_python_would_write(tree):
    from candidates import exports as candidate_exports
    from candidates.models import Candidate
    from tests.candidates.helpers import candidate

    candidate(tree["deep_cell"], full_name="=Quần chúng", national_id="001203004009")
    candidate(tree["cell_b"], full_name="Người Hai", national_id=None)
    same_text_both_ways(Candidate.objects.order_by("pk"), candidate_exports.DEFAULT_COLUMNS)


def test_an_empty_queryset_gives_the_csv_header_only(db):
    assert csv_of(Member.objects.none(), columns=["full_name"]) == "\ufeffHọ và tên\n"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_query_between_two_chunks_of_the_csv_does_not_wait_for_the_export(tree):
    """A background export writes its progress between the chunks, on the same connection as the COPY."""
    import threading

    from django.db import connections

    many(tree["deep_cell"], 30)
    result = {}

    def export():
        try:
            chunks = []
            for chunk in exports.stream_members_csv(Member.objects.order_by("pk"), lines_per_chunk=10):
                chunks.append(chunk)
                Member.objects.count()  # as jobs.report() between two chunks
            result["lines"] = "".join(chunks).count("\n")
        finally:
            connections.close_all()

    thread = threading.Thread(target=export, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the export waits for its own connection"
    assert result["lines"] == 31
