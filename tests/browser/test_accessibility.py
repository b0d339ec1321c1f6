"""axe-core (axe-playwright-python) on pages in a state that the walk of every page
(test_walk.py, which runs axe on each page as it loads) does not reach: no violation of the
WCAG 2.1 A and AA rules (see ``assert_accessible`` in conftest.py). The two-factor step of
the login is checked in test_journeys.py, where a coordinator signs in.
"""

import pytest
from playwright.sync_api import expect

from stakeholders.models import User
from tests.browser.conftest import assert_accessible, logged_in_context

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["fr", "en"]

MEMBER = "membre.police@example.org"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_practice_form_with_errors_has_no_wcag_violation(new_context, base, demo, lang):
    context = logged_in_context(new_context, base, User.objects.get(email=MEMBER))
    page = context.new_page()
    page.goto(f"{base}/{lang}/practices/new/")
    page.locator("#id_partners-0-organisation").select_option("")
    page.locator("main form button[name=save]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
