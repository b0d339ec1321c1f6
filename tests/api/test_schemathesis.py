"""The OpenAPI schema at /api/v1/schema/ documents every response, and the API keeps to
it: a schemathesis run over every operation inside the test suite (in-process WSGI, no
server), with no server error and responses that match the schema."""

import copy

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lanzarote import demo_glossary
from tests.insight.network import build_network, grow
from tests.protocols.factories import ProtocolFactory, with_pathway

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/schema/?format=json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
OPERATIONS = {
    ("GET", "/api/v1/practices/"),
    ("GET", "/api/v1/practices/{slug}/"),
    ("GET", "/api/v1/organisations/"),
    ("GET", "/api/v1/organisations/{slug}/"),
    ("GET", "/api/v1/sectors/"),
    ("GET", "/api/v1/sectors/{code}/"),
    ("GET", "/api/v1/territories/"),
    ("GET", "/api/v1/territories/{slug}/"),
    ("GET", "/api/v1/articles/"),
    ("GET", "/api/v1/articles/{number}/"),
    ("GET", "/api/v1/glossary/"),
    ("GET", "/api/v1/glossary/{slug}/"),
    ("GET", "/api/v1/protocols/"),
    ("GET", "/api/v1/protocols/{slug}/"),
}


def _load_schema():
    """The schema as the application serves it, loaded in-process through WSGI.

    Loaded when the module is imported, so that each operation is a test of its own
    (``schemathesis.pytest.from_fixture`` fails under pytest 9.2: it sets
    ``request.node._nodeid``, which pytest no longer has). Nothing touches the database
    here: with throttling off, the schema view needs no cache.
    """
    # Not lanzarote.wsgi: it turns debug off for production, which the tests must not do.
    application = get_wsgi_application()
    original = APIView.throttle_classes
    APIView.throttle_classes = []
    try:
        return schemathesis.openapi.from_wsgi(SCHEMA_URL, application)
    finally:
        APIView.throttle_classes = original


schema = _load_schema()


@pytest.fixture
def same_connection():
    """Requests sent straight to the WSGI handler close "old" database connections when
    they end, which on PostgreSQL closes the test's own (it is inside a transaction, so
    not in autocommit). Django's test client turns that off the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(db, same_connection):
    """Published practices (and practices in every other state, organisations,
    territories), so that responses are not all empty. Throttling is off (conftest)."""
    cache.clear()
    build_network()
    grow(5)
    demo_glossary.load()
    with_pathway(ProtocolFactory(slug="protocole-public"))


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, api_data):
    """No server error, documented status codes, content types, bodies and headers."""
    assert APIView.throttle_classes == []
    case.call_and_validate(checks=CHECKS)


def test_every_operation_is_tested():
    operations = {
        (result.ok().method.upper(), result.ok().path) for result in schema.get_all_operations()
    }
    assert operations == OPERATIONS


# ---------------------------------------------------------------- the schema itself


@pytest.fixture
def openapi(client, db):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_openapi_3_with_every_operation(openapi):
    assert openapi["openapi"].startswith("3.")
    operations = {
        (method.upper(), path) for path, item in openapi["paths"].items() for method in item
    }
    assert operations == OPERATIONS


def test_the_schema_documents_no_writing_method(openapi):
    for item in openapi["paths"].values():
        assert set(item) <= {"get", "parameters"}


def test_every_response_is_documented(openapi):
    for path, item in openapi["paths"].items():
        operation = item["get"]
        responses = operation["responses"]
        assert {"200", "404", "429"} <= set(responses), path
        assert "application/json" in responses["200"]["content"], path
        for status in ("404", "429"):
            assert responses[status].get("description"), (path, status)
            # Errors are JSON objects with a "detail" message.
            content = responses[status].get("content", {})
            assert "application/json" in content, (path, status)
        headers = responses["429"].get("headers", {})
        assert "Retry-After" in headers, path


def test_the_list_filters_are_documented(openapi):
    parameters = {p["name"]: p for p in openapi["paths"]["/api/v1/practices/"]["get"]["parameters"]}
    assert {
        "q", "sector", "country", "territory", "theme", "target", "evidence", "article",
        "sort", "page",
    } <= set(parameters)  # fmt: skip
    assert parameters["sector"]["schema"]["type"] == "array"


def test_the_schema_in_yaml_and_the_docs_answer(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")
    assert client.get("/api/v1/docs/").status_code == 200


# ---------------------------------------------------------------- 429 keeps to the schema


@pytest.fixture
def throttled(settings, monkeypatch, throttle_clock):
    """Two anonymous requests a minute (the conftest leaves throttling on for tests that
    ask for this fixture)."""
    rest = copy.deepcopy(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"]["anon"] = "2/minute"
    settings.REST_FRAMEWORK = rest  # DRF reloads api_settings on setting_changed
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", api_settings.DEFAULT_THROTTLE_RATES)
    cache.clear()
    yield
    cache.clear()


def test_a_throttled_response_keeps_to_the_schema(db, same_connection, throttled):
    build_network()
    operation = schema["/api/v1/practices/"]["GET"]
    statuses = []
    for _ in range(3):
        case = operation.Case()
        response = case.call()
        statuses.append(response.status_code)
        case.validate_response(response, checks=CHECKS)
    assert statuses == [200, 200, 429]
    assert int(response.headers["retry-after"][0]) > 0
