"""Facet links with counts, the one filter idiom of the portal's lists (the catalogue, the
directory): each value links to the current query with that value added or removed."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Organisation


def name_or_acronym(value: str) -> Q:
    """Organisations whose name or acronym contains ``value`` (any case)."""
    return Q(name__icontains=value) | Q(acronym__icontains=value)


class ToggleLinks:
    """The link of each facet value: the current query without its page number, with the
    value added (or, when chosen, removed). Gives what copying the QueryDict, changing
    it and ``urlencode()`` gives, without copying it for each of the ~200 values."""

    def __init__(self, params):
        self.params = [(key, values) for key, values in params.lists() if key != "page"]
        self._encoded = {}

    def _encode(self, key: str, value: str) -> str:
        pair = (key, value)
        if pair not in self._encoded:
            self._encoded[pair] = urlencode({key.encode(): value.encode()})
        return self._encoded[pair]

    def url(self, name: str, value: str, chosen: bool, *, multiple: bool) -> str:
        parts, present = [], False
        for key, values in self.params:
            if key == name:
                present = True
                if multiple:
                    others = [x for x in values if x != value]
                    values = others if chosen else [*others, value]
                elif chosen:
                    continue
                else:
                    values = [value]
            parts.extend(self._encode(key, v) for v in values)
        if not present and not chosen:
            parts.append(self._encode(name, value))
        return "?" + "&".join(parts)


# The directory's facets: (GET parameter, label, the field counted, several values at once)
DIRECTORY_FACETS = [
    ("sector", _("Sector"), "sector__code", True),
    ("kind", _("Kind"), "kind", False),
    ("country", _("Country"), "territory__country", False),
    ("territory", _("Territory"), "territory__slug", False),
]


def _conditions(cleaned) -> dict[str, Q]:
    """The directory's filters chosen (valid ones only), each as a condition."""
    conditions = {}
    if cleaned.get("q"):
        conditions["q"] = name_or_acronym(cleaned["q"])
    if cleaned.get("sector"):
        conditions["sector"] = Q(sector__code__in=[s.code for s in cleaned["sector"]])
    if cleaned.get("kind"):
        conditions["kind"] = Q(kind=cleaned["kind"])
    if cleaned.get("country"):
        conditions["country"] = Q(territory__country=cleaned["country"])
    if cleaned.get("territory"):
        conditions["territory"] = Q(territory__slug=cleaned["territory"].slug)
    return conditions


def directory_facets(params, filterset, queryset) -> tuple[list[dict], list[dict]]:
    """The directory's facets (each value with the number of organisations the directory
    would list if it were chosen, and the link that chooses or drops it) and the chips of
    the chosen filters. One query per facet, whatever the number of organisations."""
    cleaned = getattr(filterset.form, "cleaned_data", {})  # none without any filter
    conditions = _conditions(cleaned)
    chosen = {
        "sector": {s.code for s in cleaned.get("sector") or []},
        "kind": {cleaned["kind"]} if cleaned.get("kind") else set(),
        "country": {cleaned["country"]} if cleaned.get("country") else set(),
        "territory": {cleaned["territory"].slug} if cleaned.get("territory") else set(),
    }
    # Labels and places of chosen values that no organisation has under the other filters.
    chosen_sectors = {s.code: (s.position, s.name) for s in cleaned.get("sector") or []}
    territory = cleaned.get("territory")
    chosen_names = {territory.slug: territory.name} if territory else {}
    language = get_language() or "fr"
    other = "en" if language == "fr" else "fr"
    extra = {
        "sector": ["sector__position", "sector__name_" + language, "sector__name_" + other],
        "territory": ["territory__name"],
    }
    links = ToggleLinks(params)
    facets, chips = [], []
    if "q" in conditions:
        without_q = params.copy()
        without_q.pop("q", None)
        without_q.pop("page", None)
        chips.append(
            {"label": filterset.form.fields["q"].label, "value": cleaned["q"],
             "drop_url": "?" + without_q.urlencode()}
        )  # fmt: skip
    for name, label, field, multiple in DIRECTORY_FACETS:
        others = [condition for key, condition in conditions.items() if key != name]
        rows = (
            queryset.filter(*others)
            .order_by()
            .values(field, *extra.get(name, []))
            .annotate(n=Count("pk", distinct=True))
        )
        counts, labels, positions = {}, {}, {}
        for row in rows:
            counts[row[field]] = row["n"]
            if name == "sector":
                positions[row[field]] = row["sector__position"]
                labels[row[field]] = row[extra["sector"][1]] or row[extra["sector"][2]]
            elif name == "territory":
                labels[row[field]] = row["territory__name"]
        if name == "sector":
            for code, (position, sector_name) in chosen_sectors.items():
                positions.setdefault(code, position)
                labels.setdefault(code, sector_name)
            order = sorted(positions, key=lambda code: (positions[code], code))
        elif name == "kind":
            labels = dict(Organisation.Kind.choices)
            order = list(labels)
        else:
            if name == "country":
                labels = {code: countries.name(code) for code in set(counts) | chosen[name]}
            else:
                labels.update(chosen_names)
            order = sorted(set(counts) | chosen[name], key=lambda v: str(labels.get(v, v)))
        items = []
        for value in order:
            is_chosen = value in chosen[name]
            count = counts.get(value, 0)
            if not (count or is_chosen):
                continue
            item_label = labels.get(value) or value
            url = links.url(name, value, is_chosen, multiple=multiple)
            items.append(
                {"value": value, "label": item_label, "count": count, "chosen": is_chosen,
                 "url": url}
            )  # fmt: skip
            if is_chosen:
                chips.append({"label": label, "value": item_label, "drop_url": url})
        facets.append({"name": name, "label": label, "items": items})
    return facets, chips
