import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import text
from .choices import (
    ALLOWED_PARENT_LEVELS,
    CELL_LEVELS,
    ETHNICITY_CHOICES,
    GRASSROOTS_LEVELS,
    MAJORITY_ETHNICITY,
    MemberStatus,
    Occupation,
    PoliticalTheory,
    Qualification,
    QuotaSource,
    Religion,
    Schooling,
    Sex,
    UnitLevel,
    UnitType,
)
from .functions import AgeInMonths

# Each level of the materialised path is the unit's id, zero-padded to this many digits.
PATH_STEP = 10
MIN_AGE_MONTHS = 18 * 12
MAX_AGE_MONTHS = 60 * 12
PROBATION_MONTHS = 12


class ValidatesUniqueConstraintsOnly(models.Model):
    """Validation checks UniqueConstraints (they need a query anyway) and leaves CheckConstraints to the
    database: each of those mirrors a rule clean() or a field validator already reports on its field, and
    evaluating them in SQL during full_clean() made bulk entry several times slower.
    """

    class Meta:
        abstract = True

    def get_constraints(self):
        return [
            (model, [c for c in constraints if isinstance(c, models.UniqueConstraint)])
            for model, constraints in super().get_constraints()
        ]


def existed_during(start: datetime.date, end: datetime.date) -> models.Q:
    """Units that existed on at least one day from `start` to `end` (valid_to is the last day a unit existed)."""
    return (models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=end)) & (
        models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=start)
    )


class UnitQuerySet(models.QuerySet):
    def existed_during(self, start: datetime.date, end: datetime.date):
        return self.filter(existed_during(start, end))

    def grassroots(self):
        return self.filter(level__in=GRASSROOTS_LEVELS)

    def cells(self):
        return self.filter(level__in=CELL_LEVELS)


UNIT_TYPE_LABELS = dict(UnitType.choices)


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
        self.name = text.clean_text(self.name)
        self.short_name = text.clean_text(self.short_name)
        self.code = text.clean_text(self.code)
        errors = {}
        if self.parent_id:
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
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("Ngày giải thể phải sau ngày thành lập.")
        if self.successor_id and self.successor_id == self.pk:
            errors["successor"] = _("Đơn vị kế thừa phải là một đơn vị khác.")
        if self.successor_id and not self.valid_to:
            errors["valid_to"] = _("Đơn vị có đơn vị kế thừa phải có ngày giải thể, sáp nhập.")
        if errors:
            raise ValidationError(errors)


