"""Load through HTTP: the app served by gunicorn on loopback and concurrent clients counting requests per second.

The members list is measured this way (not through the test client) because its target is throughput as a
user meets it: the production WSGI stack, DEBUG off, several requests at once on the two cores.
"""

import http.client
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on loopback with the app as production runs it (DEBUG off), 2 sync workers (2 cores)."""

    def __init__(self, database_url: str, workers: int = 2):
        from django.conf import settings

        self.port = free_port()
        env = dict(os.environ, DATABASE_URL=database_url, DEBUG="0", SECRET_KEY=settings.SECRET_KEY,
                   ALLOWED_HOSTS="127.0.0.1,localhost")  # fmt: skip
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi:application", "-w", str(workers), "-b",
             f"127.0.0.1:{self.port}", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def get(port: int, url: str, cookie: str) -> int:
    """One GET as the logged-in user; its HTTP status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", url, headers={"Cookie": cookie, "Accept-Language": "vi"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def load(port: int, url: str, cookie: str, *, clients: int, seconds: float) -> tuple[float, int]:
    """Requests per second with `clients` threads each sending requests back to back for `seconds`, and
    how many of them failed."""
    done, errors, lock = [0], [0], threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client():
        while time.perf_counter() < stop_at:
            try:
                status = get(port, url, cookie)
            except OSError:  # a timeout or a refused connection counts as a failed request
                status = 0
            with lock:
                done[0] += 1
                errors[0] += status != 200

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.perf_counter() - started), errors[0]
