"""Protocols on the territory pages and in Insight (issue #17, parts 4 and 5).

Territory pages list the protocols in force there that the visitor may see (members-only
ones for the territory's members and coordinators, and staff); Insight sets, for each pair
of sectors, the public protocols in force that bind both beside the practices they share.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lanzarote import insight
from practices.models import Practice
from protocols.models import Protocol, Signatory
from stakeholders.models import Sector
from tests.factories import OrganisationFactory, TerritoryFactory, sector
from tests.insight.network import build_network

from .factories import ProtocolFactory

pytestmark = pytest.mark.django_db

P = Protocol.Status
V = Protocol.Visibility


def signed(protocol, *organisations):
    for organisation in organisations:
        Signatory.objects.create(protocol=protocol, organisation=organisation)
    return protocol


@pytest.fixture
def overlay_network(db):
    """The insight network (practices worked out by hand in tests/insight/network.py) with
    protocols of every visibility and status:

        A  Paris    public   in force        justice, police, medico-legal
        B  Paris    public   in force        ngo, education
        C  Paris    members  in force        justice, ngo           (never counted)
        D  Paris    public   in preparation  police, education      (never counted)
        E  Lyon     public   in force        child-welfare, ngo
        F  Belgium  public   expired         justice, ngo           (never counted)
    """
    net = build_network()
    o, t = net.organisations, net.territories
    net.protocols = {
        "A": signed(
            ProtocolFactory(territory=t["paris"], title_en="Paediatric unit convention"),
            o["tribunal"],
            o["brigade"],
            o["umj"],
        ),
        "B": signed(ProtocolFactory(territory=t["paris"]), o["enfance"], o["lycee"]),
        "C": signed(
            ProtocolFactory(territory=t["paris"], visibility=V.MEMBERS, title_en="Members pact"),
            o["tribunal"],
            o["enfance"],
        ),
        "D": signed(
            ProtocolFactory(
                territory=t["paris"], status=P.IN_PREPARATION, title_en="Draft agreement"
            ),
            o["brigade"],
            o["lycee"],
        ),
        "E": signed(
            ProtocolFactory(territory=t["lyon"], title_en="Lyon referral pathway"),
            o["lyon-welfare"],
            o["lyon-ngo"],
        ),
        "F": signed(
            ProtocolFactory(territory=t["belgium"], status=P.EXPIRED, title_en="Old Brussels"),
            o["parquet"],
            o["sos"],
        ),
    }
    return net


def pair(a, b):
    return tuple(sorted((a, b)))


def overlay_codes(scope):
    groups = insight.protocol_overlay(scope)
    return {
        name: {pair(p.first.code, p.second.code): (p.practices, p.protocols) for p in pairs}
        for name, pairs in groups.items()
    }


def from_database(scope_filter_practice, scope_filter_protocol):
    """Each pair's figures worked out with plain queries, independently of the overlay."""
    sectors = list(Sector.objects.all())
    published = Practice.objects.published().filter(**scope_filter_practice)
    protocols = Protocol.objects.filter(
        status=P.IN_FORCE, visibility=V.PUBLIC, **scope_filter_protocol
    )
    figures = {}
    for i, a in enumerate(sectors):
        for b in sectors[i + 1 :]:
            practices = published.filter(sectors=a).filter(sectors=b).distinct().count()
            bound = (
                protocols.filter(signatories__organisation__sector=a)
                .filter(signatories__organisation__sector=b)
                .distinct()
                .count()
            )
            figures[pair(a.code, b.code)] = (practices, bound)
    return figures


def grouped(figures):
    groups = {"both": {}, "practices_only": {}, "protocols_only": {}, "neither": {}}
    for key, (practices, bound) in figures.items():
        name = (
            "both"
            if practices and bound
            else "practices_only"
            if practices
            else "protocols_only"
            if bound
            else "neither"
        )
        groups[name][key] = (practices, bound)
    return groups


def test_the_overlay_of_a_territory_agrees_with_the_database(overlay_network):
    paris = overlay_network.territories["paris"]
    scope = insight.Scope(country="FR", territory=paris)
    found = overlay_codes(scope)
    assert found == grouped(from_database({"territory": paris}, {"territory": paris}))
    assert found["both"] == {
        pair("justice", "police"): (2, 1),
        pair("justice", "medico-legal"): (1, 1),
        pair("police", "medico-legal"): (1, 1),
    }
    assert found["practices_only"] == {}
    assert found["protocols_only"] == {pair("ngo", "education"): (0, 1)}
    assert len(found["neither"]) == 21 - 4


