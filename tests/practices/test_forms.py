"""The member forms: add and edit a practice with partners, links and attachments, save and
submit, preview, errors that keep what was typed, concurrent edits, slugs and history."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from practices import uploads
from practices.models import Attachment, Link, OldSlug, Partner, Practice, Theme, Transition
from practices.services import practice_transition, refresh_slug
from stakeholders.models import Membership, Sector
from tests.factories import MembershipFactory, OrganisationFactory, member_user

from .archives import DOCX, zipped
from .factories import PracticeFactory, complete, org_of
from .helpers import form_data, practice_post_data

pytestmark = pytest.mark.django_db

S = Practice.Status

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a5f4d3d10000000049454e44ae426082"
)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def complete_post(group, organisation, **fields):
    """A complete "add a practice" form, led by ``organisation``."""
    partner = OrganisationFactory(name="Brigade de protection des mineurs")
    fields = {
        "title_fr": "Protocole départemental",
        "title_en": "County protocol",
        "summary_fr": "Un protocole signé par tous.",
        "description_fr": "Le **protocole** organise le signalement.",
        **fields,
    }
    return practice_post_data(
        territory=group.territory,
        group=group,
        sectors=("justice", "police", "child-welfare"),
        partners=[(organisation, "lead"), (partner, "partner")],
        links=[("Le protocole", "https://example.org/protocole.pdf")],
        **fields,
    )


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# ---------------------------------------------------------------- the "add" page


def test_the_add_page_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/fr/practices/new/")

    assert response.status_code == 302
    assert response.url.startswith("/fr/accounts/login/?next=/fr/practices/new/")


def test_the_add_page_is_refused_to_people_outside_the_groups(client, outsider):
    client.force_login(outsider)

    assert client.get("/fr/practices/new/").status_code == 403
    assert client.post("/fr/practices/new/", {"title_fr": "x"}).status_code == 403
    assert not Practice.objects.exists()


def test_the_add_page_offers_the_form_with_the_members_organisation_as_lead(client, member):
    client.force_login(member)

    response = client.get("/fr/practices/new/")

    assert response.status_code == 200
    data = form_data(response)
    assert data["partners-0-organisation"] == str(org_of(member).pk)
    assert data["partners-0-role"] == "lead"
    assert data["partners-TOTAL_FORMS"] == "3"
    assert data["links-TOTAL_FORMS"] == "2"
    assert data["attachments-TOTAL_FORMS"] == "1"
    assert 'name="submit"' in response.content.decode()
    assert 'name="preview"' in response.content.decode()


def test_staff_without_an_organisation_are_told_they_cannot_add(client, staff):
    client.force_login(staff)

    response = client.get("/en/practices/new/", follow=True)

    assert response.redirect_chain[-1][0] == "/en/practices/"
    assert "Only members linked to an organisation can add practices." in messages_of(response)


def test_a_member_adds_a_practice_with_partners_and_links(client, group, member):
    client.force_login(member)
    data = complete_post(group, org_of(member))

    response = client.post("/fr/practices/new/", data)

    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response.url == f"/fr/practices/{practice.slug}/"
    assert practice.slug == "protocole-departemental"
    assert practice.status == S.DRAFT
    assert practice.organisation == org_of(member)
    assert practice.group == group
    assert practice.created_by == member
    assert (practice.title_fr, practice.title_en) == ("Protocole départemental", "County protocol")
    assert set(practice.sectors.values_list("code", flat=True)) == {
        "justice",
        "police",
        "child-welfare",
    }
    assert {(p.organisation.name, p.role) for p in practice.partner_set.all()} == {
        (org_of(member).name, "lead"),
        ("Brigade de protection des mineurs", "partner"),
    }
    assert list(practice.links.values_list("title", "url")) == [
        ("Le protocole", "https://example.org/protocole.pdf")
    ]
    assert practice.missing_for_submission() == []
    assert not practice.transitions.exists()


def test_the_form_as_rendered_can_be_posted_back(client, group, member):
    """The page's own form (read back from its HTML) creates a practice once filled in."""
    client.force_login(member)
    data = form_data(client.get("/fr/practices/new/"))
    # The member's only group is chosen already.
    assert data["group"] == str(group.pk)
    data.update(title_fr="Depuis le formulaire", territory=str(group.territory.pk))

    response = client.post("/fr/practices/new/", data)

    assert response.status_code == 302
    practice = Practice.objects.get()
    assert practice.lead == org_of(member)


