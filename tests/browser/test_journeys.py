"""What people do on the portal, done in a real browser, asserting on what the page shows.

Each journey saves screenshots of the pages it passes through, at desktop and phone widths,
under test-artifacts/screenshots/ (not committed).
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import Page, expect

from lanzarote import demo_data
from stakeholders.models import Membership, Organisation, WorkingGroup
from tests.browser.conftest import (
    assert_accessible,
    fresh_totp_period,
    log_in,
    screenshot,
    totp_code,
)
from tests.factories import member_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PARIS = ZoneInfo("Europe/Paris")
COORDINATOR = "coordination@example.org"
MEMBER = "membre.police@example.org"
PASSWORD = demo_data.DEMO_PASSWORDS
TOTP_SECRET = demo_data.DEMO_TOTP_SECRETS[COORDINATOR]
FACTORY_PASSWORD = "a-good-test-password"  # tests/factories.py

EUROCEF = (
    "Comité européen d'action spécialisée pour l'enfant et la famille dans leur milieu de vie "
    "(EUROCEF)"
)
BPM = "Brigade de protection des mineurs – Préfecture de police (BPM)"
ICELAND_EN = "Barnahús, the children's house in Iceland"


def main(page: Page):
    return page.locator("main")


def messages(page: Page):
    return page.locator("main .messages")


def heading(page: Page):
    return page.locator("main h1")


def tab_to(page: Page, target, *, limit: int = 250) -> None:
    """Press Tab, as a keyboard user does, until ``target`` has the focus; it must show a
    visible focus ring when it gets there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            outline = target.evaluate("el => getComputedStyle(el).outlineStyle")
            assert outline != "none", f"{target} has the focus but no visible focus ring"
            return
    raise AssertionError(f"{target} never gets the focus with Tab")


# ------------------------------------------------------------------ a visitor


def test_a_visitor_searches_filters_and_reads_in_french_and_english(page, base, demo):
    # In French: from the home page to the catalogue, a search, then a country.
    page.goto(f"{base}/fr/")
    screenshot(page, "home-fr")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Pratiques", exact=True
    ).click()
    expect(heading(page)).to_have_text("Pratiques intersectorielles")
    page.get_by_label("Rechercher dans les pratiques").fill("Barnahus")
    page.get_by_role("search").get_by_role("button", name="Rechercher").click()
    expect(page).to_have_url(re.compile(r"/fr/practices/\?q=Barnahus"))
    results = page.locator(".practice-cards > li")
    expect(results.get_by_role("link", name="Barnahus en Suède")).to_be_visible()
    # The glossary's equivalents are searched too, and the page says so; the literal
    # search is one link away.
    expect(
        results.get_by_role("link", name="Unités d'accueil pédiatriques enfants en danger (UAPED)")
    ).to_be_visible()
    expect(page.locator(".also-searched")).to_contain_text("UAPED")
    screenshot(page, "catalogue-search-fr")
    page.get_by_role("link", name="Rechercher « Barnahus » seulement").click()
    expect(results.get_by_role("link", name=re.compile("UAPED"))).to_have_count(0)
    expect(results.get_by_role("link", name="Barnahus en Suède")).to_be_visible()

    page.get_by_role("region", name="Pays").get_by_role("link", name=re.compile("Suède")).click()
    expect(page.get_by_role("list", name="Filtres actifs")).to_contain_text("Pays : Suède")
    expect(results).to_have_count(1)
    expect(page.locator("#results-heading")).to_have_text("1 pratique")
    results.get_by_role("link", name="Barnahus en Suède").click()
    expect(heading(page)).to_have_text("Barnahus en Suède")
    expect(main(page)).to_contain_text("sur le modèle islandais")
    screenshot(page, "practice-fr")

    # The language switcher: the same practice, in English.
    page.get_by_role("navigation", name="Langue").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{base}/en/practices/barnahus-suede/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading(page)).to_have_text("Barnahus in Sweden")
    expect(main(page)).to_contain_text("on the Icelandic model")

    # In English: a search, then an evidence level; back to French on the result.
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Practices", exact=True
    ).click()
    expect(heading(page)).to_have_text("Inter-sectoral practices")
    page.get_by_label("Search the practices").fill("children's house")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    expect(results.get_by_role("link", name="Barnahus in Sweden")).to_be_visible()
    expect(results.get_by_role("link", name=ICELAND_EN)).to_be_visible()
    screenshot(page, "catalogue-search-en")
    page.get_by_role("region", name="Evidence level").get_by_role(
        "link", name=re.compile("^Evaluated")
    ).click()
    expect(page.get_by_role("list", name="Active filters")).to_contain_text(
        "Evidence level: Evaluated"
    )
    expect(results).to_have_count(1)
    results.get_by_role("link", name=ICELAND_EN).click()
    expect(heading(page)).to_have_text(ICELAND_EN)
    screenshot(page, "practice-en")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page).to_have_url(f"{base}/fr/practices/barnahus-islande/")
    expect(heading(page)).to_have_text("Barnahús, la maison de l'enfant en Islande")


