import pytest

from tests import factories


@pytest.fixture
def tree(db):
    return factories.tree()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Logins in tests need no key stretching; PBKDF2 made each created user cost ~0.3 s.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def vietnamese_by_default():
    # Each test starts in the default language: a test that switches to English (a request through
    # LocaleMiddleware leaves the thread's language set) must not change what the next one sees.
    from django.utils import translation

    with translation.override("vi"):
        yield
