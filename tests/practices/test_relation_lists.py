"""A practice's sectors, themes, target groups and articles as lists
(``Practice.sector_list`` and the like): from the catalogue index for a published practice,
without a query and without touching Django's prefetch cache; from the database otherwise."""

import pytest

from practices.index import current_index
from practices.models import ConventionArticle, Practice, TargetGroup, Theme

pytestmark = pytest.mark.django_db


def classify(practice):
    # The vocabularies come with the migrations.
    theme, target, article = (
        Theme.objects.first(),
        TargetGroup.objects.first(),
        ConventionArticle.objects.first(),
    )
    practice.themes.add(theme)
    practice.target_groups.add(target)
    practice.articles.add(article)
    return theme, target, article


def test_published_practice_reads_its_vocabularies_from_the_index_without_a_query(
    make_practice, django_assert_num_queries
):
    practice = make_practice()
    theme, target, article = classify(practice)
    practice = Practice.objects.get(pk=practice.pk)
    current_index().prime_relations([practice])
    with django_assert_num_queries(0):
        assert [s.code for s in practice.sector_list] == ["justice", "police"]
        assert practice.theme_list == [theme]
        assert practice.target_group_list == [target]
        assert practice.article_list == [article]
    # Django's own prefetch cache is left alone: the related manager still asks the database.
    assert "_prefetched_objects_cache" not in practice.__dict__
    with django_assert_num_queries(1):
        assert practice.sectors.count() == 2


def test_draft_reads_its_vocabularies_from_the_database(make_practice, django_assert_num_queries):
    draft = make_practice(Practice.Status.DRAFT)
    theme, _target, _article = classify(draft)
    draft = Practice.objects.get(pk=draft.pk)
    with django_assert_num_queries(2):
        assert [s.code for s in draft.sector_list] == ["justice", "police"]
        assert draft.theme_list == [theme]


def test_drafts_primed_by_the_index_are_prefetched_once(make_practice, django_assert_num_queries):
    drafts = [Practice.objects.get(pk=make_practice(Practice.Status.DRAFT).pk) for _ in range(3)]
    index = current_index()
    with django_assert_num_queries(4):  # one per vocabulary
        index.prime_relations(drafts)
    with django_assert_num_queries(0):
        for draft in drafts:
            assert len(draft.sector_list) == 2
            assert draft.theme_list == draft.target_group_list == draft.article_list == []


def test_published_and_draft_practices_are_primed_in_one_call(
    make_practice, django_assert_num_queries
):
    published = make_practice()
    theme, _target, _article = classify(published)
    draft = make_practice(Practice.Status.DRAFT)
    published, draft = (Practice.objects.get(pk=p.pk) for p in (published, draft))
    index = current_index()
    with django_assert_num_queries(4):  # the draft's four relations; none for the published
        index.prime_relations([published, draft])
    assert set(published.relation_lists) == {"sectors", "themes", "target_groups", "articles"}
    assert "relation_lists" not in draft.__dict__
    with django_assert_num_queries(0):
        assert published.theme_list == [theme]
        assert [s.code for s in draft.sector_list] == ["justice", "police"]
