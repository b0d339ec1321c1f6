"""A coordinator records a territorial protocol, puts it into force, then revises it; a member
proposes a change that the coordinator takes up in the revision."""

import pytest
from playwright.sync_api import Page, expect

from stakeholders.models import User
from tests.browser.conftest import logged_in_context, screenshot

COORDINATOR = "coordination@example.org"
MEMBER = "membre.police@example.org"
BPM = "Brigade de protection des mineurs – Préfecture de police (BPM)"
UMJ = "Unité médico-judiciaire de l'Hôtel-Dieu (AP-HP) (UMJ)"
TITLE = "Joint hearing of children in Paris"


pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def main(page: Page):
    return page.locator("main")


def messages(page: Page):
    return page.locator(".messages")


def test_a_coordinator_records_puts_into_force_and_revises_a_protocol(new_context, base, demo):
    coordinator = logged_in_context(
        new_context, base, User.objects.get(email=COORDINATOR)
    ).new_page()
    coordinator.goto(f"{base}/en/protocols/")
    main(coordinator).get_by_role("link", name="Record a protocol").click()
    form = main(coordinator).locator("form")
    form.locator("#id_title_fr").fill("Audition conjointe des enfants à Paris")
    form.locator("#id_title_en").fill(TITLE)
    form.get_by_label("Kind").select_option(label="Joint interview")
    form.get_by_label("Territory").select_option(label="Paris (France)")
    form.get_by_label("Signed on").fill("2026-01-15")
    form.get_by_label("In force from").fill("2026-02-01")
    form.get_by_label("Next review").fill("2027-02-01")
    rows = form.locator(".formset-row")
    rows.nth(0).get_by_label("Organisation").fill(BPM)
    rows.nth(1).get_by_label("Organisation").fill(UMJ)
    step = form.locator("fieldset.subsection", has_text="Step 1")
    step.get_by_label("What happens (French)").fill("La brigade reçoit le signalement.")
    step.get_by_label("What happens (English)").fill("The brigade receives the report.")
    step.get_by_label("Responsible organisation").fill(BPM)
    step.get_by_label("Time limit (English)").fill("within 24 hours")
    step = form.locator("fieldset.subsection", has_text="Step 2")
    step.get_by_label("What happens (French)").fill("L'UMJ examine l'enfant.")
    step.get_by_label("What happens (English)").fill("The unit examines the child.")
    step.get_by_label("Responsible organisation").fill(UMJ)
    form.get_by_role("button", name="Save").click()
    expect(messages(coordinator)).to_have_text("The protocol has been recorded, in preparation.")
    expect(main(coordinator).locator("h1")).to_have_text(TITLE)

    # The diagram and the list say the same: two steps, in two sector lanes.
    expect(main(coordinator).locator(".swimlane-step")).to_have_count(2)
    expect(main(coordinator).locator("ol.pathway-steps > li")).to_have_count(2)
    expect(main(coordinator).locator(".swimlane-label")).to_have_count(2)

    main(coordinator).get_by_label("New status").select_option(label="In force")
    main(coordinator).get_by_role("button", name="Change the status").click()
    expect(messages(coordinator)).to_have_text("The protocol's status has been changed.")
    expect(main(coordinator).locator("article.protocol > p.meta .status")).to_have_text("In force")
    screenshot(coordinator, "protocol-in-force")
    address = coordinator.url

    # A member of the Paris group proposes a change.
    member = logged_in_context(new_context, base, User.objects.get(email=MEMBER)).new_page()
    member.goto(address)
    member.get_by_role("textbox", name="Proposed change").fill(
        "Add the child-welfare unit to step 2."
    )
    member.get_by_role("button", name="Propose this change").click()
    expect(messages(member)).to_contain_text("sent to the coordinators")

    # The coordinator revises the protocol and takes the change up.
    coordinator.goto(address)
    main(coordinator).get_by_role("button", name="Prepare a revision").click()
    expect(messages(coordinator)).to_contain_text("A revision has been prepared.")
    form = main(coordinator).locator("form")
    form.get_by_label("In force from").fill("2026-12-01")
    step = form.locator("fieldset.subsection", has_text="Step 2")
    step.get_by_label("Time limit (English)").fill("within 48 hours")
    form.get_by_role("button", name="Save").click()
    expect(messages(coordinator)).to_have_text("The protocol has been saved.")
    expect(main(coordinator).locator("ol.pathway-steps")).to_contain_text("within 48 hours")
    suggestion = main(coordinator).locator("li[id^=suggestion-]")
    expect(suggestion).to_contain_text("Add the child-welfare unit to step 2.")
    suggestion.get_by_label("Answer", exact=True).select_option(label="Taken up")
    suggestion.get_by_label("Answer to the author").fill("Taken up in this revision.")
    suggestion.get_by_role("button", name="Save the answer").click()
    expect(messages(coordinator)).to_have_text("Your answer has been saved.")

    main(coordinator).get_by_label("New status").select_option(label="In force")
    main(coordinator).get_by_role("button", name="Change the status").click()
    expect(messages(coordinator)).to_have_text("The protocol's status has been changed.")
    main(coordinator).get_by_role("link", name=TITLE).first.click()
    expect(main(coordinator).locator("article.protocol > p.meta .status")).to_have_text(
        "Superseded"
    )
    expect(main(coordinator).locator(".notice")).to_contain_text("Superseded by")
    screenshot(coordinator, "protocol-superseded")
