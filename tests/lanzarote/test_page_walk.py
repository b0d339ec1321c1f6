"""The list of pages that the browser tests walk (tests/browser/pages.py) is complete and
right: every page of the URL conf is in it or set aside with a reason, and each page answers
200 to the lowest role said to see it, and to the roles above."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.browser import pages

# Outside the walk as a whole: the Django admin (its own layout), the API, machine files.
NOT_PORTAL_PAGES = {"healthz", "robots_txt", "favicon", "django.contrib.sitemaps.views.sitemap"}


def url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in {"admin", "api"}:
                continue
            inner = f"{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def test_every_page_of_the_url_conf_is_walked_or_set_aside_with_a_reason():
    walked = {name for name, *_ in pages.PAGES}
    names = set(url_names()) - NOT_PORTAL_PAGES
    assert names - walked - set(pages.SET_ASIDE) == set()
    assert walked & set(pages.SET_ASIDE) == set()
    assert set(pages.SET_ASIDE) - names == set(), "set aside but no longer in the URL conf"


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())


@pytest.mark.parametrize("role", pages.ROLES)
def test_each_page_of_the_walk_answers_the_roles_that_see_it(client, demo, role):
    assert pages.practice_states_are_as_expected()
    user = pages.user_for(role)
    if user is not None:
        client.force_login(user)
    for path in pages.pages_for(role, "en"):
        response = client.get(path)
        assert response.status_code == 200, (role, path, response.status_code)
