"""Bad input: XSS filter-evasion payloads through every displayed text and Markdown field,
open redirects, and random text (with NUL bytes) in every filter and a few forms."""

import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.models import Meeting
from practices.markdown import render_markdown, sanitise
from practices.models import Improvement, Practice
from stakeholders.models import Invitation, Organisation, Person, Sector
from tests.conftest import PASSWORD
from tests.factories import OrganisationFactory
from tests.meetings.factories import ActionItemFactory, MeetingFactory
from tests.practices.factories import PracticeFactory, complete
from tests.practices.helpers import practice_post_data

pytestmark = pytest.mark.django_db

# OWASP XSS filter-evasion cheat sheet, and a few mutation/parser-confusion classics.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    '"><script>alert(1)</script>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>x</details>",
    '<a href="#" onclick="alert(1)">clic</a>',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](&#106;avascript:alert(1))",
    "![image](javascript:alert(1))",
    "[clic](vbscript:msgbox(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">clic</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">clic</a>',
    '<a href="java\tscript:alert(1)">clic</a>',
    '<a href="jav&#x09;ascript:alert(1)">clic</a>',
    '<a href=" &#14; javascript:alert(1)">clic</a>',
    '<a href="javascript&colon;alert(1)">clic</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<form action="javascript:alert(1)"><button>envoyer</button></form>',
    '<div style="width: expression(alert(1))">x</div>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcdoc"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
                  "base", "style"}  # fmt: skip
SITE_SCRIPT = "/static/js/site.js"


# The map's own <svg> (templates/includes/network_map.html), exactly as the portal writes it.
SITE_MAP_ATTRIBUTES = {"xmlns", "viewbox", "width", "height", "role", "aria-labelledby",
                       "aria-describedby", "class"}  # fmt: skip


def _is_site_map(attributes: dict) -> bool:
    return (
        set(attributes) == SITE_MAP_ATTRIBUTES
        and attributes["class"] == "map-svg"
        and attributes["role"] == "group"
        and attributes["aria-labelledby"] in ("home-map-title", "network-map-title")
    )


