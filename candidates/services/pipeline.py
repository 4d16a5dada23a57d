"""The forecast's and the pipeline board's saved counts (candidates.models.PipelineCount, BoardCount,
counted together for one day): every write to a file logs its
organisation in the same transaction (`pipeline_changed`), a change to the tree asks for a full count
(`pipeline_recount_all`), and `pipeline_counts_refresh` brings the counts up to date before a page reads
them. The forecast reads them only when no change waits (reports.attainment.forecast._saved), so a page
never shows a figure that differs from a recount; a page that does not refresh reads the files instead."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from admissions.models import Unit
from reports.attainment.forecast import counted_for, decidable_since, pipeline_counts, reads_saved_counts
from reports.attainment.pipeline import board_counts, reads_saved_board

from ..models import HEADER, BoardCount, PipelineChange, PipelineCount, PipelineSnapshot

if TYPE_CHECKING:
    from reports.attainment import Attainment

# More organisations changed than this (an import across a province): count everything again, in the same
# few queries as the first count of the day, rather than name them all in one statement.
MOST_ORGANISATIONS = 400
CHUNK = 500  # ids per statement (SQLite takes at most 999 parameters)


def pipeline_changed(*, grassroots: Iterable[int | None]) -> None:
    """The files of these organisations (ids) changed: their committees are counted again at the next
    refresh, the committees above them then (not when the write happened: a concurrent move of the
    organisation would leave the new one uncounted)."""
    organisations = {pk for pk in grassroots if pk is not None}
    if len(organisations) > MOST_ORGANISATIONS:  # a day off of a province: everything is counted again
        pipeline_recount_all()
        return
    PipelineChange.objects.bulk_create(PipelineChange(organisation_id=pk) for pk in sorted(organisations))


def pipeline_recount_all() -> None:
    """The tree changed (a unit opened, moved, closed or deleted): everything is counted again."""
    PipelineSnapshot.objects.filter(pk=HEADER).update(day=None)


def pipeline_counts_refresh(*, report: Attainment) -> None:
    """Bring the saved counts up to date for the forecast of `report` when it reads them (today's, above
    committees: reports.attainment.forecast.reads_saved_counts): count again the committees whose files
    changed since, or everything when the day, the days off or the tree changed. Two pages refreshing at
    once count once: the header row is the lock."""
    if reads_saved_counts(report):
        _up_to_date(report.period.end)


def board_counts_refresh(*, unit: Unit, below: Iterable[Unit]) -> None:
    """The same for the pipeline board of `unit` (`below`: the units its rows show) when it reads them
    (above the committees: reports.attainment.pipeline.reads_saved_board)."""
    if reads_saved_board(unit, below):
        _up_to_date(timezone.localdate())


def _up_to_date(day: datetime.date) -> None:
    oldest = decidable_since(day)
    if not counted_for(day, oldest).exists():
        _refresh(day, oldest)


def pipeline_counts_rebuild(*, day: datetime.date | None = None) -> int:
    """Count everything again for `day` (today): after midnight, so that the first page of the day does not
    wait for it (manage.py rebuild_pipeline_counts), or for files loaded around the services. The rows."""
    day = day or timezone.localdate()
    pipeline_recount_all()
    _refresh(day, decidable_since(day))
    return PipelineCount.objects.count()


@transaction.atomic
def _refresh(day: datetime.date, oldest: datetime.date) -> None:
    # The lock is the transaction's first statement, a write: a second refresh waits here until the first
    # commits, then finds nothing left to count (and SQLite never has to turn a read into a write).
    if not PipelineSnapshot.objects.filter(pk=HEADER).update(counted_at=timezone.now()):
        PipelineSnapshot.objects.get_or_create(pk=HEADER)
        PipelineSnapshot.objects.filter(pk=HEADER).update(counted_at=timezone.now())
    header = PipelineSnapshot.objects.get(pk=HEADER)
    changes = list(PipelineChange.objects.values_list("pk", "organisation_id"))
    organisations = {organisation for _pk, organisation in changes}
    full = header.day != day or header.oldest != oldest or len(organisations) > MOST_ORGANISATIONS
    if not full:
        if not organisations:
            return
        committees = set(Unit.objects.filter(pk__in=organisations).values_list("parent_id", flat=True))
        PipelineCount.objects.filter(committee__in=committees).delete()
        BoardCount.objects.filter(committee__in=committees).delete()
        rows = pipeline_counts(day, oldest, committees=committees)
        board = board_counts(day, committees=committees)
    else:
        PipelineCount.objects.all().delete()
        BoardCount.objects.all().delete()
        rows = pipeline_counts(day, oldest)
        board = board_counts(day)
    PipelineCount.objects.bulk_create((PipelineCount(**row) for row in rows), batch_size=CHUNK)
    BoardCount.objects.bulk_create((BoardCount(**row) for row in board), batch_size=CHUNK)
    if full and connection.vendor == "postgresql":
        # A planner that has never seen the tables hashes all 300,000 units to join their 5,000 rows (128
        # ms instead of 9 at the nation); the rows' shape changes little from one day to the next.
        with connection.cursor() as cursor:
            for model in (PipelineCount, BoardCount):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    done = [pk for pk, _committee in changes]
    for start in range(0, len(done), CHUNK):
        PipelineChange.objects.filter(pk__in=done[start : start + CHUNK]).delete()
    PipelineSnapshot.objects.filter(pk=HEADER).update(day=day, oldest=oldest)
