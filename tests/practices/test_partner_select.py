"""The practice form's partner rows share one rendering of the directory's organisations
(stakeholders.widgets): a page reads them once whatever its number of rows, its queries
do not grow with rows nor with the directory, each row shows its own organisation
selected, and a renamed organisation shows its new name at the next request."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices import cache as catalogue_cache
from practices.models import Partner
from stakeholders.models import Organisation
from tests.factories import OrganisationFactory

from .factories import org_of

pytestmark = pytest.mark.django_db

OPTIONS_READ = 'FROM "stakeholders_organisation" ORDER BY "stakeholders_organisation"."name"'


def edit_page(client, practice):
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"/fr/practices/{practice.slug}/edit/")
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in context.captured_queries]


def partner_selects(html):
    return re.findall(r'<select name="partners-\d+-organisation".*?</select>', html, re.DOTALL)


def selected_partners(html):
    """The organisation selected in each partner row that has one."""
    rows = partner_selects(html)
    return [m for row in rows for m in re.findall(r'<option value="(\d+)" selected>', row)]


def test_the_edit_page_reads_the_options_once_and_selects_each_rows_organisation(
    client, author, make_practice
):
    practice = make_practice("draft")
    partners = OrganisationFactory.create_batch(3)
    for organisation in partners:
        Partner.objects.create(practice=practice, organisation=organisation)
    client.force_login(author)
    html, queries = edit_page(client, practice)
    # Four rows of partners, three empty ones: seven selects of organisations.
    assert len(partner_selects(html)) == 7
    assert len([sql for sql in queries if OPTIONS_READ in sql]) == 1
    assert set(selected_partners(html)) == {str(o.pk) for o in [org_of(author), *partners]}


def test_the_create_page_selects_the_members_organisation(client, author):
    client.force_login(author)
    response = client.get("/fr/practices/new/")
    assert response.status_code == 200
    assert selected_partners(response.content.decode()) == [str(org_of(author).pk)]


def test_a_renamed_organisation_shows_its_new_name_at_the_next_request(
    client, author, make_practice
):
    practice = make_practice("draft")
    client.force_login(author)
    html, _ = edit_page(client, practice)
    old = org_of(author).name
    assert html.count(f">{old}</option>") == 4
    Organisation.objects.filter(pk=org_of(author).pk).update(name="Nouveau <nom>")
    html, _ = edit_page(client, practice)
    assert f">{old}</option>" not in html
    assert html.count(">Nouveau &lt;nom&gt;</option>") == 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_edit_pages_queries_grow_neither_with_rows_nor_with_the_directory(
    client, author, make_practice
):
    """Outside a transaction, as in production: a page once drawn reads no organisation's
    list again, however many rows and organisations."""
    catalogue_cache.reset()
    practice = make_practice("draft")
    client.force_login(author)
    edit_page(client, practice)  # the catalogue's state and the options, read once
    _html, few = edit_page(client, practice)

    for organisation in OrganisationFactory.create_batch(45):
        Partner.objects.create(practice=practice, organisation=organisation)
    html, _ = edit_page(client, practice)  # a new state: the options are read again
    assert len(selected_partners(html)) == 46
    html, many = edit_page(client, practice)
    catalogue_cache.reset()
    assert len(partner_selects(html)) == 49
    assert len(many) == len(few)
    assert not [sql for sql in many if OPTIONS_READ in sql]


def test_in_a_transaction_the_edit_pages_queries_do_not_grow_with_rows(
    client, author, make_practice
):
    """Inside a transaction each look-up of the catalogue's state is a query: the rows of
    the formset look the options up once for all of them."""
    short, long = make_practice("draft"), make_practice("draft")
    for organisation in OrganisationFactory.create_batch(5):
        Partner.objects.create(practice=long, organisation=organisation)
    client.force_login(author)
    edit_page(client, short)
    _html, few = edit_page(client, short)
    html, many = edit_page(client, long)
    assert len(partner_selects(html)) == 9
    assert len(many) == len(few)
