"""The app as production runs it, for the deployment tests: `make serve` (check --deploy, collectstatic,
gunicorn, DEBUG off) under the documented environment (ops/production.env.example) on the test database,
and a small HTTP client that talks to it the way nginx forwards a browser's HTTPS requests."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = ROOT / "ops" / "production.env.example"
START_SECONDS = 90
REQUEST_SECONDS = 60


def documented_environment() -> dict[str, str]:
    """ops/production.env.example as a dict (what docs/deploy.md tells an installer to set)."""
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def suite_database_url() -> str:
    """The URL of the database this test run uses (pytest-django's test database)."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def production_environment(
    static_root: Path, secret_key: str, database_url: str | None = None
) -> dict[str, str]:
    """The documented environment, pointed at the test database (or `database_url`) and this machine's
    loopback."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "SECURE_", "SESSION_", "CSRF_", "DEBUG"))
    }
    env.update(documented_environment())
    env.update(
        SECRET_KEY=secret_key,
        DATABASE_URL=database_url or suite_database_url(),
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS="https://127.0.0.1",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        SECRET_KEY_FILE=str(static_root / "no-such-key-file"),
    )
    env.pop("DEBUG", None)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`make serve` on a free loopback port; stopped (its whole process group) by stop()."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 2):
        self.port = free_port()
        self.log = log
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve", f"BIND=127.0.0.1:{self.port}", f"WORKERS={workers}"],
            cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"make serve stopped (exit {self.process.returncode}):\n{log.read_text()}"
                )
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"make serve did not listen within {START_SECONDS} s:\n{log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Browser:
    """One browser's cookies, sending each request to whichever server it is given, as nginx forwards an
    HTTPS request (X-Forwarded-Proto: https)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(
        self, server: Server, method: str, path: str, body: bytes | None = None, headers=None
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=REQUEST_SECONDS)
        sent = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "X-Real-IP": "192.0.2.10",
            "Accept-Encoding": "identity",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            sent.setdefault("Origin", "https://127.0.0.1")
            sent.setdefault("Referer", "https://127.0.0.1/")
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response

    def get(self, server: Server, path: str, **headers) -> Response:
        return self.request(server, "GET", path, headers=headers)

    def post(self, server: Server, path: str, data: dict, files: dict | None = None) -> Response:
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        if files:
            body, content_type = multipart(data, files)
        else:
            body, content_type = urlencode(data, doseq=True).encode(), "application/x-www-form-urlencoded"
        return self.request(server, "POST", path, body=body, headers={"Content-Type": content_type})

    def log_in(self, server: Server, username: str, password: str) -> None:
        self.get(server, "/dang-nhap/")
        answer = self.post(server, "/dang-nhap/", {"username": username, "password": password})
        assert answer.status == 302, answer.text[:2000]


def multipart(data: dict, files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in data.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (file_name, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def hidden_inputs(html: str) -> dict[str, str]:
    """The hidden fields of a page's forms (the edit form's version, any one-time submission token)."""
    found = {}
    for tag in re.findall(r"<input[^>]*>", html):
        if 'type="hidden"' in tag:
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                found[name.group(1)] = value.group(1) if value else ""
    return found


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)


def path_of(url: str) -> str:
    return urlsplit(url).path
