"""The access-control matrix: every URL pattern of the project, requested (GET) as each kind
of visitor, against a table of expected outcomes written by hand.

A new URL pattern without a row makes ``test_every_url_pattern_has_a_row`` fail, so whoever
adds a page also decides who may open it. Each row lists the outcome for, in order:

    anonymous, member, member of another group, coordinator, coordinator of another group,
    staff

The objects in the URLs (``world.py``) belong to the first group: a practice *under review*
kept by the member's organisation, a *members-only* meeting that has started, a contact of
the member's organisation, a pending invitation, the member's calendar address.

Outcomes: a status code; ``LOGIN`` (302 to the login page); ``ADMIN_LOGIN`` (302 to the
admin's login); or ``"→ /path"``, a redirect to that path (the query string is ignored).
"""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone, translation

from practices.models import Practice

from .world import build_world

ROLES = ("anonymous", "member", "other_member", "coordinator", "other_coordinator", "staff")

LOGIN = "login"
ADMIN_LOGIN = "admin login"


def everyone(outcome):
    return (outcome,) * len(ROLES)


def logged_in(outcome):
    """Anonymous visitors are sent to log in; anyone logged in gets ``outcome``."""
    return (LOGIN, *(outcome,) * (len(ROLES) - 1))


# fmt: off
TABLE = {
    # ---------------------------------------------------------------- site-wide, unprefixed
    "healthz": everyone(200),
    "robots.txt": everyone(200),
    "favicon.ico": everyone("→ /static/img/favicon.ico"),  # its versioned name in production
    "sitemap.xml": everyone(200),
    # ---------------------------------------------------------------- open data API
    # Public and read-only for everyone; only published practices (world.published).
    "api/v1/schema/": everyone(200),
    "api/v1/docs/": everyone(200),
    "api/v1/": everyone(200),
    "api/v1/<drf_format_suffix:format>": everyone(200),
    "api/v1/^practices/$": everyone(200),
    r"api/v1/^practices\.(?P<format>[a-z0-9]+)/?$": everyone(200),
    "api/v1/^practices/(?P<slug>[-a-zA-Z0-9_]+)/$": everyone(200),
    r"api/v1/^practices/(?P<slug>[-a-zA-Z0-9_]+)\.(?P<format>[a-z0-9]+)/?$": everyone(200),
    "api/v1/^organisations/$": everyone(200),
    r"api/v1/^organisations\.(?P<format>[a-z0-9]+)/?$": everyone(200),
    "api/v1/^organisations/(?P<slug>[-a-zA-Z0-9_]+)/$": everyone(200),
    r"api/v1/^organisations/(?P<slug>[-a-zA-Z0-9_]+)\.(?P<format>[a-z0-9]+)/?$": everyone(200),
    "api/v1/^sectors/$": everyone(200),
    r"api/v1/^sectors\.(?P<format>[a-z0-9]+)/?$": everyone(200),
    "api/v1/^sectors/(?P<code>[-a-z0-9]+)/$": everyone(200),
    r"api/v1/^sectors/(?P<code>[-a-z0-9]+)\.(?P<format>[a-z0-9]+)/?$": everyone(200),
    "api/v1/^territories/$": everyone(200),
    r"api/v1/^territories\.(?P<format>[a-z0-9]+)/?$": everyone(200),
    "api/v1/^territories/(?P<slug>[-a-zA-Z0-9_]+)/$": everyone(200),
    r"api/v1/^territories/(?P<slug>[-a-zA-Z0-9_]+)\.(?P<format>[a-z0-9]+)/?$": everyone(200),
    "api/v1/^articles/$": everyone(200),
    r"api/v1/^articles\.(?P<format>[a-z0-9]+)/?$": everyone(200),
    "api/v1/^articles/(?P<number>[0-9]{1,4})/$": everyone(200),
    r"api/v1/^articles/(?P<number>[0-9]{1,4})\.(?P<format>[a-z0-9]+)/?$": everyone(200),
    "api/v1/^glossary/$": everyone(200),
    r"api/v1/^glossary\.(?P<format>[a-z0-9]+)/?$": everyone(200),
    "api/v1/^glossary/(?P<slug>[-a-zA-Z0-9_]+)/$": everyone(200),
    r"api/v1/^glossary/(?P<slug>[-a-zA-Z0-9_]+)\.(?P<format>[a-z0-9]+)/?$": everyone(200),
    # world.protocol is members-only: the anonymous API never shows it, to anyone.
    "api/v1/^protocols/$": everyone(200),
    r"api/v1/^protocols\.(?P<format>[a-z0-9]+)/?$": everyone(200),
    "api/v1/^protocols/(?P<slug>[-a-zA-Z0-9_]+)/$": everyone(404),
    r"api/v1/^protocols/(?P<slug>[-a-zA-Z0-9_]+)\.(?P<format>[a-z0-9]+)/?$": everyone(404),
    r"api/v1/^[\s\S]*/$": everyone(404),
    # ---------------------------------------------------------------- public pages
    "<lang>/": everyone(200),
    "<lang>/about/": everyone(200),
    "<lang>/insight/": everyone(200),
    "<lang>/privacy/": everyone(200),
    # ---------------------------------------------------------------- member home, account
    "<lang>/my-space/": logged_in(200),
    "<lang>/my-account/": logged_in(200),
    # POST only: the form is on My account, where a GET leads.
    "<lang>/my-account/reminders/": logged_in("→ /en/my-account/"),
    # ---------------------------------------------------------------- subscriptions, follows
    "<lang>/subscriptions/new/": everyone(200),
    "<lang>/subscriptions/requested/": everyone(200),
    # The token is the credential: an unknown one says the link does not work.
    "<lang>/subscriptions/confirm/<str:token>/": everyone(404),
    "<lang>/subscriptions/unsubscribe/<str:token>/": everyone(404),
    "<lang>/subscriptions/following/": logged_in(200),
    "<lang>/subscriptions/follow/<slug:slug>/": logged_in(405),  # POST only
    "<lang>/contact/": everyone(200),
    # ---------------------------------------------------------------- personal data
    "<lang>/accounts/my-data/": logged_in(200),
    "<lang>/stakeholders/people/<int:pk>/remove/": (LOGIN, 403, 403, 200, 403, 200),
    # A single-use link: the token is the credential.
    "<lang>/accounts/invitation/<str:token>/": everyone(200),
    # ---------------------------------------------------------------- allauth
    "<lang>/accounts/login/": (200, *("→ /en/my-space/",) * 5),
    "<lang>/accounts/logout/": ("→ /en/", *(200,) * 5),  # a page with a POST form
    "<lang>/accounts/inactive/": everyone(200),
    "<lang>/accounts/signup/": (200, *("→ /en/my-space/",) * 5),  # closed: says so (no form)
    "<lang>/accounts/reauthenticate/": logged_in(200),
    "<lang>/accounts/reauthenticate/code/": logged_in("→ /en/accounts/reauthenticate/"),
    "<lang>/accounts/reauthenticate/code/confirm/": logged_in(
        "→ /en/accounts/reauthenticate/code/"
    ),
    "<lang>/accounts/email/": logged_in(200),
    "<lang>/accounts/confirm-email/": everyone(200),
    r"<lang>/accounts/^confirm-email/(?P<key>[-:\w]+)/$": everyone(200),  # "invalid link"
    "<lang>/accounts/password/change/": logged_in(200),
    "<lang>/accounts/password/set/": logged_in("→ /en/accounts/password/change/"),
    "<lang>/accounts/password/reset/": everyone(200),
    "<lang>/accounts/password/reset/done/": everyone(200),
    "<lang>/accounts/password/reset/key/done/": everyone(200),
    "<lang>/accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": everyone(200),
    "<lang>/accounts/login/code/confirm/": logged_in("→ /en/my-space/"),
    "<lang>/accounts/2fa/": logged_in(200),
    "<lang>/accounts/2fa/authenticate/": logged_in("→ /en/my-space/"),  # no login in progress
    # Members have no second factor to re-enter; coordinators and staff do.
    "<lang>/accounts/2fa/reauthenticate/": (
        LOGIN, "→ /en/accounts/reauthenticate/", "→ /en/accounts/reauthenticate/", 200, 200, 200,
    ),
    "<lang>/accounts/2fa/totp/activate/": logged_in("→ /en/accounts/2fa/"),
    "<lang>/accounts/2fa/totp/deactivate/": (
        LOGIN, 404, 404, *("→ /en/accounts/reauthenticate/",) * 3,
    ),
    "<lang>/accounts/2fa/recovery-codes/": logged_in(404),  # none generated yet
    "<lang>/accounts/2fa/recovery-codes/generate/": logged_in("→ /en/accounts/reauthenticate/"),
    "<lang>/accounts/2fa/recovery-codes/download/": logged_in(404),
    # ---------------------------------------------------------------- directory
    "<lang>/stakeholders/": everyone(200),
    "<lang>/stakeholders/groups/": everyone(200),
    "<lang>/stakeholders/suggest/": everyone(200),  # the public directory's names, as JSON
    "<lang>/stakeholders/groups/<slug:slug>/": everyone(200),  # members listed to members only
    "<lang>/stakeholders/<slug:slug>/": everyone(200),  # people listed to members only
    # Public, the same for everyone (never a members-only meeting).
    "<lang>/stakeholders/territories/": everyone(200),
    "<lang>/stakeholders/territories/<slug:slug>/": everyone(200),
    # Any coordinator adds organisations and people (to the groups they coordinate).
    "<lang>/stakeholders/new/": (LOGIN, 403, 403, 200, 200, 200),
    "<lang>/stakeholders/people/new/": (LOGIN, 403, 403, 200, 200, 200),
    # Only the coordinators of the group (of the organisation) manage it.
    "<lang>/stakeholders/<slug:slug>/edit/": (LOGIN, 403, 403, 200, 403, 200),
    "<lang>/stakeholders/people/<int:pk>/edit/": (LOGIN, 403, 403, 200, 403, 200),
    "<lang>/stakeholders/groups/<slug:slug>/invite/": (LOGIN, 403, 403, 200, 403, 200),
    # POST-only coordinator actions: refused before the method is even looked at.
    "<lang>/stakeholders/groups/<slug:slug>/memberships/<int:pk>/role/": (
        LOGIN, 403, 403, 405, 403, 405,
    ),
    "<lang>/stakeholders/groups/<slug:slug>/memberships/<int:pk>/remove/": (
        LOGIN, 403, 403, 405, 403, 405,
    ),
    "<lang>/stakeholders/groups/<slug:slug>/organisations/add/": (
        LOGIN, 403, 403, 405, 403, 405,
    ),
    "<lang>/stakeholders/groups/<slug:slug>/organisations/<slug:org_slug>/remove/": (
        LOGIN, 403, 403, 405, 403, 405,
    ),
    # ---------------------------------------------------------------- practices
    "<lang>/practices/": everyone(200),
    "<lang>/practices/export.csv": everyone(200),
    "<lang>/practices/feed/": everyone(200),
    "<lang>/practices/compare/": everyone(200),
    "<lang>/practices/evidence/": everyone(200),  # how evidence levels are assigned
    # Staff have no organisation to file a practice under: sent back to the catalogue.
    "<lang>/practices/new/": (LOGIN, 200, 200, 200, 200, "→ /en/practices/"),
    "<lang>/practices/mine/": logged_in(200),
    "<lang>/practices/review/": (LOGIN, 403, 403, 200, 200, 200),
    # The suggestions' queue: each coordinator sees their own groups' (staff: all).
    "<lang>/practices/suggestions/": (LOGIN, 403, 403, 200, 200, 200),
    # A practice under review: its organisation and its group's reviewers only; to anyone
    # else it does not exist (404, not 403).
    "<lang>/practices/<slug:slug>/": (404, 200, 404, 200, 404, 200),
    "<lang>/practices/<slug:slug>/attachments/<int:pk>/": (404, 200, 404, 200, 404, 200),
    # Owners edit drafts only; reviewers edit what is under review.
    "<lang>/practices/<slug:slug>/versions/": (404, 200, 404, 200, 404, 200),
    "<lang>/practices/<slug:slug>/edit/": (LOGIN, 403, 404, 200, 404, 200),
    # Only whoever may take the step gets its confirmation form; the step itself is
    # refused on POST too (test_an_author_cannot_publish_their_own_practice below).
    "<lang>/practices/<slug:slug>/review/<str:action>/": (LOGIN, 403, 404, 200, 404, 200),
    "<lang>/practices/<slug:slug>/improvements/": (LOGIN, 405, 404, 405, 404, 405),
    # A suggestion and its discussion: members of the practice's group (and its author),
    # once they may see the practice.
    "<lang>/practices/<slug:slug>/improvements/<int:pk>/": (LOGIN, 200, 404, 200, 404, 200),
    "<lang>/practices/<slug:slug>/improvements/<int:pk>/answer/": (
        LOGIN, 405, 404, 405, 404, 405,
    ),
    "<lang>/practices/<slug:slug>/improvements/<int:pk>/discussion/": (
        LOGIN, 405, 404, 405, 404, 405,
    ),
    # ---------------------------------------------------------------- proposals from outside
    # Public, no account: the form, its "check your inbox" page and the confirmation link
    # (the token is the credential: an unknown one says the link does not work).
    "<lang>/practices/propose/": everyone(200),
    "<lang>/practices/propose/sent/": everyone(200),
    "<lang>/practices/propose/confirm/<str:token>/": everyone(404),
    # Any coordinator has a queue; a proposal of the first group is that group's (and
    # staff's): to another group's coordinator it does not exist.
    "<lang>/practices/proposals/": (LOGIN, 403, 403, 200, 200, 200),
    "<lang>/practices/proposals/<int:pk>/": (LOGIN, 403, 403, 200, 404, 200),
    # POST only: refused to non-coordinators before the method is looked at.
    "<lang>/practices/proposals/<int:pk>/accept/": (LOGIN, 403, 403, 405, 405, 405),
    "<lang>/practices/proposals/<int:pk>/decline/": (LOGIN, 403, 403, 405, 405, 405),
    # Anyone writes to the people behind a *published* practice; of one under review there
    # is nobody to write to, even for those who may see it.
    "<lang>/practices/<slug:slug>/contact/": everyone(404),
    # ---------------------------------------------------------------- glossary
    # Public; shared by every group: any coordinator (and staff) maintains it.
    "<lang>/glossary/": everyone(200),
    "<lang>/glossary/new/": (LOGIN, 403, 403, 200, 200, 200),
    "<lang>/glossary/<slug:slug>/": everyone(200),
    "<lang>/glossary/<slug:slug>/edit/": (LOGIN, 403, 403, 200, 200, 200),
    "<lang>/glossary/<slug:slug>/delete/": (LOGIN, 403, 403, 200, 200, 200),
    # ---------------------------------------------------------------- meetings
    "<lang>/meetings/": everyone(200),  # public meetings for all, own groups' for members
    "<lang>/meetings/new/": (LOGIN, 403, 403, 200, 200, 200),
    "<lang>/meetings/actions/": logged_in(200),
    "<lang>/meetings/actions/<int:pk>/": logged_in(405),
    "<lang>/meetings/calendar/": logged_in(200),
    # Private addresses: the token is the credential (a calendar application has no login).
    "<lang>/meetings/feed/<str:token>.ics": everyone(200),
    "<lang>/meetings/rsvp/<str:token>/": everyone(200),
    # POST only (a suggestion to its group's next meeting); the coordinators' rule on POST.
    "<lang>/meetings/suggestions/<int:pk>/agenda/": logged_in(405),
    # A members-only meeting: to outsiders it does not exist.
    "<lang>/meetings/<int:pk>/": (404, 200, 404, 200, 404, 200),
    "<lang>/meetings/<int:pk>.ics": (404, 200, 404, 200, 404, 200),
    "<lang>/meetings/<int:pk>/documents/<int:doc_pk>/": (LOGIN, 200, 404, 200, 404, 200),
    # Minutes: coordinators while they write; members once shared (not yet here).
    "<lang>/meetings/<int:pk>/minutes/print/": (LOGIN, 404, 404, 200, 404, 200),
    # Running the meeting: its group's coordinators and staff.
    "<lang>/meetings/<int:pk>/edit/": (LOGIN, 403, 404, 200, 404, 200),
    "<lang>/meetings/<int:pk>/invite/": (LOGIN, 403, 404, 200, 404, 200),
    "<lang>/meetings/<int:pk>/minutes/": (LOGIN, 403, 404, 200, 404, 200),
    "<lang>/meetings/<int:pk>/close/": (LOGIN, 403, 404, 200, 404, 200),
    "<lang>/meetings/<int:pk>/cancel/": (LOGIN, 403, 404, 200, 404, 200),
    "<lang>/meetings/<int:pk>/agenda/": (LOGIN, 405, 404, 405, 404, 405),
    "<lang>/meetings/<int:pk>/agenda/<int:item_pk>/move/": (LOGIN, 405, 404, 405, 404, 405),
    "<lang>/meetings/<int:pk>/attendance/": (LOGIN, 405, 404, 405, 404, 405),
    "<lang>/meetings/<int:pk>/respond/": (LOGIN, 405, 404, 405, 404, 405),
    "<lang>/meetings/<int:pk>/decisions/": (LOGIN, 405, 404, 405, 404, 405),
    "<lang>/meetings/<int:pk>/decisions/<int:decision_pk>/publish/": (
        LOGIN, 405, 404, 405, 404, 405,
    ),
    "<lang>/meetings/<int:pk>/decisions/<int:decision_pk>/unpublish/": (
        LOGIN, 405, 404, 405, 404, 405,
    ),
    # A group's decisions followed in public and their feed: public, the same for everyone
    # (only public decisions of held public meetings).
    "<lang>/meetings/groups/<slug:slug>/decisions/": everyone(200),
    "<lang>/meetings/groups/<slug:slug>/decisions/feed/": everyone(200),
    "<lang>/meetings/<int:pk>/actions/": (LOGIN, 405, 404, 405, 404, 405),
    "<lang>/meetings/<int:pk>/documents/": (LOGIN, 405, 404, 405, 404, 405),
    # ---------------------------------------------------------------- protocols
    # world.protocol: members-only, in force, of the first group's territory.
    # A group's yearly reports: the index for everyone (published years only); the report
    # and its PDF for the group's coordinators and staff until the group publishes it
    # (world.group publishes none); publishing is POST only (GET: 405 for those allowed).
    "<lang>/reports/<slug:slug>/": everyone(200),
    "<lang>/reports/<slug:slug>/<int:year>/": (404, 404, 404, 200, 404, 200),
    "<lang>/reports/<slug:slug>/<int:year>.pdf": (404, 404, 404, 200, 404, 200),
    "<lang>/reports/<slug:slug>/<int:year>/publish/": (LOGIN, 404, 404, 405, 404, 405),
    "<lang>/reports/<slug:slug>/<int:year>/unpublish/": (LOGIN, 404, 404, 405, 404, 405),
    "<lang>/protocols/": everyone(200),
    "<lang>/protocols/export.csv": everyone(200),  # public protocols only, for everyone
    "<lang>/protocols/new/": (LOGIN, 403, 403, 200, 200, 200),
    "<lang>/protocols/<slug:slug>/": (404, 200, 404, 200, 404, 200),
    "<lang>/protocols/<slug:slug>/document/": (404, 200, 404, 200, 404, 200),
    "<lang>/protocols/<slug:slug>/edit/": (LOGIN, 403, 404, 200, 404, 200),
    # POST only; who may not act is refused before the method is.
    "<lang>/protocols/<slug:slug>/revise/": (LOGIN, 403, 404, 405, 404, 405),
    "<lang>/protocols/<slug:slug>/status/": (LOGIN, 403, 404, 405, 404, 405),
    # Proposing a change: the territory's members (POST only); answering: its coordinators.
    "<lang>/protocols/<slug:slug>/suggest/": (LOGIN, 405, 404, 405, 404, 405),
    "<lang>/protocols/<slug:slug>/suggestions/<int:pk>/answer/": (
        LOGIN, 403, 404, 405, 404, 405,
    ),
    # The record of the minutes: like the minutes, members read it once the meeting is closed
    # (world.meeting is not: only its coordinators and staff).
    "<lang>/meetings/<int:pk>/minutes/versions/": (LOGIN, 404, 404, 200, 404, 200),
    # Editing an agenda item: its meeting's coordinators and staff.
    "<lang>/meetings/<int:pk>/agenda/<int:item_pk>/edit/": (LOGIN, 403, 404, 200, 404, 200),
    # An item's papers: the group's members download them, as the meeting's documents.
    "<lang>/meetings/<int:pk>/agenda/<int:item_pk>/papers/<int:paper_pk>/": (
        LOGIN, 200, 404, 200, 404, 200,
    ),
    # POST only (from the meeting page); outsiders get 404 before the method is looked at.
    "<lang>/meetings/<int:pk>/papers/": (LOGIN, 405, 404, 405, 404, 405),
    "<lang>/meetings/<int:pk>/minutes/comments/": (LOGIN, 405, 404, 405, 404, 405),
    "<lang>/meetings/<int:pk>/agenda/<int:item_pk>/approve/": (LOGIN, 405, 404, 405, 404, 405),
    # The video link: world.meeting is over, so even its invitees are told so (403).
    "<lang>/meetings/<int:pk>/join/": (LOGIN, 403, 404, 403, 404, 403),
    # A certificate exists only for someone present at a held meeting (world.meeting is not
    # held): nobody gets one here; the certificates' own tests cover who may download one.
    "<lang>/meetings/<int:pk>/certificate/<int:person_pk>/": (LOGIN, 404, 404, 404, 404, 404),
    "<lang>/meetings/certificates/<str:code>/": everyone(404),
    # ---------------------------------------------------------------- admin site
    # Staff only (with two-factor); the admin's login goes through allauth and refuses
    # logged-in non-staff.
    "admin/": (*(ADMIN_LOGIN,) * 5, 200),
    "admin/login/": ("→ /fr/accounts/login/", 403, 403, 403, 403, "→ /admin/"),
    "admin/logout/": (*("→ /admin/",) * 5, 405),  # POST only
    "admin/password_change/": (*(ADMIN_LOGIN,) * 5, 200),
    "admin/password_change/done/": (*(ADMIN_LOGIN,) * 5, 200),
    "admin/autocomplete/": (*(ADMIN_LOGIN,) * 5, 403),  # needs a field to complete
    "admin/jsi18n/": (*(ADMIN_LOGIN,) * 5, 200),
    "admin/r/<path:content_type_id>/<path:object_id>/": (
        *(ADMIN_LOGIN,) * 5, "→ /fr/stakeholders/{organisation.slug}/",
    ),
    "admin/^(?P<app_label>auth|account|mfa|post_office|stakeholders|practices|glossary|meetings"
    "|subscriptions|reminders|proposals|protocols|reports)/$": (
        *(ADMIN_LOGIN,) * 5, 200,
    ),
    "admin/stakeholders/user/<id>/password/": (*(ADMIN_LOGIN,) * 5, 200),
    "admin/practices/practice/^([^/]+)/history/([^/]+)/$": (*(ADMIN_LOGIN,) * 5, 200),
    "admin/(?P<url>.*)$": (*(ADMIN_LOGIN,) * 5, 404),
    # The outbox (lanzarote/admin.py): the HTML preview, an inline image (none here), and
    # "Send again", a POST (a GET is refused).
    "admin/post_office/email/<int:pk>/preview/": (*(ADMIN_LOGIN,) * 5, 200),
    r"admin/post_office/email/^(?P<pk>\d+)/image/(?P<content_id>[0-9a-f]{32})$": (
        *(ADMIN_LOGIN,) * 5, 404,
    ),
    "admin/post_office/email/<int:pk>/resend/": (*(ADMIN_LOGIN,) * 5, 403),
}
# fmt: on

