"""The public catalogue's filters, full-text search and facet counts.

Many-to-many filters use EXISTS subqueries rather than joins, so that the list query
never needs DISTINCT (see PERF.md). Every facet count is one GROUP BY query.
"""

import django_filters
from django import forms
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from stakeholders.models import Sector, Territory

from .models import ConventionArticle, Practice, TargetGroup, Theme

SORTS = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("title", _("Title")),
]


def _exists(through, field: str, value):
    return Exists(through.objects.filter(practice_id=OuterRef("pk"), **{field: value}))


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def search_query(text: str):
    """A PostgreSQL query matching French or English stems, accents ignored."""
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(text, config="lanzarote_fr", search_type="websearch") | SearchQuery(
        text, config="lanzarote_en", search_type="websearch"
    )


class PracticeFilter(django_filters.FilterSet):
    """GET parameters of the catalogue: q, sector (repeatable), country, territory, theme,
    target, evidence, article, sort. Unknown values are reported and ignored."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    sector = django_filters.MultipleChoiceFilter(
        label=_("Sectors involved"),
        method="filter_sector",
        widget=forms.CheckboxSelectMultiple,
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="territory__country", choices=[]
    )
    territory = django_filters.ChoiceFilter(label=_("Territory"), method="filter_territory")
    theme = django_filters.ChoiceFilter(label=_("Theme"), method="filter_theme")
    target = django_filters.ChoiceFilter(label=_("Target group"), method="filter_target")
    evidence = django_filters.ChoiceFilter(
        label=_("Evidence level"), choices=Practice.Evidence.choices
    )
    article = django_filters.TypedChoiceFilter(
        label=_("Convention article"), method="filter_article", coerce=int
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORTS, method="filter_sort", empty_label=None
    )

    class Meta:
        model = Practice
        fields = []

    def __init__(self, *args, vocabularies, **kwargs):
        super().__init__(*args, **kwargs)
        self.vocabularies = vocabularies
        f = self.filters
        f["sector"].extra["choices"] = [(s.code, s.name) for s in vocabularies["sectors"]]
        f["country"].extra["choices"] = list(countries)
        f["territory"].extra["choices"] = [(t.slug, str(t)) for t in vocabularies["territories"]]
        f["theme"].extra["choices"] = [(t.code, t.name) for t in vocabularies["themes"]]
        f["target"].extra["choices"] = [(t.code, t.name) for t in vocabularies["targets"]]
        f["article"].extra["choices"] = [(a.number, str(a)) for a in vocabularies["articles"]]

    # Each method keeps the filter out of the query when its value is empty.
    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if is_postgresql():
            return queryset.filter(search_vector=search_query(value))
        condition = Q()
        for field in ("title", "summary", "description"):
            for lang in ("fr", "en"):
                condition |= Q(**{f"{field}_{lang}__icontains": value})
        return queryset.filter(condition)

    def filter_sector(self, queryset, name, value):
        return queryset.with_sectors(value)

    def filter_territory(self, queryset, name, value):
        return queryset.filter(territory__slug=value) if value else queryset

    def filter_theme(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(_exists(Practice.themes.through, "theme__code", value))

    def filter_target(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(_exists(Practice.target_groups.through, "targetgroup__code", value))

    def filter_article(self, queryset, name, value):
        if value in (None, ""):
            return queryset
        return queryset.filter(
            _exists(Practice.articles.through, "conventionarticle__number", value)
        )

    def filter_sort(self, queryset, name, value):
        return queryset  # applied by the view, after search ranking

    def active(self) -> dict:
        """The valid, non-empty filter values (for "remove this filter" links)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        return {k: v for k, v in data.items() if v not in (None, "", [], ()) and k != "sort"}


def vocabularies() -> dict:
    """Labels of every facet, read once per request (five small queries)."""
    return {
        "sectors": list(Sector.objects.all()),
        "territories": list(
            Territory.objects.exclude(name="").filter(practices__isnull=False).distinct()
        ),
        "themes": list(Theme.objects.all()),
        "targets": list(TargetGroup.objects.all()),
        "articles": list(ConventionArticle.objects.all()),
    }


def order(queryset, sort: str, q: str):
    """Sort the filtered practices: by rank when searching, else newest or by title."""
    lang = get_language() or "fr"
    other = "en" if lang == "fr" else "fr"
    if sort == "title":
        return queryset.order_by(Coalesce(f"title_{lang}", f"title_{other}").asc(), "pk")
    if sort == "relevance" and q and is_postgresql():
        from django.contrib.postgres.search import SearchRank

        return queryset.annotate(rank=SearchRank(F("search_vector"), search_query(q))).order_by(
            "-rank", "-published_at", "pk"
        )
    return queryset.order_by(F("published_at").desc(nulls_last=True), "-pk")


def headlines(practices, q: str) -> dict[int, str]:
    """Highlighted excerpts of the summaries of one page of results (one query)."""
    if not q or not practices or not is_postgresql():
        return {}
    from django.contrib.postgres.search import SearchHeadline

    lang = get_language() or "fr"
    other = "en" if lang == "fr" else "fr"
    rows = Practice.objects.filter(pk__in=[p.pk for p in practices]).annotate(
        headline=SearchHeadline(
            # Forms store a summary left empty as "" (a TextField), not NULL.
            Coalesce(NullIf(f"summary_{lang}", Value("")), f"summary_{other}"),
            search_query(q),
            config=f"lanzarote_{lang}",
            start_sel=START_MARK,
            stop_sel=STOP_MARK,
            max_words=40,
            min_words=15,
        )
    )
    return {pk: _highlight(text) for pk, text in rows.values_list("pk", "headline")}


# ts_headline does not escape HTML: mark matches with control characters, escape the
# text, then turn the markers into <mark> elements.
START_MARK, STOP_MARK = "\x02", "\x03"


def _highlight(text: str):
    escaped = escape(text or "").replace(START_MARK, "<mark>").replace(STOP_MARK, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - escaped just above


def facet_counts(filterset: PracticeFilter, base) -> dict[str, dict]:
    """For each facet value, how many practices the catalogue would show if it were chosen.

    Sectors combine (a practice must involve every chosen sector), so their counts are
    within the current results; the other facets replace their own current value.
    """

    def without(name):
        params = filterset.data.copy()
        params.pop(name, None)
        fs = PracticeFilter(params, queryset=base, vocabularies=filterset.vocabularies)
        return fs.qs.values("pk")

    current = filterset.qs.values("pk")
    counts = {}
    counts["sector"] = dict(
        Practice.sectors.through.objects.filter(practice_id__in=current)
        .values_list("sector__code")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts["country"] = dict(
        Practice.objects.filter(pk__in=without("country"))
        .values_list("territory__country")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts["territory"] = dict(
        Practice.objects.filter(pk__in=without("territory"))
        .exclude(territory__name="")
        .values_list("territory__slug")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts["theme"] = dict(
        Practice.themes.through.objects.filter(practice_id__in=without("theme"))
        .values_list("theme__code")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts["target"] = dict(
        Practice.target_groups.through.objects.filter(practice_id__in=without("target"))
        .values_list("targetgroup__code")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts["evidence"] = dict(
        Practice.objects.filter(pk__in=without("evidence"))
        .values_list("evidence")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts["article"] = dict(
        Practice.articles.through.objects.filter(practice_id__in=without("article"))
        .values_list("conventionarticle__number")
        .annotate(n=Count("*"))
        .order_by()
    )
    return counts
