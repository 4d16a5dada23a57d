"""The year-end forecast: the certain bounds at their edges, the organisations without a pipeline, the roll-up,
the expectation from past years, the status during the year and what it would take."""

import datetime
from decimal import Decimal

import pytest

from admissions import services
from candidates import services as candidate_services
from candidates import workdays
from candidates.choices import Outcome, Stage
from reports import attainment
from reports.attainment import Blocked, YearStatus
from tests import factories
from tests.candidates.helpers import candidate

D = datetime.date
YEAR = 2025


def forecast_of(unit, as_of):
    return attainment.forecast(attainment.yearly_attainment(unit, as_of.year, as_of=as_of))


def line_of(result, unit):
    return next(row for row in result.rows if row.unit.pk == unit.pk)


def own(unit, as_of):
    return forecast_of(unit, as_of).committee


@pytest.fixture
def tree(tree):
    for name, target in (("district", 10), ("commune", 5), ("commune_b", 5), ("school", 3)):
        services.quota_set(unit=tree[name], year=YEAR, target=target)
    return tree


# The certain bounds at their edges ------------------------------------------------------------------------


def test_a_candidate_turning_18_on_1_january_next_year_cannot_be_decided_this_year(tree):
    cell = tree["deep_cell"]
    as_of = D(YEAR, 6, 1)
    candidate(cell, stage=Stage.FILE, resolution=as_of, date_of_birth=D(YEAR - 17, 1, 1), full_name="Một")
    line = own(tree["commune"], as_of)
    assert (line.admitted, line.upper) == (0, 0)
    assert line.blocked == ((Blocked.AGE, 1),)
    candidate(cell, stage=Stage.FILE, resolution=as_of, date_of_birth=D(YEAR - 18, 12, 31), full_name="Hai")
    line = own(tree["commune"], as_of)
    assert line.upper == 1  # 18 on 31/12: the cell may consider and the committee decide that day
    assert line.possible == ((Stage.FILE, 1),)


def certificate_until(cell, last_valid_day, **fields):
    """A candidate at the course stage whose certificate is valid up to `last_valid_day` (5 years)."""
    issued = last_valid_day + datetime.timedelta(days=1)
    issued = issued.replace(year=issued.year - 5)
    return candidate(
        cell,
        stage=Stage.COURSE,
        resolution=issued + datetime.timedelta(days=300),
        listed_date=issued - datetime.timedelta(days=30),
        **fields,
    )


def test_a_certificate_valid_to_30_december_still_allows_a_decision_this_year(tree):
    someone = certificate_until(tree["cell_b"], D(YEAR, 12, 30))
    assert someone.certificate_valid_until == D(YEAR, 12, 30)
    line = own(tree["commune_b"], D(YEAR, 12, 30))
    assert (line.upper, line.blocked) == (1, ())  # the cell considers on 30/12, the decision comes on 31/12


def test_a_certificate_that_ran_out_before_the_as_of_day_closes_the_file_for_the_year(tree):
    certificate_until(tree["cell_b"], D(YEAR, 12, 29))
    line = own(tree["commune_b"], D(YEAR, 12, 30))
    assert line.upper == 0
    assert line.blocked == ((Blocked.CERTIFICATE, 1),)
    assert "giấy chứng nhận lớp nhận thức về Đảng đã hết giá trị" in line.upper_explained


def test_a_cell_resolution_is_decidable_up_to_its_longest_deadline_and_not_a_day_later(tree):
    as_of = D(YEAR, 11, 28)
    oldest = attainment.oldest_decidable_resolution(as_of)
    # 60 working days and the 30 of the longest extension reach the as-of day from the oldest, not the one before.
    assert workdays.add_working_days(oldest, 90) >= as_of
    assert workdays.add_working_days(oldest - datetime.timedelta(days=1), 90) < as_of
    candidate(tree["cell_b"], stage=Stage.SUBMITTED, resolution=oldest, full_name="Còn hạn")
    candidate(tree["cell_b"], stage=Stage.SUBMITTED, resolution=oldest - datetime.timedelta(days=1))
    line = own(tree["commune_b"], as_of)
    assert (line.upper, line.possible, line.blocked) == (1, ((Stage.SUBMITTED, 1),), ((Blocked.DEADLINE, 1),))


def test_the_last_cell_resolution_that_leaves_the_committee_its_60_working_days(tree):
    last = attainment.latest_cell_resolution(YEAR)
    assert workdays.add_working_days(last, 60) <= D(YEAR, 12, 31)
    assert workdays.add_working_days(last + datetime.timedelta(days=1), 60) > D(YEAR, 12, 31)
    candidate(tree["cell_b"], stage=Stage.CELL, resolution=D(YEAR, 6, 20))
    line = own(tree["commune_b"], D(YEAR, 6, 30))
    assert line.cell_by == last
    assert line.cell_needed == 4  # 5 needed, 1 already has the cell's resolution
    assert f"cần thêm 4 hồ sơ có nghị quyết chi bộ chậm nhất ngày {last:%d/%m/%Y}" in line.needed_explained


