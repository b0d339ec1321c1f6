"""The practice page: what it shows, to whom, its metadata and its query count."""

import html
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import (
    Attachment,
    ConventionArticle,
    Improvement,
    Link,
    Partner,
    Practice,
    Reference,
    TargetGroup,
    Theme,
)
from stakeholders.models import Sector
from tests.factories import OrganisationFactory, TerritoryFactory, member_user, sector

from .factories import PracticeFactory, complete, org_of

pytestmark = pytest.mark.django_db

S = Practice.Status


def json_ld(page: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def full_practice(db):
    paris = TerritoryFactory(country="FR", name="Paris", slug="paris")
    court = OrganisationFactory(name="Tribunal judiciaire de Paris", sector=sector("justice"))
    hospital = OrganisationFactory(name="Hôpital Trousseau", sector=sector("medico-legal"))
    region = OrganisationFactory(name="Agence régionale de santé", sector=sector("medico-legal"))
    practice = PracticeFactory(
        territory=paris,
        organisation=court,
        title_fr="Unité d'accueil pédiatrique",
        title_en="Paediatric reception unit",
        summary_fr="L'enfant est entendu une seule fois, à l'hôpital.",
        summary_en="The child is heard once, at the hospital.",
        description_fr="## Fonctionnement\n\nUne **audition filmée**.",
        description_en="## How\n\nA **filmed interview**.",
        child_participation_fr="Les enfants ont relu la brochure.",
        evidence="promising",
        year_started=2019,
        languages=["fr", "en"],
    )
    complete(
        practice,
        sectors=("justice", "medico-legal", "police"),
        lead=court,
        partners=[(hospital, Partner.Role.PARTNER), (region, Partner.Role.FUNDER)],
    )
    practice.themes.set(Theme.objects.filter(code="child-friendly-justice"))
    practice.target_groups.set(TargetGroup.objects.filter(code="child-victims"))
    practice.articles.set(ConventionArticle.objects.filter(number__in=[14, 35]))
    Link.objects.create(
        practice=practice, title="Rapport de la HAS", url="https://www.has-sante.fr/rapport"
    )
    return practice


def test_the_page_shows_everything_a_professional_needs(client, full_practice):
    response = client.get(f"/fr/practices/{full_practice.slug}/")

    assert response.status_code == 200
    page = response.content.decode()
    summary = html.escape("L'enfant est entendu une seule fois, à l'hôpital.")
    assert f'<p class="lead summary">{summary}</p>' in page
    for code in ("justice", "medico-legal", "police"):
        name = Sector.objects.get(code=code).name_fr
        assert f'class="badge sector-{code}" href="/fr/practices/?sector={code}">{name}</a>' in page
    assert "<strong>audition filmée</strong>" in page
    assert "<h2>Fonctionnement</h2>" in page
    assert "Les enfants ont relu la brochure." in page
    assert 'href="https://www.has-sante.fr/rapport"' in page
    assert "Rapport de la HAS" in page
    assert "2019" in page
    assert "Paris (France)" in page
    assert 'href="/fr/practices/?article=35"' in page
    assert 'href="/fr/practices/?article=14"' in page
    assert 'href="/fr/practices/?theme=child-friendly-justice"' in page
    assert 'class="breadcrumb"><a href="/fr/practices/">' in page
    assert page.count('href="/fr/practices/evidence/"') == 2  # the section and the aside


def test_the_english_page_shows_partners_with_their_roles_and_the_evidence_explained(
    client, full_practice
):
    page = client.get(f"/en/practices/{full_practice.slug}/").content.decode()

    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", page, re.S)
    roles = {
        re.search(r">([^<]+)</a></th>", row).group(1): re.findall(r"<td>([^<]*)</td>", row)[-1]
        for row in rows
    }
    assert roles == {
        "Tribunal judiciaire de Paris": "Lead",
        "Hôpital Trousseau": "Partner",
        "Agence régionale de santé": "Funder",
    }
    assert "Paediatric reception unit" in page
    assert "The child is heard once, at the hospital." in page
    assert '<span class="evidence evidence-promising">Promising</span>' in page
    assert "An independent or scientific evaluation has measured its effects." in page
    assert "Monitored over time, with encouraging results not yet formally evaluated." in page
    assert "Art. 35 – Interviews with the child" in page
    assert "Art. 14 – Assistance to victims" in page
    assert "French, English" in page


@pytest.mark.parametrize("empty", [None, ""])
def test_a_missing_english_text_falls_back_to_french(client, db, empty):
    practice = complete(
        PracticeFactory(
            title_fr="Titre seulement en français",
            title_en=None,
            summary_en=empty,
            description_fr="Une *description* française.",
            description_en=empty,
        )
    )

    page = client.get(f"/en/practices/{practice.slug}/").content.decode()
    listing = client.get("/en/practices/").content.decode()

    # Marked as French, with a note (see tests/lanzarote/test_fallbacks.py).
    assert '<h1 lang="fr">Titre seulement en français</h1>' in page
    assert "Un résumé en français." in page
    assert "Une <em>description</em> française." in page
    assert "Titre seulement en français" in listing
    assert "Un résumé en français." in listing


def test_json_ld_describes_the_practice(client, full_practice):
    page = client.get(f"/en/practices/{full_practice.slug}/").content.decode()

    (data,) = json_ld(page)
    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Paediatric reception unit"
    assert data["url"] == f"http://testserver/en/practices/{full_practice.slug}/"
    assert set(data["keywords"]) == set(
        Sector.objects.filter(code__in=["justice", "medico-legal", "police"]).values_list(
            "name_en", flat=True
        )
    )
    assert data["datePublished"] == full_practice.published_at.date().isoformat()
    assert {c["name"] for c in data["contributor"]} == {
        "Tribunal judiciaire de Paris",
        "Hôpital Trousseau",
        "Agence régionale de santé",
    }


def test_a_title_cannot_break_out_of_the_json_ld(client, db):
    title = 'Évasion </script><script>alert("xss")</script> & <!-- fin'
    practice = complete(PracticeFactory(title_fr=title, title_en=title))

    page = client.get(f"/fr/practices/{practice.slug}/").content.decode()

    assert '<script>alert("xss")</script>' not in page
    assert page.count("</script>") == page.count("<script")
    (data,) = json_ld(page)
    assert data["name"] == title
    assert "<!--" not in re.search(r"application/ld\+json\">(.*?)</script>", page, re.S).group(1)


def test_open_graph_tags(client, full_practice):
    page = client.get(f"/fr/practices/{full_practice.slug}/").content.decode()

    title = html.escape("Unité d'accueil pédiatrique")
    assert f'<meta property="og:title" content="{title}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert (
        f'<meta property="og:url" content="http://testserver/fr/practices/{full_practice.slug}/">'
        in page
    )
    assert 'property="og:description" content="L&#x27;enfant est entendu' in page


