"""The public glossary (A–Z with filters by country and sector, a page per term) and the
coordinators' pages to maintain it."""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView
from django_countries import countries

from stakeholders import permissions, submissions
from stakeholders.models import Sector

from . import services
from .forms import TermForm
from .models import LANGUAGES, Term

LANGUAGE_NAMES = dict(LANGUAGES)


def _letter(name: str) -> str:
    from practices.text import unaccent

    first = unaccent(name[:1]).upper()
    return first if first.isalpha() else "#"


class TermListView(TemplateView):
    """Every term, A–Z, with links that filter by country and by sector (no JavaScript).

    Two queries whatever the number of terms (the sectors, the terms with their sector):
    the glossary holds hundreds of terms, not thousands, so it is filtered in memory."""

    template_name = "glossary/term_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        sectors = list(Sector.objects.all())
        sector_codes = {s.code for s in sectors}
        terms = list(
            Term.objects.select_related("sector").only(
                "name", "full_name", "slug", "country", "languages", "definition_fr",
                "definition_en", "sector__code", "sector__name_fr", "sector__name_en",
                "sector__name", "sector__position",
            )
        )  # fmt: skip
        country = params.get("country", "")
        sector = params.get("sector", "")
        known_countries = {str(t.country) for t in terms}
        errors = []
        if country and country not in known_countries:
            errors.append(
                _("No term of the country “%(value)s”: filter ignored.") % {"value": country}
            )
            country = ""
        if sector and sector not in sector_codes:
            errors.append(_("Unknown sector “%(value)s”: filter ignored.") % {"value": sector})
            sector = ""

        def keep(term, country=country, sector=sector):
            return (not country or str(term.country) == country) and (
                not sector or (term.sector is not None and term.sector.code == sector)
            )

        shown = sorted(
            (t for t in terms if keep(t)), key=lambda t: (_letter(t.name), t.name.lower())
        )
        letters: dict[str, list] = {}
        for term in shown:
            term.language_names = [str(LANGUAGE_NAMES.get(c, c)) for c in term.languages]
            letters.setdefault(_letter(term.name), []).append(term)
        context.update(
            letters=sorted(letters.items()),
            count=len(shown),
            errors=errors,
            country=country,
            sector=sector,
            country_facet=self.facet(
                "country",
                country,
                sorted(((c, countries.name(c)) for c in known_countries), key=lambda item: item[1]),
                [t for t in terms if keep(t, country="")],
                lambda t: str(t.country),
            ),
            sector_facet=self.facet(
                "sector",
                sector,
                [(s.code, s.name) for s in sectors],
                [t for t in terms if keep(t, sector="")],
                lambda t: t.sector.code if t.sector else None,
            ),
            can_edit=permissions.roles(self.request.user).is_coordinator,
        )
        return context

    def facet(self, name, chosen, values, terms, value_of):
        """Each value with its count (among the terms the other filter keeps) and the link
        that chooses it (or, if chosen, removes it)."""
        counts: dict[str, int] = {}
        for term in terms:
            value = value_of(term)
            counts[value] = counts.get(value, 0) + 1
        items = []
        for value, label in values:
            if not counts.get(value) and value != chosen:
                continue
            params = QueryDict(mutable=True)
            params.update({k: v for k, v in self.request.GET.items() if k in ("country", "sector")})
            params.pop(name, None)
            if value != chosen:
                params[name] = value
            items.append({
                "label": label, "count": counts.get(value, 0), "chosen": value == chosen,
                "url": "?" + params.urlencode() if params else self.request.path,
            })  # fmt: skip
        return items


class TermDetailView(DetailView):
    model = Term
    template_name = "glossary/term_detail.html"
    context_object_name = "term"

    def get_queryset(self):
        return Term.objects.select_related("sector").prefetch_related("equivalents")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        term = self.object
        context["language_names"] = [str(LANGUAGE_NAMES.get(c, c)) for c in term.languages]
        context["equivalents"] = sorted(term.equivalents.all(), key=lambda t: t.name.lower())
        context["search_url"] = reverse("practices:list") + "?" + _query(q=term.name)
        context["can_edit"] = permissions.roles(self.request.user).is_coordinator
        context["language"] = get_language() or "fr"
        return context


def _query(**params) -> str:
    query = QueryDict(mutable=True)
    query.update(params)
    return query.urlencode()


class TermCreateView(
    permissions.CoordinatorRequiredMixin, submissions.OneTimeViewMixin, CreateView
):
    model = Term
    form_class = TermForm
    template_name = "glossary/term_form.html"

    def form_valid(self, form):
        try:
            self.object = self.once(
                form,
                lambda: services.term_create(
                    term=form.save(commit=False),
                    equivalents=form.cleaned_data["equivalents"],
                    by=self.request.user,
                ),
            )
        except submissions.AlreadySent as sent:
            return self.already_sent(sent.target)
        messages.success(self.request, _("The term has been added to the glossary."))
        return redirect(self.object)

    def fallback_url(self):
        return reverse("glossary:term_list")


class TermUpdateView(permissions.CoordinatorRequiredMixin, UpdateView):
    model = Term
    form_class = TermForm
    template_name = "glossary/term_form.html"

    def form_valid(self, form):
        self.object = services.term_update(
            term=form.save(commit=False),
            equivalents=form.cleaned_data["equivalents"],
            by=self.request.user,
        )
        messages.success(self.request, _("The term has been saved."))
        return redirect(self.object)


class TermDeleteView(permissions.CoordinatorRequiredMixin, TemplateView):
    """A page that asks to confirm, then a POST that removes the term."""

    template_name = "glossary/term_confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["term"] = get_object_or_404(Term, slug=self.kwargs["slug"])
        return context

    def post(self, request, slug):
        services.term_delete(term=get_object_or_404(Term, slug=slug), by=request.user)
        messages.success(request, _("The term has been removed from the glossary."))
        return redirect("glossary:term_list")