class Quota(ValidatesUniqueConstraintsOnly):
    """An admission quota (chỉ tiêu kết nạp) of a unit for a year.

    Attainment is judged by default against the quota assigned by the superior committee
    (QuotaSource.ASSIGNED); a congress resolution or a self-set plan may add other targets.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="quotas")
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(1930), MaxValueValidator(2100)]
    )
    source = models.CharField(
        _("nguồn chỉ tiêu"), max_length=16, choices=QuotaSource.choices, default=QuotaSource.ASSIGNED
    )
    target = models.PositiveIntegerField(
        _("chỉ tiêu (đảng viên)"),
        validators=[MinValueValidator(1, _("Chỉ tiêu phải là số nguyên dương."))],
    )
    document_number = models.CharField(_("số văn bản"), max_length=64, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu kết nạp")
        verbose_name_plural = _("chỉ tiêu kết nạp")
        ordering = ["-year", "unit__path", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "source"],
                name="one_quota_per_unit_year_source",
                violation_error_message=_("Đơn vị này đã có chỉ tiêu của nguồn này trong năm."),
            ),
            models.CheckConstraint(
                condition=models.Q(target__gt=0),
                name="quota_target_positive",
                violation_error_message=_("Chỉ tiêu phải là số nguyên dương."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1930, year__lte=2100),
                name="quota_year_plausible",
                violation_error_message=_("Năm phải trong khoảng 1930–2100."),
            ),
        ]
        indexes = [models.Index(fields=["year", "source", "unit"], name="quota_year_source_idx")]

    def __str__(self):
        return f"{self.unit} – {self.year}: {self.target}"

    def clean(self):
        self.document_number = text.clean_text(self.document_number)


national_id_validator = RegexValidator(
    r"^\d{12}$", _("Số CCCD phải gồm đúng 12 chữ số (giữ nguyên các số 0 ở đầu).")
)


class Member(ValidatesUniqueConstraintsOnly):
    """A newly admitted Party member, counted in the year of the admission decision (ngày ký quyết định kết
    nạp) in every unit above the cell they were admitted into.

    `grassroots` (the TCCS of the cell), the folded and sortable names and `probation_end` are derived when
    the record is validated, and the age at the decision (`age_months`) by the database, so that reports and
    searches never compute them row by row.
    """

    # Person
    full_name = models.CharField(_("họ và tên"), max_length=120)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("ngày sinh"))
    ethnicity = models.CharField(
        _("dân tộc"), max_length=32, choices=ETHNICITY_CHOICES, default=MAJORITY_ETHNICITY
    )
    religion = models.CharField(_("tôn giáo"), max_length=16, choices=Religion.choices, default=Religion.NONE)
    home_town = models.CharField(_("quê quán"), max_length=255, blank=True)
    national_id = models.CharField(  # noqa: DJ001 (NULL, not "", so uniqueness ignores missing IDs)
        _("số CCCD"), max_length=12, null=True, blank=True, validators=[national_id_validator]
    )
    # Schooling and occupation
    occupation = models.CharField(_("nghề nghiệp"), max_length=32, choices=Occupation.choices)
    schooling = models.CharField(_("giáo dục phổ thông"), max_length=8, choices=Schooling.choices)
    qualification = models.CharField(
        _("chuyên môn, nghiệp vụ"), max_length=16, choices=Qualification.choices, default=Qualification.NONE
    )
    political_theory = models.CharField(
        _("lý luận chính trị"), max_length=16, choices=PoliticalTheory.choices, default=PoliticalTheory.NONE
    )
    youth_union = models.BooleanField(_("đoàn viên TNCS Hồ Chí Minh"), default=False)
    private_business_owner = models.BooleanField(_("chủ doanh nghiệp tư nhân"), default=False)
    # Admission
    cell = models.ForeignKey(
        Unit, verbose_name=_("chi bộ"), on_delete=models.PROTECT, related_name="admitted_members"
    )
    grassroots = models.ForeignKey(
        Unit,
        verbose_name=_("tổ chức cơ sở đảng"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    decision_number = models.CharField(_("số quyết định kết nạp"), max_length=64)
    decision_date = models.DateField(_("ngày quyết định kết nạp"))
    ceremony_date = models.DateField(_("ngày lễ kết nạp"), null=True, blank=True)
    probation_end = models.DateField(_("ngày hết dự bị"), null=True, blank=True, editable=False)
    confirmation_date = models.DateField(_("ngày công nhận chính thức"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.PROBATIONARY
    )
    struck_off_date = models.DateField(_("ngày xóa tên"), null=True, blank=True)
    readmission = models.BooleanField(_("kết nạp lại"), default=False)
    over_age_exception = models.BooleanField(_("kết nạp trên 60 tuổi (trường hợp đặc biệt)"), default=False)
    exception_note = models.CharField(_("căn cứ trường hợp đặc biệt"), max_length=255, blank=True)
    record_number = models.CharField(_("số lý lịch"), max_length=32, blank=True)
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=32, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    # Derived
    name_folded = models.CharField(max_length=120, editable=False, db_index=True, default="")
    sort_name = models.CharField(max_length=255, editable=False, db_index=True, default="")
    # Full months of age on the decision date (text.age_in_months), computed by the database itself on every
    # write, so that no way of saving a member can leave it stale: Biểu 2's age bands and mean age read it.
    age_months = models.GeneratedField(
        expression=AgeInMonths(models.F("date_of_birth"), models.F("decision_date")),
        output_field=models.IntegerField(),
        db_persist=True,
        verbose_name=_("tuổi tại ngày quyết định kết nạp (số tháng)"),
    )
    # Bookkeeping
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("ngày sửa"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("đảng viên mới")
        verbose_name_plural = _("đảng viên mới")
        ordering = ["-decision_date", "sort_name"]
        constraints = [
            models.UniqueConstraint(
                # NULLs are distinct on both databases: many members may have no national ID recorded.
                fields=["national_id"],
                name="member_national_id_unique",
                violation_error_message=_("Số CCCD này đã có trong danh sách đảng viên mới."),
            ),
            models.CheckConstraint(
                condition=models.Q(national_id__isnull=True)
                | models.lookups.Exact(Length("national_id"), 12),
                name="member_national_id_12_digits",
                violation_error_message=_("Số CCCD phải gồm đúng 12 chữ số."),
            ),
            models.CheckConstraint(
                condition=models.Q(ceremony_date__isnull=True)
                | models.Q(ceremony_date__gte=models.F("decision_date")),
                name="member_ceremony_after_decision",
                violation_error_message=_("Ngày lễ kết nạp không được trước ngày quyết định kết nạp."),
            ),
        ]
        indexes = [
            models.Index(fields=["grassroots", "decision_date"], name="member_grassroots_date_idx"),
            models.Index(fields=["cell", "decision_date"], name="member_cell_date_idx"),
            # Year-wide counts (the report of a committee above the organisations) read this index only.
            models.Index(fields=["decision_date", "grassroots"], name="member_date_grassroots_idx"),
            models.Index(fields=["status", "probation_end"], name="member_probation_idx"),
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        """Normalise the text and check the rules of Quy định 232-QĐ/TW that touch this record alone."""
        self.full_name = text.clean_text(self.full_name)
        for field in ("home_town", "decision_number", "record_number", "card_number", "exception_note"):
            setattr(self, field, text.clean_text(getattr(self, field)))
        self.national_id = text.clean_text(self.national_id) or None
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = _("Ngày sinh không được ở tương lai.")
        if self.decision_date and self.decision_date > today:
            errors["decision_date"] = _("Ngày quyết định kết nạp không được ở tương lai.")
        if self.date_of_birth and self.decision_date and "date_of_birth" not in errors:
            months = text.age_in_months(self.date_of_birth, self.decision_date)
            if months < MIN_AGE_MONTHS:
                errors["date_of_birth"] = _(
                    "Chưa đủ 18 tuổi vào ngày quyết định kết nạp (mới %(years)s tuổi %(months)s tháng)."
                ) % {"years": months // 12, "months": months % 12}
            elif months > MAX_AGE_MONTHS and not self.over_age_exception:
                errors["date_of_birth"] = _(
                    "Quá 60 tuổi vào ngày quyết định kết nạp (%(years)s tuổi %(months)s tháng): chỉ kết nạp "
                    "khi là trường hợp đặc biệt, đánh dấu ô trường hợp đặc biệt và ghi căn cứ."
                ) % {"years": months // 12, "months": months % 12}
        if self.over_age_exception and not self.exception_note:
            errors["exception_note"] = _("Ghi căn cứ của trường hợp đặc biệt.")
        if self.ceremony_date and self.decision_date and self.ceremony_date < self.decision_date:
            errors["ceremony_date"] = _("Ngày lễ kết nạp không được trước ngày quyết định kết nạp.")
        if self.confirmation_date:
            if not self.ceremony_date:
                errors["ceremony_date"] = _("Cần có ngày lễ kết nạp trước khi công nhận chính thức.")
            elif self.confirmation_date < text.add_months(self.ceremony_date, PROBATION_MONTHS):
                errors["confirmation_date"] = _(
                    "Ngày công nhận chính thức phải sau khi đủ 12 tháng dự bị (từ %(day)s)."
                ) % {"day": text.add_months(self.ceremony_date, PROBATION_MONTHS).strftime("%d/%m/%Y")}
        if self.status == MemberStatus.FULL and not self.confirmation_date:
            errors["confirmation_date"] = _("Đảng viên chính thức phải có ngày công nhận chính thức.")
        if self.status == MemberStatus.STRUCK_OFF and not self.struck_off_date:
            errors["struck_off_date"] = _("Ghi ngày xóa tên.")
        if self.cell_id and self.decision_date:
            cell = self.cell
            if not cell.is_cell:
                errors["cell"] = _(
                    "Đảng viên được kết nạp vào một chi bộ (chi bộ cơ sở hoặc chi bộ trực thuộc)."
                )
            elif not cell.is_open_on(self.decision_date):
                errors["cell"] = _("Chi bộ %(cell)s không hoạt động vào ngày quyết định kết nạp.") % {
                    "cell": cell.name
                }
        if errors:
            raise ValidationError(errors)

    def derive(self, *, grassroots: Unit | None = None):
        """Fill the stored derived fields from the ones people enter.

        `grassroots` may be given when the caller already knows the cell's TCCS (a bulk import looks them all
        up in one query); otherwise it is read from the cell's ancestors.
        """
        self.name_folded = text.fold(self.full_name)[:120]
        self.sort_name = text.vietnamese_sort_key(self.full_name)
        self.probation_end = (
            text.add_months(self.ceremony_date, PROBATION_MONTHS) if self.ceremony_date else None
        )
        if grassroots is not None:
            self.grassroots = grassroots
        elif self.cell_id:
            cell = self.cell
            if cell.level in GRASSROOTS_LEVELS:
                self.grassroots = cell
            else:
                self.grassroots = (
                    Unit.objects.filter(pk__in=cell.ancestor_ids(), level__in=GRASSROOTS_LEVELS)
                    .order_by("-depth")
                    .first()
                )


class AuditAction(models.TextChoices):
    CREATE = "create", _("Thêm mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xóa")


class AuditEntry(models.Model):
    """One line of a record's history (lịch sử thay đổi): who did what to which record, and when.

    Written only by admissions.services, so every create, update and delete made through the app (the
    pages, the admin, the importer) leaves a line. `changes` maps a field name to [old, new]; dates are
    ISO strings, related units their names, so a line still reads correctly after the unit is renamed
    or the record is deleted.
    """

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("thao tác"), max_length=8, choices=AuditAction.choices)
    object_type = models.CharField(_("loại bản ghi"), max_length=32)
    object_id = models.PositiveBigIntegerField(_("mã bản ghi"))
    object_repr = models.CharField(_("bản ghi"), max_length=255)
    changes = models.JSONField(_("nội dung thay đổi"), default=dict, blank=True)

    class Meta:
        verbose_name = _("lịch sử thay đổi")
        verbose_name_plural = _("lịch sử thay đổi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.object_repr}"

    @property
    def by(self) -> str:
        if self.user is None:
            return str(_("(hệ thống)"))
        return self.user.get_full_name() or self.user.username

    def change_rows(self) -> list[tuple[str, str, str]]:
        """(field label, old value, new value) for display, in the model's field order."""
        model = {"member": Member, "unit": Unit, "quota": Quota}.get(self.object_type)
        if model is None:
            return []
        rows = []
        for field in model._meta.concrete_fields:
            if field.name in self.changes:
                old, new = self.changes[field.name]
                rows.append((capfirst(field.verbose_name), _display(field, old), _display(field, new)))
        return rows


def display_value(instance: models.Model, field_name: str) -> str:
    """A field of a record as a clerk reads it, formatted like the history (dd/mm/yyyy, labels, Có/Không)."""
    field = instance._meta.get_field(field_name)
    if field.is_relation:
        return str(getattr(instance, field_name) or "—")
    value = field.value_from_object(instance)
    return _display(field, value.isoformat() if isinstance(value, datetime.date) else value)


def _display(field, value) -> str:
    """A stored history value as a clerk reads it (labels of choices, dd/mm/yyyy, Có/Không)."""
    if value is None or value == "":
        return "—"
    if isinstance(field, models.BooleanField):
        return str(_("Có") if value else _("Không"))
    if isinstance(field, models.DateField):
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except (TypeError, ValueError):
            return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)
