"""Who sees a group's yearly report, in which version, and what the public version holds."""

import re

import pytest
from django.db import reset_queries
from django.test import Client
from django.urls import reverse
from django.utils import translation

from meetings.models import Meeting
from reports.models import YearlyReportPublication
from stakeholders.models import AuditEvent, Person
from tests.meetings.factories import ActionItemFactory, AttendanceFactory

from .conftest import decide, held, moment

pytestmark = pytest.mark.django_db


def url(name, group, year=None, lang="fr"):
    with translation.override(lang):
        if year is None:
            return reverse(f"reports:{name}", kwargs={"slug": group.slug})
        return reverse(f"reports:{name}", kwargs={"slug": group.slug, "year": year})


def publish(report_year, coordinator):
    return YearlyReportPublication.objects.create(
        group=report_year.group,
        year=report_year.year,
        published_at=report_year.meetings[0].starts_at,
        published_by=coordinator,
    )


# ---------------------------------------------------------------- access

USERS = ["anonymous", "member", "coordinator", "other_coordinator", "staff"]


def user_of(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("member", 404),
        ("coordinator", 200),
        ("other_coordinator", 404),
        ("staff", 200),
    ],
)
@pytest.mark.parametrize("name", ["detail", "pdf"])
def test_an_unpublished_report_is_for_the_coordinators_and_staff_only(
    request, client_for, report_year, role, status, name
):
    client = client_for(user_of(request, role))
    response = client.get(url(name, report_year.group, report_year.year))
    assert response.status_code == status
    if status == 404 and name == "detail":
        # The same page as for a year that does not exist: nothing says the report does.
        assert "reports/report_missing.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("role", USERS)
def test_a_published_report_is_for_everyone(request, client_for, report_year, coordinator, role):
    publish(report_year, coordinator)
    client = client_for(user_of(request, role))
    response = client.get(url("detail", report_year.group, report_year.year))
    assert response.status_code == 200
    full = role in ("coordinator", "staff")
    assert (report_year.completed[0].title in response.content.decode()) == full


@pytest.mark.parametrize("year_offset", [-5, 2, 100])
def test_a_year_out_of_range_is_a_clear_404_even_for_coordinators(
    client_for, report_year, coordinator, year_offset
):
    response = client_for(coordinator).get(
        url("detail", report_year.group, report_year.year + year_offset)
    )
    assert response.status_code == 404
    assert "reports/report_missing.html" in [t.name for t in response.templates]


def test_an_unknown_group_is_a_404(client):
    response = client.get("/fr/reports/no-such-group/2025/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "years"),
    [
        ("anonymous", "published"),
        ("member", "published"),
        ("coordinator", "all"),
        ("other_coordinator", "published"),
        ("staff", "all"),
    ],
)
def test_the_index_lists_the_years_each_one_may_see(
    request, client_for, report_year, coordinator, role, years
):
    publish(report_year, coordinator)
    user = user_of(request, role)
    response = client_for(user).get(url("index", report_year.group))
    assert response.status_code == 200
    listed = {
        int(y)
        for y in re.findall(
            rf"/reports/{report_year.group.slug}/(\d{{4}})/", response.content.decode()
        )
    }
    if years == "all":
        assert listed >= {report_year.year - 1, report_year.year, report_year.year + 1}
    else:
        assert listed == {report_year.year}


def test_the_group_page_links_to_the_reports_for_coordinators_and_once_published(
    client_for, client, report_year, coordinator
):
    group_url = report_year.group.get_absolute_url()
    index = url("index", report_year.group)
    assert index not in client.get(group_url).content.decode()
    assert index in client_for(coordinator).get(group_url).content.decode()
    publish(report_year, coordinator)
    assert index in Client().get(group_url).content.decode()


# ---------------------------------------------------------------- no personal data


def secrets_of(report_year, *users):
    """What the public version must never show: the report's own secrets and the names and
    addresses of ``users``, renamed first to names no page holds by chance (a generated
    "King" is in "United Kingdom")."""
    words = list(report_year.secrets)
    people = Person.objects.filter(user__in=[u for u in users if u]).order_by("pk")
    for n, person in enumerate(people):
        person.first_name, person.last_name = f"Prénomsecret{n}", f"Nomsecret{n}"
        person.save(update_fields=["first_name", "last_name"])
        words += [person.first_name, person.last_name, person.email]
    return words


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_public_version_holds_no_personal_data(
    client_for, report_year, coordinator, member, lang
):
    secrets = secrets_of(report_year, coordinator, member)
    publish(report_year, coordinator)
    html = Client().get(url("detail", report_year.group, report_year.year, lang)).content.decode()
    for word in secrets:
        assert word not in html, word
    # What it does show: the public decision, the public meeting, counts.
    assert "Publier un guide commun de signalement." in html
    assert "Plénière publique de printemps" in html


