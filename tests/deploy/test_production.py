"""The production command under the documented environment: `make serve` starts (its `check --deploy`
passes), DEBUG is off, pages and hashed static files are served, a missing record gets the app's own 404,
and no error page leaks settings."""

import re
import subprocess

from accounts.models import Role
from tests import factories

from .servers import ROOT, Browser, production_environment


def sqlite_url(tmp_path) -> str:
    # The checks read no data: a scratch database lets them run in the SQLite pass too.
    return f"sqlite:///{tmp_path / 'check.sqlite3'}"


def test_check_deploy_is_clean_under_the_documented_environment(tmp_path):
    env = production_environment(
        tmp_path / "static", "k" * 20 + "-a-long-random-production-key-" + "q" * 20, sqlite_url(tmp_path)
    )
    result = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_refuses_a_missing_or_weak_secret_key(tmp_path):
    env = production_environment(tmp_path / "static", "", sqlite_url(tmp_path))
    env.pop("SECRET_KEY")
    missing = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert missing.returncode != 0
    assert "SECRET_KEY is not set" in missing.stderr
    env["SECRET_KEY"] = "django-insecure-short"
    weak = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert weak.returncode != 0
    assert "security.W009" in weak.stdout + weak.stderr


def test_a_malformed_postgresql_sort_memory_is_refused_with_its_name(tmp_path):
    env = production_environment(tmp_path / "static", "k" * 60, "postgres://nobody@127.0.0.1:5432/none")
    env["DB_WORK_MEM"] = "32MB; DROP"
    result = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "DB_WORK_MEM='32MB; DROP': a size such as 32MB" in result.stderr


def test_the_production_command_serves_pages_hashed_static_files_and_its_own_404(serve, tree):
    factories.user("bantochuc", role=Role.COMMITTEE_STAFF, unit=tree["district"])
    server = serve()
    browser = Browser()

    login = browser.get(server, "/dang-nhap/")
    assert login.status == 200
    assert "Đăng nhập" in login.text
    stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', login.text)
    assert stylesheet, "the page links the hashed name of the stylesheet"
    css = browser.get(server, stylesheet.group(1))
    assert css.status == 200
    assert css.headers["Content-Type"].startswith("text/css")
    assert "max-age=315360000" in css.headers["Cache-Control"]  # a hashed name is cached for good
    assert (
        browser.get(server, stylesheet.group(1), **{"Accept-Encoding": "gzip"}).headers["Content-Encoding"]
        == "gzip"
    )

    # Plain HTTP (not through the TLS proxy) is sent to HTTPS; HSTS and secure cookies are on.
    assert browser.get(server, "/dang-nhap/", **{"X-Forwarded-Proto": "http"}).status == 301
    assert "max-age=31536000" in login.headers["Strict-Transport-Security"]
    assert "Secure" in login.headers["Set-Cookie"]

    browser.log_in(server, "bantochuc", "x")
    members = browser.get(server, "/dang-vien/")
    assert members.status == 200
    assert "no-store" in members.headers["Cache-Control"]
    missing = browser.get(server, "/dang-vien/987654321/")
    assert missing.status == 404
    assert "Không tìm thấy trang" in missing.text
    assert "Traceback" not in missing.text
    assert "DATABASE_URL" not in missing.text
    bad_query = browser.get(server, "/dang-vien/?page=abc&sort=%27")
    assert bad_query.status in {200, 404}
    assert "DATABASE_URL" not in bad_query.text
    assert "Traceback" not in bad_query.text