def test_a_member_cannot_file_a_practice_under_another_group(client, group, other_group, member):
    client.force_login(member)
    data = complete_post(group, org_of(member))
    data["group"] = str(other_group.pk)

    response = client.post("/fr/practices/new/", data)

    assert response.status_code == 400
    assert not Practice.objects.exists()


@pytest.mark.parametrize(
    ("partners", "message"),
    [
        ("two-leads", "Choose only one lead organisation."),
        ("twice", "Please correct the duplicate data for organisation"),
    ],
)
def test_partner_mistakes_are_refused(client, group, member, partners, message):
    client.force_login(member)
    other = OrganisationFactory()
    rows = (
        [(org_of(member), "lead"), (other, "lead")]
        if partners == "two-leads"
        else [(org_of(member), "lead"), (org_of(member), "partner")]
    )
    data = practice_post_data(territory=group.territory, group=group, partners=rows)

    response = client.post("/en/practices/new/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Practice.objects.exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>", "not a url"])
def test_links_must_be_web_addresses(client, group, member, url):
    client.force_login(member)
    data = practice_post_data(territory=group.territory, group=group, links=[("Lien", url)])

    response = client.post("/en/practices/new/", data)

    assert response.status_code == 400
    assert not Practice.objects.exists()
    assert not Link.objects.exists()


def test_a_link_without_a_scheme_gets_https(client, group, member):
    client.force_login(member)
    data = practice_post_data(
        territory=group.territory, group=group, links=[("Lien", "example.org/page")]
    )

    assert client.post("/en/practices/new/", data).status_code == 302
    assert Link.objects.get().url == "https://example.org/page"


# ---------------------------------------------------------------- who may edit


def edit_url(practice, lang="fr"):
    return f"/{lang}/practices/{practice.slug}/edit/"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (S.DRAFT, {"author": 200, "member": 404, "coordinator": 404, "other_member": 404}),
        (S.CHANGES_REQUESTED, {"author": 200, "member": 404, "coordinator": 200, "staff": 200}),
        (S.SUBMITTED, {"author": 403, "member": 404, "coordinator": 200, "staff": 200}),
        (
            S.PUBLISHED,
            {
                "author": 403,
                "member": 403,
                "other_member": 403,
                "other_coordinator": 403,
                "coordinator": 200,
                "staff": 200,
                "outsider": 403,
            },
        ),
        (S.ARCHIVED, {"author": 403, "coordinator": 200, "other_coordinator": 404}),
    ],
)
def test_who_may_open_the_edit_page(client, request, make_practice, status, expected):
    practice = make_practice(status)
    for who, code in expected.items():
        client.force_login(request.getfixturevalue(who))
        assert client.get(edit_url(practice)).status_code == code, who


def test_anonymous_visitors_are_sent_to_log_in_to_edit(client, make_practice):
    practice = make_practice(S.PUBLISHED)

    response = client.get(edit_url(practice))

    assert response.status_code == 302
    assert response.url.startswith("/fr/accounts/login/")


@pytest.mark.parametrize("status", [S.SUBMITTED, S.PUBLISHED])
def test_owners_cannot_change_a_practice_under_review_or_published(
    client, author, make_practice, status
):
    practice = make_practice(status)
    client.force_login(author)
    data = complete_post(practice.group, org_of(author), title_fr="Changée", version="1")

    response = client.post(edit_url(practice), data)

    assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.title_fr != "Changée"
    assert practice.version == 1


