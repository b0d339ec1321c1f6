"""Every rule of a practice holds whoever writes it: the admin (staff with two-factor),
the services called from the shell or an import, and the portal's pages."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from practices import services
from practices.models import Attachment, Link, OldSlug, Partner, Practice, Transition
from practices.services import AttachmentData, LinkData, PartnerData
from stakeholders.models import Membership, Sector
from tests.factories import OrganisationFactory, UserFactory, WorkingGroupFactory, member_user

from .factories import org_of
from .helpers import form_data

pytestmark = pytest.mark.django_db

S = Practice.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CHANGELIST = "/admin/practices/practice/"


def change_url(practice):
    return f"/admin/practices/practice/{practice.pk}/change/"


def admin_form(client, practice):
    """What staff's browser posts back from the practice's admin page, unchanged."""
    return form_data(client.get(change_url(practice)), form_id="practice_form")


def assert_published_as_made(practice):
    """Nothing of a refused save of a practice made by ``make_practice`` was written."""
    practice.refresh_from_db()
    assert (practice.title_fr, practice.version, practice.status) == (
        "Titre publié",
        1,
        S.PUBLISHED,
    )
    assert practice.sectors.count() == 2
    assert practice.partner_set.get().role == Partner.Role.LEAD


def message_texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def sector_ids(*codes):
    return [str(pk) for pk in Sector.objects.filter(code__in=codes).values_list("pk", flat=True)]


# ---------------------------------------------------------------- the admin's change form


def test_staff_edit_a_published_practice_in_the_admin_through_the_portal_s_service(
    client, staff, make_practice
):
    practice = make_practice(S.PUBLISHED, title_fr="Ancien titre", slug="ancien-titre")
    client.force_login(staff)
    data = admin_form(client, practice)
    data["title_fr"] = "Nouveau titre"

    response = client.post(change_url(practice), data)

    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.title_fr, practice.slug, practice.version) == (
        "Nouveau titre",
        "nouveau-titre",
        2,
    )
    assert OldSlug.objects.filter(slug="ancien-titre", practice=practice).exists()
    assert practice.status == S.PUBLISHED
    last = practice.history.first()
    assert (last.history_change_reason, last.history_user) == ("edited", staff)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            lambda data: data.update(sectors=sector_ids("justice")),
            "sectors",
            "doit garder au moins deux secteurs concernés",
        ),
        (
            lambda data: data.update({"partner_set-0-DELETE": "on"}),
            None,
            "doit garder une organisation chef de file parmi les partenaires",
        ),
        (
            lambda data: data.update({"partner_set-0-role": "partner"}),
            None,
            "doit garder une organisation chef de file parmi les partenaires",
        ),
        (
            lambda data: data.update(summary_fr="", summary_en=""),
            "summary_fr",
            "doit garder un résumé en français ou en anglais",
        ),
        (
            lambda data: data.update(description_fr="", description_en=""),
            "description_fr",
            "doit garder une description en français ou en anglais",
        ),
    ],
    ids=["one sector left", "lead removed", "lead made a partner", "no summary", "no text"],
)
def test_an_admin_edit_cannot_leave_a_published_practice_breaking_a_rule(
    client, staff, make_practice, change, field, message
):
    practice = make_practice(S.PUBLISHED, title_fr="Titre publié")
    client.force_login(staff)
    data = admin_form(client, practice)
    data["title_fr"] = "Titre changé en même temps"
    change(data)

    response = client.post(change_url(practice), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Une pratique en relecture ou publiée " + message in content
    assert 'value="Titre changé en même temps"' in content  # what staff typed is kept
    if field:
        assert response.context["adminform"].form.errors[field]
    assert_published_as_made(practice)


def test_an_admin_edit_cannot_make_a_practice_end_before_it_starts(client, staff, make_practice):
    practice = make_practice(S.PUBLISHED, title_fr="Titre publié")
    client.force_login(staff)
    data = admin_form(client, practice)
    data.update(year_started="2020", year_ended="2010")

    response = client.post(change_url(practice), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["year_ended"] == ["Une pratique ne peut pas se terminer avant d’avoir commencé."]
    assert "__all__" not in errors
    practice.refresh_from_db()
    assert (practice.year_started, practice.year_ended, practice.version) == (None, None, 1)


def test_the_admin_shows_the_review_fields_but_does_not_take_them(client, staff, make_practice):
    practice = make_practice(S.DRAFT, sectors=("justice",))
    client.force_login(staff)
    data = admin_form(client, practice)
    for name in ("status", "published_at", "reviewed_by", "review_note", "created_by"):
        assert name not in data
    data.update(
        status=S.PUBLISHED,
        published_at="2026-01-01 10:00:00",
        reviewed_by=str(staff.pk),
        review_note="Publié à la main",
        created_by=str(staff.pk),
    )

    response = client.post(change_url(practice), data)

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == S.DRAFT
    assert practice.published_at is None
    assert practice.reviewed_by is None
    assert practice.review_note == ""
    assert practice.created_by != staff
    assert not practice.transitions.exists()
    assert "Brouillon" in client.get(change_url(practice)).content.decode()


def test_changing_the_partners_of_a_published_practice_in_the_admin_sends_it_back_to_review(
    client, staff, make_practice
):
    practice = make_practice(S.PUBLISHED)
    partner = OrganisationFactory()
    client.force_login(staff)
    data = admin_form(client, practice)
    data.update(
        {
            "partner_set-TOTAL_FORMS": "2",
            "partner_set-1-organisation": str(partner.pk),
            "partner_set-1-role": "partner",
            "partner_set-1-practice": str(practice.pk),
        }
    )

    response = client.post(change_url(practice), data)

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED
    assert practice.reviewed_by is None
    assert practice.partners.filter(pk=partner.pk).exists()
    step = practice.transitions.get()
    assert (step.from_status, step.to_status, step.by) == (S.PUBLISHED, S.SUBMITTED, staff)


def test_an_admin_save_over_a_newer_version_is_a_conflict_then_replaces_it(
    client, staff, make_practice
):
    practice = make_practice(S.PUBLISHED, title_fr="Titre")
    client.force_login(staff)
    data = admin_form(client, practice)
    Practice.objects.filter(pk=practice.pk).update(version=5, title_fr="Titre d'un autre")
    data["title_fr"] = "Titre de l'admin"

    response = client.post(change_url(practice), data)

    assert response.status_code == 200
    assert "Quelqu’un d’autre a enregistré cette pratique pendant que vous la modifiiez." in (
        response.content.decode()
    )
    practice.refresh_from_db()
    assert (practice.title_fr, practice.version) == ("Titre d'un autre", 5)
    again = form_data(response, form_id="practice_form")
    assert again["edited_version"] == "5"
    assert client.post(change_url(practice), again).status_code == 302
    practice.refresh_from_db()
    assert (practice.title_fr, practice.version) == ("Titre de l'admin", 6)


def test_staff_add_a_practice_in_the_admin_as_a_draft_of_theirs(client, staff, group):
    organisation = OrganisationFactory()
    client.force_login(staff)
    page = client.get("/admin/practices/practice/add/")
    data = form_data(page, form_id="practice_form")
    data.update(
        title_fr="Pratique de l'admin",
        territory=str(group.territory.pk),
        organisation=str(organisation.pk),
        group=str(group.pk),
        sectors=sector_ids("justice", "police"),
        evidence="emerging",
        languages="[]",
    )

    response = client.post("/admin/practices/practice/add/", data)

    assert response.status_code == 302
    practice = Practice.objects.get()
    assert (practice.status, practice.slug, practice.created_by) == (
        S.DRAFT,
        "pratique-de-ladmin",
        staff,
    )


def test_staff_rename_a_link_and_remove_a_document_in_the_admin(client, staff, make_practice):
    practice = make_practice(S.PUBLISHED)
    link = Link.objects.create(practice=practice, url="https://example.org/a", title="Ancien")
    kept, removed = (
        Attachment.objects.create(
            practice=practice,
            title=title,
            file=SimpleUploadedFile(f"{title}.pdf", PDF),
            content_type="application/pdf",
            size=len(PDF),
        )
        for title in ("Gardé", "Retiré")
    )
    client.force_login(staff)
    data = admin_form(client, practice)
    data["links-0-title"] = "Nouveau"
    data["attachments-1-DELETE"] = "on"

    response = client.post(change_url(practice), data)

    assert response.status_code == 302
    link.refresh_from_db()
    assert link.title == "Nouveau"
    assert list(practice.attachments.all()) == [kept]
    assert not Attachment.objects.filter(pk=removed.pk).exists()
    practice.refresh_from_db()
    assert (practice.status, practice.version) == (S.PUBLISHED, 2)


# ---------------------------------------------------------------- the admin's actions


def run_action(client, action, *practices, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [str(p.pk) for p in practices], **extra},
    )


def test_staff_publish_from_the_admin_through_the_workflow(
    client, staff, make_practice, mailoutbox, django_capture_on_commit_callbacks
):
    practice = make_practice(S.SUBMITTED)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(client, "publish", practice)

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == S.PUBLISHED
    assert practice.published_at is not None
    assert practice.reviewed_by == staff
    step = practice.transitions.get()
    assert (step.from_status, step.to_status, step.by) == (S.SUBMITTED, S.PUBLISHED, staff)
    assert len(mailoutbox) == 1  # the author is told
    assert any("1" in text for text in message_texts(response))


def test_an_admin_publish_refuses_each_practice_that_breaks_a_rule_and_says_why(
    client, staff, make_practice
):
    complete_one = make_practice(S.SUBMITTED, title_fr="Complète")
    one_sector = make_practice(S.SUBMITTED, title_fr="Un secteur", sectors=("justice",))
    draft = make_practice(S.DRAFT, title_fr="Brouillon")
    written_by_staff = make_practice(S.SUBMITTED, title_fr="De l'admin", created_by=staff)
    client.force_login(staff)

    response = run_action(client, "publish", complete_one, one_sector, draft, written_by_staff)

    texts = message_texts(response)
    assert any("« Un secteur »" in t and "au moins deux secteurs" in t for t in texts), texts
    assert any("« Brouillon »" in t and "ne permet plus cette action" in t for t in texts), texts
    assert any("« De l'admin »" in t and "Principe des quatre yeux" in t for t in texts), texts
    statuses = dict(Practice.objects.values_list("title_fr", "status"))
    assert statuses == {
        "Complète": S.PUBLISHED,
        "Un secteur": S.SUBMITTED,
        "Brouillon": S.DRAFT,
        "De l'admin": S.SUBMITTED,
    }
    assert Transition.objects.count() == 1


def test_an_admin_request_for_changes_asks_for_the_note_first(client, staff, make_practice):
    practice = make_practice(S.SUBMITTED)
    client.force_login(staff)

    page = run_action(client, "request_changes", practice)

    assert page.status_code == 200
    assert "Note aux auteurs (obligatoire)" in page.content.decode()
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED

    empty = run_action(client, "request_changes", practice, apply="1", note="  ")
    assert empty.status_code == 200
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED

    done = run_action(client, "request_changes", practice, apply="1", note="Précisez le public.")
    assert done.status_code == 302
    practice.refresh_from_db()
    assert (practice.status, practice.review_note, practice.reviewed_by) == (
        S.CHANGES_REQUESTED,
        "Précisez le public.",
        staff,
    )
    assert practice.transitions.get().note == "Précisez le public."


def test_staff_archive_from_the_admin(client, staff, make_practice):
    practice = make_practice(S.PUBLISHED)
    client.force_login(staff)

    run_action(client, "archive", practice)

    practice.refresh_from_db()
    assert practice.status == S.ARCHIVED
    assert practice.transitions.get().by == staff


@pytest.mark.parametrize(
    "who",
    [
        lambda group: UserFactory(is_staff=True, is_superuser=True),  # no two-factor
        lambda group: member_user(group, role=Membership.Role.COORDINATOR),
    ],
    ids=["staff without two-factor", "coordinator"],
)
def test_only_staff_with_two_factor_reach_the_admin_s_actions(client, group, make_practice, who):
    practice = make_practice(S.SUBMITTED)
    client.force_login(who(group))

    response = run_action(client, "publish", practice)

    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/admin/login/" in response["Location"]
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED
    assert not practice.transitions.exists()


# ---------------------------------------------------------------- the services, from the shell


@pytest.mark.parametrize("source", [S.SUBMITTED, S.ARCHIVED])
def test_publishing_from_the_shell_checks_what_the_practice_needs(staff, make_practice, source):
    practice = make_practice(source, sectors=("justice",))

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.practice_transition(practice=practice, action="publish", by=staff)

    assert refused.value.messages == [
        "Before publishing, add: at least two sectors involved (it is an inter-sectoral practice)."
    ]
    practice.refresh_from_db()
    assert practice.status == source
    assert not practice.transitions.exists()


def test_the_four_eyes_rule_holds_from_the_shell(staff, make_practice):
    practice = make_practice(S.SUBMITTED, created_by=staff)

    with translation.override("en"), pytest.raises(PermissionDenied, match="Four-eyes rule"):
        services.practice_transition(practice=practice, action="publish", by=staff)

    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED


def test_a_shell_save_cannot_leave_a_published_practice_with_one_sector(staff, make_practice):
    practice = make_practice(S.PUBLISHED)

    with pytest.raises(ValidationError) as refused:
        services.practice_save(
            practice=practice,
            data={"sectors": Sector.objects.filter(code="justice"), "title_fr": "Changé"},
            by=staff,
            expected_version=practice.version,
        )

    assert "sectors" in refused.value.message_dict
    practice.refresh_from_db()
    assert practice.title_fr != "Changé"
    assert practice.sectors.count() == 2


def test_a_shell_save_cannot_make_a_practice_end_before_it_starts(staff, make_practice):
    practice = make_practice(S.DRAFT, year_started=2015)

    with pytest.raises(ValidationError) as refused:
        services.practice_save(
            practice=practice,
            data={"year_ended": 2010},
            by=staff,
            expected_version=practice.version,
        )

    assert refused.value.error_dict["year_ended"][0].code == "ends_before_start"
    practice.refresh_from_db()
    assert (practice.year_started, practice.year_ended) == (2015, None)


def test_a_shell_save_cannot_remove_the_lead_of_a_practice_under_review(staff, make_practice):
    practice = make_practice(S.SUBMITTED)
    partner = OrganisationFactory()

    with pytest.raises(ValidationError):
        services.practice_save(
            practice=practice,
            data={},
            partners=[PartnerData(organisation=partner)],
            by=staff,
            expected_version=practice.version,
        )

    assert list(practice.partner_set.values_list("organisation", "role")) == [
        (practice.organisation_id, Partner.Role.LEAD)
    ]


def test_a_save_does_not_take_the_review_fields(staff, make_practice):
    practice = make_practice(S.DRAFT)

    with pytest.raises(ValueError, match="status"):
        services.practice_save(
            practice=practice,
            data={"status": S.PUBLISHED},
            by=staff,
            expected_version=practice.version,
        )

    practice.refresh_from_db()
    assert practice.status == S.DRAFT


def test_an_import_saves_a_practice_with_partners_links_and_documents(group, author):
    lead, funder = org_of(author), OrganisationFactory()
    practice = Practice(organisation=lead, group=group, territory=group.territory)

    saved = services.practice_save(
        practice=practice,
        data={
            "title_fr": "Pratique importée",
            "summary_fr": "Un résumé.",
            "description_fr": "Une *description*.",
            "sectors": Sector.objects.filter(code__in=["justice", "police"]),
        },
        partners=[PartnerData(lead, Partner.Role.LEAD), PartnerData(funder, "funder")],
        links=[LinkData(url="https://example.org/protocole", title="Le protocole")],
        attachments=[AttachmentData(title="Bilan", file=SimpleUploadedFile("bilan.pdf", PDF))],
        by=author,
        expected_version=None,
    )

    assert (saved.slug, saved.status, saved.created_by, saved.version) == (
        "pratique-importee",
        S.DRAFT,
        author,
        1,
    )
    assert saved.missing_requirements() == []
    assert Link.objects.get().title == "Le protocole"
    attachment = Attachment.objects.get()
    assert (attachment.content_type, attachment.original_name) == ("application/pdf", "bilan.pdf")
    assert attachment.file.read() == PDF


def test_an_import_s_bad_document_is_refused_and_leaves_nothing(group, author, settings):
    from pathlib import Path

    practice = Practice(organisation=org_of(author), group=group, territory=group.territory)

    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="This file type is not accepted"),
    ):
        services.practice_save(
            practice=practice,
            data={"title_fr": "Pratique importée"},
            attachments=[
                AttachmentData(title="Bon", file=SimpleUploadedFile("bon.pdf", PDF)),
                AttachmentData(title="Piège", file=SimpleUploadedFile("x.pdf", b"<script>")),
            ],
            by=author,
            expected_version=None,
        )

    assert not Practice.objects.exists()
    assert not Attachment.objects.exists()
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []


# ---------------------------------------------------------------- the portal's pages


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data: data.update(sectors=sector_ids("justice")), "at least two sectors"),
        (lambda data: data.update({"partners-0-role": "partner"}), "a lead organisation"),
        (lambda data: data.update(summary_fr="", summary_en=""), "a summary in French"),
    ],
    ids=["one sector left", "lead made a partner", "no summary"],
)
def test_a_coordinator_cannot_leave_a_published_practice_breaking_a_rule_from_its_form(
    client, coordinator, make_practice, change, message
):
    practice = make_practice(S.PUBLISHED, title_fr="Titre publié")
    client.force_login(coordinator)
    url = f"/en/practices/{practice.slug}/edit/"
    data = form_data(client.get(url))
    data["title_fr"] = "Titre changé"
    change(data)

    response = client.post(url, data)

    assert response.status_code == 400
    content = response.content.decode()
    assert "A practice under review or published must keep " + message in content
    assert 'value="Titre changé"' in content
    assert_published_as_made(practice)


def test_a_coordinator_cannot_publish_an_incomplete_practice_from_the_review_page(
    client, coordinator, make_practice
):
    practice = make_practice(S.SUBMITTED, sectors=("justice",))
    client.force_login(coordinator)

    response = client.post(f"/en/practices/{practice.slug}/review/publish/")

    assert response.status_code == 400
    assert "Before publishing, add: at least two sectors involved" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED


@pytest.mark.parametrize("field", ["organisation", "group"])
def test_moving_a_published_practice_to_another_organisation_or_group_sends_it_to_review(
    field, staff, make_practice
):
    """Who keeps a practice and which group reviews it decide who may publish it (four-eyes):
    a change of either is looked at again, from the shell, the admin or a form alike."""
    practice = make_practice(S.PUBLISHED)
    other = OrganisationFactory() if field == "organisation" else WorkingGroupFactory()

    services.practice_save(
        practice=practice, data={field: other}, by=staff, expected_version=practice.version
    )

    practice.refresh_from_db()
    assert getattr(practice, f"{field}_id") == other.pk
    assert practice.status == S.SUBMITTED
    assert practice.reviewed_by is None
