"""Every page of the portal a person opens in a browser, with the lowest role that sees it, on
the demo data: the walk of the layout and accessibility tests (test_walk.py). A test
(tests/lanzarote/test_page_walk.py) checks that every page of the URL conf is here or is set
aside below with its reason, so that a new page cannot escape the walk.

No Playwright here: the client tests import this module too."""

from django.urls import reverse
from django.utils import translation

from lanzarote import demo_data
from meetings.certificates import reference
from meetings.models import AgendaItem, Attendance, Meeting
from practices.models import Improvement, Practice
from proposals.models import Proposal
from stakeholders.models import Person, User

ROLES = ["anonymous", "member", "coordinator", "staff"]
LOGINS = {
    "member": "membre.police@example.org",
    "coordinator": "coordination@example.org",
    "staff": demo_data.STAFF_LOGIN[0],
}

GROUP = demo_data.GROUP["slug"]
PUBLISHED = "barnahus-islande"
SUBMITTED = "prevention-ecoles-enfant-bleu"
PROTOCOL = "paris-informations-preoccupantes"

# (URL name, keyword arguments (names in braces filled by ``demo_ids``), query string,
#  the lowest role that sees the page; a page listed again for a higher role: that role sees
#  it with more on it, and its accessibility is checked for that role too)
PAGES = [
    # The public
    ("home", {}, "", "anonymous"),
    ("about", {}, "", "anonymous"),
    ("privacy", {}, "", "anonymous"),
    ("contact", {}, "", "anonymous"),
    ("insight", {}, "", "anonymous"),
    ("insight", {}, "?map=groups", "anonymous"),
    ("practices:list", {}, "", "anonymous"),
    ("practices:list", {}, "?q=enfant&sector=police&sector=justice", "anonymous"),
    ("practices:list", {}, "?q=enfant&sector=police", "anonymous"),
    ("practices:list", {}, "?q=Barnahus", "anonymous"),  # the search expanded by the glossary
    ("practices:list", {}, "?q=auditon", "anonymous"),  # "did you mean"
    ("practices:detail", {"slug": PUBLISHED}, "", "anonymous"),
    ("practices:detail", {"slug": "uaped"}, "", "anonymous"),  # with glossary terms
    ("practices:versions", {"slug": "crip"}, "", "anonymous"),
    ("practices:compare", {}, "?p=uaped&p=salles-melanie&p=barnahus-islande", "anonymous"),
    ("practices:contact", {"slug": PUBLISHED}, "", "anonymous"),
    ("practices:evidence_criteria", {}, "", "anonymous"),
    ("stakeholders:organisation_list", {}, "", "anonymous"),
    ("stakeholders:organisation_list", {}, "?sector=ngo", "anonymous"),
    ("stakeholders:organisation_detail", {"slug": "ecpat-france"}, "", "anonymous"),
    ("stakeholders:group_list", {}, "", "anonymous"),
    ("stakeholders:group_detail", {"slug": GROUP}, "", "anonymous"),
    ("territories:list", {}, "", "anonymous"),
    ("territories:detail", {"slug": "paris"}, "", "anonymous"),
    ("territories:detail", {"slug": "france"}, "", "anonymous"),
    ("meetings:list", {}, "", "anonymous"),
    ("meetings:detail", {"pk": "{past}"}, "", "anonymous"),
    ("meetings:group_decisions", {"slug": GROUP}, "", "anonymous"),
    ("meetings:group_decisions", {"slug": GROUP}, "?progress=done", "anonymous"),
    ("reports:index", {"slug": GROUP}, "", "anonymous"),
    ("reports:detail", {"slug": GROUP, "year": demo_data.REPORT_YEAR}, "", "anonymous"),
    ("glossary:term_list", {}, "", "anonymous"),
    ("glossary:term_list", {}, "?country=FR", "anonymous"),
    ("glossary:term_list", {}, "?country=FR&sector=child-welfare", "anonymous"),
    ("glossary:term_detail", {"slug": "uaped-fr"}, "", "anonymous"),
    ("protocols:list", {}, "", "anonymous"),
    ("meetings:certificate_verify", {"code": "{certificate}"}, "", "anonymous"),
    ("protocols:list", {}, "?territory=paris&kind=referral-pathway", "anonymous"),
    ("protocols:detail", {"slug": PROTOCOL}, "", "anonymous"),
    ("account_login", {}, "", "anonymous"),
    ("account_reset_password", {}, "", "anonymous"),
    ("account_reset_password_done", {}, "", "anonymous"),
    ("subscriptions:subscribe", {}, "?sector=police&country=FR", "anonymous"),
    ("subscriptions:requested", {}, "", "anonymous"),
    ("proposals:create", {}, "", "anonymous"),
    ("proposals:sent", {}, "", "anonymous"),
    # Members
    ("member_home", {}, "", "member"),
    ("account", {}, "", "member"),
    ("practices:mine", {}, "", "member"),
    ("practices:create", {}, "", "member"),
    ("meetings:my_actions", {}, "", "member"),
    ("meetings:calendar_tokens", {}, "", "member"),
    ("meetings:detail", {"pk": "{next}"}, "", "member"),
    ("meetings:minutes_print", {"pk": "{past}"}, "", "member"),
    ("meetings:minutes_versions", {"pk": "{past}"}, "", "member"),
    ("meetings:join", {"pk": "{next}"}, "", "member"),
    (
        "meetings:certificate",
        {"pk": "{past}", "person_pk": "{member_person}"},
        "?format=html",
        "member",
    ),
    ("my_data", {}, "", "member"),
    ("account_change_password", {}, "", "member"),
    ("account_email", {}, "", "member"),
    ("account_reauthenticate", {}, "", "member"),
    ("mfa_index", {}, "", "member"),
    ("subscriptions:following", {}, "", "member"),
    ("protocols:detail", {"slug": "paris-convention-uaped"}, "", "member"),
    ("practices:improvement_detail", {"slug": "uaped", "pk": "{suggestion}"}, "", "member"),
    # Coordinators
    ("practices:review", {}, "", "coordinator"),
    ("practices:improvement_queue", {}, "", "coordinator"),
    ("practices:improvement_queue", {}, "?status=taken-up", "coordinator"),
    ("proposals:queue", {}, "", "coordinator"),
    ("proposals:detail", {"pk": "{proposal}"}, "", "coordinator"),
    ("practices:detail", {"slug": SUBMITTED}, "", "coordinator"),
    ("practices:update", {"slug": SUBMITTED}, "", "coordinator"),
    ("practices:transition", {"slug": SUBMITTED, "action": "request_changes"}, "", "coordinator"),
    ("stakeholders:invite", {"slug": GROUP}, "", "coordinator"),
    ("stakeholders:organisation_create", {}, "", "coordinator"),
    ("stakeholders:organisation_update", {"slug": "ecpat-france"}, "", "coordinator"),
    ("stakeholders:person_create", {}, "", "coordinator"),
    ("stakeholders:person_update", {"pk": "{person}"}, "", "coordinator"),
    ("person_remove", {"pk": "{person}"}, "", "coordinator"),
    ("meetings:create", {}, "", "coordinator"),
    ("meetings:detail", {"pk": "{past}"}, "", "coordinator"),
    ("meetings:detail", {"pk": "{next}"}, "", "coordinator"),  # with the agenda's forms
    ("meetings:update", {"pk": "{next}"}, "", "coordinator"),
    ("meetings:agenda_update", {"pk": "{next}", "item_pk": "{next_item}"}, "", "coordinator"),
    ("meetings:invite", {"pk": "{next}"}, "", "coordinator"),
    ("meetings:minutes", {"pk": "{past}"}, "", "coordinator"),
    ("meetings:close", {"pk": "{next}"}, "", "coordinator"),
    ("meetings:cancel", {"pk": "{next}"}, "", "coordinator"),
    (
        "reports:detail",
        {"slug": GROUP, "year": demo_data.REPORT_YEAR},
        "?version=public",
        "coordinator",
    ),
    # The year before is not published: the full version, for the coordinators only.
    ("reports:detail", {"slug": GROUP, "year": demo_data.REPORT_YEAR - 1}, "", "coordinator"),
    ("protocols:create", {}, "", "coordinator"),
    ("protocols:edit", {"slug": PROTOCOL}, "", "coordinator"),
    ("glossary:term_create", {}, "", "coordinator"),
    ("glossary:term_update", {"slug": "uaped-fr"}, "", "coordinator"),
    ("glossary:term_delete", {"slug": "uaped-fr"}, "", "coordinator"),
    ("mfa_index", {}, "", "coordinator"),  # with an authenticator app set up
]

