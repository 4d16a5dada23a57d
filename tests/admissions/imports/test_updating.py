"""A row whose national ID (or record number) is already recorded in the user's scope updates that member:
the preview shows old -> new for each changed cell, the confirmation changes exactly those fields through
the member's service (its optimistic lock, its history line), all or nothing with the file's new rows."""

import datetime

from admissions import imports, services
from admissions.models import AuditAction, AuditEntry, Member
from tests import factories
from tests.admissions.imports.helpers import commit, problems, read
from tests.admissions.xlsx_helpers import HEADERS, row, workbook

WITH_RECORD = [*HEADERS, "Số lý lịch"]


def recorded(tree, number, **fields):
    """A member recorded as the row `number` of xlsx_helpers.row() would create it."""
    values = row(tree["deep_cell"].code, number=number)
    _result, created = commit([values], services_user(tree))
    assert created == 1
    member = Member.objects.get(national_id=values["Số CCCD"])
    if fields:
        Member.objects.filter(pk=member.pk).update(**fields)
        member.refresh_from_db()
    return member


def services_user(tree):
    from accounts.models import Role, User

    return User.objects.get_or_create(
        username="recorder", defaults={"role": Role.UNIT_CLERK, "unit": tree["district"]}
    )[0]


def test_a_row_with_a_recorded_national_id_updates_exactly_the_cells_that_differ(tree, clerk):
    first, second = recorded(tree, 1), recorded(tree, 2)
    edited = [
        row(
            tree["deep_cell"].code, number=1, **{"Số quyết định kết nạp": "91-QĐ/HU", "Ghi chú": "Đã chuyển"}
        ),
        row(tree["cell_b"].code, number=2),  # moved to another cell
        row(tree["deep_cell"].code, number=3),  # a new member
    ]
    preview = read(edited, clerk)
    assert [r.action for r in preview.rows] == ["update", "update", "new"]
    assert preview.rows[0].changes == {
        "decision_number": ("1-QĐ/HU", "91-QĐ/HU"),
        "notes": ("—", "Đã chuyển"),
    }
    assert preview.rows[1].changes == {"cell": ("Chi bộ A1a", "Chi bộ B1")}
    versions = preview.versions
    assert versions == {first.pk: first.version, second.pk: second.version}

    result, written = imports.commit_members(workbook(edited), user=clerk, versions=versions)
    assert (written, result.created, result.updated) == (3, 1, 2)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.decision_number, first.notes, first.cell_id) == (
        "91-QĐ/HU",
        "Đã chuyển",
        tree["deep_cell"].pk,
    )
    assert second.cell_id == tree["cell_b"].pk
    assert second.grassroots_id == tree["commune_b"].pk  # derived again by the service
    assert Member.objects.count() == 3
    history = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=first.pk).get()
    assert set(history.changes) == {"decision_number", "notes"}


def test_a_row_that_says_what_is_recorded_writes_nothing(tree, clerk):
    member = recorded(tree, 1)
    result = read([row(tree["deep_cell"].code, number=1)], clerk)
    assert [r.action for r in result.rows] == ["same"]
    assert not result.can_commit
    _result, written = commit([row(tree["deep_cell"].code, number=1)], clerk)
    assert written == 0
    member.refresh_from_db()
    assert member.version == 1
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_a_member_changed_since_the_preview_refuses_the_whole_file(tree, clerk):
    member = recorded(tree, 1)
    edited = [
        row(tree["deep_cell"].code, number=1, **{"Ghi chú": "Sửa từ tệp"}),
        row(tree["deep_cell"].code, number=2),
    ]
    versions = read(edited, clerk).versions
    services.member_update(member=member, user=None, expected_version=member.version, notes="Sửa trên trang")
    result, written = imports.commit_members(workbook(edited), user=clerk, versions=versions)
    assert written == 0
    [(_row, _column, message)] = problems(result)
    assert message == services.STALE_MEMBER_MESSAGE
    member.refresh_from_db()
    assert member.notes == "Sửa trên trang"
    assert Member.objects.count() == 1  # the file's new member was not written either


def test_a_row_without_a_national_id_matches_by_record_number(tree, clerk):
    member = recorded(tree, 1, record_number="LL-7", national_id=None)
    values = row(
        tree["deep_cell"].code, number=1, **{"Số CCCD": None, "Số lý lịch": "LL-7", "Ghi chú": "Bổ sung"}
    )
    result = read([values], clerk, headers=WITH_RECORD)
    assert result.rows[0].member == member
    assert result.rows[0].changes == {"notes": ("—", "Bổ sung")}


def test_a_record_number_shared_by_two_members_asks_for_the_national_id(tree, clerk):
    recorded(tree, 1, record_number="LL-7", national_id=None)
    recorded(tree, 2, record_number="LL-7", national_id=None)
    values = row(tree["deep_cell"].code, number=1, **{"Số CCCD": None, "Số lý lịch": "LL-7"})
    [(row_number, column, message)] = problems(read([values], clerk, headers=WITH_RECORD))
    assert (row_number, column) == (2, "Số lý lịch")
    assert "Có 2 đảng viên cùng số lý lịch này" in message


def test_an_update_that_breaks_a_rule_of_the_record_is_flagged_on_its_cell(tree, clerk):
    recorded(tree, 1)
    values = row(tree["deep_cell"].code, number=1, **{"Ngày quyết định kết nạp": datetime.date(2012, 1, 1)})
    [(row_number, column, message)] = problems(read([values], clerk))
    assert (row_number, column) == (2, "Ngày sinh")
    assert "Chưa đủ 18 tuổi" in message


def test_a_member_outside_the_users_scope_is_never_updated(tree, commune_clerk):
    outsider = factories.member(tree["cell_b"], national_id="001200000001")
    values = row(tree["deep_cell"].code, number=1, **{"Số CCCD": "001200000001"})
    result = read([values], commune_clerk)
    assert result.rows[0].member is None
    assert result.errors  # the national ID is recorded elsewhere
    outsider.refresh_from_db()
    assert outsider.cell_id == tree["cell_b"].pk
