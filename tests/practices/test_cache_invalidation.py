"""The database says when the public catalogue changed (practices/triggers.py) and each
process catches up at its next request (practices/cache.py): publishing, editing,
archiving or deleting a practice, changing its sectors, a new territory or vocabulary
entry, changes made by ``update()``, bulk writes, raw SQL or fixtures, changes committed
by other connections in another order, changes rolled back. Only what the public sees
counts: a draft changes nothing. The in-memory index always agrees with the database."""

import datetime
import io
import json
import random

import pytest
from django.core.cache import cache as django_cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practices import cache
from practices.index import PUBLIC_CIVIL, CatalogueIndex, current_index
from practices.models import (
    CatalogueChange,
    CatalogueLogPruning,
    ConventionArticle,
    Link,
    Partner,
    Practice,
    TargetGroup,
    Theme,
)
from practices.services import practice_transition
from stakeholders.models import Organisation, Sector
from tests.factories import OrganisationFactory, TerritoryFactory, WorkingGroupFactory

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


def changes() -> list[tuple]:
    return list(CatalogueChange.objects.values_list("kind", "practice_id"))


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


def test_a_change_rolled_back_leaves_no_trace(client, coordinator, make_practice):
    make_practice(S.PUBLISHED)
    submitted = make_practice(S.SUBMITTED)
    assert count(client) == 1

    with pytest.raises(RuntimeError), transaction.atomic():
        practice_transition(practice=submitted, action="publish", by=coordinator)
        assert count(client) == 2  # the change, inside its transaction
        raise RuntimeError("the request fails after the change")

    assert Practice.objects.get(pk=submitted.pk).status == S.SUBMITTED
    assert count(client) == 1
    assert api_count(client) == 1


def test_writers_never_read_the_index_nor_the_change_log(coordinator, make_practice):
    """Publishing only writes rows (the triggers add the change): no index is built or
    brought up to date inside the writer's transaction, no row is locked for others."""
    submitted = make_practice(S.SUBMITTED)
    current_index()
    with CaptureQueriesContext(connection) as context:
        practice_transition(practice=submitted, action="publish", by=coordinator)
    statements = [query["sql"] for query in context.captured_queries]
    assert not [sql for sql in statements if "cataloguechange" in sql]
    # Publishing counts this practice's sectors (two at least); the index would read all.
    sectors = [sql for sql in statements if "practices_practice_sectors" in sql]
    assert all(f'"practice_id" = {submitted.pk}' in sql for sql in sectors), sectors
    assert ("i", submitted.pk) in changes()


def test_building_and_updating_the_index_take_a_fixed_number_of_queries(make_practice):
    for _ in range(3):
        make_practice(S.PUBLISHED)
    with CaptureQueriesContext(connection) as small:
        index = CatalogueIndex()
    with CaptureQueriesContext(connection) as small_update:
        index.refreshed([p.pk for p in Practice.objects.all()])
    for _ in range(25):
        make_practice(S.PUBLISHED, sectors=("justice", "police", "ngo"))
    with CaptureQueriesContext(connection) as large:
        index = CatalogueIndex()
    with CaptureQueriesContext(connection) as large_update:
        index.refreshed([p.pk for p in Practice.objects.all()])
    assert len(large) == len(small) <= 13
    assert len(large_update) == len(small_update) <= 8


# ---------------------------------------------------------------- only what the public sees


def test_drafts_and_their_partners_links_and_attachments_change_nothing(make_practice, author):
    draft = make_practice(S.DRAFT)
    submitted = make_practice(S.SUBMITTED)
    organisation = OrganisationFactory()
    CatalogueChange.objects.all().delete()  # the organisations, territories… made above
    draft.title_fr = "Un autre titre"
    draft.save()
    Link.objects.create(practice=draft, url="https://example.org/", title="Lien")
    Partner.objects.create(practice=submitted, organisation=organisation)
    draft.sectors.add(Sector.objects.get(code="ngo"))
    Practice.objects.filter(pk=submitted.pk).update(summary_fr="Changé.")
    draft.delete()
    assert changes() == []


