"""The attainment table's columns and their server-side sort (?sort=rate, ?sort=-rate)."""

from django.utils.translation import gettext_lazy as _

from admissions.text import vietnamese_sort_key

from .attainment.figures import Line, Status

STATUS_ORDER = [Status.NO_QUOTA, Status.NOT_COMPLETED, Status.COMPLETED, Status.EXCEEDED]

# Missing values (no quota, no rate) sort before every number, whatever the direction asked.
SORT_KEYS = {
    "name": lambda line: vietnamese_sort_key(line.unit.name),
    "unit_type": lambda line: str(line.unit.unit_type_label),
    "quota": lambda line: (line.quota is not None, line.quota or 0),
    "result": lambda line: line.result,
    "rate": lambda line: (line.rate is not None, line.rate or 0),
    "difference": lambda line: (line.difference is not None, line.difference or 0),
    "last_year": lambda line: line.last_year,
    "status": lambda line: STATUS_ORDER.index(line.status),
}

COLUMNS = [
    ("name", _("Tên đơn vị"), ""),
    ("unit_type", _("Loại hình"), ""),
    ("quota", _("Chỉ tiêu"), "num"),
    ("result", _("Kết quả"), "num"),
    ("rate", _("Tỷ lệ (%)"), "num"),
    ("difference", _("Vượt (+) / thiếu (−)"), "num"),
    ("last_year", _("Cùng kỳ năm trước"), "num"),
    ("status", _("Đánh giá"), ""),
]


def sort_lines(lines: list[Line], sort: str) -> list[Line]:
    """The lines in the order asked for; the unit order of the tree when no sort is given."""
    key = sort.removeprefix("-")
    if key not in SORT_KEYS:
        return lines
    return sorted(lines, key=SORT_KEYS[key], reverse=sort.startswith("-"))


def header_links(sort: str) -> list[dict]:
    """Each column with the sort its header link asks for next (ascending, then descending)."""
    return [
        {
            "key": key,
            "label": label,
            "css": css,
            "next": f"-{key}" if sort == key else key,
            "direction": "asc" if sort == key else "desc" if sort == f"-{key}" else "",
        }
        for key, label, css in COLUMNS
    ]
