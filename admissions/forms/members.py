"""The member's record form and the end-of-probation form."""

import copy
import datetime
import re

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, VietnameseForm

from .. import selectors
from ..choices import MemberStatus
from ..models import BACKGROUND_FIELDS, IDENTITY_FIELDS, Member, Unit, display_value
from ..text import fold, mask_national_id
from .fields import UnitSearchField

MEMBER_FIELDSETS = [
    (_("Thông tin cá nhân"), list(IDENTITY_FIELDS)),
    (_("Học vấn và nghề nghiệp"), list(BACKGROUND_FIELDS)),
    (
        _("Kết nạp"),
        [
            "cell",
            "decision_number",
            "decision_date",
            "ceremony_date",
            "status",
            "confirmation_date",
            "struck_off_date",
            "readmission",
            "over_age_exception",
            "exception_note",
            "record_number",
            "card_number",
            "notes",
        ],
    ),
]


def member_sections(member: Member, *, full_id: bool = False) -> list[tuple[str, list[tuple[str, str]]]]:
    """The record laid out as the form's groups, for the detail page: (legend, [(label, value)]); the
    national ID masked to its last 4 digits unless `full_id`."""

    def shown(name: str) -> str:
        if name == "national_id" and not full_id:
            return mask_national_id(member.national_id) or "—"
        return display_value(member, name)

    return [
        (legend, [(capfirst(Member._meta.get_field(n).verbose_name), shown(n)) for n in names])
        for legend, names in MEMBER_FIELDSETS
    ]


class MemberForm(VietnameseForm, forms.ModelForm):
    """A member's record, in the three groups of the paper form."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The record as the editor loaded it (signed), so that when someone else saves first the page can show
    # what they changed: old -> theirs -> yours.
    original = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm_duplicate = forms.BooleanField(
        required=False, label=_("Tôi đã kiểm tra: đây là một người khác, vẫn lưu hồ sơ này.")
    )

    class Meta:
        model = Member
        fields = [name for _legend, names in MEMBER_FIELDSETS for name in names]
        field_classes = {"cell": UnitSearchField}
        widgets = {
            "date_of_birth": DateInput,
            "decision_date": DateInput,
            "ceremony_date": DateInput,
            "confirmation_date": DateInput,
            "struck_off_date": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "national_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
        }
        # What each box takes, shown under it (dates are typed dd/mm/yyyy; the starred boxes are required).
        help_texts = {
            "full_name": _("Viết đầy đủ, có dấu, như trên căn cước."),
            "date_of_birth": _("Dạng dd/mm/yyyy, ví dụ 02/09/1999; đủ 18 đến 60 tuổi vào ngày quyết định."),
            "national_id": _("12 chữ số, giữ các số 0 ở đầu, ví dụ 001099012345. Để trống nếu chưa có."),
            "cell": _("Gõ vài chữ của tên hoặc mã chi bộ (không cần dấu) rồi chọn trong danh sách."),
            "decision_number": _(
                "Số thứ tự, “-QĐ/” và chữ viết tắt của cấp ủy ra quyết định, ví dụ 201-QĐ/HU hoặc 15-QĐ/ĐU."
            ),
            "decision_date": _(
                "Ngày ký quyết định, dạng dd/mm/yyyy: đảng viên được tính vào kết quả của năm này."
            ),
            "ceremony_date": _(
                "Dạng dd/mm/yyyy; 12 tháng dự bị tính từ ngày này. Để trống nếu chưa tổ chức."
            ),
            "confirmation_date": _("Dạng dd/mm/yyyy; bắt buộc khi trạng thái là Chính thức."),
            "struck_off_date": _("Dạng dd/mm/yyyy; bắt buộc khi trạng thái là Xóa tên."),
            "exception_note": _("Bắt buộc khi kết nạp trên 60 tuổi: số, ngày của văn bản cho phép."),
        }

    def __init__(self, *args, user, scope: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.user = user
        self.duplicates = selectors.PossibleDuplicates(visible=[], elsewhere=False)
        self.fields["cell"].queryset = selectors.cell_choices(user)
        self.fields["cell"].top_depth = scope.depth
        self.conflicts: list[dict] = []
        if self.instance.pk:
            del self.fields["confirm_duplicate"]
            self.fields["version"].required = True
            self.initial.setdefault("version", self.instance.version)
            self.initial.setdefault("original", self._signed_values(self.instance))
        else:
            del self.fields["version"]
            del self.fields["original"]

    def clean_decision_number(self):
        number = normalise_decision_number(self.cleaned_data["decision_number"])
        if not DECISION_NUMBER.match(number):
            raise ValidationError(
                _(
                    "Số quyết định gồm số thứ tự, “-QĐ/” và chữ viết tắt của cấp ủy ra quyết định, "
                    "ví dụ 201-QĐ/HU."
                ),
                code="decision_number_form",
            )
        return number

    def _check_decision_committee(self, cleaned: dict) -> None:
        """The decision's committee is one above the cell (the cell's Đảng ủy, the district, the province)."""
        match = DECISION_NUMBER.match(cleaned.get("decision_number") or "")
        cell = cleaned.get("cell")
        if not match or cell is None:
            return
        committees = selectors.deciding_committees(cell)
        if committees and match["committee"] not in committees:
            self.add_error(
                "decision_number",
                _("“%(abbr)s” không phải cấp ủy cấp trên của chi bộ này; có thể là: %(known)s.")
                % {"abbr": match["committee"], "known": ", ".join(sorted(committees))},
            )

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in MEMBER_FIELDSETS]

    def clean(self):
        cleaned = super().clean()
        self._check_decision_committee(cleaned)
        name, born = cleaned.get("full_name"), cleaned.get("date_of_birth")
        if self.instance.pk or not name or not born or cleaned.get("confirm_duplicate"):
            return cleaned
        self.duplicates = selectors.member_duplicates(
            user=self.user, full_name_folded=fold(name), date_of_birth=born
        )
        if self.duplicates:
            raise ValidationError(
                _(
                    "Đã có hồ sơ cùng họ tên và ngày sinh (xem bên dưới). Nếu đây là một người khác, "
                    "đánh dấu ô xác nhận rồi bấm Lưu lần nữa."
                ),
                code="possible_duplicate",
            )
        return cleaned

    @classmethod
    def _shown_values(cls, member: Member) -> dict[str, str]:
        return {name: display_value(member, name) for name in cls._meta.fields}

    def _signed_values(self, member: Member) -> str:
        return signing.dumps(self._shown_values(member), salt=ORIGINAL_SALT)

    def rebase(self, current: Member) -> None:
        """Someone else saved `current` after this form was loaded: keep the user's typing, take the other
        person's change of every field the user left alone, and list each field they changed as
        (label, old, theirs, yours). The form then carries the current version: saving again applies the
        user's changes over theirs, knowingly."""
        try:
            old = signing.loads(self.data.get(self.add_prefix("original"), ""), salt=ORIGINAL_SALT)
        except signing.BadSignature:
            old = {}
        mine = copy.copy(current)
        for name, value in self.member_fields().items():
            setattr(mine, name, value)
        theirs, yours = self._shown_values(current), self._shown_values(mine)
        data = self.data.copy()
        for name in self._meta.fields:
            if name not in old or theirs[name] == old[name]:
                continue
            mine_too = yours[name] != old[name]
            self.conflicts.append(
                {
                    "label": self[name].label,
                    "old": old[name],
                    "theirs": theirs[name],
                    "yours": yours[name],
                    "both": mine_too and yours[name] != theirs[name],
                }
            )
            if not mine_too:
                self._set_data(data, name, getattr(current, name))
        data[self.add_prefix("version")] = str(current.version)
        data[self.add_prefix("original")] = self._signed_values(current)
        self.data = data

    def _set_data(self, data, name: str, value) -> None:
        """Put a record's value into the submitted data, as its widget would have sent it."""
        key = self.add_prefix(name)
        if isinstance(self.fields[name], forms.BooleanField):
            if value:
                data[key] = "on"
            else:
                data.pop(key, None)
        elif isinstance(value, datetime.date):
            data[key] = value.strftime("%d/%m/%Y")
        else:
            data[key] = "" if value is None else str(getattr(value, "pk", value))

    def member_fields(self) -> dict:
        """The cleaned values a service takes (without the form's own bookkeeping fields)."""
        return {name: value for name, value in self.cleaned_data.items() if name in self._meta.fields}


