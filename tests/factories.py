"""Small hand-built fixtures with known totals. Everything is created through the services."""

import datetime
import itertools

from admissions import services
from admissions.choices import Occupation, Schooling, Sex, UnitLevel, UnitType

_codes = itertools.count(1)


def unit(*, parent=None, level=UnitLevel.SUBORDINATE_CELL, name=None, **fields):
    number = next(_codes)
    fields.setdefault("unit_type", UnitType.COMMUNE)
    return services.unit_create(
        parent=parent,
        code=fields.pop("code", f"U{number}"),
        name=name or f"Đơn vị {number}",
        level=level,
        **fields,
    )


def tree():
    """province > district > (commune ĐBCS > intermediate ĐBBP > cell), (commune > cell), (school CBCS)."""
    province = unit(level=UnitLevel.PROVINCE, name="Tỉnh ủy Thử")
    district = unit(parent=province, level=UnitLevel.SUPERIOR, name="Huyện ủy Thử")
    commune = unit(parent=district, level=UnitLevel.GRASSROOTS_COMMITTEE, name="Đảng bộ xã A")
    middle = unit(parent=commune, level=UnitLevel.INTERMEDIATE, name="Đảng bộ bộ phận A1")
    deep_cell = unit(parent=middle, level=UnitLevel.SUBORDINATE_CELL, name="Chi bộ A1a")
    commune_b = unit(parent=district, level=UnitLevel.GRASSROOTS_COMMITTEE, name="Đảng bộ xã B")
    cell_b = unit(parent=commune_b, level=UnitLevel.SUBORDINATE_CELL, name="Chi bộ B1")
    school = unit(
        parent=district,
        level=UnitLevel.GRASSROOTS_CELL,
        name="Chi bộ Trường THPT",
        unit_type=UnitType.PUBLIC_SERVICE,
    )
    return {
        "province": province,
        "district": district,
        "commune": commune,
        "middle": middle,
        "deep_cell": deep_cell,
        "commune_b": commune_b,
        "cell_b": cell_b,
        "school": school,
    }


def member_fields(cell, **overrides):
    decision = overrides.pop("decision_date", datetime.date(2023, 5, 19))
    fields = {
        "full_name": "Nguyễn Văn An",
        "sex": Sex.MALE,
        "date_of_birth": datetime.date(decision.year - 25, 1, 1),
        "occupation": Occupation.FARMER,
        "schooling": Schooling.GRADE_12,
        "cell": cell,
        "decision_number": "01-QĐ/HU",
        "decision_date": decision,
    }
    fields.update(overrides)
    return fields


def member(cell, **overrides):
    return services.member_create(**member_fields(cell, **overrides))


def user(username, *, role, unit, **fields):
    """A login of `role` attached to `unit` (password "x")."""
    from accounts.models import User

    return User.objects.create_user(username, password="x", role=role, unit=unit, **fields)


def token() -> str:
    """A fresh one-time submission token, as a rendered form carries (core.submissions)."""
    from core.submissions import new_token

    return new_token()


def member_form_data(cell, **overrides) -> dict:
    """What a clerk types into the member form (dates as dd/mm/yyyy), with the form's one-time token."""
    data = {
        "submission_token": token(),
        "full_name": "Nguyễn Văn An",
        "sex": "M",
        "date_of_birth": "01/01/1998",
        "ethnicity": "Kinh",
        "religion": "none",
        "occupation": "nong_dan",
        "schooling": "12/12",
        "qualification": "none",
        "political_theory": "none",
        "cell": cell.pk,
        "decision_number": "123-QĐ/HU",
        "decision_date": "19/05/2023",
        "status": "probationary",
    }
    data.update(overrides)
    return data