def test_what_only_changes_pages_is_told_apart_from_what_changes_the_index(make_practice):
    practice = make_practice(S.PUBLISHED)
    CatalogueChange.objects.all().delete()

    practice.year_started = 2019
    practice.save()
    assert changes() == [("r", practice.pk)]
    Link.objects.create(practice=practice, url="https://example.org/", title="Lien")
    Organisation.objects.filter(pk=practice.organisation_id).update(name="Nouveau nom")
    assert changes()[1:] == [("r", practice.pk), ("r", None)]

    CatalogueChange.objects.all().delete()
    practice.title_en = "A new title"
    practice.save()
    practice.sectors.add(Sector.objects.get(code="ngo"))
    assert changes() == [("i", practice.pk), ("i", practice.pk)]

    CatalogueChange.objects.all().delete()
    Theme.objects.filter(code="training").update(name_en="Training courses")
    TerritoryFactory(country="IS")
    assert changes() == [("v", None), ("v", None)]


def test_saving_a_draft_does_not_change_the_public_version(client, author, make_practice):
    """A member saves their draft through the form (as the browser posts it back)."""
    from tests.practices.helpers import form_data

    published = make_practice(S.PUBLISHED)
    draft = make_practice(S.DRAFT)
    client.force_login(author)
    url = f"/fr/practices/{draft.slug}/edit/"
    data = form_data(client.get(url))
    CatalogueChange.objects.all().delete()
    data.update(summary_fr="Un nouveau résumé.", **{"links-TOTAL_FORMS": "1",
                "links-0-title": "Lien", "links-0-url": "https://example.org/"})  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary_fr == "Un nouveau résumé." and draft.links.count() == 1
    assert changes() == []  # so the version, the count of changes, stays the same
    assert published.pk in current_index().all


# ---------------------------------------------------------------- writes Python never sees


def test_update_bulk_create_and_raw_sql_are_seen_without_dropping_anything(client, make_practice):
    """No signal, no hook: the next request of the same process applies the changes the
    triggers recorded."""
    first = make_practice(S.PUBLISHED)
    second = make_practice(S.SUBMITTED)
    assert count(client) == 1

    Practice.objects.filter(pk=second.pk).update(status=S.PUBLISHED, published_at=timezone.now())
    assert count(client) == 2

    ngo = Sector.objects.get(code="ngo")
    Practice.sectors.through.objects.bulk_create(
        [Practice.sectors.through(practice_id=pk, sector_id=ngo.pk) for pk in (first.pk, second.pk)]
    )
    assert count(client, sector="ngo") == 2

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE practices_practice SET status = 'archived' WHERE id = %s", [first.pk]
        )
    assert count(client) == 1
    assert count(client, sector="ngo") == 1
    assert api_count(client, sector="ngo") == 1


def test_a_fixture_loaded_by_hand_is_seen(client, make_practice, tmp_path):
    practice = make_practice(S.SUBMITTED)
    assert count(client) == 0
    fixture = tmp_path / "publish.json"
    fields = {"status": "published", "published_at": "2026-01-01T00:00:00Z"}
    row = json.loads(
        json.dumps(
            {
                "model": "practices.practice",
                "pk": practice.pk,
                "fields": {
                    **{
                        f.attname: getattr(practice, f.attname)
                        for f in Practice._meta.concrete_fields
                        if not f.primary_key
                    },
                    **fields,
                },
            },
            default=str,
        )
    )
    fixture.write_text(json.dumps([row]))
    call_command("loaddata", str(fixture), verbosity=0)
    assert count(client) == 1


def test_a_process_that_dropped_its_memory_sees_the_same(client, make_practice):
    """Another process (simulated by forgetting what this one keeps) builds the same."""
    practice = make_practice(S.PUBLISHED, sectors=("justice", "ngo"))
    before = sector_counts(client)
    Practice.objects.filter(pk=practice.pk).update(evidence="evaluated")
    after = sector_counts(client, evidence="evaluated")
    cache.reset()
    assert sector_counts(client, evidence="evaluated") == after
    assert sector_counts(client) == before


