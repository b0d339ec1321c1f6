"""No private data in the API: every list and detail endpoint (every page, every item), the
schema and the docs are walked with a fixture full of distinctive private strings, none of
which may appear in any response."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lanzarote import demo_glossary
from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting
from practices.models import Attachment, Improvement, Link, Partner, Practice
from protocols.models import Protocol, Step
from stakeholders.models import Invitation, Membership, Person
from tests.factories import PersonFactory, UserFactory
from tests.protocols.factories import PDF, ProtocolFactory, with_pathway

pytestmark = pytest.mark.django_db

API = "/api/v1/"

SECRETS = [
    # A person
    "Zéphyrine",
    "Quarantotto",
    "zephyrine.quarantotto@example.org",
    "+33 6 98 76 54 32",
    "98 76 54 32",
    "Cheffe de service Sélénite",
    "zq.login@example.org",
    # Practices that are not published, and what only reviewers see of a published one
    "Xylophage",
    "Zinnia",
    "Yuzu",
    "Wombat",
    "brouillon-xylophage",
    "Résumé secret Mandragore",
    "Description secrète Belladone",
    "Note interne Quokka",
    "auteur.confidentiel@example.org",
    "relecteur.confidentiel@example.org",
    "Suggestion interne Pangolin",
    "Réponse interne Narval",
    "Pièce jointe Chinchilla",
    # A members-only meeting
    "Réunion restreinte Wolframite",
    "Procès-verbal confidentiel Ornithorynque",
    "Salle secrète Tanzanite",
    "salle-Tourmaline",
    "Point Axolotl",
    "Décision Capybara",
    "Action Okapi",
    # An invitation
    "invitee.secrete@example.org",
    # Protocols: members-only, in preparation, and what a public one keeps to itself
    "Protocole restreint Gypaete",
    "protocole-restreint-gypaete",
    "Protocole en preparation Harfang",
    "protocole-harfang",
    "Etape restreinte Ibis",
    "document-secret-jaguar",
]


@pytest.fixture
def private_data(network):
    o, p = network.organisations, network.practices
    group = network.groups["paris"]
    user = UserFactory(email="zq.login@example.org", full_name="Zéphyrine Quarantotto")
    person = PersonFactory(
        first_name="Zéphyrine",
        last_name="Quarantotto",
        email="zephyrine.quarantotto@example.org",
        phone="+33 6 98 76 54 32",
        job_title="Cheffe de service Sélénite",
        organisation=o["enfance"],  # a public organisation, partner of a published practice
        user=user,
    )
    Membership.objects.create(person=person, group=group, role=Membership.Role.COORDINATOR)
    network.people["zephyrine"] = person
    Partner.objects.create(practice=p["p1"], organisation=o["enfance"], role=Partner.Role.PARTNER)
    Link.objects.create(practice=p["p1"], title="Rapport public", url="https://example.org/r")

    author = UserFactory(email="auteur.confidentiel@example.org")
    reviewer = UserFactory(email="relecteur.confidentiel@example.org")
    p1 = p["p1"]
    p1.review_note = "Note interne Quokka"
    p1.created_by = author
    p1.reviewed_by = reviewer
    p1.save()
    for key, practice in network.hidden.items():
        practice.summary_fr = practice.summary_en = "Résumé secret Mandragore"
        practice.description_fr = "Description secrète Belladone"
        practice.created_by = author
        practice.save()
        if key != "changes":
            Partner.objects.create(
                practice=practice, organisation=o["enfance"], role=Partner.Role.FUNDER
            )
    Improvement.objects.create(
        practice=p1,
        author=user,
        text="Suggestion interne Pangolin",
        response="Réponse interne Narval",
        responded_by=reviewer,
    )
    Attachment.objects.create(
        practice=p1,
        file=SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 secret"),
        title="Pièce jointe Chinchilla",
        original_name="Pièce jointe Chinchilla.pdf",
        content_type="application/pdf",
        size=15,
    )

    starts = timezone.now() - timedelta(days=2)
    meeting = Meeting.objects.create(
        group=group,
        title="Réunion restreinte Wolframite",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Salle secrète Tanzanite",
        online_url="https://visio.example.org/salle-Tourmaline",
        status=Meeting.Status.HELD,
        visibility=Meeting.Visibility.MEMBERS,
        minutes="Procès-verbal confidentiel Ornithorynque",
    )
    Attendance.objects.create(meeting=meeting, person=person, status=Attendance.Status.PRESENT)
    item = AgendaItem.objects.create(
        meeting=meeting, title="Point Axolotl", presenter=person, practice=p1
    )
    Decision.objects.create(meeting=meeting, agenda_item=item, text="Décision Capybara")
    ActionItem.objects.create(
        meeting=meeting,
        title="Action Okapi",
        owner=person,
        owner_organisation=o["enfance"],
        due_on=timezone.localdate() + timedelta(days=7),
    )
    Invitation.objects.create(
        email="invitee.secrete@example.org",
        person=person,
        group=group,
        token_hash="0" * 64,
        expires_at=timezone.now() + timedelta(days=7),
    )
    # A public protocol in force (adopted at the members-only meeting, signed document stored,
    # written by the person), one members-only, one in preparation, both revising it.
    public = with_pathway(ProtocolFactory(territory=group.territory, created_by=user))
    public.adopted_by = Decision.objects.get(text="Décision Capybara")
    public.document.save("document-secret-jaguar.pdf", ContentFile(PDF), save=False)
    public.document_name = "document-secret-jaguar.pdf"
    public.practices.add(p1, network.hidden["draft"])
    public.save()
    for title, slug, extra in (
        (
            "Protocole restreint Gypaete",
            "protocole-restreint-gypaete",
            {"visibility": Protocol.Visibility.MEMBERS},
        ),
        (
            "Protocole en preparation Harfang",
            "protocole-harfang",
            {"status": Protocol.Status.IN_PREPARATION},
        ),
    ):
        hidden = ProtocolFactory(
            territory=group.territory,
            title_fr=title,
            title_en=title,
            slug=slug,
            supersedes=public,
            **extra,
        )
        Step.objects.create(
            protocol=hidden,
            position=1,
            what_fr="Etape restreinte Ibis",
            what_en="Etape restreinte Ibis",
            responsible_organisation=o["enfance"],
        )
    demo_glossary.load()  # public terms, so that the walk covers the glossary too
    return network


DETAIL_KEYS = {
    "practices": "slug",
    "organisations": "slug",
    "sectors": "code",
    "territories": "slug",
    "articles": "number",
    "glossary": "slug",
    "protocols": "slug",
}


def walk(client):
    """Every response of the API: root, every page of every list, every item's detail
    (GET and OPTIONS), searches for the private strings, the schema and the docs."""
    responses = {}

    def fetch(url, method="get"):
        response = getattr(client, method)(url)
        assert response.status_code < 500, url
        responses[f"{method.upper()} {url}"] = response
        return response

    root = fetch(API).json()
    assert set(root) == set(DETAIL_KEYS)
    for name, url in root.items():
        fetch(url, "options")
        items = []
        while url:
            page = fetch(url).json()
            items += page["results"]
            url = page["next"]
        assert items, name
        for item in items:
            detail = f"{API}{name}/{item[DETAIL_KEYS[name]]}/"
            assert fetch(detail).status_code == 200
            fetch(detail, "options")
    for hidden in (
        "brouillon-xylophage",
        "soumise-zinnia",
        "modifications-yuzu",
        "archivee-wombat",
    ):
        assert fetch(f"{API}practices/{hidden}/").status_code == 404
    for hidden in ("protocole-restreint-gypaete", "protocole-harfang"):
        assert fetch(f"{API}protocols/{hidden}/").status_code == 404
    for word in ("Xylophage", "Quarantotto", "Wolframite", "Quokka", "Pangolin", "Mandragore"):
        assert fetch(f"{API}practices/?q={word}").json()["count"] == 0
        fetch(f"{API}organisations/?q={word}")
    fetch(f"{API}schema/")
    fetch(f"{API}schema/?format=json")
    fetch(f"{API}docs/")
    return responses


def texts(response):
    """The body as sent, and, for JSON, as decoded (in case of escapes)."""
    raw = response.content.decode()
    result = [raw]
    if response["Content-Type"].startswith("application/json"):
        result.append(json.dumps(response.json(), ensure_ascii=False))
    return result


@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_no_private_string_in_any_api_response(client, private_data, staff, who):
    if who == "member":
        client.force_login(private_data.people["zephyrine"].user)
    elif who == "staff":
        client.force_login(staff)
    responses = walk(client)
    # The walk did reach the public data around the private strings.
    assert len(responses) > 40
    every_body = "\n".join(t for r in responses.values() for t in texts(r))
    assert "Association Enfance Paris" in every_body
    assert private_data.practices["p1"].title_fr in every_body
    leaks = {
        secret: [
            url
            for url, response in responses.items()
            if any(secret.lower() in text.lower() for text in texts(response))
        ]
        for secret in SECRETS
    }
    assert {secret: urls for secret, urls in leaks.items() if urls} == {}


def test_the_fixture_does_hold_the_private_strings(private_data):
    """So that the walk above proves something: each secret is in the database."""
    dump = serializers.serialize(
        "json",
        [
            *Person.objects.all(),
            *Practice.objects.all(),
            *Improvement.objects.all(),
            *Attachment.objects.all(),
            *Meeting.objects.all(),
            *AgendaItem.objects.all(),
            *Decision.objects.all(),
            *ActionItem.objects.all(),
            *Invitation.objects.all(),
            *Protocol.objects.all(),
            *Step.objects.all(),
            *get_user_model().objects.all(),
        ],
        ensure_ascii=False,
    )
    missing = [s for s in SECRETS if s.lower() not in dump.lower()]
    assert missing == []


def test_a_partner_organisation_shows_no_people(client, private_data):
    data = client.get(f"{API}practices/{private_data.practices['p1'].slug}/").json()
    partners = {p["organisation"]: p for p in data["partners"]}
    assert set(partners["enfance"]) == {
        "organisation",
        "organisation_name",
        "organisation_kind",
        "role",
    }
    organisation = client.get(f"{API}organisations/enfance/").json()
    assert "people" not in organisation
    assert "Quarantotto" not in json.dumps(organisation, ensure_ascii=False)
