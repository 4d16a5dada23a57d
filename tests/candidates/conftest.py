from tests.admissions.conftest import as_clerk, as_staff, as_viewer, clerk, staff, viewer  # noqa: F401
