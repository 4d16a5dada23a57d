"""Forms of the pipeline's pages: the candidate's own record, the next stage of one file, the decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions import selectors as admissions_selectors
from admissions.forms import UnitSearchField
from admissions.models import PERSON_FIELDS
from core.forms import DateInput, VietnameseForm

from .choices import CLOSING_OUTCOMES, Stage
from .models import STAGE_DATE_FIELDS, Candidate

CANDIDATE_FIELDSETS = [
    (_("Người vào Đảng"), list(PERSON_FIELDS)),
    (_("Chi bộ và đảng viên giúp đỡ"), ["cell", "listed_date", "mentor_name", "second_mentor_name"]),
    (
        _("Trường hợp riêng"),
        ["former_member", "left_date", "over_age_exception", "exception_note", "notes"],
    ),
]

# The boxes of the next step of a file, by the stage it has reached (the stage action of one candidate).
NEXT_STEP_FIELDS = {
    Stage.SYMPATHISER: ("certificate_number", "certificate_date"),
    Stage.COURSE: (
        "application_date",
        "personal_history_date",
        "introduction_date",
        "introducer_name",
        "introducer_since",
        "second_introducer_name",
        "second_introducer_since",
        "youth_union_resolution_number",
        "mass_opinions_date",
    ),
    Stage.FILE: ("background_check_date", "background_check_conclusion"),
    Stage.BACKGROUND: (
        "cell_resolution_number",
        "cell_resolution_date",
        "cell_full_members",
        "cell_present",
        "cell_in_favour",
    ),
    Stage.CELL: (
        "intermediate_resolution_number",
        "intermediate_resolution_date",
        "grassroots_resolution_number",
        "grassroots_resolution_date",
        "submitted_date",
        "extension_days",
        "extension_reason",
    ),
    Stage.GRASSROOTS: ("submitted_date", "extension_days", "extension_reason"),
}
# A grassroots cell (CBCS) is its own grassroots organisation: after its resolution the file is submitted.
GRASSROOTS_ONLY = {
    "intermediate_resolution_number",
    "intermediate_resolution_date",
    "grassroots_resolution_number",
    "grassroots_resolution_date",
}


class CandidateForm(VietnameseForm, forms.ModelForm):
    """The candidate's own record (the person, the cell, the mentors); the stages have their own action."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Candidate
        fields = [name for _legend, names in CANDIDATE_FIELDSETS for name in names]
        field_classes = {"cell": UnitSearchField}
        widgets = {
            "date_of_birth": DateInput,
            "listed_date": DateInput,
            "left_date": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "national_id": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12}),
        }
        help_texts = {
            "date_of_birth": _("Dạng dd/mm/yyyy; đủ 18 đến 60 tuổi khi chi bộ xét."),
            "cell": _("Gõ vài chữ của tên hoặc mã chi bộ (không cần dấu) rồi chọn trong danh sách."),
            "left_date": _("Chỉ với người kết nạp lại: chi bộ được xét sau ít nhất 36 tháng."),
        }

    def __init__(self, *args, user, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = admissions_selectors.cell_choices(user)
        self.fields["cell"].top_depth = scope.depth
        if self.instance.pk:
            self.fields["version"].required = True
            self.initial.setdefault("version", self.instance.version)
        else:
            del self.fields["version"]

    def _post_clean(self):
        # The service validates the whole record (candidate_create, candidate_update) and its errors come
        # back onto the form: a model rule about a box this form does not hold is said above it.
        pass

    @property
    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in CANDIDATE_FIELDSETS]

    def candidate_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def _stage_widgets():
    return dict.fromkeys(STAGE_DATE_FIELDS, DateInput) | {
        "introducer_since": DateInput,
        "second_introducer_since": DateInput,
    }