class _Dangers(HTMLParser):
    """What a browser would run or load from a page, attribute values decoded as it does."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.data_scripts = 0
        self._in_data_script = False
        self.maps = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes == {"type": "application/ld+json"}:
            # Structured data for search engines: inert, as long as nothing breaks out.
            self.data_scripts += 1
            self._in_data_script = True
        elif tag == "script" and attributes.get("src") != SITE_SCRIPT:
            self.found.append(f"<script {attrs}>")
        if tag == "svg" and _is_site_map(attributes):
            # The portal's own map of Europe (reports/network_map.py), once a page at most.
            self.maps += 1
            if self.maps > 1:
                self.found.append("<svg> a second map")
        elif tag in FORBIDDEN_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in attributes:
            self.found.append(f"<meta {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f"<{tag} style=…>")
            if name in URL_ATTRIBUTES and value:
                # As browsers read a URL: leading and trailing controls and spaces dropped,
                # tabs and line breaks dropped anywhere.
                url = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(33)))))
                if url.lower().startswith(("javascript:", "data:", "vbscript:")):
                    self.found.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._in_data_script:
            if "<" in data or ">" in data:
                self.found.append(f"markup in structured data: {data!r}")
            json.loads(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_data_script = False


def dangers(content: str) -> list[str]:
    parser = _Dangers()
    parser.feed(content)
    found = parser.found
    # The same, read as raw text (what a lenient or buggy parser might see).
    if content.lower().count("<script") != 1 + parser.data_scripts:
        found.append("<script> in the raw page")
    for tag in re.findall(r"<[a-z][^>]*>", content, re.IGNORECASE):
        # Quoted attribute values are text (the parser above reads them); unquoted ones not.
        unquoted = re.sub(r"\"[^\"]*\"|'[^']*'", '""', tag)
        if re.search(r"\son[a-z]+\s*=", unquoted, re.IGNORECASE):
            found.append(tag)
        if re.search(r"\b(?:href|src|action)\s*=\s*(?:javascript|data|vbscript):", unquoted, re.I):
            found.append(tag)
    return found


def test_only_the_site_map_svg_is_allowed():
    site_map = (
        f'<script src="{SITE_SCRIPT}"></script>'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" width="1" height="1" '
        'role="group" aria-labelledby="network-map-title" aria-describedby="network-map-desc" '
        'class="map-svg"></svg>'
    )
    assert dangers(site_map) == []
    assert dangers(site_map + site_map.split("</script>")[1]) == ["<svg> a second map"]
    assert dangers(site_map + "<svg></svg>") == ["<svg>"]
    assert dangers(site_map + '<svg class="map-svg" role="group"></svg>') == ["<svg>"]
    assert dangers(site_map.replace('class="map-svg"', 'class="map-svg" onload="x()"'))


def assert_safe(response, where=""):
    assert response.status_code == 200, where
    found = dangers(response.content.decode())
    assert not found, f"{where}: {found}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitising_twice_changes_nothing(payload):
    for text in (payload, f"Avant.\n\n{payload}\n\nAprès.", str(render_markdown(payload))):
        once = sanitise(text)
        assert sanitise(once) == once
    assert not dangers(f'<script src="{SITE_SCRIPT}"></script>' + render_markdown(payload))


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet="<>/=\"' &#;:ajvscrimgonerlt()[]!-\t\n0x", max_size=80))
def test_sanitising_any_markup_twice_changes_nothing(text):
    once = sanitise(text)
    assert sanitise(once) == once


# ---------------------------------------------------------------- through the forms


@pytest.fixture
def stage(group, member, coordinator):
    """What the payloads are typed into: a published practice to suggest improvements to,
    a planned meeting of the group with an action item of the member's."""
    published = complete(
        PracticeFactory(group=group, territory=group.territory, organisation=OrganisationFactory())
    )
    meeting = MeetingFactory(group=group, title="Réunion")
    action = ActionItemFactory(meeting=meeting, owner=Person.objects.get(user=member))
    return published, meeting, action


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_practice_title_summary_and_description(group, member, coordinator):
    client = logged_in(member)
    reviewer = logged_in(coordinator)
    for payload in PAYLOADS:
        response = client.post(
            "/en/practices/new/",
            practice_post_data(
                territory=group.territory,
                group=group,
                sectors=("justice", "police"),
                partners=[(member.person.organisation, "lead")],
                title_fr=" ".join(payload.split())[:200],
                summary_fr=payload,
                description_fr=payload,
                description_en=payload,
            ),
        )
        assert response.status_code == 302, payload
        practice = Practice.objects.latest("pk")
        assert practice.description_fr == payload  # stored as typed, made safe when shown
        assert_safe(client.get(practice.get_absolute_url()), payload)
        assert_safe(client.get(f"/fr{practice.get_absolute_url()[3:]}"), payload)
    Practice.objects.update(status=Practice.Status.SUBMITTED)
    assert_safe(reviewer.get("/en/practices/review/"), "review queue")
    # Published by hand (no Python hook): the triggers tell the catalogue, which now
    # renders the hand-built cards with every payload (the organisation's name too).
    Organisation.objects.filter(pk=member.person.organisation_id).update(name=PAYLOADS[2])
    Practice.objects.update(status=Practice.Status.PUBLISHED, published_at=timezone.now())
    assert_safe(client.get("/en/practices/mine/"), "my practices")
    anonymous = Client()
    catalogue = anonymous.get("/en/practices/", {"sort": "title"})
    assert catalogue.context["paginator"].count == len(PAYLOADS)
    titles = {" ".join(payload.split())[:200] for payload in PAYLOADS}
    shown = set()
    for number in (1, 2):
        page = anonymous.get("/en/practices/", {"sort": "title", "page": number})
        assert_safe(page, f"catalogue page {number}")
        shown |= {
            html.unescape(t)
            # French-only titles on the English page are marked lang="fr" (a fallback).
            for t in re.findall(
                r'<h3><a href="[^"]+"(?: lang="fr")?>(.*?)</a>', page.content.decode()
            )
        }
    assert shown == titles  # every hostile title was rendered, escaped
    for url in ("/fr/practices/?q=alert", "/en/", "/fr/"):
        assert_safe(anonymous.get(url), url)
    home = anonymous.get("/en/").content.decode()
    latest = Practice.objects.published().order_by("-published_at", "-pk")[:3]
    assert all(escape(p.title_fr) in home for p in latest)  # the latest three, escaped
    feed = anonymous.get("/en/practices/feed/")
    assert feed.status_code == 200
    entries = ET.fromstring(feed.content).findall("{http://www.w3.org/2005/Atom}entry")
    feed_titles = {e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries}
    assert len(feed_titles) == 30 and feed_titles <= titles  # the feed's latest thirty
    assert "<script>" not in feed.content.decode()  # XML-escaped as text
    api = anonymous.get("/api/v1/practices/", {"page_size": 100})
    assert api["Content-Type"].startswith("application/json")
    data = api.json()
    assert data["count"] == len(PAYLOADS)
    practice = Practice.objects.get(title_fr=" ".join(PAYLOADS[0].split())[:200])
    page = anonymous.get(practice.get_absolute_url())
    assert_safe(page, "practice page")
    assert html.escape(PAYLOADS[2]) in page.content.decode()  # the organisation's name
    detail = anonymous.get(f"/api/v1/practices/{practice.slug}/").json()
    assert detail["summary_fr"] == PAYLOADS[0]  # JSON carries the text as typed
    assert detail["partners"][0]["organisation_name"] == PAYLOADS[2]


