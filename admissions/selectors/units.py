"""Reads of the unit tree, already scoped to what the user may see (accounts.scope)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_of

from ..choices import ALLOWED_PARENT_LEVELS, GRASSROOTS_LEVELS, PARENT_LEVELS, SUCCESSOR_LEVELS, UnitLevel
from ..models import Unit
from ..text import fold, tree_label

if TYPE_CHECKING:
    from accounts.models import User


def unit_subtree(unit: Unit) -> QuerySet[Unit]:
    """The unit and everything under it, at any depth (Unit.objects.subtree)."""
    return Unit.objects.subtree(unit)


def units_visible_to(user: User) -> QuerySet[Unit]:
    """Units a user may see: the subtree of the top of their scope (accounts.scope.scope_of)."""
    scope = scope_of(user)
    return Unit.objects.none() if scope is None else Unit.objects.subtree(scope)


def cells_visible_to(user: User) -> QuerySet[Unit]:
    """The cells (chi bộ: subordinate cells and grassroots cells) a user may admit members into or import
    members to: every cell of their scope, open or closed (the decision date decides)."""
    return units_visible_to(user).cells()


def scope_depth(user: User) -> int:
    """The depth of the top of the user's scope: the unit pickers indent from it."""
    scope = scope_of(user)
    return scope.depth if scope is not None else 0


# How many levels under the top of a user's scope the unit filters always offer (a district's committee: its
# organisations; the whole country: its provinces). Below them the filter opens along the chosen branch.
UNIT_FILTER_DEPTH = 1


def unit_filter_options(*, user: User, selected: Unit | int | None = None) -> QuerySet[Unit]:
    """The units a list's unit filter offers: a tree opened along the chosen branch. The top of the user's
    scope and the levels under it down to UNIT_FILTER_DEPTH; with a unit chosen, also the units above it,
    beside it and directly under it, so choosing a unit opens the next level.

    A few dozen options at any scale: a select of every organisation of a province (1,000 and more) cost
    about 10 ms a page to write and was no way to find one."""
    units = units_visible_to(user)
    offered = Q(depth__lte=scope_depth(user) + UNIT_FILTER_DEPTH)
    if selected is not None and not isinstance(selected, Unit):
        selected = units.filter(pk=selected).only("path", "parent_id").first()
    if selected is not None:
        offered |= (
            Q(pk__in=selected.ancestor_ids()) | Q(parent_id=selected.pk) | Q(parent_id=selected.parent_id)
        )
    return units.filter(offered).order_by("path")


def units_outside(*, user: User, unit: Unit | None) -> QuerySet[Unit]:
    """The user's units that are not `unit` nor under it, in tree order: what a unit may be moved under or
    merged into (a unit inside its own branch would make the tree a loop)."""
    units = units_visible_to(user).order_by("path")
    return units.exclude(path__startswith=unit.path) if unit is not None and unit.pk else units


def unit_ancestors(*, user: User, unit: Unit) -> QuerySet[Unit]:
    """The units above `unit` that the user may see, from the top of their scope down (a breadcrumb). Above
    the root there is nothing to read: an empty id list runs no query."""
    return units_visible_to(user).filter(pk__in=unit.ancestor_ids()[:-1]).order_by("path")


# How many levels under the chosen unit the unit tree page shows (its children and grandchildren): the page
# stays one screen at any scale, and the user drills down by choosing a shown unit. When the grandchildren
# would make the page longer than UNIT_TREE_MAX_ROWS (a province's 1,500 organisations: 960 KB of HTML,
# 620 ms), it shows the children only.
UNIT_TREE_DEPTH = 2
UNIT_TREE_MAX_ROWS = 300


def unit_tree_units(unit: Unit) -> list[Unit]:
    """`unit` and its subtree down to UNIT_TREE_DEPTH levels below it, in tree order, each with
    `depth_below` (its indent on the page) and `has_shown_children` (the page can fold it); only its children
    when the grandchildren would pass UNIT_TREE_MAX_ROWS. One query whatever the size: the rows are numbered
    level by level, and every row of the chosen unit and its children comes with at most enough of the
    grandchildren to tell whether they all fit. The counts beside them come from reports.attainment.tree."""
    numbered = Window(RowNumber(), order_by=[F("depth").asc(), F("path").asc()])
    units = list(
        unit_subtree(unit)
        .filter(depth__lte=unit.depth + UNIT_TREE_DEPTH)
        .annotate(row=numbered)
        .filter(Q(depth__lte=unit.depth + 1) | Q(row__lte=UNIT_TREE_MAX_ROWS + 1))
        .select_related("successor")
        .order_by("path")
    )
    if len(units) > UNIT_TREE_MAX_ROWS:
        units = [shown for shown in units if shown.depth <= unit.depth + 1]
    parents = {shown.parent_id for shown in units}
    for shown in units:
        shown.depth_below = shown.depth - unit.depth
        shown.has_shown_children = shown.pk in parents
    return units