class StageForm(VietnameseForm, forms.ModelForm):
    """The next step of one file: only its boxes (NEXT_STEP_FIELDS), written through candidate_update."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Candidate
        fields = sorted({name for names in NEXT_STEP_FIELDS.values() for name in names})
        widgets = _stage_widgets()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = set(NEXT_STEP_FIELDS.get(self.instance.stage, ()))
        if not self.instance.needs_grassroots_resolution:
            wanted -= GRASSROOTS_ONLY
        order = NEXT_STEP_FIELDS.get(self.instance.stage, ())
        for name in list(self.fields):
            if name != "version" and name not in wanted:
                del self.fields[name]
        self.order_fields([name for name in order if name in self.fields])
        self.initial.setdefault("version", self.instance.version)

    def _post_clean(self):
        pass  # as CandidateForm's: the service checks the record with every stage

    def stage_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name not in ("version", "submission_token")
        }


class AdmitForm(VietnameseForm, forms.Form):
    """The superior committee's decision (9-KNĐ), which creates the admitted member."""

    decision_number = forms.CharField(
        label=_("Số quyết định kết nạp"), max_length=64, help_text=_("Ví dụ 201-QĐ/HU.")
    )
    decision_date = forms.DateField(label=_("Ngày quyết định kết nạp"), widget=DateInput)
    ceremony_date = forms.DateField(label=_("Ngày lễ kết nạp"), widget=DateInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CloseForm(VietnameseForm, forms.ModelForm):
    """A file that stops without admission: not admitted, withdrawn, or paused (it may resume), with the day
    and the reason (candidate_close)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Candidate
        fields = ["outcome", "outcome_date", "outcome_reason"]
        widgets = {"outcome_date": DateInput, "outcome": forms.RadioSelect}
        labels = {"outcome": _("Kết quả"), "outcome_date": _("Ngày")}
        help_texts = {"outcome_reason": _("Ví dụ: chi bộ không đủ 2/3 tán thành; chuyển công tác; xin rút.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(outcome.value, outcome.label) for outcome in CLOSING_OUTCOMES]
        self.fields["outcome_date"].required = True
        self.fields["outcome_reason"].required = True
        self.initial.setdefault("version", self.instance.version)
        self.initial["outcome"] = None  # the file is in progress: nothing is chosen yet

    def _post_clean(self):
        pass  # the service validates the record and says what is wrong, on these fields


class VersionForm(VietnameseForm, forms.Form):
    """A one-button action on a file (resume a paused one): only the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)


# The most files one batch takes (a page of the list at its largest).
BATCH_MAX = 100
# Boxes that differ from one person to the next in a batch: one per candidate, the others shared.
INDIVIDUAL_FIELDS = ("certificate_number",)


class BatchStageForm(VietnameseForm, forms.Form):
    """The next step of several files at the same stage (everyone who finished one course, the files one
    committee's resolution covers): the step's shared boxes once, a box per person where each has their own
    (the certificate's number), and the version each file had on the page (candidates_advance)."""

    def __init__(self, *args, candidates, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates, self.stage = list(candidates), stage
        names = [name for name in NEXT_STEP_FIELDS[stage] if name not in INDIVIDUAL_FIELDS]
        if not any(candidate.needs_grassroots_resolution for candidate in self.candidates):
            names = [name for name in names if name not in GRASSROOTS_ONLY]
        shared = forms.fields_for_model(Candidate, fields=names, widgets=_stage_widgets())
        for name in names:
            self.fields[name] = shared[name]
        for candidate in self.candidates:
            self.fields[f"version_{candidate.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=candidate.version
            )
            for name in INDIVIDUAL_FIELDS:
                if name in NEXT_STEP_FIELDS[stage]:
                    field = forms.fields_for_model(Candidate, fields=[name])[name]
                    field.label = candidate.full_name
                    self.fields[f"{name}_{candidate.pk}"] = field
        self.shared_names = names

    @property
    def shared_fields(self):
        return [self[name] for name in self.shared_names]

    @property
    def person_rows(self):
        """(candidate, its own boxes) for the page's table."""
        return [
            (
                candidate,
                [
                    self[f"{name}_{candidate.pk}"]
                    for name in INDIVIDUAL_FIELDS
                    if f"{name}_{candidate.pk}" in self.fields
                ],
            )
            for candidate in self.candidates
        ]

    def changes(self) -> list[tuple]:
        """(candidate, the version the page showed, its fields) for candidates_advance."""
        shared = {name: self.cleaned_data[name] for name in self.shared_names}
        out = []
        for candidate in self.candidates:
            own = {
                name: self.cleaned_data[f"{name}_{candidate.pk}"]
                for name in INDIVIDUAL_FIELDS
                if f"{name}_{candidate.pk}" in self.cleaned_data
            }
            fields = shared | own
            if not candidate.needs_grassroots_resolution:
                fields = {name: value for name, value in fields.items() if name not in GRASSROOTS_ONLY}
            out.append((candidate, self.cleaned_data[f"version_{candidate.pk}"], fields))
        return out


class DayOffForm(VietnameseForm, forms.Form):
    """A day the committee does not work besides the public holidays, and why (day_off_create)."""

    day = forms.DateField(label=_("Ngày nghỉ"), widget=DateInput)
    reason = forms.CharField(
        label=_("Lý do"), max_length=255, help_text=_("Ví dụ: nghỉ bù theo quyết định của Ban Thường vụ.")
    )
