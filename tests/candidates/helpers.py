"""Candidates at each stage, built through the services, with dates counted back from the cell's resolution."""

import datetime

from django.utils import timezone

from admissions.choices import Occupation, Schooling, Sex
from candidates import services, workdays
from candidates.choices import Stage

RESOLUTION = datetime.date(2025, 12, 15)


def candidate_fields(cell, *, stage=Stage.SUBMITTED, resolution=RESOLUTION, **overrides):
    """The fields of a candidate of `cell` who has reached `stage`, the cell's resolution on `resolution`
    (9 full members, 8 present, 7 in favour) and every earlier stage a few weeks before it."""
    day = resolution
    fields = {
        "full_name": "Trần Thị Bình",
        "sex": Sex.FEMALE,
        "date_of_birth": datetime.date(resolution.year - 24, 3, 8),
        "occupation": Occupation.TEACHER,
        "schooling": Schooling.GRADE_12,
        "youth_union": True,
        "cell": cell,
        "listed_date": day - datetime.timedelta(days=400),
        "mentor_name": "Lê Văn Cường",
    }
    steps = [Stage.COURSE, Stage.FILE, Stage.BACKGROUND, Stage.CELL, Stage.GRASSROOTS, Stage.SUBMITTED]
    reached = steps[: steps.index(stage) + 1] if stage in steps else []
    if Stage.COURSE in reached:
        fields |= {
            "certificate_number": "CN-123/2024",
            "certificate_date": day - datetime.timedelta(days=300),
        }
    if Stage.FILE in reached:
        file_day = day - datetime.timedelta(days=200)
        fields |= {
            "application_date": file_day,
            "personal_history_date": file_day,
            "introduction_date": file_day,
            "introducer_name": "Lê Văn Cường",
            "introducer_since": file_day - datetime.timedelta(days=800),
            "youth_union_resolution_number": "05-NQ/ĐTN",
            "mass_opinions_date": file_day,
        }
    if Stage.BACKGROUND in reached:
        fields |= {
            "background_check_date": day - datetime.timedelta(days=30),
            "background_check_conclusion": "Đủ điều kiện",
        }
    if Stage.CELL in reached:
        fields |= {
            "cell_resolution_number": "12-NQ/CB",
            "cell_resolution_date": day,
            "cell_full_members": 9,
            "cell_present": 8,
            "cell_in_favour": 7,
        }
    if Stage.GRASSROOTS in reached:
        fields |= {
            "grassroots_resolution_number": "30-NQ/ĐU",
            "grassroots_resolution_date": day + datetime.timedelta(days=7),
        }
    if Stage.SUBMITTED in reached:
        fields |= {"submitted_date": day + datetime.timedelta(days=10)}
    fields.update(overrides)
    return fields


def candidate(cell, **overrides):
    return services.candidate_create(**candidate_fields(cell, **overrides))


def resolution_due_soon() -> datetime.date:
    """A cell resolution whose decision's deadline (60 working days) falls within the next 14 days."""
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=14)
    for back in range(60, 130):
        day = today - datetime.timedelta(days=back)
        if today <= workdays.add_working_days(day, workdays.DECISION_WORKING_DAYS) <= soon:
            return day
    raise AssertionError("no resolution day found")


def add_expiring_certificate(cell, name: str):
    """A file at the course stage whose certificate runs out within the next 90 days."""
    today = timezone.localdate()
    fields = candidate_fields(cell, full_name=name, stage=Stage.COURSE, resolution=today)
    fields["listed_date"] = today - datetime.timedelta(days=5 * 365 + 30)
    fields["certificate_date"] = today - datetime.timedelta(days=5 * 365 - 20)
    return services.candidate_create(**fields)
