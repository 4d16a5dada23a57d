"""The forecast's and the pipeline board's saved counts of the files (candidates.services.pipeline): after
every kind of write, the forecast and the board of a unit above the committees are the same whether they
read them or recount the files, before and after the counts are brought up to date; and they do read them
once they are."""

import datetime
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from admissions import services as admissions_services
from admissions.choices import UnitLevel
from admissions.selectors import units_below
from candidates import services
from candidates.choices import Outcome, Stage
from candidates.models import BoardCount, Candidate, PipelineChange, PipelineCount
from reports import attainment
from reports.attainment.pipeline import saved_stage_counts
from tests import factories
from tests.candidates.helpers import add_expiring_certificate, candidate, candidate_fields
from tests.concurrent import at_once, needs_postgresql

forecast_module = importlib.import_module("reports.attainment.forecast")

TODAY = timezone.localdate()
LAST_YEAR = datetime.date(TODAY.year - 1, 6, 1)
WEEKS_AGO = TODAY - datetime.timedelta(days=40)


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def nation(tree):
    """The factories' province (the top, no organisation directly under it) with a second district: files at
    several stages this year, one too young, one whose deadline passed, one organisation without a file, and
    last year's files (one decided) that teach the shares."""
    district_b = factories.unit(parent=tree["province"], level=UnitLevel.SUPERIOR, name="Huyện ủy B")
    commune_c = factories.unit(parent=district_b, level=UnitLevel.GRASSROOTS_COMMITTEE, name="Đảng bộ xã C")
    cell_c = factories.unit(parent=commune_c, level=UnitLevel.SUBORDINATE_CELL, name="Chi bộ C1")
    quiet = factories.unit(parent=district_b, level=UnitLevel.GRASSROOTS_CELL, name="Chi bộ không hồ sơ")
    files = {
        "cell": candidate(tree["deep_cell"], stage=Stage.CELL, resolution=WEEKS_AGO, full_name="Một"),
        "file": candidate(tree["cell_b"], stage=Stage.FILE, resolution=WEEKS_AGO, full_name="Hai"),
        "submitted": candidate(cell_c, stage=Stage.SUBMITTED, resolution=days_ago(60), full_name="Ba"),
        "young": candidate(
            cell_c,
            stage=Stage.SYMPATHISER,
            resolution=WEEKS_AGO,
            date_of_birth=datetime.date(TODAY.year - 17, 6, 1),
            full_name="Bốn",
        ),
        "course": candidate(tree["school"], stage=Stage.COURSE, resolution=WEEKS_AGO, full_name="Năm"),
    }
    decided = candidate(cell_c, stage=Stage.SUBMITTED, resolution=LAST_YEAR, full_name="Sáu")
    services.candidate_admit(
        candidate=decided, decision_number="7-QĐ/HU", decision_date=LAST_YEAR + datetime.timedelta(days=30)
    )
    candidate(tree["cell_b"], stage=Stage.CELL, resolution=LAST_YEAR, full_name="Bảy")
    return {
        **tree,
        "district_b": district_b,
        "commune_c": commune_c,
        "cell_c": cell_c,
        "quiet": quiet,
        **files,
    }


def report_of(unit):
    return attainment.yearly_attainment(unit, TODAY.year, as_of=TODAY)


def recounted(report):
    """The forecast of `report` from the files themselves."""
    original = forecast_module.reads_saved_counts
    forecast_module.reads_saved_counts = lambda report: False
    try:
        return attainment.forecast(report)
    finally:
        forecast_module.reads_saved_counts = original


def assert_the_forecast_is_a_recount(unit):
    """Before the refresh the forecast recounts (a change waits); after it, it reads the counts, the same."""
    report = report_of(unit)
    assert attainment.forecast(report) == recounted(report)
    services.pipeline_counts_refresh(report=report)
    oldest = forecast_module.decidable_since(TODAY)
    assert forecast_module._saved(unit, TODAY, oldest) is not None, "the counts are read"
    assert attainment.forecast(report) == recounted(report)


