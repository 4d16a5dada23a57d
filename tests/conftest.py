import pytest

from tests import factories


@pytest.fixture
def tree(db):
    return factories.tree()