def test_the_overlay_of_a_country_and_of_all_agrees_with_the_database(overlay_network):
    found = overlay_codes(insight.Scope(country="FR"))
    assert found == grouped(
        from_database({"territory__country": "FR"}, {"territory__country": "FR"})
    )
    assert set(found["both"]) == {
        pair("justice", "police"),
        pair("justice", "medico-legal"),
        pair("police", "medico-legal"),
    }
    assert set(found["practices_only"]) == {pair("child-welfare", "education")}
    assert set(found["protocols_only"]) == {pair("ngo", "education"), pair("child-welfare", "ngo")}
    everywhere = overlay_codes(insight.Scope())
    assert everywhere == grouped(from_database({}, {}))
    # Justice + NGO: a practice in Belgium, bound only by members-only and expired protocols.
    assert everywhere["practices_only"][pair("justice", "ngo")] == (1, 0)


def test_members_only_and_unsigned_protocols_never_count_on_insight(client, overlay_network):
    html = client.get("/en/insight/?territory=paris").content.decode()
    assert "Members pact" not in html
    section = html.split('id="protocols-heading"')[1].split("</section>")[0]
    # Police + education is bound only by a protocol in preparation: no link at all.
    neither = section.split('id="overlay-neither"')[1]
    assert re.search(
        r'sector-police">[^<]*</span> \+ <span class="badge sector-education"', neither
    )
    assert "Bound by a protocol and sharing practices" in section
    assert "Working together without an agreement" in section
    assert "No link at all" in section


def test_each_pair_links_to_the_catalogue_and_to_the_protocols(client, overlay_network):
    html = client.get("/en/insight/?territory=paris").content.decode()
    assert "/en/practices/?sector=justice&amp;sector=police&amp;territory=paris" in html
    assert (
        "/en/protocols/?sector=justice&amp;sector=police&amp;status=in-force&amp;territory=paris"
        in html
    )
    html = client.get("/en/insight/?country=FR").content.decode()
    assert (
        "/en/protocols/?sector=justice&amp;sector=police&amp;status=in-force&amp;country=FR" in html
    )


def test_the_insight_overlay_runs_a_constant_number_of_queries(
    client, overlay_network, django_assert_max_num_queries
):
    client.get("/en/insight/?country=FR")  # warm the catalogue's index
    with CaptureQueriesContext(connection) as small:
        client.get("/en/insight/?country=FR")
    few = len(small)
    assert few > 0
    o, t = overlay_network.organisations, overlay_network.territories
    for _n in range(8):
        extra = [OrganisationFactory(territory=t["lyon"], sector=sector("police"))]
        signed(ProtocolFactory(territory=t["lyon"]), o["lyon-private"], o["lyon-ngo"], *extra)
    client.get("/en/insight/?country=FR")  # the directory changed: the index is rebuilt once
    with django_assert_max_num_queries(few):
        response = client.get("/en/insight/?country=FR")
    assert response.status_code == 200


def test_the_overlay_labels_are_translated(client, overlay_network):
    html = client.get("/fr/insight/?territory=paris").content.decode()
    assert "Liés par un protocole et partageant des pratiques" in html
    assert "Travaillent ensemble sans accord" in html
    assert "Aucun lien" in html
    assert "Protocoles et pratiques partagées" in html


# Territory pages.


@pytest.fixture
def protocols_here(group, other_group):
    """Protocols on the group's territory: public ones (one ending soon, one due for
    review), a members-only one, one in preparation, one expired; one on another."""
    territory = group.territory
    today = timezone.localdate()
    later = today + datetime.timedelta(days=400)
    justice = OrganisationFactory(territory=territory, sector=sector("justice"))
    police = OrganisationFactory(territory=territory, sector=sector("police"))
    ngo = OrganisationFactory(territory=territory, sector=sector("ngo"))
    made = {
        "public": signed(
            ProtocolFactory(territory=territory, title_en="Public pathway", next_review_on=later),
            justice,
            police,
            ngo,
        ),
        "ending": signed(
            ProtocolFactory(
                territory=territory,
                title_en="Ending convention",
                next_review_on=later,
                in_force_until=today + datetime.timedelta(days=30),
            ),
            justice,
            police,
        ),
        "review": signed(
            ProtocolFactory(
                territory=territory,
                title_en="Review soon",
                next_review_on=today + datetime.timedelta(days=60),
            ),
            justice,
            police,
        ),
        "members": signed(
            ProtocolFactory(
                territory=territory,
                title_en="Members pact",
                visibility=V.MEMBERS,
                next_review_on=later,
            ),
            justice,
            ngo,
        ),
        "draft": signed(
            ProtocolFactory(
                territory=territory, title_en="Draft agreement", status=P.IN_PREPARATION
            ),
            justice,
            ngo,
        ),
        "expired": signed(
            ProtocolFactory(territory=territory, title_en="Old agreement", status=P.EXPIRED),
            justice,
            ngo,
        ),
        "elsewhere": signed(
            ProtocolFactory(territory=other_group.territory, title_en="Elsewhere pact"),
            OrganisationFactory(territory=other_group.territory, sector=sector("justice")),
            OrganisationFactory(territory=other_group.territory, sector=sector("police")),
        ),
    }
    return made