def test_a_member_cannot_change_another_organisations_draft(client, member, make_practice):
    practice = make_practice(S.DRAFT)
    client.force_login(member)
    data = complete_post(practice.group, org_of(member), title_fr="Volée", version="1")

    assert client.post(edit_url(practice), data).status_code == 404
    practice.refresh_from_db()
    assert practice.title_fr != "Volée"


def test_a_coordinator_edits_a_published_practice(client, coordinator, make_practice):
    practice = make_practice(S.PUBLISHED)
    client.force_login(coordinator)
    data = form_data(client.get(edit_url(practice)))
    data["summary_fr"] = "Résumé corrigé par la coordination."

    response = client.post(edit_url(practice), data)

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.summary_fr == "Résumé corrigé par la coordination."
    assert practice.status == S.PUBLISHED
    assert practice.version == 2
    assert practice.lead == org_of(practice.created_by)


def test_the_owner_edits_a_draft_and_removes_a_partner(client, author, make_practice):
    practice = make_practice(S.DRAFT)
    extra = Partner.objects.create(
        practice=practice, organisation=OrganisationFactory(), role="funder"
    )
    client.force_login(author)
    data = form_data(client.get(edit_url(practice)))
    index = next(
        k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(extra.pk)
    )
    data[f"partners-{index}-DELETE"] = "on"
    data["description_fr"] = "Nouvelle description."

    assert client.post(edit_url(practice), data).status_code == 302

    practice.refresh_from_db()
    assert practice.description_fr == "Nouvelle description."
    assert list(practice.partner_set.values_list("role", flat=True)) == ["lead"]


# ---------------------------------------------------------------- save and submit


def test_save_and_submit_submits_a_complete_practice(client, group, member, coordinator):
    client.force_login(member)
    data = complete_post(group, org_of(member), submit="")

    response = client.post("/en/practices/new/", data)

    practice = Practice.objects.get()
    assert practice.status == S.SUBMITTED
    assert response.url == f"/en/practices/{practice.slug}/"
    step = Transition.objects.get()
    assert (step.by, step.from_status, step.to_status) == (member, S.DRAFT, S.SUBMITTED)
    assert "Practice submitted for review." in messages_of(response)


def test_save_and_submit_keeps_an_incomplete_draft_and_says_what_is_missing(client, group, member):
    client.force_login(member)
    data = practice_post_data(
        territory=group.territory,
        group=group,
        sectors=("justice",),
        title_fr="Pas encore finie",
        summary_fr="Un résumé.",
        submit="",
    )

    response = client.post("/en/practices/new/", data)

    practice = Practice.objects.get()
    assert practice.status == S.DRAFT
    assert not practice.transitions.exists()
    assert response.status_code == 302
    assert response.url == f"/en/practices/{practice.slug}/edit/"
    (warning,) = messages_of(response)
    assert warning == (
        "The practice is saved but not submitted yet. "
        "Before submitting, add: a description in French or English. "
        "Before submitting, add: at least two sectors involved (it is an inter-sectoral practice). "
        "Before submitting, add: a lead organisation among the partners."
    )


def test_save_and_submit_from_the_edit_page_of_a_sent_back_practice(client, author, make_practice):
    practice = make_practice(S.CHANGES_REQUESTED, review_note="Ajoutez une source.")
    client.force_login(author)
    data = form_data(client.get(edit_url(practice)))
    data["links-0-title"] = "Source"
    data["links-0-url"] = "https://example.org/source"
    data["submit"] = ""

    assert client.post(edit_url(practice), data).status_code == 302

    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED
    assert practice.links.count() == 1


def test_reviewers_do_not_get_a_submit_button(client, coordinator, make_practice):
    practice = make_practice(S.SUBMITTED)
    client.force_login(coordinator)

    page = client.get(edit_url(practice)).content.decode()

    assert 'name="submit"' not in page
    assert 'name="save"' in page


# ---------------------------------------------------------------- preview


