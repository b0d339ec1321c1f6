import pytest

from tests.factories import OrganisationFactory


@pytest.fixture
def directory_organisation(group):
    """An organisation in the directory of ``group``, so people can be invited from it."""
    organisation = OrganisationFactory(name="Association de test")
    group.organisations.add(organisation)
    return organisation
