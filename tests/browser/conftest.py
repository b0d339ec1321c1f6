"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

* Chromium is Debian's (``apt-get install -y chromium``), launched from /usr/bin/chromium with
  the flags of STACK.md; Playwright's own browser download is not used. Without it, every test
  marked ``browser`` is skipped with a reason saying how to enable them.
* Playwright's sync API keeps an asyncio loop running in the test thread, which Django's
  async-safety check would take for async code: DJANGO_ALLOW_ASYNC_UNSAFE is set while (and
  only while) Playwright runs, which is why Playwright is started per package here instead of
  per session: the tests that run after this package see neither the loop nor the variable.
  While the loop runs, Django would also hand out other connection objects (see
  ``playwright`` below).
* Each xdist worker runs its own live server (pytest-django's session-scoped ``live_server``
  listens on a free port) against its own test database.
* Data is created in the test database by the tests themselves (the demo data, factories);
  ``live_server`` needs transactional tests, and serialized rollback puts the rows seeded by
  the migrations back before each test.
"""

import os
import time
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import Client, override_settings
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from pytest_django import plugin as django_plugin

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SKIP_REASON = (
    f"Chromium is not installed at {CHROMIUM}: install it with `apt-get install -y chromium` "
    "(Debian's package; `playwright install` is not used) to run the browser tests."
)
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Every expectation waits up to this long (the default 5 s is short on a busy 2-core machine).
expect.set_options(timeout=15_000)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # pytest-playwright parametrizes these tests with a session-scoped ``browser_name``, and
    # pytest then regroups the tests by that parameter, after pytest-django has put the
    # transactional tests (these ones) after the other database tests, whose seeded rows
    # their flush would remove. Sort again (a stable sort) as pytest-django intends.
    django_plugin.pytest_collection_modifyitems(items)

    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason=SKIP_REASON)
        for item in items:
            if item.get_closest_marker("browser"):
                item.add_marker(skip)


# ------------------------------------------------------------------ Playwright and Chromium
# pytest-playwright's fixtures of the same names are session-scoped; these replace them for
# this package only (see the module docstring).


@pytest.fixture(scope="package")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "headless": True, "args": LAUNCH_ARGS}


@pytest.fixture(scope="package")
def playwright(_pw_api_request_contexts):
    # Django keeps database connections in an asgiref Local that switches to a separate,
    # context-local store while an event loop runs in the thread, as Playwright's does from
    # now on: without the next lines the tests would get fresh connection objects, which
    # lack the test database's serialized contents (so "serialized_rollback" would silently
    # restore nothing). Keep using the very same connection objects.
    wrappers = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        pw = sync_playwright().start()
        if _pw_api_request_contexts:  # --tracing
            _pw_api_request_contexts.instrument(pw)
        for alias, wrapper in wrappers.items():
            connections[alias] = wrapper
        yield pw
        pw.stop()


@pytest.fixture(scope="package")
def browser_type(playwright):
    # Not from pytest-playwright's session-scoped, parametrized ``browser_name``: pytest would
    # move these tests away from pytest-django's order (transactional tests last).
    return playwright.chromium


@pytest.fixture(scope="package")
def launch_browser(browser_type_launch_args, browser_type):
    def launch(**kwargs) -> Browser:
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser):
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def browser_context_args():
    return {"viewport": DESKTOP, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


# ------------------------------------------------------------------ the portal and its data


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Rate limits and used TOTP codes live in the cache, which a flush does not empty."""
    if "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        cache.clear()


@pytest.fixture
def demo(live_server):
    """The demo data (the Paris group, its people and practices, two meetings)."""
    with override_settings(DEBUG=True):  # load_demo refuses to run with DEBUG off
        call_command("load_demo", stdout=StringIO())


@pytest.fixture
def base(live_server) -> str:
    return live_server.url


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for ``secret`` (as in test_two_factor.py)."""
    counters = list(yield_hotp_counters_from_time())
    return f"{hotp_value(secret, counters[len(counters) // 2]):06d}"


@contextmanager
def fresh_totp_period():
    """A code is valid for the rest of its 30-second period only: move the clock (of this
    process, so of the live server too) to the start of the next period, so that a code typed
    now cannot expire before the server checks it."""
    next_period = (int(time.time()) // 30 + 1) * 30
    with time_machine.travel(next_period + 0.5, tick=True):
        yield


def log_in(page: Page, base: str, email: str, password: str, *, totp_secret: str = "") -> None:
    """Log in through the (English) login page as a person does, then give the TOTP code
    when the second factor is asked for."""
    page.goto(f"{base}/en/accounts/login/")
    main = page.locator("main")
    main.get_by_label("Email").fill(email)
    main.get_by_label("Password").fill(password)
    main.get_by_role("button", name="Log in").click()
    if totp_secret:
        expect(page).to_have_url(f"{base}/en/accounts/2fa/authenticate/")
        with fresh_totp_period():
            main.get_by_label("Code", exact=True).fill(totp_code(totp_secret))
            main.get_by_role("button", name="Sign In").click()
            expect(page.get_by_role("button", name="Log out")).to_be_visible()
    else:
        expect(page.get_by_role("button", name="Log out")).to_be_visible()


def logged_in_context(new_context, base: str, user) -> BrowserContext:
    """A browser context whose session cookie belongs to ``user`` (no login page)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = new_context()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base}]
    )
    return context


WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page (closed <details> panels opened first, so that the filters and
    the coordinators' forms they hold are checked too) and fail with a readable list of every
    violation of the WCAG 2.1 A and AA rules."""
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    report = []
    for violation in violations:
        report.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            report.append(f"    {node['target']}: {node['failureSummary']}".replace("\n", " "))
    assert not violations, f"{page.url}\n" + "\n".join(report)


def screenshot(page: Page, name: str) -> None:
    """Save the page at desktop (1280 px) and phone (390 px) widths under test-artifacts/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)
