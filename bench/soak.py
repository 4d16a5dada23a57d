"""Soak test: simulated clerks through the real forms of the app served by gunicorn on PostgreSQL, with a
PostgreSQL restart in the middle; at the end the database is checked against what the clients were told.

    make soak                                   # 8 clerks, 90 s (SOAK_ARGS="--clerks 20 --seconds 120")
    .venv/bin/python bench/soak.py --help

It runs in a PostgreSQL cluster of its own (created on first use with pg_createcluster, default "soak" on
port 5442), never the shared one, because it restarts it. What the clients do, for `--seconds`:

- each clerk logs in (CSRF and all), opens the add-member form, and posts it with the form's one-time
  token; every third form is double-clicked (posted twice at the same moment) and every fifth carries a
  national ID. A post that fails (a 5xx or a dropped connection, as during the restart) is sent again with
  the same token, as a browser's retry would be, until it is acknowledged or the run ends;
- a few editors (committee staff) edit one and the same member all the time, each from the version their
  page was loaded with (the optimistic lock refuses the stale ones);
- halfway through, the cluster is restarted (`pg_ctlcluster ... restart -m fast`).

The checks: members stored = creates acknowledged (a 302 to the member's page), no duplicates (name and
birth date twice), one history line per create and per acknowledged edit, no lost update (the contested
member's version = 1 + acknowledged edits, and it holds the last acknowledged value), 0 server errors
outside the restart window. It prints those figures and exits 1 if a check fails.
"""