def test_a_title_with_quotes_cannot_break_out_of_the_meta_tags(client, db):
    practice = complete(PracticeFactory(title_fr='"><script>alert(1)</script>'))

    page = client.get(f"/fr/practices/{practice.slug}/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert 'content="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page


def test_an_unpublished_page_has_no_json_ld_and_is_not_indexed(client, group, author):
    practice = complete(PracticeFactory(status=S.DRAFT, organisation=org_of(author), group=group))
    client.force_login(author)

    page = client.get(practice.get_absolute_url()).content.decode()

    assert json_ld(page) == []
    assert '<meta name="robots" content="noindex">' in page


def test_the_page_is_a_404_for_an_unknown_slug(client, db):
    assert client.get("/fr/practices/nothing-here/").status_code == 404


# ---------------------------------------------------------------- who sees which page


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            S.DRAFT,
            {
                "anonymous": 404,
                "outsider": 404,
                "author": 200,
                "colleague": 200,
                "member": 404,
                "coordinator": 404,
                "other_member": 404,
                "other_coordinator": 404,
            },
        ),
        (
            S.SUBMITTED,
            {
                "anonymous": 404,
                "outsider": 404,
                "author": 200,
                "colleague": 200,
                "member": 404,
                "coordinator": 200,
                "other_member": 404,
                "other_coordinator": 404,
                "staff": 200,
            },
        ),
        (
            S.CHANGES_REQUESTED,
            {
                "anonymous": 404,
                "author": 200,
                "member": 404,
                "coordinator": 200,
                "other_coordinator": 404,
                "staff": 200,
            },
        ),
        (
            S.ARCHIVED,
            {
                "anonymous": 404,
                "outsider": 404,
                "author": 200,
                "member": 404,
                "coordinator": 200,
                "other_coordinator": 404,
                "staff": 200,
            },
        ),
        (
            S.PUBLISHED,
            {
                "anonymous": 200,
                "outsider": 200,
                "author": 200,
                "member": 200,
                "coordinator": 200,
                "other_member": 200,
                "staff": 200,
            },
        ),
    ],
)
def test_who_sees_the_page_in_each_state(client, request, group, author, status, expected):
    colleague = member_user(group, organisation=org_of(author))
    practice = complete(PracticeFactory(status=status, organisation=org_of(author), group=group))
    for who, code in expected.items():
        client.logout()
        if who == "colleague":
            client.force_login(colleague)
        elif who != "anonymous":
            client.force_login(request.getfixturevalue(who))
        assert client.get(practice.get_absolute_url()).status_code == code, who


