"""The catalogue cards' territory names are kept by what they are made of (the page's
language, the territory's name and country): another language or a renamed territory
shows its own name, never a kept one."""

import pytest
from django.utils import translation

from practices.rendering import territory_label
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_a_cards_territory_is_named_in_the_pages_language():
    territory = TerritoryFactory(country="DE", name="")
    with translation.override("fr"):
        assert territory_label(territory, "fr") == "Allemagne"
    with translation.override("en"):
        assert territory_label(territory, "en") == "Germany"


def test_a_renamed_territory_is_shown_with_its_new_name_and_escaped():
    territory = TerritoryFactory(country="FR", name="Lyon")
    with translation.override("fr"):
        assert territory_label(territory, "fr") == "Lyon (France)"
        territory.name = "Lyon & Métropole <nord>"
        assert territory_label(territory, "fr") == "Lyon &amp; Métropole &lt;nord&gt; (France)"
