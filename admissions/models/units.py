"""The party units and their tree (DOMAIN.md section 2)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import dates, text
from ..choices import ALLOWED_PARENT_LEVELS, CELL_LEVELS, GRASSROOTS_LEVELS, UnitLevel, UnitType
from ..functions import BRANCH_PATH, Branch
from .base import ValidatesUniqueConstraintsOnly

# Each level of the materialised path is the unit's id, zero-padded to this many digits.
PATH_STEP = 10


def placed_under(records: models.QuerySet, unit: "Unit") -> models.QuerySet:
    """The records (members, candidates) placed in a cell under `unit`, at any depth, by their own copy of
    the cell's path (`cell_path`, kept by the services and by a unit's move), never through a join to the
    cells of a national tree. Under the top of the tree is every record, with no filter; under a unit
    directly below the top (a path of BRANCH_PATH characters: a path is its parent's plus PATH_STEP digits),
    the records of its branch, read through the branch index in the lists' order (a province's list then
    reads its own records, where a prefix read the nation's in order until enough of them were the
    province's: a last page 197 ms, the same page of a district 22 ms); deeper, an indexed prefix."""
    if unit.parent_id is None:
        return records.all()
    if len(unit.path) == BRANCH_PATH:
        return records.alias(branch=Branch("cell_path")).filter(branch=unit.path)
    return records.filter(cell_path__startswith=unit.path)


def existed_during(start: datetime.date, end: datetime.date) -> models.Q:
    """Units that existed on at least one day from `start` to `end` (valid_to is the last day a unit existed)."""
    return (models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=end)) & (
        models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=start)
    )


class UnitQuerySet(models.QuerySet):
    def subtree(self, unit: "Unit") -> "UnitQuerySet":
        """`unit` and everything under it, at any depth, in one indexed prefix query; the top of the tree
        (there is one: the one_top_unit constraint) holds every unit, with no prefix to compare."""
        return self.all() if unit.parent_id is None else self.filter(path__startswith=unit.path)

    def existed_during(self, start: datetime.date, end: datetime.date):
        return self.filter(existed_during(start, end))

    def grassroots(self):
        return self.filter(level__in=GRASSROOTS_LEVELS)

    def cells(self):
        return self.filter(level__in=CELL_LEVELS)


UNIT_TYPE_LABELS = dict(UnitType.choices)


def unit_search_text(code: str, name: str) -> str:
    """What a unit is found by in the pickers: its code and name, lower case and without diacritics."""
    return text.fold(f"{code} {name}")[:300]


class Unit(ValidatesUniqueConstraintsOnly):
    """A party organisation in the tree: the province, a superior committee, a grassroots organisation
    (TCCS: an ĐBCS or a CBCS), an intermediate committee, or a subordinate cell.

    `path` is the materialised path of ids from the root, PATH_STEP digits per level, so a whole subtree is
    one indexed prefix query (`path__startswith`) whatever its depth. A unit keeps its history: it is
    closed (`valid_to`) rather than deleted, and a merged unit points to its `successor`.
    """

    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("mã đơn vị"), max_length=32, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    level = models.CharField(_("cấp"), max_length=16, choices=UnitLevel.choices)
    unit_type = models.CharField(
        _("loại hình"), max_length=32, choices=UnitType.choices, default=UnitType.OTHER
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    valid_from = models.DateField(_("ngày thành lập"), null=True, blank=True)
    valid_to = models.DateField(
        _("ngày giải thể, sáp nhập"),
        null=True,
        blank=True,
        help_text=_("Ngày cuối cùng đơn vị còn hoạt động. Để trống nếu đơn vị đang hoạt động."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
    )
    path = models.CharField(_("đường dẫn"), max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(_("độ sâu"), editable=False, default=0)
    # The code and name folded (text.fold), what the unit pickers' type-ahead matches "thon dong" against.
    search_text = models.CharField(max_length=300, editable=False, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="unit_closes_after_it_opens",
                violation_error_message=_("Ngày giải thể phải sau ngày thành lập."),
            ),
            *dates.date_constraints("unit", dates.UNIT_DATES),
            # One tree per installation: its top is the committee that installs the app (DOMAIN.md 1), the
            # scope of an administrator without a unit (accounts.scope). A second top-level unit would sit
            # outside every scope.
            models.UniqueConstraint(
                fields=["depth"],
                condition=models.Q(parent__isnull=True),
                name="one_top_unit",
                violation_error_message=_(
                    "Cây tổ chức đã có đơn vị cao nhất; hãy chọn đơn vị cấp trên cho đơn vị này."
                ),
            ),
        ]
        indexes = [
            # A LIKE 'prefix%' on PostgreSQL uses an index only with the pattern operator class.
            models.Index(fields=["path"], name="unit_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["parent", "sort_order"], name="unit_children_idx"),
            # The top levels of a scope (the unit pickers of the lists and the report) without a full scan.
            models.Index(fields=["depth", "path"], name="unit_depth_path_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = unit_search_text(self.code, self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def unique_error_message(self, model_class, unique_check):
        # Django's stock text ("Đơn vị với Mã đơn vị này đã tồn tại.") where the unit form has not already
        # named the unit holding the code (the admin, two saves racing for one code).
        if unique_check == ("code",):
            return ValidationError(
                _("Mã “%(code)s” đã được dùng cho một đơn vị khác; mỗi đơn vị cần một mã riêng."),
                code="unique",
                params={"code": self.code},
            )
        return super().unique_error_message(model_class, unique_check)

    @property
    def unit_type_label(self) -> str:
        """get_unit_type_display() without rebuilding the choices on every call (0.2 ms apiece), for pages and
        workbooks that list hundreds of units."""
        return UNIT_TYPE_LABELS.get(self.unit_type, self.unit_type)

    @property
    def is_cell(self) -> bool:
        return self.level in CELL_LEVELS

    def is_open_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit, read from the path (no query)."""
        return [int(self.path[i : i + PATH_STEP]) for i in range(0, len(self.path), PATH_STEP)]

    def is_within(self, other: "Unit") -> bool:
        return self.path.startswith(other.path)

    def clean(self):
        typed = {name: bool(getattr(self, name)) for name in ("name", "code")}
        self.name = text.clean_text(self.name)
        self.short_name = text.clean_text(self.short_name)
        self.code = text.clean_text(self.code)
        errors = dates.date_errors(self, dates.UNIT_DATES, timezone.localdate())
        for name, was_typed in typed.items():  # typed as invisible characters only: empty once cleaned
            if was_typed and not getattr(self, name):
                errors[name] = _("Trường này là bắt buộc.")
        if self.parent_id and self.level:
            allowed = ALLOWED_PARENT_LEVELS.get(self.level, ())
            if self.parent.level not in allowed:
                errors["parent"] = _("Một %(level)s không thể trực thuộc %(parent_level)s.") % {
                    "level": self.get_level_display().lower(),
                    "parent_level": self.parent.get_level_display().lower(),
                }
            elif self.pk and self.parent.path.startswith(self.path):
                errors["parent"] = _(
                    "Không thể chọn chính đơn vị này hoặc đơn vị trực thuộc nó làm cấp trên."
                )
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from and not errors:
            errors["valid_to"] = _("Ngày giải thể phải sau ngày thành lập.")
        if self.successor_id and self.successor_id == self.pk:
            errors["successor"] = _("Đơn vị kế thừa phải là một đơn vị khác.")
        if self.successor_id and not self.valid_to:
            errors["valid_to"] = _("Đơn vị có đơn vị kế thừa phải có ngày giải thể, sáp nhập.")
        if errors:
            raise ValidationError(errors)
