"""The candidate's links to admissions' records: a unit's move, the admitted member's deletion, the history."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from admissions import services as admissions_services
from admissions.choices import UnitLevel
from admissions.models import AuditEntry, Member
from candidates import services
from candidates.choices import Outcome
from candidates.models import Candidate
from tests import factories
from tests.candidates.helpers import candidate
from tests.candidates.services.test_candidates import DECISION_DUE, admit


def test_moving_a_branch_to_another_organisation_moves_its_candidates_there(tree):
    someone = candidate(tree["deep_cell"])
    elsewhere = candidate(tree["cell_b"], full_name="Ở Xã B")
    admissions_services.unit_update(unit=tree["middle"], parent=tree["commune_b"])
    someone.refresh_from_db()
    elsewhere.refresh_from_db()
    assert someone.grassroots == tree["commune_b"]
    assert elsewhere.grassroots == tree["commune_b"]
    tree["deep_cell"].refresh_from_db()
    assert someone.cell_path == tree["deep_cell"].path  # the scope and the board read the copy
    assert elsewhere.cell_path == tree["cell_b"].path
    assert list(Candidate.objects.under(tree["commune_b"]).order_by("pk")) == [someone, elsewhere]
    assert not Candidate.objects.under(tree["commune"]).exists()


def test_moving_an_organisation_keeps_its_candidates_grassroots(tree):
    someone = candidate(tree["deep_cell"])
    other_district = factories.unit(parent=tree["province"], level=UnitLevel.SUPERIOR)
    admissions_services.unit_update(unit=tree["commune"], parent=other_district)
    someone.refresh_from_db()
    assert someone.grassroots == tree["commune"]
    tree["deep_cell"].refresh_from_db()
    assert someone.cell_path == tree["deep_cell"].path
    assert someone.cell_path.startswith(other_district.path)
    assert Candidate.objects.under(other_district).get() == someone
    assert not Candidate.objects.under(tree["district"]).exists()


def test_a_moved_cell_counts_the_days_off_of_its_new_committees(tree):
    services.day_off_create(unit=tree["commune_b"], day=datetime.date(2026, 3, 2), reason="Nghỉ bù")
    someone = candidate(tree["deep_cell"])
    assert someone.decision_due == DECISION_DUE
    admissions_services.unit_update(unit=tree["middle"], parent=tree["commune_b"])
    someone.refresh_from_db()
    assert someone.decision_due == DECISION_DUE + datetime.timedelta(days=1)


def test_a_member_admitted_from_a_file_is_not_deleted(tree):
    someone = candidate(tree["deep_cell"])
    member = admit(someone)
    with pytest.raises(ValidationError) as caught:
        admissions_services.member_delete(member=member)
    assert "hồ sơ quần chúng ưu tú" in caught.value.messages[0]
    someone.refresh_from_db()
    assert (someone.outcome, someone.member) == (Outcome.ADMITTED, member)
    assert Member.objects.filter(pk=member.pk).exists()
    assert not AuditEntry.objects.filter(object_type="member", action="delete").exists()


def test_a_member_entered_directly_is_still_deleted(tree):
    member = factories.member(tree["cell_b"])
    admissions_services.member_delete(member=member)
    assert not Member.objects.exists()


def test_the_history_shows_a_candidates_changes_with_labels(tree):
    someone = candidate(tree["deep_cell"], notes="")
    services.candidate_update(
        candidate=someone, notes="Đã gặp gia đình", extension_days=5, extension_reason="Chờ"
    )
    entry = AuditEntry.objects.get(object_type="candidate", object_id=someone.pk, action="update")
    rows = entry.change_rows()
    assert ("Ghi chú", "—", "Đã gặp gia đình") in rows
    assert ("Số ngày làm việc gia hạn", "0", "5") in rows


def test_the_history_shows_a_day_off(tree):
    day_off = services.day_off_create(unit=tree["district"], day=datetime.date(2026, 3, 2), reason="Nghỉ bù")
    services.day_off_delete(day_off=day_off)
    entry = AuditEntry.objects.get(object_type="dayoff", action="delete")
    old_values = [old for _label, old, _new in entry.change_rows()]
    assert "02/03/2026" in old_values
    assert "Nghỉ bù" in old_values
