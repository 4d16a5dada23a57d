"""The member pages: list, search, filters, sorting, entry, duplicates, concurrent edits, delete."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from admissions import services
from admissions.choices import MemberStatus
from admissions.models import AuditEntry, Member
from tests import factories

form_data = factories.member_form_data


def listed_names(response) -> list[str]:
    return [member.full_name for member in response.context["table"].page.object_list.data]


# List ---------------------------------------------------------------------------------------------------


def test_search_without_diacritics_finds_the_name(as_clerk, tree):
    factories.member(tree["deep_cell"], full_name="Nguyễn Văn An")
    factories.member(tree["deep_cell"], full_name="Trần Thị Bình")
    response = as_clerk.get(reverse("member_list"), {"q": "nguyen van an"})
    assert listed_names(response) == ["Nguyễn Văn An"]


def test_search_with_diacritics_and_capitals_finds_the_name(as_clerk, tree):
    factories.member(tree["deep_cell"], full_name="Đỗ Thị Ánh")
    assert listed_names(as_clerk.get(reverse("member_list"), {"q": "ĐỖ thị"})) == ["Đỗ Thị Ánh"]


def test_search_by_national_id_digits(as_clerk, tree):
    factories.member(tree["deep_cell"], full_name="Có CCCD", national_id="001203004005")
    factories.member(tree["deep_cell"], full_name="Không CCCD")
    assert listed_names(as_clerk.get(reverse("member_list"), {"q": "0012 0300"})) == ["Có CCCD"]


def test_clerk_list_shows_only_their_subtree(as_clerk, tree):
    factories.member(tree["deep_cell"], full_name="Trong Xã")
    factories.member(tree["cell_b"], full_name="Xã Khác")
    assert listed_names(as_clerk.get(reverse("member_list"))) == ["Trong Xã"]


def test_unit_filter_takes_the_whole_subtree_of_the_chosen_unit(as_staff, tree):
    factories.member(tree["deep_cell"], full_name="Sâu Trong Xã A")
    factories.member(tree["cell_b"], full_name="Xã B")
    response = as_staff.get(reverse("member_list"), {"unit": tree["commune"].pk})
    assert listed_names(response) == ["Sâu Trong Xã A"]


def test_unit_filter_outside_the_scope_shows_an_error_and_no_rows(as_clerk, tree):
    factories.member(tree["cell_b"])
    factories.member(tree["deep_cell"])
    response = as_clerk.get(reverse("member_list"), {"unit": tree["cell_b"].pk})
    assert response.status_code == 200
    assert listed_names(response) == []
    assert "Lựa chọn không hợp lệ" in response.text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"year": "2024"}, ["Năm 2024"]),
        ({"sex": "F"}, ["Nữ Dân Tộc"]),
        ({"ethnic_group": "minority"}, ["Nữ Dân Tộc"]),
        ({"youth_union": "yes"}, ["Năm 2024"]),
        ({"occupation": "hoc_sinh"}, ["Năm 2024"]),
        ({"status": "full"}, ["Nữ Dân Tộc"]),
        # A range of decision dates, both ends included (the home page's drill-down to a period).
        ({"decided_from": "01/03/2024"}, ["Năm 2024"]),
        ({"decided_from": "02/03/2024"}, []),
        ({"decided_to": "19/05/2023"}, ["Nữ Dân Tộc"]),
        ({"decided_from": "2023-05-19", "decided_to": "2024-03-01"}, ["Năm 2024", "Nữ Dân Tộc"]),
    ],
)
def test_each_filter_keeps_the_matching_members(as_staff, tree, params, expected):
    factories.member(
        tree["deep_cell"],
        full_name="Năm 2024",
        decision_date=datetime.date(2024, 3, 1),
        youth_union=True,
        occupation="hoc_sinh",
    )
    factories.member(
        tree["cell_b"],
        full_name="Nữ Dân Tộc",
        sex="F",
        ethnicity="Tày",
        ceremony_date=datetime.date(2023, 6, 1),
        confirmation_date=datetime.date(2024, 6, 1),
        status=MemberStatus.FULL,
    )
    assert listed_names(as_staff.get(reverse("member_list"), params)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"unit": "x"},
        {"page": "zz"},
        {"page": "999"},
        {"sort": "evil"},
        {"decided_from": "31/02/2024"},
        {"decided_to": "２０２４-01-01"},
    ],
)
def test_bad_query_strings_never_break_the_list(as_staff, tree, params):
    factories.member(tree["deep_cell"])
    assert as_staff.get(reverse("member_list"), params).status_code == 200


def test_sorting_by_name_follows_vietnamese_order_given_name_first(as_staff, tree):
    for name in ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Văn An", "Phạm Đức Anh", "Vũ Thị Ân"]:
        factories.member(tree["deep_cell"], full_name=name)
    response = as_staff.get(reverse("member_list"), {"sort": "full_name"})
    # Given names first (An < Anh < Ân < Bình); on the same letters, family and middle names decide.
    assert listed_names(response) == [
        "Lê Văn An",
        "Nguyễn Thị Ánh",
        "Phạm Đức Anh",
        "Vũ Thị Ân",
        "Trần Văn Bình",
    ]
    descending = as_staff.get(reverse("member_list"), {"sort": "-full_name"})
    assert listed_names(descending)[0] == "Trần Văn Bình"


def test_list_selector_returns_the_rows_in_the_order_of_the_page(as_staff, staff, tree):
    from django.http import QueryDict

    from admissions import selectors

    for name in ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Văn An"]:
        factories.member(tree["deep_cell"], full_name=name)
    params = QueryDict("sort=-full_name&q=van")
    page = listed_names(as_staff.get(reverse("member_list"), params))
    assert [
        m.full_name for m in selectors.member_list(user=staff, filters={"q": "van"}, sort="-full_name")
    ] == page
    assert page == ["Trần Văn Bình", "Lê Văn An"]


def test_list_is_paginated(as_staff, tree):
    for number in range(30):
        factories.member(tree["deep_cell"], full_name=f"Người Số {number}")
    response = as_staff.get(reverse("member_list"))
    assert len(listed_names(response)) == 25
    assert "Trang sau" in response.text
    assert "Tìm thấy 30 đảng viên" in response.text


def test_list_headers_are_vietnamese(as_staff, tree):
    factories.member(tree["deep_cell"])
    page = as_staff.get(reverse("member_list")).text
    for header in [
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Chi bộ",
        "Tổ chức cơ sở đảng",
        "Số quyết định",
        "Trạng thái",
    ]:
        assert header in page


# Create -------------------------------------------------------------------------------------------------


def test_clerk_adds_a_member_with_dates_typed_dd_mm_yyyy(as_clerk, clerk, tree):
    response = as_clerk.post(reverse("member_add"), form_data(tree["deep_cell"]))
    member = Member.objects.get()
    assert response.url == reverse("member_detail", args=[member.pk])
    assert member.decision_date == datetime.date(2023, 5, 19)
    assert member.grassroots == tree["commune"]
    assert member.created_by == clerk


def test_errors_are_shown_next_to_the_field_in_vietnamese(as_clerk, tree):
    data = {**form_data(tree["deep_cell"], decision_date="31/02/2023", occupation=""), "cell": "999999"}
    response = as_clerk.post(reverse("member_add"), data)
    errors = response.context["form"].errors
    assert errors["decision_date"] == ["Nhập ngày theo dạng dd/mm/yyyy, ví dụ 19/05/2023."]
    assert errors["occupation"] == ["Trường này là bắt buộc."]
    assert errors["cell"] == ["Lựa chọn không hợp lệ: hãy chọn một mục trong danh sách."]
    assert Member.objects.count() == 0


def test_selects_offer_a_vietnamese_blank_option(as_clerk, tree):
    page = as_clerk.get(reverse("member_add")).text
    assert "— Chọn —" in page
    assert "Select an option" not in page


def test_under_age_is_refused_on_the_birth_date_field(as_clerk, tree):
    response = as_clerk.post(reverse("member_add"), form_data(tree["deep_cell"], date_of_birth="20/05/2005"))
    assert "Chưa đủ 18 tuổi" in response.context["form"].errors["date_of_birth"][0]


def test_clerk_cannot_choose_a_cell_outside_their_subtree(as_clerk, tree):
    response = as_clerk.post(reverse("member_add"), form_data(tree["cell_b"]))
    assert "cell" in response.context["form"].errors
    assert Member.objects.count() == 0


def test_closed_cell_is_marked_and_refused_after_its_closing(as_staff, tree):
    services.unit_close(unit=tree["cell_b"], valid_to=datetime.date(2023, 3, 31))
    options = as_staff.get(reverse("unit_options"), {"kind": "cell", "q": tree["cell_b"].name}).json()
    assert "đã giải thể, hoạt động đến hết 31/03/2023" in options["results"][0]["text"]
    response = as_staff.post(reverse("member_add"), form_data(tree["cell_b"]))
    assert "không hoạt động" in response.context["form"].errors["cell"][0]


def test_save_and_add_another_keeps_cell_dates_and_offers_the_next_decision_number(as_clerk, tree):
    data = {**form_data(tree["deep_cell"]), "ceremony_date": "02/06/2023", "save_and_add": "1"}
    response = as_clerk.post(reverse("member_add"), data)
    assert response.url.startswith(reverse("member_add"))
    form = as_clerk.get(response.url).context["form"]
    assert str(form["cell"].value()) == str(tree["deep_cell"].pk)
    assert form["decision_number"].value() == "124-QĐ/HU"
    assert form["decision_date"].value() == "19/05/2023"
    assert form["ceremony_date"].value() == "02/06/2023"
    assert not form["full_name"].value()


def test_same_national_id_is_refused(as_clerk, tree):
    factories.member(tree["cell_b"], national_id="001203004005")
    response = as_clerk.post(
        reverse("member_add"),
        form_data(tree["deep_cell"], full_name="Người Khác", national_id="001203004005"),
    )
    assert "Số CCCD này đã có" in response.context["form"].errors["national_id"][0]


def test_same_name_and_birth_date_is_warned_with_a_link_then_saved_on_confirmation(as_clerk, tree):
    existing = factories.member(
        tree["deep_cell"], full_name="Nguyễn Văn An", date_of_birth=datetime.date(1998, 1, 1)
    )
    data = form_data(tree["deep_cell"], full_name="nguyen van  an")
    warned = as_clerk.post(reverse("member_add"), data)
    assert warned.status_code == 200
    assert Member.objects.count() == 1
    assert reverse("member_detail", args=[existing.pk]) in warned.text
    assert "cùng họ tên và ngày sinh" in warned.text
    confirmed = as_clerk.post(reverse("member_add"), {**data, "confirm_duplicate": "on"})
    assert confirmed.status_code == 302
    assert Member.objects.count() == 2


def test_duplicate_outside_the_scope_is_said_without_its_name_unit_or_number(as_clerk, tree):
    other = factories.member(
        tree["cell_b"],
        full_name="Nguyễn Văn An",
        date_of_birth=datetime.date(1998, 1, 1),
        decision_number="77-QĐ/XB",
    )
    warned = as_clerk.post(reverse("member_add"), form_data(tree["deep_cell"], full_name="Nguyen Van An"))
    assert "dữ liệu của một cấp ủy khác" in warned.text
    for detail in (
        "Nguyễn Văn An",
        "77-QĐ/XB",
        str(tree["commune_b"]),
        reverse("member_detail", args=[other.pk]),
    ):
        assert detail not in warned.text
    assert Member.objects.count() == 1


# Edit, concurrency, delete --------------------------------------------------------------------------------


def edit_data(member, **overrides):
    data = form_data(member.cell, full_name=member.full_name, version=member.version)
    data.update(overrides)
    return data


def test_edit_saves_and_bumps_the_version(as_clerk, tree):
    member = factories.member(tree["deep_cell"], date_of_birth=datetime.date(1998, 1, 1))
    response = as_clerk.post(reverse("member_edit", args=[member.pk]), edit_data(member, home_town="Hà Nam"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.home_town == "Hà Nam"
    assert member.version == 2


def test_second_of_two_concurrent_edits_is_refused_and_keeps_the_input(client, clerk, staff, tree):
    member = factories.member(tree["deep_cell"], date_of_birth=datetime.date(1998, 1, 1))
    first = edit_data(member, home_town="Ý kiến thứ nhất")
    second = edit_data(member, home_town="Ý kiến thứ hai")  # both loaded version 1
    client.force_login(staff)
    assert client.post(reverse("member_edit", args=[member.pk]), first).status_code == 302
    client.force_login(clerk)
    response = client.post(reverse("member_edit", args=[member.pk]), second)
    assert response.status_code == 200
    assert "Người khác đã lưu hồ sơ này" in response.text
    assert response.context["form"]["home_town"].value() == "Ý kiến thứ hai"
    member.refresh_from_db()
    assert member.home_town == "Ý kiến thứ nhất"
    assert member.version == 2


def open_edit_form(client, member) -> dict:
    """The edit form's data as a browser would send it back unchanged (with its hidden fields)."""
    form = client.get(reverse("member_edit", args=[member.pk])).context["form"]
    data = edit_data(member)
    data["original"] = form["original"].value()
    return data


