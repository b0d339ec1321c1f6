"""The public catalogue: the list with its facets and search, the comparison, the
evidence criteria."""

import logging
from collections import OrderedDict

from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView
from django_countries import countries

from stakeholders.facets import ToggleLinks
from stakeholders.pagination import LenientPaginationMixin

from .. import cache as catalogue_cache
from .. import compare, rules
from ..cache import cache_public_page
from ..feeds import feed_query
from ..filters import COLLABORATION, SORTS, Catalogue, PracticeFilter, headlines
from ..models import Practice, Reference
from ..rendering import facet_items

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- public catalogue


# What a catalogue card shows (its sectors come from the index: see PracticeListView).
CARD_FIELDS = (
    "slug", "title_fr", "title_en", "summary_fr", "summary_en", "evidence", "year_started",
    "published_at", "territory__name", "territory__country", "territory__slug",
)  # fmt: skip


# The catalogue's own parameters: its filters, its search and its order. Its facet links
# carry these and no other (not an address's tracking tags), so that one query's facets,
# the same on each of its pages, are drawn once per state of the catalogue and language.
PARAMETERS = frozenset(PracticeFilter.base_filters) | {"exact"}
FACETS_KEPT = 32  # queries whose facets a process keeps (~0.2 MB each)


def _choice_label(field, value):
    for key, label in getattr(field, "choices", []):
        if str(key) == str(value):
            return label
    return value


# Kept whole for anonymous visitors under the catalogue's version: everything it shows
# (practices, facets, organisations, the glossary's equivalents) writes the change log.
@method_decorator(cache_public_page, name="dispatch")
class PracticeListView(LenientPaginationMixin, ListView):
    """The public catalogue: facets with counts, full-text search, sorting."""

    template_name = "practices/practice_list.html"
    paginate_by = 20

    def get_queryset(self):
        queryset = Practice.objects.published().select_related("territory").only(*CARD_FIELDS)
        self.catalogue = Catalogue(self.request.GET, queryset)
        return self.catalogue.results

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cat = self.catalogue
        page = context["object_list"]
        # Marked: the words of the query and of the equivalents searched with it.
        excerpts = headlines(page, " or ".join(cat.queries))
        sectors = cat.index.sectors_of([practice.pk for practice in page])
        for practice in page:
            practice.excerpt = excerpts.get(practice.pk)
            practice.card_sectors = sectors[practice.pk]
        context.update(
            filter=cat.filterset,
            q=cat.q,
            sort=cat.sort,
            sorts=SORTS,
            facets=self.kept_facets(),
            active_filters=self.active_labels(),
            can_create=rules.can_create(self.request.user),
            approximate_relevance=cat.approximate and cat.sort == "relevance",
            feed_query=feed_query(self.request.GET),
            also_searched=cat.also_searched,
            exact_url=self.search_url(exact="1"),
            suggestions=[
                {"text": text, "url": self.search_url(q=text, exact=None)}
                for text in cat.suggestions()
            ],
        )
        return context

    def search_url(self, **changes) -> str:
        """This page's query string with these parameters set (None: removed), page 1."""
        params = self.request.GET.copy()
        params.pop("page", None)
        for name, value in changes.items():
            params.pop(name, None)
            if value is not None:
                params[name] = value
        return "?" + params.urlencode()

    def kept_facets(self):
        """``facets()``, drawn once per state of the catalogue, language and query (the
        catalogue's parameters but the page number: the same on each page)."""
        params = tuple(
            (key, tuple(values)) for key, values in self.request.GET.lists() if key in PARAMETERS
        )
        # The state the catalogue was read from (not a second look-up of the current one).
        memo = self.catalogue.state.memo("catalogue-facets", OrderedDict)
        return catalogue_cache.kept(
            memo,
            (get_language(), params),
            lambda: self.facets(self.catalogue.facet_counts()),
            limit=FACETS_KEPT,
        )

    def facets(self, counts):
        """Each facet with its values, their counts and the URL that toggles them, and its
        links' HTML (``html``)."""
        choices, active = self.catalogue.choices, self.catalogue.active
        country_names = dict(choices["country"])
        country_codes = sorted(set(counts["country"]) | {active.get("country")} - {None})
        facets = [
            ("sector", gettext_lazy("Sectors involved"), choices["sector"]),
            ("collaboration", gettext_lazy("Collaboration"), COLLABORATION),
            ("country", gettext_lazy("Country"),
             [(c, country_names.get(c) or countries.name(c)) for c in country_codes]),
            ("territory", gettext_lazy("Territory"), choices["territory"]),
            ("theme", gettext_lazy("Theme"), choices["theme"]),
            ("target", gettext_lazy("Target group"), choices["target"]),
            ("evidence", gettext_lazy("Evidence level"), list(Practice.Evidence.choices)),
            ("article", gettext_lazy("Convention article"), choices["article"]),
        ]  # fmt: skip
        links = ToggleLinks(self.request.GET, only=PARAMETERS)
        result = []
        for name, label, values in facets:
            chosen = active.get(name)
            chosen = {str(x) for x in chosen} if isinstance(chosen, list) else {str(chosen)}
            facet_counts = counts[name]
            items = []
            for value, item_label in values:
                is_chosen = str(value) in chosen
                items.append(
                    {
                        "value": value,
                        "label": item_label,
                        "count": facet_counts.get(value, 0),
                        "chosen": is_chosen,
                        "url": links.url(name, str(value), is_chosen, multiple=name == "sector"),
                    }
                )
            facet = {"name": name, "label": label, "items": items}
            facet["html"] = facet_items(facet)
            result.append(facet)
        return result

    def active_labels(self):
        """Each chosen filter with the URL that drops it."""
        labels, form = [], self.catalogue.filterset.form
        for name, value in self.catalogue.active.items():
            for item in value if isinstance(value, list) else [value]:
                query = self.request.GET.copy()
                query.setlist(name, [x for x in query.getlist(name) if x != str(item)])
                query.pop("page", None)
                labels.append(
                    {
                        "label": form.fields[name].label,
                        "value": item if name == "q" else _choice_label(form.fields[name], item),
                        "drop_url": "?" + query.urlencode(),
                    }
                )
        return labels


class CompareView(View):
    """Two to four published practices side by side (public; the address says which)."""

    template_name = "practices/compare.html"

    def get(self, request):
        comparison = compare.comparison_from(request.GET)
        words = (request.GET.get("add") or "").strip()[:200]
        found = compare.candidates(comparison, words)
        return render(
            request,
            self.template_name,
            {
                "comparison": comparison,
                "rows": comparison.rows() if comparison.practices else [],
                "words": words,
                "found": [(practice, comparison.adding(practice)) for practice in found],
                "removals_by_practice": [(p, comparison.without(p)) for p in comparison.practices],
                "minimum": compare.MIN,
                "maximum": compare.MAX,
            },
        )


class EvidenceCriteriaView(TemplateView):
    """How evidence levels are assigned: the criteria, for everyone."""

    template_name = "practices/evidence_criteria.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            levels=Practice.Evidence, reference_kinds=Reference.Kind, **kwargs
        )
