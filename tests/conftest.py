"""Shared fixtures: a working group, users of every role, a temporary MEDIA_ROOT."""

import pytest
from django.core.cache import caches

from practices import cache as catalogue_cache
from stakeholders.models import Membership
from tests.factories import UserFactory, WorkingGroupFactory, member_user, with_two_factor

PASSWORD = "a-good-test-password"
# The portal's configured address (settings.PORTAL_URL): links in emails and files use it,
# never the test client's host ("testserver").
PORTAL = "https://portal.example.org"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_catalogue_state():
    """What this process keeps of the catalogue (practices.cache) is forgotten between
    tests: each test's data is rolled back, and the next test starts from the database."""
    catalogue_cache.reset()
    caches["layout"].clear()  # the layout's kept parts (base.html)
    yield
    catalogue_cache.reset()


@pytest.fixture(autouse=True)
def _french_default_language(settings):
    # Tests address pages by their full URL (/fr/… or /en/…).
    settings.LANGUAGE_CODE = "fr"
    settings.PORTAL_URL = PORTAL


@pytest.fixture
def group(db):
    return WorkingGroupFactory()


@pytest.fixture
def other_group(db):
    return WorkingGroupFactory()


@pytest.fixture
def member(group):
    return member_user(group)


@pytest.fixture
def coordinator(group):
    return member_user(group, role=Membership.Role.COORDINATOR)


@pytest.fixture
def other_member(other_group):
    """A member of another working group."""
    return member_user(other_group)


@pytest.fixture
def other_coordinator(other_group):
    """A coordinator of another working group."""
    return member_user(other_group, role=Membership.Role.COORDINATOR)


@pytest.fixture
def staff(db):
    return with_two_factor(UserFactory(is_staff=True, is_superuser=True))


@pytest.fixture
def outsider(db):
    """Logged in, but a member of no working group."""
    return UserFactory()


@pytest.fixture
def client_for(client):
    """``client_for(user)`` returns the test client logged in as ``user`` (or anonymous)."""

    def make(user):
        if user is not None:
            client.force_login(user)
        return client

    return make
