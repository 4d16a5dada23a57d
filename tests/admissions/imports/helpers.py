"""Run the import on a workbook built from rows (tests.admissions.xlsx_helpers) and read what it reports."""

import pytest

from admissions import imports
from tests.admissions.xlsx_helpers import workbook


def read(rows, user, **options):
    return imports.read_members(workbook(rows, **options), user=user)


def commit(rows, user, **options):
    return imports.commit_members(workbook(rows, **options), user=user)


def problems(result):
    return [(p.row, p.column, p.message) for p in result.errors]


def file_error(upload, user) -> str:
    with pytest.raises(imports.ImportFileError) as caught:
        imports.read_members(upload, user=user)
    return str(caught.value.args[0])
