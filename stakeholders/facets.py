"""Facet links with counts, the one filter idiom of the portal's lists (the catalogue, the
directory): each value links to the current query with that value added or removed."""

from collections import OrderedDict
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from practices import cache as catalogue_cache

from .models import Organisation

# Counts (per filter combination) and cards each process keeps per catalogue version.
KEPT = 4096


def name_or_acronym(value: str) -> Q:
    """Organisations whose name or acronym contains ``value`` (any case)."""
    return Q(name__icontains=value) | Q(acronym__icontains=value)


class ToggleLinks:
    """The link of each facet value: the current query without its page number, with the
    value added (or, when chosen, removed). Gives what copying the QueryDict, changing
    it and ``urlencode()`` gives, without copying it for each of the ~200 values."""

    def __init__(self, params, only=None):
        """``params``: a QueryDict; ``only``: the names kept in the links (None: all but
        the page number)."""
        self.params = [
            (key, values)
            for key, values in params.lists()
            if key != "page" and (only is None or key in only)
        ]
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


def _condition_keys(cleaned) -> dict[str, tuple]:
    """The chosen filters, each as a hashable value (the key of the counts kept)."""
    keys = {}
    if cleaned.get("q"):
        keys["q"] = (cleaned["q"],)
    if cleaned.get("sector"):
        keys["sector"] = tuple(sorted(s.code for s in cleaned["sector"]))
    if cleaned.get("kind"):
        keys["kind"] = (cleaned["kind"],)
    if cleaned.get("country"):
        keys["country"] = (cleaned["country"],)
    if cleaned.get("territory"):
        keys["territory"] = (cleaned["territory"].slug,)
    return keys


def directory_memo() -> OrderedDict | None:
    """What the directory keeps for this catalogue version: organisations, sectors and
    territories write the catalogue's change log (practices.triggers), so nothing kept
    here is older than the directory. None inside a transaction: as for the page cache
    (practices.cache), only what was read from committed data is kept."""
    if connection.in_atomic_block or not connection.get_autocommit():
        return None
    return catalogue_cache.memoize("directory", OrderedDict)


def kept(memo, key, build):
    """``build()``'s value, kept in ``memo`` (the ``KEPT`` keys used last) if given."""
    return catalogue_cache.kept(memo, key, build, limit=KEPT)


def directory_count(filterset, memo) -> int:
    """The number of organisations the directory lists under these filters."""
    keys = _condition_keys(getattr(filterset.form, "cleaned_data", {}))
    return kept(memo, ("count", tuple(sorted(keys.items()))), filterset.qs.count)


def directory_facets(params, filterset, queryset, memo=None) -> tuple[list[dict], list[dict]]:
    """The directory's facets (each value with the number of organisations the directory
    would list if it were chosen, and the link that chooses or drops it) and the chips of
    the chosen filters. One query per facet, whatever the number of organisations, and
    none when the same filters were counted since the directory last changed."""
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
    keys = _condition_keys(cleaned)
    for name, label, field, multiple in DIRECTORY_FACETS:
        others = [condition for key, condition in conditions.items() if key != name]
        rows = kept(
            memo,
            (name, language, tuple(sorted((k, v) for k, v in keys.items() if k != name))),
            lambda others=others, name=name, field=field: list(
                queryset.filter(*others)
                .order_by()
                .values(field, *extra.get(name, []))
                .annotate(n=Count("pk", distinct=True))
            ),
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


def render_facets(facets) -> str:
    """The facets' links as HTML, written in Python (about 120 links: a template loop with
    a plural per link costs more than the rest of the page)."""
    chosen_text = escape(_("chosen, select to remove"))
    html = []
    for facet in facets:
        if not facet["items"]:
            continue
        name = escape(facet["name"])
        html.append(
            f'<section class="facet" aria-labelledby="facet-{name}">\n'
            f'      <h2 id="facet-{name}" class="facet-title">{escape(facet["label"])}</h2>\n'
            "      <ul>\n        "
        )
        for item in facet["items"]:
            swatch = (
                f'<span class="swatch sector-{escape(item["value"])}" aria-hidden="true"></span>'
                if facet["name"] == "sector"
                else ""
            )
            if item["chosen"]:
                current = ' aria-current="true" class="chosen"'
                count = f'<span class="visually-hidden">{chosen_text}</span>✓'
            else:
                current = ""
                n = item["count"]
                spoken = ngettext("%(counter)s organisation", "%(counter)s organisations", n)
                count = (
                    f'<span aria-hidden="true">{n}</span>'
                    f'<span class="visually-hidden">{escape(spoken % {"counter": n})}</span>'
                )
            html.append(
                f'<li><a href="{escape(item["url"])}"{current} rel="nofollow">'
                f'<span class="facet-label">{swatch}{escape(item["label"])}</span>'
                f'<span class="facet-count">{count}</span></a></li>\n        '
            )
        html.append("\n      </ul>\n    </section>\n    ")
    return mark_safe("".join(html))  # noqa: S308 (every value above is escaped)


def render_cards(organisations, memo=None) -> list[str]:
    """The directory's card of each organisation, in the page's language: written once
    per organisation and catalogue version (an organisation, its sector or territory
    changed writes the change log, see ``directory_memo``)."""
    language = get_language() or "fr"
    return [
        kept(memo, ("card", language, organisation.pk), lambda o=organisation: _card(o))
        for organisation in organisations
    ]


def _card(organisation) -> str:
    sector = organisation.sector
    acronym = (
        f' <abbr class="acronym">{escape(organisation.acronym)}</abbr>'
        if organisation.acronym
        else ""
    )
    return mark_safe(  # noqa: S308 (every value is escaped)
        f'<li class="card">\n        <h3><a href="{escape(organisation.get_absolute_url())}">'
        f"{escape(organisation.name)}</a>{acronym}</h3>\n"
        '        <p class="meta">\n'
        f'          <span class="badge sector-{escape(sector.code if sector else "")}">'
        f"{escape(sector.name if sector else '')}</span>\n"
        f"          <span>{escape(organisation.get_kind_display())}</span>\n"
        f"          {_territory_link(organisation.territory)}\n"
        "        </p>\n      </li>\n      "
    )


def _territory_link(territory) -> str:
    if territory is None:
        return "<span></span>"
    return f'<span><a href="{escape(territory.get_absolute_url())}">{escape(territory)}</a></span>'
