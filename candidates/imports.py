"""Import of candidates from a clerk's workbook, with the members' import machinery (admissions.imports):
the same reading (the header row found wherever it is, headers matched folded, with the aliases clerks
write; extra columns ignored), the same cell conversions and Vietnamese messages, the same preview and
all-or-nothing confirmation of a kept file, claimed once. What differs is the schema below (the candidate's
columns) and the write: every row goes through candidates.services.candidate_create, so every rule of the
pipeline applies to an imported file as to one typed in."""

from __future__ import annotations

import dataclasses
import io
from typing import TYPE_CHECKING, BinaryIO

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from admissions import imports
from admissions import services as admissions_services
from admissions.imports.columns import CHOICE_ALIASES, COLUMN_BY_FIELD, Column
from admissions.models import PERSON_FIELDS

from . import services
from .models import Candidate

if TYPE_CHECKING:
    from accounts.models import User

# A file refused as a whole (the members' import's: its message says why, in Vietnamese).
ImportFileError = imports.ImportFileError
# The kind of the kept file (admissions.PendingImport.kind): confirmed only by this import.
KIND = "candidate"
# Every row is checked and written by the service, as if typed in (about 6 ms a row): an organisation's list
# of candidates, not a province's; a longer file is refused with a message asking to split it.
MAX_ROWS = 1000


def _column(field: str, kind: str, required: bool = False, aliases: tuple[str, ...] = ()) -> Column:
    return Column(field, kind, required, aliases, model=Candidate)


def _as_members(field: str) -> Column:
    """A column the member's import knows (the person, the cell): its kind and the clerks' aliases."""
    return dataclasses.replace(COLUMN_BY_FIELD[field], model=Candidate)


COLUMNS = (
    *(_as_members(field) for field in PERSON_FIELDS),
    _as_members("grassroots"),
    _column("cell", "cell", True, ("mã chi bộ", "tên chi bộ", "chi bộ mã hoặc tên", "chi bộ sinh hoạt")),
    _column(
        "listed_date",
        "date",
        True,
        (
            "ngày vào danh sách cảm tình đảng",
            "ngày đưa vào danh sách",
            "ngày cảm tình đảng",
            "ngày tạo nguồn",
        ),
    ),
    _column(
        "mentor_name",
        "text",
        True,
        ("người giúp đỡ", "đảng viên được phân công giúp đỡ", "đảng viên giúp đỡ thứ nhất", "đv giúp đỡ"),
    ),
    _column("second_mentor_name", "text"),
    _column(
        "certificate_number",
        "text",
        False,
        (
            "số giấy chứng nhận",
            "số chứng nhận",
            "số gcn",
            "số chứng chỉ",
            "số giấy chứng nhận lớp cảm tình đảng",
        ),
    ),
    _column("certificate_date", "date", False, ("ngày cấp chứng nhận", "ngày cấp gcn", "ngày cấp chứng chỉ")),
    _column("application_date", "date", False, ("ngày đơn xin vào đảng", "ngày làm đơn")),
    _column("personal_history_date", "date", False, ("ngày lý lịch", "ngày khai lý lịch")),
    _column("introduction_date", "date", False, ("ngày giấy giới thiệu", "ngày giới thiệu")),
    _column("introducer_name", "text", False, ("người giới thiệu", "đảng viên giới thiệu thứ nhất")),
    _column("introducer_since", "date"),
    _column("second_introducer_name", "text", False, ("người giới thiệu thứ hai",)),
    _column("second_introducer_since", "date"),
    _column("youth_union_resolution_number", "text", False, ("số nghị quyết đoàn", "số nq đoàn giới thiệu")),
    _column("mass_opinions_date", "date", False, ("ngày nhận xét của đoàn thể", "ngày nhận xét nơi cư trú")),
    _column("background_check_date", "date", False, ("ngày thẩm tra lý lịch", "ngày kết luận thẩm tra")),
    _column("background_check_conclusion", "text", False, ("kết luận thẩm tra",)),
    _column("cell_resolution_number", "text", False, ("số nghị quyết chi bộ", "số nq chi bộ")),
    _column("cell_resolution_date", "date", False, ("ngày nq chi bộ", "ngày chi bộ xét")),
    _column(
        "cell_full_members", "number", False, ("số đảng viên chính thức", "tổng số đảng viên chính thức")
    ),
    _column("cell_present", "number", False, ("số có mặt",)),
    _column("cell_in_favour", "number", False, ("số tán thành", "số đồng ý")),
    _column("intermediate_resolution_number", "text", False, ("số nghị quyết đảng ủy bộ phận",)),
    _column("intermediate_resolution_date", "date"),
    _column("grassroots_resolution_number", "text", False, ("số nq đảng ủy cơ sở",)),
    _column("grassroots_resolution_date", "date", False, ("ngày nq đảng ủy cơ sở",)),
    _column("submitted_date", "date", False, ("ngày trình cấp trên", "ngày trình")),
    _column("former_member", "bool", False, ("kết nạp lại", "đã từng là đảng viên")),
    _column("left_date", "date"),
    _column("over_age_exception", "bool", False, ("trường hợp đặc biệt", "trên 60 tuổi")),
    _column("exception_note", "text", False, ("căn cứ",)),
    _column("notes", "text", False, ("ghi chú khác",)),
)
CANDIDATES = imports.Schema(Candidate, COLUMNS, CHOICE_ALIASES)

