"""Review pages say why a step is not offered (the four-eyes rule), label the note as the
rule requires and show the reviewer's note where the author edits; the practice form comes
in sections with a progress summary, marks what submission needs (one declaration:
practices.requirements.SUBMISSION_REQUIREMENTS) and lists everything missing in one round."""

import re

import pytest
from django.contrib.messages import get_messages

from practices.models import Practice
from practices.requirements import SUBMISSION_REQUIREMENTS, Draft, missing
from stakeholders.models import Membership
from tests.factories import OrganisationFactory, member_user

from .factories import PracticeFactory, org_of
from .helpers import practice_post_data

pytestmark = pytest.mark.django_db

S = Practice.Status
# What every practice needs (the others depend on its evidence level: test_records.py).
EVERY_PRACTICE = missing(Draft())
FOUR_EYES = "Principe des quatre yeux"


@pytest.fixture
def lead_coordinator(group, author):
    """A coordinator of the group from the organisation that leads the practices."""
    return member_user(group, role=Membership.Role.COORDINATOR, organisation=org_of(author))


def part(html, start, end):
    """The piece of ``html`` from ``start`` to the next ``end``."""
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def html_of(client, user, url):
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    return response.status_code, response.content.decode()


# ---------------------------------------------------------------- why "Publish" is missing


def test_coordinator_of_the_lead_organisation_is_told_why_publish_is_missing(
    client, lead_coordinator, make_practice
):
    practice = make_practice(S.SUBMITTED)
    status, html = html_of(client, lead_coordinator, practice.get_absolute_url())
    assert status == 200
    assert f"/fr/practices/{practice.slug}/review/publish/" not in html
    assert "Pourquoi « Publier » ne vous est pas proposé" in html
    assert FOUR_EYES in html


def test_another_coordinator_sees_publish_and_no_explanation(client, coordinator, make_practice):
    practice = make_practice(S.SUBMITTED)
    status, html = html_of(client, coordinator, practice.get_absolute_url())
    assert f"/fr/practices/{practice.slug}/review/publish/" in html
    assert "ne vous est pas proposé" not in html


def test_members_and_visitors_get_no_review_explanation(client, member, author, make_practice, db):
    published = make_practice(S.PUBLISHED)
    for user in (None, member, author):
        status, html = html_of(client, user, published.get_absolute_url())
        assert status == 200
        assert "ne vous est pas proposé" not in html


def test_a_coordinator_of_another_group_cannot_see_the_submitted_practice(
    client, other_coordinator, make_practice
):
    practice = make_practice(S.SUBMITTED)
    status, _ = html_of(client, other_coordinator, practice.get_absolute_url())
    assert status == 404


def test_the_review_queue_marks_practices_the_coordinator_cannot_publish(
    client, lead_coordinator, group, make_practice
):
    own = make_practice(S.SUBMITTED, title_fr="Pilotée par nous")
    other_lead = OrganisationFactory()
    other = PracticeFactory(status=S.SUBMITTED, group=group, title_fr="Pilotée ailleurs")
    other.sectors.add(*own.sectors.all())
    other.partner_set.create(organisation=other_lead, role="lead")
    status, html = html_of(client, lead_coordinator, "/fr/practices/review/")
    assert status == 200
    assert FOUR_EYES in part(html, "Pilotée par nous", "</tr>")
    assert FOUR_EYES not in part(html, "Pilotée ailleurs", "</tr>")