def test_improvement_suggestions_and_answers(stage, member, coordinator):
    published = stage[0]
    client, reviewer = logged_in(member), logged_in(coordinator)
    for payload in PAYLOADS:
        client.post(f"/en/practices/{published.slug}/improvements/", {"text": payload})
    improvements = list(Improvement.objects.filter(practice=published))
    assert [i.text for i in improvements] == PAYLOADS[::-1]
    for improvement, payload in zip(improvements, PAYLOADS[::-1], strict=True):
        reviewer.post(
            f"/en/practices/{published.slug}/improvements/{improvement.pk}/answer/",
            {"status": "taken-up", "response": payload},
        )
    assert Improvement.objects.filter(response__in=PAYLOADS).count() == len(PAYLOADS)
    assert_safe(client.get(published.get_absolute_url()), "practice page (member)")
    assert_safe(reviewer.get(published.get_absolute_url()), "practice page (coordinator)")


def test_suggestion_discussions_queue_and_agenda(stage, member, coordinator):
    published, meeting = stage[0], stage[1]
    client, reviewer = logged_in(member), logged_in(coordinator)
    client.post(f"/en/practices/{published.slug}/improvements/", {"text": PAYLOADS[0]})
    improvement = Improvement.objects.get(practice=published)
    detail = f"/en/practices/{published.slug}/improvements/{improvement.pk}/"
    for payload in PAYLOADS:
        response = client.post(detail + "discussion/", {"text": payload})
        assert response.status_code == 302, payload
    assert improvement.comments.count() == len(PAYLOADS)
    reviewer.post(f"/en/meetings/suggestions/{improvement.pk}/agenda/")
    assert meeting.agenda_items.filter(improvement=improvement).exists()
    assert_safe(client.get(detail), "suggestion page (member)")
    assert_safe(reviewer.get(detail), "suggestion page (coordinator)")
    assert_safe(reviewer.get("/en/practices/suggestions/"), "suggestions' queue")
    assert_safe(reviewer.get(f"/en/meetings/{meeting.pk}/"), "meeting page")


def test_meeting_minutes(stage, member, coordinator):
    meeting = stage[1]
    client = logged_in(coordinator)
    for payload in PAYLOADS:
        meeting.refresh_from_db()
        response = client.post(
            f"/en/meetings/{meeting.pk}/minutes/",
            {"minutes": f"# Compte rendu\n\n{payload}\n\nFin.", "version": meeting.minutes_version},
        )
        assert response.status_code == 302, payload
        assert_safe(client.get(f"/en/meetings/{meeting.pk}/"), payload)
        assert_safe(client.get(f"/en/meetings/{meeting.pk}/minutes/print/"), payload)
        assert_safe(client.get(f"/en/meetings/{meeting.pk}/minutes/"), payload)  # the editor
    Meeting.objects.filter(pk=meeting.pk).update(minutes_shared_at=meeting.starts_at)
    assert_safe(logged_in(member).get(f"/en/meetings/{meeting.pk}/"), "as a member")


