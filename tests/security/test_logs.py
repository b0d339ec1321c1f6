"""Logs: every request has an id (the trusted proxy's, or our own), echoed in the response and
written in every log line with the time in UTC; audit events carry the time, the account,
the client's address and the request id; secret tokens are masked in the portal's log and in
the app server's access log."""

import io
import json
import logging
import re
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from lanzarote.access_log import RedactingLogger
from lanzarote.log_filters import redact
from stakeholders.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.2"
CLIENT = "203.0.113.7"
PROXY_ID = "0f3c2a9e8d7b6a5f4e3d2c1b0a998877"  # nginx's $request_id looks like this

SECRETS = [
    ("/fr/accounts/invitation/AbCdEf123_-secret/", "AbCdEf123_-secret"),
    ("/en/accounts/password/reset/key/1b-cx4p2z-0123456789abcdef0123/", "cx4p2z-0123456789"),
    ("/en/meetings/rsvp/eyJhIjoxfQ:1sXyz:secretsig/", "eyJhIjoxfQ:1sXyz:secretsig"),
    ("/en/meetings/feed/Zm9vYmFyc2VjcmV0.ics", "Zm9vYmFyc2VjcmV0"),
]


@pytest.fixture
def console():
    """What the portal's own log handler (``console``) writes, as text."""
    handler = next(h for h in logging.getLogger("django").handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


# ---------------------------------------------------------------- request ids


def test_every_response_carries_a_fresh_request_id(client):
    first, second = client.get("/en/"), client.get("/static/css/site.css")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_request_id_sent_by_a_client_is_not_trusted_without_a_proxy(client):
    response = client.get("/en/", HTTP_X_REQUEST_ID=PROXY_ID)
    assert response["X-Request-ID"] != PROXY_ID


def test_the_trusted_proxys_request_id_is_kept(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.get("/en/", REMOTE_ADDR=PROXY, HTTP_X_REQUEST_ID=PROXY_ID)
    assert response["X-Request-ID"] == PROXY_ID


@pytest.mark.parametrize(
    "given", ["short", "x" * 200, "abc def ghi jkl", "abcdefgh\r\nSet-Cookie: a=b", "<script>1234"]
)
def test_a_malformed_request_id_is_replaced_even_from_the_proxy(client, settings, given):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.get("/en/", REMOTE_ADDR=PROXY, HTTP_X_REQUEST_ID=given)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_every_log_line_has_the_utc_time_and_the_request_id(client, console):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    line = next(x for x in console.getvalue().splitlines() if "Not Found" in x)
    request_id = response["X-Request-ID"]
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARNING django.request ", line)
    assert f"[{request_id}]" in line


# ---------------------------------------------------------------- audit events


def test_an_audit_event_has_the_utc_time_the_account_the_client_and_the_request_id(
    client, settings, member, caplog
):
    settings.TRUSTED_PROXY_COUNT = 1
    caplog.set_level(logging.INFO, logger="lanzarote.audit")
    response = client.post(
        "/en/accounts/login/",
        {"login": member.email, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"192.0.2.66, {CLIENT}",
        HTTP_X_REQUEST_ID=PROXY_ID,
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert (event.actor_id, event.ip, event.request_id) == (member.pk, CLIENT, PROXY_ID)
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "lanzarote.audit"]
    line = next(x for x in lines if x["event"] == "login")
    assert line["at"] == event.at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{event.at:%f}"[:3] + "Z"
    assert (line["actor"], line["ip"], line["request_id"]) == (member.pk, CLIENT, PROXY_ID)


def test_an_event_outside_a_request_has_no_client_nor_request_id(member):
    from stakeholders import audit

    event = audit.record(AuditEvent.Action.DATA_EXPORTED, actor=member)
    assert (event.ip, event.request_id) == (None, "")


def test_the_audit_log_lines_are_whole_json_lines():
    handler = logging.getLogger("lanzarote.audit").handlers[0]
    record = logging.LogRecord("lanzarote.audit", logging.INFO, __file__, 1, '{"a": 1}', None, None)
    assert json.loads(handler.format(record)) == {"a": 1}


# ---------------------------------------------------------------- secrets in logs


@pytest.mark.parametrize(("path", "secret"), SECRETS)
def test_tokens_are_masked_in_the_portals_own_log(console, path, secret):
    logging.getLogger("django.request").warning("Not Found: %s", path)
    logging.getLogger("lanzarote").error(f"Failed: https://portal.example{path}")
    output = console.getvalue()
    assert output.count("[redacted]") == 2
    assert secret not in output


def test_tokens_are_masked_in_tracebacks_too(console):
    path, secret = SECRETS[1]
    try:
        raise ValueError(f"cannot open {path}")
    except ValueError:
        logging.getLogger("django.request").exception("Internal Server Error: %s", path)
    output = console.getvalue()
    assert "Traceback" in output
    assert "ValueError: cannot open /en/accounts/password/reset/key/[redacted]/" in output
    assert secret not in output


def gunicorn_logger():
    """The app server's logger, configured by the project's gunicorn.conf.py."""
    cfg = Config()
    for name, value in runpy.run_path(str(BASE_DIR / "gunicorn.conf.py")).items():
        if name in cfg.settings:
            cfg.set(name, value)
    assert cfg.logger_class is RedactingLogger
    return RedactingLogger(cfg)


@pytest.mark.parametrize(("path", "secret"), SECRETS)
def test_tokens_are_masked_in_the_app_servers_access_log(path, secret, capsys):
    logger = gunicorn_logger()
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?next={path}",
        "PATH_INFO": path,
        "QUERY_STRING": f"next={path}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": PROXY,
        "HTTP_REFERER": f"https://portal.example{path}",
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    request = SimpleNamespace(
        headers=[("X-FORWARDED-FOR", CLIENT), ("REFERER", f"https://portal.example{path}")]
    )
    response = SimpleNamespace(status="200 OK", headers=[("X-Request-ID", PROXY_ID)], sent=1234)
    logger.access(response, request, environ, timedelta(milliseconds=42))
    captured = capsys.readouterr()
    line = (captured.out + captured.err).strip()
    assert secret not in line
    assert line.count("[redacted]") == 3  # the path and the query, the referrer
    assert re.match(rf"{PROXY} - - \[\d\d/\w+/\d{{4}}:\d\d:\d\d:\d\d \+0000\] ", line)
    assert line.endswith(
        f' 200 1234 "https://portal.example{redact(path)}" "Mozilla/5.0" 42 "{CLIENT}" {PROXY_ID}'
    )