def test_the_owner_is_told_what_is_missing_on_a_draft(client, group, author):
    practice = PracticeFactory(
        status=S.DRAFT, organisation=org_of(author), group=group, description_fr=None,
        description_en=None,
    )  # fmt: skip
    client.force_login(author)

    page = client.get(f"/en/practices/{practice.slug}/").content.decode()

    assert "Before this practice can be submitted for review, add:" in page
    assert "a description in French or English" in page
    assert "at least two sectors involved" in page


def test_a_draft_s_page_shows_its_sectors_themes_and_articles(client, author, make_practice):
    """A draft is not in the catalogue index: its vocabularies come from the database."""
    draft = make_practice(S.DRAFT)
    theme, article = Theme.objects.first(), ConventionArticle.objects.first()
    draft.themes.add(theme)
    draft.articles.add(article)
    client.force_login(author)

    page = client.get(draft.get_absolute_url()).content.decode()

    for code in ("justice", "police"):
        assert f'class="badge sector-{code}" href="/fr/practices/?sector={code}">' in page
    assert f'href="/fr/practices/?theme={theme.code}"' in page
    assert f'href="/fr/practices/?article={article.number}"' in page


# ---------------------------------------------------------------- improvements section


def test_improvements_are_listed_for_members_only(client, request, full_practice, member):
    Improvement.objects.create(
        practice=full_practice, author=member, text="Ajouter un numéro vert."
    )
    url = f"/fr/practices/{full_practice.slug}/"

    for who in ("anonymous", "outsider"):
        client.logout()
        if who != "anonymous":
            client.force_login(request.getfixturevalue(who))
        page = client.get(url).content.decode()
        assert "Ajouter un numéro vert." not in page, who
        assert 'id="improvements"' not in page, who

    for who in ("member", "other_member", "coordinator", "staff"):
        client.force_login(request.getfixturevalue(who))
        page = client.get(url).content.decode()
        assert "Ajouter un numéro vert." in page, who
        assert 'id="improvements"' in page, who


