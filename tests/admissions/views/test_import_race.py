"""A double-clicked import confirmation: two requests at once, on two database connections, write the file
once; the later one waits for the earlier's transaction and then says the file was already imported.

PostgreSQL only: SQLite takes one writer at a time for the whole file, so the two never overlap there (the
sequential double confirmation is tested on both databases in test_imports.py)."""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from admissions.imports import pipeline
from admissions.models import Member, PendingImport

from .test_imports import good_file, token, upload


def wait_until_a_query_waits_for_a_lock(seconds: float = 20) -> None:
    """Block until another connection is waiting for a row lock (pg_locks is live, not a snapshot)."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the second confirmation never waited for the first: the race was not exercised")


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_write_the_file_once(tree, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("two transactions at once need PostgreSQL (SQLite serialises the whole file)")
    clerk = User.objects.create_user("clerk", password=None, role=Role.UNIT_CLERK, unit=tree["commune"])
    first = Client()
    first.force_login(clerk)
    upload(first, good_file(tree, 3))
    sent = token(first)
    second = Client()
    second.cookies = first.cookies  # the same browser: one session, two clicks

    original = pipeline.commit_members

    def commit_once_the_other_click_waits(*args, **kwargs):
        # Runs holding the claim on the file: let the other request reach the claim and wait behind it.
        wait_until_a_query_waits_for_a_lock()
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline, "commit_members", commit_once_the_other_click_waits)
    answers, failures = [], []

    def click(client):
        try:
            answers.append(client.post(reverse("member_import_confirm"), {"token": sent}, follow=True).text)
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)
        finally:
            connections.close_all()

    clicks = [threading.Thread(target=click, args=(c,)) for c in (first, second)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join(timeout=60)
    assert not failures, failures
    assert len(answers) == 2
    assert Member.objects.count() == 3
    assert PendingImport.objects.get().imported_count == 3
    assert sum("Đã nhập 3 đảng viên mới." in text for text in answers) == 1
    assert sum("đã được nhập lúc" in text and "không nhập lại lần nữa" in text for text in answers) == 1
