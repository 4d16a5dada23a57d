"""The pipeline before the decision: candidates and the committees' own days off."""

from .candidates import (
    CERTIFICATE_VALID_MONTHS,
    CERTIFICATE_WARNING_DAYS,
    INTRODUCER_MONTHS,
    PERSONAL_FIELDS,
    READMISSION_MONTHS,
    STAGE_DATE_FIELDS,
    Candidate,
    CandidateQuerySet,
    certificate_last_day,
    votes_needed,
)
from .days_off import DayOff

__all__ = [
    "CERTIFICATE_VALID_MONTHS",
    "CERTIFICATE_WARNING_DAYS",
    "INTRODUCER_MONTHS",
    "PERSONAL_FIELDS",
    "READMISSION_MONTHS",
    "STAGE_DATE_FIELDS",
    "Candidate",
    "CandidateQuerySet",
    "DayOff",
    "certificate_last_day",
    "votes_needed",
]
