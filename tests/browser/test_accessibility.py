"""axe-core (axe-playwright-python) on every public page and the main member and coordinator
pages, in French and in English: no violation of the WCAG 2.1 A and AA rules (see
``assert_accessible`` in conftest.py). The two-factor step of the login is checked in
test_journeys.py, where a coordinator signs in.
"""

import pytest
from playwright.sync_api import expect

from lanzarote import demo_data
from meetings.models import Meeting
from proposals.models import Proposal
from stakeholders.models import User
from tests.browser.conftest import assert_accessible, logged_in_context

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["fr", "en"]

PAST = demo_data.PAST_MEETING["title"]
NEXT = demo_data.NEXT_MEETING["title"]

# (name, path after /<lang>, who is logged in, expected status)
PUBLIC_PAGES = [
    ("home", "/", None, 200),
    ("about", "/about/", None, 200),
    ("practices", "/practices/", None, 200),
    ("practices-filtered", "/practices/?q=enfant&sector=police", None, 200),
    ("practice", "/practices/barnahus-islande/", None, 200),
    ("practices-expanded", "/practices/?q=Barnahus", None, 200),
    ("practices-did-you-mean", "/practices/?q=auditon", None, 200),
    ("practice-with-terms", "/practices/uaped/", None, 200),
    ("practice-contact", "/practices/barnahus-islande/contact/", None, 200),
    ("evidence-criteria", "/practices/evidence/", None, 200),
    ("glossary", "/glossary/", None, 200),
    ("glossary-filtered", "/glossary/?country=FR&sector=child-welfare", None, 200),
    ("glossary-term", "/glossary/uaped-fr/", None, 200),
    ("stakeholders", "/stakeholders/", None, 200),
    ("organisation", "/stakeholders/ecpat-france/", None, 200),
    ("groups", "/stakeholders/groups/", None, 200),
    ("group", "/stakeholders/groups/paris/", None, 200),
    ("insight", "/insight/", None, 200),
    ("meetings", "/meetings/", None, 200),
    ("public-meeting", "/meetings/{past}/", None, 200),
    ("privacy", "/privacy/", None, 200),
    ("propose", "/practices/propose/", None, 200),
    ("login", "/accounts/login/", None, 200),
    ("password-reset", "/accounts/password/reset/", None, 200),
    ("not-found", "/no-such-page/", None, 404),
]
MEMBER = "membre.police@example.org"
COORDINATOR = "coordination@example.org"
MEMBERS_PAGES = [
    ("my-practices", "/practices/mine/", MEMBER, 200),
    ("practice-form", "/practices/new/", MEMBER, 200),
    ("my-action-items", "/meetings/actions/", MEMBER, 200),
    ("meeting-as-member", "/meetings/{next}/", MEMBER, 200),
    ("review-queue", "/practices/review/", COORDINATOR, 200),
    ("meeting-as-coordinator", "/meetings/{next}/", COORDINATOR, 200),
    ("meeting-invite-form", "/meetings/{next}/invite/", COORDINATOR, 200),
    ("group-invite-form", "/stakeholders/groups/paris/invite/", COORDINATOR, 200),
    ("my-account", "/accounts/password/change/", MEMBER, 200),
    ("two-factor-settings", "/accounts/2fa/", COORDINATOR, 200),
    ("practice-under-review", "/practices/prevention-ecoles-enfant-bleu/", COORDINATOR, 200),
    ("glossary-term-form", "/glossary/uaped-fr/edit/", COORDINATOR, 200),
    ("proposals-queue", "/practices/proposals/", COORDINATOR, 200),
    ("proposal", "/practices/proposals/{proposal}/", COORDINATOR, 200),
]
PAGES = PUBLIC_PAGES + MEMBERS_PAGES


def path_for(template: str) -> str:
    meetings = {m.title: m.pk for m in Meeting.objects.filter(title__in=[PAST, NEXT])}
    proposal = Proposal.objects.filter(status=Proposal.Status.WAITING).order_by("pk").first()
    return template.format(past=meetings[PAST], next=meetings[NEXT], proposal=proposal.pk)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_listed_has_no_wcag_violation(new_context, base, demo, lang):
    """Each page of the list, in one browser session per person (the demo data loaded once
    for all of them): the expected status, no redirect, the page's language, one heading of
    level 1, no axe violation. Every page is checked; the failures are reported together."""
    contexts, problems = {}, []
    for name, path, user, status in PAGES:
        if user not in contexts:
            contexts[user] = (
                logged_in_context(new_context, base, User.objects.get(email=user))
                if user
                else new_context()
            ).new_page()
        page = contexts[user]
        url = f"{base}/{lang}{path_for(path)}"
        try:
            response = page.goto(url)
            assert response.status == status, f"status {response.status}, not {status}"
            assert page.url == url, f"sent to {page.url}"
            expect(page.locator("html")).to_have_attribute("lang", lang)
            expect(page.locator("h1")).to_have_count(1)
            assert_accessible(page)
        except AssertionError as failure:
            problems.append(f"{name} ({url}): {failure}")
    for page in contexts.values():
        page.context.close()
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_practice_form_with_errors_has_no_wcag_violation(new_context, base, demo, lang):
    context = logged_in_context(new_context, base, User.objects.get(email=MEMBER))
    page = context.new_page()
    page.goto(f"{base}/{lang}/practices/new/")
    page.locator("#id_partners-0-organisation").select_option("")
    page.locator("main form button[name=save]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