def units_below(unit: Unit) -> QuerySet[Unit]:
    """The units directly under `unit`, open or closed (a closed one keeps its history), in tree order."""
    return Unit.objects.filter(parent=unit).order_by("path")


def grassroots_by_cell(cells: Iterable[Unit]) -> dict[int, Unit]:
    """THE rule "the grassroots organisation (TCCS) of a cell": the nearest unit at or above it that is an
    ĐBCS or a CBCS (a grassroots cell is its own TCCS). For many cells at once, in one query over their
    ancestors' ids read from the paths; a cell with no TCCS above it is left out."""
    cells = list(cells)  # read twice below: a generator would be spent after the first pass
    by_cell = {cell.pk: cell for cell in cells if cell.level in GRASSROOTS_LEVELS}
    below = [cell for cell in cells if cell.pk not in by_cell]
    if not below:
        return by_cell  # every cell is a CBCS, its own TCCS: nothing to read
    ancestor_ids = {pk for cell in below for pk in cell.ancestor_ids()}
    grassroots = Unit.objects.filter(pk__in=ancestor_ids, level__in=GRASSROOTS_LEVELS).in_bulk()
    for cell in below:
        found = [grassroots[pk] for pk in cell.ancestor_ids() if pk in grassroots]
        if found:
            by_cell[cell.pk] = found[-1]
    return by_cell


def grassroots_of(unit: Unit) -> Unit | None:
    """The TCCS of one cell (or of any unit inside an organisation), by the rule of grassroots_by_cell()."""
    return grassroots_by_cell([unit]).get(unit.pk)


# Committees date their documents from their locality: "Tân Phong, ngày 20 tháng 02 năm 2024".
TERRITORIAL_PREFIXES = (
    "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng bộ xã", "Đảng bộ phường", "Đảng bộ thị trấn",
)  # fmt: skip


def place_of(unit: Unit) -> str:
    """The locality a unit's report is dated from: the nearest unit above (or itself) named after a
    territory, without its committee prefix; "" when none is (the line then keeps its dots to fill in)."""
    return letterhead(unit)[1]


def letterhead(unit: Unit) -> tuple[str, str]:
    """What an official document of `unit` carries above its title, read in one query of the branch's
    names: the superior committee's name ("" at the top of the tree) and the locality it is dated from
    (see place_of)."""
    branch = list(
        Unit.objects.filter(pk__in=unit.ancestor_ids()).order_by("-depth").values_list("name", flat=True)
    )
    superior = branch[1] if len(branch) > 1 else ""
    for name in branch:
        for prefix in TERRITORIAL_PREFIXES:
            if name.startswith(prefix + " "):
                return superior, name[len(prefix) + 1 :]
    return superior, ""


def unit_filter_labels(*, user: User, selected: Unit | None) -> list[tuple[int, str]]:
    """The options of a unit picker outside a form (the report's): unit_filter_options as (id, name
    indented by its depth below the top of the scope), read as plain rows."""
    top = scope_depth(user)
    rows = unit_filter_options(user=user, selected=selected).values_list("pk", "depth", "name")
    return [(pk, tree_label(name, depth - top)) for pk, depth, name in rows]


def cell_choices(user: User) -> QuerySet[Unit]:
    """The cells a member of the user's scope can be admitted into, each with its parent (the picker names
    a subordinate cell with its organisation), in tree order."""
    return cells_visible_to(user).select_related("parent").order_by("path")


def parent_choices(*, user: User, unit: Unit | None = None) -> QuerySet[Unit]:
    """What `unit` may be put under, as a form validates it: an open unit of the user's scope outside the
    unit's own branch (its present parent stays valid even if closed since). The level rule is the model's
    (Unit.clean), whose message names both levels."""
    still_open = Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate())
    if unit is not None and unit.parent_id:
        still_open |= Q(pk=unit.parent_id)
    return units_outside(user=user, unit=unit).filter(still_open)


def parent_options(*, user: User, unit: Unit | None = None, level: str | None = None) -> QuerySet[Unit]:
    """What the parent picker offers: parent_choices() of a level that may hold a unit of `level` (of any
    level that holds units while `level` is not chosen yet)."""
    levels = ALLOWED_PARENT_LEVELS.get(level, ()) if level else PARENT_LEVELS
    return parent_choices(user=user, unit=unit).filter(level__in=levels)


def successor_choices(*, user: User, unit: Unit) -> QuerySet[Unit]:
    """What a closed or merged `unit` may hand over to: an open unit of the user's scope outside its branch,
    of a level that can take over its members or organisations (choices.SUCCESSOR_LEVELS)."""
    return units_outside(user=user, unit=unit).filter(
        valid_to__isnull=True, level__in=SUCCESSOR_LEVELS.get(unit.level, ())
    )


