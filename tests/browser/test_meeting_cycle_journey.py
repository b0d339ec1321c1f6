"""The meeting cycle as a coordinator lives it: a timed agenda with papers, the last
meeting's minutes approved at the next one, a decision followed in public; and a member
fetching their attendance certificate."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import Page, expect

from lanzarote import demo_data
from meetings.models import Meeting
from stakeholders.models import User
from tests.browser.conftest import logged_in_context, screenshot

COORDINATOR = "coordination@example.org"
MEMBER = "membre.police@example.org"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def main(page: Page):
    return page.locator("main")


def messages(page: Page):
    return page.locator(".messages")


def test_a_coordinator_runs_the_meeting_cycle_and_a_member_gets_a_certificate(
    new_context, base, demo
):
    past = Meeting.objects.get(title=demo_data.PAST_MEETING["title"])
    upcoming = Meeting.objects.get(title=demo_data.NEXT_MEETING["title"])
    coordinator_user = User.objects.get(email=COORDINATOR)
    coordinator = logged_in_context(new_context, base, coordinator_user).new_page()

    # A timed agenda: each item says when it starts; a long item overruns the meeting.
    coordinator.goto(f"{base}/en/meetings/{upcoming.pk}/")
    agenda = coordinator.locator("#agenda")
    expect(agenda.locator(".agenda-time").first).to_contain_text("min")
    panel = agenda.locator("details#add-agenda")
    panel.locator("summary").click()
    panel.get_by_label("Title").fill("Round table: a year of joint hearings")
    panel.get_by_label(re.compile("^Duration")).fill("240")
    panel.get_by_role("button", name="Add to the agenda").click()
    expect(messages(coordinator)).to_have_text("The item has been added to the agenda.")
    expect(agenda.locator("[role=status]").first).to_contain_text("past the end of the meeting")

    # A paper for the new item, listed under it.
    panel = agenda.locator("details#add-paper")
    panel.locator("summary").click()
    panel.get_by_label("Agenda item").select_option(label="Round table: a year of joint hearings")
    panel.get_by_label("Title").fill("Figures of the year")
    panel.get_by_label("File").set_input_files(
        {"name": "figures.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    panel.get_by_role("button", name="Upload").click()
    expect(messages(coordinator)).to_have_text("The paper has been added to the agenda item.")
    item = agenda.locator("li.agenda-item", has_text="Round table: a year of joint hearings")
    expect(item.get_by_role("link", name="Figures of the year")).to_be_visible()
    screenshot(coordinator, "meeting-timed-agenda")

    # The day of the next meeting: the last meeting's draft minutes are approved.
    with time_machine.travel(upcoming.starts_at + datetime.timedelta(minutes=10)):
        coordinator = logged_in_context(new_context, base, coordinator_user).new_page()
        coordinator.goto(f"{base}/en/meetings/{upcoming.pk}/")
        coordinator.get_by_role("button", name=re.compile("^Approve these minutes")).click()
        expect(messages(coordinator)).to_have_text(
            "The minutes are approved; the decision is recorded under the item."
        )
        coordinator.goto(f"{base}/en/meetings/{past.pk}/")
        expect(main(coordinator).locator(".minutes-state")).to_contain_text("Approved on")

        # A members-only decision of the held meeting goes on the group's public page.
        decision = main(coordinator).locator("li[id^=decision-]", has_text="délais de la CRIP")
        decision.locator("summary").click()
        decision.get_by_label(re.compile("^Public note")).fill("On the agenda of the next meeting.")
        decision.get_by_role("button", name="Publish this decision").click()
        expect(messages(coordinator)).to_have_text("The decision is on the group's public page.")

    visitor = new_context().new_page()
    visitor.goto(f"{base}/en/meetings/groups/{past.group.slug}/decisions/")
    entry = main(visitor).locator("li, article", has_text="délais de la CRIP").first
    expect(entry).to_contain_text("On the agenda of the next meeting.")
    expect(main(visitor)).not_to_contain_text("Julien")  # no names on the public page
    screenshot(visitor, "public-decisions")

    # The member present at the held meeting fetches their certificate from their home.
    member = logged_in_context(new_context, base, User.objects.get(email=MEMBER)).new_page()
    member.goto(f"{base}/en/my-space/")
    certificates = main(member).locator("section", has_text="Attendance certificates")
    expect(certificates.get_by_role("link", name=re.compile("PDF")).first).to_be_visible()
    member.goto(f"{base}/en/meetings/{past.pk}/certificate/{member_person_pk(MEMBER)}/?format=html")
    expect(main(member)).to_contain_text(past.title)
    response = member.request.get(
        f"{base}/en/meetings/{past.pk}/certificate/{member_person_pk(MEMBER)}/"
    )
    assert response.status == 200
    assert response.body().startswith(b"%PDF")


def member_person_pk(email):
    from stakeholders.models import Person

    return Person.objects.get(user__email=email).pk
