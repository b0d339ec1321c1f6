"""The network on a map of Europe: the Council of Europe's member states, coloured by the
published practices, the working groups or the public protocols in force in each.

The country shapes come from the SVG file that pygal-maps-world ships (only the file: none
of pygal's code or JavaScript), read once per process and simplified (absolute points
rounded to a tenth of a unit, points closer than that to the previous one dropped), so the
map weighs tens of kilobytes, not the file's megabyte. The figures come from one place,
``country_figures``: the practices from the catalogue index (no query), the groups and the
protocols (``protocols.rules.public``: what anyone may see) in one query each, computed
once per state of the catalogue and of the network's activity (practices.cache). The
rendered fragment is kept in memory for the same layer, language and figures.
"""

import re
import unicodedata
import xml.etree.ElementTree as ET  # noqa: S405 - a file of a trusted installed package
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from urllib.parse import urlencode

from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries import countries

from practices import cache as catalogue_cache

# The 46 member states of the Council of Europe (2026), ISO 3166-1 alpha-2.
MEMBERS = {
    "AL": "Albania",
    "AD": "Andorra",
    "AM": "Armenia",
    "AT": "Austria",
    "AZ": "Azerbaijan",
    "BE": "Belgium",
    "BA": "Bosnia and Herzegovina",
    "BG": "Bulgaria",
    "HR": "Croatia",
    "CY": "Cyprus",
    "CZ": "Czechia",
    "DK": "Denmark",
    "EE": "Estonia",
    "FI": "Finland",
    "FR": "France",
    "GE": "Georgia",
    "DE": "Germany",
    "GR": "Greece",
    "HU": "Hungary",
    "IS": "Iceland",
    "IE": "Ireland",
    "IT": "Italy",
    "LV": "Latvia",
    "LI": "Liechtenstein",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "MT": "Malta",
    "MD": "Republic of Moldova",
    "MC": "Monaco",
    "ME": "Montenegro",
    "NL": "Netherlands",
    "MK": "North Macedonia",
    "NO": "Norway",
    "PL": "Poland",
    "PT": "Portugal",
    "RO": "Romania",
    "SM": "San Marino",
    "RS": "Serbia",
    "SK": "Slovak Republic",
    "SI": "Slovenia",
    "ES": "Spain",
    "SE": "Sweden",
    "CH": "Switzerland",
    "TR": "Türkiye",
    "UA": "Ukraine",
    "GB": "United Kingdom",
}

# Drawn in grey around the members, for context only.
NEIGHBOURS = (
    "BY", "RU", "XK", "KZ", "MA", "DZ", "TN", "LY", "EG", "SY", "IQ", "IR", "LB", "IL",
    "PS", "JO", "SA", "SJ", "FO", "VA", "GI", "IM", "JE", "GG",
)  # fmt: skip

# Too small to see: drawn as the file's marker (a dot) beside their shape.
MICROSTATES = ("AD", "LI", "MC", "MT", "SM")

SVG_NS = "{http://www.w3.org/2000/svg}"
MARGIN = 10  # around the members' shapes, in the file's units
TOLERANCE = 0.6  # points closer than this to the previous one are dropped

PRACTICES, GROUPS, PROTOCOLS = "practices", "groups", "protocols"
LAYERS = {
    PRACTICES: gettext_lazy("Published practices"),
    GROUPS: gettext_lazy("Working groups"),
    PROTOCOLS: gettext_lazy("Public protocols in force"),
}


def layer_from(params) -> str:
    """The layer asked for with ``?map=``; anything else gives the practices."""
    value = params.get("map")
    return value if value in LAYERS else PRACTICES


# ------------------------------------------------------------------ shapes


@dataclass(frozen=True)
class Shape:
    code: str
    d: str  # simplified path data, absolute coordinates
    marker: tuple | None = None  # (cx, cy, r) of a microstate's dot


@dataclass(frozen=True)
class Shapes:
    members: dict
    neighbours: dict
    view_box: str
    width: float
    height: float


