"""The public meetings page is reachable: from the navigation and the footer of every page
(for visitors too), from a group's page (that group's meetings), and from the sitemap."""

import pytest

from meetings.models import Meeting
from tests.factories import WorkingGroupFactory
from tests.insight.html import parse

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


def links(response, tag, cls=None):
    """The addresses of the links inside the first ``tag`` (of class ``cls``)."""
    region = parse(response.content).find(tag, cls)
    return [a.attrs["href"] for a in region.find_all("a") if "href" in a.attrs]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_visitors_find_the_meetings_in_the_navigation_and_the_footer(client, db, lang):
    response = client.get(f"/{lang}/")
    assert f"/{lang}/meetings/" in links(response, "nav", "main-nav")
    assert f"/{lang}/meetings/" in links(response, "footer")


def test_members_find_the_meetings_in_the_navigation(client_for, member):
    response = client_for(member).get("/fr/practices/")
    assert "/fr/meetings/" in links(response, "nav", "main-nav")


def test_a_group_page_links_to_that_groups_meetings(client, group):
    response = client.get(f"/en/stakeholders/groups/{group.slug}/")
    assert f"/en/meetings/?group={group.slug}" in links(response, "main")


def test_the_group_link_lists_only_that_groups_public_meetings(client, group, other_group):
    public = Meeting.Visibility.PUBLIC
    ours = MeetingFactory(group=group, visibility=public, title="Réunion publique de Paris")
    theirs = MeetingFactory(group=other_group, visibility=public, title="Réunion publique de Lyon")
    private = MeetingFactory(group=group, title="Réunion interne")
    page = client.get(f"/fr/meetings/?group={group.slug}").content.decode()
    assert ours.title in page
    assert theirs.title not in page
    assert private.title not in page
    assert f"Réunions de {group.name}" in page


def test_the_group_link_shows_members_their_own_groups_meetings(client_for, group, member):
    internal = MeetingFactory(group=group, title="Réunion interne du groupe")
    page = client_for(member).get(f"/en/meetings/?group={group.slug}").content.decode()
    assert internal.title in page


@pytest.mark.parametrize("value", ["no-such-group", "x" * 500, ""])
def test_an_unknown_group_shows_every_visible_meeting(client, group, value):
    meeting = MeetingFactory(
        group=WorkingGroupFactory(), visibility=Meeting.Visibility.PUBLIC, title="Réunion ouverte"
    )
    response = client.get("/fr/meetings/", {"group": value})
    assert response.status_code == 200
    assert meeting.title in response.content.decode()


def test_the_filtered_meetings_page_keeps_constant_queries(
    client, group, django_assert_max_num_queries
):
    for n in range(10):
        MeetingFactory(group=group, visibility=Meeting.Visibility.PUBLIC, title=f"Public {n}")
    with django_assert_max_num_queries(8):
        client.get(f"/fr/meetings/?group={group.slug}")


def test_robots_txt_lets_crawlers_read_public_meetings_but_not_member_areas(client, db):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /fr/meetings/" not in lines
    for path in ("new/", "actions/", "calendar/", "feed/", "rsvp/"):
        assert f"Disallow: /fr/meetings/{path}" in lines
        assert f"Disallow: /en/meetings/{path}" in lines
