"""The rules that touch one row are enforced by the database itself, even when code skips validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from admissions import services
from admissions.choices import QuotaSource, UnitLevel
from admissions.models import Member, Quota, Unit
from tests import factories


def test_quota_target_must_be_positive_in_the_database(tree):
    with pytest.raises(IntegrityError):
        Quota.objects.create(unit=tree["commune"], year=2023, target=0)


def test_quota_target_zero_gets_a_message(tree):
    with pytest.raises(ValidationError) as caught:
        services.quota_set(unit=tree["commune"], year=2023, target=0)
    assert "nguyên dương" in caught.value.message_dict["target"][0]


def test_one_quota_per_unit_year_and_source_in_the_database(tree):
    Quota.objects.create(unit=tree["commune"], year=2023, target=5)
    with pytest.raises(IntegrityError):
        Quota.objects.create(unit=tree["commune"], year=2023, target=6)


def test_duplicate_quota_gets_a_message(tree):
    services.quota_set(unit=tree["commune"], year=2023, target=5)
    quota = Quota(unit=tree["commune"], year=2023, source=QuotaSource.ASSIGNED, target=7)
    with pytest.raises(ValidationError) as caught:
        quota.full_clean()
    assert "đã có chỉ tiêu" in str(caught.value)


def test_quota_set_replaces_the_quota_of_the_same_source(tree):
    services.quota_set(unit=tree["commune"], year=2023, target=5)
    services.quota_set(unit=tree["commune"], year=2023, target=8)
    services.quota_set(unit=tree["commune"], year=2023, target=9, source=QuotaSource.CONGRESS)
    assert sorted(Quota.objects.values_list("source", "target")) == [("assigned", 8), ("congress", 9)]


def test_national_id_unique_in_the_database(tree):
    member = factories.member(tree["deep_cell"], national_id="038200001234")
    with pytest.raises(IntegrityError):
        Member.objects.create(
            **{
                **factories.member_fields(tree["cell_b"]),
                "national_id": "038200001234",
                "grassroots": member.grassroots,
            }
        )


def test_national_id_length_checked_in_the_database(tree):
    with pytest.raises(IntegrityError):
        Member.objects.create(
            **{
                **factories.member_fields(tree["cell_b"]),
                "national_id": "123",
                "grassroots": tree["commune_b"],
            }
        )


def test_ceremony_before_decision_refused_by_the_database(tree):
    with pytest.raises(IntegrityError):
        Member.objects.create(
            **factories.member_fields(tree["cell_b"]),
            grassroots=tree["commune_b"],
            ceremony_date=datetime.date(2023, 1, 1),
        )


def test_unit_closing_before_opening_refused_by_the_database(db):
    with pytest.raises(IntegrityError):
        Unit.objects.create(
            code="X",
            name="X",
            level=UnitLevel.PROVINCE,
            valid_from=datetime.date(2024, 1, 1),
            valid_to=datetime.date(2023, 1, 1),
        )


def test_unit_closing_before_opening_gets_a_message(db):
    with pytest.raises(ValidationError) as caught:
        services.unit_create(
            code="X",
            name="X",
            level=UnitLevel.PROVINCE,
            valid_from=datetime.date(2024, 1, 1),
            valid_to=datetime.date(2023, 1, 1),
        )
    assert "valid_to" in caught.value.message_dict


def test_unit_code_unique(tree):
    with pytest.raises(ValidationError) as caught:
        services.unit_create(code=tree["commune"].code, name="Trùng", level=UnitLevel.PROVINCE)
    assert "code" in caught.value.message_dict