def test_a_conflict_shows_old_theirs_yours_keeps_the_typing_and_saves_on_the_second_try(
    client, clerk, staff, tree
):
    member = factories.member(tree["deep_cell"], date_of_birth=datetime.date(1998, 1, 1), home_town="Cũ")
    client.force_login(clerk)
    mine = {**open_edit_form(client, member), "home_town": "Của tôi", "notes": "Ghi chú của tôi"}
    services.member_update(member=member, home_town="Của họ", ethnicity="Tày", expected_version=1)

    response = client.post(reverse("member_edit", args=[member.pk]), mine)
    form = response.context["form"]
    assert [
        (row["label"], row["old"], row["theirs"], row["yours"], row["both"]) for row in form.conflicts
    ] == [
        ("Dân tộc", "Kinh", "Tày", "Kinh", False),
        ("Quê quán", "Cũ", "Của họ", "Của tôi", True),
    ]
    assert form["home_town"].value() == "Của tôi"
    assert form["notes"].value() == "Ghi chú của tôi"
    assert form["ethnicity"].value() == "Tày"  # their change of a field I left alone is taken
    assert "Những gì người kia đã thay đổi" in response.text

    again = {**mine, **{k: form[k].value() for k in ("version", "original", "ethnicity")}}
    assert client.post(reverse("member_edit", args=[member.pk]), again).status_code == 302
    member.refresh_from_db()
    assert (member.home_town, member.notes, member.ethnicity, member.version) == (
        "Của tôi",
        "Ghi chú của tôi",
        "Tày",
        3,
    )


