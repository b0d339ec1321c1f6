"""Fixtures of the API tests: the network known by hand, and throttling out of the way
(except for the tests that ask for the ``throttled`` fixture)."""

import pytest
from django.core.cache import cache
from rest_framework.views import APIView

from tests.insight.network import build_network


@pytest.fixture(autouse=True)
def _no_throttling(request, monkeypatch):
    """Most tests send far more requests than an anonymous visitor may."""
    if "throttled" not in request.fixturenames:
        monkeypatch.setattr(APIView, "throttle_classes", [])


@pytest.fixture
def network(db):
    cache.clear()
    return build_network()
