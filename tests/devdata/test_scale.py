"""The benchmark data generator: right counts, a consistent tree, members that obey the model's rules."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from admissions import selectors
from admissions.choices import CELL_LEVELS, GRASSROOTS_LEVELS, QuotaSource
from admissions.models import PATH_STEP, Member, Quota, Unit
from candidates.models import Candidate
from devdata import scale
from tests import factories


@pytest.fixture
def district(db):
    return scale.generate("district", seed=7)


def test_district_tier_has_25_organisations_300_cells_and_about_2000_members(district):
    assert Unit.objects.grassroots().count() == district.grassroots == 25
    assert Unit.objects.cells().count() == district.cells == 300
    assert 1_700 <= Member.objects.count() == district.members <= 2_300
    assert Quota.objects.count() == district.quotas


def test_every_organisation_and_committee_has_an_assigned_quota_every_year(district):
    assigned = Quota.objects.filter(source=QuotaSource.ASSIGNED)
    organisations = Unit.objects.grassroots()
    for year in district.years:
        assert assigned.filter(year=year, unit__in=organisations).count() == 25
    committees = Unit.objects.filter(level__in=["province", "superior"])
    per_committee = assigned.filter(unit__in=committees).values("unit").annotate(n=Count("id"))
    assert {row["n"] for row in per_committee} == {len(district.years)}
    assert len(per_committee) == committees.count() == 2


def test_every_path_is_the_parents_path_plus_the_own_id(district):
    units = {pk: (parent, path, depth) for pk, parent, path, depth in Unit.objects.values_list(
        "pk", "parent", "path", "depth")}  # fmt: skip
    for pk, (parent, path, depth) in units.items():
        assert path == (units[parent][1] if parent else "") + f"{pk:0{PATH_STEP}d}"
        assert depth == len(path) // PATH_STEP - 1


def test_members_sit_in_a_cell_inside_their_grassroots_organisation(district):
    units = {pk: (path, level) for pk, path, level in Unit.objects.values_list("pk", "path", "level")}
    for cell, grassroots in Member.objects.values_list("cell", "grassroots"):
        assert units[cell][1] in CELL_LEVELS
        assert units[grassroots][1] in GRASSROOTS_LEVELS
        assert units[cell][0].startswith(units[grassroots][0])


def test_national_ids_are_unique_twelve_digit_strings(district):
    ids = list(Member.objects.exclude(national_id=None).values_list("national_id", flat=True))
    assert len(ids) == len(set(ids)) > 0.95 * district.members
    assert all(len(value) == 12 and value.isdigit() for value in ids)


def test_generated_members_pass_validation_and_match_their_derived_fields(district):
    for member in Member.objects.select_related("cell", "grassroots").order_by("?")[:50]:
        member.full_clean()
        derived = ("grassroots_id", "cell_path", "name_folded", "sort_name", "probation_end")
        stored = [getattr(member, name) for name in derived]
        member.derive(grassroots=selectors.grassroots_of(member.cell))
        assert stored == [getattr(member, name) for name in derived]


def test_generated_candidates_carry_their_cells_path(district):
    candidates = Candidate.objects.select_related("cell", "grassroots")
    assert candidates.exists()
    for candidate in candidates.order_by("?")[:50]:
        assert candidate.cell_path == candidate.cell.path
        assert candidate.cell_path.startswith(candidate.grassroots.path)


def test_command_refuses_a_database_with_data_unless_fresh(db):
    factories.tree()
    with pytest.raises(CommandError):
        call_command("generate_scale", "--tier", "district", stdout=io.StringIO())
    assert Member.objects.count() == 0


def test_fresh_wipes_the_old_tree_and_keeps_user_accounts_without_a_unit(db):
    old = factories.tree()
    User.objects.create_user("clerk", unit=old["commune"])
    out = io.StringIO()
    call_command("generate_scale", "--tier", "district", "--years", "2", "--fresh", stdout=out)
    assert not Unit.objects.filter(pk=old["commune"].pk, name="Đảng bộ xã A").exists()
    assert User.objects.get(username="clerk").unit is None
    assert Unit.objects.grassroots().count() == 25
    this_year = timezone.localdate().year
    assert set(Quota.objects.values_list("year", flat=True)) == {this_year - 1, this_year}
    assert "325 units" in out.getvalue()


def test_the_same_seed_gives_the_same_data(db):
    first = scale.generate("district", years=2, seed=3)
    names = list(Member.objects.order_by("id").values_list("full_name", "national_id", "decision_date"))
    second = scale.generate("district", years=2, seed=3, fresh=True)
    assert first.members == second.members
    assert names == list(
        Member.objects.order_by("id").values_list("full_name", "national_id", "decision_date")
    )
