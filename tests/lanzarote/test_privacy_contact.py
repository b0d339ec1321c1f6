"""The privacy page names the data controller, its address, the legal basis, how long each
kind of data is kept, the rights and the supervisory authority (all from settings); the
contact page and the about page say how to reach the coordination."""

import pytest

from tests.factories import TerritoryFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(settings):
    settings.PORTAL_CONTROLLER_NAME = "Association Exemple pour l’enfance"
    settings.PORTAL_CONTROLLER_ADDRESS = "12 rue Imaginaire, 69001 Lyon"
    settings.PORTAL_CONTACT_EMAIL = "bonjour@association.example"
    settings.PORTAL_SUPERVISORY_AUTHORITY = "Autorité de démonstration"
    settings.PORTAL_SUPERVISORY_AUTHORITY_ADDRESS = "1 place de la Preuve, Paris"
    settings.PORTAL_SUPERVISORY_AUTHORITY_URL = "https://autorite.example/plaintes"
    settings.AUDIT_RETENTION_DAYS = 200
    settings.INVITATION_RETENTION_DAYS = 45
    settings.TOKEN_RETENTION_DAYS = 1
    return settings


def test_privacy_page_names_controller_and_authority_from_settings(client, portal):
    page = client.get("/en/privacy/").content.decode()
    assert "Association Exemple pour l’enfance" in page
    assert "12 rue Imaginaire, 69001 Lyon" in page
    assert 'href="mailto:bonjour@association.example"' in page
    assert "Autorité de démonstration" in page
    assert "1 place de la Preuve, Paris" in page
    assert 'href="https://autorite.example/plaintes"' in page


def test_privacy_page_gives_the_legal_basis_rights_and_retention(client, portal):
    page = client.get("/en/privacy/").content.decode()
    assert "Article 6(1)(f)" in page
    assert "to object to it" in page
    assert "Audit log (with network addresses): 200 days." in page
    assert "45 days after their use or expiry" in page
    assert "records of forms already sent: 1 day." in page


def test_french_privacy_page_says_it_in_french(client, portal):
    page = client.get("/fr/privacy/").content.decode()
    assert "Le responsable du traitement est" in page
    assert "Journal d’audit (avec les adresses réseau) : 200 jours." in page
    assert "Réclamation auprès de l’autorité de contrôle" in page


def test_the_defaults_name_the_cnil(client, settings):
    page = client.get("/fr/privacy/").content.decode()
    assert "CNIL" in page
    assert "https://www.cnil.fr/" in page
    assert settings.PORTAL_CONTACT_EMAIL in page


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_contact_page_gives_the_address_and_each_groups_page(client, portal, lang):
    paris = WorkingGroupFactory(name_fr="Groupe de Paris", name_en="Paris group")
    lyon = WorkingGroupFactory(
        name_fr="Groupe de Lyon", name_en="Lyon group", territory=TerritoryFactory(name="Lyon")
    )
    response = client.get(f"/{lang}/contact/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="mailto:bonjour@association.example"' in page
    assert "12 rue Imaginaire, 69001 Lyon" in page
    assert f'href="/{lang}/stakeholders/groups/{paris.slug}/"' in page
    assert f'href="/{lang}/stakeholders/groups/{lyon.slug}/"' in page
    assert ("Groupe de Lyon" if lang == "fr" else "Lyon group") in page


def test_contact_page_keeps_constant_queries(client, django_assert_max_num_queries):
    for _ in range(10):
        WorkingGroupFactory()
    with django_assert_max_num_queries(3):
        assert client.get("/fr/contact/").status_code == 200


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_about_page_says_how_to_reach_the_coordination(client, portal, lang):
    page = client.get(f"/{lang}/about/").content.decode()
    assert 'href="mailto:bonjour@association.example"' in page
    assert f'href="/{lang}/contact/"' in page


def test_every_page_links_to_the_contact_page(client, db):
    page = client.get("/en/practices/").content.decode()
    assert 'href="/en/contact/"' in page