# A path that is no page: the "not found" page (404), in the portal's frame, for everyone.
NOT_FOUND = "/no-such-page/"

# Documents shown without the portal's frame (no header, no quick exit): made to be printed
# or saved, in their holder's language. The accessibility walk opens them; the layout walk,
# which measures the portal's header and its quick exit, does not.
DOCUMENTS = {"meetings:certificate"}

# Pages that send someone logged in elsewhere (to the home page).
ANONYMOUS_ONLY = {"account_login", "account_reset_password", "account_reset_password_done"}

# The demo staff account belongs to no organisation: it cannot add a practice (it is told so).
NOT_FOR_STAFF = {"practices:create"}

# Pages of the URL conf that are not in the walk, and why.
SET_ASIDE = {
    # Forms that only receive a POST from a page of the walk (GET: 405 or a redirect).
    "stakeholders:membership_role": "POST from the group page",
    "stakeholders:membership_remove": "POST from the group page",
    "stakeholders:group_organisation_add": "POST from the group page",
    "stakeholders:group_organisation_remove": "POST from the group page",
    "practices:improvement_create": "POST from the practice page",
    "practices:improvement_respond": "POST from the practice and suggestion pages",
    "practices:improvement_comment": "POST from the suggestion page",
    "meetings:improvement_to_agenda": "POST from the suggestion page",
    "subscriptions:follow": "POST from the practice page",
    "subscriptions:confirm": "link with a secret token, from the confirmation email",
    "subscriptions:unsubscribe": "link with a secret token, from every subscription email",
    "proposals:confirm": "link with a secret token, from the confirmation email",
    "proposals:accept": "POST from the proposal page",
    "proposals:decline": "POST from the proposal page",
    "meetings:agenda_add": "POST from the meeting page",
    "meetings:agenda_move": "POST from the meeting page",
    "meetings:attendance": "POST from the meeting page",
    "meetings:respond": "POST from the meeting page",
    "meetings:decision_add": "POST from the meeting page",
    "meetings:decision_publish": "POST from the meeting page",
    "meetings:decision_unpublish": "POST from the meeting page",
    "meetings:action_add": "POST from the meeting page",
    "meetings:attachment_add": "POST from the meeting page",
    "meetings:paper_add": "POST from the meeting page",
    "meetings:action_update": "POST from the action items page",
    "protocols:revise": "POST from the protocol page",
    "meetings:minutes_comment": "POST from the meeting page",
    "meetings:minutes_approve": "POST from the meeting page (the approval item)",
    "protocols:status": "POST from the protocol page",
    "protocols:suggest": "POST from the protocol page (GET: 405)",
    "protocols:suggestion_answer": "POST from the protocol page (GET: 405)",
    "reports:publish": "POST from the report page (GET: 405)",
    "reports:unpublish": "POST from the report page (GET: 405)",
    "account_logout": "POST from every page's menu",
    "account_reminders": "POST from the account page (GET: a redirect to it)",
    # Not HTML pages.
    "stakeholders:organisation_suggest": "JSON, asked by the organisation fields' script",
    "practices:export": "CSV file",
    "protocols:export": "CSV file",
    "reports:pdf": "PDF file (made from the report's sections: tests/reports check its HTML)",
    "practices:feed": "Atom feed",
    "meetings:group_decisions_feed": "Atom feed",
    "practices:attachment": "download",
    "meetings:attachment": "download",
    "meetings:paper": "download",
    "protocols:document": "download",
    "meetings:ics": "calendar file",
    "meetings:group_feed": "calendar file",
    # Links with a one-time secret, sent by email (their pages are tested by the client).
    "invitation_accept": "one-time link",
    "meetings:rsvp": "one-time link",
    "account_reset_password_from_key": "one-time link",
    "account_reset_password_from_key_done": "after a one-time link",
    "account_confirm_email": "one-time link mailed to a new login email",
    "account_email_verification_sent": "after asking for a new login email (client-tested)",
    "account_confirm_login_code": "login codes are off",
    "account_request_reauthentication_code": "login codes are off",
    "account_confirm_reauthentication_code": "login codes are off",
    # allauth pages that the portal's settings close or that need a step first.
    "account_signup": "no public sign-up (closed page)",
    "account_inactive": "no inactive accounts",
    "account_set_password": "every account has a password",
    "mfa_authenticate": "second step of a login (walked in test_journeys.py)",
    "mfa_reauthenticate": "asks for a code again before a two-factor change",
    "mfa_activate_totp": "asks for the password again first (walked: account_reauthenticate)",
    "mfa_deactivate_totp": "asks for a code again first",
    "mfa_generate_recovery_codes": "asks for a code again first",
    "mfa_view_recovery_codes": "asks for a code again first",
    "mfa_download_recovery_codes": "text file",
}


