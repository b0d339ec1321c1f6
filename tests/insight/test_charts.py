"""The charts drawn on the server: their figures checked against the database, their bars
against their tables, the year and quarter boundaries in the portal's time zone, both
languages, and the Insight page that carries them."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from lanzarote import insight
from meetings import figures as meeting_figures
from meetings.models import ActionItem, AgendaItem, Decision, Meeting
from practices import cache as catalogue_cache
from practices import figures as practice_figures
from practices.models import Practice
from stakeholders import charts
from stakeholders.charts import Chart, Series
from tests.factories import PersonFactory

from .html import parse, table_rows
from .network import SECTORS, make_practice

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def at(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


# ---------------------------------------------------------------- the chart itself


@pytest.mark.parametrize(
    ("peak", "top", "step"),
    [(0, 1, 1), (1, 1, 1), (3, 3, 1), (5, 5, 1), (7, 10, 2), (12, 20, 5), (25, 25, 5),
     (26, 50, 10), (130, 200, 50), (999, 1000, 200), (2400, 2500, 500)],
)  # fmt: skip
def test_the_axis_ends_on_a_round_number_with_at_most_six_figures(peak, top, step):
    assert charts.nice_ceiling(peak) == top
    assert charts.nice_step(top) == step
    assert top // step + 1 <= 6


def two_series_chart(**kwargs):
    return Chart(
        id="t",
        title="Title",
        summary="Summary.",
        category_heading="Year",
        categories=[(2024, "2024"), (2025, "2025")],
        series=[Series("a", "First"), Series("b", "Second")],
        values={(2024, "a"): 4, (2024, "b"): 1, (2025, "b"): 8},
        **kwargs,
    )


def test_grouped_bars_are_as_high_as_their_figure():
    chart = two_series_chart()
    geometry = chart.geometry()
    heights = {bar["title"]: bar["height"] for bar in geometry["bars"]}
    # No bar for a zero; the axis runs to 10, the plot is HEIGHT - TOP - BOTTOM high.
    plot = charts.HEIGHT - charts.TOP - charts.BOTTOM
    assert heights == {
        "2024 – First: 4": pytest.approx(plot * 4 / 10, abs=0.1),
        "2024 – Second: 1": pytest.approx(plot * 1 / 10, abs=0.1),
        "2025 – Second: 8": pytest.approx(plot * 8 / 10, abs=0.1),
    }
    for bar in geometry["bars"]:
        assert bar["y"] + bar["height"] == pytest.approx(geometry["base"], abs=0.2)


def test_stacked_bars_add_up_and_sit_on_each_other():
    chart = two_series_chart(stacked=True)
    assert chart.peak == 8  # 2025: 0 + 8; 2024: 4 + 1
    bars = [b for b in chart.geometry()["bars"] if b["title"].startswith("2024")]
    first, second = bars
    assert second["y"] + second["height"] == pytest.approx(first["y"], abs=0.2)


def test_a_natural_maximum_fixes_the_axis():
    chart = two_series_chart(stacked=True, maximum=7)
    assert [value for value, _y in chart.ticks()][-1] == 7


def test_the_table_holds_every_figure_and_the_totals():
    chart = two_series_chart(totals={2024: 4, 2025: 8}, totals_heading="Practices")
    assert chart.rows() == [
        {"label": "2024", "cells": [4, 1], "total": 4},
        {"label": "2025", "cells": [0, 8], "total": 8},
    ]


def test_an_empty_chart_says_so_and_draws_nothing():
    chart = Chart(
        id="e", title="Empty", summary="", category_heading="Year", categories=[], series=[]
    )
    with translation.override("en"):
        html = chart.render()
    assert "<svg" not in html
    assert "Nothing to show yet." in html


def test_many_categories_widen_the_chart_and_thin_the_labels():
    chart = Chart(
        id="m",
        title="Many",
        summary="",
        category_heading="Meeting",
        categories=[(i, f"{i:02d}/01/2026") for i in range(40)],
        series=[Series("a", "A")],
        values={(i, "a"): 1 for i in range(40)},
    )
    geometry = chart.geometry()
    assert chart.width > charts.MIN_WIDTH
    assert len(geometry["bars"]) == 40
    # Labels never overlap (each gets at least 56 units); the table has every one.
    xs = [label["x"] for label in geometry["labels"]]
    assert all(b - a >= 56 for a, b in zip(xs, xs[1:], strict=False))
    assert len(chart.rows()) == 40


def test_text_in_the_chart_is_escaped():
    chart = two_series_chart()
    chart.title = "<script>alert(1)</script>"
    chart.series = [Series("a", "<b>x</b>", "#000000"), Series("b", "y", "#111111")]
    html = chart.render()
    assert "<script>" not in html
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


# ---------------------------------------------------------------- practices per year


@pytest.fixture
def yearly(db):
    """Published practices across three years (one on the night of New Year in Paris), and
    practices in other states that never count."""
    made = {}
    rows = [
        ("a", at(2024, 3, 1), ["justice", "police"]),
        ("b", at(2024, 11, 5), ["justice"]),
        # 23:30 UTC on 31 December 2024 is already 2025 in Paris.
        ("c", datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC), ["ngo", "police"]),
        ("d", at(2025, 6, 1), ["ngo"]),
        ("e", at(2026, 1, 1, 0, 5), ["education", "justice", "ngo"]),
    ]
    for key, published_at, sectors in rows:
        made[key] = make_practice(slug=f"yearly-{key}", published_at=published_at, sectors=sectors)
    make_practice(
        slug="yearly-draft", status=Practice.Status.DRAFT, published_at=None, sectors=["justice"]
    )
    make_practice(
        slug="yearly-archived",
        status=Practice.Status.ARCHIVED,
        published_at=at(2025, 2, 2),
        sectors=["justice"],
    )
    catalogue_cache.current()
    return made


def by_database(year, code=None):
    start, end = at(year, 1, 1, 0), at(year + 1, 1, 1, 0)
    queryset = Practice.objects.published().filter(published_at__gte=start, published_at__lt=end)
    if code:
        queryset = queryset.filter(sectors__code=code)
    return queryset.distinct().count()


def test_practices_per_year_and_sector_match_the_database(yearly):
    figures = practice_figures.per_year_by_sector()
    assert figures["years"] == [2024, 2025, 2026]
    for year in figures["years"]:
        assert figures["totals"][year] == by_database(year)
        for code in SECTORS:
            assert figures["counts"].get((year, code), 0) == by_database(year, code), (year, code)
    assert figures["totals"] == {2024: 2, 2025: 2, 2026: 1}
    assert figures["counts"][(2025, "police")] == 1  # the New Year's Eve practice


def test_practices_per_year_follow_the_scope_and_the_years_asked(yearly):
    within = insight.Scope(country=yearly["a"].territory.country.code).practices(
        catalogue_cache.current().index
    )
    figures = practice_figures.per_year_by_sector(within, years=(2023, 2026))
    assert figures["years"] == [2023, 2024, 2025, 2026]
    assert figures["totals"][2023] == 0
    assert sum(figures["totals"].values()) == len(within)


def test_a_practice_published_later_moves_to_its_year(yearly):
    practice = yearly["b"]
    Practice.objects.filter(pk=practice.pk).update(published_at=at(2026, 5, 5))
    figures = practice_figures.per_year_by_sector()
    assert figures["totals"] == {2024: 1, 2025: 2, 2026: 2}


# ---------------------------------------------------------------- decisions per quarter


@pytest.fixture
def activity(network):
    """Decisions and action items of the Paris group across quarters, and noise: a
    planned meeting's decision, an open action, another group's decision."""
    group = network.groups["paris"]
    owner = PersonFactory(organisation=network.organisations["tribunal"])

    def meeting(starts, status=Meeting.Status.HELD, on=group):
        return Meeting.objects.create(
            group=on,
            title="M",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            status=status,
        )

    q1 = meeting(at(2026, 2, 10))
    # 22:30 UTC on 31 March is 00:30 on 1 April in Paris (summer time): the second quarter.
    q2 = meeting(datetime.datetime(2026, 3, 31, 22, 30, tzinfo=datetime.UTC))
    planned = meeting(at(2026, 5, 1), Meeting.Status.PLANNED)
    other = meeting(at(2026, 2, 10), on=network.groups["belgium"])
    for m, n in ((q1, 2), (q2, 3), (planned, 1), (other, 4)):
        item = AgendaItem.objects.create(meeting=m, title="Item", position=1)
        for i in range(n):
            Decision.objects.create(meeting=m, agenda_item=item, text=f"Decision {i}")

    def action(m, status, completed_on=None):
        return ActionItem.objects.create(
            meeting=m,
            title="A",
            owner=owner,
            owner_organisation=owner.organisation,
            status=status,
            completed_on=completed_on,
        )

    done = ActionItem.Status.DONE
    action(q1, done, datetime.date(2026, 3, 31))
    action(q1, done, datetime.date(2026, 4, 1))
    action(q2, done, datetime.date(2026, 7, 15))
    action(q2, ActionItem.Status.OPEN)
    action(other, done, datetime.date(2026, 2, 20))
    return group


def test_decisions_and_completed_actions_per_quarter(activity):
    figures = meeting_figures.activity_per_quarter(
        [activity], since=datetime.date(2026, 1, 1), until=datetime.date(2027, 1, 1)
    )
    q = [datetime.date(2026, m, 1) for m in (1, 4, 7, 10)]
    assert figures["quarters"] == q
    D, A = meeting_figures.DECISIONS, meeting_figures.ACTIONS_DONE
    assert figures["counts"] == {
        (q[0], D): 2,
        (q[1], D): 3,
        (q[0], A): 1,
        (q[1], A): 1,
        (q[2], A): 1,
    }
    # Against the database, quarter by quarter.
    for start in q:
        end = datetime.date(start.year + (start.month + 3) // 13, (start.month + 2) % 12 + 1, 1)
        decisions = Decision.objects.filter(
            meeting__group=activity,
            meeting__status=Meeting.Status.HELD,
            meeting__starts_at__gte=datetime.datetime.combine(start, datetime.time(), PARIS),
            meeting__starts_at__lt=datetime.datetime.combine(end, datetime.time(), PARIS),
        ).count()
        completed = ActionItem.objects.filter(
            meeting__group=activity,
            status=ActionItem.Status.DONE,
            completed_on__gte=start,
            completed_on__lt=end,
        ).count()
        assert figures["counts"].get((start, D), 0) == decisions, start
        assert figures["counts"].get((start, A), 0) == completed, start


def test_the_quarters_run_to_today_and_cover_at_least_a_year(activity):
    figures = meeting_figures.activity_per_quarter([activity])
    quarters = figures["quarters"]
    assert quarters[0] == datetime.date(2026, 1, 1)
    assert quarters[-1] == meeting_figures.quarter_start(timezone.localdate())
    assert len(quarters) >= 4
    assert meeting_figures.activity_per_quarter([activity], last=2)["quarters"] == quarters[-2:]


@pytest.mark.parametrize(("language", "label"), [("en", "Q2 2026"), ("fr", "T2 2026")])
def test_quarters_are_named_in_the_reader_s_language(language, label):
    with translation.override(language):
        assert meeting_figures.quarter_label(datetime.date(2026, 4, 1)) == label


# ---------------------------------------------------------------- the Insight page


def chart_figures(doc, chart_id):
    """{(category label, series label): figure} read from a chart's bars, and the same read
    from its table."""
    figure = doc.find("figure", id=chart_id)
    assert figure is not None, chart_id
    drawn = {}
    for rect in figure.find("g", cls="chart-bars").find_all("rect"):
        match = re.fullmatch(r"(.+) – (.+): (\d+)", rect.find("title").text())
        drawn[(match[1], match[2])] = int(match[3])
    table = None
    for candidate in doc.find_all("table", cls="chart-table"):
        if candidate.find("caption").attrs.get("id") == f"{chart_id}-caption":
            table = candidate
    headings = [th.text() for th in table.find("thead").find_all("th")][1:]
    tabled = {}
    for row in table_rows(table):
        label = row.find("th").text()
        for heading, cell in zip(headings, row.find_all("td"), strict=False):
            if int(cell.text()):
                tabled[(label, heading)] = int(cell.text())
    return drawn, tabled


@pytest.mark.parametrize("language", ["en", "fr"])
def test_insight_draws_the_practices_per_year_as_its_table_says(client, yearly, language):
    response = client.get(f"/{language}/insight/")
    assert response.status_code == 200
    drawn, tabled = chart_figures(parse(response.content), "practices-per-year")
    totals_heading = "Practices published" if language == "en" else "Pratiques publiées"
    sectors_only = {k: v for k, v in tabled.items() if k[1] != totals_heading}
    assert drawn == sectors_only
    assert tabled[("2024", totals_heading)] == 2
    assert len(drawn) == sum(
        1 for year in (2024, 2025, 2026) for code in SECTORS if by_database(year, code)
    )


def test_insight_draws_the_quarterly_activity_and_the_presence(
    client, network_with_meetings, activity
):
    response = client.get("/en/insight/?territory=paris")
    doc = parse(response.content)
    drawn, tabled = chart_figures(doc, "activity-per-quarter")
    assert drawn == tabled
    assert drawn[("Q1 2026", "Decisions recorded")] == 2
    assert drawn[("Q2 2026", "Decisions recorded")] == 3
    assert drawn[("Q3 2026", "Action items completed")] == 1
    presence = doc.find("figure", id=f"presence-chart-{activity.pk}")
    assert presence is not None
    # One block per sector present: the bars' figures are all 1.
    blocks = presence.find("g", cls="chart-bars").find_all("rect")
    assert blocks and all(rect.find("title").text().endswith(": 1") for rect in blocks)


def test_presence_chart_has_one_block_per_sector_present(network_with_meetings):
    data = meeting_figures.presence([network_with_meetings.groups["paris"]])
    group, rows = data["groups"][0]
    with translation.override("en"):
        chart = meeting_figures.presence_chart(group, rows, data["sectors"])
        names = {s.code: s.name for s in data["sectors"]}
        titles = sorted(bar["title"].split(" – ", 1)[1] for bar in chart.geometry()["bars"])
    expected = sorted(f"{names[code]}: 1" for code in ("justice", "police", "ngo", "medico-legal"))
    assert titles == expected
    assert chart.top == 7


def test_the_charts_need_no_script_and_no_inline_style(client, yearly):
    html = client.get("/en/insight/").content.decode()
    for chart in re.findall(r'<figure class="chart".*?</figure>', html, re.S):
        assert "<script" not in chart
        assert "style=" not in chart
        assert 'role="img"' in chart or "Nothing to show yet." in chart
    assert html.count('role="img"') >= 1


def test_insight_lists_a_group_s_latest_meetings_and_says_how_many_it_held(client, network):
    group = network.groups["paris"]
    start = at(2024, 1, 10)
    for n in range(meeting_figures.PRESENCE_CHART_MEETINGS + 3):
        starts = start + datetime.timedelta(days=30 * n)
        Meeting.objects.create(
            group=group,
            title=f"Réunion {n}",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            status=Meeting.Status.HELD,
        )
    data = meeting_figures.presence([group], latest=meeting_figures.PRESENCE_CHART_MEETINGS)
    rows = data["groups"][0][1]
    assert [m.title for m, _marks, _n in rows] == [
        f"Réunion {n}" for n in range(3, meeting_figures.PRESENCE_CHART_MEETINGS + 3)
    ]
    assert data["held"] == {group.pk: meeting_figures.PRESENCE_CHART_MEETINGS + 3}
    doc = parse(client.get("/en/insight/?territory=paris").content)
    table = doc.find("caption", id=f"insight-presence-{group.pk}-caption").parent
    assert len(table_rows(table)) == meeting_figures.PRESENCE_CHART_MEETINGS
    assert "The latest 12 of its 15 meetings" in doc.text()


def test_a_drawing_is_made_once_per_content_and_language(monkeypatch):
    """Charts and presence tables are kept by what they show: the same figures are not
    drawn again, other figures or another language are, and only the latest are kept."""
    calls = []
    monkeypatch.setattr(charts, "_rendered", charts.OrderedDict())
    monkeypatch.setattr(charts, "RENDERED_KEPT", 2)
    monkeypatch.setattr(
        charts, "render_to_string", lambda template, context: calls.append(context) or "x"
    )
    chart = two_series_chart()
    with translation.override("en"):
        chart.render()
        chart.render()
        assert len(calls) == 1
        chart.values[(2025, "a")] = 3
        chart.render()
        assert len(calls) == 2
    with translation.override("fr"):
        chart.render()
        assert len(calls) == 3
    assert len(charts._rendered) == 2
