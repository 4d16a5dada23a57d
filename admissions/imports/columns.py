"""The columns of the import: their order in the template, the headers and aliases clerks write, and how a
header or a choice is compared (folded: diacritics, case and punctuation ignored)."""

import dataclasses
import functools
import re
from collections.abc import Mapping

from django.db.models import Model
from django.utils import translation
from django.utils.text import capfirst

from ..models import Member
from ..text import fold


@dataclasses.dataclass(frozen=True)
class Column:
    field: str
    kind: str  # text, choice, bool, date, number, national_id, cell, grassroots (a hint for the cell)
    required: bool = False
    aliases: tuple[str, ...] = ()
    model: type[Model] = Member  # whose field it is: its header and its choices are the model's

    @property
    def header(self) -> str:
        return str(capfirst(self.model._meta.get_field(self.field).verbose_name))


# The columns of the template, in its order. Headers are the model fields' names; aliases are matched folded.
COLUMNS = (
    Column(
        "full_name",
        "text",
        True,
        (
            "họ tên",
            "họ và tên đảng viên",
            "tên đảng viên",
            "ho va ten",
            "họ và tên khai sinh",
            "họ, chữ đệm và tên",
        ),
    ),
    Column("sex", "choice", True, ("phái", "nam nữ", "giới")),
    Column(
        "date_of_birth",
        "date",
        True,
        ("sinh ngày", "ngày tháng năm sinh", "ngày, tháng, năm sinh", "ngày sinh dương lịch"),
    ),
    Column("ethnicity", "choice", False, ()),
    Column("religion", "choice", False, ()),
    Column("home_town", "text", False, ("nguyên quán", "quê", "quê quán (xã, tỉnh)")),
    Column(
        "national_id",
        "national_id",
        False,
        (
            "cccd",
            "số căn cước",
            "căn cước",
            "số căn cước công dân",
            "căn cước công dân",
            "số định danh",
            "số định danh cá nhân",
            "cmnd cccd",
            "số cmnd cccd",
        ),
    ),
    Column(
        "occupation",
        "choice",
        True,
        ("nghề", "nghề nghiệp khi kết nạp", "nghề nghiệp hiện nay", "nghề nghiệp khi vào đảng"),
    ),
    Column(
        "schooling",
        "choice",
        True,
        (
            "trình độ văn hóa",
            "văn hóa",
            "học vấn",
            "trình độ học vấn",
            "gdpt",
            "trình độ gdpt",
            "giáo dục phổ thông",
            "trình độ giáo dục phổ thông",
        ),
    ),
    Column("qualification", "choice", False, ("chuyên môn", "trình độ chuyên môn", "chuyên môn nghiệp vụ")),
    Column(
        "political_theory",
        "choice",
        False,
        ("llct", "trình độ lý luận chính trị", "lý luận", "trình độ llct"),
    ),
    Column(
        "youth_union",
        "bool",
        False,
        ("đoàn viên", "đoàn viên thanh niên", "đvtn", "đoàn viên tncs hcm", "là đoàn viên"),
    ),
    Column("private_business_owner", "bool", False, ("chủ dntn", "chủ doanh nghiệp")),
    # Only tells cells of the same name apart (the record's TCCS is always its cell's).
    Column(
        "grassroots",
        "grassroots",
        False,
        (
            "tccs",
            "tên tccs",
            "tổ chức cơ sở đảng",
            "tên tổ chức cơ sở đảng",
            "đảng bộ cơ sở",
            "đảng bộ, chi bộ cơ sở",
        ),
    ),
    Column(
        "cell",
        "cell",
        True,
        (
            "mã chi bộ",
            "tên chi bộ",
            "chi bộ mã hoặc tên",
            "chi bộ kết nạp",
            "chi bộ sinh hoạt",
            "sinh hoạt tại chi bộ",
        ),
    ),
    Column(
        "decision_number",
        "text",
        True,
        ("số quyết định", "số qđ", "số qđ kết nạp", "số quyết định kết nạp đảng viên"),
    ),
    Column(
        "decision_date",
        "date",
        True,
        (
            "ngày quyết định",
            "ngày qđ",
            "ngày ký quyết định",
            "ngày ký qđ",
            "ngày qđ kết nạp",
            "ngày kết nạp",
            "ngày vào đảng",
            "ngày ký qđ kết nạp",
        ),
    ),
    Column(
        "ceremony_date",
        "date",
        False,
        ("ngày lễ", "ngày tổ chức lễ kết nạp", "ngày tổ chức lễ", "ngày lễ kết nạp đảng"),
    ),
    # A member admitted years ago arrives as they are today: full, struck off, with their card.
    Column(
        "status", "choice", False, ("trạng thái", "tình trạng", "trạng thái đảng viên", "dự bị chính thức")
    ),
    Column(
        "confirmation_date",
        "date",
        False,
        (
            "ngày chính thức",
            "ngày công nhận",
            "ngày công nhận đảng viên chính thức",
            "ngày được công nhận chính thức",
            "ngày qđ công nhận chính thức",
        ),
    ),
    Column("struck_off_date", "date", False, ("ngày xóa tên đảng viên",)),
    Column("card_number", "text", False, ("số thẻ", "số thẻ đảng", "số thẻ đv")),
    Column("readmission", "bool", False, ()),
    Column("over_age_exception", "bool", False, ("trường hợp đặc biệt", "trên 60 tuổi")),
    Column("exception_note", "text", False, ("căn cứ",)),
    Column("record_number", "text", False, ("số lý lịch đảng viên", "số ll", "số lý lịch đv", "số ll đv")),
    Column("notes", "text", False, ("ghi chú khác",)),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}

