"""Many members at once (the import's write path): the same rules as member_create, a constant number of queries."""

import datetime

import pytest

from admissions import services
from admissions.models import Member
from tests import factories


def fields(cell, n, **overrides):
    return factories.member_fields(cell, full_name=f"Phạm Văn {n}", national_id=f"0{n:011d}", **overrides)


def test_bulk_create_derives_the_tcss_the_folded_name_and_the_probation_end(tree):
    rows = [
        fields(tree["deep_cell"], 1, ceremony_date=datetime.date(2023, 6, 2)),
        fields(tree["school"], 2),
        fields(tree["cell_b"], 3),
    ]
    services.members_bulk_create(rows=rows)
    by_name = {m.full_name: m for m in Member.objects.all()}
    assert by_name["Phạm Văn 1"].grassroots == tree["commune"]
    assert by_name["Phạm Văn 1"].probation_end == datetime.date(2024, 6, 2)
    assert by_name["Phạm Văn 1"].age_months == 25 * 12 + 4
    assert by_name["Phạm Văn 2"].grassroots == tree["school"]
    assert by_name["Phạm Văn 3"].grassroots == tree["commune_b"]
    assert by_name["Phạm Văn 3"].name_folded == "pham van 3"
    assert by_name["Phạm Văn 3"].sort_name


def test_bulk_create_writes_nothing_when_one_row_breaks_a_rule(tree):
    rows = [fields(tree["deep_cell"], n) for n in range(1, 6)]
    rows[3]["date_of_birth"] = datetime.date(2010, 1, 1)
    with pytest.raises(services.MembersInvalid) as caught:
        services.members_bulk_create(rows=rows)
    assert list(caught.value.errors_by_row) == [3]
    assert "Chưa đủ 18 tuổi" in caught.value.errors_by_row[3].message_dict["date_of_birth"][0]
    assert Member.objects.count() == 0


def test_bulk_create_refuses_a_cell_that_is_not_a_cell(tree):
    _members, errors = services.members_build(rows=[fields(tree["commune"], 1)])
    assert "chi bộ" in errors[0].message_dict["cell"][0]


def test_national_ids_must_be_unique_in_the_batch_and_against_the_database(tree):
    factories.member(tree["cell_b"], national_id="001203004005")
    rows = [fields(tree["deep_cell"], 1), fields(tree["deep_cell"], 2), fields(tree["deep_cell"], 3)]
    rows[0]["national_id"] = "001203004005"
    rows[2]["national_id"] = rows[1]["national_id"]
    _members, errors = services.members_build(rows=rows, row_numbers=[10, 11, 12])
    assert errors[0].message_dict["national_id"] == ["Số CCCD này đã có trong danh sách đảng viên mới."]
    assert errors[2].message_dict["national_id"] == ["Số CCCD này trùng với dòng 11."]
    assert 1 not in errors


def test_members_build_writes_nothing(tree):
    members, errors = services.members_build(rows=[fields(tree["deep_cell"], 1)])
    assert not errors
    assert members[0].pk is None
    assert Member.objects.count() == 0


@pytest.mark.parametrize("count", [3, 300])
def test_bulk_create_reads_and_writes_in_a_constant_number_of_queries(tree, count, django_assert_num_queries):
    cells = [tree["deep_cell"], tree["cell_b"], tree["school"]]
    rows = [fields(cells[n % 3], n) for n in range(1, count + 1)]
    # savepoint, cells, their TCCS, national IDs already recorded, a savepoint around one INSERT of members
    # (so a national ID recorded meanwhile is the row's message) and its release, one INSERT of their history
    # lines (per 500 rows), release; and the admissions summary: the new members' counts and their ethnic
    # groups (two grouped SELECTs per 5,000 members) and one upsert of each table (per 200 summary rows)
    with django_assert_num_queries(13):
        services.members_bulk_create(rows=rows)
    assert Member.objects.count() == count


def test_bulk_create_leaves_a_history_line_per_member(tree):
    from admissions.models import AuditEntry

    created = services.members_bulk_create(rows=[fields(tree["deep_cell"], n) for n in range(1, 4)])
    entries = AuditEntry.objects.filter(object_type="member", action="create")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(m.pk for m in created)


def test_a_national_id_recorded_after_the_check_is_the_rows_message_not_a_server_error(tree, monkeypatch):
    """Another clerk saves the same ID between the batch's check and its INSERT: the unique index refuses
    the INSERT, and the batch is checked again so the row says why (whoever won)."""
    from admissions.services import bulk_members

    factories.member(tree["cell_b"], full_name="Người Thắng", national_id="000000000002")
    checked = bulk_members._national_ids_recorded
    calls = []

    def check_before_the_other_commit(ids):
        calls.append(ids)
        return set() if len(calls) == 1 else checked(ids)

    monkeypatch.setattr(bulk_members, "_national_ids_recorded", check_before_the_other_commit)
    rows = [fields(tree["deep_cell"], n) for n in range(1, 4)]
    with pytest.raises(services.MembersInvalid) as caught:
        services.members_bulk_create(rows=rows, row_numbers=[2, 3, 4])
    assert list(caught.value.errors_by_row) == [1]
    assert "đã có" in str(caught.value.errors_by_row[1])
    assert Member.objects.count() == 1
