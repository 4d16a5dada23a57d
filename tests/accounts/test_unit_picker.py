"""The account form's unit is chosen by type-ahead: the page never writes the manager's whole subtree as
options (a national scope has 294,721 units), and the type-ahead offers the manager's units only."""

from django.urls import reverse

from accounts.models import Role
from tests import factories


def unit_select(page: str) -> str:
    start = page.rindex("<select", 0, page.index('name="unit"'))
    return page[start : page.index("</select>", start)]


def test_the_account_form_writes_no_unit_but_the_chosen_one(client, tree):
    manager = factories.user("manager", role=Role.COMMITTEE_STAFF, unit=tree["province"])
    clerk = factories.user("clerk", role=Role.UNIT_CLERK, unit=tree["commune"])
    client.force_login(manager)
    page = client.get(reverse("user_add")).text
    select = unit_select(page)
    assert select.count("<option") == 1  # the blank one
    assert "data-unit-search" in select
    page = client.get(reverse("user_edit", args=[clerk.pk])).text
    select = unit_select(page)
    assert select.count("<option") == 2  # the blank one and the clerk's unit
    assert "Đảng bộ xã A" in select


def test_the_type_ahead_offers_any_unit_of_the_managers_subtree_and_none_outside_it(client, tree):
    client.force_login(factories.user("manager", role=Role.COMMITTEE_STAFF, unit=tree["commune"]))
    found = client.get(reverse("unit_options"), {"kind": "unit", "q": ""}).json()["results"]
    assert {row["value"] for row in found} == {tree["commune"].pk, tree["middle"].pk, tree["deep_cell"].pk}
    found = client.get(reverse("unit_options"), {"kind": "unit", "q": "chi bo b1"}).json()["results"]
    assert found == []


def test_an_account_is_saved_with_the_unit_the_type_ahead_offered(client, tree):
    client.force_login(factories.user("manager", role=Role.COMMITTEE_STAFF, unit=tree["district"]))
    response = client.post(
        reverse("user_add"),
        {"username": "moi", "first_name": "Mới", "last_name": "Người", "role": Role.UNIT_CLERK,
         "unit": tree["school"].pk, "submission_token": factories.token()},
    )  # fmt: skip
    assert response.status_code == 200  # the one-time password's page
    from accounts.models import User

    assert User.objects.get(username="moi").unit == tree["school"]