def saved_board(unit):
    return attainment.saved_board(unit=unit, below=units_below(unit), today=TODAY)


def board_recounted(unit):
    """The board of `unit` from the files themselves."""
    return attainment.pipeline_board(unit=unit, below=units_below(unit), today=TODAY)


def assert_the_board_is_a_recount(unit):
    """Before the refresh the saved counts are not read when a change waits; after it they are, and add up
    to the board of the files."""
    if PipelineChange.objects.exists():
        assert saved_board(unit) is None, "a change waits"
    services.board_counts_refresh(unit=unit, below=units_below(unit))
    assert saved_board(unit) is not None, "the counts are read"
    assert saved_board(unit) == board_recounted(unit)
    # The home page's files per stage add up the same counts.
    files = Candidate.objects.under(unit).filter(stage__in=attainment.BOARD_STAGES)
    live = dict(files.values("stage").annotate(n=Count("pk")).values_list("stage", "n").order_by())
    assert saved_stage_counts(unit, TODAY) == live


def test_the_board_above_the_committees_adds_up_the_counts_and_equals_a_recount(nation):
    top = nation["province"]
    candidate(nation["cell_c"], stage=Stage.CELL, resolution=days_ago(120), full_name="Quá Hạn")
    add_expiring_certificate(nation["deep_cell"], "Sắp Hết Hạn")
    assert_the_board_is_a_recount(top)
    assert BoardCount.objects.exists()
    board = saved_board(top)
    assert [row.unit for row in board.rows] == [nation["district"], nation["district_b"]]
    assert board.total.overdue == 2  # last year's resolution still at the cell, and this one
    assert board.total.certificate_expiring == 1
    assert sum(board.total.counts.values()) == 8


def test_a_board_with_organisations_among_its_rows_groups_the_files(nation):
    district = nation["district"]
    below = units_below(district)
    services.board_counts_refresh(unit=district, below=below)
    assert not attainment.reads_saved_board(district, below)
    assert not BoardCount.objects.exists()  # nothing was counted for it
    assert saved_board(district) is None
    assert sum(board_recounted(district).total.counts.values()) == 4  # Một, Hai, Năm, and last year's Bảy


def test_a_day_off_logs_the_organisations_whose_deadlines_it_moves(nation):
    top = nation["province"]
    services.board_counts_refresh(unit=top, below=units_below(top))
    weekday = next(day for day in map(days_ago, range(10, 20)) if day.weekday() < 5)
    services.day_off_create(unit=nation["district_b"], day=weekday, reason="Nghỉ bù")
    assert nation["commune_c"].pk in set(PipelineChange.objects.values_list("organisation", flat=True))
    assert_the_board_is_a_recount(top)


def test_the_national_board_reads_as_many_queries_with_few_and_many_files(client, nation):
    from accounts.models import Role

    client.force_login(factories.user("top", role=Role.COMMITTEE_STAFF, unit=nation["province"]))

    def board_queries() -> int:
        client.get("/quan-chung/bang/")  # counts the files for today
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/quan-chung/bang/")
        assert page.status_code == 200
        return len(queries)

    few = board_queries()
    for n in range(30):
        create(nation)
        candidate(nation["deep_cell"], stage=Stage.CELL, resolution=WEEKS_AGO, full_name=f"Thêm {n}")
    assert board_queries() == few


def test_the_forecast_above_the_committees_reads_the_counts_and_equals_a_recount(nation):
    top = nation["province"]
    report = report_of(top)
    services.pipeline_counts_refresh(report=report)
    assert PipelineCount.objects.exists()
    assert not PipelineChange.objects.exists()
    read = attainment.forecast(report)
    assert read == recounted(report)
    assert read.committee.possible  # files at several stages
    assert read.committee.blocked  # one too young
    assert read.committee.without_pipeline == 1  # the organisation without a file


def test_a_committee_directly_above_organisations_recounts_its_own_files(nation):
    report = report_of(nation["district"])
    services.pipeline_counts_refresh(report=report)
    assert not forecast_module.reads_saved_counts(report)
    assert not PipelineCount.objects.exists()  # nothing was counted for it


