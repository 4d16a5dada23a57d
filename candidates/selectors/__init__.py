"""Reads of the pipeline, already scoped to the user (accounts.scope), re-exported here."""

from .candidates import (
    CERTIFICATE_EXPIRING,
    DECIDING_STAGES,
    DUE_SOON,
    OVERDUE,
    batch_candidates,
    candidate_history,
    candidate_list,
    candidate_records,
    candidates_due,
    candidates_visible_to,
    days_off_by_cell,
    days_off_counting_for,
    days_off_for,
    days_off_visible_to,
    work_this_week,
)

__all__ = [
    "CERTIFICATE_EXPIRING",
    "DECIDING_STAGES",
    "DUE_SOON",
    "OVERDUE",
    "batch_candidates",
    "candidate_history",
    "candidate_list",
    "candidate_records",
    "candidates_due",
    "candidates_visible_to",
    "days_off_by_cell",
    "days_off_counting_for",
    "days_off_for",
    "days_off_visible_to",
    "work_this_week",
]
