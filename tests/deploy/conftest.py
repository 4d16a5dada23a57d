import contextlib

import pytest
from django.db import connection

from .servers import Server, new_secret_key, production_environment


@pytest.fixture
def postgresql(transactional_db):
    # The servers are other processes: they need a database server and rows committed, not a test's
    # transaction (and a SQLite test database lives in this process's memory).
    if connection.vendor != "postgresql":
        pytest.skip("the app servers need the PostgreSQL test database (this runs in CI's PostgreSQL pass)")


@pytest.fixture
def serve(postgresql, tmp_path):
    """Start `make serve` processes (all with one environment and key, as behind one load balancer)."""
    env = production_environment(tmp_path / "static", new_secret_key())
    started = []

    def start() -> Server:
        server = Server(env, tmp_path / f"server-{len(started)}.log")
        started.append(server)
        return server

    yield start
    for server in started:
        with contextlib.suppress(Exception):
            server.stop()


@pytest.fixture(autouse=True)
def production_password_hashing(settings):
    # The servers check passwords with production's hashers, which do not read the suite's fast MD5 hashes.
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