def test_the_quick_exit_leaves_the_portal_out_of_the_history(context, base, demo, settings):
    exit_url = f"{base}/healthz"
    settings.QUICK_EXIT_URL = exit_url
    practice = f"{base}/fr/practices/barnahus-suede/"

    # The button: the page is replaced by the neutral site, and Back skips the portal.
    page = context.new_page()
    page.goto(f"{base}/healthz?before=1")  # where the visitor was before the portal
    page.goto(practice)
    exit_button = page.get_by_role("link", name=re.compile("Quitter ce site rapidement"))
    expect(exit_button).to_be_visible()
    exit_button.click()
    expect(page).to_have_url(exit_url)
    expect(page.locator("body")).to_contain_text('"status": "ok"')
    page.go_back()
    expect(page).to_have_url(f"{base}/healthz?before=1")

    # Escape twice does the same, in the other language too.
    page = context.new_page()
    page.goto(f"{base}/healthz?before=2")
    page.goto(f"{base}/en/practices/")
    expect(heading(page)).to_have_text("Inter-sectoral practices")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    expect(page).to_have_url(exit_url)
    page.go_back()
    expect(page).to_have_url(f"{base}/healthz?before=2")


# ------------------------------------------------------------------ the review workflow


def test_a_practice_goes_from_a_member_through_review_to_the_catalogue(
    new_context, base, demo, tmp_path
):
    # A second coordinator, from another organisation than the first one (EUROCEF).
    group = WorkingGroup.objects.get(slug=demo_data.GROUP["slug"])
    second = member_user(
        group,
        role=Membership.Role.COORDINATOR,
        organisation=Organisation.objects.get(slug="umj-hotel-dieu"),
        email="coordination.umj@example.org",
        mfa=False,
    )
    second_secret = generate_totp_secret()
    TOTP.activate(second, second_secret)
    pdf = tmp_path / "protocole-tournesol.pdf"
    pdf.write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    title_en = "Tournesol protocol: hearing teenagers at school"

    # The member adds a practice, with a document, and submits it.
    member = new_context().new_page()
    log_in(member, base, MEMBER, PASSWORD[MEMBER])
    member.get_by_role("link", name="My practices").click()
    member.get_by_role("link", name="Add a practice").click()
    expect(heading(member)).to_have_text("Add a practice")
    member.get_by_label("Title in French").fill("Protocole Tournesol : entendre les adolescents")
    member.get_by_label("Title in English").fill(title_en)
    member.get_by_label("Summary in English").fill(
        "School nurses and the child-protection police agree how a teenager who discloses "
        "abuse at school is heard, once, by trained people."
    )
    member.get_by_label("Description in English").fill(
        "The school nurse listens without asking leading questions, writes down the words "
        "used and calls the **child-protection unit**, which arranges a recorded hearing."
    )
    member.get_by_label("Territory").select_option(label="Paris (France)")
    member.get_by_label("Law enforcement", exact=True).check()
    member.get_by_label("Education", exact=True).check()
    member.get_by_label("Identification and reporting", exact=True).check()
    member.get_by_label("Promising", exact=True).check()
    member.get_by_label("Organisation 1", exact=True).fill(EUROCEF)
    member.get_by_label("Role 1", exact=True).select_option(label="Lead")
    member.get_by_label("Organisation 2", exact=True).fill(BPM)
    member.get_by_label("Role 2", exact=True).select_option(label="Partner")
    # "Promising" needs a reference.
    references = member.get_by_role("group", name=re.compile("^References"))
    references.get_by_label("Title").first.fill("Tournesol: first year's report")
    references.get_by_label("Publisher").first.fill("Brigade de protection des mineurs")
    documents = member.get_by_role("group", name="Documents")
    documents.get_by_label("Title").fill("The Tournesol protocol")
    documents.get_by_label("File").set_input_files(pdf)
    screenshot(member, "practice-form")
    member.get_by_role("button", name="Save and submit for review").click()
    expect(messages(member)).to_have_text("Practice submitted for review.")
    expect(heading(member)).to_have_text(title_en)
    expect(main(member).locator(".status-banner")).to_contain_text("Submitted")

    # The first coordinator's organisation leads the practice: they may ask for changes,
    # not publish (four-eyes rule).
    coordinator = new_context().new_page()
    log_in(coordinator, base, COORDINATOR, PASSWORD[COORDINATOR], totp_secret=TOTP_SECRET)
    coordinator.get_by_role("link", name=re.compile("^Review")).click()
    expect(heading(coordinator)).to_have_text("Practices waiting for review")
    screenshot(coordinator, "review-queue")
    coordinator.get_by_role("link", name=title_en).click()
    expect(heading(coordinator)).to_have_text(title_en)
    actions = coordinator.locator(".workflow-actions")
    expect(actions.get_by_role("link", name="Request changes")).to_be_visible()
    expect(actions.get_by_role("link", name="Publish")).to_have_count(0)
    actions.get_by_role("link", name="Request changes").click()
    coordinator.get_by_label("Note to the authors").fill("Since when does it run? Add the year.")
    screenshot(coordinator, "request-changes")
    main(coordinator).get_by_role("button", name="Request changes").click()
    expect(messages(coordinator)).to_have_text("Changes requested: the authors have been told.")

    # The member sees the note, fixes the practice and submits it again.
    member.get_by_role("link", name="My practices").click()
    row = member.get_by_role("row", name=re.compile("Tournesol"))
    expect(row).to_contain_text("Changes requested")
    expect(row).to_contain_text("Since when does it run? Add the year.")
    row.get_by_role("link", name="Make the requested changes and submit again").click()
    member.get_by_label("Since (year)").fill("2021")
    member.get_by_role("button", name="Save and submit for review").click()
    expect(messages(member)).to_have_text("Practice submitted for review.")
    expect(main(member).locator(".practice-facts")).to_contain_text("2021")

    # A coordinator of another organisation publishes it.
    other = new_context().new_page()
    log_in(other, base, second.email, FACTORY_PASSWORD, totp_secret=second_secret)
    other.get_by_role("link", name=re.compile("^Review")).click()
    other.get_by_role("link", name=title_en).click()
    other.locator(".workflow-actions").get_by_role("link", name="Publish").click()
    # The publishing coordinator confirms the level, with a reason.
    main(other).get_by_label("Why this level").fill("A year of use, with a published report.")
    main(other).get_by_role("button", name="Publish").click()
    expect(messages(other)).to_have_text("Practice published.")

    # A visitor finds it with a search, and downloads its document.
    visitor = new_context().new_page()
    visitor.goto(f"{base}/en/practices/")
    visitor.get_by_label("Search the practices").fill("tournesol")
    visitor.get_by_label("Search the practices").press("Enter")
    results = visitor.locator(".practice-cards > li")
    expect(results).to_have_count(1)
    results.get_by_role("link", name=title_en).click()
    expect(heading(visitor)).to_have_text(title_en)
    lead = main(visitor).get_by_role("row", name=re.compile("^Comité européen d'action"))
    expect(lead).to_contain_text("Lead")
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="The Tournesol protocol").click()
    assert download.value.suggested_filename == "protocole-tournesol.pdf"
    screenshot(visitor, "published-practice")


