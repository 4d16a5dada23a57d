"""Every write to units, quotas and members goes through here (also from the admin and the importer).

Each function takes keyword-only arguments, validates with full_clean() and saves inside one transaction,
so a rule can never be skipped by entering data another way. Each write also leaves a line of history
(AuditEntry) in the same transaction: no change without its record, no record of a change rolled back.

Names follow <entity>_<action>; one module per object, everything re-exported here
(`from admissions import services`).
"""

from .bulk_members import (
    MembersInvalid,
    members_build,
    members_bulk_create,
    members_import,
    members_updates_check,
)
from .imports import (
    AlreadyImported,
    PendingImportGone,
    pending_import_claim,
    pending_import_create,
    pending_import_discard,
    pending_import_mark_imported,
    pending_import_set_reading,
)
from .members import (
    STALE_MEMBER_MESSAGE,
    list_export_record,
    member_create,
    member_delete,
    member_end_probation,
    member_list_export_record,
    member_national_id_reveal,
    member_update,
)
from .quotas import (
    QuotaCell,
    quota_delete,
    quota_set,
    quota_sheet_save,
    term_target_delete,
    term_target_set,
)
from .summary import admission_summary_rebuild, summary_add, summary_kept
from .units import repath, unit_close, unit_create, unit_delete, unit_update

__all__ = [
    "STALE_MEMBER_MESSAGE",
    "AlreadyImported",
    "MembersInvalid",
    "PendingImportGone",
    "QuotaCell",
    "admission_summary_rebuild",
    "list_export_record",
    "member_create",
    "member_delete",
    "member_end_probation",
    "member_list_export_record",
    "member_national_id_reveal",
    "member_update",
    "members_build",
    "members_bulk_create",
    "members_import",
    "members_updates_check",
    "pending_import_claim",
    "pending_import_create",
    "pending_import_discard",
    "pending_import_mark_imported",
    "pending_import_set_reading",
    "quota_delete",
    "quota_set",
    "quota_sheet_save",
    "repath",
    "summary_add",
    "summary_kept",
    "term_target_delete",
    "term_target_set",
    "unit_close",
    "unit_create",
    "unit_delete",
    "unit_update",
]