def test_a_past_day_recounts(nation):
    report = attainment.yearly_attainment(nation["province"], TODAY.year, as_of=days_ago(1))
    services.pipeline_counts_refresh(report=report)
    assert not forecast_module.reads_saved_counts(report)


def create(n):
    services.candidate_create(**candidate_fields(n["cell_c"], stage=Stage.FILE, resolution=WEEKS_AGO))


FILE_FIELDS = {
    "application_date": days_ago(5),
    "personal_history_date": days_ago(5),
    "introduction_date": days_ago(5),
    "introducer_name": "Lê Văn Cường",
    "introducer_since": days_ago(900),
    "youth_union_resolution_number": "05-NQ/ĐTN",
    "mass_opinions_date": days_ago(5),
}


def update(n):
    """A date that moves the file to its next stage."""
    services.candidate_update(candidate=n["course"], expected_version=n["course"].version, **FILE_FIELDS)


def move_to_another_committee(n):
    """The file goes to a cell of an organisation under the other district."""
    services.candidate_update(candidate=n["file"], cell=n["cell_c"])


def advance(n):
    course = n["course"]
    services.candidates_advance(stage=Stage.COURSE, changes=[(course, course.version, FILE_FIELDS)])


def admit(n):
    services.candidate_admit(candidate=n["submitted"], decision_number="9-QĐ/HU", decision_date=days_ago(1))


def withdraw(n):
    services.candidate_close(
        candidate=n["cell"], outcome=Outcome.WITHDRAWN, day=days_ago(2), reason="Chuyển đi"
    )


def pause_and_resume(n):
    services.candidate_close(candidate=n["file"], outcome=Outcome.PAUSED, day=days_ago(2), reason="Đi học")
    assert_the_forecast_is_a_recount(n["province"])
    n["file"].refresh_from_db()
    services.candidate_resume(candidate=n["file"])


def delete(n):
    services.candidate_delete(candidate=n["course"])


def import_rows(n):
    services.candidates_import(
        rows=[
            candidate_fields(n["deep_cell"], stage=Stage.SYMPATHISER, full_name="Nhập Một", national_id=""),
            candidate_fields(n["cell_c"], stage=Stage.CELL, resolution=WEEKS_AGO, full_name="Nhập Hai"),
        ]
    )


def open_an_organisation(n):
    factories.unit(parent=n["district"], level=UnitLevel.GRASSROOTS_CELL, valid_from=days_ago(3))


def move_an_organisation(n):
    admissions_services.unit_update(unit=n["commune_b"], parent=n["district_b"])


def move_a_cell(n):
    """A cell goes to an organisation under the other district: its files follow it."""
    admissions_services.unit_update(unit=n["cell_b"], parent=n["commune_c"])


def close_an_organisation(n):
    admissions_services.unit_close(unit=n["quiet"], valid_to=datetime.date(TODAY.year - 1, 12, 31))


def delete_an_organisation(n):
    admissions_services.unit_delete(unit=n["quiet"])


def add_and_remove_a_day_off(n):
    """A day off inside the decisions' window moves the oldest resolution still decidable."""
    weekday = next(day for day in map(days_ago, range(20, 30)) if day.weekday() < 5)
    oldest = forecast_module.oldest_decidable_resolution(TODAY, frozenset([weekday]))
    assert oldest < forecast_module.decidable_since(TODAY)
    # Resolved on the day that only the day off leaves decidable: too late until then.
    candidate(n["cell_c"], stage=Stage.CELL, resolution=oldest, full_name="Tám")
    assert_the_forecast_is_a_recount(n["province"])
    day_off = services.day_off_create(unit=n["province"], day=weekday, reason="Nghỉ bù")
    assert forecast_module.decidable_since(TODAY) == oldest
    assert_the_forecast_is_a_recount(n["province"])
    services.day_off_delete(day_off=day_off)


