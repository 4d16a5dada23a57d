"""Integrity under real use (issue 12): what each role may learn, odd input, absurd dates, invisible
characters, the audit of exports and reveals, the admin's optimistic lock. The races are in test_races.py."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from admissions import services
from admissions.models import AuditEntry, Member, Unit
from tests import factories

form_data = factories.member_form_data


# 1. The duplicate-person warning stays inside the scope --------------------------------------------------


def test_duplicate_warning_names_a_match_of_the_own_scope_and_only_says_one_exists_elsewhere(as_clerk, tree):
    factories.member(tree["deep_cell"], full_name="Lê Văn Mình", date_of_birth=datetime.date(1998, 1, 1))
    factories.member(
        tree["cell_b"],
        full_name="Lê Văn Mình",
        date_of_birth=datetime.date(1998, 1, 1),
        decision_number="9-QĐ",
    )
    warned = as_clerk.post(reverse("member_add"), form_data(tree["deep_cell"], full_name="le van minh"))
    duplicates = warned.context["form"].duplicates
    assert [member.cell for member in duplicates.visible] == [tree["deep_cell"]]
    assert duplicates.elsewhere
    assert "9-QĐ" not in warned.text
    assert "Đảng bộ xã B" not in warned.text


# 4. National IDs: ASCII digits only ------------------------------------------------------------------------


def test_a_national_id_in_full_width_digits_is_stored_in_ascii_and_meets_the_same_uniqueness(as_clerk, tree):
    factories.member(tree["cell_b"], full_name="Đã Có", national_id="001203004005")
    response = as_clerk.post(
        reverse("member_add"),
        form_data(tree["deep_cell"], full_name="Người Khác", national_id="００１２０３００４００５"),
    )
    assert "Số CCCD này đã có" in response.context["form"].errors["national_id"][0]
    assert Member.objects.count() == 1


def test_a_national_id_in_arabic_indic_digits_is_refused(as_clerk, tree):
    response = as_clerk.post(reverse("member_add"), form_data(tree["deep_cell"], national_id="٠٠١٢٠٣٠٠٤٠٠٥"))
    assert "12 chữ số" in response.context["form"].errors["national_id"][0]
    assert Member.objects.count() == 0


def test_the_importer_reads_full_width_digits_and_refuses_other_scripts(tree):
    from tests.admissions.imports.helpers import read
    from tests.admissions.xlsx_helpers import row

    clerk = User.objects.create_user("imp", password=None, role=Role.UNIT_CLERK, unit=tree["district"])
    recorded = factories.member(tree["cell_b"], full_name="Đã Có", national_id="001203004005")
    result = read(
        [
            row(tree["deep_cell"].code, number=1, **{"Số CCCD": "００１２０３００４００５"}),
            row(tree["deep_cell"].code, number=2, **{"Số CCCD": "٠٠١٢٠٣٠٠٤٠٠٦"}),
        ],
        clerk,
    )
    messages = [(problem.row, problem.message) for problem in result.errors]
    # Read as ASCII, the full-width ID is the recorded member's: the row updates that member (in the
    # clerk's scope), it never records the person a second time.
    assert result.rows[0].member == recorded
    assert result.rows[0].values["national_id"] == "001203004005"
    assert any(number == 3 and "12 chữ số" in message for number, message in messages), messages


# 5. Query strings -------------------------------------------------------------------------------------------

PAGES_WITH_A_UNIT = [
    "member_list",
    "probation_list",
    "unit_tree",
    "report",
    "report_breakdown",
    "report_xlsx",
]


@pytest.mark.parametrize("page", PAGES_WITH_A_UNIT)
@pytest.mark.parametrize("value", ["²", "١", "３", "1e3", "-1", "99999999999999999999999"])
def test_a_unit_in_unicode_digits_or_out_of_range_is_not_a_server_error(as_staff, tree, page, value):
    assert as_staff.get(reverse(page), {"unit": value}).status_code in (200, 404)


@pytest.mark.parametrize("per_page", ["-1", "0", "100000", "²", "５０", "abc"])
def test_a_page_size_not_offered_falls_back_to_the_default(as_staff, tree, per_page):
    for number in range(30):
        factories.member(tree["deep_cell"], full_name=f"Người {number}")
    response = as_staff.get(reverse("member_list"), {"per_page": per_page})
    assert response.status_code == 200
    assert len(response.context["table"].page.object_list) == 25


def test_an_offered_page_size_is_used(as_staff, tree):
    for number in range(30):
        factories.member(tree["deep_cell"], full_name=f"Người {number}")
    response = as_staff.get(reverse("member_list"), {"per_page": "50"})
    assert len(response.context["table"].page.object_list) == 30


# 6. The admin saves through the optimistic lock ---------------------------------------------------------


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", password="x", role=Role.COMMITTEE_STAFF)


def admin_member_data(member, **overrides):
    data = form_data(member.cell, full_name=member.full_name, status="probationary", **overrides)
    data.pop("submission_token")
    return data


def test_an_admin_save_made_after_a_clerks_edit_is_refused_and_keeps_the_clerks_change(
    client, root, clerk, tree
):
    member = factories.member(tree["deep_cell"], date_of_birth=datetime.date(1998, 1, 1))
    client.force_login(root)
    loaded = client.get(reverse("admin:admissions_member_change", args=[member.pk]))
    version = loaded.context["adminform"].form["loaded_version"].value()
    services.member_update(
        member=member, user=clerk, expected_version=member.version, home_town="Của văn thư"
    )
    response = client.post(
        reverse("admin:admissions_member_change", args=[member.pk]),
        {**admin_member_data(member, home_town="Của quản trị"), "loaded_version": version},
    )
    assert response.status_code == 200
    assert "vừa được người khác sửa" in response.text
    member.refresh_from_db()
    assert member.home_town == "Của văn thư"
    assert member.version == 2


def test_an_admin_save_on_the_current_version_goes_through_and_bumps_it(client, root, tree):
    member = factories.member(tree["deep_cell"], date_of_birth=datetime.date(1998, 1, 1))
    client.force_login(root)
    response = client.post(
        reverse("admin:admissions_member_change", args=[member.pk]),
        {**admin_member_data(member, home_town="Mới"), "loaded_version": member.version},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.home_town, member.version) == ("Mới", 2)


# 7. Plausible dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        ("date_of_birth", "01/01/0001", "trước ngày 01/01/1900"),
        ("date_of_birth", "31/12/1899", "trước ngày 01/01/1900"),
        ("decision_date", "19/05/0019", "trước ngày 03/02/1930"),
        ("decision_date", "02/02/1930", "trước ngày 03/02/1930"),
        ("ceremony_date", "01/01/1929", "trước ngày 03/02/1930"),
        ("decision_date", "31/12/9999", "tương lai"),
    ],
)
def test_absurd_member_dates_are_refused_on_their_field(as_clerk, tree, field, typed, expected):
    response = as_clerk.post(reverse("member_add"), form_data(tree["deep_cell"], **{field: typed}))
    assert expected in " ".join(response.context["form"].errors[field])
    assert Member.objects.count() == 0


def test_a_probation_confirmed_in_the_future_is_refused(as_clerk, tree):
    member = factories.member(
        tree["deep_cell"],
        decision_date=datetime.date(2023, 5, 19),
        ceremony_date=datetime.date(2023, 6, 1),
        date_of_birth=datetime.date(1998, 1, 1),
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = as_clerk.post(
        reverse("member_confirm", args=[member.pk]),
        {
            "outcome": "full",
            "day": tomorrow.strftime("%d/%m/%Y"),
            "version": member.version,
            "submission_token": factories.token(),
        },
    )
    assert "tương lai" in response.text
    assert Member.objects.get(pk=member.pk).confirmation_date is None


def test_a_unit_closing_on_31_12_9999_is_refused(as_staff, tree):
    response = as_staff.post(
        reverse("unit_close", args=[tree["cell_b"].pk]),
        {"valid_to": "31/12/9999", "submission_token": factories.token()},
    )
    assert "31/12/2100" in " ".join(response.context["form"].errors["valid_to"])
    assert Unit.objects.get(pk=tree["cell_b"].pk).valid_to is None


@pytest.mark.parametrize(
    ("field", "day"),
    [
        ("date_of_birth", datetime.date(1, 1, 1)),
        ("decision_date", datetime.date(19, 5, 19)),
        ("confirmation_date", datetime.date(1900, 1, 1)),
    ],
)
def test_the_database_refuses_an_absurd_member_date_written_around_the_services(tree, field, day):
    from django.db import IntegrityError, transaction

    member = factories.member(tree["deep_cell"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(**{field: day})


def test_the_database_refuses_a_unit_open_after_2100(tree):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=tree["cell_b"].pk).update(valid_to=datetime.date(9999, 12, 31))


def test_the_importer_refuses_absurd_dates(tree):
    from tests.admissions.imports.helpers import read
    from tests.admissions.xlsx_helpers import row

    clerk = User.objects.create_user("imp", password=None, role=Role.UNIT_CLERK, unit=tree["district"])
    result = read(
        [
            row(tree["deep_cell"].code, number=1, **{"Ngày sinh": "01/01/0001"}),
            row(tree["deep_cell"].code, number=2, **{"Ngày quyết định kết nạp": "19/05/0019"}),
        ],
        clerk,
    )
    assert not result.can_commit
    messages = " ".join(problem.message for problem in result.errors)
    assert "01/01/1900" in messages
    assert "03/02/1930" in messages


# 8. Invisible and forbidden characters ----------------------------------------------------------------------


def test_a_name_loses_its_invisible_and_forbidden_characters(as_clerk, tree):
    typed = "Nguyễn\u200b Văn\u202e An\uffff\u0007"
    as_clerk.post(
        reverse("member_add"), form_data(tree["deep_cell"], full_name=typed, notes="Dòng 1\r\n\u200bDòng 2")
    )
    member = Member.objects.get()
    assert member.full_name == "Nguyễn Văn An"
    assert member.notes == "Dòng 1\nDòng 2"


def test_an_xlsx_export_stays_readable_with_a_uffff_stored_in_a_name(as_clerk, tree):
    member = factories.member(tree["deep_cell"], full_name="Hợp Lệ")
    Member.objects.filter(pk=member.pk).update(
        full_name="Tên\uffff\ufffe\x01 Lạ"
    )  # an old row, never cleaned
    response = as_clerk.get(reverse("member_export_xlsx"))
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == "Tên Lạ"


# 9. Audit: exports, admin unit deletion ---------------------------------------------------------------------


def test_every_export_leaves_a_line_with_the_user_the_filter_and_the_row_count(as_clerk, clerk, tree):
    factories.member(tree["deep_cell"], full_name="Một")
    factories.member(tree["deep_cell"], full_name="Hai")
    as_clerk.get(reverse("member_export_xlsx"), {"q": "mot"})
    b"".join(as_clerk.get(reverse("member_export_csv")).streaming_content)
    lines = list(AuditEntry.objects.filter(action="export").order_by("pk"))
    assert [(line.user, line.changes["rows"], line.changes["format"]) for line in lines] == [
        (clerk, 1, "xlsx"),
        (clerk, 2, "csv"),
    ]
    assert lines[0].changes["filter"] == "q=mot"
    assert lines[0].at is not None


def test_deleting_an_empty_unit_in_the_admin_leaves_a_history_line(client, root, tree):
    empty = factories.unit(parent=tree["commune_b"], name="Chi bộ Trống")
    client.force_login(root)
    response = client.post(reverse("admin:admissions_unit_delete", args=[empty.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Unit.objects.filter(pk=empty.pk).exists()
    line = AuditEntry.objects.get(object_type="unit", object_id=empty.pk, action="delete")
    assert (line.user, line.changes["name"]) == (root, ["Chi bộ Trống", None])


# 10. National IDs masked, revealed on demand with a line of history ----------------------------------------


def test_the_member_page_masks_the_national_id_until_an_editor_asks(as_clerk, clerk, tree):
    member = factories.member(tree["deep_cell"], national_id="001203004005")
    page = as_clerk.get(reverse("member_detail", args=[member.pk])).text
    assert "001203004005" not in page
    assert "********4005" in page
    assert "Hiện số CCCD" in page
    revealed = as_clerk.post(reverse("member_national_id", args=[member.pk]))
    assert "001203004005" in revealed.text
    line = AuditEntry.objects.get(object_type="member", object_id=member.pk, action="reveal")
    assert line.user == clerk


def test_a_viewer_sees_the_masked_id_and_cannot_reveal_it(as_viewer, tree):
    member = factories.member(tree["deep_cell"], national_id="001203004005")
    page = as_viewer.get(reverse("member_detail", args=[member.pk])).text
    assert "001203004005" not in page
    assert "Hiện số CCCD" not in page
    assert as_viewer.post(reverse("member_national_id", args=[member.pk])).status_code == 403
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_opening_the_edit_form_with_a_national_id_counts_as_a_reveal(as_clerk, clerk, tree):
    member = factories.member(tree["deep_cell"], national_id="001203004005")
    assert "001203004005" in as_clerk.get(reverse("member_edit", args=[member.pk])).text
    assert AuditEntry.objects.filter(object_id=member.pk, action="reveal", user=clerk).count() == 1


def test_exports_and_history_show_the_national_id_masked(as_clerk, tree):
    member = factories.member(tree["deep_cell"], national_id="001203004005")
    services.member_update(member=member, national_id="001203004006")
    csv_text = b"".join(as_clerk.get(reverse("member_export_csv")).streaming_content).decode()
    assert "001203004006" not in csv_text
    assert "********4006" in csv_text
    page = as_clerk.get(reverse("member_detail", args=[member.pk])).text
    assert "001203004005" not in page
    assert "********4005" in page  # the history's old value, masked too