# ---------------------------------------------------------------- queries


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def _enrich(practice, n, author):
    """Give the practice ``n`` partners, links, attachments and improvements."""
    for i in range(n):
        Partner.objects.create(
            practice=practice, organisation=OrganisationFactory(), role="partner"
        )
        Link.objects.create(practice=practice, title=f"Lien {i}", url=f"https://example.org/{i}")
        Attachment.objects.create(
            practice=practice,
            title=f"Document {i}",
            file=SimpleUploadedFile(f"d{i}.pdf", b"%PDF-1.4\n%%EOF\n"),
            content_type="application/pdf",
            size=15,
        )
        Improvement.objects.create(practice=practice, author=author, text=f"Idée {i}")
        Reference.objects.create(
            practice=practice, kind="study", title=f"Étude {i}", doi=f"10.1234/{i}"
        )
    practice.sectors.set(Sector.objects.all())
    practice.themes.set(Theme.objects.all())
    practice.target_groups.set(TargetGroup.objects.all())
    practice.articles.set(ConventionArticle.objects.all())


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", S.PUBLISHED),
        ("member", S.PUBLISHED),
        ("coordinator", S.PUBLISHED),
        ("author", S.PUBLISHED),
        ("coordinator", S.SUBMITTED),
        ("author", S.SUBMITTED),
        ("author", S.DRAFT),
    ],
)
def test_the_page_runs_a_constant_number_of_queries(
    client, request, make_practice, author, member, who, status, django_assert_max_num_queries
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    small = make_practice(status)
    big = make_practice(status)
    _enrich(big, 8, member)
    for _ in range(20):
        make_practice(status)
    # The catalogue index and the glossary are read once per process (and state): not a
    # cost of the page.
    client.get("/fr/practices/")
    client.get(make_practice(status).get_absolute_url())

    few = _count(client, small.get_absolute_url())
    many = _count(client, big.get_absolute_url())

    assert many == few
    with django_assert_max_num_queries(few):
        client.get(big.get_absolute_url())


def test_an_anonymous_visitor_s_page_takes_one_query_besides_the_catalogue_s_state(
    client, make_practice, member
):
    practice = make_practice(S.PUBLISHED)
    _enrich(practice, 3, member)
    Improvement.objects.filter(practice=practice).update(status="taken-up")
    client.get("/fr/practices/")  # the catalogue index and the glossary, read once
    client.get(make_practice(S.PUBLISHED).get_absolute_url())

    with CaptureQueriesContext(connection) as ctx:
        page = client.get(f"/en/practices/{practice.slug}/").content.decode()

    # The change log is read once per request in production; inside a test's transaction,
    # at every look (practices.cache.current): not counted.
    own = [
        q["sql"]
        for q in ctx.captured_queries
        if "practices_cataloguechange" not in q["sql"] and "total_changes()" not in q["sql"]
    ]
    # The practice, with how many suggestions it took up and its links, documents,
    # references and partners (never on an agenda: no meetings to read).
    assert len(own) == 1, "\n".join(own)
    assert "3 suggestions from members of the working group have been taken up" in page
    for i in range(3):
        assert f"Lien {i}" in page and f"Document {i}" in page and f"Étude {i}" in page
    # The three partners and the lead organisation every practice has.
    assert page.count('<th scope="row"><a href="/en/stakeholders/') == 4


def test_the_page_shows_its_lists_in_order_with_any_characters(client, make_practice):
    """Links, documents and references in the order they were added; partners by role,
    then by name (accents and case aside); titles with quotes, markup, accents and line
    breaks shown as typed, escaped."""
    practice = make_practice(S.PUBLISHED)
    titles = ['Rapport « annuel » "2024"', "<script>alert(1)</script>", "Ligne\nsuivante"]
    for i, title in enumerate(titles):
        Link.objects.create(practice=practice, title=title, url=f"https://example.org/{i}")
        Reference.objects.create(practice=practice, kind="report", title=title, publisher="CNPE")
    for name, role in [("zèbre", "partner"), ("Ébène", "partner"), ("abri", "funder")]:
        Partner.objects.create(
            practice=practice, organisation=OrganisationFactory(name=name), role=role
        )
    lead = Partner.objects.get(practice=practice, role="lead").organisation.name

    page = client.get(f"/fr/practices/{practice.slug}/").content.decode()

    links = page.split('class="plain-list links"')[1].split("</ul>")[0]
    references = page.split('class="references"')[1].split("</ol>")[0]
    for listed in (links, references):
        escaped = [html.escape(t) for t in titles]
        positions = [listed.index(t) for t in escaped]
        assert positions == sorted(positions)
    assert "<script>alert(1)" not in page.split("<main")[1]
    partners = page.split('id="practice-partners-caption"')[1].split("</table>")[0]
    order = [partners.index(f">{html.escape(n)}</a>") for n in ("abri", lead, "Ébène", "zèbre")]
    assert order == sorted(order)


def test_a_reference_without_year_nor_authors_and_a_partner_s_sector_in_english(
    client, make_practice
):
    practice = make_practice(S.PUBLISHED)
    Reference.objects.create(
        practice=practice, kind="law", title="Code pénal", url="https://x.example/"
    )
    partner = Partner.objects.get(practice=practice, role="lead")
    sector_en = partner.organisation.sector.name_en

    page = client.get(f"/en/practices/{practice.slug}/").content.decode()

    references = page.split('class="references"')[1].split("</ol>")[0]
    assert "<cite>Code pénal</cite>." in references and "()" not in references
    partners = page.split('id="practice-partners-caption"')[1].split("</table>")[0]
    assert html.escape(sector_en) in partners


@pytest.mark.parametrize("path", ["title'); DROP TABLE x; --", "Title", "a b", ""])
def test_a_page_list_s_keys_are_only_names_of_fields(path):
    """The keys of a page list's JSON objects are written into the query."""
    from practices.models import JSONRow

    with pytest.raises(ValueError, match="Not names of fields"):
        JSONRow("id", path)


def test_a_reviewer_s_page_reads_the_partners_once_for_the_four_eyes_rule(
    client, coordinator, make_practice
):
    """The steps offered and withheld each ask whether the reviewer's organisation takes
    part in the practice (rules.organisation_involved): the partners are read once."""
    practice = make_practice(S.SUBMITTED)
    client.force_login(coordinator)
    client.get(practice.get_absolute_url())

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(practice.get_absolute_url())

    assert response.status_code == 200
    # Besides the practice's own query, which reads its partners for the page.
    partner_queries = [
        q for q in ctx.captured_queries if q["sql"].startswith('SELECT "practices_partner".')
    ]
    assert len(partner_queries) == 1