# ---------------------------------------------------------------- the index agrees with the data


def _assert_agrees(index):
    published = Practice.objects.published()
    expected_order = list(published.order_by("-published_at", "-pk").values_list("pk", flat=True))
    assert list(index.order) == expected_order
    assert index.size == published.count() == len(index.all)
    counts = index.facet_counts({})
    for sector in Sector.objects.all():
        assert counts["sector"].get(sector.code, 0) == published.filter(sectors=sector).count()
    for code in ("FR", "BE", "IS"):
        n = published.filter(territory__country=code).count()
        assert counts["country"].get(code, 0) == n
    for theme in Theme.objects.all():
        assert counts["theme"].get(theme.code, 0) == published.filter(themes=theme).count()
    for value in Practice.Evidence.values:
        assert counts["evidence"].get(value, 0) == published.filter(evidence=value).count()
    joining = published.joining_public_and_civil_society().values_list("pk", flat=True)
    assert set(index.bitmaps["collaboration"].get(PUBLIC_CIVIL, ())) == set(joining)
    maps = index.filter_bitmaps({"sector": ["justice", "police"], "country": "FR"})
    both = published.with_sectors(["justice", "police"])
    assert index.facet_counts(maps)["evidence"] == {
        value: n
        for value in Practice.Evidence.values
        if (n := both.filter(territory__country="FR", evidence=value).count())
    }


def test_the_index_agrees_with_the_database_after_random_changes(db):
    """An index brought up to date by re-reading the practices that the change log names
    (as every process does) and one built from scratch give the database's answers."""
    rng = random.Random(7)
    territories = [TerritoryFactory(country=c) for c in ("FR", "BE", "IS")]
    sectors = list(Sector.objects.all())
    themes = list(Theme.objects.all())
    targets = list(TargetGroup.objects.all())
    articles = list(ConventionArticle.objects.all())
    now = timezone.now()
    kinds = Organisation.Kind.values
    organisations = [OrganisationFactory(kind=rng.choice(kinds)) for _ in range(6)]
    roles = Partner.Role.values
    practices = []
    for i in range(40):
        practice = PracticeFactory(
            status=rng.choice([S.PUBLISHED, S.PUBLISHED, S.DRAFT, S.ARCHIVED]),
            territory=rng.choice(territories),
            evidence=rng.choice(Practice.Evidence.values),
            published_at=now - datetime.timedelta(days=rng.randrange(30), seconds=i),
        )
        partners = [(o, rng.choice(roles[1:])) for o in rng.sample(organisations, 2)]
        complete(practice, sectors=[s.code for s in rng.sample(sectors, 2)], partners=partners)
        practice.themes.set(rng.sample(themes, 2))
        practice.target_groups.set(rng.sample(targets, 1))
        practice.articles.set(rng.sample(articles, 2))
        practices.append(practice)
    index = CatalogueIndex()
    last = CatalogueChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for practice in rng.sample(practices, 15):
        practice.status = rng.choice([S.PUBLISHED, S.ARCHIVED])
        practice.published_at = now - datetime.timedelta(days=rng.randrange(30))
        practice.territory = rng.choice(territories)
        practice.save()
        practice.sectors.remove(*rng.sample(sectors, 3))
    Practice.objects.filter(pk__in=[p.pk for p in practices[:5]]).update(evidence="evaluated")
    # Partners come and go, and organisations change kind (the collaboration facet).
    for practice in rng.sample(practices, 10):
        Partner.objects.filter(practice=practice).exclude(role=Partner.Role.LEAD).delete()
        Partner.objects.create(
            practice=practice, organisation=rng.choice(organisations), role=rng.choice(roles[1:])
        )
    for organisation in rng.sample(organisations, 3):
        Organisation.objects.filter(pk=organisation.pk).update(kind=rng.choice(kinds))
    named = CatalogueChange.objects.filter(pk__gt=last, kind="i").values_list(
        "practice_id", flat=True
    )

    _assert_agrees(index.refreshed(set(named)))
    _assert_agrees(CatalogueIndex())