# Every model in the admin, by hand: "edit" (staff add, change and delete), "no-add" (staff
# change and delete) or "read-only" (staff see, nobody adds, changes or deletes: the audit log).
ADMIN_MODELS = {
    "auth/group": "edit",
    "account/emailaddress": "edit",
    "mfa/authenticator": "edit",
    "stakeholders/user": "edit",
    "stakeholders/sector": "edit",
    "stakeholders/territory": "edit",
    "stakeholders/organisation": "edit",
    "stakeholders/person": "edit",
    "stakeholders/workinggroup": "edit",
    "stakeholders/membership": "edit",
    "stakeholders/invitation": "edit",
    "stakeholders/auditevent": "read-only",
    "practices/practice": "edit",
    "practices/theme": "edit",
    "practices/targetgroup": "edit",
    "practices/conventionarticle": "edit",
    "practices/improvement": "edit",
    "practices/oldslug": "edit",
    "meetings/meeting": "edit",
    "meetings/actionitem": "edit",
    "meetings/agendaitem": "edit",
    "meetings/decision": "edit",  # publishing is read-only there: actions call the services
    "meetings/meetingattachment": "no-add",  # documents come through the checked form
    "meetings/calendartoken": "edit",
    "glossary/term": "edit",
    # What was sent is seen, never written in the admin (lanzarote/admin.py); staff may
    # delete one that must not go.
    "post_office/email": "no-add",
    "post_office/log": "edit",
    "post_office/attachment": "edit",
    "subscriptions/subscription": "no-add",
    "subscriptions/follow": "no-add",
    "reminders/sentreminder": "no-add",
    # Proposals are decided on the coordinators' pages; staff see them and may delete one.
    "proposals/proposal": "no-add",
    # The status moves through actions that call the services (protocols/admin.py).
    "protocols/protocol": "edit",
    # Proposed changes are made and answered on the protocol's page; staff see them and may
    # delete one.
    "protocols/protocolsuggestion": "no-add",
    # Comments on draft minutes are written on the meeting's page (staff may remove one);
    # the versions of the minutes are a record nobody writes or deletes in the admin.
    "meetings/minutescomment": "no-add",
    "meetings/minutesversion": "read-only",
    # Groups publish and withdraw their reports on the report's page (reports.services).
    "reports/yearlyreportpublication": "read-only",
}


