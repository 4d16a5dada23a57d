"""The data people enter: the unit tree, quotas, admitted members and the history of every change.

One module per object (NetBox's layout); everything is re-exported here, so `from admissions.models import
Unit` stays the way to import a model.
"""

from .audit import AuditAction, AuditEntry, display_value
from .base import ValidatesUniqueConstraintsOnly, choice_labels
from .imports import PendingImport
from .members import (
    BACKGROUND_FIELDS,
    IDENTITY_FIELDS,
    MAX_AGE_MONTHS,
    MIN_AGE_MONTHS,
    PERSON_FIELDS,
    PERSON_INDEX_FIELDS,
    PROBATION_MONTHS,
    Member,
    MemberQuerySet,
    Person,
    national_id_validator,
    probation_windows,
)
from .quotas import Quota, QuotaChange, TermTarget
from .summary import (
    BREAKDOWN_COLUMNS,
    AdmissionEthnicitySummary,
    AdmissionSummary,
    summary_column,
)
from .units import PATH_STEP, UNIT_TYPE_LABELS, Unit, UnitQuerySet, existed_during, unit_search_text

__all__ = [
    "BACKGROUND_FIELDS",
    "BREAKDOWN_COLUMNS",
    "IDENTITY_FIELDS",
    "MAX_AGE_MONTHS",
    "MIN_AGE_MONTHS",
    "PATH_STEP",
    "PERSON_FIELDS",
    "PERSON_INDEX_FIELDS",
    "PROBATION_MONTHS",
    "UNIT_TYPE_LABELS",
    "AdmissionEthnicitySummary",
    "AdmissionSummary",
    "AuditAction",
    "AuditEntry",
    "Member",
    "MemberQuerySet",
    "PendingImport",
    "Person",
    "Quota",
    "QuotaChange",
    "TermTarget",
    "Unit",
    "UnitQuerySet",
    "ValidatesUniqueConstraintsOnly",
    "choice_labels",
    "display_value",
    "existed_during",
    "national_id_validator",
    "probation_windows",
    "summary_column",
    "unit_search_text",
]
