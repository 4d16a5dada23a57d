"""What a generated person looks like, shared by the demo district and the scale generator.

The pools of family, middle and given names (weighted by repetition, as the common family names are),
the family names of the larger minorities, the days admissions cluster around and the digit of a national
ID (CCCD) that encodes sex and century of birth.
"""

import datetime

from admissions.choices import Sex

FAMILY = (
    ["Nguyễn"] * 38
    + ["Trần"] * 11
    + ["Lê"] * 9
    + ["Phạm"] * 7
    + ["Hoàng"] * 5
    + ["Vũ"] * 4
    + ["Đặng"] * 3
    + ["Bùi"] * 3
    + ["Đỗ"] * 3
    + ["Hồ"] * 2
    + ["Ngô"] * 2
    + ["Dương"] * 2
    + ["Phan"] * 3
    + ["Lý", "Đinh", "Trịnh", "Tạ", "Cao", "Lương", "Mai", "Đào", "Tô", "Chu"]
)
MIDDLE = {
    Sex.MALE: ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Xuân", "Công", "Tiến"],
    Sex.FEMALE: ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Kim", "Phương", "Mai"],
}
GIVEN = {
    Sex.MALE: [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Đức",
        "Hải",
        "Hùng",
        "Huy",
        "Khánh",
        "Long",
        "Mạnh",
        "Nam",
        "Phong",
        "Quân",
        "Sơn",
        "Thắng",
        "Thành",
        "Trung",
        "Tuấn",
        "Việt",
        "Hiếu",
        "Lâm",
    ],
    Sex.FEMALE: [
        "Anh",
        "Ánh",
        "Chi",
        "Dung",
        "Giang",
        "Hà",
        "Hằng",
        "Hạnh",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Nga",
        "Ngân",
        "Nhung",
        "Oanh",
        "Phương",
        "Quỳnh",
        "Thảo",
        "Trang",
        "Yến",
    ],
}
MINORITY_FAMILY = {
    "Tày": ["Hoàng", "Nông", "Ma", "Lục"],
    "Dao": ["Triệu", "Bàn", "Lý", "Đặng"],
    "Mông": ["Giàng", "Sùng", "Vàng", "Lù"],
}
# Decisions cluster before 3/2, 19/5 and 2/9, the days committees hold ceremonies for (month, day).
DECISION_ANCHORS = [(1, 25), (5, 10), (8, 25), (3, 15), (7, 10), (10, 15), (12, 10)]


def id_century_digit(sex: str, born: datetime.date) -> int:
    """The fourth digit of a national ID: 0 for a man born in the 1900s, 1 for a woman; 2 and 3 from 2000."""
    return (0 if born.year < 2000 else 2) + (1 if sex == Sex.FEMALE else 0)
