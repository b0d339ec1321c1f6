"""Richer practice records (issue #16, part 2): references, implementation and
transferability, the evidence level's assessment, what each level needs before review and
publication, the public's contact route to the people behind a practice, and the page that
explains the levels."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import ValidationError

from practices import services
from practices.models import (
    CatalogueChange,
    Practice,
    Reference,
    normalise_doi,
)
from practices.services import ReferenceData
from stakeholders.models import Membership
from tests.factories import OrganisationFactory, member_user

from .factories import org_of
from .helpers import form_data, practice_post_data

pytestmark = pytest.mark.django_db

S = Practice.Status
E = Practice.Evidence
EVALUATION = {
    "kind": "evaluation",
    "title": "Évaluation du dispositif",
    "authors": "Dupont, A.; Martin, B.",
    "year": "2021",
    "doi": "https://doi.org/10.1234/Eval.2021-7",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def publish(client, practice, lang="fr", **data):
    return client.post(f"/{lang}/practices/{practice.slug}/review/publish/", data)


# ---------------------------------------------------------------- references in the form


def test_a_member_adds_references_with_the_practice_and_the_doi_is_normalised(
    client, author, group
):
    client.force_login(author)
    data = practice_post_data(
        territory=group.territory,
        group=group,
        references=[
            EVALUATION,
            {"kind": "report", "title": "Rapport d'activité", "url": "example.org/rapport"},
        ],
    )

    response = client.post("/fr/practices/new/", data)

    assert response.status_code == 302
    practice = Practice.objects.get()
    evaluation, report = practice.references.all()
    assert (evaluation.kind, evaluation.doi, evaluation.year) == (
        "evaluation",
        "10.1234/Eval.2021-7",
        2021,
    )
    assert evaluation.doi_url == "https://doi.org/10.1234/Eval.2021-7"
    assert report.url == "https://example.org/rapport"


def test_references_are_kept_changed_and_deleted_through_the_edit_form(
    client, author, make_practice
):
    practice = make_practice(S.DRAFT)
    kept = Reference.objects.create(practice=practice, title="Gardée", publisher="Éditeur")
    gone = Reference.objects.create(practice=practice, title="Supprimée", publisher="Éditeur")
    client.force_login(author)
    data = form_data(client.get(f"/fr/practices/{practice.slug}/edit/"))
    rows = {data[f"references-{i}-title"]: i for i in range(2)}
    data[f"references-{rows['Gardée']}-title"] = "Gardée et renommée"
    data[f"references-{rows['Supprimée']}-DELETE"] = "on"

    response = client.post(f"/fr/practices/{practice.slug}/edit/", data)

    assert response.status_code == 302
    assert list(practice.references.values_list("pk", "title")) == [(kept.pk, "Gardée et renommée")]
    assert not Reference.objects.filter(pk=gone.pk).exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"title": "Sans DOI valable", "doi": "12.34/abc"}, "Indiquez un DOI"),
        ({"title": "Sans DOI valable", "doi": "10.12/abc"}, "Indiquez un DOI"),
        ({"title": "Introuvable"}, "Indiquez un DOI, une adresse ou un éditeur"),
        ({"title": "Trop ancienne", "publisher": "X", "year": "1850"}, "1900"),
    ],
    ids=["not a DOI", "registrant too short", "no source", "year out of bounds"],
)
def test_a_reference_that_cannot_be_found_is_refused_and_nothing_is_lost(
    client, author, group, row, message
):
    client.force_login(author)
    data = practice_post_data(
        territory=group.territory, group=group, title_fr="Ma pratique", references=[row]
    )

    response = client.post("/fr/practices/new/", data)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="Ma pratique"' in html
    assert not Practice.objects.exists()


def test_a_practice_has_at_most_twenty_references(author, make_practice):
    practice = make_practice(S.DRAFT)
    references = [ReferenceData(title=f"R{i}", publisher="P") for i in range(21)]

    with pytest.raises(ValidationError) as refused:
        services.practice_save(
            practice=practice,
            data={},
            references=references,
            by=author,
            expected_version=practice.version,
        )

    assert "20" in str(refused.value.message_dict["references"])
    assert not practice.references.exists()


def test_the_form_refuses_more_than_twenty_references(client, author, group):
    client.force_login(author)
    rows = [{"title": f"R{i}", "publisher": "P"} for i in range(21)]
    data = practice_post_data(territory=group.territory, group=group, references=rows)

    response = client.post("/fr/practices/new/", data)

    assert response.status_code == 400
    assert not Practice.objects.exists()


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("10.1000/xyz", "10.1000/xyz"),
        (" https://doi.org/10.1000/xyz ", "10.1000/xyz"),
        ("http://dx.doi.org/10.1000/xyz", "10.1000/xyz"),
        ("doi: 10.1000/xyz", "10.1000/xyz"),
        ("DOI:10.1000/xyz", "10.1000/xyz"),
    ],
)
def test_a_doi_is_stored_without_its_resolver(given, stored):
    assert normalise_doi(given) == stored


def test_the_admin_normalises_and_checks_a_doi_as_the_portal_does(make_practice):
    practice = make_practice(S.DRAFT)
    reference = Reference(practice=practice, title="T", doi="https://doi.org/10.5555/abc")
    reference.full_clean()
    assert reference.doi == "10.5555/abc"
    with pytest.raises(ValidationError):
        Reference(practice=practice, title="T", doi="https://example.org/x").full_clean()


# ---------------------------------------------------------------- implementation


def test_implementation_and_transferability_are_saved_and_shown(client, author, group):
    client.force_login(author)
    data = practice_post_data(
        territory=group.territory,
        group=group,
        resources_fr="Une salle d'audition équipée.",
        staffing_en="Two investigators and a psychologist.",
        training_fr="Trois jours de formation commune.",
        cost_range="low",
        duration_fr="Une journée par enfant",
        transferability_fr="Un accord entre parquet, police et hôpital.",
    )
    assert client.post("/fr/practices/new/", data).status_code == 302
    practice = Practice.objects.get()
    assert practice.cost_range == Practice.CostRange.LOW

    html = client.get(practice.get_absolute_url()).content.decode()

    assert "Une salle d&#x27;audition équipée." in html
    assert 'lang="en">Two investigators and a psychologist.' in html
    assert "Trois jours de formation commune." in html
    assert "moins de 10 000 € par an" in html
    assert "Un accord entre parquet, police et hôpital." in html


def test_a_form_without_the_cost_range_records_it_as_not_known(client, author, group):
    client.force_login(author)
    data = practice_post_data(territory=group.territory, group=group)
    data.pop("cost_range", None)
    assert client.post("/fr/practices/new/", data).status_code == 302
    assert Practice.objects.get().cost_range == Practice.CostRange.UNKNOWN


# ---------------------------------------------------------------- requirements by level


@pytest.mark.parametrize(
    ("level", "references", "missing"),
    [
        (E.EVALUATED, [], "une évaluation parmi les références"),
        (E.EVALUATED, [{"title": "Un rapport", "publisher": "X"}], "une évaluation"),
        (E.PROMISING, [], "au moins une référence"),
    ],
)
def test_a_level_without_its_references_cannot_be_submitted(
    client, author, group, level, references, missing
):
    client.force_login(author)
    data = practice_post_data(
        territory=group.territory,
        group=group,
        sectors=("justice", "police"),
        partners=[(org_of(author), "lead")],
        summary_fr="Un résumé.",
        description_fr="Une description.",
        evidence=level,
        references=references,
        submit="1",
    )

    response = client.post("/fr/practices/new/", data)

    assert response.status_code == 302
    assert Practice.objects.get().status == S.DRAFT
    assert missing in " ".join(messages_of(response))


@pytest.mark.parametrize(
    ("level", "row"),
    [(E.EVALUATED, EVALUATION), (E.PROMISING, {"title": "Un guide", "publisher": "HAS"})],
)
def test_a_level_with_its_references_is_submitted(client, author, group, level, row):
    client.force_login(author)
    data = practice_post_data(
        territory=group.territory,
        group=group,
        sectors=("justice", "police"),
        partners=[(org_of(author), "lead")],
        summary_fr="Un résumé.",
        description_fr="Une description.",
        evidence=level,
        references=[row],
        submit="1",
    )

    assert client.post("/fr/practices/new/", data).status_code == 302
    assert Practice.objects.get().status == S.SUBMITTED


def test_the_form_marks_the_references_and_links_the_missing_item(client, author, make_practice):
    practice = make_practice(S.DRAFT, evidence=E.PROMISING)
    client.force_login(author)

    html = client.get(f"/fr/practices/{practice.slug}/edit/").content.decode()

    assert 'href="#references"' in html
    assert 'id="references"' in html
    assert "nécessaire pour soumettre une pratique de niveau prometteur ou évalué" in html


def test_a_coordinator_cannot_publish_at_a_level_its_references_do_not_support(
    client, coordinator, make_practice
):
    practice = make_practice(S.SUBMITTED)

    client.force_login(coordinator)
    response = publish(client, practice, "en", evidence=E.PROMISING, rationale="Suivi annuel.")

    assert response.status_code == 400
    assert "Before publishing, add: at least one reference" in response.content.decode()
    practice.refresh_from_db()
    assert (practice.status, practice.evidence) == (S.SUBMITTED, E.EMERGING)


def test_a_published_practice_keeps_the_references_its_level_needs(author, make_practice):
    practice = make_practice(S.PUBLISHED, evidence=E.PROMISING)
    Reference.objects.create(practice=practice, title="Seule", publisher="X")

    with pytest.raises(ValidationError):
        services.practice_save(
            practice=practice, data={}, references=[], by=author, expected_version=1
        )
    assert practice.references.count() == 1


# ---------------------------------------------------------------- assessment


def test_publishing_records_the_coordinator_s_assessment(client, coordinator, make_practice):
    practice = make_practice(S.SUBMITTED, evidence=E.PROMISING)
    Reference.objects.create(practice=practice, kind="evaluation", title="Éval", publisher="X")

    client.force_login(coordinator)
    page = client.get(f"/fr/practices/{practice.slug}/review/publish/").content.decode()
    assert 'name="evidence" value="promising"' in page and "checked" in page
    response = publish(
        client, practice, evidence=E.EVALUATED, rationale="Une évaluation contrôlée en 2021."
    )

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == S.PUBLISHED
    assert practice.evidence == E.EVALUATED
    assert practice.evidence_assessed_by == coordinator
    assert practice.evidence_assessed_at is not None
    assert practice.evidence_rationale == "Une évaluation contrôlée en 2021."


def test_a_promising_or_evaluated_level_needs_its_reason_to_be_published(
    client, coordinator, make_practice
):
    practice = make_practice(S.SUBMITTED, evidence=E.PROMISING)
    Reference.objects.create(practice=practice, title="Rapport", publisher="X")
    client.force_login(coordinator)

    response = publish(client, practice, evidence=E.PROMISING, rationale="  ")

    assert response.status_code == 400
    assert "Dites pourquoi la pratique a ce niveau" in response.content.decode()
    practice.refresh_from_db()
    assert (practice.status, practice.evidence_assessed_by) == (S.SUBMITTED, None)


def test_an_emerging_practice_is_published_without_a_reason(client, coordinator, make_practice):
    practice = make_practice(S.SUBMITTED)
    client.force_login(coordinator)

    assert publish(client, practice).status_code == 302
    practice.refresh_from_db()
    assert (practice.status, practice.evidence_assessed_by) == (S.PUBLISHED, coordinator)


def test_the_four_eyes_rule_still_holds_for_the_assessment(client, group, author, make_practice):
    lead_coordinator = member_user(
        group, role=Membership.Role.COORDINATOR, organisation=org_of(author)
    )
    practice = make_practice(S.SUBMITTED)
    client.force_login(lead_coordinator)

    publish(client, practice, evidence=E.EMERGING, rationale="Par moi-même.")

    practice.refresh_from_db()
    assert (practice.status, practice.evidence_assessed_by) == (S.SUBMITTED, None)


def test_a_change_of_level_records_who_and_when_and_drops_the_old_reason(author, make_practice):
    practice = make_practice(S.DRAFT, evidence_rationale="Ancienne raison.")

    services.practice_save(
        practice=practice,
        data={"evidence": E.PROMISING},
        by=author,
        expected_version=practice.version,
    )

    practice.refresh_from_db()
    assert practice.evidence_assessed_by == author
    assert practice.evidence_assessed_at is not None
    assert practice.evidence_rationale == ""


def test_a_save_that_keeps_the_level_keeps_its_assessment(author, coordinator, make_practice):
    practice = make_practice(
        S.DRAFT, evidence_assessed_by=coordinator, evidence_rationale="Raison."
    )
    services.practice_save(
        practice=practice,
        data={"summary_fr": "Autre résumé."},
        by=author,
        expected_version=practice.version,
    )
    practice.refresh_from_db()
    assert (practice.evidence_assessed_by, practice.evidence_rationale) == (coordinator, "Raison.")


def test_a_published_practice_whose_level_changes_goes_back_to_review(
    other_coordinator, make_practice, staff
):
    practice = make_practice(S.PUBLISHED, evidence_rationale="Raison.")

    services.practice_save(
        practice=practice, data={"evidence": E.PROMISING}, references=[
            ReferenceData(title="Rapport", publisher="X")
        ], by=staff, expected_version=practice.version,
    )  # fmt: skip

    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED
    assert (practice.evidence_assessed_by, practice.evidence_rationale) == (staff, "")


def test_the_admin_shows_the_assessment_read_only_and_the_references_inline(
    client, staff, coordinator, make_practice
):
    practice = make_practice(S.PUBLISHED, evidence_assessed_by=coordinator)
    Reference.objects.create(practice=practice, title="Dans l'admin", publisher="X")
    client.force_login(staff)

    html = client.get(f"/admin/practices/practice/{practice.pk}/change/").content.decode()

    assert 'name="references-0-title"' in html
    assert 'name="evidence_assessed_by"' not in html
    assert 'name="evidence_rationale"' not in html


# ---------------------------------------------------------------- the practice's page


def test_the_page_shows_the_evidence_the_references_and_links_the_criteria(
    client, member, coordinator, make_practice
):
    practice = make_practice(
        S.PUBLISHED,
        evidence=E.EVALUATED,
        evidence_assessed_by=coordinator,
        evidence_assessed_at=practice_date(),
        evidence_rationale="Un essai comparatif publié.",
    )
    Reference.objects.create(
        practice=practice,
        kind="evaluation",
        authors="Dupont, A.",
        year=2021,
        title="Effets du dispositif",
        publisher="Revue X",
        doi="10.1234/abc",
    )

    public = client.get(f"/en/practices/{practice.slug}/").content.decode()
    client.force_login(member)
    members = client.get(f"/en/practices/{practice.slug}/").content.decode()

    assert "assessed on 3 March 2025" in public
    assert "Un essai comparatif publié." in public
    assert "Dupont, A. (2021). <cite>Effets du dispositif</cite>. Revue X." in public
    assert 'href="https://doi.org/10.1234/abc"' in public
    assert 'href="/en/practices/evidence/"' in public
    assert str(coordinator) not in public
    assert f"by {coordinator}" in members


def practice_date():
    return datetime.datetime(2025, 3, 3, 12, tzinfo=datetime.UTC)


def test_the_criteria_page_is_public_and_linked_from_the_catalogue(client, make_practice):
    make_practice(S.PUBLISHED)
    for lang, words in (("fr", "Comment les niveaux de preuve"), ("en", "How evidence levels")):
        response = client.get(f"/{lang}/practices/evidence/")
        assert response.status_code == 200
        assert words in response.content.decode()
    assert 'href="/en/practices/evidence/"' in client.get("/en/practices/").content.decode()


def test_no_practice_takes_the_criteria_page_s_address(author, group):
    assert services.unique_practice_slug("Evidence") == "evidence-2"


# ---------------------------------------------------------------- contact route


def contact(client, practice, ip="203.0.113.5", **fields):
    data = {
        "name": "Claire Lecteur",
        "email": "claire@example.net",
        "message": "Bonjour, comment mettre en place ce dispositif ? Voir https://evil.example/x",
        "website": "",
        **fields,
    }
    return client.post(f"/fr/practices/{practice.slug}/contact/", data, REMOTE_ADDR=ip)


def test_anyone_writes_to_the_members_of_the_organisation_without_seeing_an_address(
    client, author, group, make_practice, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = member_user(group, organisation=org_of(author))
    practice = make_practice(S.PUBLISHED)

    page = client.get(f"/fr/practices/{practice.slug}/contact/")
    assert page.status_code == 200
    html = page.content.decode() + client.get(practice.get_absolute_url()).content.decode()
    for user in (author, colleague):
        assert user.email not in html
    assert f'href="/fr/practices/{practice.slug}/contact/"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = contact(client, practice)

    assert response.status_code == 302
    assert response.url == practice.get_absolute_url()
    assert "Votre message a été envoyé" in " ".join(messages_of(response))
    assert sorted(m.to[0] for m in mailoutbox) == sorted([author.email, colleague.email])
    email = mailoutbox[0]
    assert email.extra_headers["Reply-To"] == "claire@example.net"
    assert not getattr(email, "alternatives", [])  # plain text only
    assert "hxxps://evil[.]example/x" in email.body
    assert "https://evil.example" not in email.body
    assert "Claire Lecteur (claire@example.net)" in email.body
    assert practice.title in email.subject


def test_without_members_the_message_goes_to_the_group_s_coordinators(
    client, group, coordinator, make_practice, mailoutbox, django_capture_on_commit_callbacks
):
    practice = make_practice(S.PUBLISHED, organisation=OrganisationFactory())

    with django_capture_on_commit_callbacks(execute=True):
        assert contact(client, practice).status_code == 302

    assert [m.to for m in mailoutbox] == [[coordinator.email]]


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_sent(
    client, author, make_practice, mailoutbox, django_capture_on_commit_callbacks
):
    practice = make_practice(S.PUBLISHED)

    with django_capture_on_commit_callbacks(execute=True):
        response = contact(client, practice, website="https://spam.example")

    assert response.status_code == 302
    assert "Votre message a été envoyé" in " ".join(messages_of(response))
    assert mailoutbox == []


def test_one_client_sends_at_most_five_messages_an_hour(
    client, author, make_practice, mailoutbox, django_capture_on_commit_callbacks
):
    practice = make_practice(S.PUBLISHED)

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [contact(client, practice).status_code for _ in range(7)]
        other = contact(client, practice, ip="198.51.100.9").status_code

    assert statuses == [302] * 5 + [429, 429]
    assert other == 302
    assert len(mailoutbox) == 6
    refused = contact(client, practice)
    assert refused["Retry-After"] == "3600"
    assert "Trop de messages" in refused.content.decode()


def test_a_bad_message_is_shown_again_with_its_errors(client, author, make_practice, mailoutbox):
    practice = make_practice(S.PUBLISHED)

    response = contact(client, practice, email="pas-une-adresse", message="Court")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Claire Lecteur"' in html
    assert "error-summary" in html
    assert mailoutbox == []


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.ARCHIVED])
def test_only_published_practices_can_be_contacted(client, author, make_practice, status):
    practice = make_practice(status)
    client.force_login(author)
    assert client.get(f"/fr/practices/{practice.slug}/contact/").status_code == 404
    assert contact(client, practice).status_code == 404


# ---------------------------------------------------------------- open data and catalogue


def test_the_api_gives_the_records_without_personal_data(client, coordinator, make_practice):
    practice = make_practice(
        S.PUBLISHED,
        evidence=E.EVALUATED,
        evidence_assessed_by=coordinator,
        evidence_assessed_at=practice_date(),
        evidence_rationale="Essai publié.",
        staffing_en="Two people.",
        cost_range="medium",
        transferability_fr="Un accord local.",
    )
    Reference.objects.create(
        practice=practice, kind="evaluation", title="Éval", year=2020, doi="10.1234/x"
    )

    for url in (f"/api/v1/practices/{practice.slug}/", "/api/v1/practices/"):
        data = client.get(url).json()
        data = data["results"][0] if "results" in data else data
        assert data["references"] == [
            {
                "kind": "evaluation", "authors": "", "year": 2020, "title": "Éval",
                "publisher": "", "doi": "10.1234/x", "doi_url": "https://doi.org/10.1234/x",
                "url": "",
            }
        ]  # fmt: skip
        assert data["implementation"]["staffing_en"] == "Two people."
        assert data["implementation"]["cost_range"] == "medium"
        assert data["transferability_fr"] == "Un accord local."
        assessment = data["evidence_assessment"]
        assert set(assessment) == {"assessed_at", "rationale"}
        assert datetime.datetime.fromisoformat(assessment["assessed_at"]) == practice_date()
        assert assessment["rationale"] == "Essai publié."
        assert coordinator.email not in str(data)
        assert str(coordinator) not in str(data)


def test_a_reference_of_a_published_practice_is_a_change_of_its_page(make_practice):
    published = make_practice(S.PUBLISHED)
    draft = make_practice(S.DRAFT)
    CatalogueChange.objects.all().delete()

    Reference.objects.create(practice=draft, title="Brouillon", publisher="X")
    assert not CatalogueChange.objects.exists()

    reference = Reference(practice=published, title="Publiée", publisher="X")
    for change in (
        reference.save,
        lambda: Reference.objects.filter(pk=reference.pk).update(title="Renommée"),
        reference.delete,
    ):
        CatalogueChange.objects.all().delete()
        change()
        # (PostgreSQL's statement trigger names an updated row twice: before and after.)
        assert set(CatalogueChange.objects.values_list("kind", "practice_id")) == {
            ("r", published.pk)
        }


def test_a_whole_ipv6_network_counts_as_one_client(client, author, make_practice, mailoutbox):
    practice = make_practice(S.PUBLISHED)
    statuses = [
        contact(client, practice, ip=f"2001:db8:1:2::{n:x}").status_code for n in range(1, 8)
    ]
    assert statuses == [302] * 5 + [429, 429]
    assert contact(client, practice, ip="2001:db8:1:3::1").status_code == 302


def test_the_people_behind_one_practice_get_a_bounded_number_of_messages(
    client, author, make_practice, settings
):
    settings.PRACTICE_CONTACT_PER_PRACTICE = 3
    practice, other = make_practice(S.PUBLISHED), make_practice(S.PUBLISHED)
    statuses = [contact(client, practice, ip=f"192.0.2.{n}").status_code for n in range(1, 6)]
    assert statuses == [302] * 3 + [429, 429]
    assert contact(client, other, ip="192.0.2.77").status_code == 302