def test_preview_renders_the_description_and_saves_nothing(client, group, member):
    client.force_login(member)
    data = complete_post(
        group,
        org_of(member),
        description_fr=(
            "Un **protocole** commun.\n\n- police\n- justice\n\n<script>alert(1)</script>"
        ),
        preview="",
    )

    response = client.post("/fr/practices/new/", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>protocole</strong>" in page
    assert "<li>police</li>" in page
    assert "<script>alert(1)</script>" not in page
    assert not Practice.objects.exists()
    assert not Partner.objects.exists()
    # The typed text is still in the form.
    assert form_data(response)["description_fr"] == data["description_fr"]


def test_preview_of_an_existing_practice_changes_nothing(client, author, make_practice):
    practice = make_practice(S.DRAFT)
    history = practice.history.count()
    client.force_login(author)
    data = form_data(client.get(edit_url(practice, "en")))
    data["description_en"] = "An *emphasised* word."
    data["title_fr"] = "Titre non enregistré"
    data["preview"] = ""

    response = client.post(edit_url(practice, "en"), data)

    assert response.status_code == 200
    assert "<em>emphasised</em>" in response.content.decode()
    practice.refresh_from_db()
    assert practice.title_fr != "Titre non enregistré"
    assert practice.version == 1
    assert practice.history.count() == history


# ---------------------------------------------------------------- errors keep what was typed


def test_a_form_error_keeps_every_typed_value(client, group, member):
    client.force_login(member)
    data = complete_post(
        group,
        org_of(member),
        title_en="Joint protocol",
        summary_en="A protocol signed by all.",
        description_en="The *protocol* organises reporting.",
        child_participation_fr="Un conseil d'enfants a relu le texte.",
        year_started="2020",
        year_ended="2010",
        evidence="promising",
        themes=[str(pk) for pk in Theme.objects.values_list("pk", flat=True)[:2]],
        languages=["fr", "de"],
    )

    response = client.post("/en/practices/new/", data)

    assert response.status_code == 400
    assert "A practice cannot end before it starts." in response.content.decode()
    assert not Practice.objects.exists()
    echoed = form_data(response)
    for name, value in data.items():
        if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS")):
            continue
        assert echoed.get(name, "") == value, name


def test_a_form_without_a_title_says_so(client, group, member):
    client.force_login(member)
    data = practice_post_data(territory=group.territory, group=group, title_fr="", title_en="")

    response = client.post("/en/practices/new/", data)

    assert response.status_code == 400
    assert "Give a title in French or in English." in response.content.decode()


# ---------------------------------------------------------------- concurrent edits


@pytest.fixture
def colleague(group, author):
    return member_user(group, organisation=org_of(author))


def test_a_concurrent_edit_is_a_conflict_that_keeps_the_second_editors_text(
    author, colleague, make_practice
):
    practice = make_practice(S.DRAFT)
    first, second = Client(), Client()
    first.force_login(author)
    second.force_login(colleague)
    first_data = form_data(first.get(edit_url(practice, "en")))
    second_data = form_data(second.get(edit_url(practice, "en")))
    assert first_data["version"] == second_data["version"] == "1"

    first_data["description_fr"] = "Texte de la première personne."
    assert first.post(edit_url(practice, "en"), first_data).status_code == 302

    second_data["description_fr"] = "Texte de la seconde personne."
    second_data["summary_fr"] = "Résumé de la seconde personne."
    conflict = second.post(edit_url(practice, "en"), second_data)

    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "Someone else saved this practice while you were editing it." in page
    practice.refresh_from_db()
    assert practice.description_fr == "Texte de la première personne."
    assert practice.version == 2
    again = form_data(conflict)
    assert again["description_fr"] == "Texte de la seconde personne."
    assert again["summary_fr"] == "Résumé de la seconde personne."
    assert again["version"] == "2"

    # Saving again, knowingly, replaces the first version.
    assert second.post(edit_url(practice, "en"), again).status_code == 302
    practice.refresh_from_db()
    assert practice.description_fr == "Texte de la seconde personne."
    assert practice.version == 3


def test_a_conflict_writes_nothing_at_all(author, colleague, make_practice):
    practice = make_practice(S.DRAFT)
    first, second = Client(), Client()
    first.force_login(author)
    second.force_login(colleague)
    first_data = form_data(first.get(edit_url(practice)))
    second_data = form_data(second.get(edit_url(practice)))
    assert first.post(edit_url(practice), first_data).status_code == 302
    history = practice.history.count()

    second_data["links-0-title"] = "Un lien ajouté"
    second_data["links-0-url"] = "https://example.org/ajout"
    assert second.post(edit_url(practice), second_data).status_code == 409

    assert not Link.objects.exists()
    assert practice.history.count() == history


def test_a_concurrent_edit_that_renamed_the_practice_is_still_a_conflict(
    author, colleague, make_practice
):
    """The first editor changes the title (so the address); the second's text is not lost."""
    practice = make_practice(S.DRAFT)
    old_url = edit_url(practice)
    first, second = Client(), Client()
    first.force_login(author)
    second.force_login(colleague)
    first_data = form_data(first.get(old_url))
    second_data = form_data(second.get(old_url))

    first_data["title_fr"] = "Un tout nouveau titre"
    assert first.post(old_url, first_data).status_code == 302

    second_data["description_fr"] = "Mon texte à ne pas perdre."
    conflict = second.post(old_url, second_data)

    assert conflict.status_code == 409
    assert form_data(conflict)["description_fr"] == "Mon texte à ne pas perdre."


def test_a_workflow_step_in_between_is_a_conflict_too(client, author, coordinator, make_practice):
    """A coordinator sends the practice back while the owner edits: a new version."""
    practice = make_practice(S.SUBMITTED)
    practice_transition(practice=practice, action="request_changes", by=coordinator, note="x")
    client.force_login(author)
    data = form_data(client.get(edit_url(practice)))
    practice_transition(practice=practice, action="submit", by=author)
    practice_transition(practice=practice, action="request_changes", by=coordinator, note="y")

    assert client.post(edit_url(practice), data).status_code == 409


# ---------------------------------------------------------------- slugs and history


def test_a_new_title_gives_a_new_address_and_the_old_one_redirects(client, author, make_practice):
    practice = make_practice(S.DRAFT, title_fr="Ancien titre", slug="ancien-titre")
    client.force_login(author)
    data = form_data(client.get(edit_url(practice)))
    data["title_fr"] = "Nouveau titre"

    response = client.post(edit_url(practice), data)

    practice.refresh_from_db()
    assert practice.slug == "nouveau-titre"
    assert response.url == "/fr/practices/nouveau-titre/"
    old = client.get("/fr/practices/ancien-titre/")
    assert old.status_code == 301
    assert old.url == "/fr/practices/nouveau-titre/"
    edit = client.get("/en/practices/ancien-titre/edit/")
    assert edit.status_code == 301
    assert edit.url == "/en/practices/nouveau-titre/edit/"
    assert client.get(old.url).status_code == 200


def test_an_unchanged_title_keeps_the_address(client, author, make_practice):
    practice = make_practice(S.DRAFT, title_fr="Même titre", slug="meme-titre")
    client.force_login(author)
    data = form_data(client.get(edit_url(practice)))
    data["summary_fr"] = "Autre résumé."

    client.post(edit_url(practice), data)

    practice.refresh_from_db()
    assert practice.slug == "meme-titre"
    assert not OldSlug.objects.exists()


def test_a_title_changed_back_takes_back_its_address(client, author, make_practice):
    practice = make_practice(S.DRAFT, title_fr="Alpha", slug="alpha")
    client.force_login(author)
    for title in ("Bravo", "Alpha"):
        data = form_data(client.get(edit_url(practice)))
        data["title_fr"] = title
        client.post(edit_url(practice), data)
        practice.refresh_from_db()

    assert practice.slug == "alpha"
    assert client.get("/fr/practices/alpha/").status_code == 200
    bravo = client.get("/fr/practices/bravo/")
    assert (bravo.status_code, bravo.url) == (301, "/fr/practices/alpha/")


def test_an_old_address_is_never_given_to_another_practice(client, group, member, make_practice):
    renamed = make_practice(S.PUBLISHED, title_fr="Maison des enfants", slug="maison-des-enfants")
    renamed.title_fr = "Maison des enfants de Paris"
    refresh_slug(renamed)
    renamed.save()
    client.force_login(member)

    client.post(
        "/fr/practices/new/", complete_post(group, org_of(member), title_fr="Maison des enfants")
    )

    new = Practice.objects.exclude(pk=renamed.pk).get()
    assert new.slug == "maison-des-enfants-2"
    redirect = client.get("/fr/practices/maison-des-enfants/")
    assert redirect.url == f"/fr/practices/{renamed.slug}/"


def test_two_practices_with_the_same_title_get_different_addresses(client, group, member):
    client.force_login(member)
    for _ in range(2):
        client.post("/fr/practices/new/", complete_post(group, org_of(member), title_fr="Même"))

    assert sorted(Practice.objects.values_list("slug", flat=True)) == ["meme", "meme-2"]


def test_every_save_is_kept_in_history(client, author, coordinator, make_practice):
    practice = make_practice(S.DRAFT, summary_fr="Première version.")
    client.force_login(author)
    counts = [practice.history.count()]
    for summary in ("Deuxième version.", "Troisième version."):
        data = form_data(client.get(edit_url(practice)))
        data["summary_fr"] = summary
        assert client.post(edit_url(practice), data).status_code == 302
        counts.append(practice.history.count())

    assert counts == [counts[0], counts[0] + 1, counts[0] + 2]
    summaries = list(practice.history.order_by("history_id").values_list("summary_fr", flat=True))
    assert summaries[-3:] == ["Première version.", "Deuxième version.", "Troisième version."]
    assert practice.history.latest().history_user == author


def test_workflow_steps_are_kept_in_history_too(author, coordinator, make_practice):
    practice = make_practice(S.DRAFT)
    before = practice.history.count()
    practice_transition(practice=practice, action="submit", by=author)
    practice_transition(practice=practice, action="publish", by=coordinator)

    statuses = list(practice.history.order_by("history_id").values_list("status", flat=True))
    assert practice.history.count() == before + 2
    assert statuses[-2:] == [S.SUBMITTED, S.PUBLISHED]


# ---------------------------------------------------------------- attachments


def post_with(client, group, member, *uploads, lang="en"):
    """Add a complete practice with ``uploads`` as its documents."""
    attachments = [(f"Document {i}", upload) for i, upload in enumerate(uploads)]
    data = complete_post(group, org_of(member), attachments=attachments)
    return client.post(f"/{lang}/practices/new/", data)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "suffix"),
    [
        ("Rapport annuel 2023.PDF", PDF, "application/pdf", ".pdf"),
        ("schéma.png", PNG, "image/png", ".png"),
        (
            "protocole.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
        ("image-named-as.pdf", PNG, "image/png", ".png"),
        ("page.html", PDF, "application/pdf", ".pdf"),
        (
            "compte-rendu.odt",
            zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}),
            "application/vnd.oasis.opendocument.text",
            ".odt",
        ),
    ],
)
def test_accepted_uploads_are_stored_under_a_generated_name(
    client, group, member, name, content, content_type, suffix
):
    client.force_login(member)

    response = post_with(client, group, member, SimpleUploadedFile(name, content, "text/html"))

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == content_type  # by content, not by what the browser said
    assert attachment.size == len(content)
    assert attachment.original_name == name
    stored = attachment.file.name
    assert stored.startswith("practices/")
    assert Path(stored).stem not in name
    assert len(Path(stored).stem) == 32
    assert Path(stored).suffix == suffix
    assert Path(attachment.file.path).read_bytes() == content