# Ways clerks write a choice that are neither its label nor its code.
CHOICE_ALIASES = {
    "sex": {"m": "M", "f": "F"},
    "schooling": {"12": "12/12", "11": "11/12", "10": "10/12", "9": "9/12"},
    "qualification": {"thac sy": "thac_si", "tien sy": "tien_si", "khong": "none", "chua": "none"},
    "political_theory": {"cao cap": "cao_cap", "cu nhan": "cao_cap", "khong": "none", "chua": "none"},
    "religion": {"khong ton giao": "none", "phat": "phat_giao", "thien chua giao": "cong_giao"},
    "ethnicity": {"hmong": "Mông", "h mong": "Mông", "khome": "Khmer", "kho me": "Khmer"},
}

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(value) -> str:
    """A header as compared: folded, every run of punctuation and spaces made one space ("Số QĐ:" -> "so qd")."""
    return _NOT_ALNUM.sub(" ", fold(str(value))).strip()


def choice_key(value) -> str:
    """A choice as compared: folded, with no spaces or punctuation at all ("Ê-đê" -> "ede", "12/12" -> "1212")."""
    return _NOT_ALNUM.sub("", fold(str(value)))


@dataclasses.dataclass(frozen=True)
class Schema:
    """What one kind of import reads (the admitted members', the candidates'): the record it makes, its
    columns in the template's order, and the ways clerks write a choice that are neither its label nor its
    code. The reading, converting, validating and template modules take it; by default, the members'."""

    model: type[Model]
    columns: tuple[Column, ...]
    choice_aliases: Mapping[str, Mapping[str, str]] = dataclasses.field(default_factory=dict)

    @functools.cached_property
    def by_field(self) -> dict[str, Column]:
        return {column.field: column for column in self.columns}

    def header_lookup(self) -> dict[str, Column]:
        """Every accepted header, in Vietnamese and in the active language, to its column."""
        lookup: dict[str, Column] = {}
        for column in self.columns:
            names = {column.header, *column.aliases}
            with translation.override("vi"):
                names.add(column.header)
            lookup.update({header_key(name): column for name in names})
        return lookup

    def choice_lookup(self, field: str) -> dict[str, str]:
        choices = self.model._meta.get_field(field).choices
        lookup: dict[str, str] = {}
        for code, label in choices:
            # The Vietnamese label, the label in the user's language and the code are all accepted.
            with translation.override("vi"):
                lookup[choice_key(label)] = code
            lookup[choice_key(label)] = code
            lookup[choice_key(code)] = code
        lookup.update({choice_key(alias): code for alias, code in self.choice_aliases.get(field, {}).items()})
        return lookup


MEMBERS = Schema(Member, COLUMNS, CHOICE_ALIASES)


def header_lookup() -> dict[str, Column]:
    """Every accepted header of the members' import, to its column."""
    return MEMBERS.header_lookup()


def choice_lookup(field: str) -> dict[str, str]:
    return MEMBERS.choice_lookup(field)
