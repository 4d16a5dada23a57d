"""accounts.scope.scope_of: the one rule of who sees which units."""

from django.contrib.auth.models import AnonymousUser

from accounts.models import Role
from accounts.scope import scope_of
from tests import factories


def test_a_user_is_scoped_to_their_unit(tree):
    clerk = factories.user("clerk", role=Role.UNIT_CLERK, unit=tree["commune"])
    assert scope_of(clerk) == tree["commune"]


def test_a_superuser_with_a_unit_is_scoped_to_it(tree):
    boss = factories.user("boss", role=Role.VIEWER, unit=tree["commune"], is_superuser=True)
    assert scope_of(boss) == tree["commune"]


def test_a_superuser_without_a_unit_is_scoped_to_the_root(tree):
    admin = factories.user("admin", role=Role.VIEWER, unit=None, is_superuser=True)
    assert scope_of(admin) == tree["province"]


def test_no_unit_no_superuser_anonymous_or_inactive_means_no_scope(tree):
    assert scope_of(factories.user("lost", role=Role.COMMITTEE_STAFF, unit=None)) is None
    assert scope_of(AnonymousUser()) is None
    gone = factories.user("gone", role=Role.COMMITTEE_STAFF, unit=tree["district"], is_active=False)
    assert scope_of(gone) is None


def test_the_scope_is_read_once_per_user_object_and_again_when_the_unit_changes(
    tree, django_assert_num_queries
):
    admin = factories.user("admin", role=Role.VIEWER, unit=None, is_superuser=True)
    with django_assert_num_queries(1):
        assert scope_of(admin) == scope_of(admin) == tree["province"]
    admin.unit = tree["commune"]
    with django_assert_num_queries(0):  # the unit object is at hand: no query
        assert scope_of(admin) == tree["commune"]