# ------------------------------------------------------------------ a meeting


def test_a_coordinator_runs_a_meeting_and_a_member_updates_their_action_item(
    new_context, base, demo, settings
):
    # The clock jumps a day ahead below: the sessions must outlive it (idle limits).
    settings.SESSION_IDLE_TIMEOUT_MEMBER = settings.SESSION_IDLE_TIMEOUT_COORDINATOR = 3 * 86400
    tomorrow = datetime.datetime.now(PARIS).date() + datetime.timedelta(days=1)
    due = tomorrow + datetime.timedelta(days=14)
    title = "Working meeting – listening to teenagers at school"

    coordinator = new_context().new_page()
    log_in(coordinator, base, COORDINATOR, PASSWORD[COORDINATOR], totp_secret=TOTP_SECRET)
    coordinator.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
    coordinator.get_by_role("link", name="Plan a meeting").click()
    form = main(coordinator).locator("form")
    form.get_by_label("Title").fill(title)
    form.get_by_label("Starts").fill(f"{tomorrow}T14:00")
    form.get_by_label("Ends").fill(f"{tomorrow}T16:00")
    form.get_by_label("Place").fill("Maison des associations, Paris 17e")
    form.get_by_label("Members only").check()
    form.get_by_role("button", name="Save").click()
    expect(messages(coordinator)).to_contain_text("The meeting has been created.")
    expect(heading(coordinator)).to_have_text(title)

    # The agenda: two items, the second moved up.
    agenda = coordinator.locator("#agenda")
    for item in ("Any other business", "Listening to teenagers: the draft protocol"):
        panel = agenda.locator("details", has_text="Add an agenda item")
        panel.locator("summary").click()
        panel.get_by_label("Title").fill(item)
        panel.get_by_role("button", name="Add to the agenda").click()
        expect(messages(coordinator)).to_have_text("The item has been added to the agenda.")
    agenda.get_by_role(
        "button", name="Move up – Listening to teenagers: the draft protocol"
    ).click()
    expect(agenda.locator("ol.agenda > li h3")).to_have_text(
        [
            "Matters arising: open action items",
            "Listening to teenagers: the draft protocol",
            "Any other business",
        ]
    )

    # Invitations.
    coordinator.get_by_role("link", name="Invite", exact=True).click()
    coordinator.get_by_label("Julien Essai – Brigade de protection des mineurs").check()
    coordinator.get_by_label("Sophie Fictive – Unité médico-judiciaire").check()
    coordinator.get_by_role("button", name="Send the invitations").click()
    expect(messages(coordinator)).to_have_text("2 invitations sent, each with a calendar file.")
    attendance = coordinator.locator("#attendance")
    expect(attendance.get_by_role("row", name=re.compile("Julien Essai"))).to_be_visible()
    screenshot(coordinator, "meeting-planned")

    # The day of the meeting, once it is over.
    with time_machine.travel(datetime.datetime.combine(tomorrow, datetime.time(16, 15), PARIS)):
        coordinator.reload()
        attendance.get_by_label("Attendance of Julien Essai").select_option(label="Present")
        attendance.get_by_label("Attendance of Sophie Fictive").select_option(label="Excused")
        attendance.get_by_role("button", name="Save the attendance").click()
        expect(messages(coordinator)).to_have_text("Attendance saved (2 changes).")

        coordinator.get_by_role("link", name="Write the minutes").click()
        coordinator.get_by_label("Minutes").fill(
            "## Listening to teenagers\n\nThe group reviewed the **draft protocol**."
        )
        coordinator.get_by_role("button", name="Save the minutes").click()
        expect(messages(coordinator)).to_have_text("The minutes have been saved.")
        expect(coordinator.locator("#minutes")).to_contain_text("reviewed the draft protocol")

        panel = agenda.locator("details", has_text="Record a decision")
        panel.locator("summary").click()
        panel.get_by_label("Agenda item").select_option(
            label="Listening to teenagers: the draft protocol"
        )
        panel.get_by_label("Decision").fill("The protocol is adopted for a year's trial.")
        panel.get_by_role("button", name="Record the decision").click()
        expect(messages(coordinator)).to_have_text("The decision has been recorded.")

        panel = agenda.locator("details", has_text="Record an action item")
        panel.locator("summary").click()
        panel.get_by_label("Agenda item").select_option(
            label="Listening to teenagers: the draft protocol"
        )
        panel.get_by_label("Action", exact=True).fill("Send the protocol to the school nurses")
        panel.get_by_label("Owner").select_option(label="Julien Essai")
        panel.get_by_label("Due").fill(due.isoformat())
        panel.get_by_role("button", name="Record the action item").click()
        expect(messages(coordinator)).to_have_text("The action item has been recorded.")
        item = agenda.locator("li.agenda-item", has_text="the draft protocol")
        expect(item).to_contain_text("The protocol is adopted for a year's trial.")
        expect(item).to_contain_text("Send the protocol to the school nurses – Julien Essai")

        coordinator.get_by_role("link", name="Close the meeting").click()
        main(coordinator).get_by_role("button", name="Close the meeting").click()
        expect(messages(coordinator)).to_contain_text("The meeting is closed")
        expect(main(coordinator).locator(".status-banner")).to_have_text("Held")
        screenshot(coordinator, "meeting-held")

        # The member sees their action item and says how it is going.
        member = new_context().new_page()
        log_in(member, base, MEMBER, PASSWORD[MEMBER])
        member.get_by_role("link", name="My action items").first.click()
        card = member.locator("article.action-card", has_text="Send the protocol to the school")
        expect(card).to_contain_text("Open")
        card.get_by_label("Status").select_option(label="In progress")
        card.get_by_label("Comment").fill("Sent to the nurses of two schools.")
        card.get_by_role("button", name=re.compile("^Update")).click()
        expect(messages(member)).to_have_text("The action item has been updated.")
        card = member.locator("article.action-card", has_text="Send the protocol to the school")
        expect(card.locator(".status")).to_have_text("In progress")
        expect(card).to_contain_text("Sent to the nurses of two schools.")
        screenshot(member, "my-action-items")

        # …and reads the minutes, shared when the meeting was closed.
        card.get_by_role("link", name=title).click()
        expect(member.locator("#minutes")).to_contain_text("reviewed the draft protocol")


