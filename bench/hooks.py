"""Where the benchmark meets the app: one function per measured feature.

Each hook returns None (the row prints "not available") while the feature it measures is missing, so the
harness runs on any branch. When a feature lands, adapt the hook here and nothing else; the places most
likely to need it are marked ADAPT.
"""

import importlib

from django.urls import NoReverseMatch, reverse

# --- the yearly attainment report ---------------------------------------------------------------------------


def _feature(module: str, name: str):
    """`module.name`, or None while the module or the name does not exist in this branch."""
    try:
        return getattr(importlib.import_module(module), name, None)
    except ModuleNotFoundError as error:
        if error.name != module:  # the module exists but is broken: say so, do not hide it
            raise
        return None


def our_report():
    """A callable (unit, year) -> figures, forced to evaluate; None if reports.attainment is missing."""
    # ADAPT: the name and signature of the report function, if they differ.
    report = _feature("reports.attainment", "yearly_attainment")
    if report is None:
        return None

    def run(unit, year):
        return _force(report(unit, year))

    return run


def _force(value):
    """Evaluate lazy results (querysets, generators, objects holding them) so the time counts the queries."""
    if isinstance(value, dict):
        return {key: _force(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_force(item) for item in value]
    if hasattr(value, "__iter__") and not isinstance(value, str | bytes):
        return [_force(item) for item in value]
    for name in (
        "rows",
        "totals",
        "summary",
        "committee",
        "months",
    ):  # a report object holding its figures as attributes
        if hasattr(value, name):
            _force(getattr(value, name))
    return value


def report_page_url(*, unit_id: int, year: int) -> str | None:
    """The report page of a unit for a year, rendered (the "+ 30 ms of rendering" of the target)."""
    try:
        url = reverse("report")
    except NoReverseMatch:
        return None
    return f"{url}?year={year}&unit={unit_id}"  # ADAPT: the page's parameters, if they differ.


def breakdown_page_url(*, unit_id: int, year: int) -> str | None:
    """The Biểu 2 page of a unit for a year, rendered."""
    try:
        url = reverse("report_breakdown")
    except NoReverseMatch:
        return None
    return f"{url}?year={year}&unit={unit_id}"


# --- the members list page ----------------------------------------------------------------------------------

PAGE_SIZE = 100  # the Django admin's list_per_page; our list is asked for the same


def our_list_url(*, year: int, unit_id: int | None) -> str | None:
    """The members list filtered by year (and unit), first page; None while the URL name does not exist."""
    try:
        url = reverse("member_list")
    except NoReverseMatch:
        return None
    # ADAPT: the filter's parameter names, if they differ.
    query = f"year={year}&per_page={PAGE_SIZE}"
    return f"{url}?{query}&unit={unit_id}" if unit_id else f"{url}?{query}"


def admin_list_url(*, year: int, unit_id: int | None) -> str:
    """The admin change list with the same filter: the admin can filter by grassroots organisation only."""
    url = reverse("admin:admissions_member_changelist")
    query = f"decision_date__year={year}"
    return f"{url}?{query}&grassroots__id__exact={unit_id}" if unit_id else f"{url}?{query}"


# --- the .xlsx export ---------------------------------------------------------------------------------------


def our_export():
    """A callable (queryset, file) writing the members workbook; None while admissions.exports is missing."""
    return _feature("admissions.exports", "write_members_xlsx")


def export_columns() -> list[str]:
    """The lookups of our export's default columns, so the peer table writes the same ones."""
    from admissions.exports import DEFAULT_COLUMNS, EXPORT_COLUMNS

    return [EXPORT_COLUMNS[key].lookup for key in DEFAULT_COLUMNS]


def peer_table_class():
    """django-tables2's table for the peer export: the app's MemberTable if there is one, else a plain one."""
    try:
        return importlib.import_module("admissions.tables").MemberTable
    except (ImportError, AttributeError):
        import django_tables2 as tables

        from admissions.models import Member

        class BenchMemberTable(tables.Table):
            cell = tables.Column(accessor="cell__name")
            grassroots = tables.Column(accessor="grassroots__name")

            class Meta:
                model = Member
                fields = [c for c in export_columns() if "__" not in c]
                sequence = [c.replace("__name", "") for c in export_columns()]

        return BenchMemberTable


# --- the workbook import ------------------------------------------------------------------------------------

# ADAPT: the headers the importer expects, in order, and how a generated member fills each (see
# bench/data.py make_import_workbook).
IMPORT_HEADERS = [
    ("Họ và tên", "full_name"),
    ("Giới tính", "sex_label"),
    ("Ngày sinh", "date_of_birth"),
    ("Dân tộc", "ethnicity"),
    ("Tôn giáo", "religion_label"),
    ("Số CCCD", "national_id"),
    ("Nghề nghiệp", "occupation_label"),
    ("Giáo dục phổ thông", "schooling_label"),
    ("Mã chi bộ", "cell_code"),  # an alias of the importer's "Chi bộ" column (a code or a name)
    ("Số quyết định kết nạp", "decision_number"),
    ("Ngày quyết định kết nạp", "decision_date"),
    ("Ngày lễ kết nạp", "ceremony_date"),
]


def our_import():
    """A callable (path, user) that validates and commits a workbook; None while the importer is missing."""
    # The confirm page's entry point: parse, validate and write in one transaction (0 created = bad rows).
    entry = _feature("admissions.imports", "commit_members")
    if entry is None:
        return None

    def run(path, user):
        with open(path, "rb") as workbook:
            result, created = entry(workbook, user=user)
        if not created:
            problems = [p for row in result.rows for p in row.errors][:5]
            raise RuntimeError(f"the import wrote nothing: {problems}")
        return created

    return run


# --- pages whose SQL queries are counted ---------------------------------------------------------------------


def pages(ctx) -> list[tuple[str, str | None]]:
    """(label, url or None if the page does not exist yet). `ctx` holds ids from the data: year, top, org,
    member, unit. ADAPT: add each page as it lands (URL names from STYLE.md)."""

    def named(name, *args, query=""):
        try:
            return reverse(name, args=args) + (f"?{query}" if query else "")
        except NoReverseMatch:
            return None

    year, org = ctx["year"], ctx["org"]
    return [
        ("home", named("home")),
        ("member_list (year, unit)", our_list_url(year=year, unit_id=org)),
        ("member_detail", named("member_detail", ctx["member"])),
        ("member_edit", named("member_edit", ctx["member"])),
        ("unit_tree", named("unit_tree")),
        ("quota_sheet", named("quota_sheet", query=f"year={year}")),
        ("report (top unit)", report_page_url(unit_id=ctx["top"].pk, year=year)),
        ("report (one organisation)", report_page_url(unit_id=org, year=year)),
        ("Biểu 2 (top unit)", breakdown_page_url(unit_id=ctx["top"].pk, year=year)),
        ("Biểu 2 (one organisation)", breakdown_page_url(unit_id=org, year=year)),
        ("admin: members (year, unit)", admin_list_url(year=year, unit_id=org)),
        ("admin: member change", named("admin:admissions_member_change", ctx["member"])),
        ("admin: units", named("admin:admissions_unit_changelist")),
        ("admin: unit change", named("admin:admissions_unit_change", ctx["unit"])),
        ("admin: quotas (year)", named("admin:admissions_quota_changelist", query=f"year__exact={year}")),
    ]
