"""Two to four published practices side by side: chosen from the catalogue's cards or by a
search on the page, kept in the address (shareable, printable), without JavaScript; only
published practices, whoever asks; bounded whatever the address holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import Partner, Practice, Reference
from practices.services import unique_practice_slug
from stakeholders.models import Organisation
from tests.factories import OrganisationFactory, UserFactory
from tests.insight.html import parse

pytestmark = pytest.mark.django_db

S = Practice.Status
COMPARE = "/en/practices/compare/"


@pytest.fixture
def four(make_practice):
    public = OrganisationFactory(name="Hôpital public", kind=Organisation.Kind.PUBLIC)
    made = []
    for i, title in enumerate(["Alpha", "Bravo", "Charlie", "Delta", "Echo"]):
        practice = make_practice(S.PUBLISHED, title_en=f"{title} practice", summary_en=title)
        if i == 0:
            Partner.objects.create(practice=practice, organisation=public)
        made.append(practice)
    return made


def query(*practices) -> str:
    return "?" + "&".join(f"p={p.slug}" for p in practices)


def headers(response) -> list[str]:
    table = parse(response.content).find("table", cls="compare")
    assert table is not None
    return [th.text() for th in table.find("thead").find_all("th")]


def row(response, label) -> list[str]:
    table = parse(response.content).find("table", cls="compare")
    for tr in table.find("tbody").find_all("tr"):
        th = tr.find("th")
        if th is not None and th.text() == label:
            return [td.text() for td in tr.find_all("td")]
    raise AssertionError(f"no row {label!r}")


@pytest.mark.parametrize("who", ["anonymous", "member", "coordinator", "staff"])
def test_anyone_compares_published_practices_side_by_side(client, four, who, member, coordinator):
    users = {"member": member, "coordinator": coordinator}
    users["staff"] = UserFactory(is_staff=True, is_superuser=True)
    if who in users:
        client.force_login(users[who])
    response = client.get(COMPARE + query(four[0], four[1]))
    assert response.status_code == 200
    assert headers(response) == ["Alpha practice", "Bravo practice"]
    assert row(response, "Summary") == ["Alpha", "Bravo"]
    assert row(response, "Public institutions with civil society") == ["Yes", "No"]
    kinds = row(response, "Partner organisations")
    assert "Hôpital public (Public institution)" in kinds[0]


def test_the_richer_records_are_compared_too(client, four):
    alpha, bravo = four[0], four[1]
    Reference.objects.create(
        practice=alpha, kind="evaluation", authors="Doe, J.", year=2020, title="An evaluation",
        publisher="A journal",
    )  # fmt: skip
    Practice.objects.filter(pk=bravo.pk).update(
        staffing_en="Two coordinators", cost_range="low", transferability_en="A hospital"
    )
    response = client.get(COMPARE + query(alpha, bravo))
    assert row(response, "References")[0] == "Doe, J. (2020). An evaluation. A journal (Evaluation)"
    assert row(response, "References")[1] == "– not given"
    assert row(response, "Staffing")[1] == "Two coordinators"
    assert row(response, "Yearly cost")[1] == "Low: under €10,000 a year"
    assert row(response, "Transferability")[1] == "A hospital"


def test_a_draft_or_an_unknown_address_is_reported_never_shown(client, four, make_practice, author):
    draft = make_practice(S.DRAFT, title_en="Secret draft")
    client.force_login(author)  # even its own author: the comparison is of published ones
    response = client.get(COMPARE + query(four[0], draft, four[1]) + "&p=no-such-practice")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Secret draft" not in page
    assert headers(response) == ["Alpha practice", "Bravo practice"]
    assert "not found among the published practices" in page
    assert draft.slug in page and "no-such-practice" in page


def test_at_most_four_are_compared(client, four):
    response = client.get(COMPARE + query(*four))
    assert headers(response) == [f"{t} practice" for t in ("Alpha", "Bravo", "Charlie", "Delta")]
    assert "At most 4 practices can be compared" in response.content.decode()
    # A full comparison offers no search to add more.
    assert parse(response.content).find("section", cls="compare-add") is None


def test_one_practice_explains_how_to_choose_and_the_search_adds_others(client, four):
    response = client.get(COMPARE + query(four[0]) + "&add=Bravo")
    page = parse(response.content)
    assert page.find("table", cls="compare") is None
    assert "Choose 2 to 4 published practices" in response.content.decode()
    links = [a.attrs.get("href") for a in page.find("section", cls="compare-add").find_all("a")]
    assert f"/en/practices/compare/?p={four[0].slug}&p={four[1].slug}" in links
    # What is already chosen is not offered again.
    again = client.get(COMPARE + query(four[0]) + "&add=Alpha").content.decode()
    assert "No other published practice matches these words." in again


def test_the_catalogue_cards_have_checkboxes_for_the_comparison_form(client, four):
    page = parse(client.get("/en/practices/").content)
    form = page.find("form", id="compare-form")
    assert form.attrs.get("method") == "get"
    assert form.attrs.get("action") == COMPARE
    boxes = page.find_all("input", type="checkbox", name="p")
    assert {box.attrs.get("value") for box in boxes} == {p.slug for p in four}
    assert all(box.attrs.get("form") == "compare-form" for box in boxes)
    # Ticking two and submitting is this GET request.
    response = client.get(COMPARE, {"p": [four[2].slug, four[3].slug]})
    assert headers(response) == ["Charlie practice", "Delta practice"]


def test_the_practice_page_links_to_a_comparison_only_when_published(
    client, four, make_practice, author
):
    page = client.get(four[0].get_absolute_url()).content.decode()
    assert f'href="/fr/practices/compare/?p={four[0].slug}"' in page
    draft = make_practice(S.DRAFT, title_en="Draft")
    client.force_login(author)
    assert "/practices/compare/" not in client.get(draft.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        "?p=" + "x" * 5000,
        "?" + "&".join(f"p=s{i}" for i in range(500)),
        "?p=%00&p=",
        "?add=" + "word " * 2000,
    ],
)
def test_any_address_gets_a_page_with_bounded_work(client, four, params):
    client.get("/en/practices/")  # the catalogue index is built
    with CaptureQueriesContext(connection) as queries:
        response = client.get(COMPARE + params)
    assert response.status_code == 200
    assert len(queries) < 20


def test_the_comparison_runs_the_same_queries_for_two_or_four_practices(client, four):
    for practice in four:
        for n in range(3):
            Partner.objects.create(
                practice=practice, organisation=OrganisationFactory(name=f"Org {n}")
            )
    client.get(COMPARE + query(four[0], four[1]))
    with CaptureQueriesContext(connection) as two:
        client.get(COMPARE + query(four[0], four[1]))
    with CaptureQueriesContext(connection) as four_of_them:
        client.get(COMPARE + query(*four[:4]))
    assert len(two) == len(four_of_them)


def test_no_practice_takes_the_address_of_the_comparison_page():
    assert unique_practice_slug("Compare") == "compare-2"
    assert unique_practice_slug("New") == "new-2"


def test_the_page_never_repeats_text_that_is_not_an_address(client, four):
    response = client.get(COMPARE + query(four[0]) + "&p=Call+0800+to+report")
    text = parse(response.content).text()
    assert "0800" not in text
    assert "An address of a practice is not valid." in text
