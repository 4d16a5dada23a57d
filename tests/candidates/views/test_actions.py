"""Stopping a file (not admitted, withdrawn, paused), resuming a paused one, and the next step of several
files at once from the list, as a clerk and as a viewer: each writes once, all or nothing, in scope."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from admissions.models import AuditEntry
from candidates.choices import Outcome, Stage
from candidates.models import Candidate
from tests import factories
from tests.candidates.helpers import candidate

TODAY = timezone.localdate()


def close(client, someone, **overrides):
    data = {"version": someone.version, "outcome": Outcome.PAUSED, "outcome_date": TODAY.strftime("%d/%m/%Y"),
            "outcome_reason": "Đi học nước ngoài", "submission_token": factories.token(), **overrides}  # fmt: skip
    return client.post(reverse("candidate_close", args=[someone.pk]), data)


def test_a_clerk_pauses_a_file_with_its_reason_and_resumes_it(as_clerk, tree):
    someone = candidate(tree["deep_cell"], stage=Stage.FILE)
    page = as_clerk.get(reverse("candidate_detail", args=[someone.pk]))
    assert reverse("candidate_close", args=[someone.pk]) in page.text
    response = close(as_clerk, someone)
    assert response.status_code == 302
    someone.refresh_from_db()
    assert (someone.outcome, someone.stage, someone.outcome_reason) == (
        Outcome.PAUSED,
        Stage.PAUSED,
        "Đi học nước ngoài",
    )
    page = as_clerk.get(reverse("candidate_detail", args=[someone.pk]))
    assert "Tiếp tục xem xét" in page.text
    assert "Đi học nước ngoài" in page.text
    token = page.context["resume_form"]["submission_token"].value()
    response = as_clerk.post(
        reverse("candidate_resume", args=[someone.pk]),
        {"version": someone.version, "submission_token": token},
    )
    assert response.status_code == 302
    someone.refresh_from_db()
    assert (someone.outcome, someone.stage) == (Outcome.IN_PROGRESS, Stage.FILE)


def test_stopping_without_a_reason_or_day_says_so_and_changes_nothing(as_clerk, tree):
    someone = candidate(tree["deep_cell"], stage=Stage.FILE)
    response = close(as_clerk, someone, outcome_reason=" ", outcome_date="31/02/2026")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"outcome_reason", "outcome_date"}
    assert Candidate.objects.get(pk=someone.pk).outcome == Outcome.IN_PROGRESS


def test_a_double_click_stops_the_file_once(as_clerk, tree):
    someone = candidate(tree["deep_cell"], stage=Stage.FILE)
    token = factories.token()
    assert close(as_clerk, someone, submission_token=token, outcome=Outcome.WITHDRAWN).status_code == 302
    assert close(as_clerk, someone, submission_token=token, outcome=Outcome.WITHDRAWN).status_code == 302
    assert (
        AuditEntry.objects.filter(object_type="candidate", object_id=someone.pk, action="update").count() == 1
    )


def test_a_stale_resume_is_refused_with_a_message(as_clerk, tree):
    someone = candidate(tree["deep_cell"], stage=Stage.FILE)
    close(as_clerk, someone)
    someone.refresh_from_db()
    response = as_clerk.post(
        reverse("candidate_resume", args=[someone.pk]),
        {"version": someone.version - 1, "submission_token": factories.token()},
        follow=True,
    )
    assert "người khác" in response.text or "đã thay đổi" in response.text
    assert Candidate.objects.get(pk=someone.pk).outcome == Outcome.PAUSED


def test_a_viewer_may_not_stop_a_file_and_a_clerk_not_one_outside_the_organisation(
    as_viewer, client, clerk, tree
):
    own = candidate(tree["deep_cell"], stage=Stage.FILE)
    other = candidate(tree["cell_b"], stage=Stage.FILE)
    assert close(as_viewer, own).status_code == 403
    client.force_login(clerk)
    assert close(client, other).status_code == 404
    assert client.post(reverse("candidate_resume", args=[other.pk]), {"version": 1}).status_code == 404
    assert set(Candidate.objects.values_list("outcome", flat=True)) == {Outcome.IN_PROGRESS}


def batch_post(client, people, **shared):
    data = {"stage": Stage.SYMPATHISER, "id": [p.pk for p in people], "submission_token": factories.token()}
    for someone in people:
        data[f"version_{someone.pk}"] = someone.version
        data[f"certificate_number_{someone.pk}"] = f"CN-{someone.pk}/2026"
    return client.post(reverse("candidate_batch_stage"), data | shared)


@pytest.fixture
def course_class(tree):
    """Three sympathisers of the clerk's deep cell who finished the same course."""
    return [candidate(tree["deep_cell"], full_name=name, stage=Stage.SYMPATHISER, resolution=TODAY)
            for name in ("Lê An", "Lê Bình", "Lê Chi")]  # fmt: skip