def test_the_files_are_read_as_they_stood_on_the_as_of_day(tree):
    cell = tree["cell_b"]
    someone = candidate(cell, stage=Stage.SUBMITTED, resolution=D(YEAR, 5, 1))
    candidate_services.candidate_admit(
        candidate=someone, decision_number="1-QĐ/HU", decision_date=D(YEAR, 6, 5)
    )
    candidate(cell, stage=Stage.SUBMITTED, resolution=D(YEAR, 5, 1), full_name="Bỏ")
    dropped = candidate(cell, stage=Stage.SUBMITTED, resolution=D(YEAR, 5, 1), full_name="Rút")
    candidate_services.candidate_close(
        candidate=dropped, outcome=Outcome.WITHDRAWN, day=D(YEAR, 6, 10), reason="x"
    )
    before = own(tree["commune_b"], D(YEAR, 5, 5))
    assert (before.admitted, before.upper) == (0, 3)  # all three open, at the stage their dates say
    assert before.possible == ((Stage.CELL, 3),)
    after = own(tree["commune_b"], D(YEAR, 6, 30))
    assert (after.admitted, after.upper) == (1, 2)  # one decided, one still open, one withdrawn
    assert after.possible == ((Stage.SUBMITTED, 1),)


# Units without a pipeline, the status ----------------------------------------------------------------------


def test_an_organisation_without_a_pipeline_is_never_flagged_cannot_reach_before_the_year_ends(tree):
    line = own(tree["commune_b"], D(YEAR, 11, 30))
    assert line.upper is None
    assert line.status != YearStatus.CANNOT_REACH
    assert "Chưa biết mức tối đa: 1 tổ chức cơ sở đảng chưa ghi nhận hồ sơ quần chúng" in line.upper_explained
    over = own(tree["commune_b"], D(YEAR, 12, 31))
    assert (over.upper, over.status) == (0, YearStatus.NOT_COMPLETED)


def test_an_organisation_whose_files_cannot_make_the_quota_cannot_reach_it(tree):
    factories.member(tree["cell_b"], decision_date=D(YEAR, 3, 5))
    candidate(tree["cell_b"], stage=Stage.CELL, resolution=D(YEAR, 6, 1), full_name="A")
    candidate(tree["cell_b"], stage=Stage.FILE, resolution=D(YEAR, 6, 1), full_name="B")
    line = own(tree["commune_b"], D(YEAR, 6, 30))
    assert (line.admitted, line.upper, line.quota) == (1, 3, 5)
    assert line.status == YearStatus.CANNOT_REACH
    assert line.upper_explained == (
        "Tối đa 3 từ các hồ sơ đã ghi nhận: 1 đã kết nạp, 2 hồ sơ còn có thể kết nạp trong năm "
        "(1 đang thẩm tra lý lịch, 1 hồ sơ đã có nghị quyết chi bộ)."
    )
    assert "chỉ được 3 trên chỉ tiêu 5; cần thêm hồ sơ mới" in line.status_explained


def test_the_final_statuses_once_the_quota_is_met_or_the_year_is_over(tree):
    for n in range(4):
        factories.member(tree["school"], decision_date=D(YEAR, 4, 1 + n))
    assert own(tree["school"], D(YEAR, 6, 30)).status == YearStatus.EXCEEDED  # 4 of 3 in June
    assert own(tree["commune_b"], D(YEAR, 12, 31)).status == YearStatus.NOT_COMPLETED
    assert own(tree["middle"], D(YEAR, 6, 30)).status == YearStatus.NO_QUOTA


@pytest.mark.parametrize(
    ("quota", "admitted", "upper", "expected", "by_now", "status"),
    [
        (10, 3, None, Decimal(12), Decimal(4), YearStatus.BEHIND),
        (10, 5, None, Decimal(12), Decimal(4), YearStatus.ON_TRACK),
        (10, 5, None, Decimal("9.5"), Decimal(4), YearStatus.AT_RISK),
        (10, 5, 9, Decimal(9), Decimal(4), YearStatus.CANNOT_REACH),
        (10, 5, 10, Decimal(10), Decimal(4), YearStatus.ON_TRACK),
    ],
)
def test_the_status_during_the_year(quota, admitted, upper, expected, by_now, status):
    assert (
        attainment.figures.year_status(
            quota=quota,
            admitted=admitted,
            upper=upper,
            expected=expected,
            expected_by_now=by_now,
            year_over=False,
        )
        == status
    )


# Roll-up ---------------------------------------------------------------------------------------------------


def test_a_committee_is_the_sum_of_its_organisations(tree):
    as_of = D(YEAR, 6, 30)
    factories.member(tree["deep_cell"], decision_date=D(YEAR, 2, 1))
    candidate(tree["deep_cell"], stage=Stage.CELL, resolution=D(YEAR, 6, 1), full_name="A")
    candidate(tree["cell_b"], stage=Stage.BACKGROUND, resolution=D(YEAR, 6, 1), full_name="B")
    result = forecast_of(tree["district"], as_of)
    # The school records no file: nothing certain above the district's result.
    assert line_of(result, tree["school"]).upper is None
    assert result.committee.upper is None
    assert (line_of(result, tree["commune"]).upper, line_of(result, tree["commune_b"]).upper) == (2, 1)
    candidate(tree["school"], stage=Stage.SYMPATHISER, full_name="C")
    result = forecast_of(tree["district"], as_of)
    assert result.committee.upper == 1 + 3 == sum(row.upper for row in result.rows)
    assert result.committee.expected == sum(row.expected for row in result.rows)
    assert result.committee.possible == (("sympathiser", 1), ("background", 1), ("cell", 1))
    province = forecast_of(tree["province"], as_of).committee
    assert (province.admitted, province.upper) == (1, 4)


