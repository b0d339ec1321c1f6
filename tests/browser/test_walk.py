"""One walk of every page for each role in each language, every check on each page load.

The pages are those of tests/browser/pages.py (checked against the URL conf by
tests/lanzarote/test_page_walk.py), each role seeing the pages of the lower roles too, and
the "not found" page for the public: one browser context per role, one tab reused for every
page, the widths changed on the loaded page. On each page:

* the expected status (200; 404 for the "not found" page) and no redirect;
* the page's language (``<html lang>``: the address's; a document, such as an attendance
  certificate, is in its holder's language) and one heading of level 1;
* the layout at every width, on the pages in the portal's frame (not the documents): the quick
  exit is on screen and nothing covers it (nor does it cover a link of the header), also
  scrolled down on a phone, and no page is wider than the screen;
* axe-core, no violation of the WCAG 2.1 A and AA rules (``assert_accessible``: closed
  <details> opened first, so the phone menu too) at desktop and phone widths, on the pages
  that this role is the first to see (or sees with more on it): the lower roles' walks
  checked the others.

Every page is checked; the failures are reported together, each with its role, language,
page, width and check.
"""

import pytest
from django.conf import settings
from playwright.sync_api import Page

from tests.browser import pages
from tests.browser.conftest import assert_accessible, logged_in_context

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["fr", "en"]
WIDTHS = {320: 568, 390: 844, 768: 1024, 1280: 800}
PHONE_WIDTHS = (320, 390)  # the header stays at the top of the screen there
AXE_WIDTHS = (1280, 390)

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


def set_width(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": WIDTHS[width]})


def layout_problems(page: Page, where: str, *, links: bool = True) -> list[str]:
    """What is wrong at the current width; ``links=False``: not whether the header's links are
    free (scrolled down, the nav bar passes under the header that stays at the top)."""
    found = page.evaluate(MEASURE, links)
    problems = []
    if not found["inside"]:
        problems.append(f"{where}: layout: the quick exit {found['box']} leaves the screen")
    if not found["onTop"]:
        problems.append(f"{where}: layout: something lies over the quick exit {found['box']}")
    if found["covered"]:
        problems.append(f"{where}: layout: covered links {found['covered']}")
    if found["scrollWidth"] > found["innerWidth"]:
        problems.append(
            f"{where}: layout: {found['scrollWidth']} px wide for {found['innerWidth']} px"
        )
    return problems


def page_problems(
    page: Page, base: str, path: str, lang: str, *, status: int, framed: bool, axe: bool
) -> list[str]:
    """Load ``path`` once (at desktop width) and run every check on it; what is wrong."""
    set_width(page, 1280)
    response = page.goto(base + path)
    if response.status != status:
        return [f"{path}: status {response.status}, not {status}"]
    if page.url != base + path:
        return [f"{path}: sent to {page.url}"]
    problems = []
    html_lang = page.locator("html").get_attribute("lang")
    if framed and html_lang != lang:
        problems.append(f"{path}: language: <html lang={html_lang!r}>, not {lang!r}")
    elif html_lang not in dict(settings.LANGUAGES):
        problems.append(f"{path}: language: <html lang={html_lang!r}>, not a portal language")
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"{path}: {headings} headings of level 1, not one")
    if framed:
        for width in WIDTHS:
            set_width(page, width)
            page.evaluate("window.scrollTo(0, 0)")
            problems += layout_problems(page, f"{path} at {width} px")
            if width in PHONE_WIDTHS:
                # Further down the page, the quick exit is still at hand.
                page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                where = f"{path} at {width} px (scrolled down)"
                problems += layout_problems(page, where, links=False)
    if axe:
        # Last: axe leaves the <details> open.
        for width in AXE_WIDTHS:
            set_width(page, width)
            try:
                assert_accessible(page)
            except AssertionError as failure:
                problems.append(f"{path} at {width} px: axe: {failure}")
    return problems


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", pages.ROLES)
def test_every_page_answers_in_its_language_holds_its_layout_and_passes_axe(
    new_context, base, demo, role, lang
):
    walk = dict.fromkeys(pages.pages_for(role, lang), 200)
    new = set(pages.pages_for(role, lang, only_new=True))
    framed = set(pages.pages_for(role, lang, documents=False))
    if role == "anonymous":
        not_found = f"/{lang}{pages.NOT_FOUND}"
        walk[not_found] = 404
        new.add(not_found)
        framed.add(not_found)
    user = pages.user_for(role)
    context = logged_in_context(new_context, base, user) if user else new_context()
    page = context.new_page()
    problems = []
    for path, status in walk.items():
        problems += page_problems(
            page, base, path, lang, status=status, framed=path in framed, axe=path in new
        )
    context.close()
    assert not problems, f"as {role}, in {lang}:\n" + "\n\n".join(problems)