def test_agenda_items_decisions_and_action_items(stage, member, coordinator):
    meeting = stage[1]
    client = logged_in(coordinator)
    for payload in PAYLOADS:
        client.post(
            f"/en/meetings/{meeting.pk}/agenda/",
            {"agenda-title": payload, "agenda-description": payload},
        )
    items = list(meeting.agenda_items.all())
    assert len(items) == len(PAYLOADS)
    person = Person.objects.get(user=member)
    for item, payload in zip(items, PAYLOADS, strict=True):
        client.post(
            f"/en/meetings/{meeting.pk}/decisions/",
            {"decision-agenda_item": item.pk, "decision-text": payload},
        )
        client.post(
            f"/en/meetings/{meeting.pk}/actions/",
            {"action-agenda_item": item.pk, "action-title": payload, "action-owner": person.pk},
        )
    assert meeting.decisions.count() == len(PAYLOADS)
    assert meeting.action_items.count() == len(PAYLOADS) + 1
    assert_safe(client.get(f"/en/meetings/{meeting.pk}/"), "meeting page")
    assert_safe(logged_in(member).get(f"/en/meetings/{meeting.pk}/"), "meeting page (member)")
    assert_safe(logged_in(member).get("/en/meetings/actions/"), "my action items")


def test_action_item_comments(stage, member):
    action = stage[2]
    client = logged_in(member)
    for payload in PAYLOADS:
        response = client.post(
            f"/en/meetings/actions/{action.pk}/", {"status": "open", "comment": payload}
        )
        assert response.status_code == 302
    assert action.comments.count() == len(PAYLOADS)
    assert_safe(client.get("/en/meetings/actions/"), "my action items")


def test_meeting_title_place_and_public_summary(group, coordinator):
    client = logged_in(coordinator)
    for payload in PAYLOADS:
        response = client.post(
            "/en/meetings/new/",
            {
                "group": group.pk,
                "title": payload,
                "starts_at": "2030-05-01T10:00",
                "ends_at": "2030-05-01T12:00",
                "place": payload,
                "online_url": "",
                "visibility": "public",
                "public_summary": payload,
            },
        )
        assert response.status_code == 302, payload
        meeting = Meeting.objects.latest("pk")
        assert_safe(Client().get(f"/en/meetings/{meeting.pk}/"), payload)
    assert_safe(Client().get("/en/meetings/"), "meeting list")


def test_organisation_description(member, coordinator):
    organisation = member.person.organisation
    client = logged_in(coordinator)
    for payload in PAYLOADS:
        response = client.post(
            f"/en/stakeholders/{organisation.slug}/edit/",
            {
                "name": organisation.name,
                "acronym": "",
                "sector": organisation.sector_id,
                "kind": organisation.kind,
                "territory": organisation.territory_id,
                "website": "",
                "public_contact": payload[:100],
                "description_fr": payload,
                "description_en": f"Line one.\n\n{payload}",
            },
        )
        assert response.status_code == 302, (payload, response.content.decode()[-2000:])
        for url in (
            f"/en/stakeholders/{organisation.slug}/",
            f"/fr/stakeholders/{organisation.slug}/",
        ):
            assert_safe(Client().get(url), payload)
    assert_safe(Client().get("/en/stakeholders/"), "directory")


def test_the_checker_does_catch_unsafe_markup():
    """The control: the checks above would see a payload that got through."""
    page = f'<script src="{SITE_SCRIPT}"></script>'
    for bad in PAYLOADS[:4] + ['<a href="jav&#x09;ascript:alert(1)">x</a>', "<p onclick=x>"]:
        assert dangers(page + bad), bad
    assert not dangers(page + html.escape(PAYLOADS[2]))


# ---------------------------------------------------------------- open redirects

OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "/\t/evil.example/",
    "https:evil.example",
    "http://testserver@evil.example/",
    "javascript:alert(1)",
]


def stays_on_site(location: str) -> bool:
    # Read the address as a browser does: tabs and newlines dropped, backslashes as slashes.
    browser = re.sub(r"[\t\r\n]", "", location).replace("\\", "/").strip()
    parts = urlsplit(browser)
    if parts.scheme:
        return parts.scheme in ("http", "https") and parts.netloc == "testserver"
    # Two slashes or more start a host name (browsers skip the extra ones).
    authority = re.match(r"/{2,}([^/?#]*)", browser)
    return authority is None or authority.group(1) == "testserver"


