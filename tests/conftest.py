import pytest

from tests import factories


@pytest.fixture
def tree(db):
    return factories.tree()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Logins in tests need no key stretching; PBKDF2 made each created user cost ~0.3 s.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
