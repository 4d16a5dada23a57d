"""Forms of the data-entry pages. They parse and show errors; rules live in the models and services.

One module per object; everything is re-exported here (`from admissions.forms import MemberForm`).
"""

from .fields import (
    FilterForm,
    TargetInput,
    UnitChoiceField,
    UnitFilterChoiceField,
    UnitSearchField,
    UnitSearchSelect,
    UnitSelect,
)
from .members import MEMBER_FIELDSETS, MemberForm, MemberOutcomeForm, member_sections, next_decision_number
from .quotas import FIRST_YEAR, QuotaSheetForm, TermTargetForm, YearForm, quota_year_choices
from .units import UnitCloseForm, UnitForm

__all__ = [
    "FIRST_YEAR",
    "MEMBER_FIELDSETS",
    "FilterForm",
    "MemberForm",
    "MemberOutcomeForm",
    "QuotaSheetForm",
    "TargetInput",
    "TermTargetForm",
    "UnitChoiceField",
    "UnitCloseForm",
    "UnitFilterChoiceField",
    "UnitForm",
    "UnitSearchField",
    "UnitSearchSelect",
    "UnitSelect",
    "YearForm",
    "member_sections",
    "next_decision_number",
    "quota_year_choices",
]