def test_the_coordinators_preview_of_the_public_version_is_the_public_version(
    client_for, report_year, coordinator
):
    secrets = secrets_of(report_year, coordinator)
    full = client_for(coordinator).get(url("detail", report_year.group, report_year.year))
    assert report_year.completed[0].title in full.content.decode()
    preview = client_for(coordinator).get(
        url("detail", report_year.group, report_year.year) + "?version=public"
    )
    html = preview.content.decode()
    for word in secrets:
        assert word not in html, word
    # The page carries the coordinator's own menu and buttons: never kept by a cache.
    assert "no-store" in preview["Cache-Control"]


def test_the_pdf_of_the_public_version_is_made_from_html_without_personal_data(
    report_year, coordinator
):
    from reports.document import PUBLIC, Report

    secrets = secrets_of(report_year, coordinator)
    with translation.override("fr"):
        html = Report(group=report_year.group, year=report_year.year, version=PUBLIC).html()
    for word in secrets:
        assert word not in html, word
    assert "Plénière publique de printemps" in html


def test_the_full_pdf_html_names_the_people(report_year):
    from reports.document import Report

    with translation.override("fr"):
        html = Report(group=report_year.group, year=report_year.year).html()
    assert "Appeler la directrice" in html
    assert "Alicette Marchandeau" in html


# ---------------------------------------------------------------- the PDF


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pdf_is_a_pdf_to_download_with_its_name(client_for, report_year, coordinator, lang):
    response = client_for(coordinator).get(url("pdf", report_year.group, report_year.year, lang))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="lanzarote-{report_year.group.slug}-{report_year.year}.pdf"'
    )
    assert response["Content-Language"] == lang
    assert "no-store" in response["Cache-Control"]


def test_the_map_is_drawn_in_the_pdf_with_its_colours(report_year):
    """WeasyPrint ignores the CSS ``fill`` of the HTML page: the map's shapes carry their
    colours as SVG attributes, and the PDF paints with them (its drawing operators, read
    uncompressed)."""
    import weasyprint

    from meetings.certificates import refuse_fetch
    from reports.document import Report

    with translation.override("fr"):
        html = Report(group=report_year.group, year=report_year.year).html()
    assert re.search(r'<a [^>]*class="map-level-0" fill="#fdfcfa"', html)
    document = weasyprint.HTML(string=html, url_fetcher=refuse_fetch)
    pdf = document.write_pdf(uncompressed_pdf=True).decode("latin-1")
    assert "\n0.85098 0.85098 0.831373 rg\n" in pdf  # the neighbours' grey (#d9d9d4)
    assert "\n0.992157 0.988235 0.980392 rg\n" in pdf  # a member state with no practice
    assert pdf.count(" l\n") > 1000  # the countries' outlines


# ---------------------------------------------------------------- publishing


def test_a_coordinator_publishes_and_withdraws_the_public_version(
    client_for, report_year, coordinator
):
    client = client_for(coordinator)
    response = client.post(url("publish", report_year.group, report_year.year))
    assert response.status_code == 302
    publication = YearlyReportPublication.objects.get(group=report_year.group)
    assert publication.year == report_year.year
    assert publication.published_by == coordinator
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_PUBLISHED).count() == 1
    assert Client().get(url("detail", report_year.group, report_year.year)).status_code == 200
    client.post(url("unpublish", report_year.group, report_year.year))
    assert not YearlyReportPublication.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_UNPUBLISHED).count() == 1
    assert Client().get(url("detail", report_year.group, report_year.year)).status_code == 404


@pytest.mark.parametrize("role", ["member", "other_coordinator"])
def test_others_cannot_publish(request, client_for, report_year, role):
    client = client_for(request.getfixturevalue(role))
    response = client.post(url("publish", report_year.group, report_year.year))
    assert response.status_code == 404
    assert not YearlyReportPublication.objects.exists()


def test_anonymous_visitors_are_asked_to_log_in(client, report_year):
    response = client.post(url("publish", report_year.group, report_year.year))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not YearlyReportPublication.objects.exists()


def test_staff_publish_too(client_for, report_year, staff):
    client_for(staff).post(url("publish", report_year.group, report_year.year))
    assert YearlyReportPublication.objects.filter(group=report_year.group).exists()


def test_publishing_is_post_only(client_for, report_year, coordinator):
    response = client_for(coordinator).get(url("publish", report_year.group, report_year.year))
    assert response.status_code == 405
    assert not YearlyReportPublication.objects.exists()


