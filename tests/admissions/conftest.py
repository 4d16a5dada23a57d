import pytest

from accounts.models import Role
from tests import factories


@pytest.fixture
def staff(tree):
    return factories.user("staff", role=Role.COMMITTEE_STAFF, unit=tree["district"], first_name="Hoa")


@pytest.fixture
def clerk(tree):
    """The clerk of Đảng bộ xã A (commune): sees its intermediate committee and deep cell only."""
    return factories.user("clerk", role=Role.UNIT_CLERK, unit=tree["commune"], first_name="Nam")


@pytest.fixture
def viewer(tree):
    return factories.user("viewer", role=Role.VIEWER, unit=tree["district"])


@pytest.fixture
def as_staff(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def as_clerk(client, clerk):
    client.force_login(clerk)
    return client


@pytest.fixture
def as_viewer(client, viewer):
    client.force_login(viewer)
    return client
