"""Validation of an admitted member's record (Quy định 232-QĐ/TW), through the service every entry uses."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from admissions import services
from admissions.choices import MemberStatus, UnitLevel
from admissions.models import Member
from admissions.text import add_months
from tests import factories

DECISION = datetime.date(2023, 5, 19)


def errors_of(cell, **overrides) -> dict:
    with pytest.raises(ValidationError) as caught:
        factories.member(cell, **overrides)
    return caught.value.message_dict


def test_exactly_18_on_the_decision_date_is_accepted(tree):
    member = factories.member(
        tree["deep_cell"], date_of_birth=datetime.date(2005, 5, 19), decision_date=DECISION
    )
    assert member.pk


def test_one_day_short_of_18_is_refused_on_the_birth_date(tree):
    errors = errors_of(tree["deep_cell"], date_of_birth=datetime.date(2005, 5, 20), decision_date=DECISION)
    assert "Chưa đủ 18 tuổi" in errors["date_of_birth"][0]


def test_60_years_and_0_months_is_accepted(tree):
    born = add_months(DECISION, -720) - datetime.timedelta(days=1)  # 60 years, 0 months and a day
    assert factories.member(tree["deep_cell"], date_of_birth=born, decision_date=DECISION).pk


def test_60_years_and_1_month_is_refused_without_the_exception(tree):
    born = add_months(DECISION, -721)
    errors = errors_of(tree["deep_cell"], date_of_birth=born, decision_date=DECISION)
    assert "Quá 60 tuổi" in errors["date_of_birth"][0]


def test_over_60_is_accepted_with_the_exception_flag_and_a_note(tree):
    born = add_months(DECISION, -721)
    member = factories.member(
        tree["deep_cell"],
        date_of_birth=born,
        decision_date=DECISION,
        over_age_exception=True,
        exception_note="Công văn 15-CV/TU",
    )
    assert member.pk


def test_the_exception_flag_needs_a_note(tree):
    born = add_months(DECISION, -721)
    errors = errors_of(tree["deep_cell"], date_of_birth=born, decision_date=DECISION, over_age_exception=True)
    assert "exception_note" in errors


def test_birth_date_in_the_future_is_refused(tree):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert "date_of_birth" in errors_of(tree["deep_cell"], date_of_birth=tomorrow)


def test_decision_date_in_the_future_is_refused(tree):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    errors = errors_of(tree["deep_cell"], decision_date=tomorrow, date_of_birth=datetime.date(1990, 1, 1))
    assert "không được ở tương lai" in errors["decision_date"][0]


def test_ceremony_before_the_decision_is_refused(tree):
    errors = errors_of(tree["deep_cell"], ceremony_date=DECISION - datetime.timedelta(days=1))
    assert "ceremony_date" in errors


def test_ceremony_on_the_decision_day_is_accepted(tree):
    assert factories.member(tree["deep_cell"], ceremony_date=DECISION).pk


def test_confirmation_before_twelve_months_of_probation_is_refused(tree):
    ceremony = datetime.date(2023, 6, 1)
    errors = errors_of(
        tree["deep_cell"],
        ceremony_date=ceremony,
        confirmation_date=datetime.date(2024, 5, 31),
        status=MemberStatus.FULL,
    )
    assert "01/06/2024" in errors["confirmation_date"][0]


def test_confirmation_after_twelve_months_is_accepted_and_probation_end_is_derived(tree):
    member = factories.member(
        tree["deep_cell"],
        ceremony_date=datetime.date(2023, 6, 1),
        confirmation_date=datetime.date(2024, 6, 1),
        status=MemberStatus.FULL,
    )
    assert member.probation_end == datetime.date(2024, 6, 1)


def test_full_member_needs_a_confirmation_date(tree):
    assert "confirmation_date" in errors_of(tree["deep_cell"], status=MemberStatus.FULL)


def test_member_must_be_admitted_into_a_cell(tree):
    errors = errors_of(tree["commune"])
    assert "chi bộ" in errors["cell"][0]


def test_grassroots_cell_is_itself_a_cell(tree):
    member = factories.member(tree["school"])
    assert member.grassroots == tree["school"]


def test_cell_closed_before_the_decision_is_refused(tree):
    cell = tree["cell_b"]
    services.unit_close(unit=cell, valid_to=datetime.date(2023, 3, 31))
    errors = errors_of(cell, decision_date=DECISION)
    assert "không hoạt động" in errors["cell"][0]


def test_cell_opened_after_the_decision_is_refused(tree):
    cell = factories.unit(
        parent=tree["commune_b"], level=UnitLevel.SUBORDINATE_CELL, valid_from=datetime.date(2024, 1, 1)
    )
    assert "cell" in errors_of(cell, decision_date=DECISION)


def test_cell_on_its_last_day_is_accepted(tree):
    cell = tree["cell_b"]
    services.unit_close(unit=cell, valid_to=DECISION)
    assert factories.member(cell, decision_date=DECISION).pk


def test_member_in_a_deep_cell_belongs_to_its_grassroots_organisation(tree):
    member = factories.member(tree["deep_cell"])
    assert member.grassroots == tree["commune"]


def test_names_are_trimmed_collapsed_and_nfc_normalised(tree):
    member = factories.member(tree["deep_cell"], full_name="  Nguye\u0302\u0303n   Thị  Ánh ")
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Thị Ánh"
    assert member.name_folded == "nguyen thi anh"


def test_national_id_keeps_leading_zeros(tree):
    member = factories.member(tree["deep_cell"], national_id="001203004005")
    member.refresh_from_db()
    assert member.national_id == "001203004005"


@pytest.mark.parametrize("bad", ["12345678901", "1234567890123", "00120300400A", "٠٠١٢٠٣٠٠٤٠٠٥"])
def test_national_id_must_be_exactly_12_digits(tree, bad):
    assert "national_id" in errors_of(tree["deep_cell"], national_id=bad)


@pytest.mark.parametrize("written", ["001 203 004 005", "001.203.004.005", "００１２０３００４００５"])
def test_national_id_grouped_or_in_full_width_digits_is_stored_as_twelve_ascii_digits(tree, written):
    member = factories.member(tree["deep_cell"], national_id=written)
    member.refresh_from_db()
    assert member.national_id == "001203004005"


def test_national_id_is_unique_when_present(tree):
    factories.member(tree["deep_cell"], national_id="038200001234")
    errors = errors_of(tree["cell_b"], national_id="038200001234", full_name="Trần Văn Bình")
    assert "đã có" in str(errors)


def test_many_members_may_have_no_national_id(tree):
    factories.member(tree["deep_cell"], national_id="")
    factories.member(tree["deep_cell"], national_id=None, full_name="Lê Thị Hoa")
    assert Member.objects.filter(national_id__isnull=True).count() == 2


def test_update_bumps_the_version_and_keeps_derived_fields_current(tree):
    member = factories.member(tree["deep_cell"])
    services.member_update(member=member, full_name="Trần Thị Bé", cell=tree["cell_b"])
    member.refresh_from_db()
    assert (member.version, member.name_folded, member.grassroots) == (2, "tran thi be", tree["commune_b"])
    assert member.age_months == 25 * 12 + 4  # born 01/01/1998, decision 19/05/2023
    services.member_update(member=member, date_of_birth=datetime.date(1998, 5, 20))
    member.refresh_from_db()
    assert member.age_months == 24 * 12 + 11  # one day short of 25 years


def test_a_duplicate_national_id_is_reported_on_its_field_by_the_service(tree):
    factories.member(tree["deep_cell"], national_id="001234567890")
    with pytest.raises(ValidationError) as caught:
        factories.member(tree["cell_b"], full_name="Người Khác", national_id="001234567890")
    assert caught.value.message_dict["national_id"] == ["Số CCCD này đã có trong danh sách đảng viên mới."]


def test_ending_probation_records_the_outcomes_date_and_clears_the_other(tree):
    member = factories.member(tree["deep_cell"], ceremony_date=datetime.date(2023, 6, 1))
    services.member_end_probation(
        member=member, outcome=MemberStatus.STRUCK_OFF, day=datetime.date(2024, 6, 5)
    )
    assert (member.status, member.struck_off_date, member.confirmation_date) == (
        MemberStatus.STRUCK_OFF,
        datetime.date(2024, 6, 5),
        None,
    )
    services.member_end_probation(member=member, outcome=MemberStatus.FULL, day=datetime.date(2024, 6, 6))
    member.refresh_from_db()
    assert (member.status, member.confirmation_date, member.struck_off_date) == (
        MemberStatus.FULL,
        datetime.date(2024, 6, 6),
        None,
    )
