"""Pages of daily data entry. Views parse, call one service and respond; scoping comes from the mixins
(accounts/mixins.py) and the selectors, writes from admissions/services.

One module per object; the URLconf imports them from here.
"""

from .import_corrections import MemberImportCheckedFileView, MemberImportMappingView, MemberImportSheetView
from .imports import (
    MemberImportConfirmView,
    MemberImportPreviewView,
    MemberImportTemplateView,
    MemberImportView,
)
from .members import (
    ListExportView,
    MemberCorrectionExportView,
    MemberCreateView,
    MemberDeleteView,
    MemberDetailView,
    MemberExportView,
    MemberListView,
    MemberNationalIdView,
    MemberUpdateView,
)
from .probation import MemberConfirmView, ProbationListView
from .quotas import (
    QuotaImportTemplateView,
    QuotaImportView,
    QuotaSheetView,
    TermTargetDeleteView,
    TermTargetView,
)
from .units import UnitCloseView, UnitCreateView, UnitOptionsView, UnitTreeView, UnitUpdateView

__all__ = [
    "ListExportView",
    "MemberConfirmView",
    "MemberCorrectionExportView",
    "MemberCreateView",
    "MemberDeleteView",
    "MemberDetailView",
    "MemberExportView",
    "MemberImportCheckedFileView",
    "MemberImportConfirmView",
    "MemberImportMappingView",
    "MemberImportPreviewView",
    "MemberImportSheetView",
    "MemberImportTemplateView",
    "MemberImportView",
    "MemberListView",
    "MemberNationalIdView",
    "MemberUpdateView",
    "ProbationListView",
    "QuotaImportTemplateView",
    "QuotaImportView",
    "QuotaSheetView",
    "TermTargetDeleteView",
    "TermTargetView",
    "UnitCloseView",
    "UnitCreateView",
    "UnitOptionsView",
    "UnitTreeView",
    "UnitUpdateView",
]