def test_the_review_queue_runs_constant_queries(
    client, coordinator, group, make_practice, django_assert_max_num_queries
):
    make_practice(S.SUBMITTED)
    client.force_login(coordinator)
    with django_assert_max_num_queries(30) as few:
        client.get("/fr/practices/review/")
    for _ in range(8):
        make_practice(S.SUBMITTED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/fr/practices/review/").status_code == 200


# ---------------------------------------------------------------- the request-changes note


def test_the_request_changes_note_is_labelled_required(client, coordinator, make_practice):
    practice = make_practice(S.SUBMITTED)
    _, html = html_of(client, coordinator, f"/fr/practices/{practice.slug}/review/request_changes/")
    label = re.search(r'<label for="id_note">(.*?)</label>', html, re.S).group(1)
    assert "obligatoire" in label
    assert "facultatif" not in label


def test_the_archive_note_stays_optional(client, coordinator, make_practice):
    practice = make_practice(S.SUBMITTED)
    _, html = html_of(client, coordinator, f"/fr/practices/{practice.slug}/review/archive/")
    label = re.search(r'<label for="id_note">(.*?)</label>', html, re.S).group(1)
    assert "facultatif" in label


@pytest.mark.parametrize("note", ["", "   \n  "])
def test_an_empty_request_changes_note_is_refused_with_a_clear_message(
    client, coordinator, make_practice, note
):
    practice = make_practice(S.SUBMITTED)
    client.force_login(coordinator)
    response = client.post(f"/fr/practices/{practice.slug}/review/request_changes/", {"note": note})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Indiquez ce qui doit changer" in html
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED


# ---------------------------------------------------------------- the reviewer's note


def test_the_author_sees_the_reviewers_note_at_the_top_of_the_edit_form(
    client, coordinator, author, make_practice
):
    practice = make_practice(S.SUBMITTED)
    client.force_login(coordinator)
    client.post(
        f"/fr/practices/{practice.slug}/review/request_changes/",
        {"note": "Précisez le rôle de l’unité médico-judiciaire."},
    )
    status, html = html_of(client, author, f"/fr/practices/{practice.slug}/edit/")
    assert status == 200
    box = html.index("Modifications demandées à la relecture")
    assert box < html.index('class="form practice-form"')
    assert "Précisez le rôle de l’unité médico-judiciaire." in html[box:]


def test_a_member_of_another_organisation_cannot_open_the_edit_form(client, member, make_practice):
    practice = make_practice(S.CHANGES_REQUESTED, review_note="Note privée")
    status, html = html_of(client, member, f"/fr/practices/{practice.slug}/edit/")
    assert status == 404
    assert "Note privée" not in html


# ---------------------------------------------------------------- the practice form


def test_the_form_comes_in_headed_sections_with_a_progress_summary(client, author):
    status, html = html_of(client, author, "/fr/practices/new/")
    assert status == 200
    for section in ("essentials", "description", "partners", "classification", "evidence"):
        assert f'id="section-{section}"' in html
        assert f'href="#section-{section}"' in html
    assert 'id="section-links"' in html
    progress = part(html, 'class="form-progress"', "</nav>")
    # A new practice: its author's organisation is already the lead.
    assert "à compléter avant de soumettre" in progress
    assert "complète" in progress


def test_fields_submission_needs_are_marked_and_the_others_optional(client, author):
    _, html = html_of(client, author, "/fr/practices/new/")

    def label(name):
        return re.search(rf'<label for="id_{name}">(.*?)</label>', html, re.S).group(1)

    for name in ("summary_fr", "summary_en", "description_fr", "description_en"):
        assert "requis pour soumettre" in label(name), name
        assert "facultatif" not in label(name)
    assert "requis pour soumettre : au moins deux" in part(
        html, 'id="section-classification"', '<div id="id_sectors"'
    )
    assert "facultatif" in label("child_participation_fr")
    assert "requis pour soumettre" not in label("title_en")
    assert "obligatoire, en français ou en anglais" in label("title_en")
    partners = part(html, 'id="section-partners"', "</legend>")
    assert "requis pour soumettre : une organisation chef de file" in partners


def test_the_progress_summary_follows_the_saved_practice(client, author, make_practice):
    practice = make_practice(S.DRAFT)
    _, html = html_of(client, author, f"/fr/practices/{practice.slug}/edit/")
    assert "Tout ce qu’exige la soumission est là" in html
    assert "à compléter avant de soumettre" not in html


def test_submitting_with_a_form_error_lists_every_missing_item_in_one_round(client, author, group):
    client.force_login(author)
    data = practice_post_data(
        territory=group.territory, group=group, title_fr="", year_started="1700", submit="1"
    )
    response = client.post("/fr/practices/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    summary = part(html, 'class="error-summary"', "</div>")
    assert "Indiquez un titre en français ou en anglais." in summary
    for requirement in EVERY_PRACTICE:
        assert str(requirement.message) in summary, requirement.code
    assert not Practice.objects.exists()


def test_a_valid_but_incomplete_practice_is_saved_and_every_missing_item_is_said(
    client, author, group
):
    client.force_login(author)
    data = practice_post_data(territory=group.territory, group=group, submit="1")
    response = client.post("/fr/practices/new/", data)
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert practice.status == S.DRAFT
    warning = " ".join(str(m) for m in get_messages(response.wsgi_request))
    for requirement in EVERY_PRACTICE:
        assert str(requirement.message) in warning, requirement.code
    # The edit page links each missing item to its place in the form.
    _, html = html_of(client, None, response["Location"])
    for requirement in EVERY_PRACTICE:
        assert f'href="#{requirement.anchor}"' in html
        assert f'id="{requirement.anchor}"' in html


def test_a_complete_practice_is_submitted_in_one_go(client, author, group):
    client.force_login(author)
    data = practice_post_data(
        territory=group.territory,
        group=group,
        sectors=("justice", "police"),
        partners=[(org_of(author), "lead")],
        summary_en="A summary.",
        description_fr="Une description.",
        submit="1",
    )
    response = client.post("/fr/practices/new/", data)
    assert response.status_code == 302
    assert Practice.objects.get().status == S.SUBMITTED


def test_one_declaration_serves_the_workflow_and_the_form(author, make_practice):
    practice = make_practice(S.DRAFT, summary_fr="", summary_en="")
    practice.partner_set.all().delete()
    assert practice.missing_for_submission() == [
        str(r.message) for r in SUBMISSION_REQUIREMENTS if r.code in ("summary", "lead")
    ]
    assert [r.code for r in missing(Draft())] == ["summary", "description", "sectors", "lead"]
    assert [r.code for r in missing(Draft(level="evaluated"))][4:] == ["evaluation"]
    assert [r.code for r in missing(Draft(level="promising"))][4:] == ["reference"]
    assert {r.code for r in SUBMISSION_REQUIREMENTS} == {
        "summary", "description", "sectors", "lead", "evaluation", "reference",
    }  # fmt: skip
    assert missing(Draft(summary=True, description=True, sectors=2, lead=True)) == []


def test_the_publish_page_tells_a_lead_coordinator_why_it_is_refused(
    client, lead_coordinator, make_practice
):
    practice = make_practice(S.SUBMITTED)
    client.force_login(lead_coordinator)
    response = client.get(f"/fr/practices/{practice.slug}/review/publish/")
    assert response.status_code == 403
    html = response.content.decode()
    assert FOUR_EYES in html
    assert f'href="/fr/practices/{practice.slug}/"' in html
    assert 'name="note"' not in html


def test_the_publish_page_tells_an_author_nothing_more(client, author, make_practice):
    practice = make_practice(S.SUBMITTED)
    client.force_login(author)
    response = client.get(f"/fr/practices/{practice.slug}/review/publish/")
    assert response.status_code == 403
    assert FOUR_EYES not in response.content.decode()