def demo_ids() -> dict:
    """The ids that the demo data's pages need (after ``load_demo``)."""
    meetings = dict(
        Meeting.objects.filter(
            title__in=[demo_data.PAST_MEETING["title"], demo_data.NEXT_MEETING["title"]]
        ).values_list("title", "pk")
    )
    # A person of the Paris group's directory without a login of their own.
    person = Person.objects.filter(user__isnull=True, erased_at__isnull=True).order_by("pk")[0]
    member_person = Person.objects.get(user__email=LOGINS["member"])
    # The demo suggestion with a discussion, on the agenda of the next meeting.
    suggestion = Improvement.objects.filter(practice__slug="uaped").order_by("pk")[0]
    return {
        "suggestion": suggestion.pk,
        "past": meetings[demo_data.PAST_MEETING["title"]],
        "next": meetings[demo_data.NEXT_MEETING["title"]],
        # An item of the next meeting's agenda, with its papers (the coordinators edit it).
        "next_item": AgendaItem.objects.filter(
            meeting_id=meetings[demo_data.NEXT_MEETING["title"]], papers__isnull=False
        )
        .order_by("position", "pk")[0]
        .pk,
        "person": person.pk,
        # The demo police member, present at the held meeting: their certificate.
        "member_person": member_person.pk,
        "certificate": reference(
            Attendance.objects.get(
                meeting_id=meetings[demo_data.PAST_MEETING["title"]], person=member_person
            ).pk
        ),
        # A proposal waiting for the coordinators (from a country without a group).
        "proposal": Proposal.objects.filter(status=Proposal.Status.WAITING).order_by("pk")[0].pk,
    }


