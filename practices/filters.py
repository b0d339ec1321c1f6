"""The public catalogue's filters, full-text search and facet counts.

The filters validate the GET parameters (and make the form that reports the ones not
understood); the matching practices, their number and the facet counts come from the
in-memory index of the published catalogue (``practices.index``), so that no request
counts or sorts the whole catalogue in SQL (see PERF.md).
"""

import django_filters
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters import fields as filter_fields
from pyroaring import FrozenBitMap

from glossary import lookup

from . import cache, search, suggest
from .index import PUBLIC_CIVIL, Results
from .models import Practice

SORTS = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("title", _("Title")),
]


# The values of the ``collaboration`` filter (see Practice.objects
# .joining_public_and_civil_society).
COLLABORATION = [(PUBLIC_CIVIL, _("Public institutions with civil society"))]


class SharedChoices:
    """A choice field whose copies share its choices: a form deep-copies its fields for
    every request, and the catalogue's choices (250 countries…) never change once built."""

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)


class ChoiceField(SharedChoices, filter_fields.ChoiceField):
    pass


class MultipleChoiceField(SharedChoices, filter_fields.MultipleChoiceField):
    """Keeps the known values of a repeated parameter and sets the others aside in
    ``unknown`` (reported by ``PracticeFilter.active``), rather than ignoring them all."""

    def clean(self, value):
        values = self.to_python(value)
        self.unknown = list(dict.fromkeys(v for v in values if not self.valid_value(v)))
        return super().clean([v for v in values if self.valid_value(v)])


class TypedChoiceField(SharedChoices, forms.TypedChoiceField):
    pass


class ChoiceFilter(django_filters.ChoiceFilter):
    field_class = ChoiceField


class MultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = MultipleChoiceField


class TypedChoiceFilter(django_filters.TypedChoiceFilter):
    field_class = TypedChoiceField


class PracticeFilter(django_filters.FilterSet):
    """GET parameters of the catalogue: q, sector (repeatable), country, territory, theme,
    target, evidence, article, collaboration, sort. Unknown values are reported and
    ignored. Only the form is used (``active``): the catalogue index filters, never
    ``qs``."""

    q = django_filters.CharFilter(label=_("Search"), max_length=200)
    sector = MultipleChoiceFilter(label=_("Sectors involved"), widget=forms.CheckboxSelectMultiple)
    country = ChoiceFilter(label=_("Country"))
    territory = ChoiceFilter(label=_("Territory"))
    theme = ChoiceFilter(label=_("Theme"))
    target = ChoiceFilter(label=_("Target group"))
    evidence = ChoiceFilter(label=_("Evidence level"), choices=Practice.Evidence.choices)
    article = TypedChoiceFilter(label=_("Convention article"), coerce=int)
    collaboration = ChoiceFilter(label=_("Collaboration"), choices=COLLABORATION)
    sort = ChoiceFilter(label=_("Sort by"), choices=SORTS, empty_label=None)

    class Meta:
        model = Practice
        fields = []

    def __init__(self, *args, choices, **kwargs):
        """``choices``: each facet's (value, label) pairs, as ``choices_of`` gives them."""
        super().__init__(*args, **kwargs)
        for name in ("sector", "country", "territory", "theme", "target", "article"):
            self.filters[name].extra["choices"] = choices[name]

    def active(self) -> dict:
        """The valid, non-empty filter values (for "remove this filter" links)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        form = self.form
        for name, field in form.fields.items():
            unknown, field.unknown = getattr(field, "unknown", ()), ()  # reported once
            for value in unknown:
                # Reported with the field, its known values kept in cleaned_data.
                message = field.error_messages["invalid_choice"] % {"value": value}
                form.errors.setdefault(name, form.error_class()).append(message)
        data = getattr(form, "cleaned_data", {})
        return {k: v for k, v in data.items() if v not in (None, "", [], ()) and k != "sort"}


def choices_of(vocabularies: dict) -> dict[str, list]:
    """(value, label) of each facet's values, in the active language."""
    return {
        "sector": [(s.code, s.name) for s in vocabularies["sectors"]],
        "country": list(countries),
        "territory": [(t.slug, str(t)) for t in vocabularies["territories"]],
        "theme": [(t.code, t.name) for t in vocabularies["themes"]],
        "target": [(t.code, t.name) for t in vocabularies["targets"]],
        "article": [(a.number, str(a)) for a in vocabularies["articles"]],
    }


