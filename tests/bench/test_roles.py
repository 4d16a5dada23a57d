"""The benchmark's real users: scoped ordinary accounts, and every page they open answers inside their scope."""

from django.test import Client

from accounts.scope import scope_of
from admissions.choices import GRASSROOTS_LEVELS, UnitLevel
from bench import data, measure, roles
from devdata import scale


def test_each_role_is_an_ordinary_user_scoped_to_a_unit_of_its_level(db):
    scale.generate("district", years=2, seed=3)
    logins = {login.role: login for login in roles.logins(data.context())}
    assert set(logins) == set(roles.ROLES)
    assert not any(login.user.is_superuser or login.user.is_staff for login in logins.values())
    assert scope_of(logins["national"].user).parent is None
    assert scope_of(logins["clerk"].user).level in GRASSROOTS_LEVELS
    assert scope_of(logins["district"].user).level == UnitLevel.SUPERIOR
    assert not logins["viewer"].user.can_edit
    assert logins["district"].user.can_manage_units


def test_every_page_of_each_role_answers_200_and_the_timings_are_kept_per_tier(db, tmp_path, monkeypatch):
    scale.generate("district", years=2, seed=3)
    ctx = data.context()
    monkeypatch.setattr(measure.results, "RESULTS", tmp_path)
    monkeypatch.setattr(roles, "ROLES", ("district", "viewer"))  # two roles keep the test short
    rows = measure.measure_pages(ctx, "district", repeat=1)
    assert rows
    assert all("HTTP" not in row.note for row in rows), [row.name for row in rows if "HTTP" in row.note]
    kept = measure.results.page_timings("district")
    assert set(kept) == {row.name.removeprefix("page, ") for row in rows}
    assert all(figures["queries"] > 0 for figures in kept.values())
    assert "district: member add form" in kept
    assert "district: quota sheet" in kept
    assert "viewer: member add form" not in kept
    assert "viewer: report" in kept


def test_a_clerk_opens_only_pages_of_their_own_organisation(db):
    scale.generate("district", years=2, seed=3)
    ctx = data.context()
    clerk = next(login for login in roles.logins(ctx) if login.role == "clerk")
    client = Client()
    client.force_login(clerk.user)
    for _label, url in roles.pages(ctx, clerk):
        assert client.get(url).status_code == 200, url
