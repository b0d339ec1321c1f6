"""Territory pages: one public page per territory bringing together its groups, organisations,
published practices, public meetings and the sector pairs with no shared practice yet; the
list of territories by country; links to them from the directory, practices and Insight."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Meeting
from practices.models import Practice
from stakeholders.forms import RESERVED_ORGANISATION_SLUGS
from stakeholders.models import Organisation
from tests.factories import OrganisationFactory, TerritoryFactory, WorkingGroupFactory, sector
from tests.meetings.factories import MeetingFactory, at
from tests.practices.factories import PracticeFactory, complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(group):
    """The group's territory (Paris-like), inside a whole-country territory, with
    organisations of two kinds, practices in every state, and meetings of both visibilities."""
    territory = group.territory
    territory.name, territory.slug = "Lutèce", "lutece"
    territory.save()
    country = TerritoryFactory(country="FR", name="", slug="la-france")
    elsewhere = TerritoryFactory(country="FR", name="Lugdunum", slug="lugdunum")
    justice = OrganisationFactory(
        name="Parquet de Lutèce",
        territory=territory,
        sector=sector("justice"),
        kind=Organisation.Kind.PUBLIC,
    )
    OrganisationFactory(
        name="Association Lutèce Enfance",
        territory=territory,
        sector=sector("ngo"),
        kind=Organisation.Kind.CIVIL_SOCIETY,
    )
    OrganisationFactory(name="Lugdunum Aide", territory=elsewhere, sector=sector("ngo"))
    old = complete(
        PracticeFactory(
            title_fr="Pratique ancienne",
            territory=territory,
            group=group,
            organisation=justice,
            published_at=timezone.now() - timedelta(days=30),
        )
    )
    new = complete(
        PracticeFactory(
            title_fr="Pratique récente", territory=territory, group=group, organisation=justice
        )
    )
    draft = PracticeFactory(
        title_fr="Brouillon secret", territory=territory, group=group, status=Practice.Status.DRAFT
    )
    away = complete(PracticeFactory(title_fr="Pratique lyonnaise", territory=elsewhere))
    public_next = MeetingFactory(
        group=group, title="Plénière publique", visibility=Meeting.Visibility.PUBLIC
    )
    public_past = MeetingFactory(
        group=group,
        title="Plénière passée",
        visibility=Meeting.Visibility.PUBLIC,
        starts_at=at(days=-10),
        ends_at=at(days=-10, hours=2),
        status=Meeting.Status.HELD,
    )
    private = MeetingFactory(group=group, title="Réunion interne")
    return {
        "territory": territory,
        "country": country,
        "elsewhere": elsewhere,
        "old": old,
        "new": new,
        "draft": draft,
        "away": away,
        "public_next": public_next,
        "public_past": public_past,
        "private": private,
    }


def page(client, territory, language="fr"):
    response = client.get(f"/{language}/stakeholders/territories/{territory.slug}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "role", ["anonymous", "outsider", "member", "coordinator", "other_coordinator", "staff"]
)
def test_the_territory_page_shows_the_same_public_content_to_everyone(
    request, client, place, group, role
):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    html = page(client, place["territory"])
    assert "<h1>Lutèce (France)</h1>" in html
    assert group.get_absolute_url() in html
    assert "Parquet de Lutèce" in html and "Association Lutèce Enfance" in html
    assert "Lugdunum Aide" not in html  # another territory's organisation
    assert place["country"].get_absolute_url() in html  # the whole country's page
    assert "Pratique récente" in html and "Pratique ancienne" in html
    assert html.index("Pratique récente") < html.index("Pratique ancienne")  # newest first
    assert "Brouillon secret" not in html and "Pratique lyonnaise" not in html
    assert "Plénière publique" in html and "Plénière passée" in html
    # A members-only meeting is never on the public page, whoever reads it.
    assert "Réunion interne" not in html


def test_the_figures_are_those_of_the_database(client, place):
    territory = place["territory"]
    response = client.get(f"/fr/stakeholders/territories/{territory.slug}/")
    context = response.context
    assert context["practice_count"] == (
        Practice.objects.published().filter(territory=territory).count()
    )
    assert context["organisation_count"] == Organisation.objects.filter(territory=territory).count()
    kinds = dict(context["kinds"])
    assert kinds[Organisation.Kind.PUBLIC.label] == 1
    assert kinds[Organisation.Kind.CIVIL_SOCIETY.label] == 1
    assert kinds[Organisation.Kind.PRIVATE.label] == 0
    assert [entry.sector.code for entry in context["organisations_by_sector"]] == [
        code
        for code in ("justice", "ngo")
        if Organisation.objects.filter(territory=territory, sector__code=code).exists()
    ]
    html = response.content.decode()
    assert "?territory=lutece" in html  # "all N practices" in the catalogue
    assert "Les 2 pratiques du catalogue" in html
    assert "Institution publique : 1" in html


def test_the_sector_pairs_with_no_shared_practice_here_are_listed(client, place):
    response = client.get("/en/stakeholders/territories/lutece/")
    gaps = {(gap.first.code, gap.second.code) for gap in response.context["gaps"]}
    # Both practices join justice and police: that pair is covered, justice + NGOs is not.
    assert ("justice", "police") not in gaps
    assert ("justice", "ngo") in gaps
    assert "Pairs of sectors with no shared practice here yet" in response.content.decode()


def test_a_whole_country_territory_stands_for_the_country(client, place):
    response = client.get("/fr/stakeholders/territories/la-france/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["practice_count"] == (
        Practice.objects.published().filter(territory__country="FR").count()
    )
    # Its local territories, their organisations and practices.
    assert place["territory"].get_absolute_url() in html
    assert place["elsewhere"].get_absolute_url() in html
    assert "Lugdunum Aide" in html and "Parquet de Lutèce" in html
    assert "Pratique lyonnaise" in html
    assert "?country=FR" in html
    assert "Réunion interne" not in html


def test_an_unknown_territory_is_not_found(client, db):
    assert client.get("/fr/stakeholders/territories/nowhere/").status_code == 404


def test_territories_is_not_an_organisation_slug():
    assert "territories" in RESERVED_ORGANISATION_SLUGS


def test_the_list_gives_each_territory_its_figures_by_country(client, place, group):
    response = client.get("/en/stakeholders/territories/")
    assert response.status_code == 200
    rows = {row.code: row for row in response.context["countries"]}
    france = {t.slug: t for t in rows["FR"].territories}
    lutece = france["lutece"]
    assert (lutece.group_count, lutece.organisation_count, lutece.practice_count) == (1, 2, 2)
    whole = france["la-france"]
    assert (
        whole.practice_count == Practice.objects.published().filter(territory__country="FR").count()
    )
    assert whole.organisation_count == Organisation.objects.filter(territory__country="FR").count()
    html = response.content.decode()
    assert place["territory"].get_absolute_url() in html
    assert "The whole country" in html


def grow(group, n):
    """``n`` more organisations, published practices and public meetings in the group's
    territory, and ``n`` more territories."""
    territory = group.territory
    for i in range(n):
        organisation = OrganisationFactory(territory=territory, sector=sector("medico-legal"))
        complete(PracticeFactory(territory=territory, group=group, organisation=organisation))
        MeetingFactory(
            group=group,
            visibility=Meeting.Visibility.PUBLIC,
            starts_at=at(days=-20 - i),
            ends_at=at(days=-20 - i, hours=2),
        )
        WorkingGroupFactory(territory=territory)
        TerritoryFactory(country="BE")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "url",
    [
        "/fr/stakeholders/territories/lutece/",
        "/fr/stakeholders/territories/la-france/",
        "/fr/stakeholders/territories/",
    ],
)
@pytest.mark.parametrize("who", [None, "member"])
def test_territory_pages_run_a_constant_number_of_queries(client, request, place, group, url, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    client.get(url)  # the catalogue index built once
    few = count_queries(client, url)
    grow(group, 6)
    client.get(url)
    assert count_queries(client, url) == few


def test_the_directory_links_organisations_to_their_territory(client, place):
    territory_url = place["territory"].get_absolute_url()
    assert territory_url in client.get("/fr/stakeholders/").content.decode()
    organisation = Organisation.objects.get(name="Parquet de Lutèce")
    assert territory_url in client.get(organisation.get_absolute_url()).content.decode()


def test_a_practice_page_links_to_its_territory(client, place):
    html = client.get(place["new"].get_absolute_url()).content.decode()
    assert place["territory"].get_absolute_url() in html


def test_working_group_pages_link_to_their_territory(client, place, group):
    territory_url = place["territory"].get_absolute_url()
    assert territory_url in client.get(group.get_absolute_url()).content.decode()
    assert territory_url in client.get("/fr/stakeholders/groups/").content.decode()


def test_insight_links_to_the_page_of_its_scope(client, place):
    html = client.get("/fr/insight/?territory=lutece").content.decode()
    assert place["territory"].get_absolute_url() in html
    html = client.get("/fr/insight/?country=FR").content.decode()
    assert place["country"].get_absolute_url() in html


def test_the_sitemap_lists_territory_pages(client, place):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/fr/stakeholders/territories/lutece/" in xml
    assert "/en/stakeholders/territories/la-france/" in xml
    assert "/fr/stakeholders/territories/</loc>" in xml
