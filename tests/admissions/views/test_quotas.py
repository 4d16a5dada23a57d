"""The quota sheet: a year's split across grassroots organisations, saved all or nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from admissions import services
from admissions.choices import QuotaSource
from admissions.models import Quota
from tests import factories


def targets(year=2024) -> dict[str, int]:
    return {q.unit.name: q.target for q in Quota.objects.filter(year=year).select_related("unit")}


def sheet(tree, **cells):
    """POST data for the sheet; keys are tree keys (or "committee"), values the typed text."""
    data = {"document_number": "", "document_date": ""}
    for key, value in cells.items():
        data["committee" if key == "committee" else f"unit_{tree[key].pk}"] = value
    return data


def url(year=2024):
    return f"{reverse('quota_sheet')}?year={year}"


def test_sheet_lists_grassroots_organisations_with_last_years_quota_and_result(as_staff, tree):
    services.quota_set(unit=tree["commune"], year=2023, target=3)
    services.quota_set(unit=tree["district"], year=2024, target=9)
    factories.member(tree["deep_cell"], decision_date=datetime.date(2023, 5, 1))
    factories.member(tree["deep_cell"], decision_date=datetime.date(2023, 7, 1))
    factories.member(tree["deep_cell"], decision_date=datetime.date(2024, 1, 2))  # not last year
    response = as_staff.get(url())
    form = response.context["form"]
    rows = {unit.name: unit for unit, _field in form.row_items()}
    assert list(rows) == ["Đảng bộ xã A", "Đảng bộ xã B", "Chi bộ Trường THPT"]
    assert (rows["Đảng bộ xã A"].last_target, rows["Đảng bộ xã A"].last_result) == (3, 2)
    assert (rows["Đảng bộ xã B"].last_target, rows["Đảng bộ xã B"].last_result) == (None, 0)
    assert form["committee"].value() == 9
    assert "Chỉ tiêu năm 2023" in response.text
    assert "Kết quả năm 2023" in response.text


def test_sheet_leaves_out_units_closed_before_the_year(as_staff, tree):
    services.unit_close(unit=tree["commune_b"], valid_to=datetime.date(2023, 12, 31))
    rows = [u.name for u, _f in as_staff.get(url()).context["form"].row_items()]
    assert "Đảng bộ xã B" not in rows


def test_saving_the_sheet_sets_every_quota_and_the_committees(as_staff, tree):
    data = sheet(tree, committee="10", commune="4", commune_b="3", school="3")
    data["document_number"] = "15-QĐ/HU"
    response = as_staff.post(url(), data)
    assert response.status_code == 302
    assert response.url == url()
    assert targets() == {"Huyện ủy Thử": 10, "Đảng bộ xã A": 4, "Đảng bộ xã B": 3, "Chi bộ Trường THPT": 3}
    assert Quota.objects.get(unit=tree["commune"], year=2024).document_number == "15-QĐ/HU"
    assert Quota.objects.get(unit=tree["district"], year=2024).document_number == ""


@pytest.mark.parametrize("bad", ["abc", "0", "-2", "1,5"])
def test_one_invalid_cell_marks_it_and_saves_nothing(as_staff, tree, bad):
    services.quota_set(unit=tree["commune_b"], year=2024, target=7)
    response = as_staff.post(url(), sheet(tree, committee="10", commune="4", commune_b="3", school=bad))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [f"unit_{tree['school'].pk}"]
    assert "Chưa lưu" in response.text
    assert 'class="invalid"' in response.text
    assert targets() == {"Đảng bộ xã B": 7}
    assert form[f"unit_{tree['commune'].pk}"].value() == "4"  # the user's input is kept


def test_an_emptied_cell_removes_that_quota(as_staff, tree):
    services.quota_set(unit=tree["commune_b"], year=2024, target=7)
    services.quota_set(unit=tree["school"], year=2024, target=2)
    as_staff.post(url(), sheet(tree, committee="", commune="4", commune_b="", school="2"))
    assert targets() == {"Đảng bộ xã A": 4, "Chi bộ Trường THPT": 2}


def test_a_unit_missing_from_the_post_keeps_its_quota(as_staff, tree):
    services.quota_set(unit=tree["school"], year=2024, target=2)
    as_staff.post(url(), sheet(tree, commune="4"))
    assert targets() == {"Đảng bộ xã A": 4, "Chi bộ Trường THPT": 2}


def test_service_error_in_one_cell_rolls_back_the_others(tree):
    with pytest.raises(ValidationError) as caught:
        services.quota_sheet_save(
            year=2024, committee=tree["district"], targets={tree["commune"]: 4, tree["school"]: 0}
        )
    assert list(caught.value.message_dict) == [str(tree["school"].pk)]
    assert not Quota.objects.exists()


def test_sheet_for_a_bad_year_falls_back_to_this_year_with_a_message(as_staff, tree):
    response = as_staff.get(reverse("quota_sheet"), {"year": "1800"})
    assert response.status_code == 200
    assert "Năm không hợp lệ" in response.text


def test_sheet_uses_the_live_sum_script_and_no_inline_script(as_staff, tree):
    page = as_staff.get(url()).text
    assert "js/quota_sheet.js" in page
    assert "<script>" not in page
    assert "style=" not in page


def test_sheet_query_count_does_not_grow_with_units(as_staff, tree, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from admissions.choices import UnitLevel

    with CaptureQueriesContext(connection) as small:
        as_staff.get(url())
    for number in range(20):
        unit = factories.unit(
            parent=tree["district"], level=UnitLevel.GRASSROOTS_CELL, name=f"Chi bộ {number}"
        )
        services.quota_set(unit=unit, year=2023, target=2, source=QuotaSource.ASSIGNED)
        factories.member(unit)
    with django_assert_max_num_queries(len(small)):
        as_staff.get(url())


def test_an_error_the_service_finds_is_marked_on_its_own_cell(as_staff, tree, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({str(tree["commune_b"].pk): ["Không lưu được chỉ tiêu này."]})

    monkeypatch.setattr(services, "quota_sheet_save", refuse)
    response = as_staff.post(url(), sheet(tree, committee="9", commune="4", commune_b="3", school="2"))
    form = response.context["form"]
    assert form.errors[f"unit_{tree['commune_b'].pk}"] == ["Không lưu được chỉ tiêu này."]
    assert not form.non_field_errors()