# ------------------------------------------------------------------ two-factor sign-in


def test_a_coordinator_signs_in_with_a_password_then_a_totp_code(page, base, demo):
    page.goto(f"{base}/en/")
    page.get_by_role("link", name="Members' login").click()
    screenshot(page, "login")
    page.get_by_label("Email").fill(COORDINATOR)
    page.get_by_label("Password").fill(PASSWORD[COORDINATOR])
    main(page).get_by_role("button", name="Log in").click()

    # Not in yet: the second factor is asked for, and a wrong code is refused.
    expect(page).to_have_url(f"{base}/en/accounts/2fa/authenticate/")
    expect(heading(page)).to_have_text("Two-Factor Authentication")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    screenshot(page, "two-factor")
    assert_accessible(page)
    with fresh_totp_period():
        right = totp_code(TOTP_SECRET)
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        page.get_by_label("Code", exact=True).fill(wrong)
        main(page).get_by_role("button", name="Sign In").click()
        expect(main(page).locator(".error-summary")).to_be_visible()
        expect(page.get_by_role("button", name="Log out")).to_have_count(0)
        assert_accessible(page)

        page.get_by_label("Code", exact=True).fill(right)
        main(page).get_by_role("button", name="Sign In").click()
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
    # With the second factor, the coordinator's powers: the review queue.
    expect(page.get_by_role("link", name=re.compile("^Review"))).to_be_visible()
    expect(page.get_by_text("requires two-factor authentication")).to_have_count(0)