def test_a_tampered_original_shows_no_rows_but_still_refuses_the_stale_save(client, clerk, tree):
    member = factories.member(tree["deep_cell"], date_of_birth=datetime.date(1998, 1, 1))
    client.force_login(clerk)
    mine = {**open_edit_form(client, member), "original": "forged", "home_town": "X"}
    services.member_update(member=member, home_town="Y", expected_version=1)
    response = client.post(reverse("member_edit", args=[member.pk]), mine)
    assert response.context["form"].conflicts == []
    member.refresh_from_db()
    assert member.home_town == "Y"


def test_edit_without_a_version_is_refused(as_clerk, tree):
    member = factories.member(tree["deep_cell"], date_of_birth=datetime.date(1998, 1, 1))
    data = edit_data(member, home_town="X")
    del data["version"]
    assert "version" in as_clerk.post(reverse("member_edit", args=[member.pk]), data).context["form"].errors


def test_detail_shows_the_history_of_create_and_update(as_clerk, clerk, tree):
    response = as_clerk.post(reverse("member_add"), form_data(tree["deep_cell"]))
    member = Member.objects.get()
    as_clerk.post(reverse("member_edit", args=[member.pk]), edit_data(member, home_town="Hà Nam"))
    page = as_clerk.get(response.url).text
    assert "Lịch sử thay đổi" in page
    assert "Thêm mới" in page
    assert "Sửa" in page
    assert "Quê quán" in page
    assert "Hà Nam" in page
    assert "Nam" in page
    assert "19/05/2023" in page  # dates of the history in dd/mm/yyyy


