"""The pipeline before the decision: candidates and the committees' own days off."""

from .candidates import (
    BEFORE_CELL_STAGES,
    CERTIFICATE_VALID_MONTHS,
    CERTIFICATE_WARNING_DAYS,
    DECIDING_STAGES,
    DUE_WITHIN_DAYS,
    INTRODUCER_MONTHS,
    READMISSION_MONTHS,
    STAGE_DATE_FIELDS,
    Candidate,
    CandidateQuerySet,
    certificate_expiring,
    certificate_last_day,
    decision_due_soon,
    decision_overdue,
    votes_needed,
)
from .days_off import DayOff
from .pipeline import HEADER, BoardCount, PipelineChange, PipelineCount, PipelineSnapshot

__all__ = [
    "BEFORE_CELL_STAGES",
    "CERTIFICATE_VALID_MONTHS",
    "CERTIFICATE_WARNING_DAYS",
    "DECIDING_STAGES",
    "DUE_WITHIN_DAYS",
    "HEADER",
    "INTRODUCER_MONTHS",
    "READMISSION_MONTHS",
    "STAGE_DATE_FIELDS",
    "BoardCount",
    "Candidate",
    "CandidateQuerySet",
    "DayOff",
    "PipelineChange",
    "PipelineCount",
    "PipelineSnapshot",
    "certificate_expiring",
    "certificate_last_day",
    "decision_due_soon",
    "decision_overdue",
    "votes_needed",
]
