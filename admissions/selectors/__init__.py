"""Every read that views, forms, services and exports share, already scoped to the user (accounts.scope).

One module per object; everything is re-exported here (`from admissions import selectors`).
"""

from .members import (
    MEMBER_DEFAULT_ORDER,
    MEMBER_SORTS,
    PROBATION_OVERDUE,
    PROBATION_THIS_MONTH,
    member_duplicates,
    member_history,
    member_list,
    member_ordering,
    members_visible_to,
    probation_due,
    probation_window,
    probationary_members,
    same_person_keys,
)
from .quotas import committee_quota, quota_sheet_document, quota_sheet_rows
from .units import (
    UNIT_FILTER_DEPTH,
    UNIT_TREE_DEPTH,
    cells_visible_to,
    grassroots_by_cell,
    grassroots_of,
    place_of,
    scope_depth,
    unit_ancestors,
    unit_filter_options,
    unit_subtree,
    unit_tree_units,
    units_outside,
    units_visible_to,
)

__all__ = [
    "MEMBER_DEFAULT_ORDER",
    "MEMBER_SORTS",
    "PROBATION_OVERDUE",
    "PROBATION_THIS_MONTH",
    "UNIT_FILTER_DEPTH",
    "UNIT_TREE_DEPTH",
    "cells_visible_to",
    "committee_quota",
    "grassroots_by_cell",
    "grassroots_of",
    "member_duplicates",
    "member_history",
    "member_list",
    "member_ordering",
    "members_visible_to",
    "place_of",
    "probation_due",
    "probation_window",
    "probationary_members",
    "quota_sheet_document",
    "quota_sheet_rows",
    "same_person_keys",
    "scope_depth",
    "unit_ancestors",
    "unit_filter_options",
    "unit_subtree",
    "unit_tree_units",
    "units_outside",
    "units_visible_to",
]