ORIGINAL_SALT = "admissions.member-edit.original"

# An admission decision's number: its running number, "-QĐ/", the abbreviation of the committee that took it
# ("201-QĐ/HU": Huyện ủy; "15-QĐ/ĐU": a grassroots Đảng ủy it was delegated to).
DECISION_NUMBER = re.compile(r"^(?P<serial>\d{1,6})-QĐ/(?P<committee>[A-ZĐ]{2,10})$")


def normalise_decision_number(number: str) -> str:
    """The usual slips of typing fixed: spaces, lower case, a plain D for Đ ("201-qd/hu" -> "201-QĐ/HU")."""
    number = re.sub(r"\s+", "", number).upper()
    return re.sub(r"-QD/", "-QĐ/", number)


def next_decision_number(number: str) -> str:
    """The number that follows in a batch: "201-QĐ/HU" -> "202-QĐ/HU" (zero padding kept: "009" -> "010");
    a number without a running number is carried as it is."""
    match = re.match(r"^(\d+)(.*)$", number)
    if not match:
        return number
    serial, rest = match.groups()
    return f"{int(serial) + 1:0{len(serial)}d}{rest}"


class MemberOutcomeForm(VietnameseForm, forms.Form):
    """End of probation: confirmed as a full member, or struck off."""

    outcome = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[(MemberStatus.FULL, _("Công nhận chính thức")), (MemberStatus.STRUCK_OFF, _("Xóa tên"))],
        widget=forms.RadioSelect,
    )
    day = forms.DateField(label=_("Ngày quyết định"), widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
