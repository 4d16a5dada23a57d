"""The admissions summary equals a recount from the members after every kind of write: each service that
writes members or units, the importer's entry point, and the admin. Run on SQLite and on PostgreSQL
(DATABASE_URL=postgres://… .venv/bin/pytest tests/admissions/services/test_summary.py)."""

import contextlib
import datetime
from unittest import mock

import pytest
from django.urls import reverse

from accounts.models import Role, User
from admissions import services
from admissions.choices import MemberStatus, Occupation, Sex, UnitLevel, UnitType
from admissions.models import AdmissionEthnicitySummary, AdmissionSummary, Member
from admissions.selectors import unit_tree_units
from admissions.services.summary import ETHNICITY_COLUMNS, SUMMARY_COLUMNS, _placed
from reports import attainment
from reports.attainment import members_counted
from tests import factories
from tests.concurrent import at_once, needs_postgresql


def stored() -> tuple[dict, dict]:
    summary = {
        (row[0], row[1], row[2]): list(row[3:])
        for row in AdmissionSummary.objects.values_list("unit_id", "year", "month", *SUMMARY_COLUMNS)
    }
    ethnicity = {
        (row[0], row[1], row[2], row[3]): list(row[4:])
        for row in AdmissionEthnicitySummary.objects.values_list(
            "unit_id", "year", "month", "ethnicity", *ETHNICITY_COLUMNS
        )
    }
    return summary, ethnicity


def assert_summary_is_a_recount(units) -> None:
    """The stored rows are those a rebuild from every member makes, and each committee's admissions per
    year are those the counting rule finds among the members (a count that shares no code with the
    summary)."""
    recount = _placed(Member.objects.all())
    summary, ethnicity = stored()
    assert summary == {key: values for key, values in recount.summary.items() if values[0]}
    assert ethnicity == {key: values for key, values in recount.ethnicity.items() if values[0]}
    for unit in units:
        unit.refresh_from_db()
        if unit.level not in (UnitLevel.PROVINCE, UnitLevel.SUPERIOR):
            continue
        for year in (2022, 2023, 2024):
            counted = members_counted(unit)[0].filter(decision_date__year=year).count()
            rows = AdmissionSummary.objects.filter(unit=unit, year=year)
            assert sum(rows.values_list("admitted", flat=True)) == counted, (unit, year)


@contextlib.contextmanager
def counting_members_only():
    """The figures as they were counted before the summary: every unit read from its members."""
    with contextlib.ExitStack() as stack:
        for module in ("yearly", "breakdown", "tree"):
            stack.enter_context(mock.patch(f"reports.attainment.{module}.summary_read", return_value=False))
        yield


def figures(units) -> list:
    shown = []
    for unit in units:
        if unit.level not in (UnitLevel.PROVINCE, UnitLevel.SUPERIOR):
            continue
        for year, as_of in (
            (2023, datetime.date(2023, 5, 20)),
            (2023, None),
            (2024, datetime.date(2024, 1, 31)),
        ):
            shown.append(attainment.yearly_attainment(unit, year, as_of=as_of))
            shown.append(attainment.breakdown(unit, year, as_of=as_of))
        tree = unit_tree_units(unit)
        attainment.tree_counts(unit=unit, units=tree, year=2023)
        shown.append([(u.pk, u.members_total, u.members_in_year) for u in tree])
    return shown


def assert_figures_are_a_recount(units) -> None:
    """The report, Biểu 2 and the tree of every committee, as of a day in a month (the days left over are
    read from the members) and for a whole year, are the figures counted from the members alone."""
    for unit in units:
        unit.refresh_from_db()
    read = figures(units)
    with counting_members_only():
        assert read == figures(units)


@pytest.fixture
def world(tree):
    """The test tree, a second district with an organisation, and a few members spread over them."""
    district_2 = factories.unit(parent=tree["province"], level=UnitLevel.SUPERIOR, name="Huyện ủy Hai")
    commune_c = factories.unit(parent=district_2, level=UnitLevel.GRASSROOTS_COMMITTEE, name="Đảng bộ xã C")
    cell_c = factories.unit(parent=commune_c, name="Chi bộ C1")
    world = {**tree, "district_2": district_2, "commune_c": commune_c, "cell_c": cell_c}
    members = [
        factories.member(
            tree["deep_cell"],
            full_name="Lê Văn A",
            decision_date=datetime.date(2023, 3, 10),
            ceremony_date=datetime.date(2023, 3, 20),
        ),
        factories.member(tree["cell_b"], full_name="Lê Thị B", sex=Sex.FEMALE, ethnicity="Tày"),
        factories.member(tree["school"], full_name="Trần C", occupation=Occupation.TEACHER),
        factories.member(cell_c, full_name="Phạm D", decision_date=datetime.date(2024, 1, 5)),
    ]
    world["members"] = members
    world["units"] = [u for u in world.values() if hasattr(u, "level")]
    assert_summary_is_a_recount(world["units"])
    return world


def _update(w, which=0, **fields):
    member = Member.objects.get(pk=w["members"][which].pk)
    services.member_update(member=member, **fields)