def test_the_on_site_check_catches_every_off_site_address():
    for target in OFF_SITE:
        assert not stays_on_site(target), target
    assert stays_on_site("/en/stakeholders/?q=//evil.example/")
    assert stays_on_site("http://testserver/en/")


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_never_sends_off_site(member, target):
    client = Client()
    response = client.post(
        f"/en/accounts/login/?next={quote(target)}", {"login": member.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]
    # Already logged in, the login page sends them on too: still on site.
    response = client.get(f"/en/accounts/login/?next={quote(target)}")
    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_logout_never_sends_off_site(member, target):
    client = logged_in(member)
    response = client.post(f"/en/accounts/logout/?next={quote(target)}", {"next": target})
    assert response.status_code == 302
    assert stays_on_site(response["Location"]), response["Location"]
    assert "_auth_user_id" not in client.session


LANGUAGE_LINK = re.compile(r'<a href="([^"]*)" hreflang="(?:fr|en)"')
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="[^"]+" href="([^"]*)"')


@pytest.mark.parametrize(
    "path",
    [
        "/%2F%2Fevil.example/",
        "/%2F%2F%2Fevil.example/",
        "/%5C%5Cevil.example/",
        "/%2F%5Cevil.example/",
        "/en//evil.example/",
        "/en/practices/?next=//evil.example/",
        "/en/%2F%2Fevil.example/",
    ],
)
def test_the_language_links_never_lead_off_site(client, path):
    response = client.get(path)
    if response.status_code in (301, 302):
        assert stays_on_site(response["Location"]), response["Location"]
        return
    content = response.content.decode()
    links = [html.unescape(link) for link in LANGUAGE_LINK.findall(content)]
    assert len(links) == 2
    for link in links:
        assert stays_on_site(link), link
        assert link.startswith("/") and not link.startswith("//"), link
    for alternate in ALTERNATE.findall(content):
        assert urlsplit(html.unescape(alternate)).netloc == "testserver", alternate


# ---------------------------------------------------------------- random text: never a 500

JUNK = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=10).map(lambda s: s + "\x00"),
    st.sampled_from(["\x00", "'", '"', "%", "_", "\\", "'; DROP TABLE x;--", "../../etc", "9" * 30,
                     "-1", "0", "1e309", "fr", "FR", "police", "\u202e", "\ufeff", " "]),
)  # fmt: skip
HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def query(params):
    return "&".join(f"{quote(k)}={quote(v)}" for k, v in params)


def params_strategy(names):
    return st.lists(st.tuples(st.sampled_from(names), JUNK), max_size=5)


@pytest.fixture
def content(group):
    """A little of everything, so that filters have something to filter."""
    practice = complete(PracticeFactory(group=group, territory=group.territory))
    practice.themes.add(*practice.themes.model.objects.all()[:1])
    OrganisationFactory(territory=group.territory)
    return practice


CATALOGUE = ["q", "sector", "country", "territory", "theme", "target", "evidence", "article",
             "sort", "page", "format", "x"]  # fmt: skip
DIRECTORY = ["q", "sector", "kind", "country", "territory", "page", "x"]
INSIGHT = ["country", "territory", "x"]


@HYPOTHESIS
@given(params=params_strategy(CATALOGUE))
def test_the_catalogue_and_its_export_never_fail(client, content, params):
    for url in ("/en/practices/", "/fr/practices/export.csv"):
        response = client.get(f"{url}?{query(params)}")
        assert response.status_code == 200, (url, params)
        if response.streaming:
            b"".join(response)


@HYPOTHESIS
@given(params=params_strategy(DIRECTORY))
def test_the_directory_never_fails(client, content, params):
    response = client.get(f"/en/stakeholders/?{query(params)}")
    assert response.status_code == 200, params


@HYPOTHESIS
@given(params=params_strategy(INSIGHT))
def test_the_insight_scope_never_fails(client, content, params):
    response = client.get(f"/en/insight/?{query(params)}")
    assert response.status_code == 200, params