def test_delete_asks_for_confirmation_then_deletes_and_records_it(as_clerk, clerk, tree):
    member = factories.member(tree["deep_cell"])
    confirm = as_clerk.get(reverse("member_delete", args=[member.pk]))
    assert "Xóa hồ sơ" in confirm.text
    assert Member.objects.filter(pk=member.pk).exists()
    response = as_clerk.post(
        reverse("member_delete", args=[member.pk]), {"submission_token": factories.token()}
    )
    assert response.url == reverse("member_list")
    assert not Member.objects.filter(pk=member.pk).exists()
    entry = AuditEntry.objects.get(object_type="member", object_id=member.pk, action="delete")
    assert entry.user == clerk
    assert entry.changes["full_name"] == ["Nguyễn Văn An", None]


def test_messages_follow_each_action(as_clerk, tree):
    response = as_clerk.post(reverse("member_add"), form_data(tree["deep_cell"]), follow=True)
    assert "Đã thêm đảng viên Nguyễn Văn An" in response.text


def test_saving_a_record_deleted_meanwhile_is_refused_with_a_message(as_clerk, tree):
    member = factories.member(tree["deep_cell"], date_of_birth=datetime.date(1998, 1, 1))
    data = edit_data(member, home_town="X")
    form_page = as_clerk.get(reverse("member_edit", args=[member.pk]))
    assert form_page.status_code == 200
    Member.objects.filter(pk=member.pk).delete()
    assert as_clerk.post(reverse("member_edit", args=[member.pk]), data).status_code == 404
    with pytest.raises(ValidationError) as caught:
        services.member_update(member=member, expected_version=1, home_town="X")
    assert caught.value.code == "stale"


