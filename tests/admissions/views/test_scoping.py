"""The scoping matrix: every page × every role. A clerk asking for another unit's record gets 404 (never the
record), a viewer's edit page or POST gets 403, committee staff see their whole committee and nothing
outside it.

To cover a new page, append a Case to CASES: test_every_routed_page_is_in_the_matrix fails until you do.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import get_resolver, reverse

from accounts.models import Role
from admissions import services
from admissions.choices import UnitLevel
from admissions.models import Member
from candidates.choices import Stage
from candidates.services import day_off_create
from tests import factories
from tests.candidates.helpers import candidate

ROLES = ("staff", "clerk", "viewer")


@dataclass(frozen=True)
class Case:
    url_name: str
    staff: int
    clerk: int
    viewer: int
    target: str | None = None  # a key of the `world` fixture whose pk goes in the URL
    method: str = "get"

    def __str__(self):
        return f"{self.method} {self.url_name} {self.target or ''}".strip()


OK, FOUND, BAD, FORBIDDEN, MISSING = 200, 302, 400, 403, 404

CASES = [
    Case("member_list", OK, OK, OK),
    Case("candidate_board", OK, OK, OK),
    Case("member_add", OK, OK, FORBIDDEN),
    Case("member_add", OK, OK, FORBIDDEN, method="post"),
    Case("member_detail", OK, OK, OK, target="own_member"),
    Case("member_detail", OK, MISSING, OK, target="other_member"),
    Case("member_detail", MISSING, MISSING, MISSING, target="foreign_member"),
    Case("member_national_id", OK, OK, FORBIDDEN, target="own_member", method="post"),
    Case("member_national_id", OK, MISSING, FORBIDDEN, target="other_member", method="post"),
    Case("member_national_id", MISSING, MISSING, FORBIDDEN, target="foreign_member", method="post"),
    Case("member_edit", OK, OK, FORBIDDEN, target="own_member"),
    Case("member_edit", OK, MISSING, FORBIDDEN, target="other_member"),
    Case("member_edit", OK, MISSING, FORBIDDEN, target="other_member", method="post"),
    Case("member_edit", MISSING, MISSING, FORBIDDEN, target="foreign_member"),
    Case("member_delete", OK, OK, FORBIDDEN, target="own_member"),
    Case("member_delete", OK, MISSING, FORBIDDEN, target="other_member"),
    Case("member_delete", MISSING, MISSING, FORBIDDEN, target="foreign_member", method="post"),
    Case("probation_list", OK, OK, OK),
    Case("member_confirm", OK, OK, FORBIDDEN, target="own_member"),
    Case("member_confirm", OK, MISSING, FORBIDDEN, target="other_member"),
    Case("member_confirm", OK, MISSING, FORBIDDEN, target="other_member", method="post"),
    Case("unit_tree", OK, OK, OK),
    # The type-ahead answers only with a kind of picker (tests/admissions/views/test_unit_options.py).
    Case("unit_options", BAD, BAD, BAD),
    Case("unit_add", OK, FORBIDDEN, FORBIDDEN),
    Case("unit_add", OK, FORBIDDEN, FORBIDDEN, method="post"),
    Case("unit_edit", OK, FORBIDDEN, FORBIDDEN, target="other_cell"),
    Case("unit_edit", MISSING, FORBIDDEN, FORBIDDEN, target="foreign_cell"),
    Case("unit_close", OK, FORBIDDEN, FORBIDDEN, target="other_cell"),
    Case("unit_close", MISSING, FORBIDDEN, FORBIDDEN, target="foreign_cell", method="post"),
    Case("quota_sheet", OK, FORBIDDEN, FORBIDDEN),
    Case("quota_sheet", OK, FORBIDDEN, FORBIDDEN, method="post"),  # nothing sent, no token: the form again
    Case("quota_import", OK, FORBIDDEN, FORBIDDEN),
    Case("quota_import", OK, FORBIDDEN, FORBIDDEN, method="post"),  # no file: the form says so
    Case("quota_import_template", OK, FORBIDDEN, FORBIDDEN),
    Case("term_targets", OK, FORBIDDEN, FORBIDDEN),
    Case("term_targets", OK, FORBIDDEN, FORBIDDEN, method="post"),  # nothing sent: the form says so
    Case("term_target_delete", FOUND, FORBIDDEN, FORBIDDEN, target="own_term", method="post"),
    Case("term_target_delete", MISSING, FORBIDDEN, FORBIDDEN, target="foreign_term", method="post"),
    Case("member_export_xlsx", OK, OK, OK),
    Case("member_export_csv", OK, OK, OK),
    # National IDs whole: only for those who may edit the members (tests/.../test_import_round_trip.py).
    Case("member_export_for_import", OK, OK, FORBIDDEN),
    Case("member_import", OK, OK, FORBIDDEN),
    Case("member_import", OK, OK, FORBIDDEN, method="post"),  # no file: the form says so
    Case("member_import_template", OK, OK, FORBIDDEN),
    # Without an upload in the session there is nothing to preview or confirm: back to the upload page.
    Case("member_import_preview", FOUND, FOUND, FORBIDDEN),
    Case("member_import_confirm", FOUND, FOUND, FORBIDDEN, method="post"),
    Case("member_import_sheet", FOUND, FOUND, FORBIDDEN, method="post"),
    Case("member_import_mapping", FOUND, FOUND, FORBIDDEN, method="post"),
    Case("member_import_checked_file", FOUND, FOUND, FORBIDDEN),
    # Reports read only: every role sees its own subtree (other units: see tests/reports/test_views.py).
    Case("report", OK, OK, OK),
    Case("report_breakdown", OK, OK, OK),
    Case("report_xlsx", OK, OK, OK),
    # Accounts: everyone changes their own password; only committee staff manage the users of their subtree.
    Case("password_change", OK, OK, OK),
    Case("password_change", OK, OK, OK, method="post"),  # nothing sent: the form says so
    Case("user_list", OK, FORBIDDEN, FORBIDDEN),
    Case("user_add", OK, FORBIDDEN, FORBIDDEN),
    Case("user_add", OK, FORBIDDEN, FORBIDDEN, method="post"),
    Case("user_edit", OK, FORBIDDEN, FORBIDDEN, target="own_user"),
    Case("user_edit", OK, FORBIDDEN, FORBIDDEN, target="own_user", method="post"),
    Case("user_edit", MISSING, FORBIDDEN, FORBIDDEN, target="foreign_user"),
    Case("user_reset_password", OK, FORBIDDEN, FORBIDDEN, target="own_user", method="post"),
    Case("user_reset_password", MISSING, FORBIDDEN, FORBIDDEN, target="foreign_user", method="post"),
    Case("user_unlock", FOUND, FORBIDDEN, FORBIDDEN, target="own_user", method="post"),
    Case("user_unlock", MISSING, FORBIDDEN, FORBIDDEN, target="foreign_user", method="post"),
    # The pipeline (candidates/): as the members' pages.
    Case("candidate_list", OK, OK, OK),
    Case("candidate_due", OK, OK, OK),
    Case("candidate_add", OK, OK, FORBIDDEN),
    Case("candidate_add", OK, OK, FORBIDDEN, method="post"),
    Case("candidate_detail", OK, OK, OK, target="own_candidate"),
    Case("candidate_detail", OK, MISSING, OK, target="other_candidate"),
    Case("candidate_detail", MISSING, MISSING, MISSING, target="foreign_candidate"),
    Case("candidate_edit", OK, OK, FORBIDDEN, target="own_candidate"),
    Case("candidate_edit", OK, MISSING, FORBIDDEN, target="other_candidate"),
    Case("candidate_edit", OK, MISSING, FORBIDDEN, target="other_candidate", method="post"),
    Case("candidate_edit", MISSING, MISSING, FORBIDDEN, target="foreign_candidate"),
    Case("candidate_stage", OK, OK, FORBIDDEN, target="own_candidate"),
    Case("candidate_stage", OK, OK, FORBIDDEN, target="own_candidate", method="post"),
    Case("candidate_stage", OK, MISSING, FORBIDDEN, target="other_candidate"),
    Case("candidate_stage", MISSING, MISSING, FORBIDDEN, target="foreign_candidate", method="post"),
    Case("candidate_admit", OK, OK, FORBIDDEN, target="own_candidate"),
    Case("candidate_admit", OK, OK, FORBIDDEN, target="own_candidate", method="post"),
    Case("candidate_admit", OK, MISSING, FORBIDDEN, target="other_candidate", method="post"),
    Case("candidate_admit", MISSING, MISSING, FORBIDDEN, target="foreign_candidate"),
    Case("candidate_close", OK, OK, FORBIDDEN, target="own_candidate"),
    Case("candidate_close", OK, OK, FORBIDDEN, target="own_candidate", method="post"),
    Case("candidate_close", OK, MISSING, FORBIDDEN, target="other_candidate"),
    Case("candidate_close", MISSING, MISSING, FORBIDDEN, target="foreign_candidate", method="post"),
    # Not paused: the service says so above the candidate's page.
    Case("candidate_resume", FOUND, FOUND, FORBIDDEN, target="own_candidate", method="post"),
    Case("candidate_resume", FOUND, MISSING, FORBIDDEN, target="other_candidate", method="post"),
    Case("candidate_resume", MISSING, MISSING, FORBIDDEN, target="foreign_candidate", method="post"),
    Case("candidate_days_off", OK, OK, OK),
    Case("candidate_days_off", OK, FORBIDDEN, FORBIDDEN, method="post"),  # nothing sent: the form says so
    Case("candidate_day_off_delete", MISSING, FORBIDDEN, FORBIDDEN, target="foreign_day_off", method="post"),
    # Nothing ticked: back to the list, which says how.
    Case("candidate_batch_stage", FOUND, FOUND, FORBIDDEN),
    Case("candidate_batch_stage", FOUND, FOUND, FORBIDDEN, method="post"),
    # The list's export and the import, as the members' (tests/candidates/views/test_export.py, test_import.py).
    Case("candidate_export_xlsx", OK, OK, OK),
    Case("candidate_export_csv", OK, OK, OK),
    Case("candidate_import", OK, OK, FORBIDDEN),
    Case("candidate_import", OK, OK, FORBIDDEN, method="post"),  # no file: the form says so
    Case("candidate_import_template", OK, OK, FORBIDDEN),
    Case("candidate_import_preview", FOUND, FOUND, FORBIDDEN),
    Case("candidate_import_confirm", FOUND, FOUND, FORBIDDEN, method="post"),
    Case("candidate_import_checked_file", FOUND, FOUND, FORBIDDEN),
]


@pytest.fixture
def world(tree):
    other_district = factories.unit(parent=tree["province"], level=UnitLevel.SUPERIOR, name="Huyện ủy Khác")
    foreign_org = factories.unit(parent=other_district, level=UnitLevel.GRASSROOTS_CELL, name="Chi bộ Khác")
    return {
        **tree,
        "own_member": factories.member(tree["deep_cell"], full_name="Trong Phạm Vi"),
        "other_member": factories.member(tree["cell_b"], full_name="Xã Khác"),
        "foreign_member": factories.member(foreign_org, full_name="Huyện Khác"),
        "other_cell": tree["cell_b"],
        "own_term": services.term_target_set(
            unit=tree["district"], first_year=2020, last_year=2025, target=900
        ),
        "foreign_term": services.term_target_set(
            unit=other_district, first_year=2020, last_year=2025, target=9
        ),
        "foreign_cell": foreign_org,
        # At the grassroots committee's resolution: both the next step and the decision pages open.
        "own_candidate": candidate(tree["deep_cell"], stage=Stage.GRASSROOTS, full_name="Trong Phạm Vi"),
        "other_candidate": candidate(tree["cell_b"], stage=Stage.GRASSROOTS, full_name="Xã Khác"),
        "foreign_candidate": candidate(foreign_org, stage=Stage.CELL, full_name="Huyện Khác"),
        "foreign_day_off": day_off_create(
            unit=foreign_org, day=datetime.date(2026, 10, 15), reason="Nghỉ bù"
        ),
        "own_user": factories.user("c2", role=Role.UNIT_CLERK, unit=tree["commune_b"]),
        "foreign_user": factories.user("c3", role=Role.UNIT_CLERK, unit=foreign_org),
        "users": {
            "staff": factories.user("s", role=Role.COMMITTEE_STAFF, unit=tree["district"]),
            "clerk": factories.user("c", role=Role.UNIT_CLERK, unit=tree["commune"]),
            "viewer": factories.user("v", role=Role.VIEWER, unit=tree["district"]),
        },
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_role_gets_the_expected_answer_on_each_page(client, world, case, role):
    client.force_login(world["users"][role])
    args = [world[case.target].pk] if case.target else []
    response = getattr(client, case.method)(reverse(case.url_name, args=args))
    # A POST that passes the checks is an empty, invalid form: shown again with its errors (200).
    assert response.status_code == getattr(case, role)


def test_a_refused_post_changes_nothing(client, world):
    client.force_login(world["users"]["clerk"])
    client.post(reverse("member_delete", args=[world["other_member"].pk]))
    client.force_login(world["users"]["viewer"])
    client.post(reverse("member_delete", args=[world["own_member"].pk]))
    assert Member.objects.count() == 3


@pytest.mark.parametrize("case", CASES, ids=str)
def test_anonymous_visitors_are_sent_to_the_login_page(client, world, case):
    args = [world[case.target].pk] if case.target else []
    response = getattr(client, case.method)(reverse(case.url_name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_every_routed_page_is_in_the_matrix():
    covered = {case.url_name for case in CASES}
    routed = {
        pattern.name
        for module in ("admissions.urls", "reports.urls", "accounts.urls", "candidates.urls")
        for pattern in get_resolver(module).url_patterns
        if getattr(pattern, "name", None)
    }
    assert routed <= covered, f"add these pages to CASES: {sorted(routed - covered)}"


def listed(client, url_name: str = "member_list") -> set[str]:
    return {row.record.full_name for row in client.get(reverse(url_name)).context["table"].rows}


def test_a_superuser_with_a_unit_is_scoped_to_it_like_anyone(client, world):
    boss = factories.user("root", role=Role.COMMITTEE_STAFF, unit=world["commune"], is_superuser=True)
    client.force_login(boss)
    assert listed(client) == {"Trong Phạm Vi"}
    assert client.get(reverse("member_detail", args=[world["foreign_member"].pk])).status_code == 404
    assert client.get(reverse("member_export_csv")).getvalue().decode().count("\n") == 2  # header + 1


def test_a_superuser_without_a_unit_sees_the_whole_tree(client, world):
    admin = factories.user("admin", role=Role.VIEWER, unit=None, is_superuser=True)
    client.force_login(admin)
    assert listed(client) == {"Trong Phạm Vi", "Xã Khác", "Huyện Khác"}
    from accounts.scope import scope_of

    assert scope_of(admin) == world["province"]


def test_a_user_without_a_unit_sees_nothing(client, world):
    client.force_login(factories.user("lost", role=Role.COMMITTEE_STAFF, unit=None))
    assert client.get(reverse("member_list")).status_code == 403
