"""Every write to the pipeline (also from the importer and the demo): <entity>_<action>(*, ...), one
transaction with its history line (admissions.services.history)."""

from .candidates import (
    STALE_CANDIDATE_MESSAGE,
    candidate_admit,
    candidate_close,
    candidate_create,
    candidate_delete,
    candidate_list_export_record,
    candidate_resume,
    candidate_update,
    candidates_advance,
)
from .days_off import candidates_follow_move, day_off_create, day_off_delete
from .imports import CandidatesInvalid, candidates_check, candidates_import
from .pipeline import (
    board_counts_refresh,
    pipeline_changed,
    pipeline_counts_rebuild,
    pipeline_counts_refresh,
    pipeline_recount_all,
)

__all__ = [
    "STALE_CANDIDATE_MESSAGE",
    "CandidatesInvalid",
    "board_counts_refresh",
    "candidate_admit",
    "candidate_close",
    "candidate_create",
    "candidate_delete",
    "candidate_list_export_record",
    "candidate_resume",
    "candidate_update",
    "candidates_advance",
    "candidates_check",
    "candidates_follow_move",
    "candidates_import",
    "day_off_create",
    "day_off_delete",
    "pipeline_changed",
    "pipeline_counts_rebuild",
    "pipeline_counts_refresh",
    "pipeline_recount_all",
]
