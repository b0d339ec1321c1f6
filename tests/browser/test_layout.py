"""The layout holds on every page, for every role, at every width: the quick exit is on screen
and nothing covers it (nor does it cover a link of the header), and no page is wider than
the screen. Then axe-core on every page, in both languages, at phone and desktop widths.

The pages are those of tests/browser/pages.py (checked against the URL conf by
tests/lanzarote/test_page_walk.py): one browser context per role, one tab reused for every
page, the widths changed on the loaded page.
"""

import pytest
from playwright.sync_api import Page

from tests.browser import pages
from tests.browser.conftest import SCREENSHOTS, assert_accessible, logged_in_context

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {320: 568, 390: 844, 768: 1024, 1280: 800}
PHONE_WIDTHS = (320, 390)  # the header stays at the top of the screen there

MEASURE = """(checkLinks) => {
  const exit = document.querySelector('.quick-exit');
  const box = exit.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  // Links and buttons of the header and the navigation bar that are shown: each one is what
  // a click in its middle reaches (the quick exit lies over none of them).
  const covered = [];
  document.querySelectorAll('.site-header a, .nav-bar a, .nav-bar button, .nav-bar summary')
    .forEach((el) => {
      const r = el.getBoundingClientRect();
      const shown = el.checkVisibility() && r.width && r.height;
      if (!checkLinks || !shown || r.bottom <= 0 || r.top >= innerHeight) { return; }
      const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (at && !el.contains(at) && !at.contains(el)) { covered.push(el.textContent.trim()); }
    });
  return {
    box: [box.left, box.top, box.right, box.bottom],
    inside: box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.bottom <= innerHeight,
    onTop: !!hit && exit.contains(hit),
    covered: covered,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: innerWidth,
  };
}"""


def layout_problems(page: Page, path: str, width: int, *, links: bool = True) -> list[str]:
    """What is wrong at this width; ``links=False``: not whether the header's links are free
    (scrolled down, the nav bar passes under the header that stays at the top)."""
    found = page.evaluate(MEASURE, links)
    problems = []
    where = f"{path} at {width} px"
    if not found["inside"]:
        problems.append(f"{where}: the quick exit {found['box']} leaves the screen")
    if not found["onTop"]:
        problems.append(f"{where}: something lies over the quick exit {found['box']}")
    if found["covered"]:
        problems.append(f"{where}: covered links {found['covered']}")
    if found["scrollWidth"] > found["innerWidth"]:
        problems.append(f"{where}: {found['scrollWidth']} px wide for {found['innerWidth']} px")
    return problems


@pytest.mark.parametrize("role", pages.ROLES)
def test_quick_exit_on_screen_and_no_page_wider_than_the_screen(new_context, base, demo, role):
    user = pages.user_for(role)
    context = logged_in_context(new_context, base, user) if user else new_context()
    page = context.new_page()
    problems = []
    for lang in ("fr", "en"):
        for path in pages.pages_for(role, lang, documents=False):
            page.set_viewport_size({"width": 1280, "height": WIDTHS[1280]})
            response = page.goto(base + path)
            assert response.status == 200, (path, response.status)
            assert page.url.split("#")[0] == base + path, f"{path} sent to {page.url}"
            for width, height in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": height})
                page.evaluate("window.scrollTo(0, 0)")
                problems += layout_problems(page, path, width)
                if width in PHONE_WIDTHS:
                    # Further down the page, the quick exit is still at hand.
                    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                    problems += layout_problems(page, f"{path} (scrolled down)", width, links=False)
    context.close()
    assert not problems, "\n".join(problems)


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


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_has_no_wcag_violation(new_context, base, demo, lang, width):
    """Each page once, as the lowest role that sees it (axe opens the phone menu too)."""
    for role in pages.ROLES:
        paths = pages.pages_for(role, lang, only_new=True)
        if not paths:
            continue
        user = pages.user_for(role)
        context = logged_in_context(new_context, base, user) if user else new_context()
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": WIDTHS[width]})
        for path in paths:
            page.goto(base + path)
            assert_accessible(page)
        context.close()