# ------------------------------------------------------------------ keyboard alone


def test_the_catalogue_with_the_keyboard_alone(page, base, demo):
    page.goto(f"{base}/fr/practices/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu principal")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    search = page.get_by_label("Rechercher dans les pratiques")
    tab_to(page, search)
    page.keyboard.type("Barnahus")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=Barnahus"))

    country = page.get_by_role("region", name="Pays").get_by_role("link", name=re.compile("Suède"))
    tab_to(page, country)
    page.keyboard.press("Enter")
    results = page.locator(".practice-cards > li")
    expect(results).to_have_count(1)

    result = results.get_by_role("link", name="Barnahus en Suède")
    tab_to(page, result)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Barnahus en Suède")


def test_the_practice_form_with_the_keyboard_alone(page, base, demo):
    # Logging in, by keyboard too.
    page.goto(f"{base}/en/accounts/login/")
    tab_to(page, page.get_by_label("Email"))
    page.keyboard.type(MEMBER)
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(PASSWORD[MEMBER])
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    tab_to(page, page.get_by_role("link", name="My practices"))
    page.keyboard.press("Enter")
    tab_to(page, main(page).get_by_role("link", name="Add a practice"))
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Add a practice")

    tab_to(page, page.get_by_label("Title in English"))
    page.keyboard.type("Keyboard-made practice")
    territory = page.get_by_label("Territory")
    tab_to(page, territory)
    page.keyboard.press("ArrowDown")
    expect(territory.locator("option:checked")).not_to_have_text("---------")
    for sector in ("Law enforcement", "Education"):
        checkbox = page.get_by_label(sector, exact=True)
        tab_to(page, checkbox)
        page.keyboard.press("Space")
        expect(checkbox).to_be_checked()
    emerging = page.get_by_label("Emerging", exact=True)
    tab_to(page, emerging)
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Promising", exact=True)).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Save", exact=True))
    page.keyboard.press("Enter")

    expect(messages(page)).to_have_text("Practice saved.")
    expect(heading(page)).to_have_text("Keyboard-made practice")
    expect(main(page).locator(".status-banner")).to_contain_text("Draft")
