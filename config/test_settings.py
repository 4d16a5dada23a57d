"""The settings of the test suite and of bench/ (its loopback servers): production's, with the few things
a test process cannot have.

No TLS in front of the test client or the live server (so no HTTPS redirect or secure-only cookies), no
collected static files (the manifest storage needs `collectstatic`; the production-serving test runs it and
starts gunicorn with config.settings itself), and a fixed key nobody deploys.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-key-never-deployed-" + "t" * 40)

from .settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the apps and static/ directly (no collectstatic in a test run).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Tasks run at once, in the request that enqueues them; tests/core/test_jobs.py runs the real worker.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
JOB_FILES_DIR = Path(tempfile.mkdtemp(prefix="ptdv-test-job-files-"))