@HYPOTHESIS
@given(
    endpoint=st.sampled_from(["practices", "organisations", "territories", "sectors", "articles"]),
    params=params_strategy([*CATALOGUE, "search", "ordering", "page_size", "limit"]),
)
def test_the_api_filters_never_fail(client, content, endpoint, params):
    response = client.get(f"/api/v1/{endpoint}/?{query(params)}")
    assert response.status_code in (200, 404), (endpoint, params, response.status_code)
    assert response["Content-Type"].startswith("application/json")


# ---------------------------------------------------------------- random text in forms


def has_form_error(response) -> bool:
    content = response.content.decode()
    return response.status_code in (200, 400) and (
        "field-error" in content or "error-summary" in content or "errorlist" in content
    )


def check_form(client, url, data, field, value, count):
    """Post ``data`` with ``field`` set to ``value``: never a 500, and a NUL byte is always
    a form error that saves nothing."""
    before = count()
    response = client.post(url, {**data, field: value})
    assert response.status_code in (200, 302, 400), (field, value, response.status_code)
    if "\x00" in value:
        assert has_form_error(response), (field, value)
        assert count() == before, (field, value)


@pytest.fixture
def coordinator_client(coordinator):
    return logged_in(coordinator)


INVITE_FIELDS = ["email", "first_name", "last_name", "organisation", "role"]


@HYPOTHESIS
@given(field=st.sampled_from(INVITE_FIELDS), value=JUNK)
def test_the_invitation_form_takes_any_text(coordinator_client, group, member, field, value):
    organisation = member.person.organisation
    data = {
        "email": "someone.new@example.org",
        "first_name": "Ada",
        "last_name": "Nouvelle",
        "organisation": organisation.pk,
        "role": "member",
    }
    check_form(
        coordinator_client,
        f"/en/stakeholders/groups/{group.slug}/invite/",
        data,
        field,
        value,
        Invitation.objects.count,
    )


ORGANISATION_FIELDS = ["name", "acronym", "sector", "kind", "territory", "website",
                       "public_contact", "description_fr", "description_en", "group"]  # fmt: skip


@HYPOTHESIS
@given(field=st.sampled_from(ORGANISATION_FIELDS), value=JUNK)
def test_the_organisation_form_takes_any_text(coordinator_client, group, field, value):
    data = {
        "name": "Maison des adolescents",
        "acronym": "MDA",
        "sector": Sector.objects.get(code="child-welfare").pk,
        "kind": Organisation.Kind.CIVIL_SOCIETY,
        "territory": group.territory.pk,
        "website": "https://mda.example.org",
        "public_contact": "01 00 00 00 00",
        "description_fr": "Accueil des adolescents.",
        "description_en": "",
        "group": group.pk,
    }
    check_form(
        coordinator_client, "/en/stakeholders/new/", data, field, value, Organisation.objects.count
    )


MEETING_FIELDS = ["group", "title", "starts_at", "ends_at", "place", "online_url", "visibility",
                  "public_summary"]  # fmt: skip


@HYPOTHESIS
@given(field=st.sampled_from(MEETING_FIELDS), value=JUNK)
def test_the_meeting_form_takes_any_text(coordinator_client, group, field, value):
    data = {
        "group": group.pk,
        "title": "Réunion plénière",
        "starts_at": "2030-05-01T10:00",
        "ends_at": "2030-05-01T12:00",
        "place": "Paris",
        "online_url": "",
        "visibility": "members",
        "public_summary": "",
    }
    check_form(coordinator_client, "/en/meetings/new/", data, field, value, Meeting.objects.count)


PRACTICE_FIELDS = ["title_fr", "title_en", "summary_fr", "description_fr", "child_participation_en",
                   "territory", "group", "sectors", "evidence", "year_started", "version",
                   "partners-0-organisation", "partners-0-role", "links-0-title", "links-0-url",
                   "attachments-TOTAL_FORMS"]  # fmt: skip


@HYPOTHESIS
@given(field=st.sampled_from(PRACTICE_FIELDS), value=JUNK)
def test_the_practice_form_takes_any_text(client, group, member, field, value):
    client.force_login(member)
    data = practice_post_data(
        territory=group.territory,
        group=group,
        sectors=("justice", "police"),
        partners=[(member.person.organisation, "lead")],
        links=[("Le protocole", "https://example.org/protocole")],
        title_fr="Protocole départemental",
    )
    check_form(client, "/en/practices/new/", data, field, value, Practice.objects.count)
