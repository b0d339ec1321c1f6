"""The member pages in a real browser, in French and English, at 1280 and 390 px: the member
home, the account page and the practice form have no WCAG 2.1 A/AA violation and are saved
as screenshots under test-artifacts/; the meeting page's attendance table shows its whole
status select on a desktop and stacks on a phone, and its forms open from labelled
disclosures, not bare triangles."""

import pytest
from playwright.sync_api import expect

from lanzarote import demo_data
from meetings.models import Meeting
from stakeholders.models import User
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    logged_in_context,
    screenshot,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MEMBER = "membre.police@example.org"
COORDINATOR = "coordination@example.org"
HOME = {"fr": "/fr/espace/", "en": "/en/my-space/"}
ACCOUNT = {"fr": "/fr/compte/", "en": "/en/my-account/"}


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


def check(page, name: str) -> None:
    """No violation and no sideways scroll at both widths; screenshots of both."""
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        expect(page.locator("h1")).to_have_count(1)
        no_sideways_scroll(page)
        assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = false; })")
    screenshot(page, name)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("who", [MEMBER, COORDINATOR])
def test_member_home_is_accessible_at_both_widths(new_context, base, demo, lang, who):
    context = logged_in_context(new_context, base, User.objects.get(email=who))
    page = context.new_page()
    assert page.goto(f"{base}{HOME[lang]}").status == 200
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(
        page.get_by_role("link", name="Mon espace" if lang == "fr" else "My space")
    ).to_have_attribute("aria-current", "page")
    role = "coordinator" if who == COORDINATOR else "member"
    check(page, f"member-home-{role}-{lang}")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_practice_form_and_account_page_are_accessible_at_both_widths(
    new_context, base, demo, lang
):
    context = logged_in_context(new_context, base, User.objects.get(email=MEMBER))
    page = context.new_page()
    assert page.goto(f"{base}/{lang}/practices/new/").status == 200
    expect(page.locator(".form-progress ol li")).to_have_count(7)
    check(page, f"practice-form-{lang}")

    # Sent with nothing that submission needs: every missing item at once, then still clean.
    page.locator("#id_title_fr").fill("")
    page.locator("main form button[name=submit]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    # The title and the territory (the form's own rules), the summary, the description and
    # the sectors (submission's): the lead organisation is already there.
    expect(page.locator(".error-summary li")).to_have_count(5)
    assert_accessible(page)

    assert page.goto(f"{base}{ACCOUNT[lang]}").status == 200
    check(page, f"account-{lang}")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_meeting_page_forms_and_attendance_at_both_widths(new_context, base, demo, lang):
    meeting = Meeting.objects.get(title=demo_data.NEXT_MEETING["title"])
    context = logged_in_context(new_context, base, User.objects.get(email=COORDINATOR))
    page = context.new_page()
    assert page.goto(f"{base}/{lang}/meetings/{meeting.pk}/").status == 200

    # Each form opens from a disclosure whose label is a heading.
    disclosure = page.locator("details#add-agenda")
    expect(disclosure.locator("summary h3")).to_be_visible()
    disclosure.locator("summary").click()
    expect(disclosure.locator("form")).to_be_visible()
    marker = page.evaluate(
        "getComputedStyle(document.querySelector('details#add-agenda > summary')).display"
    )
    assert marker != "list-item"  # no browser triangle

    # At 1280 px every status select is wholly inside its scroll box.
    wrap = page.locator(".attendance-wrap")
    box = wrap.bounding_box()
    selects = wrap.locator("select")
    assert selects.count() >= 2
    for i in range(selects.count()):
        select = selects.nth(i).bounding_box()
        assert select["x"] + select["width"] <= box["x"] + box["width"], "select cut off"
    assert page.evaluate(
        "(() => { const w = document.querySelector('.attendance-wrap');"
        " return w.scrollWidth <= w.clientWidth; })()"
    )

    # At 390 px each invitee is a block with its labels: nothing scrolls sideways.
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    assert page.evaluate(
        "(() => { const w = document.querySelector('.attendance-wrap');"
        " return w.scrollWidth <= w.clientWidth; })()"
    )
    first_row = page.locator(".attendance-table tbody tr").first
    row_box = first_row.bounding_box()
    assert row_box["width"] <= PHONE["width"]
    for select in first_row.locator("select").all():  # the status, and the mode
        box = select.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"]
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"meeting-coordinator-{lang}")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_meeting_form_is_in_sections(new_context, base, demo, lang):
    context = logged_in_context(new_context, base, User.objects.get(email=COORDINATOR))
    page = context.new_page()
    assert page.goto(f"{base}/{lang}/meetings/new/").status == 200
    expect(page.locator("main form fieldset.form-section legend h2")).to_have_count(4)
    check(page, f"meeting-form-{lang}")
