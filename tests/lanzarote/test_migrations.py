"""Migrations match the models, and the sector data migration goes both ways."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from stakeholders.models import Sector

SECTOR_CODES = [
    "justice",
    "police",
    "medico-legal",
    "child-welfare",
    "education",
    "ngo",
    "private",
]


@pytest.mark.django_db
def test_models_and_migrations_agree():
    # Exits with SystemExit(1) when a migration is missing.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_the_seven_sectors_of_article_10_are_seeded_in_both_languages():
    sectors = list(Sector.objects.order_by("position"))
    assert [sector.code for sector in sectors] == SECTOR_CODES
    for sector in sectors:
        assert sector.name_fr, sector.code
        assert sector.name_en, sector.code
        assert sector.description_fr, sector.code
        assert sector.description_en, sector.code
    police = Sector.objects.get(code="police")
    assert (police.name_fr, police.name_en) == ("Police et gendarmerie", "Law enforcement")
    assert len({sector.name_fr for sector in sectors}) == 7
    assert len({sector.name_en for sector in sectors}) == 7


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


# serialized_rollback puts the seeded rows back for the tests that come after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sector_data_migration_is_reversible():
    # Every app's latest migration: going back to stakeholders 0001 also unapplies the
    # migrations of the apps that depend on the sectors.
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        migrate([("stakeholders", "0001_initial")])
        state = MigrationExecutor(connection).loader.project_state(("stakeholders", "0001_initial"))
        OldSector = state.apps.get_model("stakeholders", "Sector")
        assert OldSector.objects.count() == 0

        migrate([("stakeholders", "0002_seed_sectors")])
        state = MigrationExecutor(connection).loader.project_state(
            ("stakeholders", "0002_seed_sectors")
        )
        NewSector = state.apps.get_model("stakeholders", "Sector")
        assert sorted(NewSector.objects.values_list("code", flat=True)) == sorted(SECTOR_CODES)
        # Running the seed again (forward after backward) does not duplicate rows.
        assert NewSector.objects.count() == 7
    finally:
        migrate(latest)
    assert Sector.objects.count() == 7
    assert not MigrationExecutor(connection).migration_plan(latest)
