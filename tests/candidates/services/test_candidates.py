"""The rules of the pipeline (DOMAIN.md section 5, stages 1-6) at their boundaries, through the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from admissions.models import AuditEntry, Member
from admissions.text import add_months
from candidates import services
from candidates.choices import Outcome, Stage
from candidates.models import Candidate
from reports.attainment.yearly import yearly_attainment
from tests import factories
from tests.candidates.helpers import RESOLUTION, candidate, candidate_fields

# 15/12/2025 + 60 working days, New Year's Day and Tết 2026 (16-20/02) skipped.
DECISION_DUE = datetime.date(2026, 3, 17)
# 17/03/2026 + 30 working days, the Hùng Kings' compensatory day off (27/04) skipped.
CEREMONY_DUE = datetime.date(2026, 4, 29)


def errors_of(cell, **overrides) -> dict:
    with pytest.raises(ValidationError) as caught:
        candidate(cell, **overrides)
    return caught.value.message_dict


def admit(someone, day=DECISION_DUE, **fields):
    return services.candidate_admit(
        candidate=someone, decision_number="45-QĐ/HU", decision_date=day, **fields
    )


# Stages ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stage",
    [
        Stage.SYMPATHISER,
        Stage.COURSE,
        Stage.FILE,
        Stage.BACKGROUND,
        Stage.CELL,
        Stage.GRASSROOTS,
        Stage.SUBMITTED,
    ],
)
def test_the_stage_is_the_last_step_the_dates_record(tree, stage):
    assert candidate(tree["deep_cell"], stage=stage).stage == stage


def test_a_new_candidate_is_placed_in_the_cells_grassroots_organisation_with_a_history_line(tree):
    someone = candidate(tree["deep_cell"], stage=Stage.SYMPATHISER, full_name="  Trần   Thị  Bình ")
    assert someone.grassroots == tree["commune"]
    assert someone.full_name == "Trần Thị Bình"
    assert someone.name_folded == "tran thi binh"
    assert (
        AuditEntry.objects.filter(object_type="candidate", object_id=someone.pk, action="create").count() == 1
    )


def test_a_candidate_carries_the_path_of_its_cell_wherever_it_is_moved(tree):
    someone = candidate(tree["deep_cell"], stage=Stage.SYMPATHISER)
    assert someone.cell_path == tree["deep_cell"].path
    services.candidate_update(candidate=someone, cell=tree["cell_b"])
    someone.refresh_from_db()
    assert (someone.cell_path, someone.grassroots) == (tree["cell_b"].path, tree["commune_b"])
    assert list(Candidate.objects.under(tree["commune_b"])) == [someone]
    assert not Candidate.objects.under(tree["commune"]).exists()


def test_a_candidate_is_developed_by_a_cell(tree):
    assert "cell" in errors_of(tree["commune"], stage=Stage.SYMPATHISER)


def test_a_mentoring_member_is_required(tree):
    assert "mentor_name" in errors_of(tree["deep_cell"], stage=Stage.SYMPATHISER, mentor_name="\u200b")


def test_a_listing_date_in_the_future_is_refused(tree):
    future = timezone.localdate() + datetime.timedelta(days=3)
    assert "listed_date" in errors_of(tree["deep_cell"], stage=Stage.SYMPATHISER, listed_date=future)


# Dates in order -------------------------------------------------------------------------------------


def test_a_stage_dated_before_the_one_it_follows_is_refused(tree):
    fields = candidate_fields(tree["deep_cell"], stage=Stage.FILE)
    errors = errors_of(
        tree["deep_cell"],
        stage=Stage.FILE,
        application_date=fields["certificate_date"] - datetime.timedelta(days=1),
    )
    assert errors["application_date"] == [
        "Ngày đơn xin vào Đảng (1-KNĐ) không được trước ngày cấp giấy chứng nhận "
        f"({fields['certificate_date']:%d/%m/%Y})."
    ]


def test_the_same_day_as_the_stage_before_is_in_order(tree):
    fields = candidate_fields(tree["deep_cell"], stage=Stage.FILE)
    assert candidate(tree["deep_cell"], stage=Stage.FILE, application_date=fields["certificate_date"]).pk


def test_a_stage_cannot_skip_the_one_before(tree):
    errors = errors_of(
        tree["deep_cell"],
        stage=Stage.COURSE,
        background_check_date=RESOLUTION,
        background_check_conclusion="Đủ điều kiện",
    )
    assert errors["background_check_date"] == [
        "Cần ghi ngày đơn xin vào Đảng (1-KNĐ) trước khi ghi ngày kết luận thẩm tra lý lịch."
    ]


def test_a_dated_document_carries_its_number(tree):
    assert "cell_resolution_number" in errors_of(
        tree["deep_cell"], stage=Stage.CELL, cell_resolution_number=""
    )


# The vote of the cell: at least 2/3 of its full members in favour ------------------------------------


def test_six_of_nine_full_members_in_favour_pass(tree):
    assert candidate(
        tree["deep_cell"], stage=Stage.CELL, cell_full_members=9, cell_present=7, cell_in_favour=6
    ).pk


def test_five_of_nine_full_members_in_favour_fail(tree):
    errors = errors_of(
        tree["deep_cell"], stage=Stage.CELL, cell_full_members=9, cell_present=9, cell_in_favour=5
    )
    assert errors["cell_in_favour"] == [
        "Nghị quyết cần ít nhất 2/3 số đảng viên chính thức của chi bộ tán thành: 6 trên 9, mới có 5."
    ]


def test_two_thirds_of_ten_needs_seven(tree):
    errors = errors_of(
        tree["deep_cell"], stage=Stage.CELL, cell_full_members=10, cell_present=10, cell_in_favour=6
    )
    assert "7 trên 10" in errors["cell_in_favour"][0]


def test_in_favour_are_counted_among_the_present_full_members(tree):
    errors = errors_of(
        tree["deep_cell"], stage=Stage.CELL, cell_full_members=9, cell_present=5, cell_in_favour=6
    )
    assert "cell_in_favour" in errors
    errors = errors_of(
        tree["deep_cell"], stage=Stage.CELL, cell_full_members=9, cell_present=10, cell_in_favour=6
    )
    assert "cell_present" in errors


def test_the_vote_is_required_with_the_resolution(tree):
    assert "cell_in_favour" in errors_of(tree["deep_cell"], stage=Stage.CELL, cell_in_favour=None)


# Age 18-60 in months at the cell's consideration ------------------------------------------------------


def test_eighteen_on_the_day_of_the_cells_resolution_is_accepted(tree):
    born = RESOLUTION.replace(year=RESOLUTION.year - 18)
    assert candidate(tree["deep_cell"], stage=Stage.CELL, date_of_birth=born).pk


def test_eighteen_the_day_after_the_cells_resolution_is_refused(tree):
    born = RESOLUTION.replace(year=RESOLUTION.year - 18) + datetime.timedelta(days=1)
    errors = errors_of(tree["deep_cell"], stage=Stage.CELL, date_of_birth=born)
    assert errors["date_of_birth"] == ["Chưa đủ 18 tuổi khi chi bộ xét (mới 17 tuổi 11 tháng)."]


def test_sixty_years_and_a_month_needs_the_exception(tree):
    born = add_months(RESOLUTION, -(60 * 12 + 1))
    assert "date_of_birth" in errors_of(tree["deep_cell"], stage=Stage.CELL, date_of_birth=born)
    assert candidate(
        tree["deep_cell"],
        stage=Stage.CELL,
        date_of_birth=born,
        over_age_exception=True,
        exception_note="QĐ 01",
    ).pk
    assert candidate(
        tree["deep_cell"],
        stage=Stage.CELL,
        date_of_birth=add_months(RESOLUTION, -60 * 12),
        full_name="Sáu Mươi",
    ).pk


def test_a_sympathiser_under_eighteen_may_be_listed(tree):
    # The age is checked when the cell considers the file, not when a pupil is listed.
    assert candidate(tree["deep_cell"], stage=Stage.COURSE, date_of_birth=RESOLUTION.replace(year=2009)).pk


# The awareness-course certificate: valid 5 years at the cell's resolution ---------------------------


def test_a_certificate_expiring_the_day_before_the_resolution_is_refused(tree):
    issued = add_months(RESOLUTION, -60)  # valid 5 years: its last valid day is the day before the resolution
    errors = errors_of(tree["deep_cell"], stage=Stage.CELL, listed_date=issued, certificate_date=issued)
    assert errors["certificate_date"] == [
        f"Giấy chứng nhận lớp nhận thức về Đảng hết giá trị từ {RESOLUTION:%d/%m/%Y}, trước khi chi bộ xét."
    ]


def test_a_certificate_on_its_last_valid_day_is_accepted(tree):
    issued = add_months(RESOLUTION, -60) + datetime.timedelta(days=1)
    someone = candidate(tree["deep_cell"], stage=Stage.CELL, listed_date=issued, certificate_date=issued)
    assert someone.certificate_valid_until == RESOLUTION


# Introductions: two full members of 12 months, or one and the Youth Union --------------------------


def test_an_introducer_of_exactly_twelve_months_is_accepted(tree):
    fields = candidate_fields(tree["deep_cell"], stage=Stage.FILE)
    since = add_months(fields["introduction_date"], -12)
    assert candidate(tree["deep_cell"], stage=Stage.FILE, introducer_since=since).pk


def test_an_introducer_a_day_short_of_twelve_months_is_refused(tree):
    fields = candidate_fields(tree["deep_cell"], stage=Stage.FILE)
    since = add_months(fields["introduction_date"], -12) + datetime.timedelta(days=1)
    assert "introducer_since" in errors_of(tree["deep_cell"], stage=Stage.FILE, introducer_since=since)


def test_without_the_youth_union_two_introducers_are_needed(tree):
    errors = errors_of(tree["deep_cell"], stage=Stage.FILE, youth_union_resolution_number="")
    assert "second_introducer_name" in errors
    fields = candidate_fields(tree["deep_cell"], stage=Stage.FILE)
    assert candidate(
        tree["deep_cell"],
        stage=Stage.FILE,
        youth_union=False,
        youth_union_resolution_number="",
        second_introducer_name="Phạm Văn Dũng",
        second_introducer_since=fields["introducer_since"],
    ).pk


def test_the_youth_union_introduces_only_its_members(tree):
    errors = errors_of(tree["deep_cell"], stage=Stage.FILE, youth_union=False)
    assert "youth_union_resolution_number" in errors


# Re-admission: at least 36 months after leaving ----------------------------------------------------


def test_readmission_thirty_six_months_after_leaving_is_accepted(tree):
    left = add_months(RESOLUTION, -36)
    assert candidate(tree["deep_cell"], stage=Stage.CELL, former_member=True, left_date=left).pk


def test_readmission_a_day_short_of_thirty_six_months_is_refused(tree):
    left = add_months(RESOLUTION, -36) + datetime.timedelta(days=1)
    errors = errors_of(tree["deep_cell"], stage=Stage.CELL, former_member=True, left_date=left)
    assert "36 tháng" in errors["left_date"][0]


def test_a_former_member_gives_the_day_they_left(tree):
    assert "left_date" in errors_of(tree["deep_cell"], stage=Stage.SYMPATHISER, former_member=True)


# Before submission: the grassroots committee's resolution of a subordinate cell --------------------


def test_a_subordinate_cell_submits_after_its_grassroots_committee(tree):
    errors = errors_of(
        tree["deep_cell"], stage=Stage.CELL, submitted_date=RESOLUTION + datetime.timedelta(days=3)
    )
    assert "grassroots_resolution_date" in errors


def test_a_grassroots_cell_submits_its_own_resolution(tree):
    someone = candidate(
        tree["school"], stage=Stage.CELL, submitted_date=RESOLUTION + datetime.timedelta(days=3)
    )
    assert someone.stage == Stage.SUBMITTED
    assert someone.grassroots == tree["school"]


# The decision within 60 working days of the cell's resolution --------------------------------------


def test_the_decision_is_due_on_the_sixtieth_working_day_across_tet(tree):
    someone = candidate(tree["deep_cell"])
    assert someone.decision_due == DECISION_DUE
    member = admit(someone, DECISION_DUE)
    assert member.decision_date == DECISION_DUE


def test_a_decision_the_day_after_the_sixtieth_working_day_is_refused(tree):
    someone = candidate(tree["deep_cell"])
    with pytest.raises(ValidationError) as caught:
        admit(someone, DECISION_DUE + datetime.timedelta(days=1))
    assert "17/03/2026" in caught.value.message_dict["decision_date"][0]
    assert not Member.objects.exists()
    someone.refresh_from_db()
    assert someone.outcome == Outcome.IN_PROGRESS
    assert someone.member is None


def test_an_extension_with_its_reason_moves_the_deadline(tree):
    someone = candidate(tree["deep_cell"], extension_days=1, extension_reason="Chờ thẩm tra bổ sung")
    assert someone.decision_due == DECISION_DUE + datetime.timedelta(days=1)
    assert admit(someone, DECISION_DUE + datetime.timedelta(days=1)).pk


def test_an_extension_needs_a_reason_and_at_most_thirty_days(tree):
    assert "extension_reason" in errors_of(tree["deep_cell"], extension_days=5)
    assert "extension_days" in errors_of(tree["deep_cell"], extension_days=31, extension_reason="Lý do")


def test_a_committee_day_off_counts_in_the_deadline(tree):
    someone = candidate(tree["deep_cell"])
    services.day_off_create(unit=tree["district"], day=datetime.date(2026, 3, 2), reason="Nghỉ bù")
    someone.refresh_from_db()
    assert someone.decision_due == DECISION_DUE + datetime.timedelta(days=1)
    other = candidate(tree["cell_b"], full_name="Khác Huyện")
    assert other.decision_due == DECISION_DUE + datetime.timedelta(days=1)  # a day off of the district


# The ceremony within 30 working days of the decision -----------------------------------------------


def test_the_ceremony_on_the_thirtieth_working_day_is_accepted(tree):
    member = admit(candidate(tree["deep_cell"]), ceremony_date=CEREMONY_DUE)
    assert member.ceremony_date == CEREMONY_DUE


def test_a_ceremony_after_the_thirtieth_working_day_is_refused(tree):
    with pytest.raises(ValidationError) as caught:
        admit(candidate(tree["deep_cell"]), ceremony_date=CEREMONY_DUE + datetime.timedelta(days=1))
    assert "29/04/2026" in caught.value.message_dict["ceremony_date"][0]
    assert not Member.objects.exists()


# The decision creates the member ------------------------------------------------------------------


def test_a_decision_creates_exactly_one_member_with_the_candidates_data(tree):
    someone = candidate(tree["deep_cell"], national_id="001203004005", home_town="Nam Định")
    member = admit(someone)
    assert Member.objects.count() == 1
    for field in ("full_name", "sex", "date_of_birth", "occupation", "schooling", "youth_union", "home_town"):
        assert getattr(member, field) == getattr(someone, field), field
    assert member.national_id == "001203004005"
    assert member.cell == tree["deep_cell"]
    assert member.grassroots == tree["commune"]
    assert (member.decision_number, member.decision_date) == ("45-QĐ/HU", DECISION_DUE)
    someone.refresh_from_db()
    assert someone.member == member
    assert member.candidate == someone
    assert (someone.outcome, someone.stage) == (Outcome.ADMITTED, Stage.ADMITTED)
    assert AuditEntry.objects.filter(object_type="member", object_id=member.pk, action="create").exists()


def test_the_admitted_member_counts_in_the_report_of_the_decisions_year(tree):
    before = yearly_attainment(tree["district"], 2026, as_of=datetime.date(2026, 12, 31)).committee.result
    admit(candidate(tree["deep_cell"]))
    after = yearly_attainment(tree["district"], 2026, as_of=datetime.date(2026, 12, 31)).committee.result
    assert after == before + 1
    assert yearly_attainment(tree["district"], 2025, as_of=datetime.date(2025, 12, 31)).committee.result == 0


def test_a_former_member_is_admitted_as_a_readmission(tree):
    member = admit(candidate(tree["deep_cell"], former_member=True, left_date=datetime.date(2020, 1, 1)))
    assert member.readmission


def test_a_member_the_register_refuses_leaves_the_candidate_as_it_was(tree):
    factories.member(tree["cell_b"], national_id="001203004005")
    someone = candidate(tree["deep_cell"], national_id="001203004005")
    with pytest.raises(ValidationError) as caught:
        admit(someone)
    assert "national_id" in caught.value.message_dict
    someone.refresh_from_db()
    assert (someone.outcome, someone.member, someone.decision_number) == (Outcome.IN_PROGRESS, None, "")
    assert Member.objects.count() == 1


def test_only_a_submitted_file_is_decided(tree):
    someone = candidate(tree["deep_cell"], stage=Stage.GRASSROOTS)
    with pytest.raises(ValidationError):
        admit(someone)
    assert not Member.objects.exists()


def test_an_admitted_candidate_is_admitted_once(tree):
    someone = candidate(tree["deep_cell"])
    admit(someone)
    with pytest.raises(ValidationError):
        admit(someone)
    with pytest.raises(ValidationError):
        services.candidate_update(candidate=someone, notes="x")
    assert Member.objects.count() == 1


def test_the_decision_is_recorded_only_by_the_admission(tree):
    assert "decision_date" in errors_of(tree["deep_cell"], decision_number="1", decision_date=DECISION_DUE)


# Updates, optimistic locking, batches, closing ----------------------------------------------------


def test_a_change_over_someone_elses_is_refused(tree):
    someone = candidate(tree["deep_cell"], stage=Stage.SYMPATHISER)
    services.candidate_update(candidate=someone, expected_version=1, notes="Lần một")
    stale = Candidate.objects.get(pk=someone.pk)
    stale.version = 1
    with pytest.raises(ValidationError) as caught:
        services.candidate_update(candidate=stale, expected_version=1, notes="Lần hai")
    assert caught.value.code == "stale"
    assert Candidate.objects.get(pk=someone.pk).notes == "Lần một"


def test_an_update_leaves_the_old_and_new_values_in_the_history(tree):
    someone = candidate(tree["deep_cell"], stage=Stage.SYMPATHISER)
    services.candidate_update(candidate=someone, certificate_number="CN-9", certificate_date=RESOLUTION)
    entry = AuditEntry.objects.get(object_type="candidate", object_id=someone.pk, action="update")
    assert entry.changes["certificate_number"] == ["", "CN-9"]
    assert someone.stage == Stage.COURSE


def test_a_batch_advances_all_or_nothing(tree):
    first = candidate(tree["deep_cell"], stage=Stage.SYMPATHISER, full_name="Người Một")
    second = candidate(
        tree["deep_cell"], stage=Stage.SYMPATHISER, full_name="Người Hai", listed_date=RESOLUTION
    )
    course = {"certificate_number": "CN-1", "certificate_date": RESOLUTION - datetime.timedelta(days=1)}
    with pytest.raises(ValidationError) as caught:
        services.candidates_advance(
            stage=Stage.SYMPATHISER, changes=[(first, None, course), (second, None, course)]
        )
    assert caught.value.messages[0].startswith("Người Hai: ")
    assert set(Candidate.objects.values_list("stage", flat=True)) == {Stage.SYMPATHISER}
    first.refresh_from_db()
    second.refresh_from_db()
    course["certificate_date"] = RESOLUTION
    services.candidates_advance(
        stage=Stage.SYMPATHISER, changes=[(first, first.version, course), (second, second.version, course)]
    )
    assert set(Candidate.objects.values_list("stage", flat=True)) == {Stage.COURSE}


def test_a_batch_refuses_a_file_no_longer_at_its_stage_or_changed_since_the_page(tree):
    first = candidate(tree["deep_cell"], stage=Stage.SYMPATHISER, full_name="Người Một")
    moved = candidate(tree["deep_cell"], stage=Stage.COURSE, full_name="Đã Học")
    stale = candidate(tree["deep_cell"], stage=Stage.SYMPATHISER, full_name="Vừa Sửa")
    course = {"certificate_number": "CN-1", "certificate_date": RESOLUTION}
    with pytest.raises(ValidationError) as caught:
        services.candidates_advance(
            stage=Stage.SYMPATHISER,
            changes=[
                (first, first.version, course),
                (moved, moved.version, course),
                (stale, stale.version - 1, course),
            ],
        )
    assert [message.split(":")[0] for message in caught.value.messages] == ["Đã Học", "Vừa Sửa"]
    assert Candidate.objects.get(pk=first.pk).stage == Stage.SYMPATHISER  # all or nothing


def test_a_paused_file_needs_a_reason_and_may_resume(tree):
    someone = candidate(tree["deep_cell"], stage=Stage.FILE)
    with pytest.raises(ValidationError) as caught:
        services.candidate_close(candidate=someone, outcome=Outcome.PAUSED, day=RESOLUTION, reason=" ")
    assert "outcome_reason" in caught.value.message_dict
    someone.refresh_from_db()
    services.candidate_close(candidate=someone, outcome=Outcome.PAUSED, day=RESOLUTION, reason="Đi học xa")
    assert someone.stage == Stage.PAUSED
    services.candidate_resume(candidate=someone)
    assert someone.stage == Stage.FILE


def test_a_withdrawn_file_is_no_longer_edited(tree):
    someone = candidate(tree["deep_cell"], stage=Stage.FILE)
    services.candidate_close(candidate=someone, outcome=Outcome.WITHDRAWN, day=RESOLUTION, reason="Chuyển đi")
    with pytest.raises(ValidationError):
        services.candidate_update(candidate=someone, notes="x")


def test_one_open_file_per_national_id(tree):
    candidate(tree["deep_cell"], stage=Stage.SYMPATHISER, national_id="001203004005")
    errors = errors_of(tree["cell_b"], stage=Stage.SYMPATHISER, national_id="001 203 004 005")
    assert errors["national_id"] == ["Số CCCD này đã có trong một hồ sơ quần chúng đang xem xét."]