def territory_page(client, territory, language="en"):
    response = client.get(f"/{language}/stakeholders/territories/{territory.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def protocols_section(html):
    return html.split('id="protocols-heading"')[1].split("</section>")[0]


@pytest.mark.parametrize("role", [None, "outsider", "other_member", "other_coordinator"])
def test_the_public_sees_public_protocols_in_force_only(
    request, client_for, group, protocols_here, role
):
    user = request.getfixturevalue(role) if role else None
    section = protocols_section(territory_page(client_for(user), group.territory))
    for title in ("Public pathway", "Ending convention", "Review soon"):
        assert title in section
    for title in ("Members pact", "Draft agreement", "Old agreement", "Elsewhere pact"):
        assert title not in section


@pytest.mark.parametrize("role", ["member", "coordinator", "staff"])
def test_members_of_the_territorys_groups_and_staff_see_members_only_protocols(
    request, client_for, group, protocols_here, role
):
    user = request.getfixturevalue(role)
    section = protocols_section(territory_page(client_for(user), group.territory))
    assert "Members pact" in section
    assert "members only" in section
    for title in ("Draft agreement", "Old agreement", "Elsewhere pact"):
        assert title not in section


def test_each_protocol_shows_kind_signatories_sectors_and_review(client, group, protocols_here):
    section = protocols_section(territory_page(client, group.territory))
    row = section.split("Public pathway")[1].split("</tr>")[0]
    assert "Referral pathway" in row
    assert "<td>3</td>" in row
    for code in ("justice", "police", "ngo"):
        assert f"sector-{code}" in row
    assert "review due" not in row and "ends on" not in row
    ending = section.split("Ending convention")[1].split("</tr>")[0]
    assert "ends on" in ending
    review = section.split("Review soon")[1].split("</tr>")[0]
    assert "review due" in review
    assert "2 protocols end or are due for review within 90 days." in section
    assert f"/en/protocols/?territory={group.territory.slug}" in section


def test_a_whole_country_page_lists_the_countrys_protocols(client, group, protocols_here):
    country = TerritoryFactory(country=group.territory.country.code, name="", slug="tout-le-pays")
    section = protocols_section(territory_page(client, country))
    assert "Public pathway" in section
    assert f"/en/protocols/?country={group.territory.country.code}" in section
    assert "Members pact" not in section


def test_the_protocols_list_filters_by_country(client, group, protocols_here):
    belgian = signed(
        ProtocolFactory(
            territory=TerritoryFactory(country="BE", name="Liège", slug="liege"),
            title_en="Belgian pact",
        ),
        OrganisationFactory(sector=sector("justice")),
        OrganisationFactory(sector=sector("police")),
    )
    html = client.get("/en/protocols/?country=BE").content.decode()
    assert belgian.title in html
    assert "Public pathway" not in html


def test_the_territory_page_runs_a_constant_number_of_queries(
    client_for, member, group, protocols_here, django_assert_max_num_queries
):
    client = client_for(member)
    territory_page(client, group.territory)
    with CaptureQueriesContext(connection) as small:
        territory_page(client, group.territory)
    few = len(small)
    assert few > 0
    for _n in range(6):
        signed(
            ProtocolFactory(territory=group.territory),
            OrganisationFactory(territory=group.territory, sector=sector("education")),
            OrganisationFactory(territory=group.territory, sector=sector("private")),
        )
    territory_page(client, group.territory)  # the directory changed: the index is rebuilt once
    with django_assert_max_num_queries(few):
        territory_page(client, group.territory)


def test_the_territory_protocols_are_translated(client, group, protocols_here):
    section = protocols_section(territory_page(client, group.territory, language="fr"))
    assert "Protocoles en vigueur" in section
    assert "révision à prévoir" in section
    assert "2 protocoles prennent fin ou doivent être révisés d’ici 90 jours." in section
