"""Two requests at the same moment, each through its own database connection (a thread has its own), for
the race tests. They need a database that runs two transactions at once: PostgreSQL (on SQLite a writer
locks the whole file, so the race cannot happen there and the tests are skipped)."""

import contextlib
import threading
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="two transactions at once need PostgreSQL (SQLite locks the whole file for a writer)",
)


def at_once(*requests: Callable[[Client], object]) -> list:
    """Run each request (a function of a fresh test client) in its own thread, started together; returns
    their answers in order (or the exception a request raised)."""
    start = threading.Barrier(len(requests))
    answers: list = [None] * len(requests)

    def run(index: int, request: Callable[[Client], object]) -> None:
        try:
            start.wait(timeout=10)
            answers[index] = request(Client())
        except Exception as error:  # handed to the test, which asserts on it
            answers[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def meet_before_saving(monkeypatch, model, *, parties: int = 2, timeout: float = 2.0) -> None:
    """Make each request wait, just before it saves a new `model` row, until `parties` requests are there
    (or `timeout` seconds have passed): both have passed every check, neither has committed. A request held
    by the database (on another's lock) never arrives; the others go on after the timeout."""
    barrier = threading.Barrier(parties)
    original = model.save

    def save(self, *args, **kwargs):
        if self.pk is None:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=timeout)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(model, "save", save)
