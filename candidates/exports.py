"""The candidate list as a file (.xlsx, .csv): written by the members' export (admissions.exports), with
the candidate's own columns. National IDs masked to their last 4 digits, as on every list and file."""

from admissions import exports
from admissions.models import PERSON_FIELDS

from .models import Candidate


def _field(name: str, width: int = 16) -> exports.ExportColumn:
    return exports.field_column(name, width=width, model=Candidate)


_WIDTHS = {"full_name": 26, "sex": 8, "date_of_birth": 12, "home_town": 28, "national_id": 15}
# Who the candidate is, where they are developed and where their file stands: the list's columns, then
# each stage's date and the deadlines the due list watches.
COLUMNS = {
    column.key: column
    for column in [
        *(_field(name, _WIDTHS.get(name, 14)) for name in PERSON_FIELDS),
        exports.relation_column("cell", "cell", "name", model=Candidate),
        exports.relation_column("cell_code", "cell", "code", width=12, model=Candidate),
        exports.relation_column("grassroots", "grassroots", "name", model=Candidate),
        _field("stage", 16),
        _field("outcome", 14),
        _field("listed_date", 12),
        _field("mentor_name", 24),
        _field("certificate_number", 14),
        _field("certificate_date", 12),
        _field("certificate_valid_until", 12),
        _field("application_date", 12),
        _field("background_check_date", 12),
        _field("cell_resolution_number", 14),
        _field("cell_resolution_date", 12),
        _field("grassroots_resolution_date", 12),
        _field("submitted_date", 12),
        _field("decision_due", 12),
        _field("notes", 30),
    ]
}
DEFAULT_COLUMNS = tuple(COLUMNS.values())


def chosen(keys) -> tuple[exports.ExportColumn, ...]:
    """The columns of a background export, by their keys (a job's arguments are plain data)."""
    return tuple(COLUMNS[key] for key in keys if key in COLUMNS) or DEFAULT_COLUMNS


write_xlsx = exports.write_xlsx
stream_csv = exports.stream_csv