# The template's example row: a sympathiser who has finished the awareness course.
EXAMPLE_ROW = {
    "full_name": "Nguyễn Thị Lan",
    "sex": "Nữ",
    "date_of_birth": "15/03/2001",
    "ethnicity": "Kinh",
    "religion": "Không",
    "home_town": "Xã Tân Lập, tỉnh Phú Thọ",
    "national_id": "025301001234",
    "occupation": "Viên chức giáo dục (giáo viên)",
    "schooling": "12/12",
    "qualification": "Đại học",
    "political_theory": "Sơ cấp",
    "youth_union": "x",
    "listed_date": "10/01/2025",
    "mentor_name": "Trần Văn Minh",
    "certificate_number": "125/GCN-TTCT",
    "certificate_date": "20/05/2025",
}


def check_file(upload: BinaryIO) -> None:
    """The checks of the file as a whole (upload page): raises ImportFileError, a missing required column
    too (this import has no page to say what each column is: the message names the columns)."""
    imports.check_file(upload, schema=CANDIDATES, mapping_asked=False)


def write_template(output, *, user: User) -> None:
    imports.write_template(output, user=user, schema=CANDIDATES, example=EXAMPLE_ROW)


MASKED_ID_MESSAGE = _(
    "Số CCCD đang bị che (như trong tệp xuất danh sách): ghi đủ 12 chữ số, hoặc để trống nếu chưa có."
)
SKIPPED_NOTE = _("Bỏ qua: không phải quần chúng (dòng tổng cộng, phần ký tên, ghi chú).")


def _parsed(upload: BinaryIO, *, user: User) -> imports.ImportResult:
    result = imports.parse(upload, user=user, schema=CANDIDATES, max_rows=MAX_ROWS)
    # The member import reads a masked ID as "unchanged" (it updates a recorded member); a new candidate has
    # no recorded ID to keep, so a list exported with masked IDs is not imported back without them.
    header = CANDIDATES.by_field["national_id"].header
    for row in result.rows:
        if row.masked_national_id:
            row.errors.append(imports.Problem(row.number, header, str(MASKED_ID_MESSAGE)))
    return result


def _batch(result: imports.ImportResult) -> list[dict]:
    # A blank optional cell is left out, so the model's default applies (Kinh, no religion, ...).
    return [dict(row.values) for row in result.rows]


def read_candidates(upload: BinaryIO, *, user: User) -> imports.ImportResult:
    """Parse and check an uploaded workbook (the preview); nothing is written. Raises ImportFileError."""
    result = _parsed(upload, user=user)
    readable = [row for row in result.rows if not row.errors]
    errors = services.candidates_check(rows=[dict(row.values) for row in readable], user=user)
    imports.attach_errors(readable, errors, CANDIDATES.by_field)
    return result


def read_pending(pending, *, user: User) -> imports.ImportResult:
    return read_candidates(io.BytesIO(bytes(pending.content)), user=user)


def commit_pending(*, token: object, user: User) -> tuple[imports.ImportResult, int]:
    """Confirm the user's pending file `token`: claim it and create its candidates in one transaction, or
    none; written once however many times it is confirmed (admissions.services.AlreadyImported for the
    later ones, PendingImportGone when there is no such file). Returns the result and the number created
    (0 when a row is refused: the result carries the errors)."""
    with transaction.atomic():
        pending = admissions_services.pending_import_claim(user=user, token=token, kind=KIND)
        result = _parsed(io.BytesIO(bytes(pending.content)), user=user)
        if not result.can_commit:
            return result, 0
        try:
            created = services.candidates_import(rows=_batch(result), user=user)
        except services.CandidatesInvalid as invalid:  # someone recorded a candidate meanwhile
            imports.attach_errors(result.rows, invalid.errors_by_row, CANDIDATES.by_field)
            return result, 0
        admissions_services.pending_import_mark_imported(pending=pending, count=created)
    return result, created