def test_publishing_needs_the_csrf_token(report_year, coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(url("publish", report_year.group, report_year.year))
    assert response.status_code == 403
    assert not YearlyReportPublication.objects.exists()


def test_a_year_out_of_range_cannot_be_published(client_for, report_year, coordinator):
    response = client_for(coordinator).post(url("publish", report_year.group, 1990))
    assert response.status_code == 404
    assert not YearlyReportPublication.objects.exists()


# ---------------------------------------------------------------- languages and queries


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("fr", "Réunions et présence des secteurs"), ("en", "Meetings and sector presence")],
)
def test_the_page_speaks_the_request_language(client_for, report_year, coordinator, lang, heading):
    response = client_for(coordinator).get(url("detail", report_year.group, report_year.year, lang))
    assert heading in response.content.decode()
    assert response["Content-Language"] == lang


def add_work(group, year, n):
    for i in range(n):
        meeting = held(group, f"Réunion {i}", moment(year, 2 + i % 9, 1 + i))
        AttendanceFactory(meeting=meeting, status="present", mode="remote")
        decision = decide(meeting, f"Décision {i}", public=False)
        ActionItemFactory(meeting=meeting, decision=decision)


@pytest.mark.parametrize("role", ["coordinator", "anonymous"])
def test_the_number_of_queries_does_not_grow_with_the_year(
    request, client_for, report_year, coordinator, django_assert_max_num_queries, role
):
    publish(report_year, coordinator)
    client = client_for(user_of(request, role))
    target = url("detail", report_year.group, report_year.year)
    client.get(target)  # warm the catalogue state and the map
    reset_queries()  # the log keeps 9000 queries: the fixture's may have filled it
    with django_assert_max_num_queries(100) as few:
        client.get(target)
    baseline = len(few)  # now: the log is cleared below
    add_work(report_year.group, report_year.year, 8)
    assert Meeting.objects.filter(group=report_year.group).count() > 10
    client.get(target)  # the catalogue's state follows the new rows once, as before
    reset_queries()
    with django_assert_max_num_queries(baseline):
        response = client.get(target)
    assert response.status_code == 200


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_drawings_coordinates_are_numbers_in_every_language(
    client_for, report_year, coordinator, lang
):
    """French writes 12,5 for 12.5: an SVG coordinate must not (the chart and the map)."""
    html = (
        client_for(coordinator)
        .get(url("detail", report_year.group, report_year.year, lang))
        .content.decode()
    )
    assert 'class="chart-svg"' in html
    assert 'class="map-svg"' in html
    assert not re.search(r'\s(?:x|y|cx|cy|r|width|height|x1|x2|y1|y2)="-?\d+,\d', html)


def test_the_public_pdf_is_made_once_per_state_of_the_data(
    client, report_year, coordinator, monkeypatch
):
    from reports.document import Report

    made = []
    original = Report.pdf

    def counting(self, html=None):
        made.append(self.version)
        return original(self, html)

    monkeypatch.setattr(Report, "pdf", counting)
    publish(report_year, coordinator)
    target = url("pdf", report_year.group, report_year.year)
    first = client.get(target)
    second = client.get(target)
    assert first.content == second.content
    assert first.content.startswith(b"%PDF")
    assert made == ["public"]
    decide(report_year.meetings[0], "Une décision de plus, publique.", public=True)
    assert client.get(target).status_code == 200
    assert made == ["public", "public"]
    client.get(url("pdf", report_year.group, report_year.year, "en"))
    assert len(made) == 3  # another language, another document


def test_the_full_pdf_is_never_kept(client_for, report_year, coordinator, monkeypatch):
    from reports.document import Report

    made = []
    original = Report.pdf
    monkeypatch.setattr(
        Report, "pdf", lambda self, html=None: made.append(self.version) or original(self, html)
    )
    client = client_for(coordinator)
    client.get(url("pdf", report_year.group, report_year.year))
    client.get(url("pdf", report_year.group, report_year.year))
    assert made == ["full", "full"]


def test_publishing_twice_keeps_one_publication_and_any_year_can_be_withdrawn(
    report_year, coordinator
):
    from reports.services import report_publish, report_unpublish

    first = report_publish(group=report_year.group, year=report_year.year, by=coordinator)
    again = report_publish(group=report_year.group, year=report_year.year, by=coordinator)
    assert first.pk == again.pk
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_PUBLISHED).count() == 1
    # A publication left outside the years (the group's dates were changed since) can still
    # be withdrawn.
    YearlyReportPublication.objects.create(
        group=report_year.group, year=1990, published_at=first.published_at
    )
    assert report_unpublish(group=report_year.group, year=1990, by=coordinator) is True
    assert not YearlyReportPublication.objects.filter(year=1990).exists()


