"""The pipeline's pages as real users: the list and its filters, the due list, a candidate's page, add,
edit with its lock, the next stage, the decision."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from admissions.models import Member
from admissions.selectors import grassroots_of
from candidates.choices import Outcome, Stage
from candidates.models import Candidate
from tests import factories
from tests.candidates.helpers import candidate, candidate_fields, resolution_due_soon
from tests.candidates.services.test_candidates import DECISION_DUE


def names(response) -> set[str]:
    return {row.record.full_name for row in response.context["table"].rows}


def test_the_list_searches_without_diacritics_and_filters_by_stage(as_clerk, tree):
    candidate(tree["deep_cell"], full_name="Trần Thị Bình", stage=Stage.SYMPATHISER)
    candidate(tree["deep_cell"], full_name="Lê Văn Đức", stage=Stage.COURSE)
    candidate(tree["cell_b"], full_name="Ngoài Phạm Vi", stage=Stage.SYMPATHISER)
    assert names(as_clerk.get(reverse("candidate_list"))) == {"Trần Thị Bình", "Lê Văn Đức"}
    assert names(as_clerk.get(reverse("candidate_list"), {"q": "le van duc"})) == {"Lê Văn Đức"}
    assert names(as_clerk.get(reverse("candidate_list"), {"stage": "sympathiser"})) == {"Trần Thị Bình"}
    assert names(as_clerk.get(reverse("candidate_list"), {"q": "ngoai"})) == set()


def test_the_list_filters_overdue_decisions_and_expiring_certificates(as_staff, tree):
    today = timezone.localdate()
    resolution = today - datetime.timedelta(days=120)  # more than 60 working days ago
    candidate(tree["deep_cell"], full_name="Quá Hạn", stage=Stage.CELL, resolution=resolution)
    candidate(tree["cell_b"], full_name="Đúng Hạn", stage=Stage.CELL, resolution=today)
    expiring = candidate_fields(tree["school"], full_name="Sắp Hết", stage=Stage.COURSE, resolution=today)
    expiring["listed_date"] = today - datetime.timedelta(days=5 * 365 + 30)
    expiring["certificate_date"] = today - datetime.timedelta(days=5 * 365 - 20)
    from candidates import services

    services.candidate_create(**expiring)
    assert names(as_staff.get(reverse("candidate_list"), {"when": "overdue"})) == {"Quá Hạn"}
    assert names(as_staff.get(reverse("candidate_list"), {"when": "certificate"})) == {"Sắp Hết"}
    due = names(as_staff.get(reverse("candidate_due")))
    assert due == {"Quá Hạn", "Sắp Hết"}
    assert names(as_staff.get(reverse("candidate_due"), {"stage": "course"})) == {"Sắp Hết"}


def test_the_list_filters_decisions_due_within_14_days_and_shows_its_count(as_staff, tree):
    today = timezone.localdate()
    candidate(tree["deep_cell"], full_name="Sắp Đến Hạn", stage=Stage.CELL, resolution=resolution_due_soon())
    candidate(
        tree["deep_cell"],
        full_name="Quá Hạn",
        stage=Stage.CELL,
        resolution=today - datetime.timedelta(days=130),
    )
    candidate(tree["cell_b"], full_name="Còn Lâu", stage=Stage.CELL, resolution=today)
    response = as_staff.get(reverse("candidate_list"), {"when": "soon"})
    assert names(response) == {"Sắp Đến Hạn"}
    assert "Tìm thấy 1 hồ sơ." in response.text
    assert "Tìm thấy 3 hồ sơ." in as_staff.get(reverse("candidate_list")).text
    assert "Tìm thấy 2 hồ sơ." in as_staff.get(reverse("candidate_due")).text


def test_the_candidates_page_shows_its_timeline_and_history(as_clerk, tree):
    someone = candidate(tree["deep_cell"], stage=Stage.CELL)
    response = as_clerk.get(reverse("candidate_detail", args=[someone.pk]))
    assert response.status_code == 200
    assert "15/12/2025" in response.text  # the cell's resolution
    assert "Ngày nghị quyết chi bộ" in response.text
    assert "Thêm mới" in response.text  # the history's creation line


def test_a_clerk_adds_a_candidate(as_clerk, tree):
    fields = candidate_fields(tree["deep_cell"], stage=Stage.SYMPATHISER, full_name="Mới Thêm")
    data = {
        **{k: v for k, v in fields.items() if not isinstance(v, (datetime.date, bool))},
        "cell": tree["deep_cell"].pk,
        "date_of_birth": fields["date_of_birth"].strftime("%d/%m/%Y"),
        "listed_date": fields["listed_date"].strftime("%d/%m/%Y"),
        "youth_union": "on",
        "ethnicity": "Kinh",
        "religion": "none",
        "qualification": "none",
        "political_theory": "none",
        "submission_token": factories.token(),
    }
    response = as_clerk.post(reverse("candidate_add"), data)
    added = Candidate.objects.get(full_name="Mới Thêm")
    assert response.status_code == 302
    assert added.created_by.username == "clerk"


def test_an_edit_over_someone_elses_is_refused_and_changes_nothing(as_clerk, tree):
    someone = candidate(tree["deep_cell"], stage=Stage.SYMPATHISER)
    page = as_clerk.get(reverse("candidate_edit", args=[someone.pk]))
    data = {**page.context["form"].initial, "cell": tree["deep_cell"].pk}
    data = {k: (v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else v) for k, v in data.items()}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    from candidates import services

    services.candidate_update(candidate=someone, notes="Người khác sửa trước")
    response = as_clerk.post(
        reverse("candidate_edit", args=[someone.pk]),
        {**data, "home_town": "Nam Định", "submission_token": factories.token()},
    )
    assert response.status_code == 200
    assert "vừa được người khác sửa" in response.text
    someone.refresh_from_db()
    assert someone.home_town == ""


def test_the_stage_action_records_the_next_step_with_the_rules_on_the_field(as_clerk, tree):
    someone = candidate(tree["deep_cell"], stage=Stage.BACKGROUND)
    url = reverse("candidate_stage", args=[someone.pk])
    page = as_clerk.get(url)
    assert set(page.context["form"].fields) - {"submission_token"} == {
        "version",
        "cell_resolution_number",
        "cell_resolution_date",
        "cell_full_members",
        "cell_present",
        "cell_in_favour",
    }
    vote = {
        "version": someone.version,
        "cell_resolution_number": "12-NQ/CB",
        "cell_resolution_date": "15/12/2025",
        "cell_full_members": "9",
        "cell_present": "8",
    }
    refused = as_clerk.post(url, {**vote, "cell_in_favour": "5", "submission_token": factories.token()})
    assert refused.status_code == 200
    assert "6 trên 9" in refused.context["form"].errors["cell_in_favour"][0]
    someone.refresh_from_db()
    assert someone.stage == Stage.BACKGROUND
    done = as_clerk.post(url, {**vote, "cell_in_favour": "6", "submission_token": factories.token()})
    assert done.status_code == 302
    someone.refresh_from_db()
    assert (someone.stage, someone.decision_due) == (Stage.CELL, DECISION_DUE)


def test_the_decision_creates_the_member(as_clerk, tree):
    someone = candidate(tree["deep_cell"])
    response = as_clerk.post(
        reverse("candidate_admit", args=[someone.pk]),
        {
            "version": someone.version,
            "decision_number": "45-QĐ/HU",
            "decision_date": DECISION_DUE.strftime("%d/%m/%Y"),
            "submission_token": factories.token(),
        },
    )
    member = Member.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("member_detail", args=[member.pk])
    someone.refresh_from_db()
    assert (someone.outcome, someone.member) == (Outcome.ADMITTED, member)


def test_a_file_not_yet_submitted_cannot_be_decided_through_the_page(as_clerk, tree):
    someone = candidate(tree["deep_cell"], stage=Stage.CELL)
    response = as_clerk.post(
        reverse("candidate_admit", args=[someone.pk]),
        {
            "version": someone.version,
            "decision_number": "45-QĐ/HU",
            "decision_date": "20/12/2025",
            "submission_token": factories.token(),
        },
    )
    assert response.status_code == 200
    assert not Member.objects.exists()


def add_candidates(cell, count: int, start: int = 0) -> None:
    """Bulk-created (the services validate one by one), the derived fields filled by derive()."""
    rows = []
    for number in range(start, start + count):
        row = Candidate(**candidate_fields(cell, stage=Stage.CELL, full_name=f"Nguyễn Văn Số {number}"))
        row.derive(grassroots=grassroots_of(cell), days_off=frozenset())
        rows.append(row)
    Candidate.objects.bulk_create(rows)


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("candidate_list", {}),
        ("candidate_list", {"q": "nguyen", "stage": "cell", "when": "overdue", "page": "2"}),
        ("candidate_due", {}),
        ("candidate_due", {"stage": "cell"}),
    ],
)
def test_query_count_is_the_same_at_10_and_at_200_candidates(
    as_staff, tree, url_name, params, django_assert_num_queries
):
    add_candidates(tree["school"], 10)
    with CaptureQueriesContext(connection) as small:
        assert as_staff.get(reverse(url_name), params).status_code == 200
    add_candidates(tree["school"], 190, start=10)
    with django_assert_num_queries(len(small.captured_queries)):
        as_staff.get(reverse(url_name), params)


def test_query_count_of_a_candidates_page_does_not_grow_with_its_history(
    as_staff, tree, django_assert_num_queries
):
    from candidates import services

    someone = candidate(tree["deep_cell"], stage=Stage.SYMPATHISER)
    url = reverse("candidate_detail", args=[someone.pk])
    with CaptureQueriesContext(connection) as small:
        as_staff.get(url)
    for number in range(10):
        services.candidate_update(candidate=someone, notes=f"Ghi chú {number}")
    with django_assert_num_queries(len(small.captured_queries)):
        as_staff.get(url)
