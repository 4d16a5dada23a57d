"""Every write through the services leaves one line of history, in the same transaction."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from admissions import services
from admissions.models import AuditEntry, Member
from tests import factories


def entries(obj, action=None):
    found = AuditEntry.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk)
    return list(found.filter(action=action) if action else found)


def test_creating_a_member_records_who_and_the_entered_values(tree, staff):
    member = factories.member(tree["deep_cell"], user=staff, home_town="Hà Nam")
    (entry,) = entries(member)
    assert entry.action == "create"
    assert entry.user == staff
    assert entry.object_repr == "Nguyễn Văn An"
    assert entry.changes["home_town"] == [None, "Hà Nam"]
    assert entry.changes["cell"] == [None, "Chi bộ A1a"]
    assert entry.changes["decision_date"] == [None, "2023-05-19"]
    assert "youth_union" not in entry.changes  # an unticked box is not news


def test_updating_records_only_the_changed_fields_with_old_and_new_values(tree, staff):
    member = factories.member(tree["deep_cell"])
    services.member_update(member=member, user=staff, home_town="Nam Định", youth_union=True)
    (entry,) = entries(member, "update")
    assert entry.changes == {"home_town": ["", "Nam Định"], "youth_union": [False, True]}
    assert entry.change_rows() == [
        ("Quê quán", "—", "Nam Định"),
        ("Đoàn viên TNCS Hồ Chí Minh", "Không", "Có"),
    ]


def test_history_shows_choices_by_their_labels_and_dates_as_dd_mm_yyyy(tree):
    member = factories.member(tree["deep_cell"])
    services.member_update(member=member, sex="F", decision_date=datetime.date(2023, 6, 2))
    rows = {label: (old, new) for label, old, new in entries(member, "update")[0].change_rows()}
    assert rows["Giới tính"] == ("Nam", "Nữ")
    assert rows["Ngày quyết định kết nạp"] == ("19/05/2023", "02/06/2023")


def test_deleting_a_member_records_the_last_values(tree, staff):
    member = factories.member(tree["deep_cell"])
    pk = member.pk
    services.member_delete(member=member, user=staff)
    entry = AuditEntry.objects.get(object_type="member", object_id=pk, action="delete")
    assert entry.changes["full_name"] == ["Nguyễn Văn An", None]


def test_a_refused_update_leaves_no_history(tree):
    member = factories.member(tree["deep_cell"])
    with pytest.raises(ValidationError):
        services.member_update(member=member, date_of_birth=datetime.date(2020, 1, 1))
    assert entries(member, "update") == []


def test_unit_and_quota_changes_are_recorded_too(tree, staff):
    services.unit_update(unit=tree["cell_b"], user=staff, name="Chi bộ B mới")
    quota = services.quota_set(unit=tree["commune"], year=2024, target=5, user=staff)
    quota_id = quota.pk
    services.quota_delete(quota=quota, user=staff)
    assert entries(tree["cell_b"], "update")[0].changes["name"] == ["Chi bộ B1", "Chi bộ B mới"]
    quota_lines = AuditEntry.objects.filter(object_type="quota", object_id=quota_id)
    assert [e.action for e in quota_lines] == ["delete", "create"]


def test_setting_a_quota_to_its_current_value_records_nothing(tree):
    services.quota_set(unit=tree["commune"], year=2024, target=5)
    quota = services.quota_set(unit=tree["commune"], year=2024, target=5)
    assert len(entries(quota)) == 1


# Concurrent edits ------------------------------------------------------------------------------------


def test_update_with_the_current_version_succeeds_and_bumps_it(tree):
    member = factories.member(tree["deep_cell"])
    updated = services.member_update(member=member, expected_version=1, home_town="A")
    assert updated.version == 2
    assert Member.objects.get().version == 2


def test_update_with_a_stale_version_is_refused_and_changes_nothing(tree):
    member = factories.member(tree["deep_cell"])
    stale = Member.objects.get(pk=member.pk)
    services.member_update(member=member, expected_version=1, home_town="Người thứ nhất")
    with pytest.raises(ValidationError) as caught:
        services.member_update(member=stale, expected_version=1, home_town="Người thứ hai")
    assert caught.value.code == "stale"
    assert "người khác sửa" in caught.value.messages[0]
    fresh = Member.objects.get()
    assert fresh.home_town == "Người thứ nhất"
    assert fresh.version == 2


def test_a_refused_update_does_not_consume_the_version(tree):
    member = factories.member(tree["deep_cell"])
    with pytest.raises(ValidationError):
        services.member_update(member=member, expected_version=1, date_of_birth=datetime.date(2020, 1, 1))
    assert Member.objects.get().version == 1
