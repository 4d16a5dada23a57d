"""core.bulk: many new rows at once (COPY on PostgreSQL), read back exactly as saved one by one."""

import datetime

from admissions import selectors, services
from admissions.models import AuditAction, AuditEntry, Member
from core import bulk
from tests import factories


def test_insert_all_sets_the_ids_and_stores_every_value(tree):
    members = [
        Member(**factories.member_fields(tree["cell_b"], full_name=f"Lê Văn {n}", national_id=f"0{n:011d}"))
        for n in range(3)
    ]
    for member in members:
        member.notes = "Tab\there, new\nline, back\\slash"  # what COPY's text format must escape
        member.derive(grassroots=selectors.grassroots_of(member.cell))
    created = bulk.insert_all(Member, members)
    assert [m.pk for m in created] == [m.pk for m in members]
    assert None not in [m.pk for m in created]
    stored = Member.objects.get(pk=created[1].pk)
    assert (stored.full_name, stored.national_id, stored.notes) == (
        "Lê Văn 1",
        "000000000001",
        "Tab\there, new\nline, back\\slash",
    )
    assert stored.grassroots == tree["commune_b"]
    assert stored.age_months == 25 * 12 + 4
    assert stored.created_at is not None
    assert not created[0]._state.adding
    # The table's own id sequence moved past them: a record saved the usual way gets a new id.
    later = factories.member(tree["cell_b"], full_name="Sau Cùng", national_id="099999999999")
    assert later.pk > max(m.pk for m in created)


def test_insert_all_stores_history_lines_with_their_changes(tree):
    member = factories.member(tree["cell_b"])
    entry = services.history.audit_entry(user=None, action=AuditAction.CREATE, instance=member)
    bulk.insert_all(AuditEntry, [entry])
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.changes["full_name"] == [None, "Nguyễn Văn An"]
    assert stored.changes["decision_date"] == [None, datetime.date(2023, 5, 19).isoformat()]
    assert stored.at is not None


def test_insert_all_of_nothing_writes_nothing(db):
    assert bulk.insert_all(Member, []) == []
