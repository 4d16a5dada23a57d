"""A double-clicked confirmation of a candidates' file: two requests at once, on two connections, create its
candidates once; the later one waits for the earlier's claim and then says the file was already imported.
PostgreSQL only, as the members' (tests/admissions/views/test_import_race.py)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from admissions.models import PendingImport
from candidates import services
from candidates.models import Candidate
from candidates.views import IMPORT_SESSION_KEY
from tests.admissions.views.test_import_race import wait_until_a_query_waits_for_a_lock

from .test_import import good_file, upload


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_create_the_candidates_once(tree, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("two transactions at once need PostgreSQL (SQLite serialises the whole file)")
    clerk = User.objects.create_user("clerk", password=None, role=Role.UNIT_CLERK, unit=tree["commune"])
    first = Client()
    first.force_login(clerk)
    upload(first, good_file(tree, 3))
    sent = first.session[IMPORT_SESSION_KEY]
    second = Client()
    second.cookies = first.cookies  # the same browser: one session, two clicks
    original = services.candidates_import

    def create_once_the_other_click_waits(**kwargs):
        # Runs holding the claim on the file: let the other request reach the claim and wait behind it.
        wait_until_a_query_waits_for_a_lock()
        return original(**kwargs)

    monkeypatch.setattr(services, "candidates_import", create_once_the_other_click_waits)
    answers, failures = [], []

    def click(client):
        try:
            answers.append(
                client.post(reverse("candidate_import_confirm"), {"token": sent}, follow=True).text
            )
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
    assert Candidate.objects.count() == 3
    assert PendingImport.objects.get().imported_count == 3
    assert sum("Đã nhập 3 quần chúng." in text for text in answers) == 1
    assert sum("đã được nhập lúc" in text and "không nhập lại lần nữa" in text for text in answers) == 1