# Relevance is computed exactly (ts_rank on titles and summaries) for at most this many
# practices whose title or summary match; beyond, they come first, newest first.
RANK_LIMIT = 500


class Catalogue:
    """The catalogue asked for by GET parameters: filters, search text, sort order, and
    the matching published practices (``results``), counted and paged from the in-memory
    index (see ``practices.index``). Rows are read from ``queryset``, a page at a time.

    ``approximate``: the search matched too many practices in their title or summary to
    rank them all (more than RANK_LIMIT); they are listed first, newest first.
    """

    def __init__(self, params, queryset):
        self.state = cache.current()
        self.index = self.state.index
        self.vocab = self.index.vocabularies
        language = get_language() or "fr"
        self.choices = self.index.memo(f"choices-{language}", lambda: choices_of(self.vocab))
        self.filterset = PracticeFilter(params or None, queryset=queryset, choices=self.choices)
        self.active = self.filterset.active()
        self.q = (self.active.get("q") or "").strip()
        sort = params.get("sort") if params else None
        valid_sorts = {value for value, _label in SORTS}
        self.sort = sort if sort in valid_sorts else ("relevance" if self.q else "newest")
        self.maps = self.index.filter_bitmaps(self.active)
        # A glossary term also searches its equivalents, unless asked for the words only.
        self.exact = bool(params) and params.get("exact") == "1"
        expansion = lookup.expand(self.q) if self.q and not self.exact else None
        self.queries = expansion.queries if expansion else ((self.q,) if self.q else ())
        self.also_searched = expansion.also if expansion else ()
        matches = [self.index.searches.match(q) for q in self.queries]
        if matches:
            self.maps["q"] = matches[0].bits.union(*(m.bits for m in matches[1:]))
        current = self.index.all
        for bits in self.maps.values():
            current = current & bits
        ranked, tiers, self.approximate = None, (), False
        ranks = matches and self.sort == "relevance" and matches[0].head is not None
        if ranks:
            heads = [(q, m.head & current) for q, m in zip(self.queries, matches, strict=True)]
            if sum(len(h) for _q, h in heads) <= RANK_LIMIT:
                ranked = _best_ranks(
                    (search.backend().rank(q, h) for q, h in heads if h),
                    first=len(heads[0][1]) > 0,
                )
            else:
                tiers = (FrozenBitMap.union(*(h for _q, h in heads)),)
                self.approximate = True
        self.results = Results(
            self.index, current, queryset, sort=self.sort, language=language,
            ranked=ranked, tiers=tiers,
        )  # fmt: skip

    def suggestions(self) -> list[str]:
        """Other words to search for, when the words find no or few published practices
        (whatever the filters: a misspelling is in the words)."""
        if not self.q or len(self.maps["q"]) >= suggest.FEW:
            return []
        return suggest.did_you_mean(self.q, self.index)

    def facet_counts(self) -> dict[str, dict]:
        """For each facet value, how many practices the catalogue would show if it were
        chosen (see CatalogueIndex.facet_counts)."""
        return self.index.facet_counts(self.maps)


# Added to the ranks of the query's own words: their practices come before those found
# through glossary equivalents.
OWN_WORDS = 1000.0


def _best_ranks(rankings, first: bool) -> list[tuple[int, float]]:
    """(id, rank) pairs of several searches, the query's own first if ``first``: the best
    rank of each practice."""
    best: dict[int, float] = {}
    for n, pairs in enumerate(rankings):
        bonus = OWN_WORDS if first and n == 0 else 0.0
        for pk, rank in pairs:
            rank += bonus
            if rank > best.get(pk, float("-inf")):
                best[pk] = rank
    return list(best.items())


def headlines(practices, q: str) -> dict[int, str]:
    """Highlighted excerpts of the summaries of one page of results (one query)."""
    if not q or not practices:
        return {}
    return search.backend().headlines(q, [p.pk for p in practices], get_language() or "fr")
