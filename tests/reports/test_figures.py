"""Each section of the report against the database: the year's work, none of the noise."""

from datetime import timedelta

import pytest
from django.utils import formats, timezone

from meetings import figures as meeting_figures
from meetings.models import Attendance, Decision, Meeting
from practices.models import Practice
from reports import figures
from stakeholders.models import Organisation, Sector

pytestmark = pytest.mark.django_db


def test_the_years_run_from_the_founding_or_first_meeting_to_this_year(report_year):
    years = figures.report_years(report_year.group)
    assert years[0] == report_year.year - 1
    assert years[-1] == timezone.localdate().year


def test_a_group_without_meeting_nor_founding_date_has_this_year_only(other_group):
    Meeting.objects.filter(group=other_group).delete()
    assert list(figures.report_years(other_group)) == [timezone.localdate().year]


def test_a_year_is_a_calendar_year_in_the_portal_time_zone():
    since, until = figures.year_bounds(2025)
    assert (since.year, since.month, since.day, since.hour) == (2025, 1, 1, 0)
    assert str(since.tzinfo) == "Europe/Paris"
    assert until - since == timedelta(days=365)


def test_organisations_by_sector_and_kind(report_year, coordinator):
    result = figures.organisations(report_year.group)
    expected = set(report_year.group.organisations.values_list("name", flat=True))
    by_sector = {row.label: {o.name for o in row.organisations} for row in result["by_sector"]}
    by_kind = {row.label: {o.name for o in row.organisations} for row in result["by_kind"]}
    assert result["total"] == len(expected)
    assert set().union(*by_sector.values()) == expected
    assert set().union(*by_kind.values()) == expected
    assert "Brigade des mineurs" in by_sector[Sector.objects.get(code="police").name]
    assert "Brigade des mineurs" in by_kind[str(Organisation.Kind.PUBLIC.label)]
    assert "Association Enfance" in by_kind[str(Organisation.Kind.CIVIL_SOCIETY.label)]


def test_meetings_held_in_the_year_with_sector_presence_and_modes(report_year):
    result = figures.meetings(report_year.group, report_year.year)
    assert result["count"] == 2
    assert [row.starts_at for row in result["rows"]] == [m.starts_at for m in report_year.meetings]
    codes = [s.code for s in result["sectors"]]
    spring, summer = result["rows"]
    assert {c for c, present in zip(codes, spring.cells, strict=True) if present} == {
        "ngo",
        "police",
    }
    assert {c for c, present in zip(codes, summer.cells, strict=True) if present} == {"ngo"}
    assert dict(result["modes"]) == {
        str(Attendance.Mode.IN_PERSON.label): 1,
        str(Attendance.Mode.REMOTE.label): 1,
        None: 1,
    }
    assert result["present"] == 3
    assert result["sector_totals"][codes.index("ngo")] == 2
    assert "justice" in {s.code for s in result["absent_sectors"]}


def test_presence_is_the_one_source_of_insight_and_the_report(report_year):
    since, until = figures.year_bounds(report_year.year)
    data = meeting_figures.presence([report_year.group], since=since, until=until)
    [(group, rows)] = data["groups"]
    assert group == report_year.group
    assert [m.pk for m, _cells, _n in rows] == [m.pk for m in report_year.meetings]
    [(_group, every)] = meeting_figures.presence([report_year.group])["groups"]
    assert len(every) == 3  # and the year before
    report = figures.meetings(report_year.group, report_year.year)
    assert [label for _key, label in report["chart"].categories] == [
        formats.date_format(timezone.localtime(m.starts_at), "SHORT_DATE_FORMAT")
        for m in report_year.meetings
    ]


def test_the_activity_chart_adds_up_to_the_sections_figures(report_year):
    decisions = figures.decisions(report_year.group, report_year.year)
    actions = figures.actions(report_year.group, report_year.year)
    counts = actions["activity"]["counts"]
    assert len(actions["activity"]["quarters"]) == 4
    assert sum(n for (_q, kind), n in counts.items() if kind == "decisions") == decisions["count"]
    assert (
        sum(n for (_q, kind), n in counts.items() if kind == "actions-done")
        == actions["completed_count"]
    )


def test_the_practices_chart_counts_the_territory_practices_of_each_year(report_year):
    chart = figures.practices(report_year.group, report_year.year)["chart"]
    assert [key for key, _label in chart.categories][-2:] == [
        report_year.year - 1,
        report_year.year,
    ]
    assert chart.totals[report_year.year] == 1
    assert chart.totals[report_year.year - 1] == 1


def test_decisions_of_the_year_with_their_progress(report_year):
    result = figures.decisions(report_year.group, report_year.year)
    assert result["count"] == 2
    assert [d.pk for d in result["shown"]] == [d.pk for d in report_year.decisions]
    progress = dict(result["progress"])
    assert progress[Decision.Progress.DONE.label] == 1
    assert progress[Decision.Progress.NOT_STARTED.label] == 1
    assert result["not_shown"] == 0


def test_the_public_version_shows_only_public_decisions_texts(report_year):
    result = figures.decisions(report_year.group, report_year.year, public=True)
    assert [d.pk for d in result["shown"]] == [report_year.decisions[0].pk]
    assert result["not_shown"] == 1
    assert result["count"] == 2