# The expectation from past years --------------------------------------------------------------------------


def test_files_convert_as_files_at_their_stage_did_last_year(tree):
    cell = tree["cell_b"]
    for n in range(10):  # on 30/06 last year: 10 files with the cell's resolution, 8 decided by 31/12
        someone = candidate(cell, stage=Stage.SUBMITTED, resolution=D(YEAR - 1, 6, 2), full_name=f"Cũ {n}")
        if n < 8:
            candidate_services.candidate_admit(
                candidate=someone, decision_number=f"{n}-QĐ", decision_date=D(YEAR - 1, 8, 1)
            )
    for n in range(5):
        candidate(cell, stage=Stage.SUBMITTED, resolution=D(YEAR, 6, 2), full_name=f"Mới {n}")
    line = line_of(forecast_of(tree["district"], D(YEAR, 6, 30)), tree["commune_b"])
    assert line.method == attainment.Method.PIPELINE
    assert line.expected == Decimal("4")  # 5 × 8/10
    assert line.upper == 5
    assert (line.low, line.high) == (2, 6)  # 4 ± 1.645 × √(5 × 0.8 × 0.2)
    assert "theo tỷ lệ hồ sơ ở từng giai đoạn" in line.expected_explained


def test_files_opened_after_the_day_and_decided_the_same_year_count_in_the_expectation(tree):
    cell = tree["cell_b"]
    for n in range(10):  # on 30/06 last year: 10 files with the cell's resolution, all decided by 31/12
        someone = candidate(cell, stage=Stage.SUBMITTED, resolution=D(YEAR - 1, 6, 2), full_name=f"Cũ {n}")
        candidate_services.candidate_admit(
            candidate=someone, decision_number=f"{n}-QĐ", decision_date=D(YEAR - 1, 8, 1)
        )
    opened = {"listed_date": D(YEAR - 1, 7, 1), "certificate_date": D(YEAR - 1, 7, 2)}
    opened |= dict.fromkeys(
        ("application_date", "personal_history_date", "introduction_date", "mass_opinions_date"),
        D(YEAR - 1, 7, 3),
    )
    for n in range(2):  # and two opened in July, decided in November
        late = candidate(
            cell, stage=Stage.SUBMITTED, resolution=D(YEAR - 1, 10, 1), full_name=f"Muộn {n}", **opened
        )
        candidate_services.candidate_admit(
            candidate=late, decision_number=f"M{n}-QĐ", decision_date=D(YEAR - 1, 11, 3)
        )
    for n in range(3):
        candidate(cell, stage=Stage.SUBMITTED, resolution=D(YEAR, 6, 2), full_name=f"Mới {n}")
    line = line_of(forecast_of(tree["district"], D(YEAR, 6, 30)), tree["commune_b"])
    # 3 files decided as all were last year, and 1 opened later: 2 last year, none the year before (whose
    # 30/06 already had the old files, listed in April).
    assert (line.method, line.expected, line.upper) == (attainment.Method.PIPELINE, Decimal("4"), 3)
    assert line.high > line.upper  # the range may pass the bound of the files recorded


def test_a_unit_without_a_pipeline_follows_its_pace_and_past_seasonality(tree):
    cell = tree["cell_b"]
    for month in (1, 2, 3, 4, 8, 8, 9, 9, 10, 11):  # last year: 4 by 30/06, 6 after
        factories.member(cell, decision_date=D(YEAR - 1, month, 10))
    for month in (1, 2, 3, 4, 5):
        factories.member(cell, decision_date=D(YEAR, month, 10))
    line = line_of(forecast_of(tree["district"], D(YEAR, 6, 30)), tree["commune_b"])
    assert line.method == attainment.Method.RUN_RATE
    # The district's decisions by 30/06 were 4 of 10: run-rate 5 × 0.6/0.4 = 7.5, last year's rest 6,
    # blended 0.4 × 7.5 + 0.6 × 6 = 6.6 still to come.
    assert line.expected == Decimal("11.6")
    assert line.low >= line.admitted == 5
    assert line.upper is None


def test_what_it_would_take_month_by_month(tree):
    for month in (7, 8, 8, 9):
        factories.member(tree["cell_b"], decision_date=D(YEAR - 1, month, 10))
    result = forecast_of(tree["district"], D(YEAR, 6, 30))
    assert result.committee.still_needed == 10
    # Spread as last year's decisions: July 1, August 2, September 1 (of 4).
    assert [(m.month, m.needed) for m in result.months_needed] == [
        (7, Decimal("2.5")),
        (8, Decimal("5")),
        (9, Decimal("2.5")),
    ]
