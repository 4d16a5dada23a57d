"""The newly admitted member (DOMAIN.md section 5)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.pagination import DeferredOffsetQuerySet

from .. import dates, text
from ..choices import (
    ETHNICITY_CHOICES,
    MAJORITY_ETHNICITY,
    MemberStatus,
    Occupation,
    PoliticalTheory,
    Qualification,
    Religion,
    Schooling,
    Sex,
)
from ..functions import AgeInMonths, Branch
from .base import ValidatesUniqueConstraintsOnly
from .units import Unit, placed_under

# Eligibility and probation (Quy định 232-QĐ/TW): ages counted in full months.
MIN_AGE_MONTHS = 18 * 12
MAX_AGE_MONTHS = 60 * 12
PROBATION_MONTHS = 12


def probation_windows(today: datetime.date) -> tuple[models.Q, models.Q]:
    """(due, overdue) among probationary members, as of `today`: due for confirmation when the 12 months
    end this month or ended earlier; overdue when they ended before this month began. The probation list
    (admissions.selectors.probation_due) filters with these and the dashboard counts with them."""
    first_of_month = today.replace(day=1)
    next_month = (first_of_month + datetime.timedelta(days=32)).replace(day=1)
    return models.Q(probation_end__lt=next_month), models.Q(probation_end__lt=first_of_month)


REQUIRED = _("Trường này là bắt buộc.")
national_id_validator = RegexValidator(
    text.NATIONAL_ID_PATTERN, _("Số CCCD phải gồm đúng 12 chữ số (giữ nguyên các số 0 ở đầu).")
)


class NationalIdField(models.CharField):
    """A national ID (số CCCD), normalised before it is validated (text.clean_national_id: full-width digits
    to ASCII, grouping spaces and dots removed), so every way in (the pages, the admin, the importer)
    validates and stores the same twelve ASCII digits; blank is NULL, which uniqueness ignores."""

    def to_python(self, value):
        value = super().to_python(value)
        return None if value is None else (text.clean_national_id(value) or None)


class MemberQuerySet(DeferredOffsetQuerySet):
    def under(self, unit: Unit) -> "MemberQuerySet":
        """Members admitted into any cell under `unit`, at any depth (one join on the cell's path): who is in
        a unit's branch, for the scope and for the counts within an organisation. Above the organisations
        reports.attainment.counting reads the same placement through the denormalised `grassroots`, which
        the services keep equal to the cell's TCCS (tests/reports/attainment/test_tree.py holds them equal).

        The prefix is compared with the member's own copy of its cell's path (`cell_path`, indexed), not
        through a join to the 250,000 cells of a national tree. Under the top of the tree is every member
        (there is one top: Unit's one_top_unit), read with no filter at all; under a unit directly below the
        top (a province of the nation), its branch (units.placed_under)."""
        return placed_under(self, unit)


# The person's own fields (Person), in two groups: who they are, and their schooling and work. The member's
# form shows them so; a candidate is a Person too, and the admission decision copies them onto the member.
IDENTITY_FIELDS = ("full_name", "sex", "date_of_birth", "ethnicity", "religion", "home_town", "national_id")
BACKGROUND_FIELDS = (
    "occupation",
    "schooling",
    "qualification",
    "political_theory",
    "youth_union",
    "private_business_owner",
)


class Person(ValidatesUniqueConstraintsOnly):
    """Who a person is, as the admission file records them (1-KNĐ, 2-KNĐ) and Biểu 2 counts them: the same
    boxes on a candidate in the pipeline (candidates.Candidate) and on the member the decision makes of
    them, so the decision copies them one by one (PERSON_FIELDS) and every rule on them is written once."""

    full_name = models.CharField(_("họ và tên"), max_length=120)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("ngày sinh"))
    ethnicity = models.CharField(
        _("dân tộc"), max_length=32, choices=ETHNICITY_CHOICES, default=MAJORITY_ETHNICITY
    )
    religion = models.CharField(_("tôn giáo"), max_length=16, choices=Religion.choices, default=Religion.NONE)
    home_town = models.CharField(_("quê quán"), max_length=255, blank=True)
    national_id = NationalIdField(
        _("số CCCD"), max_length=12, null=True, blank=True, validators=[national_id_validator]
    )
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
    # Derived (derive_names): the search without diacritics and the Vietnamese alphabetical order
    # Not indexed alone: a btree on the folded names is in their order, in which PostgreSQL, counting the
    # matches of a common name ("nguyen", 40 % of names, all under "n"), read 750,000 entries before the
    # first 5,000. The records' own indexes pair it with the date of birth (PERSON_INDEX_FIELDS).
    name_folded = models.CharField(max_length=120, editable=False, default="")
    sort_name = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        abstract = True

    def clean_person(self) -> None:
        """Normalise what was typed about the person (admissions.text): the name and home town, the ID."""
        self.full_name = text.clean_text(self.full_name)
        self.home_town = text.clean_text(self.home_town)
        self.national_id = text.clean_national_id(self.national_id) or None

    def derive_names(self) -> None:
        self.name_folded = text.fold(self.full_name)[:120]
        self.sort_name = text.vietnamese_sort_key(self.full_name)


# The boxes of a Person one types, in their order on the forms.
PERSON_FIELDS = (*IDENTITY_FIELDS, *BACKGROUND_FIELDS)
# The same person looked up by name and date of birth (the possible duplicates): in birth order, in which the
# names are as mixed as in the table, so an index-only count of a name search reads no more than a scan.
PERSON_INDEX_FIELDS = ["date_of_birth", "name_folded"]


class Member(Person):
    """A newly admitted Party member, counted in the year of the admission decision (ngày ký quyết định kết
    nạp) in every unit above the cell they were admitted into.

    `grassroots` (the TCCS of the cell), the folded and sortable names and `probation_end` are derived when
    the record is validated, and the age at the decision (`age_months`) by the database, so that reports and
    searches never compute them row by row.
    """

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
    # The cell's materialised path (Unit.path), copied so that a scope is one indexed prefix on the member
    # itself (MemberQuerySet.under); derive() sets it, services.units moves it with the cell.
    cell_path = models.CharField(max_length=255, editable=False, default="")
    # Full months of age on the decision date (text.age_in_months), computed by the database itself on every
    # write, so that no way of saving a member can leave it stale: Biểu 2's age bands and mean age read it.
    age_months = models.GeneratedField(
        expression=AgeInMonths(models.F("date_of_birth"), models.F("decision_date")),
        output_field=models.IntegerField(),
        db_persist=True,
        verbose_name=_("tuổi tại ngày quyết định kết nạp (số tháng)"),
    )
    objects = MemberQuerySet.as_manager()

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
                # "unique" puts the message on the field in every ModelForm (the admin's too).
                violation_error_code="unique",
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
            *dates.date_constraints("member", dates.MEMBER_DATES),
        ]
        indexes = [
            models.Index(fields=PERSON_INDEX_FIELDS, name="member_birth_name_idx"),
            models.Index(fields=["grassroots", "decision_date"], name="member_grassroots_date_idx"),
            models.Index(fields=["cell", "decision_date"], name="member_cell_date_idx"),
            # Year-wide counts (the report of a committee above the organisations) read this index only.
            models.Index(fields=["decision_date", "grassroots"], name="member_date_grassroots_idx"),
            models.Index(fields=["status", "probation_end"], name="member_probation_idx"),
            # A LIKE 'prefix%' on PostgreSQL uses an index only with the pattern operator class: the scope
            # (cell_path) and the search by the first digits of a national ID.
            models.Index(
                fields=["cell_path"], name="member_cell_path_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                fields=["national_id"],
                name="member_national_id_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            # The list's sorts (selectors.MEMBER_SORTS), read in index order: without them a national list
            # sorted by status or by cell sorted two million rows for its first 25 (6 to 23 s).
            models.Index(fields=["status", "sort_name", "id"], name="member_status_sort_idx"),
            models.Index(fields=["cell_path", "sort_name", "id"], name="member_cell_sort_idx"),
            models.Index(fields=["sex", "sort_name", "id"], name="member_sex_sort_idx"),
            models.Index(fields=["date_of_birth", "id"], name="member_birth_sort_idx"),
            models.Index(fields=["decision_number", "id"], name="member_number_sort_idx"),
            # The scope of a unit directly under the top (MemberQuerySet.under), in the list's default order.
            # The included columns let PostgreSQL count a province's search by name from the index alone
            # (its planner wants every column the query names, cell_path inside the expression too): for a
            # name of two letters, which no trigram finds, 15 ms instead of 140 ms of scattered table pages.
            models.Index(
                Branch("cell_path"),
                models.F("decision_date").desc(),
                "sort_name",
                "id",
                name="member_branch_idx",
                include=["cell_path", "name_folded"],
            ),
            # The search by name (name_folded LIKE '%…%') has a trigram index on PostgreSQL, made by
            # migration 0012 only there (SQLite has no such index).
        ]

    def __str__(self):
        return self.full_name

    @property
    def age_years(self) -> int | None:
        """Full years of age on the decision date (from `age_months`)."""
        return None if self.age_months is None else self.age_months // 12

    @property
    def grassroots_beside_cell(self) -> Unit | None:
        """The TCCS to name beside the member's cell, or None when the cell is itself the TCCS (a CBCS):
        every page and table names a grassroots cell once."""
        return None if self.grassroots_id == self.cell_id else self.grassroots

    def clean(self):
        """Normalise the text and check the rules of Quy định 232-QĐ/TW that touch this record alone."""
        typed = {name: bool(getattr(self, name)) for name in ("full_name", "decision_number")}
        self.clean_person()
        for field in ("decision_number", "record_number", "card_number", "exception_note"):
            setattr(self, field, text.clean_text(getattr(self, field)))
        self.notes = text.clean_multiline(self.notes)
        implausible = dates.date_errors(self, dates.MEMBER_DATES, timezone.localdate())
        # A name typed as invisible characters only is empty once cleaned: still required.
        errors: dict[str, str] = {
            name: REQUIRED for name, was_typed in typed.items() if was_typed and not getattr(self, name)
        }
        if (
            self.date_of_birth
            and self.decision_date
            and not {"date_of_birth", "decision_date"} & set(implausible)
        ):
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
                # The cell's name already says "Chi bộ"; its TCCS tells look-alike names apart.
                grassroots = self.grassroots if self.grassroots_id and self.grassroots_id != cell.pk else None
                errors["cell"] = _("%(cell)s%(of)s không hoạt động vào ngày quyết định kết nạp.") % {
                    "cell": cell.name,
                    "of": f" ({grassroots.name})" if grassroots else "",
                }
        errors.update(implausible)  # an impossible date is the first thing to say about its field
        if errors:
            raise ValidationError(errors)

    def derive(self, *, grassroots: Unit) -> None:
        """Fill the stored derived fields from the ones people enter.

        `grassroots` is the cell's TCCS, which the caller looks up (admissions.selectors.grassroots_of), as it
        loads the cell, whose path the record copies: a record never queries on its own, and a bulk import
        finds every cell's TCCS in one query.
        """
        self.derive_names()
        self.probation_end = (
            text.add_months(self.ceremony_date, PROBATION_MONTHS) if self.ceremony_date else None
        )
        self.grassroots = grassroots
        self.cell_path = self.cell.path