def test_actions_completed_in_the_year_and_overdue_now(report_year):
    result = figures.actions(report_year.group, report_year.year)
    assert [a.pk for a in result["completed"]] == [a.pk for a in report_year.completed]
    assert [a.pk for a in result["overdue"]] == [a.pk for a in report_year.overdue]
    public = figures.actions(report_year.group, report_year.year, public=True)
    assert (public["completed_count"], public["overdue_count"]) == (1, 1)
    assert public["completed"] == public["overdue"] == []


def test_practices_published_in_the_year_in_the_territory_and_improvements(report_year):
    result = figures.practices(report_year.group, report_year.year)
    assert [p.pk for p in result["published"]] == [p.pk for p in report_year.published]
    [improvement] = result["improvements"]
    assert improvement["practice"] == report_year.improvement.practice
    assert improvement["text"] == report_year.improvement.text
    public = figures.practices(report_year.group, report_year.year, public=True)
    assert public["improvements"][0]["text"] == ""


def test_protocols_in_force_and_due(report_year):
    public, members = report_year.protocols["public"], report_year.protocols["members"]
    result = figures.protocols(report_year.group)
    assert {p.pk for p in result["in_force"]} == {public.pk, members.pk}
    assert [p.pk for p in result["due"]] == [members.pk]
    open_ = figures.protocols(report_year.group, public=True)
    assert [p.pk for p in open_["in_force"]] == [public.pk]
    assert open_["due"] == []


def test_another_year_has_none_of_this_year(report_year):
    result = figures.meetings(report_year.group, report_year.year - 1)
    assert result["count"] == 1
    assert figures.decisions(report_year.group, report_year.year - 1)["count"] == 1


def test_the_public_version_does_not_name_a_practice_the_public_cannot_read(report_year):
    practice = report_year.improvement.practice
    practice.status = Practice.Status.ARCHIVED
    practice.save(update_fields=["status"])
    [public] = figures.practices(report_year.group, report_year.year, public=True)["improvements"]
    assert public["practice"] is None
    [full] = figures.practices(report_year.group, report_year.year)["improvements"]
    assert full["practice"] == practice


# ---------------------------------------------------------------- found in review


def test_the_public_version_names_only_the_organisations_of_the_directory(report_year):
    """Who belongs to a group is for its members: an organisation that employs a member but
    is not listed in the group's directory is named in the full version only."""
    from stakeholders.models import Membership
    from tests.factories import OrganisationFactory, PersonFactory

    employer = OrganisationFactory(name="Employeur hors annuaire")
    Membership.objects.create(group=report_year.group, person=PersonFactory(organisation=employer))

    def names(result):
        return {o.name for row in result["by_sector"] for o in row.organisations}

    assert "Employeur hors annuaire" in names(figures.organisations(report_year.group))
    public = figures.organisations(report_year.group, public=True)
    assert "Employeur hors annuaire" not in names(public)
    assert public["total"] == report_year.group.organisations.count()


def test_a_whole_country_group_reports_the_practices_of_its_country(report_year, monkeypatch):
    """A group whose territory is a whole country: the list and the chart both count every
    practice of the country (its local areas included), from the same source."""
    from practices import cache as catalogue_cache
    from stakeholders.models import Sector as SectorModel
    from tests.factories import TerritoryFactory, WorkingGroupFactory
    from tests.practices.factories import PracticeFactory

    from .conftest import moment

    country = TerritoryFactory(country="LU", name="", slug="lu-report")
    local = TerritoryFactory(country="LU", name="Esch", slug="lu-esch-report")
    group = WorkingGroupFactory(territory=country)
    year = report_year.year
    made = []
    for territory, month in ((country, 3), (local, 6), (local, 9)):
        practice = PracticeFactory(
            status=Practice.Status.PUBLISHED,
            territory=territory,
            published_at=moment(year, month, 5),
        )
        practice.sectors.set(SectorModel.objects.filter(code__in=["police", "justice"]))
        made.append(practice.pk)
    PracticeFactory(status=Practice.Status.PUBLISHED, published_at=moment(year, 4, 4))  # elsewhere
    catalogue_cache.current()
    result = figures.practices(group, year)
    assert result["published_count"] == 3
    assert sorted(p.pk for p in result["published"]) == sorted(made)
    assert result["chart"].totals[year] == 3
    assert "country=LU" in result["catalogue_url"]
    monkeypatch.setattr(figures, "PRACTICES_LISTED", 2)
    capped = figures.practices(group, year)
    assert len(capped["published"]) == 2
    assert capped["published_count"] == 3


def test_the_chart_and_the_table_date_a_meeting_alike(report_year):
    """A meeting at 23:30 UTC on 31 December, held by a group that keeps Reykjavik's clock,
    is on 1 January in the portal's time zone: in that year's report, with that date on its
    bar and in its row."""
    from datetime import UTC, datetime

    from .conftest import held

    year = report_year.year
    meeting = held(
        report_year.group,
        "Réunion de la Saint-Sylvestre",
        datetime(year - 1, 12, 31, 23, 30, tzinfo=UTC),
        timezone="Atlantic/Reykjavik",
    )
    result = figures.meetings(report_year.group, year)
    labels = dict(result["chart"].categories)
    expected = formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")
    assert labels[meeting.pk] == expected
    assert expected.startswith("01/01") or expected.startswith("1/1")
    assert meeting.pk not in dict(figures.meetings(report_year.group, year - 1)["chart"].categories)