def test_a_kept_pdf_is_not_drawn_again_for_a_change_elsewhere_in_the_network(
    client, report_year, coordinator, monkeypatch
):
    """The map of the whole network is not the report's own content: a practice published
    in another country does not draw every report again."""
    from practices import cache as catalogue_cache
    from practices.models import Practice
    from reports.document import Report
    from tests.factories import TerritoryFactory
    from tests.practices.factories import PracticeFactory

    made = []
    original = Report.pdf
    monkeypatch.setattr(
        Report, "pdf", lambda self, html=None: made.append(self.version) or original(self, html)
    )
    publish(report_year, coordinator)
    target = url("pdf", report_year.group, report_year.year)
    client.get(target)
    PracticeFactory(
        status=Practice.Status.PUBLISHED, territory=TerritoryFactory(country="MT", name="")
    )
    catalogue_cache.current()
    client.get(target)
    assert made == ["public"]


# ---------------------------------------------------------------- the network's activity


def count_drawings(monkeypatch) -> list:
    """A list that gets an entry each time a report's meetings section is computed."""
    from reports import figures

    drawn, meetings = [], figures.meetings

    def counted(*args, **kwargs):
        drawn.append(args)
        return meetings(*args, **kwargs)

    monkeypatch.setattr(figures, "meetings", counted)
    return drawn


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_public_report_shows_what_was_added_with_update_or_bulk_create_at_the_next_request(
    report_year, coordinator, monkeypatch
):
    """The public version's sections are kept once per state of the network's activity
    (reports.document): a decision made public and a meeting held, written without the
    portal's services (no signal), are seen at the next request, by this process and by one
    that dropped its memory."""
    from django.utils import timezone

    from meetings.models import Decision
    from practices import cache as catalogue_cache

    spring = report_year.meetings[0]
    later = decide(spring, "Ouvrir une permanence commune au tribunal.")
    publish(report_year, coordinator)
    target = url("detail", report_year.group, report_year.year)
    anonymous = Client()
    before = anonymous.get(target).content.decode()
    assert "Publier un guide commun de signalement." in before
    assert "Ouvrir une permanence commune" not in before
    assert "Plénière publique d’automne" not in before
    drawn = count_drawings(monkeypatch)
    assert anonymous.get(target).content.decode() == before
    assert drawn == []  # kept, not drawn again

    Decision.objects.filter(pk=later.pk).update(is_public=True, made_public_at=timezone.now())
    assert "Ouvrir une permanence commune au tribunal." in anonymous.get(target).content.decode()
    starts = moment(report_year.year, 11, 6)
    Meeting.objects.bulk_create(
        [
            Meeting(
                group=report_year.group,
                title="Plénière publique d’automne",
                starts_at=starts,
                ends_at=starts + (spring.ends_at - spring.starts_at),
                status=Meeting.Status.HELD,
                visibility=Meeting.Visibility.PUBLIC,
            )
        ]
    )

    assert "Plénière publique d’automne" in anonymous.get(target).content.decode()
    catalogue_cache.reset()  # another process, or this one having dropped its memory
    html = anonymous.get(target).content.decode()
    assert "Ouvrir une permanence commune au tribunal." in html
    assert "Plénière publique d’automne" in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_public_report_counts_a_suggestion_taken_up_on_a_draft_at_the_next_request(
    report_year, coordinator, monkeypatch
):
    """The report counts the suggestions its group took up in the year on any of its
    practices, a draft's too, which no trigger of the catalogue reports: the suggestions'
    own triggers (reports.triggers.SUGGESTIONS) renew the kept report."""
    from practices.models import Improvement, Practice
    from tests.practices.factories import PracticeFactory

    draft = PracticeFactory(
        status=Practice.Status.DRAFT, group=report_year.group, title_fr="Brouillon du groupe"
    )
    suggestion = Improvement.objects.create(practice=draft, text="Ajouter un volet.")
    publish(report_year, coordinator)
    target = url("detail", report_year.group, report_year.year)
    anonymous = Client()
    before = anonymous.get(target).content.decode()
    assert "Une pratique qui n’est pas publique" not in before
    drawn = count_drawings(monkeypatch)
    assert anonymous.get(target).content.decode() == before
    assert drawn == []  # kept, not drawn again

    Improvement.objects.filter(pk=suggestion.pk).update(
        status=Improvement.Status.TAKEN_UP, responded_at=moment(report_year.year, 6, 2)
    )
    html = anonymous.get(target).content.decode()
    assert "Une pratique qui n’est pas publique" in html
    assert "Brouillon du groupe" not in html  # the public version never names a draft
