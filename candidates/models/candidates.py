"""The candidate for admission (quần chúng ưu tú, cảm tình Đảng) and the dated stages of their file."""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from admissions import dates, text
from admissions.choices import UnitLevel
from admissions.functions import Branch
from admissions.models import (
    MAX_AGE_MONTHS,
    MIN_AGE_MONTHS,
    PERSON_INDEX_FIELDS,
    Member,
    Person,
    Unit,
)
from admissions.models.units import placed_under
from core.pagination import DeferredOffsetQuerySet

from .. import workdays
from ..choices import BEFORE_CELL_STAGES, DECIDING_STAGES, OPEN_OUTCOMES, Outcome, Stage

# The awareness-course certificate is valid for 5 years (Hướng dẫn 12-HD/BTCTW).
CERTIFICATE_VALID_MONTHS = 60
# Introducers have worked or studied with the candidate for at least 12 months.
INTRODUCER_MONTHS = 12
# A former member is re-admitted at least 36 months after leaving.
READMISSION_MONTHS = 36
# How far ahead a certificate counts as "about to expire" on the lists.
CERTIFICATE_WARNING_DAYS = 90
# How far ahead the due list looks at the decision's deadline.
DUE_WITHIN_DAYS = 14


# What "overdue", "due soon" and "certificate expiring" mean, once: the lists (candidates.selectors) filter
# with these and the dashboard (reports.attainment.dashboard) counts with them, so a count and the list it
# links to cannot disagree.


def decision_overdue(today: datetime.date) -> models.Q:
    """Files whose decision's deadline (60 working days from the cell's resolution, plus any extension)
    has passed without a decision."""
    return models.Q(outcome=Outcome.IN_PROGRESS, stage__in=DECIDING_STAGES, decision_due__lt=today)


def decision_due_soon(today: datetime.date) -> models.Q:
    """Files whose decision's deadline falls today or within the next DUE_WITHIN_DAYS days."""
    soon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    return models.Q(
        outcome=Outcome.IN_PROGRESS,
        stage__in=DECIDING_STAGES,
        decision_due__gte=today,
        decision_due__lte=soon,
    )


def certificate_expiring(today: datetime.date) -> models.Q:
    """Files not yet considered by the cell whose course certificate runs out within
    CERTIFICATE_WARNING_DAYS days (or already has)."""
    return models.Q(
        outcome=Outcome.IN_PROGRESS,
        stage__in=BEFORE_CELL_STAGES,
        certificate_valid_until__lte=today + datetime.timedelta(days=CERTIFICATE_WARNING_DAYS),
    )


REQUIRED = _("Trường này là bắt buộc.")