def test_the_list_of_one_stage_offers_its_editor_tick_boxes_and_a_viewer_none(
    as_clerk, client, viewer, course_class
):
    response = as_clerk.get(reverse("candidate_list"), {"stage": "sympathiser"})
    assert response.text.count('name="id"') == 3
    assert reverse("candidate_batch_stage") in response.text
    assert 'name="id"' not in as_clerk.get(reverse("candidate_list")).text  # no stage chosen: no batch
    client.force_login(viewer)
    assert 'name="id"' not in client.get(reverse("candidate_list"), {"stage": "sympathiser"}).text


def test_a_batch_records_everyone_who_finished_the_course_with_their_own_certificates(as_clerk, course_class):
    page = as_clerk.get(
        reverse("candidate_batch_stage"), {"stage": "sympathiser", "id": [p.pk for p in course_class]}
    )
    assert page.status_code == 200
    assert all(f"certificate_number_{p.pk}" in page.context["form"].fields for p in course_class)
    response = batch_post(as_clerk, course_class, certificate_date=TODAY.strftime("%d/%m/%Y"))
    assert response.status_code == 302
    rows = Candidate.objects.order_by("pk")
    assert [(c.stage, c.certificate_number) for c in rows] == [
        (Stage.COURSE, f"CN-{c.pk}/2026") for c in rows
    ]


def test_a_batch_with_one_file_it_cannot_take_saves_none_and_names_it(as_clerk, course_class):
    late = course_class[1]
    Candidate.objects.filter(pk=late.pk).update(listed_date=TODAY)
    day = (TODAY - datetime.timedelta(days=3)).strftime("%d/%m/%Y")  # before Lê Bình was listed
    response = batch_post(as_clerk, course_class, certificate_date=day)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Lê Bình" in errors
    assert "Lê An" not in errors
    assert set(Candidate.objects.values_list("stage", flat=True)) == {Stage.SYMPATHISER}


def test_a_double_click_on_a_batch_writes_once(as_clerk, course_class):
    token = factories.token()
    day = TODAY.strftime("%d/%m/%Y")
    assert batch_post(as_clerk, course_class, certificate_date=day, submission_token=token).status_code == 302
    assert batch_post(as_clerk, course_class, certificate_date=day, submission_token=token).status_code == 302
    assert AuditEntry.objects.filter(object_type="candidate", action="update").count() == 3


@pytest.mark.parametrize(
    "query",
    [{}, {"stage": "sympathiser"}, {"stage": "admitted", "id": "1"}, {"stage": "bogus", "id": "1"},
     {"stage": "sympathiser", "id": "²"}, {"stage": "sympathiser", "id": "999999"}],
)  # fmt: skip
def test_a_batch_without_files_of_the_users_scope_at_a_stage_explains_what_to_do(as_clerk, query):
    response = as_clerk.get(reverse("candidate_batch_stage"), query)
    assert response.status_code == 302
    assert response.url == reverse("candidate_list")


def test_a_batch_leaves_out_files_outside_the_clerks_organisation(as_clerk, tree, course_class):
    foreign = candidate(tree["cell_b"], full_name="Ngoài", stage=Stage.SYMPATHISER, resolution=TODAY)
    response = batch_post(as_clerk, [*course_class, foreign], certificate_date=TODAY.strftime("%d/%m/%Y"))
    assert response.status_code == 302
    assert Candidate.objects.get(pk=foreign.pk).stage == Stage.SYMPATHISER


def test_a_viewer_may_not_open_a_batch(as_viewer, course_class):
    assert (
        as_viewer.get(
            reverse("candidate_batch_stage"), {"stage": "sympathiser", "id": course_class[0].pk}
        ).status_code
        == 403
    )


def test_a_file_that_cannot_take_the_action_is_sent_back_to_its_page_with_why(as_clerk, tree):
    paused = candidate(tree["deep_cell"], stage=Stage.FILE)
    close(as_clerk, paused)
    submitted = candidate(tree["deep_cell"], stage=Stage.SUBMITTED, full_name="Đã Trình")
    for url_name, someone, why in [
        ("candidate_close", paused, "Hồ sơ này không còn đang xem xét."),
        ("candidate_stage", paused, "Hồ sơ này không còn bước nào để ghi ở đây."),
        ("candidate_stage", submitted, "Hồ sơ này không còn bước nào để ghi ở đây."),  # next is the decision
    ]:
        response = as_clerk.get(reverse(url_name, args=[someone.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("candidate_detail", args=[someone.pk])
        assert why in response.text
