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
    page.locator("#id_partners-0-organisation").fill("")
    page.locator("main form button[name=save]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_partner_names_suggested_as_typed_and_choices_offered_are_accessible(
    new_context, base, demo, lang
):
    context = logged_in_context(new_context, base, User.objects.get(email=MEMBER))
    page = context.new_page()
    page.goto(f"{base}/{lang}/practices/new/")
    name = page.locator("#id_partners-1-organisation")
    hidden = page.locator("#id_partners-1-organisation_pk")

    # As one types, the directory's organisations that match are suggested (site.js).
    name.press_sequentially("Brigade de protection", delay=20)
    options = page.locator("#id_partners-1-organisation_list option")
    expect(options.first).to_be_attached()
    label = options.first.get_attribute("value")
    assert "Brigade de protection des mineurs" in label
    # Picking one fills its id; typing something else empties it again.
    name.fill(label)
    expect(hidden).not_to_have_value("")
    name.fill(label + " x")
    expect(hidden).to_have_value("")

    # A part of a name, sent: the organisations that match are offered as choices.
    name.fill("protection")
    page.locator("main form button[name=save]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    choices = page.locator("fieldset.organisation-choices input[type=radio]")
    expect(choices.first).to_be_visible()
    assert_accessible(page)
