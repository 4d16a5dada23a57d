"""The term targets page of a unit: add or replace a target over several years, delete one; bad input
changes nothing; staff of a unit enter their own committee's term targets and those of the units below."""

from django.urls import reverse

from accounts.models import Role
from admissions import services
from admissions.models import AuditEntry, TermTarget
from tests import factories


def url(unit):
    return f"{reverse('term_targets')}?unit={unit.pk}"


def term(**fields):
    return {"source": "congress", "first_year": "2020", "last_year": "2025", "target": "1000",
            "document_number": "", "document_date": "", "submission_token": factories.token(), **fields}  # fmt: skip


def test_staff_add_their_committees_term_target_and_replace_it(as_staff, tree):
    assert as_staff.post(url(tree["district"]), term()).status_code == 302
    assert as_staff.post(url(tree["district"]), term(target="1200")).status_code == 302
    assert list(TermTarget.objects.values_list("target", flat=True)) == [1200]
    assert AuditEntry.objects.filter(object_type="termtarget").count() == 2
    page = as_staff.get(url(tree["district"])).text
    assert "1.200" in page
    assert "2020–2025" in page


def test_bad_years_or_target_are_refused_with_a_message_and_save_nothing(as_staff, tree):
    for bad in (term(last_year="2020"), term(last_year="2019"), term(target="0"), term(first_year="abc")):
        response = as_staff.post(url(tree["district"]), bad)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not TermTarget.objects.exists()
    assert (
        "Năm cuối nhiệm kỳ phải sau năm đầu"
        in as_staff.post(url(tree["district"]), term(last_year="2020")).text
    )


def test_a_unit_outside_the_scope_is_not_found_and_its_targets_cannot_be_deleted(client, tree):
    staff = factories.user("xa", role=Role.COMMITTEE_STAFF, unit=tree["commune"])
    other = services.term_target_set(unit=tree["district"], first_year=2020, last_year=2025, target=9)
    client.force_login(staff)
    assert client.post(url(tree["district"]), term()).status_code == 404
    assert client.post(reverse("term_target_delete", args=[other.pk])).status_code == 404
    assert TermTarget.objects.count() == 1


def test_deleting_a_term_target_leaves_a_history_line(as_staff, tree):
    target = services.term_target_set(unit=tree["commune"], first_year=2020, last_year=2025, target=9)
    assert as_staff.post(reverse("term_target_delete", args=[target.pk])).status_code == 302
    assert not TermTarget.objects.exists()
    assert AuditEntry.objects.filter(object_type="termtarget", action="delete").count() == 1