def test_a_change_is_recorded_in_its_transaction_and_a_rollback_records_nothing(make_practice):
    practice = make_practice(S.PUBLISHED)
    CatalogueChange.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        practice.summary_fr = "Un autre résumé."
        practice.save()
        assert changes() == [("r", practice.pk)] or changes() == [("i", practice.pk)]
        raise RuntimeError
    assert changes() == []


# ---------------------------------------------------------------- committed data, shared state


def _other_connection():
    """A second connection to the test database, as another process would have."""
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )


def _publish(other, practice_id):
    other.execute(
        "UPDATE practices_practice SET status = 'published', published_at = now() WHERE id = %s",
        [practice_id],
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_changes_committed_out_of_order_are_all_seen_and_a_rollback_never(client):
    """Change ids are given out at insert, transactions commit in another order: a change
    with a lower id committed after one with a higher id is still applied; a change rolled
    back is never seen. Three other connections play other processes."""
    group = WorkingGroupFactory()
    practices = [
        complete(PracticeFactory(status=S.SUBMITTED, group=group, territory=group.territory))
        for _ in range(3)
    ]
    assert count(client) == 0  # the shared state, from committed data
    first, second, third = (_other_connection() for _ in range(3))
    try:
        _publish(first, practices[0].pk)  # the lower change id, committed last
        _publish(second, practices[1].pk)
        _publish(third, practices[2].pk)  # rolled back
        second.commit()
        assert [p.pk for p in listing(client).context["object_list"]] == [practices[1].pk]
        third.rollback()
        first.commit()
        ids = {p.pk for p in listing(client).context["object_list"]}
        assert ids == {practices[0].pk, practices[1].pk}
        assert cache.current().version is not None  # the shared state, not a private one
        assert count(client) == 2
    finally:
        for other in (first, second, third):
            other.close()
    cache.reset()
    assert count(client) == 2  # a process that starts now builds the same


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_committed_changes_reach_the_shared_state_one_practice_at_a_time(client):
    """Outside a transaction, the process applies committed changes to its shared state
    by re-reading only the practices named (no full build), and the version moves on."""
    group = WorkingGroupFactory()
    published = complete(PracticeFactory(group=group, territory=group.territory))
    waiting = complete(PracticeFactory(status=S.SUBMITTED, group=group, territory=group.territory))
    draft = PracticeFactory(status=S.DRAFT, group=group, territory=group.territory)
    assert count(client) == 1
    state = cache.current()
    Practice.objects.filter(pk=waiting.pk).update(status=S.PUBLISHED, published_at=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE practices_practice SET evidence = 'evaluated' WHERE id = %s",
                       [published.pk])  # fmt: skip
    assert count(client) == 2
    assert count(client, evidence="evaluated") == 1
    later = cache.current()
    assert later.version > state.version
    # Re-read, not rebuilt: the vocabularies were carried over as they were.
    assert later.index.vocabularies["sectors"] is state.index.vocabularies["sectors"]
    # A rendering-only change: a new version, the same index.
    Organisation.objects.filter(pk=published.organisation_id).update(name="Renamed")
    newest = cache.current()
    assert newest.version > later.version and newest.index is later.index
    # A draft saved: nothing public changed, the same version and index.
    Practice.objects.filter(pk=draft.pk).update(summary_fr="Autre chose.")
    assert cache.current() is newest


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_whole_pages_are_kept_for_anonymous_visitors_until_a_change(
    client, settings, django_assert_max_num_queries
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    django_cache.clear()
    group = WorkingGroupFactory()
    complete(PracticeFactory(group=group, territory=group.territory, title_fr="Première"))
    waiting = complete(
        PracticeFactory(
            status=S.SUBMITTED, group=group, territory=group.territory, title_fr="Seconde"
        )
    )
    first = client.get(LIST)
    assert first.context is not None  # rendered, then kept
    with django_assert_max_num_queries(2):  # what changed since, the kept page
        kept = client.get(LIST)
    assert kept.content == first.content
    assert kept.context is None  # from the cache: no template was rendered

    Practice.objects.filter(pk=waiting.pk).update(status=S.PUBLISHED, published_at=timezone.now())

    page = client.get(LIST).content.decode()
    assert "Seconde" in page and "Première" in page
    django_cache.clear()


def test_logged_in_people_never_get_a_kept_page(client, settings, member, make_practice):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    make_practice(S.PUBLISHED)
    assert "My practices" not in client.get("/en/practices/").content.decode()
    client.force_login(member)
    page = client.get("/en/practices/").content.decode()
    assert "My practices" in page


def test_pages_seen_inside_a_transaction_are_never_kept(client, settings, make_practice):
    """A page rendered while the connection may see uncommitted changes (here: every
    test's own transaction) is not put in the shared cache."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    django_cache.clear()
    make_practice(S.PUBLISHED, title_fr="Pas encore validée")
    first = client.get(LIST)
    assert "Pas encore validée" in first.content.decode()
    assert cache.current().version is None
    # Rendered by the view both times (a page from the cache has no template context).
    assert first.context is not None
    assert client.get(LIST).context is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pruning_the_log_makes_a_lagging_process_build_again(client):
    """Changes a process had not seen are pruned (here by hand, as prune() would: the rows
    gone, the pruning mark moved past them): it builds its index again rather than miss
    them."""
    group = WorkingGroupFactory()
    complete(PracticeFactory(group=group, territory=group.territory))
    waiting = complete(PracticeFactory(status=S.SUBMITTED, group=group, territory=group.territory))
    assert count(client) == 1
    Practice.objects.filter(pk=waiting.pk).update(status=S.PUBLISHED, published_at=timezone.now())
    with connection.cursor() as cursor:
        column = "txid::text::bigint" if connection.vendor == "postgresql" else "id"
        cursor.execute(f"SELECT max({column}) + 1 FROM practices_cataloguechange")
        (below,) = cursor.fetchone()
    gone = CatalogueChange.objects.all().delete()[0]
    CatalogueLogPruning.objects.update_or_create(
        pk=1, defaults={"rows_pruned": gone, "pruned_below": below}
    )
    assert count(client) == 2
    assert count(client) == 2  # and then it goes on from there


@pytest.mark.skipif(
    "connection.vendor != 'sqlite'",
    reason="PostgreSQL keeps the changes of transactions that may still be running: on a "
    "shared server, any other session's open transaction holds them back",
)
def test_the_prune_command_deletes_old_changes(make_practice):
    make_practice(S.PUBLISHED)
    CatalogueChange.objects.update(changed_at=timezone.now() - datetime.timedelta(days=3))
    recent = CatalogueChange.objects.create(kind="r")
    out = io.StringIO()
    call_command("prune_catalogue_changes", "--days=1", stdout=out)
    assert int(out.getvalue().split()[0]) >= 1
    assert list(CatalogueChange.objects.all()) == [recent]
    pruning = CatalogueLogPruning.objects.get(pk=1)
    assert pruning.rows_pruned >= 1 and pruning.pruned_below <= recent.pk


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_triggers_come_back_after_a_migration_rebuilds_a_table(make_practice):
    """SQLite drops a table's triggers when Django rebuilds it to alter a column: they are
    created again after every migrate (practices.apps, practices.triggers.ensure_sqlite)."""
    from practices import triggers

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER catalogue_practice_update")
    practice = make_practice(S.PUBLISHED)
    CatalogueChange.objects.all().delete()
    Practice.objects.filter(pk=practice.pk).update(evidence="evaluated")
    assert changes() == []  # the trigger is gone: this change went unseen
    triggers.ensure_sqlite(connection)
    Practice.objects.filter(pk=practice.pk).update(evidence="promising")
    assert changes() == [("i", practice.pk)]
