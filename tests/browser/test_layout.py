"""The menus at phone and desktop widths, and screenshots. The layout of every page (the quick
exit, the widths) and its accessibility are checked by the walk of test_walk.py.
"""

import pytest

from tests.browser.conftest import SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_phone_menu_opens_without_javascript_and_the_content_starts_high(browser, base, demo):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False, locale="fr-FR"
    )
    page = context.new_page()
    page.goto(f"{base}/fr/practices/")
    nav = page.get_by_role("navigation", name="Navigation principale")
    assert not nav.is_visible()  # folded
    # The page's heading is in the first third of the first screen.
    assert page.locator("h1").bounding_box()["y"] < 844 / 3
    page.locator(".nav-menu > summary").click()
    assert nav.get_by_role("link", name="Réunions").is_visible()
    assert nav.get_by_role("link", name="Connexion à l’espace membres").is_visible()
    context.close()


def test_the_desktop_menu_is_open_and_the_login_link_free_in_french(new_context, base, demo):
    context = new_context()
    page = context.new_page()
    page.goto(f"{base}/fr/")
    login = page.locator(".account-nav a").first
    assert login.is_visible()
    box = login.bounding_box()
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('a')?.getAttribute('href')",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit.startswith("/fr/accounts/login/")
    assert page.locator(".nav-menu > summary").is_hidden()
    context.close()


def test_screenshots_of_the_insight_page_on_a_phone(new_context, base, demo):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = new_context()
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    for lang in ("fr", "en"):
        page.goto(f"{base}/{lang}/insight/")
        page.screenshot(path=SCREENSHOTS / f"insight-{lang}-phone.png", full_page=False)
        page.screenshot(path=SCREENSHOTS / f"insight-{lang}-phone-full.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