WRITES = [
    create,
    update,
    move_to_another_committee,
    advance,
    admit,
    withdraw,
    pause_and_resume,
    delete,
    import_rows,
    open_an_organisation,
    move_an_organisation,
    move_a_cell,
    close_an_organisation,
    delete_an_organisation,
    add_and_remove_a_day_off,
]


@pytest.mark.parametrize("write", WRITES, ids=[write.__name__ for write in WRITES])
def test_after_every_kind_of_write_the_forecast_equals_a_recount(nation, write):
    top = nation["province"]
    services.pipeline_counts_refresh(report=report_of(top))  # counted before the write
    before = recounted(report_of(top))
    write(nation)
    assert_the_board_is_a_recount(top)
    assert_the_forecast_is_a_recount(top)
    if write is not pause_and_resume:  # undone again: the same figures
        assert recounted(report_of(top)) != before, "the write changes the forecast"


def test_a_change_counts_only_its_committees_again(nation):
    services.pipeline_counts_refresh(report=report_of(nation["province"]))
    untouched = set(PipelineCount.objects.filter(committee=nation["district"]).values_list("pk", flat=True))
    create(nation)  # under the other district
    assert set(PipelineChange.objects.values_list("organisation", flat=True)) == {nation["commune_c"].pk}
    assert_the_forecast_is_a_recount(nation["province"])
    assert (
        set(PipelineCount.objects.filter(committee=nation["district"]).values_list("pk", flat=True))
        == untouched
    )
    assert not PipelineChange.objects.exists()


def test_a_refused_write_logs_nothing(nation):
    services.pipeline_counts_refresh(report=report_of(nation["province"]))
    with pytest.raises(ValidationError):
        services.candidate_create(
            **candidate_fields(nation["cell_c"], listed_date=TODAY + datetime.timedelta(days=9))
        )
    assert not PipelineChange.objects.exists()


def home_queries(client, user) -> int:
    client.force_login(user)
    client.get("/")  # counts the files for today
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/")
    assert page.status_code == 200
    return len(queries)


def test_the_national_home_reads_as_many_queries_with_few_and_many_files(client, nation):
    from accounts.models import Role

    staff = factories.user("top", role=Role.COMMITTEE_STAFF, unit=nation["province"])
    few = home_queries(client, staff)
    for n in range(30):
        create(nation)
        candidate(nation["deep_cell"], stage=Stage.CELL, resolution=WEEKS_AGO, full_name=f"Thêm {n}")
    many = home_queries(client, staff)
    assert few == many


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_pages_refreshing_at_once_count_once(tree):
    factories.unit(parent=tree["province"], level=UnitLevel.SUPERIOR, name="Huyện ủy B")
    candidate(tree["deep_cell"], stage=Stage.CELL, resolution=WEEKS_AGO)
    candidate(tree["cell_b"], stage=Stage.FILE, resolution=WEEKS_AGO)
    top = tree["province"]

    def refresh(_client):
        services.pipeline_counts_refresh(report=report_of(top))

    assert at_once(refresh, refresh) == [None, None]
    rows = PipelineCount.objects.count()
    assert rows
    assert not PipelineChange.objects.exists()
    candidate(tree["cell_b"], stage=Stage.COURSE, resolution=WEEKS_AGO, full_name="Mới")
    assert at_once(refresh, refresh) == [None, None]
    assert_the_forecast_is_a_recount(top)


def test_a_file_read_before_its_cell_moved_and_saved_after_it_is_counted_where_it_is_stored(nation):

    read_before = Candidate.objects.get(pk=nation["file"].pk)  # under xã B, district A
    admissions_services.unit_update(unit=nation["cell_b"], parent=nation["commune_c"])  # to district B
    services.pipeline_counts_refresh(report=report_of(nation["province"]))
    services.candidate_update(candidate=read_before, full_name="Hai Đã Đổi Tên")
    assert nation["commune_c"].pk in set(PipelineChange.objects.values_list("organisation", flat=True))
    assert_the_forecast_is_a_recount(nation["province"])