def _import(w):
    services.members_import(
        rows=[
            factories.member_fields(
                w["cell_c"], full_name=f"Nhập {n}", decision_date=datetime.date(2023, n, 2)
            )
            for n in range(1, 4)
        ],
        row_numbers=[2, 3, 4],
        updates=[
            (Member.objects.get(pk=w["members"][1].pk), 1, {"decision_date": datetime.date(2022, 12, 31)}),
        ],
        update_row_numbers=[5],
    )


def _move(unit_key, parent_key):
    def move(w):
        services.unit_update(unit=w[unit_key], parent=w[parent_key])

    return move


WRITES = {
    "create": lambda w: factories.member(
        w["cell_b"], full_name="Mới", decision_date=datetime.date(2023, 7, 1)
    ),
    "change the decision date to another month": lambda w: _update(
        w, 2, decision_date=datetime.date(2023, 8, 1)
    ),
    "change the decision date to another year": lambda w: _update(
        w, 2, decision_date=datetime.date(2024, 2, 1)
    ),
    "change the cell to another district": lambda w: _update(w, cell=w["cell_c"]),
    "change sex, ethnicity, occupation, age": lambda w: _update(
        w,
        sex=Sex.FEMALE,
        ethnicity="Thái",
        occupation=Occupation.STUDENT,
        date_of_birth=datetime.date(1980, 1, 1),
    ),
    "confirm": lambda w: services.member_end_probation(
        member=w["members"][0], outcome=MemberStatus.FULL, day=datetime.date(2024, 3, 25)
    ),
    "strike off": lambda w: services.member_end_probation(
        member=w["members"][0], outcome=MemberStatus.STRUCK_OFF, day=datetime.date(2024, 3, 25)
    ),
    "delete": lambda w: services.member_delete(member=w["members"][1]),
    "bulk create": lambda w: services.members_bulk_create(
        rows=[factories.member_fields(w["deep_cell"], full_name=f"Lô {n}", ethnicity="Hoa") for n in range(5)]
    ),
    "import (new rows and updates)": _import,
    "move an organisation to another district": _move("commune_b", "district_2"),
    "move a cell to another organisation": _move("deep_cell", "commune_c"),
    "move a district": _move("district_2", "district"),
    "change an organisation's type": lambda w: services.unit_update(
        unit=w["commune_b"], unit_type=UnitType.WARD
    ),
    "close an organisation with a successor": lambda w: services.unit_close(
        unit=w["commune_b"], valid_to=datetime.date(2024, 6, 30), successor=w["commune_c"]
    ),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_the_summary_equals_a_recount_after_every_kind_of_write(world, write):
    write(world)
    assert_summary_is_a_recount(world["units"])
    assert_figures_are_a_recount(world["units"])


def test_the_summary_equals_a_recount_after_the_admin_adds_changes_and_deletes_members(client, world):
    client.force_login(User.objects.create_superuser("root", password="x", role=Role.COMMITTEE_STAFF))
    data = factories.member_form_data(world["cell_c"], status="probationary", decision_date="02/04/2023")
    assert client.post(reverse("admin:admissions_member_add"), data).status_code == 302
    assert_summary_is_a_recount(world["units"])
    member = Member.objects.get(full_name="Nguyễn Văn An")
    data = factories.member_form_data(
        world["cell_b"], status="probationary", decision_date="02/05/2023", loaded_version=member.version
    )
    assert client.post(reverse("admin:admissions_member_change", args=[member.pk]), data).status_code == 302
    assert_summary_is_a_recount(world["units"])
    answer = client.post(
        reverse("admin:admissions_member_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [m.pk for m in world["members"][:2]],
            "post": "yes",
        },
    )
    assert answer.status_code == 302
    assert_summary_is_a_recount(world["units"])


def test_the_rebuild_is_idempotent_and_equals_the_maintained_rows(world):
    before = stored()
    services.admission_summary_rebuild()
    services.admission_summary_rebuild()
    assert stored() == before


def test_a_committee_whose_members_all_go_keeps_no_empty_row(world):
    services.member_delete(member=world["members"][3])
    assert not AdmissionSummary.objects.filter(unit=world["district_2"]).exists()
    assert not AdmissionEthnicitySummary.objects.filter(unit=world["district_2"]).exists()


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_members_created_at_the_same_moment_are_all_counted():
    """Four clerks save a member of the same committee and month at once: each upsert adds to the row the
    others wrote (or wait for), none is lost."""
    tree = factories.tree()
    cells = [tree["deep_cell"], tree["cell_b"], tree["school"], tree["cell_b"]]

    def create(cell, n):
        return lambda _client: factories.member(cell, full_name=f"Cùng lúc {n}")

    answers = at_once(*[create(cell, n) for n, cell in enumerate(cells)])
    assert all(isinstance(answer, Member) for answer in answers), answers
    row = AdmissionSummary.objects.get(unit=tree["district"], year=2023, month=5)
    assert row.admitted == 4
    assert_summary_is_a_recount(list(tree.values()))