@pytest.mark.parametrize("query", ["?cell=abc&decision_date=zzz&decision_number=%00", "?cell=999999"])
def test_bad_batch_values_in_the_query_string_are_ignored(as_clerk, tree, query):
    assert as_clerk.get(reverse("member_add") + query).status_code == 200


def test_a_grassroots_cell_is_named_as_its_own_grassroots_organisation(as_staff, tree):
    factories.member(tree["school"], full_name="Học Sinh Giỏi")
    page = as_staff.get(reverse("member_list")).text
    row = page[page.index("Học Sinh Giỏi") :].split("</tr>")[0]
    assert "<td>Chi bộ Trường THPT</td><td>Chi bộ Trường THPT</td>" in row
    assert ">—<" not in row


def test_the_list_shows_the_age_at_admission_and_the_status_unbroken(as_staff, tree):
    factories.member(tree["school"], full_name="Học Sinh Giỏi", date_of_birth=datetime.date(1998, 5, 20))
    page = as_staff.get(reverse("member_list")).text
    row = page[page.index("Học Sinh Giỏi") :].split("</tr>")[0]
    assert '<td class="num">24</td>' in row  # decided on 19/05/2023, one day before turning 25
    assert '<td class="nowrap"><span class="badge status-probationary">Dự bị</span></td>' in row


def test_list_rows_show_the_member_as_the_columns_say(as_clerk, tree):
    member = factories.member(tree["deep_cell"], full_name="Lê Thị Hoa", sex="F")
    page = as_clerk.get(reverse("member_list")).text
    row = page[page.index(f'<a href="{reverse("member_detail", args=[member.pk])}">') :].split("</tr>")[0]
    cells = [re.sub(r"<[^>]+>", "", part.split("</td>")[0]) for part in re.split(r"<td[^>]*>", row)[1:]]
    assert "Lê Thị Hoa" in row
    assert cells == [
        "Nữ",
        "01/01/1998",
        "25",
        "Chi bộ A1a",
        "Đảng bộ xã A",
        "01-QĐ/HU",
        "19/05/2023",
        "Dự bị",
    ]


