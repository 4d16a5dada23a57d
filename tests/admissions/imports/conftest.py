"""The users who import: a district clerk (the whole test tree) and a commune clerk (one branch of it)."""

import pytest

from accounts.models import Role, User


@pytest.fixture
def clerk(tree):
    return User.objects.create_user("clerk", password=None, role=Role.UNIT_CLERK, unit=tree["district"])


@pytest.fixture
def commune_clerk(tree):
    return User.objects.create_user("commune", password=None, role=Role.UNIT_CLERK, unit=tree["commune"])