import argparse
import concurrent.futures
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "Soak@2024-x"
HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|submission_token|version)" value="([^"]*)"')
MEMBER_PAGE = re.compile(r"/dang-vien/(\d+)/$")
RESTART_GRACE = 8.0  # seconds after the restart in which errors are the restart's


# The cluster -------------------------------------------------------------------------------------------------


def run(*command: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=check, capture_output=True, text=True, **kwargs)


def ensure_cluster(version: str, name: str, port: int) -> None:
    """Create (once) and start a PostgreSQL cluster of our own, trusting local TCP connections."""
    config = Path(f"/etc/postgresql/{version}/{name}")
    if not config.exists():
        run("pg_createcluster", version, name, "--port", str(port))
        hba = config / "pg_hba.conf"
        hba.write_text("local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n")
    status = run("pg_ctlcluster", version, name, "status", check=False)
    if status.returncode != 0:
        run("pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start")
    wait_for_database(port)


def wait_for_database(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while run("pg_isready", "-h", "127.0.0.1", "-p", str(port), "-q", check=False).returncode != 0:
        if time.monotonic() > deadline:
            raise SystemExit(f"PostgreSQL on port {port} did not come up")
        time.sleep(0.3)


def restart_cluster(version: str, name: str, port: int) -> None:
    run("pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart", "-m", "fast")
    wait_for_database(port)


# The data ----------------------------------------------------------------------------------------------------

SETUP = """
import datetime
from accounts.models import Role, User
from admissions import services
from admissions.choices import UnitLevel, UnitType
from admissions.models import Unit
top = services.unit_create(code="SOAK", name="Huyện ủy Soak", level=UnitLevel.SUPERIOR, unit_type=UnitType.OTHER)
staff = User.objects.create_user("soak_staff", password=PASSWORD, role=Role.COMMITTEE_STAFF, unit=top)
for n in range(EDITORS):
    User.objects.create_user(f"soak_editor{n}", password=PASSWORD, role=Role.COMMITTEE_STAFF, unit=top)
cells = []
for n in range(CLERKS):
    cell = services.unit_create(parent=top, code=f"SC{n}", name=f"Chi bộ Soak {n}", level=UnitLevel.GRASSROOTS_CELL,
                                unit_type=UnitType.COMMUNE)
    User.objects.create_user(f"soak_clerk{n}", password=PASSWORD, role=Role.UNIT_CLERK, unit=cell)
    cells.append(cell.pk)
contested = services.member_create(full_name="Người Được Sửa", sex="M", date_of_birth=datetime.date(1990, 1, 1),
    occupation="nong_dan", schooling="12/12", cell=Unit.objects.get(pk=cells[0]), decision_number="1-QĐ/HU",
    decision_date=datetime.date(2023, 5, 19))
print(",".join(map(str, cells)), contested.pk)
"""

CHECK = """
from django.db.models import Count
from admissions.models import AuditEntry, Member
members = Member.objects.exclude(pk=CONTESTED)
duplicates = members.values("name_folded", "date_of_birth").annotate(n=Count("id")).filter(n__gt=1).count()
ids = sorted(members.values_list("pk", flat=True))
creates = AuditEntry.objects.filter(object_type="member", action="create", object_id__in=ids).count()
updates = AuditEntry.objects.filter(object_type="member", action="update", object_id=CONTESTED).count()
contested = Member.objects.get(pk=CONTESTED)
print(len(ids), duplicates, creates, updates, contested.version, contested.home_town, sep="|")
print(",".join(map(str, ids)))
"""


def manage_shell(env: dict, code: str) -> str:
    return run(PYTHON, "manage.py", "shell", "-c", code, cwd=ROOT, env=env).stdout.strip()


# The clients -------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    errors: list[tuple[float, str]] = field(default_factory=list)  # (time, what): 5xx and dropped connections
    forms: int = 0
    acknowledged: dict[str, int] = field(default_factory=dict)  # token -> member id
    given_up: int = 0
    double_clicks: int = 0
    repeats_answered: int = 0  # a second post of a token answered with the first one's result
    edits_acknowledged: list[tuple[int, str]] = field(default_factory=list)  # (version loaded, value)
    edits_refused: int = 0

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.append((time.monotonic(), what))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One user's browser: cookies, CSRF, no automatic redirects (the 302's target is the answer)."""

    def __init__(self, base: str, tally: Tally):
        self.base, self.tally = base, tally
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """(status, body, Location); status 0 for a dropped connection."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": self.base + path}
        with self.tally.lock:
            self.tally.requests += 1
        try:
            with self.opener.open(
                urllib.request.Request(self.base + path, body, headers), timeout=30
            ) as answer:
                return answer.status, answer.read().decode(), answer.headers.get("Location", "")
        except urllib.error.HTTPError as answer:
            text = answer.read().decode(errors="replace")
            if answer.code >= 500:
                self.tally.error(f"{answer.code} {path}")
            return answer.code, text, answer.headers.get("Location", "")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
            self.tally.error(f"connection {path}: {error}")
            return 0, "", ""

    def form(self, path: str) -> dict | None:
        for _ in range(20):
            status, text, _location = self.request(path)
            if status == 200:
                return dict(HIDDEN.findall(text))
            time.sleep(0.5)
        return None

    def login(self, username: str) -> None:
        hidden = self.form("/dang-nhap/")
        if hidden is None:
            raise SystemExit("the login page did not answer")
        data = {
            "csrfmiddlewaretoken": hidden["csrfmiddlewaretoken"],
            "username": username,
            "password": PASSWORD,
        }
        status, _text, _location = self.request("/dang-nhap/", data)
        if status != 302:
            raise SystemExit(f"login of {username} failed ({status})")


def member_data(cell: int, name: str, national_id: str = "") -> dict:
    return {
        "full_name": name,
        "sex": "M",
        "date_of_birth": "01/01/1998",
        "ethnicity": "Kinh",
        "religion": "none",
        "national_id": national_id,
        "occupation": "nong_dan",
        "schooling": "12/12",
        "qualification": "none",
        "political_theory": "none",
        "cell": cell,
        "decision_number": "123-QĐ/HU",
        "decision_date": "19/05/2023",
        "status": "probationary",
    }


LETTERS = "abcdeghiklmnopqrstuvxy"


def spelled(number: int) -> str:
    """A number as letters (names are compared without digits' help: "Soak An 12" and "Soak An 21" fold apart
    anyway, but a name should look like one)."""
    word = ""
    while True:
        number, digit = divmod(number, len(LETTERS))
        word = LETTERS[digit] + word
        if not number:
            return word.capitalize()


def clerk(index: int, cell: int, base: str, deadline: float, tally: Tally) -> None:
    browser = Browser(base, tally)
    browser.login(f"soak_clerk{index}")
    number = 0
    while time.monotonic() < deadline:
        number += 1
        hidden = browser.form("/dang-vien/them/")
        if hidden is None:
            continue
        national_id = f"9{index:03d}{number:08d}" if number % 5 == 0 else ""
        data = {
            **member_data(cell, f"Soak {spelled(index)} {spelled(number)}", national_id),
            "csrfmiddlewaretoken": hidden["csrfmiddlewaretoken"],
            "submission_token": hidden["submission_token"],
        }
        with tally.lock:
            tally.forms += 1
        double = number % 3 == 0
        if double:
            with tally.lock:
                tally.double_clicks += 1
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                answers = list(pool.map(browser.request, ["/dang-vien/them/"] * 2, [data] * 2))
        else:
            answers = [browser.request("/dang-vien/them/", data)]
        while time.monotonic() < deadline + 30 and not any(a[0] == 302 for a in answers):
            time.sleep(0.5)  # a retry after a failure, with the same token: at most one record
            answers.append(browser.request("/dang-vien/them/", data))
        created = {
            MEMBER_PAGE.search(a[2]).group(1) for a in answers if a[0] == 302 and MEMBER_PAGE.search(a[2])
        }
        with tally.lock:
            if len(created) == 1:
                tally.acknowledged[data["submission_token"]] = int(created.pop())
                tally.repeats_answered += sum(a[0] == 302 for a in answers) - 1
            elif not created:
                tally.given_up += 1
            else:  # two records for one form: the very thing this test is about
                tally.error(f"one form, several members: {sorted(created)}")


def editor(index: int, contested: int, cell: int, base: str, deadline: float, tally: Tally) -> None:
    browser = Browser(base, tally)
    browser.login(f"soak_editor{index}")
    number = 0
    path = f"/dang-vien/{contested}/sua/"
    while time.monotonic() < deadline:
        number += 1
        hidden = browser.form(path)
        if hidden is None:
            continue
        value = f"Sửa {index}-{number}"
        data = {
            **member_data(cell, "Người Được Sửa"),
            "date_of_birth": "01/01/1990",
            "decision_number": "1-QĐ/HU",
            "home_town": value,
            **hidden,
        }
        status, text, _location = browser.request(path, data)
        with tally.lock:
            if status == 302:
                tally.edits_acknowledged.append((int(hidden["version"]), value))
            elif status == 200 and "vừa được người khác sửa" in text:
                tally.edits_refused += 1


# The run -----------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clerks", type=int, default=8)
    parser.add_argument("--editors", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--cluster", default="soak", help="name of the PostgreSQL cluster of the soak")
    parser.add_argument("--pg-version", default="15")
    parser.add_argument("--pg-port", type=int, default=5442)
    parser.add_argument("--port", type=int, default=8742, help="gunicorn's port")
    parser.add_argument("--no-restart", action="store_true", help="skip the restart in the middle")
    options = parser.parse_args()

    ensure_cluster(options.pg_version, options.cluster, options.pg_port)
    database = "ptdv_soak"
    server = f"postgres://postgres@127.0.0.1:{options.pg_port}"
    run("dropdb", "--if-exists", "-h", "127.0.0.1", "-p", str(options.pg_port), "-U", "postgres", database)
    run("createdb", "-h", "127.0.0.1", "-p", str(options.pg_port), "-U", "postgres", database)
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/{database}",
        "DEBUG": "",
        "SECRET_KEY": "soak-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # The clients speak plain HTTP to gunicorn, as make run serves it (production's TLS is nginx's).
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
    }
    run(PYTHON, "manage.py", "migrate", "--no-input", "-v0", cwd=ROOT, env=env)
    # DEBUG off serves hashed static files from their manifest, as make serve does (collectstatic first).
    run(PYTHON, "manage.py", "collectstatic", "--no-input", "-v0", cwd=ROOT, env=env)
    setup = SETUP.replace("PASSWORD", repr(PASSWORD)).replace("EDITORS", str(options.editors))
    cells_line, contested = (
        manage_shell(env, setup.replace("CLERKS", str(options.clerks))).splitlines()[-1].split()
    )
    cells = [int(cell) for cell in cells_line.split(",")]

    base = f"http://127.0.0.1:{options.port}"
    log = tempfile.NamedTemporaryFile("w+", prefix="soak-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    gunicorn = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "-w", str(options.workers), "-b",
         f"127.0.0.1:{options.port}", "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    tally = Tally()
    restart_window: tuple[float, float] | None = None
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/dang-nhap/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        start = time.monotonic()
        deadline = start + options.seconds
        threads = [
            threading.Thread(target=clerk, args=(n, cells[n], base, deadline, tally))
            for n in range(options.clerks)
        ] + [
            threading.Thread(target=editor, args=(n, int(contested), cells[0], base, deadline, tally))
            for n in range(options.editors)
        ]
        for thread in threads:
            thread.start()
        if not options.no_restart:
            time.sleep(options.seconds / 2)
            began = time.monotonic()
            restart_cluster(options.pg_version, options.cluster, options.pg_port)
            restart_window = (began, time.monotonic() + RESTART_GRACE)
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - start
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)

    if not tally.forms:
        raise SystemExit(
            f"No form was posted in {tally.requests} requests: the clerks could not open the add page (is it"
            " served over plain HTTP with a 200?). gunicorn's log says more."
        )
    check = CHECK.replace("CONTESTED", contested)
    figures, ids_line = manage_shell(env, check).splitlines()[-2:]
    rows, duplicates, creates_logged, updates_logged, version, home_town = figures.split("|")
    rows, duplicates = int(rows), int(duplicates)
    stored = {int(pk) for pk in ids_line.split(",") if pk}
    acknowledged = set(tally.acknowledged.values())
    inside = [e for e in tally.errors if restart_window and restart_window[0] <= e[0] <= restart_window[1]]
    outside = [e for e in tally.errors if e not in inside]
    edits = sorted(tally.edits_acknowledged)
    last_value = edits[-1][1] if edits else "—"
    lost_updates = abs(int(version) - 1 - len(edits)) + (0 if not edits or home_town == last_value else 1)
    results = [
        ("clerks / editors / gunicorn workers", f"{options.clerks} / {options.editors} / {options.workers}", True),
        ("seconds", f"{elapsed:.0f}", True),
        ("requests", tally.requests, True),
        ("forms posted (double-clicked)", f"{tally.forms} ({tally.double_clicks})", True),
        ("creates acknowledged", len(acknowledged), True),
        ("members stored", rows, rows == len(acknowledged) and stored == acknowledged),
        ("repeated posts answered with the first result", tally.repeats_answered, True),
        ("forms given up (no answer before the end)", tally.given_up, True),
        ("duplicates (same name and birth date)", duplicates, duplicates == 0),
        ("history lines of creates", creates_logged, int(creates_logged) == rows),
        ("edits acknowledged / refused as stale", f"{len(edits)} / {tally.edits_refused}", True),
        ("history lines of edits", updates_logged, int(updates_logged) == len(edits)),
        ("lost updates", lost_updates, lost_updates == 0),
        ("PostgreSQL restart", "no" if not restart_window else f"{restart_window[1] - restart_window[0]:.1f} s window", True),
        ("5xx / dropped connections in the restart window", len(inside), True),
        ("5xx / dropped connections outside it", len(outside), not outside),
    ]  # fmt: skip
    print()
    print("| soak | figure | check |")
    print("|---|---|---|")
    for label, value, ok in results:
        print(f"| {label} | {value} | {'ok' if ok else 'FAILED'} |")
    for _at, what in outside[:10]:
        print("outside the window:", what)
    print(f"gunicorn's log (the restart's errors are there): {log.name}")
    return 0 if all(ok for _label, _value, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main())
