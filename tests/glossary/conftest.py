"""Glossary terms for the tests: a Barnahus, a UAPED and a Child Advocacy Centre, linked as
equivalents, and a term with none."""

import pytest
from django.utils.text import slugify

from glossary.models import Term
from stakeholders.models import Sector


def make_term(name, country, *, equivalents=(), sector="child-welfare", **fields):
    fields.setdefault("slug", slugify(f"{name} {country}"))
    fields.setdefault("languages", ["fr"] if country == "FR" else ["en"])
    fields.setdefault("definition_fr", f"Définition de {name}.")
    fields.setdefault("definition_en", f"Definition of {name}.")
    fields.setdefault("source_url", "https://www.example.gov/")
    term = Term.objects.create(
        name=name,
        country=country,
        sector=Sector.objects.get(code=sector) if sector else None,
        **fields,
    )
    term.equivalents.set(equivalents)
    return term


@pytest.fixture
def terms(db):
    barnahus = make_term("Barnahús", "IS", languages=["is"])
    uaped = make_term(
        "UAPED",
        "FR",
        full_name="Unité d'accueil pédiatrique enfants en danger",
        sector="medico-legal",
        equivalents=[barnahus],
    )
    cac = make_term("Child Advocacy Centre", "GB", equivalents=[barnahus, uaped])
    jugendamt = make_term("Jugendamt", "DE", languages=["de"], sector=None)
    return {"barnahus": barnahus, "uaped": uaped, "cac": cac, "jugendamt": jugendamt}