def test_without_a_sort_the_list_shows_the_latest_decisions_first_then_names_in_vietnamese_order(
    as_staff, tree
):
    for name, day in [
        ("Nguyễn Văn Bình", datetime.date(2023, 3, 1)),
        ("Trần Thị An", datetime.date(2023, 9, 1)),
        ("Lê Văn An", datetime.date(2023, 9, 1)),
        ("Phạm Văn Cường", datetime.date(2023, 6, 1)),
    ]:
        factories.member(tree["deep_cell"], full_name=name, decision_date=day)
    # Newest decision first; on the same day by given name first ("An" before "An" by family, then "Bình").
    assert listed_names(as_staff.get(reverse("member_list"))) == [
        "Lê Văn An",
        "Trần Thị An",
        "Phạm Văn Cường",
        "Nguyễn Văn Bình",
    ]


def test_the_list_headers_follow_the_language_of_each_request(as_staff, tree):
    factories.member(tree["deep_cell"])

    def headers(language: str) -> str:
        as_staff.cookies["django_language"] = language
        page = as_staff.get(reverse("member_list")).text
        return page[page.index("<thead") : page.index("</thead>")]

    vietnamese, english, again = headers("vi"), headers("en"), headers("vi")
    assert "Tổ chức cơ sở đảng" in vietnamese
    assert "Ngày quyết định" in vietnamese
    assert "Grassroots party organisation" in english
    assert "Tổ chức cơ sở đảng" not in english
    assert again == vietnamese


def test_a_grassroots_cell_fills_its_list_columns_and_is_named_once_on_its_page(as_staff, tree):
    school = factories.member(tree["school"], full_name="Trường Học")
    village = factories.member(tree["deep_cell"], full_name="Dưới Xã")
    page = as_staff.get(reverse("member_list")).text
    school_row = page[page.index("Trường Học") : page.index("</tr>", page.index("Trường Học"))]
    assert school_row.count(tree["school"].name) == 2  # the cell and its TCCS, each column filled
    assert "<td>—</td>" not in school_row
    village_row = page[page.index("Dưới Xã") : page.index("</tr>", page.index("Dưới Xã"))]
    assert tree["commune"].name in village_row
    detail = as_staff.get(reverse("member_detail", args=[school.pk])).text
    lead = detail[detail.index('class="lead"') : detail.index("</p>", detail.index('class="lead"'))]
    assert lead.count(tree["school"].name) == 1
    detail = as_staff.get(reverse("member_detail", args=[village.pk])).text
    assert tree["commune"].name in detail


def test_the_member_form_says_what_each_box_takes_and_marks_the_required_ones(as_clerk):
    page = as_clerk.get(reverse("member_add")).text
    for help_text in (
        "12 chữ số, giữ các số 0 ở đầu, ví dụ 001099012345",  # national ID
        "ví dụ 201-QĐ/HU hoặc 15-QĐ/ĐU",  # decision number
        "Ngày ký quyết định, dạng dd/mm/yyyy",  # decision date
        "Dạng dd/mm/yyyy, ví dụ 02/09/1999",  # date of birth
    ):
        assert help_text in page
    # Each help is the description of its box, for screen readers too.
    assert 'aria-describedby="id_national_id_helptext"' in page
    assert 'id="id_national_id_helptext"' in page
    assert '<label for="id_decision_number" class="required">' in page
    assert '<label for="id_national_id">' in page  # optional: no star


@pytest.mark.parametrize(
    ("url_name", "query"), [("member_list", ""), ("probation_list", ""), ("unit_tree", "")]
)
def test_forms_that_only_choose_what_a_page_shows_mark_nothing_as_required(as_staff, url_name, query):
    """A filter's or a year picker's select always holds a value: a star ("Năm *") would ask for nothing."""
    page = as_staff.get(reverse(url_name) + query).text
    assert 'class="required"' not in page


def test_the_quota_sheets_year_picker_has_no_star(as_staff):
    page = as_staff.get(reverse("quota_sheet")).text
    year_label = re.search(r'<label for="id_year"[^>]*>', page).group(0)
    assert "required" not in year_label


def test_an_impossible_decision_date_in_the_filter_is_named_and_lists_nobody(as_staff, tree):
    factories.member(tree["deep_cell"])
    response = as_staff.get(reverse("member_list"), {"decided_from": "31/02/2024"})
    assert response.status_code == 200
    assert listed_names(response) == []
    assert response.context["filter"].errors["decided_from"]
    assert "Nhập ngày theo dạng dd/mm/yyyy" in response.text
