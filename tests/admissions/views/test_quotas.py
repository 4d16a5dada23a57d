"""The allocation sheet of any unit: its own quota and one cell per unit directly below, saved all or nothing,
by the staff of the committee above those units only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from admissions import services
from admissions.choices import QuotaSource, UnitLevel
from admissions.models import AuditEntry, Quota, QuotaChange
from admissions.services import QuotaCell
from tests import factories


def targets(year=2024, source=QuotaSource.ASSIGNED) -> dict[str, int]:
    quotas = Quota.objects.filter(year=year, source=source).select_related("unit")
    return {q.unit.name: q.target for q in quotas}


def sheet(tree, own=None, reason="", **cells):
    """POST data for the sheet; keys are tree keys, values the typed text."""
    data = {
        "document_number": "",
        "document_date": "",
        "reason": reason,
        "submission_token": factories.token(),
    }
    if own is not None:
        data.update(own=own, own_document_number="", own_document_date="")
    for key, value in cells.items():
        data[f"unit_{tree[key].pk}"] = value
    return data


def url(unit=None, year=2024, source=QuotaSource.ASSIGNED):
    query = f"year={year}&source={source}"
    return f"{reverse('quota_sheet')}?{query}" + (f"&unit={unit.pk}" if unit else "")


def rows_of(response) -> list[str]:
    return [unit.name for unit, _field in response.context["form"].row_items()]


@pytest.fixture
def province_staff(tree):
    return factories.user("tinh", role=Role.COMMITTEE_STAFF, unit=tree["province"])


@pytest.fixture
def commune_staff(tree):
    return factories.user("xa", role=Role.COMMITTEE_STAFF, unit=tree["commune"])


def logged_in(client, user):
    client.force_login(user)
    return client


# --- three depths: the sheet lists exactly the units directly below -------------------------------------


def test_a_province_splits_across_the_committees_directly_below_it(client, tree, province_staff):
    other = factories.unit(
        parent=tree["province"], level=UnitLevel.GRASSROOTS_COMMITTEE, name="Đảng bộ phường C"
    )
    response = logged_in(client, province_staff).get(url())
    assert rows_of(response) == ["Huyện ủy Thử", other.name]
    response = client.post(url(), sheet(tree, own="", district="120", reason="") | {f"unit_{other.pk}": "15"})
    assert response.status_code == 302
    assert targets() == {"Huyện ủy Thử": 120, "Đảng bộ phường C": 15}


def test_a_district_committee_splits_across_its_grassroots_organisations(as_staff, tree):
    response = as_staff.get(url())
    assert rows_of(response) == ["Đảng bộ xã A", "Đảng bộ xã B", "Chi bộ Trường THPT"]
    as_staff.post(url(), sheet(tree, commune="4", commune_b="3", school="3"))
    assert targets() == {"Đảng bộ xã A": 4, "Đảng bộ xã B": 3, "Chi bộ Trường THPT": 3}


def test_a_grassroots_committee_splits_across_its_cells(client, tree, commune_staff):
    cell = factories.unit(parent=tree["commune"], level=UnitLevel.SUBORDINATE_CELL, name="Chi bộ A2")
    response = logged_in(client, commune_staff).get(url())
    assert rows_of(response) == ["Đảng bộ bộ phận A1", "Chi bộ A2"]
    client.post(url(), sheet(tree, middle="2") | {f"unit_{cell.pk}": "1"})
    assert targets() == {"Đảng bộ bộ phận A1": 2, "Chi bộ A2": 1}


def test_a_province_user_opens_the_sheet_of_a_district_below_it(client, tree, province_staff):
    response = logged_in(client, province_staff).get(url(tree["district"]))
    assert rows_of(response) == ["Đảng bộ xã A", "Đảng bộ xã B", "Chi bộ Trường THPT"]
    assert not response.context["form"]["own"].field.disabled  # the district is below the province


def test_sheet_leaves_out_units_closed_before_the_year(as_staff, tree):
    services.unit_close(unit=tree["commune_b"], valid_to=datetime.date(2023, 12, 31))
    assert "Đảng bộ xã B" not in rows_of(as_staff.get(url()))


def test_sheet_shows_last_years_quota_and_result(as_staff, tree):
    services.quota_set(unit=tree["commune"], year=2023, target=1238)
    factories.member(tree["deep_cell"], decision_date=datetime.date(2023, 5, 1))
    factories.member(tree["deep_cell"], decision_date=datetime.date(2024, 1, 2))  # not last year
    response = as_staff.get(url())
    rows = {unit.name: unit for unit, _field in response.context["form"].row_items()}
    assert (rows["Đảng bộ xã A"].last_target, rows["Đảng bộ xã A"].last_result) == (1238, 1)
    assert ">1.238<" in response.text
    assert "Chỉ tiêu năm 2023" in response.text


# --- the own quota: read-only unless the user may set it ------------------------------------------------


def test_the_units_own_assigned_quota_is_read_only_for_its_own_staff(as_staff, tree):
    services.quota_set(unit=tree["district"], year=2024, target=200, document_number="12-TB/TU")
    response = as_staff.get(url())
    form = response.context["form"]
    assert form["own"].field.disabled
    assert form["own"].value() == 200
    assert form["own_document_number"].value() == "12-TB/TU"
    as_staff.post(url(), sheet(tree, own="999", commune="4"))
    assert targets() == {"Huyện ủy Thử": 200, "Đảng bộ xã A": 4}


def test_the_units_own_congress_target_is_set_by_its_own_staff(as_staff, tree):
    data = sheet(tree, own="240", commune="9")
    data["own_document_number"] = "01-NQ/ĐH"
    response = as_staff.post(url(source=QuotaSource.CONGRESS), data)
    assert response.status_code == 302
    assert targets(source=QuotaSource.CONGRESS) == {"Huyện ủy Thử": 240, "Đảng bộ xã A": 9}
    assert Quota.objects.get(unit=tree["district"], source=QuotaSource.CONGRESS).document_number == "01-NQ/ĐH"
    assert targets() == {}  # another source, untouched


def test_a_superuser_without_a_unit_sets_the_tops_own_quota(client, tree):
    from accounts.models import User

    admin = User.objects.create_superuser("root", password="x")
    logged_in(client, admin).post(url(), sheet(tree, own="1905", district="1950"))
    assert targets() == {"Tỉnh ủy Thử": 1905, "Huyện ủy Thử": 1950}


# --- scope ---------------------------------------------------------------------------------------------


def test_a_sheet_outside_the_users_scope_is_not_found(client, tree, commune_staff):
    logged_in(client, commune_staff)
    assert client.get(url(tree["district"])).status_code == 404
    assert client.post(url(tree["district"]), sheet(tree, commune="50")).status_code == 404
    assert client.get(url(tree["commune_b"])).status_code == 404
    assert not Quota.objects.exists()


def test_clerks_and_viewers_may_not_open_a_sheet(client, tree, clerk, viewer):
    for user in (clerk, viewer):
        logged_in(client, user)
        assert client.get(url()).status_code == 403
        assert client.post(url(), sheet(tree, middle="3")).status_code == 403
    assert not Quota.objects.exists()


def test_a_cell_of_another_sheet_slipped_into_the_post_is_ignored(as_staff, tree):
    as_staff.post(
        url(), sheet(tree, commune="4", middle="99")
    )  # middle is below the commune, not the district
    assert targets() == {"Đảng bộ xã A": 4}


# --- all or nothing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["abc", "0", "-2", "1,5"])
def test_one_invalid_cell_marks_it_and_saves_nothing(as_staff, tree, bad):
    services.quota_set(unit=tree["commune_b"], year=2024, target=7)
    response = as_staff.post(url(), sheet(tree, commune="4", commune_b="3", school=bad, reason="x"))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [f"unit_{tree['school'].pk}"]
    assert "Chưa lưu" in response.text
    assert 'class="invalid"' in response.text
    assert targets() == {"Đảng bộ xã B": 7}
    assert form[f"unit_{tree['commune'].pk}"].value() == "4"  # the user's input is kept


def test_service_error_in_one_cell_rolls_back_the_others(tree):
    with pytest.raises(ValidationError) as caught:
        services.quota_sheet_save(
            unit=tree["district"],
            year=2024,
            cells={tree["commune"]: QuotaCell(4), tree["school"]: QuotaCell(0)},
        )
    assert list(caught.value.message_dict) == [str(tree["school"].pk)]
    assert not Quota.objects.exists()
    assert not QuotaChange.objects.exists()


def test_an_emptied_cell_removes_that_quota_with_a_reason(as_staff, tree):
    services.quota_set(unit=tree["commune_b"], year=2024, target=7)
    services.quota_set(unit=tree["school"], year=2024, target=2)
    as_staff.post(url(), sheet(tree, commune="4", commune_b="", school="2", reason="Sáp nhập"))
    assert targets() == {"Đảng bộ xã A": 4, "Chi bộ Trường THPT": 2}


def test_a_unit_missing_from_the_post_keeps_its_quota(as_staff, tree):
    services.quota_set(unit=tree["school"], year=2024, target=2)
    as_staff.post(url(), sheet(tree, commune="4"))
    assert targets() == {"Đảng bộ xã A": 4, "Chi bộ Trường THPT": 2}


# --- reallocation history ------------------------------------------------------------------------------


def test_changing_an_existing_quota_needs_a_reason_and_saves_nothing_without(as_staff, tree):
    services.quota_set(unit=tree["commune"], year=2024, target=10)
    response = as_staff.post(url(), sheet(tree, commune="6", commune_b="3"))
    assert response.status_code == 200
    assert "Nhập lý do" in str(response.context["form"].errors["reason"])
    assert targets() == {"Đảng bộ xã A": 10}


def test_mid_year_reallocation_keeps_who_changed_what_from_what_to_what_and_why(as_staff, tree, staff):
    services.quota_set(unit=tree["commune"], year=2024, target=10)
    services.quota_set(unit=tree["commune_b"], year=2024, target=5)
    as_staff.post(url(), sheet(tree, commune="6", commune_b="9", reason="Điều chỉnh giữa năm"))
    changes = {
        (c.unit.name, c.before, c.after, c.reason, c.user) for c in QuotaChange.objects.filter(user=staff)
    }
    assert changes == {
        ("Đảng bộ xã A", 10, 6, "Điều chỉnh giữa năm", staff),
        ("Đảng bộ xã B", 5, 9, "Điều chỉnh giữa năm", staff),
    }
    page = as_staff.get(url()).text
    assert "Điều chỉnh giữa năm" in page
    assert "Lịch sử điều chỉnh chỉ tiêu" in page


def test_a_reallocation_keeps_its_author_after_the_account_is_deleted(as_staff, tree, staff):
    services.quota_set(unit=tree["commune"], year=2024, target=10)
    as_staff.post(url(), sheet(tree, commune="6", commune_b="9", reason="Điều chỉnh giữa năm"))
    author = staff.get_full_name() or staff.username
    staff.delete()
    changes = list(QuotaChange.objects.filter(reason="Điều chỉnh giữa năm"))
    assert changes
    assert {c.by for c in changes} == {author}
    assert {c.user_id for c in changes} == {None}


# --- set-based saves, untouched sheets, the split's document -------------------------------------------


def test_an_untouched_sheet_writes_and_audits_nothing(as_staff, tree):
    services.quota_set(unit=tree["district"], year=2024, target=200, document_number="12-TB/TU")
    services.quota_set(unit=tree["commune"], year=2024, target=4, document_number="45-TB/HU")
    services.quota_set(unit=tree["school"], year=2024, target=3, document_number="")
    form = as_staff.get(url()).context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data |= {name: "" if field.initial is None else field.initial for name, field in form.fields.items()}
    data.pop("own"), data.pop("own_document_number"), data.pop("own_document_date")
    data |= {"document_number": form["document_number"].value(), "document_date": ""}
    data["submission_token"] = factories.token()
    before = AuditEntry.objects.count(), QuotaChange.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = as_staff.post(url(), data)
    assert response.status_code == 302
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    # Only the bookkeeping of the session and of the form's one-time token (core.submissions) is written.
    assert [w for w in writes if "session" not in w and "usedsubmission" not in w] == []
    assert (AuditEntry.objects.count(), QuotaChange.objects.count()) == before
    assert Quota.objects.get(unit=tree["school"]).document_number == ""  # no document pre-filled into it


def test_the_superiors_document_is_never_prefilled_into_the_rows(as_staff, tree):
    services.quota_set(unit=tree["district"], year=2024, target=200, document_number="12-TB/TU")
    form = as_staff.get(url()).context["form"]
    assert form["document_number"].value() in (None, "")
    as_staff.post(url(), sheet(tree, commune="4"))
    assert Quota.objects.get(unit=tree["commune"]).document_number == ""


def test_the_splits_document_goes_to_the_changed_rows(as_staff, tree):
    services.quota_set(unit=tree["commune_b"], year=2024, target=3, document_number="40-TB/HU")
    data = sheet(tree, commune="4", commune_b="3") | {
        "document_number": "45-TB/HU",
        "document_date": "20/01/2024",
    }
    as_staff.post(url(), data)
    assert Quota.objects.get(unit=tree["commune"]).document_number == "45-TB/HU"
    assert Quota.objects.get(unit=tree["commune"]).document_date == datetime.date(2024, 1, 20)


def _district_with(tree, count):
    units = [
        factories.unit(parent=tree["district"], level=UnitLevel.GRASSROOTS_CELL, name=f"Chi bộ {count}-{n}")
        for n in range(count)
    ]
    for unit in units[::2]:
        services.quota_set(unit=unit, year=2024, target=5)
    return units


def _save_queries(as_staff, tree, units) -> int:
    data = sheet(tree, reason="Điều chỉnh") | {f"unit_{u.pk}": str(7 + i % 3) for i, u in enumerate(units)}
    with CaptureQueriesContext(connection) as queries:
        assert as_staff.post(url(), data).status_code == 302
    return len(queries)


def test_saving_a_sheet_takes_the_same_queries_for_5_and_40_rows(as_staff, tree):
    small = _save_queries(as_staff, tree, _district_with(tree, 5))
    Quota.objects.all().delete()
    large = _save_queries(as_staff, tree, _district_with(tree, 40))
    assert small == large
    assert len(targets()) >= 40


def test_sheet_query_count_does_not_grow_with_units(as_staff, tree, django_assert_max_num_queries):
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


# --- copy last year, unsaved changes ------------------------------------------------------------------


def test_copying_last_year_prefills_the_cells_and_saves_nothing_until_saved(as_staff, tree):
    services.quota_set(unit=tree["commune"], year=2023, target=6)
    services.quota_set(unit=tree["school"], year=2023, target=2)
    response = as_staff.get(url() + "&copy=1")
    form = response.context["form"]
    assert form[f"unit_{tree['commune'].pk}"].value() == 6
    assert form[f"unit_{tree['commune_b'].pk}"].value() is None
    assert 'data-dirty="1"' in response.text
    assert targets() == {}


def test_sheet_warns_of_unsaved_changes_from_its_script_and_has_no_inline_script(as_staff, tree):
    page = as_staff.get(url()).text
    assert "js/quota_sheet.js" in page
    assert "data-unsaved=" in page
    assert "<script>" not in page
    assert "style=" not in page


def test_sheet_for_a_bad_year_or_source_falls_back_with_a_message(as_staff, tree):
    response = as_staff.get(reverse("quota_sheet"), {"year": "1800", "source": "nope"})
    assert response.status_code == 200
    assert "Năm không hợp lệ" in response.text
    assert "Nguồn chỉ tiêu không hợp lệ" in response.text


def test_an_error_the_service_finds_is_marked_on_its_own_cell(as_staff, tree, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({str(tree["commune_b"].pk): ["Không lưu được chỉ tiêu này."]})

    monkeypatch.setattr(services, "quota_sheet_save", refuse)
    response = as_staff.post(url(), sheet(tree, commune="4", commune_b="3", school="2"))
    form = response.context["form"]
    assert form.errors[f"unit_{tree['commune_b'].pk}"] == ["Không lưu được chỉ tiêu này."]
    assert not form.non_field_errors()