# Each stage date and the dates that must come before it (recorded, and not later). An optional earlier
# stage (the intermediate committee's resolution) is compared only when it is recorded.
DATE_ORDER: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # (date, required earlier dates, optional earlier dates)
    ("certificate_date", ("listed_date",), ()),
    ("application_date", ("certificate_date",), ()),
    ("personal_history_date", ("certificate_date",), ()),
    ("introduction_date", ("certificate_date",), ()),
    ("mass_opinions_date", ("certificate_date",), ()),
    (
        "background_check_date",
        ("application_date", "personal_history_date", "introduction_date", "mass_opinions_date"),
        (),
    ),
    ("cell_resolution_date", ("background_check_date",), ()),
    ("intermediate_resolution_date", ("cell_resolution_date",), ()),
    ("grassroots_resolution_date", ("cell_resolution_date",), ("intermediate_resolution_date",)),
    (
        "submitted_date",
        ("cell_resolution_date",),
        ("intermediate_resolution_date", "grassroots_resolution_date"),
    ),
    ("decision_date", ("submitted_date",), ()),
    ("ceremony_date", ("decision_date",), ()),
)
STAGE_DATE_FIELDS = tuple(name for name, _required, _optional in DATE_ORDER)
CANDIDATE_DATES = {
    "date_of_birth": dates.DateRule(dates.BIRTH_FLOOR, not_future=True),
    "listed_date": dates.EVENT,
    "left_date": dates.EVENT,
    "outcome_date": dates.EVENT,
    **dict.fromkeys(STAGE_DATE_FIELDS, dates.EVENT),
}
# The numbers each dated document carries, cleaned like any typed text.
TEXT_FIELDS = (
    "mentor_name",
    "second_mentor_name",
    "certificate_number",
    "introducer_name",
    "second_introducer_name",
    "youth_union_resolution_number",
    "background_check_conclusion",
    "cell_resolution_number",
    "intermediate_resolution_number",
    "grassroots_resolution_number",
    "decision_number",
    "extension_reason",
    "exception_note",
    "outcome_reason",
)


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def votes_needed(full_members: int) -> int:
    """The fewest votes in favour that make 2/3 of the cell's full members: of 9, 6; of 10, 7."""
    return -(-2 * full_members // 3)


class CandidateQuerySet(DeferredOffsetQuerySet):
    def under(self, unit: Unit) -> CandidateQuerySet:
        """Candidates developed by a cell under `unit`, at any depth (the scope rule of members): read
        through the candidate's own copy of its cell's path (`cell_path`), as a member's, never through a
        join to the organisations or cells of a national tree (admissions.models.units.placed_under)."""
        return placed_under(self, unit)


class Candidate(Person):
    """A non-member whom a cell develops towards admission (quần chúng ưu tú, cảm tình Đảng), with the dated
    stages of their file (DOMAIN.md section 5, stages 1-6) up to the superior committee's decision.

    The decision (9-KNĐ) turns the candidate into the admitted Member through admissions' member service,
    linked both ways (`member`, `member.candidate`). `stage`, the certificate's last valid day and the
    statutory deadlines in working days are derived when the record is saved (the services), so the board
    and the due lists read them in SQL.
    """

    # The person (admissions.models.Person: the boxes the admitted member's record takes over)
    former_member = models.BooleanField(_("đã từng là đảng viên (kết nạp lại)"), default=False)
    left_date = models.DateField(_("ngày ra khỏi Đảng"), null=True, blank=True)
    over_age_exception = models.BooleanField(_("trên 60 tuổi (trường hợp đặc biệt)"), default=False)
    exception_note = models.CharField(_("căn cứ trường hợp đặc biệt"), max_length=255, blank=True)

    # 1. Tạo nguồn: the developing cell and the mentoring full members
    cell = models.ForeignKey(
        Unit, verbose_name=_("chi bộ"), on_delete=models.PROTECT, related_name="candidates"
    )
    grassroots = models.ForeignKey(
        Unit, verbose_name=_("tổ chức cơ sở đảng"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    # The cell's materialised path (Unit.path), copied as a member's is (Member.cell_path): the scope and
    # the board read it with no join; derive() sets it, a unit's move rewrites it (candidates_follow_move).
    cell_path = models.CharField(max_length=255, editable=False, default="")
    listed_date = models.DateField(_("ngày đưa vào danh sách cảm tình Đảng"))
    mentor_name = models.CharField(_("đảng viên giúp đỡ"), max_length=120)
    second_mentor_name = models.CharField(_("đảng viên giúp đỡ thứ hai"), max_length=120, blank=True)
    # 2. Lớp bồi dưỡng nhận thức về Đảng
    certificate_number = models.CharField(
        _("số giấy chứng nhận lớp nhận thức về Đảng"), max_length=64, blank=True
    )
    certificate_date = models.DateField(_("ngày cấp giấy chứng nhận"), null=True, blank=True)
    # 3. Hồ sơ
    application_date = models.DateField(_("ngày đơn xin vào Đảng (1-KNĐ)"), null=True, blank=True)
    personal_history_date = models.DateField(
        _("ngày lý lịch người xin vào Đảng (2-KNĐ)"), null=True, blank=True
    )
    introduction_date = models.DateField(_("ngày giấy giới thiệu (3-KNĐ, 4-KNĐ)"), null=True, blank=True)
    introducer_name = models.CharField(_("đảng viên giới thiệu"), max_length=120, blank=True)
    introducer_since = models.DateField(_("cùng công tác, học tập từ ngày"), null=True, blank=True)
    second_introducer_name = models.CharField(_("đảng viên giới thiệu thứ hai"), max_length=120, blank=True)
    second_introducer_since = models.DateField(
        _("cùng công tác, học tập từ ngày (người thứ hai)"), null=True, blank=True
    )
    youth_union_resolution_number = models.CharField(
        _("số nghị quyết giới thiệu của Đoàn (4-KNĐ)"), max_length=64, blank=True
    )
    mass_opinions_date = models.DateField(
        _("ngày nhận xét của đoàn thể, chi ủy nơi cư trú (5-KNĐ)"), null=True, blank=True
    )
    # 4. Thẩm tra lý lịch
    background_check_date = models.DateField(_("ngày kết luận thẩm tra lý lịch"), null=True, blank=True)
    background_check_conclusion = models.CharField(_("kết luận thẩm tra lý lịch"), max_length=255, blank=True)
    # 5. Nghị quyết
    cell_resolution_number = models.CharField(_("số nghị quyết chi bộ (6-KNĐ)"), max_length=64, blank=True)
    cell_resolution_date = models.DateField(_("ngày nghị quyết chi bộ"), null=True, blank=True)
    cell_full_members = models.PositiveSmallIntegerField(
        _("số đảng viên chính thức của chi bộ"), null=True, blank=True
    )
    cell_present = models.PositiveSmallIntegerField(
        _("số đảng viên chính thức có mặt"), null=True, blank=True
    )
    cell_in_favour = models.PositiveSmallIntegerField(
        _("số đảng viên chính thức tán thành"), null=True, blank=True
    )
    intermediate_resolution_number = models.CharField(
        _("số nghị quyết đảng ủy bộ phận (7-KNĐ)"), max_length=64, blank=True
    )
    intermediate_resolution_date = models.DateField(
        _("ngày nghị quyết đảng ủy bộ phận"), null=True, blank=True
    )
    grassroots_resolution_number = models.CharField(
        _("số nghị quyết đảng ủy cơ sở (8-KNĐ)"), max_length=64, blank=True
    )
    grassroots_resolution_date = models.DateField(_("ngày nghị quyết đảng ủy cơ sở"), null=True, blank=True)
    submitted_date = models.DateField(_("ngày trình cấp ủy cấp trên"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc gia hạn"),
        default=0,
        validators=[MaxValueValidator(workdays.DECISION_EXTENSION_MAX)],
        help_text=_("Tối đa 30 ngày làm việc, ghi rõ lý do."),
    )
    extension_reason = models.CharField(_("lý do gia hạn"), max_length=255, blank=True)
    # 6. Quyết định kết nạp (9-KNĐ), and the other outcomes
    decision_number = models.CharField(_("số quyết định kết nạp"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định kết nạp"), null=True, blank=True)
    ceremony_date = models.DateField(_("ngày lễ kết nạp"), null=True, blank=True)
    outcome = models.CharField(
        _("kết quả"), max_length=16, choices=Outcome.choices, default=Outcome.IN_PROGRESS
    )
    outcome_date = models.DateField(_("ngày ghi kết quả"), null=True, blank=True)
    outcome_reason = models.CharField(_("lý do"), max_length=255, blank=True)
    member = models.OneToOneField(
        Member,
        verbose_name=_("hồ sơ đảng viên mới"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidate",
        editable=False,
    )
    notes = models.TextField(_("ghi chú"), blank=True)

    # Derived
    stage = models.CharField(
        _("giai đoạn"), max_length=16, choices=Stage.choices, editable=False, default=Stage.SYMPATHISER
    )
    certificate_valid_until = models.DateField(_("chứng chỉ còn giá trị đến"), null=True, editable=False)
    decision_due = models.DateField(_("hạn ra quyết định kết nạp"), null=True, editable=False)
    ceremony_due = models.DateField(_("hạn tổ chức lễ kết nạp"), null=True, editable=False)
    objects = CandidateQuerySet.as_manager()

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
        verbose_name = _("quần chúng ưu tú")
        verbose_name_plural = _("quần chúng ưu tú")
        ordering = ["sort_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                # One open file per person; a closed one (not admitted, withdrawn) may be followed by another.
                fields=["national_id"],
                condition=models.Q(outcome__in=OPEN_OUTCOMES),
                name="candidate_open_national_id_unique",
                violation_error_message=_("Số CCCD này đã có trong một hồ sơ quần chúng đang xem xét."),
                violation_error_code="unique",
            ),
            models.CheckConstraint(
                condition=models.Q(extension_days__lte=workdays.DECISION_EXTENSION_MAX),
                name="candidate_extension_at_most_30",
                violation_error_message=_("Gia hạn tối đa 30 ngày làm việc."),
            ),
            *dates.date_constraints("candidate", CANDIDATE_DATES),
        ]
        indexes = [
            models.Index(fields=PERSON_INDEX_FIELDS, name="candidate_birth_name_idx"),
            models.Index(fields=["grassroots", "stage"], name="candidate_grassroots_stage_idx"),
            models.Index(fields=["stage", "decision_due"], name="candidate_decision_due_idx"),
            models.Index(fields=["stage", "certificate_valid_until"], name="candidate_certificate_idx"),
            # The scope (CandidateQuerySet.under) in the list's order (sort_name, id): a prefix below the
            # provinces, a province's branch, the nation's whole list. The branch index includes what a
            # search by name needs, so a province's count of "nguyen van" reads the index alone (PostgreSQL
            # wants every column the query names, cell_path inside the expression too).
            models.Index(
                fields=["cell_path"], name="candidate_cell_path_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                Branch("cell_path"),
                "sort_name",
                "id",
                name="candidate_branch_idx",
                include=["cell_path", "name_folded"],
            ),
            models.Index(fields=["sort_name", "id"], name="candidate_sort_idx"),
        ]

    def __str__(self):
        return self.full_name

    # Which stage the dates say -----------------------------------------------------------------------

    @property
    def introductions_complete(self) -> bool:
        """Two introducing full members (3-KNĐ), or one and the Youth Union's resolution (4-KNĐ)."""
        second = bool(self.second_introducer_name) or bool(self.youth_union_resolution_number)
        return bool(self.introduction_date and self.introducer_name and second)

    @property
    def file_complete(self) -> bool:
        return bool(
            self.application_date
            and self.personal_history_date
            and self.introductions_complete
            and self.mass_opinions_date
        )

    @property
    def needs_grassroots_resolution(self) -> bool:
        """A subordinate cell's resolution goes to its grassroots committee (8-KNĐ); a grassroots cell
        (CBCS) is its own grassroots organisation."""
        return self.cell.level == UnitLevel.SUBORDINATE_CELL

    def stage_from_dates(self) -> str:
        if self.outcome != Outcome.IN_PROGRESS:
            return self.outcome
        if self.submitted_date:
            return Stage.SUBMITTED
        if self.grassroots_resolution_date:
            return Stage.GRASSROOTS
        if self.cell_resolution_date:
            return Stage.CELL
        if self.background_check_date:
            return Stage.BACKGROUND
        if self.file_complete:
            return Stage.FILE
        if self.certificate_date:
            return Stage.COURSE
        return Stage.SYMPATHISER

    def timeline(self) -> list[tuple[str, datetime.date]]:
        """The file's recorded steps in order, each with its date (the candidate's page)."""
        return [
            (capfirst(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in ("listed_date", *STAGE_DATE_FIELDS)
            if getattr(self, name)
        ]

    # Rules of one record -----------------------------------------------------------------------------

    def clean(self):
        """Normalise the text and check the rules of the pipeline that touch this record alone (Quy định
        232-QĐ/TW, Hướng dẫn 12-HD/BTCTW). The deadlines in working days need the committee's days off:
        deadline_errors(), called by the services once derive() has computed them."""
        self.clean_person()
        for field in TEXT_FIELDS:
            setattr(self, field, text.clean_text(getattr(self, field)))
        self.notes = text.clean_multiline(self.notes)
        implausible = dates.date_errors(self, CANDIDATE_DATES, timezone.localdate())
        errors: dict[str, str] = {}
        if not self.full_name:
            errors["full_name"] = REQUIRED
        if not self.mentor_name:
            errors["mentor_name"] = REQUIRED
        self._check_date_order(errors)
        self._check_documents(errors)
        self._check_introducers(errors)
        self._check_cell_resolution(errors, implausible)
        self._check_outcome(errors)
        if self.cell_id:
            if not self.cell.is_cell:
                errors["cell"] = _(
                    "Quần chúng được phát triển tại một chi bộ (chi bộ cơ sở hoặc chi bộ trực thuộc)."
                )
            elif (
                self.submitted_date
                and self.needs_grassroots_resolution
                and not self.grassroots_resolution_date
            ):
                errors["grassroots_resolution_date"] = _(
                    "Chi bộ trực thuộc: cần nghị quyết của đảng ủy cơ sở (8-KNĐ) trước khi trình cấp trên."
                )
        for name in [name for name in errors if name in implausible]:
            del errors[name]
        errors.update(implausible)  # an impossible date is the first thing to say about its field
        if errors:
            raise ValidationError(errors)

    def _label(self, name: str) -> str:
        label = str(self._meta.get_field(name).verbose_name)
        return label[:1].upper() + label[1:]

    def _check_date_order(self, errors: dict) -> None:
        for name, required, optional in DATE_ORDER:
            day = getattr(self, name)
            if day is None or name in errors:
                continue
            for earlier in required:
                if getattr(self, earlier) is None:
                    errors[name] = _("Cần ghi %(earlier)s trước khi ghi %(later)s.") % {
                        "earlier": self._meta.get_field(earlier).verbose_name,
                        "later": self._meta.get_field(name).verbose_name,
                    }
                    break
            else:
                for earlier in (*required, *optional):
                    before = getattr(self, earlier)
                    if before is not None and day < before:
                        errors[name] = _("%(later)s không được trước %(earlier)s (%(day)s).") % {
                            "later": self._label(name),
                            "earlier": self._meta.get_field(earlier).verbose_name,
                            "day": _day(before),
                        }
                        break

    def _check_documents(self, errors: dict) -> None:
        """A dated document carries its number; a number without its date is half a record."""
        for number, day in (
            ("certificate_number", "certificate_date"),
            ("cell_resolution_number", "cell_resolution_date"),
            ("intermediate_resolution_number", "intermediate_resolution_date"),
            ("grassroots_resolution_number", "grassroots_resolution_date"),
            ("decision_number", "decision_date"),
        ):
            if getattr(self, day) and not getattr(self, number):
                errors.setdefault(number, REQUIRED)
            elif getattr(self, number) and not getattr(self, day):
                errors.setdefault(day, REQUIRED)
        if self.background_check_date and not self.background_check_conclusion:
            errors.setdefault("background_check_conclusion", REQUIRED)
        if self.extension_days and not self.extension_reason:
            errors.setdefault(
                "extension_reason", _("Ghi lý do gia hạn thời gian xem xét, quyết định kết nạp.")
            )
        if self.over_age_exception and not self.exception_note:
            errors.setdefault("exception_note", _("Ghi căn cứ của trường hợp đặc biệt."))
        if self.former_member and not self.left_date:
            errors.setdefault("left_date", _("Người kết nạp lại: ghi ngày ra khỏi Đảng."))

    def _check_introducers(self, errors: dict) -> None:
        if not self.introduction_date:
            return
        if not self.introducer_name:
            errors.setdefault("introducer_name", _("Ghi đảng viên chính thức giới thiệu (3-KNĐ)."))
        if not self.second_introducer_name and not self.youth_union_resolution_number:
            errors.setdefault(
                "second_introducer_name",
                _(
                    "Cần hai đảng viên chính thức giới thiệu, hoặc một đảng viên và nghị quyết của Đoàn (4-KNĐ)."
                ),
            )
        if self.youth_union_resolution_number and not self.youth_union:
            errors.setdefault(
                "youth_union_resolution_number",
                _("Chỉ đoàn viên TNCS Hồ Chí Minh mới được Đoàn giới thiệu (4-KNĐ)."),
            )
        for name, since in (
            ("introducer_name", "introducer_since"),
            ("second_introducer_name", "second_introducer_since"),
        ):
            if not getattr(self, name):
                continue
            day = getattr(self, since)
            if day is None:
                errors.setdefault(since, _("Ghi ngày bắt đầu cùng công tác, học tập với người vào Đảng."))
            elif text.add_months(day, INTRODUCER_MONTHS) > self.introduction_date:
                errors.setdefault(
                    since,
                    _(
                        "Người giới thiệu phải cùng công tác, học tập với người vào Đảng ít nhất 12 tháng: "
                        "chỉ đủ từ %(day)s."
                    )
                    % {"day": _day(text.add_months(day, INTRODUCER_MONTHS))},
                )

    def _check_cell_resolution(self, errors: dict, implausible: dict) -> None:
        """At the cell's consideration: age 18-60 in months, a valid certificate, 36 months since leaving,
        and 2/3 of the cell's full members in favour."""
        considered = self.cell_resolution_date
        if considered is None or "cell_resolution_date" in implausible:
            return
        if self.date_of_birth and "date_of_birth" not in implausible:
            months = text.age_in_months(self.date_of_birth, considered)
            if months < MIN_AGE_MONTHS:
                errors.setdefault(
                    "date_of_birth",
                    _("Chưa đủ 18 tuổi khi chi bộ xét (mới %(years)s tuổi %(months)s tháng).")
                    % {"years": months // 12, "months": months % 12},
                )
            elif months > MAX_AGE_MONTHS and not self.over_age_exception:
                errors.setdefault(
                    "date_of_birth",
                    _(
                        "Quá 60 tuổi khi chi bộ xét (%(years)s tuổi %(months)s tháng): chỉ xét khi là trường hợp "
                        "đặc biệt, đánh dấu ô trường hợp đặc biệt và ghi căn cứ."
                    )
                    % {"years": months // 12, "months": months % 12},
                )
        if self.certificate_date and considered > certificate_last_day(self.certificate_date):
            errors.setdefault(
                "certificate_date",
                _("Giấy chứng nhận lớp nhận thức về Đảng hết giá trị từ %(day)s, trước khi chi bộ xét.")
                % {"day": _day(certificate_last_day(self.certificate_date) + datetime.timedelta(days=1))},
            )
        if (
            self.former_member
            and self.left_date
            and considered < text.add_months(self.left_date, READMISSION_MONTHS)
        ):
            errors.setdefault(
                "left_date",
                _("Kết nạp lại phải sau khi ra khỏi Đảng ít nhất 36 tháng: chi bộ chỉ được xét từ %(day)s.")
                % {"day": _day(text.add_months(self.left_date, READMISSION_MONTHS))},
            )
        full, present, votes = self.cell_full_members, self.cell_present, self.cell_in_favour
        for name, value in (
            ("cell_full_members", full),
            ("cell_present", present),
            ("cell_in_favour", votes),
        ):
            if value is None:
                errors.setdefault(name, _("Ghi kết quả biểu quyết của chi bộ."))
        if None in (full, present, votes):
            return
        if present > full:
            errors.setdefault("cell_present", _("Số có mặt không được lớn hơn số đảng viên chính thức."))
        elif votes > present:
            errors.setdefault("cell_in_favour", _("Số tán thành không được lớn hơn số có mặt."))
        elif votes < votes_needed(full):
            errors.setdefault(
                "cell_in_favour",
                _(
                    "Nghị quyết cần ít nhất 2/3 số đảng viên chính thức của chi bộ tán thành: %(needed)s trên "
                    "%(full)s, mới có %(votes)s."
                )
                % {"needed": votes_needed(full), "full": full, "votes": votes},
            )

    def _check_outcome(self, errors: dict) -> None:
        if self.outcome == Outcome.ADMITTED:
            if not self.decision_date:
                errors.setdefault("decision_date", REQUIRED)
        elif self.decision_date or self.decision_number:
            errors.setdefault(
                "decision_date",
                _("Quyết định kết nạp được ghi bằng thao tác Kết nạp, cùng lúc tạo hồ sơ đảng viên."),
            )
        if self.outcome in (Outcome.NOT_ADMITTED, Outcome.WITHDRAWN, Outcome.PAUSED):
            if not self.outcome_reason:
                errors.setdefault("outcome_reason", _("Ghi lý do."))
            if not self.outcome_date:
                errors.setdefault("outcome_date", REQUIRED)

    # Derived values and the deadlines ----------------------------------------------------------------

    def derive(self, *, grassroots: Unit, days_off: Collection[datetime.date]) -> None:
        """Fill the stored derived fields: the stage, the certificate's last valid day and the deadlines in
        working days (`days_off`: the committees' own days off, Việt Nam's public holidays come with
        workdays). The caller looks up the cell's TCCS and the days off: a record never queries on its own."""
        self.grassroots = grassroots
        self.cell_path = self.cell.path
        self.derive_names()
        self.stage = self.stage_from_dates()
        self.certificate_valid_until = (
            certificate_last_day(self.certificate_date) if self.certificate_date else None
        )
        self.decision_due = (
            workdays.add_working_days(
                self.cell_resolution_date,
                workdays.DECISION_WORKING_DAYS + (self.extension_days or 0),
                days_off,
            )
            if self.cell_resolution_date
            else None
        )
        self.ceremony_due = (
            workdays.add_working_days(self.decision_date, workdays.CEREMONY_WORKING_DAYS, days_off)
            if self.decision_date
            else None
        )

    def deadline_errors(self) -> dict[str, str]:
        """The statutory deadlines, once derive() has computed them: the decision within 60 working days of
        the cell's resolution (30 more with a reason), the ceremony within 30 working days of the decision."""
        errors = {}
        if self.decision_date and self.decision_due and self.decision_date > self.decision_due:
            errors["decision_date"] = _(
                "Quá hạn: quyết định kết nạp phải trong %(days)s ngày làm việc kể từ nghị quyết chi bộ, tức đến "
                "hết %(day)s. Nếu được gia hạn (tối đa 30 ngày làm việc), ghi số ngày và lý do."
            ) % {
                "days": workdays.DECISION_WORKING_DAYS + (self.extension_days or 0),
                "day": _day(self.decision_due),
            }
        if self.ceremony_date and self.ceremony_due and self.ceremony_date > self.ceremony_due:
            errors["ceremony_date"] = _(
                "Quá hạn: lễ kết nạp phải tổ chức trong 30 ngày làm việc kể từ ngày quyết định, tức đến hết %(day)s."
            ) % {"day": _day(self.ceremony_due)}
        return errors


def certificate_last_day(issued: datetime.date) -> datetime.date:
    """The last day an awareness-course certificate is valid: the day before its fifth anniversary."""
    return text.add_months(issued, CERTIFICATE_VALID_MONTHS) - datetime.timedelta(days=1)
