"""Settings, read from the environment (12-factor); docs/deploy.md lists every variable.

DATABASE_URL absent means a SQLite file inside the project, so a newcomer needs no server. With DEBUG off
(the default) a SECRET_KEY is required and the secure defaults apply (HTTPS redirect, HSTS, secure cookies):
`make run` sets the few that a laptop on http://127.0.0.1 needs off, the test suite uses config.test_settings.
"""

import datetime
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DEBUG = env_bool("DEBUG", False)
# The key signs sessions and CSRF tokens: from the environment, or from the file SECRET_KEY_FILE names
# (default .secret_key, which `make install` fills with a random key for a laptop). Never a hard-coded one.
SECRET_KEY_FILE = Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / ".secret_key"))
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY and SECRET_KEY_FILE.is_file():
    SECRET_KEY = SECRET_KEY_FILE.read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: set it in the environment or in SECRET_KEY_FILE (docs/deploy.md)."
        )
    SECRET_KEY = "django-insecure-debug-only-" + "x" * 40
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Behind nginx with TLS (docs/deploy.md); a laptop (`make run`) sets these off. Safe by default.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The header the TLS proxy sets to say the browser's request was HTTPS, e.g. HTTP_X_FORWARDED_PROTO. Only
# behind a proxy that always sets it: trusted blindly, a client could claim HTTPS itself.
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER"], "https")
# The header carrying the browser's address behind the proxy (e.g. HTTP_X_REAL_IP), for login throttling.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
# An office day, and the session ends when the browser closes (shared PCs in a committee office).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
# An intranet host name cannot be on the browsers' HSTS preload list, so not asking for it is no weakness.
SILENCED_SYSTEM_CHECKS = [
    "security.W021",
    # The admissions summary's covering index (INCLUDE) is PostgreSQL's; on SQLite it is a plain index.
    "models.W040",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tables2",
    "django_filters",
    "django_tasks_db",
    "core",
    "accounts",
    "admissions",
    "candidates",
    "reports",
    "devdata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (hashed names, compressed) straight from the app, before sessions and the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "config.middleware.NoStoreForUsersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last: it turns a login refused by the throttle into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Every asset is served by the app itself: no CDN, no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        # A kept connection is checked before a request reuses it, so the first request after a PostgreSQL
        # restart opens a new one instead of failing with a 500.
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles every report query whose estimated cost passes 100,000: 200–250 ms spent
    # compiling on each request for queries that then run in 50–100 ms (bench/README.md). The pipeline's
    # figures group the nation's 600,000 files in one query (the forecast's count for today, the saved
    # counts' refresh): with PostgreSQL's default 4 MB of sort memory it sorts them on disk; 32 MB (per
    # sort, per connection: DB_WORK_MEM) lets it hash them in memory (the national board grouping them
    # went from 740 to 370 ms; it now adds up the saved counts).
    work_mem = os.environ.get("DB_WORK_MEM", "32MB")
    if not re.fullmatch(r"[0-9]+(kB|MB|GB)", work_mem):
        raise ImproperlyConfigured(f"DB_WORK_MEM={work_mem!r}: a size such as 32MB")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c jit=off -c work_mem={work_mem}"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The background worker (db_worker) and the app servers share the file. In WAL mode a reader never waits
    # for a writer, so the progress page of a long import keeps answering while the worker writes it, and a
    # write waits its turn (timeout) instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Work that outlives a request (a long import, a long export) is a task of Django's tasks framework, kept in
# the database (django-tasks-db) and run by its worker, `manage.py db_worker`, which `make run` and
# `make serve` start beside gunicorn (production: the ptdv-worker unit of docs/deploy.md). The page that
# started it follows it through core.jobs (a progress bar), and its files wait in JOB_FILES_DIR.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Private: never under static/, served only to their owner by core's download page, removed after JOB_KEEP_HOURS.
JOB_FILES_DIR = Path(os.environ.get("JOB_FILES_DIR", BASE_DIR / "var" / "job-files"))
JOB_KEEP_HOURS = env_int("JOB_KEEP_HOURS", 24)
# A running job that has not said anything for this long is taken as lost (its worker was stopped or died):
# its transaction was rolled back with the worker, so it wrote nothing, and its page says so.
JOB_SILENT_MINUTES = env_int("JOB_SILENT_MINUTES", 15)

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked account+address before the password is even checked.
    "accounts.throttling.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): 5 failures in a row from one address for one account lock that pair for
# AXES_COOLOFF_MINUTES; committee staff unlock it on the user's page; a successful login resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy everywhere, in both languages (see config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic writes hashed, compressed copies; WhiteNoise serves them with a far-future expiry.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Uploaded spreadsheets are read in memory up to this size; larger files are refused with a message.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
# An uploaded file waits this long for its confirmation (admissions.models.PendingImport).
IMPORT_PENDING_HOURS = env_int("IMPORT_PENDING_HOURS", 24)
# A file of more rows than this is previewed and written by the background worker, with a progress page; a
# smaller one (a commune's list: tens of rows, a second) is read in the request, as fast as ever and with no
# worker needed.
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 5000)
# Exports of more members than this are written by the background worker (then downloaded from its page).
EXPORT_BACKGROUND_ROWS = env_int("EXPORT_BACKGROUND_ROWS", 20000)
# The yearly summary workbook of a scope that admitted more members than this in the year, likewise.
REPORT_BACKGROUND_ROWS = env_int("REPORT_BACKGROUND_ROWS", 20000)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
