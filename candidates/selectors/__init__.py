"""Reads of the pipeline, already scoped to the user (accounts.scope), re-exported here."""

from .candidates import candidate_records, candidates_visible_to, days_off_by_cell, days_off_for

__all__ = ["candidate_records", "candidates_visible_to", "days_off_by_cell", "days_off_for"]
