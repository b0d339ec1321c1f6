"""What the public pages keep in memory (practices.cache, practices.index) changes at once
with the catalogue: publishing, editing, archiving or deleting a practice, changing its
sectors, a new territory or vocabulary entry, a change made by another process, a change
rolled back. The in-memory index always agrees with the database."""

import datetime
import random

import pytest
from django.db import transaction
from django.utils import timezone

from practices import cache
from practices.index import CatalogueIndex, current_index
from practices.models import CatalogueVersion, ConventionArticle, Practice, TargetGroup, Theme
from practices.services import practice_transition
from stakeholders.models import Sector
from tests.factories import TerritoryFactory

from .factories import PracticeFactory, complete

pytestmark = pytest.mark.django_db

S = Practice.Status
LIST = "/fr/practices/"


def listing(client, url=LIST, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def count(client, **params) -> int:
    return listing(client, **params).context["paginator"].count


def sector_counts(client, **params) -> dict:
    facets = listing(client, **params).context["facets"]
    sector = next(f for f in facets if f["name"] == "sector")
    return {item["value"]: item["count"] for item in sector["items"] if item["count"]}


def api_count(client, **params) -> int:
    response = client.get("/api/v1/practices/", params)
    assert response.status_code == 200
    return response.json()["count"]


def home_figure(client) -> str:
    page = client.get("/en/").content.decode()
    label = "<dt>Published practices</dt><dd>"
    start = page.index(label) + len(label)
    return page[start : page.index("</dd>", start)]


def test_publishing_changes_the_counts_at_once(client, coordinator, make_practice):
    make_practice(S.PUBLISHED)
    submitted = make_practice(S.SUBMITTED, sectors=("justice", "ngo"))
    assert count(client) == 1  # the index is built and kept
    assert api_count(client) == 1
    assert home_figure(client) == "1"
    assert sector_counts(client) == {"justice": 1, "police": 1}

    practice_transition(practice=submitted, action="publish", by=coordinator)

    assert count(client) == 2
    assert api_count(client) == 2
    assert home_figure(client) == "2"
    assert sector_counts(client) == {"justice": 2, "police": 1, "ngo": 1}
    assert [p.pk for p in listing(client).context["object_list"]][0] == submitted.pk


def test_archiving_removes_the_practice_from_every_count(client, coordinator, make_practice):
    kept = make_practice(S.PUBLISHED)
    archived = make_practice(S.PUBLISHED, sectors=("education", "ngo"))
    assert count(client) == 2
    assert count(client, sector="ngo") == 1

    practice_transition(practice=archived, action="archive", by=coordinator)

    assert count(client) == 1
    assert count(client, sector="ngo") == 0
    assert sector_counts(client) == {"justice": 1, "police": 1}
    assert [p.pk for p in listing(client).context["object_list"]] == [kept.pk]
    assert client.get(archived.get_absolute_url()).status_code == 404


def test_editing_the_sectors_and_the_territory_changes_the_facets(client, make_practice):
    practice = make_practice(S.PUBLISHED)
    assert sector_counts(client) == {"justice": 1, "police": 1}

    practice.sectors.set(Sector.objects.filter(code__in=["education", "private"]))
    assert sector_counts(client) == {"education": 1, "private": 1}
    assert count(client, sector="justice") == 0

    iceland = TerritoryFactory(country="IS", name="Reykjavík", slug="reykjavik")
    practice.territory = iceland
    practice.save()
    facets = {f["name"]: f for f in listing(client).context["facets"]}
    assert {i["value"]: i["count"] for i in facets["country"]["items"]} == {"IS": 1}
    assert count(client, territory="reykjavik") == 1


def test_changing_the_relations_from_the_other_side(client, make_practice):
    practice = make_practice(S.PUBLISHED)
    assert count(client, theme="training") == 0

    Theme.objects.get(code="training").practices.add(practice)
    assert count(client, theme="training") == 1

    Theme.objects.get(code="training").practices.clear()
    assert count(client, theme="training") == 0


def test_a_new_vocabulary_entry_is_offered_at_once(client, make_practice):
    practice = make_practice(S.PUBLISHED)
    assert count(client) == 1

    theme = Theme.objects.create(code="online", name_fr="En ligne", name_en="Online")
    practice.themes.add(theme)
    facets = {f["name"]: f for f in listing(client).context["facets"]}
    assert {i["value"]: i["count"] for i in facets["theme"]["items"]}["online"] == 1

    theme.code = "digital"
    theme.save()
    assert count(client, theme="digital") == 1


def test_the_practice_page_shows_the_relations_as_they_are_now(client, make_practice):
    """A published practice's page takes its sectors, themes, target groups and articles
    from the index: a change shows at once, and the page runs no query for them."""
    practice = make_practice(S.PUBLISHED, sectors=("justice",))
    url = f"/en/practices/{practice.slug}/"
    first, second = Theme.objects.all()[:2]
    practice.themes.set([first])
    page = client.get(url).content.decode()
    assert first.name in page and second.name not in page

    practice.themes.set([second])
    practice.sectors.add(Sector.objects.get(code="police"))
    page = client.get(url).content.decode()
    assert second.name in page and first.name not in page
    assert 'class="badge sector-police"' in page and 'class="badge sector-justice"' in page


def test_deleting_a_practice(client, make_practice):
    practice = make_practice(S.PUBLISHED)
    assert count(client) == 1
    practice.delete()
    assert count(client) == 0
    assert api_count(client) == 0


def test_a_change_made_by_another_process_is_seen(client, make_practice):
    """Another process changes the data and the version; this process's index (built
    for the old version) is not used any more."""
    practice = make_practice(S.PUBLISHED)
    assert count(client) == 1

    # No signal here: as if another process had done it, in its own transaction.
    Practice.objects.filter(pk=practice.pk).update(status=S.ARCHIVED)
    CatalogueVersion.objects.filter(pk=1).update(token="from-another-process")

    assert count(client) == 0


def test_a_change_rolled_back_leaves_no_trace(client, coordinator, make_practice):
    make_practice(S.PUBLISHED)
    submitted = make_practice(S.SUBMITTED)
    assert count(client) == 1

    with pytest.raises(RuntimeError), transaction.atomic():
        practice_transition(practice=submitted, action="publish", by=coordinator)
        raise RuntimeError("the request fails after the change")

    assert Practice.objects.get(pk=submitted.pk).status == S.SUBMITTED
    assert count(client) == 1


def test_a_change_rolled_back_within_a_request_is_not_seen_by_the_rest_of_it(
    coordinator, make_practice
):
    """A request whose change is rolled back (a failed save shown again) reads the
    catalogue as it is, not as the rolled-back change left it in memory."""
    make_practice(S.PUBLISHED)
    submitted = make_practice(S.SUBMITTED)
    # What the request_started and request_finished receivers do (sending the signals
    # themselves would also close the test's database connection).
    cache._request_started()
    try:
        assert current_index().size == 1
        with pytest.raises(RuntimeError), transaction.atomic():
            practice_transition(practice=submitted, action="publish", by=coordinator)
            assert current_index().size == 2  # the change, inside its transaction
            raise RuntimeError("the save fails after the change")
        assert current_index().size == 1
    finally:
        cache._request_finished()


def test_whole_pages_are_kept_for_anonymous_visitors_until_a_change(
    client, settings, coordinator, make_practice, django_assert_max_num_queries
):
    settings.PUBLIC_PAGE_CACHE = True
    make_practice(S.PUBLISHED, title_fr="Première pratique")
    submitted = make_practice(S.SUBMITTED, title_fr="Seconde pratique")
    first = client.get(LIST).content
    with django_assert_max_num_queries(1):  # the version only
        assert client.get(LIST).content == first

    practice_transition(practice=submitted, action="publish", by=coordinator)

    page = client.get(LIST).content.decode()
    assert "Seconde pratique" in page
    assert "Première pratique" in page


def test_logged_in_people_never_get_a_kept_page(client, settings, member, make_practice):
    settings.PUBLIC_PAGE_CACHE = True
    make_practice(S.PUBLISHED)
    assert "My practices" not in client.get("/en/practices/").content.decode()
    client.force_login(member)
    page = client.get("/en/practices/").content.decode()
    assert "My practices" in page


def test_the_index_agrees_with_the_database_after_random_changes(db):
    """The index of the process that makes the changes (updated in place) and one built
    from scratch give the database's answers, whatever the changes."""
    rng = random.Random(7)
    territories = [TerritoryFactory(country=c) for c in ("FR", "BE", "IS")]
    sectors = list(Sector.objects.all())
    themes = list(Theme.objects.all())
    targets = list(TargetGroup.objects.all())
    articles = list(ConventionArticle.objects.all())
    now = timezone.now()
    practices = []
    current_index()  # from now on, this process keeps its index up to date
    for i in range(40):
        practice = PracticeFactory(
            status=rng.choice([S.PUBLISHED, S.PUBLISHED, S.DRAFT, S.ARCHIVED]),
            territory=rng.choice(territories),
            evidence=rng.choice(Practice.Evidence.values),
            published_at=now - datetime.timedelta(days=rng.randrange(30), seconds=i),
        )
        complete(practice, sectors=[s.code for s in rng.sample(sectors, 2)])
        practice.themes.set(rng.sample(themes, 2))
        practice.target_groups.set(rng.sample(targets, 1))
        practice.articles.set(rng.sample(articles, 2))
        practices.append(practice)
    for practice in rng.sample(practices, 15):
        practice.status = rng.choice([S.PUBLISHED, S.ARCHIVED])
        practice.published_at = now - datetime.timedelta(days=rng.randrange(30))
        practice.territory = rng.choice(territories)
        practice.save()
        practice.sectors.remove(*rng.sample(sectors, 3))

    published = Practice.objects.published()
    expected_order = list(published.order_by("-published_at", "-pk").values_list("pk", flat=True))
    for index in (current_index(), CatalogueIndex()):
        assert list(index.order) == expected_order
        assert index.size == published.count()
        counts = index.facet_counts({})
        for sector in sectors:
            n = published.filter(sectors=sector).count()
            assert counts["sector"].get(sector.code, 0) == n
        for code in ("FR", "BE", "IS"):
            n = published.filter(territory__country=code).count()
            assert counts["country"].get(code, 0) == n
        for theme in themes:
            assert counts["theme"].get(theme.code, 0) == published.filter(themes=theme).count()
        for value in Practice.Evidence.values:
            assert counts["evidence"].get(value, 0) == published.filter(evidence=value).count()
        maps = index.filter_bitmaps({"sector": ["justice", "police"], "country": "FR"})
        both = published.with_sectors(["justice", "police"])
        counts = index.facet_counts(maps)
        assert counts["evidence"] == {
            value: n
            for value in Practice.Evidence.values
            if (n := both.filter(territory__country="FR", evidence=value).count())
        }


def test_the_version_changes_in_the_transaction_of_the_change(make_practice):
    before = cache.version()
    practice = make_practice(S.PUBLISHED)
    after = cache.version()
    assert after != before
    practice.summary_fr = "Un autre résumé."
    practice.save()
    assert cache.version() != after