# How many units the type-ahead of a unit picker returns for one query: enough to pick from, few enough to
# read and send at the nation tier (the user types more to narrow).
UNIT_OPTIONS_LIMIT = 20


def unit_search(
    units: QuerySet[Unit], *, query: str, limit: int = UNIT_OPTIONS_LIMIT
) -> tuple[list[Unit], bool]:
    """The first `limit` units of `units` (in tree order) whose code or name holds every word of `query`,
    compared without diacritics ("thon dong" finds "Chi bộ thôn Đông"), and whether there are more."""
    for word in fold(query).split()[:5]:
        units = units.filter(search_text__contains=word)
    found = list(
        units.select_related(None)
        .order_by("path")
        .only("id", "code", "name", "path", "valid_to")[: limit + 1]
    )
    return found[:limit], len(found) > limit


# How many units above a unit its picker label names: "Chi bộ thôn Đông — Đảng bộ xã Tân Lập".
UNIT_LABEL_ANCESTORS = 2


def unit_path_labels(units: Iterable[Unit], *, top_depth: int) -> dict[int, str]:
    """Each unit's name followed by the names of the units above it (nearest first, at most
    UNIT_LABEL_ANCESTORS, none at or above the top of the user's scope), so look-alike names ("Chi bộ thôn
    Đông" under every commune) are told apart; a closed unit says so. One query for all the names above."""
    units = list(units)
    above = {unit.pk: unit.ancestor_ids()[top_depth + 1 : -1][::-1][:UNIT_LABEL_ANCESTORS] for unit in units}
    wanted = {pk for ids in above.values() for pk in ids}
    names = dict(Unit.objects.filter(pk__in=wanted).values_list("pk", "name")) if wanted else {}
    labels = {}
    for unit in units:
        label = " — ".join([unit.name, *(names[pk] for pk in above[unit.pk] if pk in names)])
        if unit.valid_to:
            label = _("%(label)s (đã giải thể, hoạt động đến hết %(day)s)") % {
                "label": label,
                "day": unit.valid_to.strftime("%d/%m/%Y"),
            }
        labels[unit.pk] = label
    return labels


def unit_holding_code(*, user: User, code: str, exclude: int | None = None) -> tuple[bool, str | None]:
    """Whether a unit other than `exclude` already has `code` (unit codes are unique in the whole tree), and
    that unit's picker label ("Chi bộ thôn Đông — Đảng bộ xã Tân Lập") if it is in the user's scope; a unit
    outside it is not named (the scope rule)."""
    holder = Unit.objects.filter(code=code).exclude(pk=exclude).only("id", "name", "path", "valid_to").first()
    if holder is None:
        return False, None
    scope = scope_of(user)
    if scope is None or not holder.is_within(scope):
        return True, None
    return True, unit_path_labels([holder], top_depth=scope.depth)[holder.pk]


# How committees abbreviate themselves in a decision's number (…-QĐ/HU), by the start of their name; a
# grassroots Đảng bộ's committee is its Đảng ủy (ĐU).
COMMITTEE_ABBREVIATIONS = {
    "Tỉnh ủy": "TU", "Thành ủy": "TU", "Huyện ủy": "HU", "Quận ủy": "QU", "Thị ủy": "TU", "Đảng ủy": "ĐU",
}  # fmt: skip


def deciding_committees(cell: Unit) -> set[str]:
    """The abbreviations of the committees above `cell` that may decide its admissions (one query); empty
    when none of their names says (the number's committee is then not checked)."""
    found = set()
    above = Unit.objects.filter(pk__in=cell.ancestor_ids()[:-1]).values_list("name", "level")
    for name, level in above:
        if level == UnitLevel.GRASSROOTS_COMMITTEE:
            found.add("ĐU")
        for prefix, abbreviation in COMMITTEE_ABBREVIATIONS.items():
            if name.startswith(prefix + " "):
                found.add(abbreviation)
    return found


def unit_close_summary(unit: Unit) -> dict[str, int]:
    """What closing or merging `unit` touches, for the page that asks to confirm it: the units under it (they
    close with it), the members recorded in its branch, the quotas set on its branch, the user accounts
    working in it. Five counts, whatever the size of the branch."""
    from django.contrib.auth import get_user_model

    from ..models import Member, Quota

    branch = Unit.objects.subtree(unit)
    return {
        "units": branch.exclude(pk=unit.pk).count(),
        "members": Member.objects.under(unit).count(),
        "probationary": Member.objects.under(unit).filter(status="probationary").count(),
        "quotas": Quota.objects.filter(unit__in=branch).count(),
        "users": get_user_model().objects.filter(unit__in=branch).count(),
    }
