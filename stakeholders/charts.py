"""Bar charts drawn on the server as SVG, each with the table of its figures.

A chart is data (categories along the bottom, series of counts) and its geometry, computed
here in Python so that the template only places shapes: no client-side script, nothing the
CSP forbids (colours are SVG presentation attributes, not ``style``), and the same markup
in the browser, in print and in WeasyPrint's PDFs. Colour is never the only carrier: every
bar has its figure in a ``<title>``, the legend names each series, and the table beside the
chart holds every figure.

Grouped bars put the series side by side (a practice counted once per sector it involves
would overstate a stacked total); stacked bars are for series that add up (the sectors
present at a meeting).
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

# The plot's frame, in SVG user units (the SVG scales to the width of its container).
HEIGHT = 260
TOP = 16
BOTTOM = 44  # room for the category labels
LEFT = 44  # room for the axis figures
RIGHT = 12
MIN_BAND = 22  # the narrowest slot a category gets
MIN_WIDTH = 560
MAX_BAR = 28  # the widest a bar of grouped bars gets
TEXT = "#2b2b2b"
GRID = "#d8d8d8"

# Series colours (dark enough for 3:1 against white, WCAG 1.4.11); the sectors' colours
# are those of their badges (static/css/site.css, ".sector-*").
SECTOR_COLOURS = {
    "justice": "#3f3a8c",
    "police": "#1b4f9c",
    "medico-legal": "#9b1c31",
    "child-welfare": "#1e6232",
    "education": "#7a4600",
    "ngo": "#8a1b6b",
    "private": "#3d4852",
}
PALETTE = ("#0b4f60", "#a4461b", "#3f3a8c", "#1e6232", "#8a1b6b", "#7a4600", "#3d4852")


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str = ""


@dataclass
class Chart:
    """``values[(category key, series key)]`` over ``categories`` × ``series``.

    ``id`` makes the chart's element ids unique on its page; ``title`` names the chart
    (the table's caption too); ``summary`` says in one sentence what it shows;
    ``note`` is said under the chart; ``category_heading`` heads the table's first
    column; ``totals``, when given, is one figure per category for a last column
    (distinct practices, say, where the series overlap), headed ``totals_heading``.
    """

    id: str
    title: str
    summary: str
    category_heading: str
    categories: list[tuple[str, str]]
    series: list[Series]
    values: dict = field(default_factory=dict)
    stacked: bool = False
    totals: dict | None = None
    totals_heading: str = ""
    note: str = ""
    # Where the table of figures goes: in a <details> below the chart ("details"), shown
    # ("open": print and PDF), or nowhere because the page shows its own ("page").
    table: str = "details"
    # The top of the axis when the figures have a natural maximum (seven sectors).
    maximum: int | None = None

    def __post_init__(self):
        self.series = [
            s if s.colour else Series(s.key, s.label, PALETTE[i % len(PALETTE)])
            for i, s in enumerate(self.series)
        ]

    def value(self, category: str, series: str) -> int:
        return self.values.get((category, series), 0)

    @property
    def is_empty(self) -> bool:
        return not self.categories or not any(self.values.values())

    # ------------------------------------------------------------------ geometry

    @property
    def peak(self) -> int:
        """The highest bar (or stack)."""
        if self.stacked:
            sums = [sum(self.value(c, s.key) for s in self.series) for c, _ in self.categories]
        else:
            sums = [self.value(c, s.key) for c, _ in self.categories for s in self.series]
        return max(sums, default=0)

    @property
    def top(self) -> int:
        """Where the axis ends: the natural maximum if any, else a round number."""
        return self.maximum if self.maximum is not None else nice_ceiling(self.peak)

    @property
    def width(self) -> int:
        per_category = MIN_BAND if self.stacked else max(MIN_BAND, 8 * len(self.series) + 10)
        return max(MIN_WIDTH, LEFT + RIGHT + per_category * len(self.categories))

    @property
    def height(self) -> int:
        return HEIGHT

    def ticks(self) -> list[tuple[int, float]]:
        """The axis figures (round numbers from 0 to at least the peak) and their heights."""
        top = self.top
        step = nice_step(top)
        plot = HEIGHT - TOP - BOTTOM
        return [(n, HEIGHT - BOTTOM - plot * n / top) for n in range(0, top + 1, step)]

    def geometry(self) -> dict:
        """Every shape the template draws: bars (with their titles) and labels."""
        top = self.top
        plot_height = HEIGHT - TOP - BOTTOM
        base = HEIGHT - BOTTOM
        band = (self.width - LEFT - RIGHT) / max(len(self.categories), 1)
        # Category labels: every one when they fit, else every n-th (the table has all).
        label_every = max(1, -(-len(self.categories) * 56 // int(self.width - LEFT - RIGHT)))
        bars, labels = [], []
        for i, (key, label) in enumerate(self.categories):
            x0 = LEFT + i * band
            if i % label_every == 0:
                labels.append({"x": round(x0 + band / 2, 1), "y": base + 18, "text": label})
            if self.stacked:
                width = min(band * 0.7, MAX_BAR * 2)
                x = x0 + (band - width) / 2
                y = base
                for series in self.series:
                    n = self.value(key, series.key)
                    if not n:
                        continue
                    h = plot_height * n / top
                    y -= h
                    bars.append(_bar(x, y, width, h, series, label, n))
            else:
                inner = min(band * 0.8, MAX_BAR * len(self.series))
                width = inner / max(len(self.series), 1)
                for j, series in enumerate(self.series):
                    n = self.value(key, series.key)
                    if not n:
                        continue
                    h = plot_height * n / top
                    x = x0 + (band - inner) / 2 + j * width
                    bars.append(_bar(x, base - h, width, h, series, label, n))
        return {
            "bars": bars,
            "labels": labels,
            "ticks": [
                {"value": n, "y": round(y, 1), "text_y": round(y + 4, 1)} for n, y in self.ticks()
            ],
            "left": LEFT,
            "right": self.width - RIGHT,
            "base": base,
            "axis_x": LEFT - 6,
        }

    def rows(self) -> list[dict]:
        """The table: one row per category, one cell per series (and the total)."""
        return [
            {
                "label": label,
                "cells": [self.value(key, s.key) for s in self.series],
                "total": (self.totals or {}).get(key, 0) if self.totals is not None else None,
            }
            for key, label in self.categories
        ]

    def fingerprint(self) -> tuple:
        """Everything the drawing depends on (the same figures draw the same SVG)."""
        return (
            self.id, self.title, self.summary, self.category_heading, tuple(self.categories),
            tuple(self.series), tuple(sorted(self.values.items(), key=repr)), self.stacked,
            None if self.totals is None else tuple(sorted(self.totals.items(), key=repr)),
            self.totals_heading, self.note, self.table, self.maximum,
        )  # fmt: skip

    def render(self) -> SafeString:
        return rendered("includes/chart.html", self.fingerprint(), {"chart": self})


# Drawings kept by their content (a page with many charts draws each once per process, as
# long as its figures stay the same): the most recent RENDERED_KEPT of them.
RENDERED_KEPT = 512
_rendered: OrderedDict = OrderedDict()
_rendered_lock = threading.Lock()


def rendered(template: str, key: tuple, context: dict) -> SafeString:
    """``template`` rendered with ``context``, kept under ``key`` (which must hold every
    value the rendering reads) and the active language."""
    full_key = (template, key, translation.get_language())
    with _rendered_lock:
        html = _rendered.get(full_key)
        if html is not None:
            _rendered.move_to_end(full_key)
            return html
    html = mark_safe(render_to_string(template, context))  # noqa: S308 - a template's output
    with _rendered_lock:
        _rendered[full_key] = html
        while len(_rendered) > RENDERED_KEPT:
            _rendered.popitem(last=False)
    return html


def _bar(x, y, width, height, series, category_label, n) -> dict:
    return {
        "x": round(x, 1),
        "y": round(y, 1),
        "width": round(max(width - 1, 1), 1),
        "height": round(max(height, 1), 1),
        "fill": series.colour,
        "title": f"{category_label} – {series.label}: {n}",
    }


def nice_ceiling(peak: int) -> int:
    """The smallest round number ≥ ``peak`` an axis can end on (1, 2, 5, 10, 20, 50…)."""
    if peak <= 5:
        return max(peak, 1)
    magnitude = 1
    while magnitude * 10 < peak:
        magnitude *= 10
    for factor in (1, 2, 2.5, 5, 10):
        if magnitude * factor >= peak:
            return int(magnitude * factor)
    return magnitude * 10  # pragma: no cover - the loop above always returns


def nice_step(top: int) -> int:
    """An axis step that gives at most six figures up to ``top`` (at most eleven for a top
    that no round step divides, such as seven sectors)."""
    steps = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
    for most in (5, 10):
        for step in steps:
            if top % step == 0 and top / step <= most:
                return step
    step = 1
    while top / step > 5:
        step *= 10
    return step