def test_a_path_in_the_uploaded_name_goes_nowhere(client, group, member):
    client.force_login(member)

    post_with(client, group, member, SimpleUploadedFile("../../etc/cron.d/evil.pdf", PDF))

    attachment = Attachment.objects.get()
    assert attachment.original_name == "evil.pdf"
    assert ".." not in attachment.file.name
    assert Path(attachment.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


REFUSED = [
    (
        "drawing.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b"<script>alert(1)</script></svg>",
        "This file type is not accepted.",
    ),
    ("page.html", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
     "This file type is not accepted."),
    ("disguised.pdf", b"<html><script>alert(document.cookie)</script></html>",
     "This file type is not accepted."),
    ("archive.zip", zipped({"readme.txt": "hello"}), "This file type is not accepted."),
    ("fake.docx", zipped({"word/document.xml": "<x/>"}), "This file type is not accepted."),
    ("fake.odt", zipped({"mimetype": "text/html", "index.html": "<script>alert(1)</script>"}),
     "This file type is not accepted."),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 100, "This document is damaged"),
    ("notes.txt", b"just some text", "This file type is not accepted."),
    ("empty.pdf", b"", "empty"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), REFUSED)
def test_refused_uploads_save_nothing(client, group, member, name, content, message):
    client.force_login(member)

    response = post_with(
        client, group, member, SimpleUploadedFile(name, content, "application/pdf")
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Practice.objects.exists()
    assert not Partner.objects.exists()
    assert not Attachment.objects.exists()
    assert media_files() == []


def test_a_file_over_10_mb_is_refused(client, group, member):
    client.force_login(member)
    big = PDF + b"0" * (10 * 1024 * 1024 + 1 - len(PDF))

    response = post_with(client, group, member, SimpleUploadedFile("big.pdf", big))

    assert response.status_code == 400
    assert "The file is too large (10.0 MB); the limit is 10 MB." in response.content.decode()
    assert not Practice.objects.exists()
    assert not Attachment.objects.exists()
    assert media_files() == []


def test_a_file_of_exactly_10_mb_is_accepted():
    upload = SimpleUploadedFile("ok.pdf", PDF + b"0" * (10 * 1024 * 1024 - len(PDF)))

    assert uploads.detect_type(upload) == "application/pdf"


def test_the_size_limit_is_the_constant(client, group, member, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ATTACHMENT_BYTES", 100)
    client.force_login(member)

    response = post_with(client, group, member, SimpleUploadedFile("a.pdf", PDF + b" " * 100))

    assert response.status_code == 400
    assert not Attachment.objects.exists()


def test_a_bad_upload_on_an_existing_practice_saves_none_of_the_changes(
    client, author, make_practice
):
    practice = make_practice(S.DRAFT, title_fr="Titre d'origine")
    client.force_login(author)
    data = form_data(client.get(edit_url(practice, "en")))
    data["title_fr"] = "Titre modifié"
    data["attachments-0-title"] = "Piège"
    data["attachments-0-file"] = SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>")

    response = client.post(edit_url(practice, "en"), data)

    assert response.status_code == 400
    assert "This file type is not accepted." in response.content.decode()
    practice.refresh_from_db()
    assert practice.title_fr == "Titre d'origine"
    assert practice.version == 1
    assert not Attachment.objects.exists()


def test_an_attachment_is_downloaded_with_its_recorded_type(client, group, member):
    client.force_login(member)
    post_with(client, group, member, SimpleUploadedFile("Compte rendu.pdf", PDF))
    attachment = Attachment.objects.get()
    practice = attachment.practice
    practice.status = S.PUBLISHED
    practice.save()
    client.logout()

    response = client.get(f"/fr/practices/{practice.slug}/attachments/{attachment.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Compte rendu.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_draft_attachment_is_for_its_owners_only(client, group, member, other_member):
    client.force_login(member)
    post_with(client, group, member, SimpleUploadedFile("brouillon.pdf", PDF))
    attachment = Attachment.objects.get()
    url = attachment.get_absolute_url()

    assert client.get(url).status_code == 200
    client.force_login(other_member)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_a_draft_attachment_is_hidden_from_another_organisation_of_the_same_group(
    client, group, author, member
):
    """``member`` is in the same working group as ``author``, from another organisation."""
    client.force_login(author)
    post_with(client, group, author, SimpleUploadedFile("brouillon.pdf", PDF))
    url = Attachment.objects.get().get_absolute_url()
    assert client.get(url).status_code == 200

    client.force_login(member)
    assert client.get(url).status_code == 404


def test_an_attachment_is_only_found_under_its_own_practice(client, group, member, make_practice):
    client.force_login(member)
    post_with(client, group, member, SimpleUploadedFile("brouillon.pdf", PDF))
    attachment = Attachment.objects.get()
    public = make_practice(S.PUBLISHED)
    client.logout()

    assert (
        client.get(f"/fr/practices/{public.slug}/attachments/{attachment.pk}/").status_code == 404
    )


def test_the_add_form_has_the_right_management_fields(client, member):
    client.force_login(member)
    data = form_data(client.get("/fr/practices/new/"))

    for prefix in ("partners", "links", "attachments"):
        for suffix in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            assert f"{prefix}-{suffix}" in data


def test_sectors_are_checkboxes_of_every_sector(client, member):
    client.force_login(member)
    page = client.get("/fr/practices/new/").content.decode()

    for pk in Sector.objects.values_list("pk", flat=True):
        assert f'name="sectors" value="{pk}"' in page


def test_a_coordinator_of_two_groups_chooses_the_group(client, group, other_group):
    user = member_user(group, role=Membership.Role.COORDINATOR)
    MembershipFactory(person=user.person, group=other_group)
    client.force_login(user)
    data = complete_post(other_group, org_of(user))

    assert client.post("/fr/practices/new/", data).status_code == 302
    assert Practice.objects.get().group == other_group


def test_a_complete_practice_can_be_made_in_code_for_other_tests(make_practice):
    assert make_practice(S.DRAFT).missing_for_submission() == []
    assert complete(PracticeFactory(status=S.DRAFT)).missing_for_submission() == []


@pytest.mark.parametrize("title", ["New", "Mine", "Review", "Feed"])
def test_a_title_that_names_a_catalogue_page_still_gets_its_own_address(
    client, group, member, title
):
    client.force_login(member)

    response = client.post(
        "/fr/practices/new/", complete_post(group, org_of(member), title_fr=title)
    )

    practice = Practice.objects.get()
    assert practice.slug != title.lower()
    assert response.url == f"/fr/practices/{practice.slug}/"
    page = client.get(response.url)
    assert page.status_code == 200
    assert page.context["practice"] == practice


def test_mistakes_in_partner_and_link_rows_are_listed_in_the_summary_at_the_top(
    client, group, member
):
    """Errors of a row, not only of the whole list, reach the summary, each with a link to
    its field."""
    client.force_login(member)
    data = practice_post_data(
        territory=group.territory,
        group=group,
        partners=[(org_of(member), "lead")],
        links=[("Lien", "javascript:alert(1)")],
    )
    data["partners-0-role"] = "boss"

    response = client.post("/en/practices/new/", data)

    assert response.status_code == 400
    page = response.content.decode()
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#id_partners-0-role">Partner 1, Role: Select a valid choice.' in summary
    assert '<a href="#id_links-0-url">Link 1, Address: ' in summary
    assert not Practice.objects.exists()


@pytest.mark.parametrize("year", ["1850", "9999"])
def test_a_year_out_of_range_is_refused_by_the_form_and_by_the_model(client, group, member, year):
    """The years are the model's rule (the fields' validator): the form shows it, and the
    admin, the services and an import hold it too."""
    from django.core.exceptions import ValidationError

    client.force_login(member)
    response = client.post(
        "/en/practices/new/", complete_post(group, org_of(member), year_started=year)
    )
    assert response.status_code == 400
    assert "Give a year between 1900 and" in response.content.decode()
    assert not Practice.objects.exists()

    practice = PracticeFactory(year_started=2015)
    practice.year_ended = int(year)
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert error.value.error_dict["year_ended"][0].code == "year_out_of_range"
