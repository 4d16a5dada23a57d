"""The real users a run logs in as, one per scope, and the pages each of them opens.

The superuser of bench/data.py sees everything without paying for the scope rule; real users do not. Each
role here is an ordinary account (no superuser flag) attached to a unit chosen from the data the same way
at every tier, so that a page's time at the district tier and at the nation tier compare like with like:

    national    committee staff of the top unit (the nation's root, or the province at the smaller tiers)
    province    committee staff of the largest committee directly below the top (a province at the nation
                tier; at the district tier the one superior committee)
    district    committee staff of the largest superior committee with grassroots organisations directly
                below it
    clerk       a clerk of the busiest grassroots organisation of the year
    viewer      a viewer of the same unit as `province`
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User

ROLES = ("national", "province", "district", "clerk", "viewer")


@dataclass(frozen=True)
class Login:
    role: str
    user: "User"
    unit_id: int


def logins(ctx: dict) -> list[Login]:
    """One bench account per role, created or re-pointed at today's choice of unit."""
    from django.db.models import Count

    from accounts.models import Role
    from admissions.choices import GRASSROOTS_LEVELS, UnitLevel
    from admissions.models import Unit

    top = ctx["top"]
    below_top = Unit.objects.filter(parent=top, level=UnitLevel.SUPERIOR)
    province = below_top.annotate(n=Count("children")).order_by("-n", "id").first() or top
    district = (
        Unit.objects.subtree(province)
        .filter(level=UnitLevel.SUPERIOR, children__level__in=GRASSROOTS_LEVELS)
        .annotate(n=Count("children"))
        .order_by("-n", "id")
        .first()
    ) or province
    units = {
        "national": (top.pk, Role.COMMITTEE_STAFF),
        "province": (province.pk, Role.COMMITTEE_STAFF),
        "district": (district.pk, Role.COMMITTEE_STAFF),
        "clerk": (ctx["org"], Role.UNIT_CLERK),
        "viewer": (province.pk, Role.VIEWER),
    }
    return [Login(role, scoped_user(role, units[role][0], units[role][1]), units[role][0]) for role in ROLES]


def scoped_user(name: str, unit_id: int, role: str = "staff") -> "User":
    """The ordinary account `bench-<name>` (no superuser flag) of `role` at `unit_id`, created or re-pointed."""
    from accounts.models import User

    user, _created = User.objects.update_or_create(
        username=f"bench-{name}",
        defaults={"role": role, "unit_id": unit_id, "is_staff": False, "is_superuser": False},
    )
    return user


def pages(ctx: dict, login: Login) -> list[tuple[str, str]]:
    """(label, url) of every page the role opens in a working day, inside its own scope."""
    from django.urls import NoReverseMatch, reverse

    from admissions.models import Member
    from bench import hooks

    def named(name, *args, query=""):
        try:
            return reverse(name, args=args) + (f"?{query}" if query else "")
        except NoReverseMatch:
            return None

    year, unit = ctx["year"], login.unit_id
    member = Member.objects.under(_unit(unit)).order_by("-decision_date", "-id").first()
    surname = member.full_name.split()[0] if member else "Nguyễn"
    national_id = (member.national_id or "") if member else ""
    editor = login.user.can_edit
    staff = login.user.can_manage_units
    found = [
        ("home", named("home")),
        ("member list, whole scope", named("member_list")),
        ("member list, year", named("member_list", query=f"year={year}")),
        ("member list, page 50", named("member_list", query="page=50")),
        ("member search, name", named("member_list", query=f"q={surname}")),
        ("member list, last page", named("member_list", query="page=999999")),
        (
            "member search, national ID",
            named("member_list", query=f"q={national_id}") if national_id else None,
        ),
        (
            "member search, ID's first 6 digits",
            named("member_list", query=f"q={national_id[:6]}") if national_id else None,
        ),
        ("member detail", member and named("member_detail", member.pk)),
        ("member add form", named("member_add") if editor else None),
        ("member edit form", member and named("member_edit", member.pk) if editor else None),
        ("probation list", named("probation_list")),
        ("unit tree", named("unit_tree")),
        ("quota sheet", named("quota_sheet", query=f"year={year}&unit={unit}") if staff else None),
        ("report", hooks.report_page_url(unit_id=unit, year=year)),
        ("Biểu 2", hooks.breakdown_page_url(unit_id=unit, year=year)),
        ("import page", named("member_import") if editor else None),
        ("pipeline board", named("candidate_board")),
        ("candidate list", named("candidate_list")),
        ("candidate search, name", named("candidate_list", query="q=nguyen+van")),
        ("candidate due list", named("candidate_due")),
    ]
    if login.role != "national":  # the nation's workbooks and exports are measured on their own targets
        found += [
            ("yearly workbook", named("report_xlsx", query=f"year={year}&unit={unit}")),
            ("member export .xlsx, year", named("member_export_xlsx", query=f"year={year}")),
            ("member export .csv, year", named("member_export_csv", query=f"year={year}")),
        ]
    return [(label, url) for label, url in found if url]


def _unit(unit_id: int):
    from admissions.models import Unit

    return Unit.objects.get(pk=unit_id)
