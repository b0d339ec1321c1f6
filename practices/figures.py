"""Figures over the published catalogue that pages draw as charts (Insight, yearly reports).

They come from the catalogue index (``practices.index``): bitmap intersections, no query
once the index is built, computed once per catalogue state and scope.
"""

from django.utils.translation import gettext as _

from stakeholders.charts import SECTOR_COLOURS, Chart, Series

from . import cache


def per_year_by_sector(within=None, *, years: tuple[int, int] | None = None, index=None) -> dict:
    """Published practices by year of publication and sector, within the bitmap ``within``
    (every published practice if None), for the years ``(first, last)`` (every year with a
    publication if None).

    ``counts[(year, sector code)]`` counts a practice once for each sector it involves;
    ``totals[year]`` counts each practice once. ``index``: the catalogue index to read
    (the current one if None; give the one a memo is kept on).
    """
    index = index or cache.current().index
    by_year = index.by_year()
    chosen = sorted(by_year) if years is None else list(range(years[0], years[1] + 1))
    sectors = index.vocabularies["sectors"]
    counts, totals = {}, {}
    for year in chosen:
        bits = by_year.get(year)
        if bits is None:
            totals[year] = 0
            continue
        if within is not None:
            bits = bits & within
        totals[year] = len(bits)
        for sector in sectors:
            sector_bits = index.bitmaps["sector"].get(sector.code)
            if sector_bits is not None:
                n = bits.intersection_cardinality(sector_bits)
                if n:
                    counts[(year, sector.code)] = n
    return {"years": chosen, "sectors": sectors, "counts": counts, "totals": totals}


def per_year_chart(
    figures: dict, *, id: str = "practices-per-year", title: str = "", summary: str = ""
) -> Chart:
    """``per_year_by_sector``'s figures as grouped bars: one bar per sector each year."""
    return Chart(
        id=id,
        title=title or _("Practices published per year, by sector"),
        summary=summary
        or _(
            "For each year, the number of practices published that involve each sector; a "
            "practice involving several sectors counts for each of them."
        ),
        category_heading=_("Year"),
        categories=[(year, str(year)) for year in figures["years"]],
        series=[Series(s.code, s.name, SECTOR_COLOURS.get(s.code, "")) for s in figures["sectors"]],
        values=figures["counts"],
        totals=figures["totals"],
        totals_heading=_("Practices published"),
    )
