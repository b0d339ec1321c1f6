"""Fixtures of the insight tests: the network whose figures are known by hand."""

import pytest

from .network import add_meetings, build_network


@pytest.fixture
def network(db):
    return build_network()


@pytest.fixture
def network_with_meetings(network):
    return add_meetings(network)
