"""A subscription's filter: the catalogue's own GET parameters, validated by the catalogue's
filters (practices.filters.PracticeFilter) and evaluated by its index
(practices.filters.Catalogue), never filtered again here.

A filter is stored as a canonical query string (known parameters only, in a fixed order,
repeated values sorted), so that two requests for the same results are the same filter.
"""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from practices.filters import Catalogue, PracticeFilter, choices_of
from practices.index import EMPTY, current_index
from practices.models import Practice

# The catalogue's filters a subscription keeps, in this order; the sort order and the page
# say nothing about which practices match. ``exact`` (search the words only, not their
# glossary equivalents) does.
PARAMETERS = ("q", "sector", "country", "territory", "theme", "target", "evidence", "article")
# A query string longer than this is refused before it is even parsed.
MAX_QUERY_LENGTH = 1000


@dataclass
class SavedFilter:
    """The valid part of a filter (``query``, canonical) and what was not understood
    (``errors``: a list of translated messages)."""

    query: str
    errors: list
    active: dict


def _choices():
    index = current_index()
    language = get_language() or "fr"
    # The same memo as the catalogue page's (practices.filters.Catalogue).
    return index.memo(f"choices-{language}", lambda: choices_of(index.vocabularies))


def _filterset(params) -> PracticeFilter:
    return PracticeFilter(params, queryset=Practice.objects.none(), choices=_choices())


def saved_filter(params) -> SavedFilter:
    """The filter of ``params`` (a QueryDict, or a query string) as a subscription keeps
    it, with the values that were dropped."""
    if isinstance(params, str):
        if len(params) > MAX_QUERY_LENGTH:
            return SavedFilter("", [_("This filter is too long.")], {})
        params = QueryDict(params)
    filterset = _filterset(params)
    active = filterset.active()
    errors = []
    for name, field_errors in filterset.form.errors.items():
        label = filterset.form.fields[name].label if name in filterset.form.fields else name
        errors.extend(
            _("%(label)s: %(error)s") % {"label": label, "error": error} for error in field_errors
        )
    pairs = []
    for name in PARAMETERS:
        value = active.get(name)
        if value in (None, "", [], ()):
            continue
        values = sorted(str(v) for v in value) if isinstance(value, list) else [str(value)]
        pairs.extend((name, v.strip()) for v in values)
    if pairs and any(name == "q" for name, _v in pairs) and params.get("exact") == "1":
        pairs.append(("exact", "1"))
    query = QueryDict(mutable=True)
    for name, value in pairs:
        query.appendlist(name, value)
    return SavedFilter(query.urlencode(), errors, active)


def describe(query: str) -> list[tuple[str, str]]:
    """(label, value) of each part of a canonical filter, in the active language: what a
    person reads to know what they subscribe to."""
    filterset = _filterset(QueryDict(query))
    active = filterset.active()
    fields = filterset.form.fields
    described = []
    for name in PARAMETERS:
        value = active.get(name)
        if value in (None, "", [], ()):
            continue
        field = fields[name]
        labels = {str(k): v for k, v in getattr(field, "choices", ())}
        values = value if isinstance(value, list) else [value]
        if name == "q":
            described.append((_("Words searched"), _("“%(words)s”") % {"words": value}))
            continue
        shown = [str(labels.get(str(v), v)) for v in values]
        described.append((str(field.label), ", ".join(shown)))
    return described


def matching_ids(query: str):
    """The published practices the filter matches now (a bitmap of ids), from the
    catalogue's index; none when a value of the filter no longer exists (a territory
    removed…): the catalogue would ignore it and match more than was asked for."""
    catalogue = Catalogue(QueryDict(query), Practice.objects.none())
    if catalogue.filterset.form.errors:
        return EMPTY
    return catalogue.results.bits