def _admin_rows():
    rows = {}
    for model, kind in ADMIN_MODELS.items():
        addable = 200 if kind == "edit" else 403
        deletable = 403 if kind == "read-only" else 200
        base = f"admin/{model}/"
        for suffix, staff in (
            ("", 200),
            ("add/", addable),
            ("<path:object_id>/history/", 200),
            ("<path:object_id>/delete/", deletable),
            ("<path:object_id>/change/", 200),  # read-only models show a read-only page
            ("<path:object_id>/", f"→ /admin/{model}/{{object_id}}/change/"),
        ):
            rows[base + suffix] = (*(ADMIN_LOGIN,) * 5, staff)
    return rows


TABLE.update(_admin_rows())


# ---------------------------------------------------------------- URL patterns and URLs


def walk(patterns, prefix=""):
    """Every URL pattern under ``patterns`` as its full route; i18n ones under ``<lang>/``."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if isinstance(pattern.pattern, LocalePrefixPattern):
                part = "<lang>/"
            else:
                part = str(pattern.pattern)
            yield from walk(pattern.url_patterns, prefix + part)
        else:
            yield prefix + str(pattern.pattern)


def all_routes():
    # Translated routes (the member home, the account page) by their English names: the
    # URLs requested are the English ones.
    with translation.override("en"):
        return list(walk(get_resolver().url_patterns))


ADMIN_OBJECT = re.compile(r"^admin/(\w+/\w+)/<path:object_id>/")


def values_for(route, w):
    """The values of ``route``'s parameters, taken from the world's objects."""
    values = {
        "format": "json",
        "key": "MQ:1tMkBc:not-a-real-key",
        "uidb36": "4",
        "item_pk": w.agenda_item.pk,
        "doc_pk": w.document.pk,
        "decision_pk": w.decision.pk,
        "org_slug": w.organisation.slug,
        "action": "publish",
        "code": w.sector,
        "number": w.article,
        "content_type_id": w.organisation_type,
        "app_label": "stakeholders",
        "url": "no-such-admin-page/",
        "id": w.admin_ids["stakeholders/user"],
    }
    admin = ADMIN_OBJECT.match(route)
    if admin:
        values["object_id"] = w.admin_ids[admin.group(1)]
    elif route.startswith("admin/r/"):
        values["object_id"] = w.organisation.pk
    elif route.startswith("api/v1/"):
        for resource, slug in (
            ("practices", w.published.slug),
            ("organisations", w.organisation.slug),
            ("territories", w.group.territory.slug),
            ("glossary", w.term.slug),
            ("protocols", w.protocol.slug),
        ):
            if resource in route:
                values["slug"] = slug
    elif route.startswith("<lang>/stakeholders/groups/"):
        values.update(slug=w.group.slug, pk=w.membership.pk)
    elif route.startswith("<lang>/stakeholders/territories/"):
        values["slug"] = w.group.territory.slug
    elif route.startswith("<lang>/stakeholders/people/"):
        values["pk"] = w.contact.pk
    elif route.startswith("<lang>/stakeholders/"):
        values["slug"] = w.organisation.slug
    elif route.startswith("<lang>/glossary/"):
        values["slug"] = w.term.slug
    elif route.startswith(("<lang>/practices/propose/", "<lang>/practices/proposals/")):
        values.update(pk=w.proposal.pk, token="not-a-real-token")
    elif route.startswith("<lang>/practices/"):
        values["slug"] = w.practice.slug
        values["pk"] = w.improvement.pk if "improvements" in route else w.attachment.pk
    elif route.startswith("<lang>/meetings/actions/"):
        values["pk"] = w.action_item.pk
    elif route.startswith("<lang>/meetings/feed/"):
        values["token"] = w.calendar_token
    elif route.startswith("<lang>/meetings/suggestions/"):
        values["pk"] = w.improvement.pk
    elif route.startswith("<lang>/meetings/rsvp/"):
        values["token"] = w.rsvp_token
    elif route.startswith("<lang>/meetings/groups/"):
        values["slug"] = w.group.slug
    elif route.startswith("<lang>/meetings/certificates/"):
        values["code"] = w.certificate_code
    elif route.startswith("<lang>/meetings/"):
        values.update(pk=w.meeting.pk, paper_pk=w.paper.pk, person_pk=w.person_of_member.pk)
    elif route.startswith("<lang>/accounts/invitation/"):
        values["token"] = w.invitation_token
    elif route.startswith("<lang>/protocols/"):
        values.update(slug=w.protocol.slug, pk=w.protocol_suggestion.pk)
    elif route.startswith("<lang>/reports/"):
        values.update(slug=w.group.slug, year=timezone.localdate().year)
    elif route.startswith("<lang>/subscriptions/"):
        values.update(token="not-a-real-token", slug=w.published.slug)
    if route.startswith("admin/post_office/email/") and "<path:" not in route:
        values.update(pk=w.outbox_email.pk, content_id="0" * 32)
    return values


URL_OVERRIDES = {
    r"api/v1/^[\s\S]*/$": lambda w: "/api/v1/no-such-thing/",
    "api/v1/<drf_format_suffix:format>": lambda w: "/api/v1/.json",
    "admin/practices/practice/^([^/]+)/history/([^/]+)/$": lambda w: (
        f"/admin/practices/practice/{w.practice.pk}/history/{w.history_id}/"
    ),
}


def url_of(route, w):
    """A URL that ``route`` matches, with real objects (English for i18n routes)."""
    if route in URL_OVERRIDES:
        return URL_OVERRIDES[route](w)
    values = values_for(route, w)
    path = route.replace("<lang>/", "en/")
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "")
    assert not re.search(r"[()\[\]<>?*+\\]", path), f"cannot build a URL for {route}: {path}"
    return "/" + path


def expected_for(route, role, w):
    expected = TABLE[route][ROLES.index(role)]
    if isinstance(expected, str) and expected.startswith("→"):
        values = values_for(route, w)
        return expected.format(organisation=w.organisation, object_id=values.get("object_id"))
    return expected


def outcome_of(response):
    if response.status_code in (301, 302):
        path = urlsplit(response["Location"]).path
        if path == "/en/accounts/login/":
            return LOGIN
        if path == "/admin/login/":
            return ADMIN_LOGIN
        return f"→ {path}"
    return response.status_code


# ---------------------------------------------------------------- the tests


def test_every_url_pattern_has_a_row():
    missing = [route for route in all_routes() if route not in TABLE]
    assert not missing, (
        "URL patterns without a row in the access-control table (decide who may open "
        "them, then add a row):\n" + "\n".join(missing)
    )


def test_every_row_is_a_url_pattern_of_the_project():
    stale = set(TABLE) - set(all_routes())
    assert not stale, f"rows for URL patterns that no longer exist: {sorted(stale)}"


def test_every_row_has_one_outcome_per_role():
    assert all(len(outcomes) == len(ROLES) for outcomes in TABLE.values())


def test_every_admin_model_has_a_row():
    from django.contrib import admin

    registered = {f"{m._meta.app_label}/{m._meta.model_name}" for m in admin.site._registry}
    assert registered == set(ADMIN_MODELS)


@pytest.fixture
def world(group, member, coordinator, other_member, other_coordinator, staff):
    return build_world(
        group=group,
        member=member,
        coordinator=coordinator,
        other_member=other_member,
        other_coordinator=other_coordinator,
        staff=staff,
    )


def test_each_url_resolves_to_its_own_pattern(world):
    """The URLs built for the matrix do reach the pattern of their row."""
    for route in all_routes():
        url = url_of(route, world)
        with translation.override("en"):
            match = resolve(url)
        got = match.route
        if got.startswith("en/"):
            got = "<lang>/" + got[3:]
        assert got.replace("^", "") == route.replace("^", ""), (route, url, match.route)


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_table_says(request, world, role):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    mismatches = []
    for route in all_routes():
        url = url_of(route, world)
        got = outcome_of(client.get(url))
        expected = expected_for(route, role, world)
        if got != expected:
            mismatches.append(f"{url} ({route}): expected {expected!r}, got {got!r}")
    assert not mismatches, f"as {role}:\n" + "\n".join(mismatches)


def test_an_author_cannot_publish_their_own_practice(client, world, member):
    """Neither the confirmation page (see the table) nor the step itself."""
    client.force_login(member)
    response = client.post(f"/en/practices/{world.practice.slug}/review/publish/", {"note": ""})
    assert response.status_code == 302
    world.practice.refresh_from_db()
    assert world.practice.status == Practice.Status.SUBMITTED
    assert world.practice.published_at is None
