"""Fixtures of the API tests: the network known by hand, and throttling out of the way
(except for the tests that ask for the ``throttled`` fixture)."""

import copy
import time

import pytest
from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from api.throttling import WindowRateThrottle
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


class Clock:
    """The throttles' clock, stopped one second into a minute (a test never straddles two
    windows); ``advance(seconds)`` moves it."""

    def __init__(self):
        self.now = (time.time() // 60) * 60 + 1

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def throttle_clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(WindowRateThrottle, "timer", staticmethod(clock))
    return clock


@pytest.fixture
def throttled(settings, monkeypatch, throttle_clock):
    """An anonymous rate of 3 requests a minute, with an empty cache."""
    rest = copy.deepcopy(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"]["anon"] = "3/minute"
    settings.REST_FRAMEWORK = rest  # DRF reloads api_settings on setting_changed
    # The throttle classes read the rates once, when imported.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", api_settings.DEFAULT_THROTTLE_RATES)
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", api_settings.DEFAULT_THROTTLE_RATES)
    cache.clear()
    yield
    cache.clear()