def pages_for(role: str, lang: str, *, only_new: bool = False, documents: bool = True) -> list[str]:
    """The paths of the pages ``role`` sees in ``lang`` (those of the lower roles too, each
    path once; ``only_new``: only those that this role is the first to see, or sees
    differently: a page listed again for a higher role)."""
    rank = ROLES.index(role)
    ids = demo_ids()
    paths = []
    with translation.override(lang):
        for name, kwargs, query, lowest in PAGES:
            if ROLES.index(lowest) > rank or (only_new and ROLES.index(lowest) != rank):
                continue
            if (rank and name in ANONYMOUS_ONLY) or (role == "staff" and name in NOT_FOR_STAFF):
                continue
            if not documents and name in DOCUMENTS:
                continue
            filled = {k: (v.format(**ids) if isinstance(v, str) else v) for k, v in kwargs.items()}
            path = reverse(name, kwargs=filled) + query
            if path not in paths:
                paths.append(path)
    return paths


def user_for(role: str) -> User | None:
    return User.objects.get(email=LOGINS[role]) if role in LOGINS else None


def practice_states_are_as_expected() -> bool:
    """The demo practices the walk relies on still have the status it expects."""
    states = Practice.objects.filter(slug__in=[PUBLISHED, SUBMITTED]).values_list("slug", "status")
    return set(states) == {
        (PUBLISHED, Practice.Status.PUBLISHED),
        (SUBMITTED, Practice.Status.SUBMITTED),
    }