_TOKEN = re.compile(r"[MmLlHhVvCcZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARITY = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "z": 0}


def _subpaths(d: str) -> list[list[tuple[float, float]]]:
    """The absolute points of each subpath (curves by their end points: the map is small
    enough for straight segments). The file uses m, l, h, v, c and z, relative or not."""
    tokens = _TOKEN.findall(d)
    result, points = [], []
    x = y = start_x = start_y = 0.0
    command, i = None, 0
    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            command, i = token, i + 1
            if command in "zZ":
                if points:
                    result.append(points)
                points, x, y = [], start_x, start_y
            continue
        lower = command.lower()
        arity = _ARITY[lower]
        args = [float(t) for t in tokens[i : i + arity]]
        i += arity
        relative = command.islower()
        if lower in "ml":
            nx, ny = (x + args[0], y + args[1]) if relative else args
            if lower == "m":
                if points:
                    result.append(points)
                points, start_x, start_y = [], nx, ny
                command = "l" if relative else "L"  # further pairs are lines
        elif lower == "h":
            nx, ny = (x + args[0] if relative else args[0]), y
        elif lower == "v":
            nx, ny = x, (y + args[0] if relative else args[0])
        else:  # c: the end point
            nx, ny = (x + args[4], y + args[5]) if relative else (args[4], args[5])
        x, y = nx, ny
        points.append((x, y))
    if points:
        result.append(points)
    return result


def _area(points) -> float:
    """The area of a subpath's bounding box."""
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def _simplified(subpaths, tolerance=TOLERANCE) -> str:
    parts = []
    for points in subpaths:
        kept = [points[0]]
        for point in points[1:]:
            last = kept[-1]
            if abs(point[0] - last[0]) + abs(point[1] - last[1]) >= tolerance:
                kept.append(point)
        if len(kept) < 3:
            continue  # an islet smaller than the tolerance
        parts.append("M" + "L".join(f"{round(px, 1):g},{round(py, 1):g}" for px, py in kept) + "Z")
    return "".join(parts)


@cache
def shapes() -> Shapes:
    """The members' and neighbours' shapes and the members' frame (once per process)."""
    source = resources.files("pygal_maps_world").joinpath("worldmap.svg")
    with source.open("rb") as handle:
        root = ET.parse(handle).getroot()  # noqa: S314 - a trusted package file
    wanted = {code.lower() for code in [*MEMBERS, *NEIGHBOURS]}
    found = {}
    for group in root.iter(f"{SVG_NS}g"):
        classes = group.get("class", "").split()
        if "country" not in classes or classes[0] not in wanted:
            continue
        code = classes[0].upper()
        subpaths = [
            points for path in group.iter(f"{SVG_NS}path") for points in _subpaths(path.get("d"))
        ]
        circle = group.find(f"{SVG_NS}circle")
        marker = None
        if code in MICROSTATES and circle is not None:
            marker = (float(circle.get("cx")), float(circle.get("cy")), 4)
        found[code] = (subpaths, marker)
    # The frame: each member's largest piece of land (far islands, the Azores or the
    # Canaries, would leave most of the map empty).
    points = [
        point
        for code, (subpaths, _marker) in found.items()
        if code in MEMBERS
        for point in max(subpaths, key=_area)
    ]
    left = min(x for x, _y in points) - MARGIN
    top = min(y for _x, y in points) - MARGIN
    right = max(x for x, _y in points) + MARGIN
    bottom = max(y for _x, y in points) + MARGIN

    def inside(subpath) -> bool:
        return any(left <= x <= right and top <= y <= bottom for x, y in subpath)

    members, neighbours = {}, {}
    for code, (subpaths, marker) in found.items():
        if code in MEMBERS:
            members[code] = Shape(code, _simplified(subpaths), marker)
        else:  # only what shows in the frame, and coarser: context only
            kept = [subpath for subpath in subpaths if inside(subpath)]
            neighbours[code] = Shape(code, _simplified(kept, 4 * TOLERANCE), marker)
    width, height = right - left, bottom - top
    view_box = f"{left:.0f} {top:.0f} {width:.0f} {height:.0f}"
    return Shapes(members, neighbours, view_box, round(width), round(height))


# ------------------------------------------------------------------ figures


@dataclass(frozen=True)
class CountryFigures:
    """One country's figures (None: not asked for) and the slug of its whole-country
    territory page, if there is one."""

    code: str
    name: str
    member: bool
    practices: int
    groups: int | None = None
    protocols: int | None = None
    territory: str = ""


def practice_counts() -> dict:
    """Country code → published practices, from the catalogue index (no query)."""
    state = catalogue_cache.current()
    return state.memo(
        "network-map-practices",
        lambda: {code: len(bits) for code, bits in state.index.bitmaps["country"].items()},
    )


def group_counts() -> dict:
    """Country code → (working groups, slug of the whole-country territory or ""): one query,
    once per catalogue state (working groups and territories are in its change log)."""
    return catalogue_cache.memoize("network-map-groups", _group_counts)


def _group_counts() -> dict:
    from stakeholders.models import Territory

    rows = (
        Territory.objects.order_by()
        .values("country")
        .annotate(groups=Count("working_groups"), page=Max("slug", filter=Q(name="")))
    )
    return {row["country"]: (row["groups"], row["page"] or "") for row in rows}


def protocol_counts() -> dict:
    """Country code → public protocols in force (never one for members only): one query,
    once per state of the network's activity (protocols.triggers)."""
    return catalogue_cache.memoize("network-map-protocols", _protocol_counts, activity=True)


def _protocol_counts() -> dict:
    from protocols import rules
    from protocols.models import Protocol

    rows = (
        rules.public(Protocol.objects.in_force())
        .order_by()
        .values("territory__country")
        .annotate(n=Count("pk"))
    )
    return {row["territory__country"]: row["n"] for row in rows}


def sort_key(name: str) -> str:
    """Names in alphabetical order whatever their accents (Österreich with the Os)."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).casefold()


def country_figures(layers=tuple(LAYERS)) -> list[CountryFigures]:
    """The member states, and any other country with a figure, sorted by their name in the
    current language; the groups and protocols only when their layer is asked for (a query
    each, once per state: ``group_counts``, ``protocol_counts``). Computed once per state of
    the catalogue (and of the network's activity with the protocols), layers and language."""
    layers = tuple(layers)
    return catalogue_cache.memoize(
        ("network-map-figures", layers, translation.get_language()),
        lambda: _country_figures(layers),
        activity=PROTOCOLS in layers,
    )


def _country_figures(layers) -> list[CountryFigures]:
    practices = practice_counts()
    groups = group_counts() if GROUPS in layers else None
    protocols = protocol_counts() if PROTOCOLS in layers else None
    codes = set(MEMBERS) | {code for code, n in practices.items() if n}
    if groups is not None:
        codes |= {code for code, (n, _page) in groups.items() if n}
    if protocols is not None:
        codes |= {code for code, n in protocols.items() if n}
    rows = []
    for code in codes:
        n_groups, page = groups.get(code, (0, "")) if groups is not None else (None, "")
        rows.append(
            CountryFigures(
                code=code,
                name=countries.name(code) or code,
                member=code in MEMBERS,
                practices=practices.get(code, 0),
                groups=n_groups,
                protocols=protocols.get(code, 0) if protocols is not None else None,
                territory=page,
            )
        )
    rows.sort(key=lambda row: sort_key(row.name))
    return rows


# ------------------------------------------------------------------ levels and rendering


def level_bounds(values) -> dict[int, int]:
    """{level: the highest value of that level}: the distinct non-zero values spread over
    levels 1 to 4 by rank, the highest always on level 4 (a level may stay empty)."""
    found = sorted({v for v in values if v})
    bounds = {}
    for rank, value in enumerate(found):
        bounds[4 - 4 * (len(found) - 1 - rank) // len(found)] = value
    return bounds


# The fill of each level, as SVG presentation attributes too (static/css/site.css has the
# same in ``.map-level-*``): WeasyPrint's PDFs (the yearly reports) draw the SVG without
# the page's CSS ``fill``, and the CSP forbids a ``style`` attribute.
LEVEL_FILLS = {0: "#fdfcfa", 1: "#c9e0e5", 2: "#86b5c0", 3: "#3f8797", 4: "#0b4f60"}


def level(value: int, bounds: dict[int, int]) -> int:
    """0 (none) to 4 (the most)."""
    if not value:
        return 0
    return min((n for n, high in bounds.items() if value <= high), default=4)


def legend(bounds: dict[int, int]) -> list[tuple[int, str]]:
    """(level, words) for each level that some value has."""
    entries = [(0, "0")]
    low = 1
    for number, high in sorted(bounds.items()):
        if high == low:
            entries.append((number, str(low)))
        else:
            entries.append((number, _("%(low)s to %(high)s") % {"low": low, "high": high}))
        low = high + 1
    return entries


def value_of(row: CountryFigures, layer: str) -> int:
    return getattr(row, layer) or 0


def describe(row: CountryFigures, layer: str) -> str:
    """The words of a figure: "France: 12 published practices"."""
    n = value_of(row, layer)
    if layer == GROUPS:
        text = ngettext("%(count)s working group", "%(count)s working groups", n)
    elif layer == PROTOCOLS:
        text = ngettext(
            "%(count)s public protocol in force", "%(count)s public protocols in force", n
        )
    else:
        text = ngettext("%(count)s published practice", "%(count)s published practices", n)
    return _("%(country)s: %(figure)s") % {
        "country": row.name,
        "figure": text % {"count": n},
    }


def links(row: CountryFigures) -> dict:
    """The page behind each of ``row``'s figures."""
    country = urlencode({"country": row.code})
    if row.territory:
        groups = reverse("territories:detail", args=[row.territory])
    else:
        groups = f"{reverse('territories:list')}#country-{row.code}-heading"
    return {
        PRACTICES: f"{reverse('practices:list')}?{country}",
        GROUPS: groups,
        PROTOCOLS: f"{reverse('protocols:list')}?{country}&status=in-force",
    }


def render(rows, layer: str = PRACTICES, *, small: bool = False) -> str:
    """The map, its legend and its data table, as HTML (kept for the same figures)."""
    return _render(tuple(rows), layer, small, translation.get_language())


@lru_cache(maxsize=64)
def _render(rows: tuple, layer: str, small: bool, language: str) -> str:
    with translation.override(language):
        frame = shapes()
        bounds = level_bounds(value_of(row, layer) for row in rows)
        countries_ = []
        for row in rows:
            shape = frame.members.get(row.code) or (
                frame.neighbours.get(row.code) if value_of(row, layer) else None
            )
            urls = links(row)
            countries_.append(
                {
                    "row": row,
                    "shape": shape,
                    "level": level(value_of(row, layer), bounds),
                    "fill": LEVEL_FILLS[level(value_of(row, layer), bounds)],
                    "title": describe(row, layer),
                    "links": urls,
                    "href": urls[layer],
                }
            )
        drawn = {item["row"].code for item in countries_ if item["shape"]}
        context = {
            "shapes": frame,
            "context_shapes": [s for c, s in frame.neighbours.items() if c not in drawn],
            "countries": countries_,
            "mapped": [item for item in countries_ if item["shape"]],
            "layer": layer,
            "layer_label": LAYERS[layer],
            "legend": legend(bounds),
            "small": small,
            "show_groups": rows[0].groups is not None if rows else False,
            "show_protocols": rows[0].protocols is not None if rows else False,
            "id": "home-map" if small else "network-map",
        }
        return render_to_string("includes/network_map.html", context)


def layer_links(params, current: str) -> list[dict]:
    """The layer switch: a plain link per layer, keeping the page's other parameters."""
    result = []
    for key, label in LAYERS.items():
        query = [(k, v) for k, v in params.items() if k != "map"]
        if key != PRACTICES:
            query.append(("map", key))
        result.append(
            {
                "key": key,
                "label": label,
                "url": f"?{urlencode(query)}#map-heading" if query else "?#map-heading",
                "current": key == current,
            }
        )
    return result
