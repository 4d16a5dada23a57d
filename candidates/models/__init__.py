"""The pipeline before the decision: candidates and the committees' own days off."""

from .candidates import (
    CERTIFICATE_VALID_MONTHS,
    CERTIFICATE_WARNING_DAYS,
    INTRODUCER_MONTHS,
    READMISSION_MONTHS,
    STAGE_DATE_FIELDS,
    Candidate,
    CandidateQuerySet,
    certificate_expiring_condition,
    certificate_last_day,
    overdue_condition,
    votes_needed,
)
from .days_off import DayOff

__all__ = [
    "CERTIFICATE_VALID_MONTHS",
    "CERTIFICATE_WARNING_DAYS",
    "INTRODUCER_MONTHS",
    "READMISSION_MONTHS",
    "STAGE_DATE_FIELDS",
    "Candidate",
    "CandidateQuerySet",
    "DayOff",
    "certificate_expiring_condition",
    "certificate_last_day",
    "overdue_condition",
    "votes_needed",
]
