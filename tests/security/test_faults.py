"""Faults: the database going away and coming back, and storage failing halfway through a
save. (Closing a meeting that fails halfway is covered in tests/meetings/test_services.py:
test_closing_is_all_or_nothing and test_closing_undoes_everything_...)"""

from pathlib import Path
from unittest import mock

import psycopg
import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, transaction
from django.test import Client, RequestFactory

from meetings.models import MeetingAttachment
from practices.models import Attachment, Link, Partner, Practice
from stakeholders.models import Membership
from tests.factories import OrganisationFactory, member_user
from tests.meetings.factories import MeetingFactory
from tests.practices.helpers import practice_post_data

from .helpers import DATABASE_ERROR, database_down

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

INTERNAL_DETAIL = ["db.internal", "10.0.0.5", "5432", "OperationalError", "Traceback", "SELECT"]


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# ---------------------------------------------------------------- the database is down


def test_healthz_answers_503_json_while_the_database_is_down(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "unavailable", "database": "down"}


@pytest.mark.parametrize(
    ("lang", "title", "message"),
    [
        ("en", "Back in a moment", "Nothing you saved has been lost"),
        (
            "fr",
            "Nous revenons dans un instant",
            "Rien de ce que vous avez enregistré n’a été perdu",
        ),
    ],
)
def test_pages_answer_a_friendly_translated_503_while_the_database_is_down(
    lang, title, message, member
):
    client = Client(raise_request_exception=False)
    with database_down():
        response = client.get(f"/{lang}/practices/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert f'<html lang="{lang}">' in content
    assert '<main id="main"' in content  # the site layout
    assert "<header" in content
    assert title in content
    assert message in content
    assert "119" in content  # the helpline stays on screen
    for detail in [*INTERNAL_DETAIL, DATABASE_ERROR]:
        assert detail not in content, detail


def test_a_logged_in_member_gets_the_same_503(client, member):
    client.force_login(member)
    client.raise_request_exception = False
    with database_down():
        response = client.get("/en/meetings/actions/")
    assert response.status_code == 503
    assert "Back in a moment" in response.content.decode()


def test_the_portal_answers_again_once_the_database_is_back(client, member):
    client.raise_request_exception = False
    with database_down():
        assert client.get("/healthz").status_code == 503
        assert client.get("/en/practices/").status_code == 503
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/practices/").status_code == 200
    client.force_login(member)
    assert client.get("/en/meetings/actions/").status_code == 200


def test_connections_are_health_checked():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def serve(path):
    """``path`` through the WSGI handler, as a server would: with request_started and
    request_finished (which manage connections; the test client mutes them)."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    statuses = []
    result = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        b"".join(result)
    finally:
        result.close()
    return int(statuses[0].split()[0])


def terminate_backend():
    """Kill this process's PostgreSQL session from another connection (a server restart,
    a failover, an idle timeout)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_killed_by_the_server_is_replaced_on_the_next_request():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps no persistent connection (CONN_MAX_AGE=0) to lose")
    assert serve("/healthz") == 200
    assert connection.connection is not None  # kept between requests (CONN_MAX_AGE)
    terminate_backend()
    # The health check notices the dead connection and opens a new one: no error shown.
    assert serve("/en/practices/") == 200
    assert serve("/healthz") == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_health_checks_a_killed_connection_would_fail_one_request():
    """The control experiment: what CONN_HEALTH_CHECKS saves visitors from."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps no persistent connection (CONN_MAX_AGE=0) to lose")
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    try:
        connection.close()
        assert serve("/healthz") == 200
        terminate_backend()
        assert serve("/en/practices/") == 503
        # ...after which the broken connection is dropped and the next request works.
        assert serve("/en/practices/") == 200
    finally:
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True
        connection.close()


# ---------------------------------------------------------------- storage fails halfway


def failing_on_call(n):
    """A FileSystemStorage._save that writes the first n-1 files, then fails."""
    real_save = FileSystemStorage._save
    calls = []

    def _save(self, name, content):
        calls.append(name)
        if len(calls) == n:
            raise OSError(28, "No space left on device")
        return real_save(self, name, content)

    return mock.patch.object(FileSystemStorage, "_save", _save), calls


@pytest.mark.parametrize("fail_at", [1, 2])
def test_a_practice_whose_attachment_cannot_be_stored_leaves_nothing_behind(
    group, mailoutbox, django_capture_on_commit_callbacks, fail_at
):
    """Partners, links and the first document are saved before the second document's file
    fails: everything is undone, no file is left in MEDIA_ROOT, no email goes out."""
    member = member_user(group)
    member_user(group, role=Membership.Role.COORDINATOR)  # would be told of the submission
    organisation = member.person.organisation
    data = practice_post_data(
        territory=group.territory,
        group=group,
        sectors=("justice", "police"),
        partners=[(organisation, "lead"), (OrganisationFactory(), "partner")],
        links=[("Le protocole", "https://example.org/protocole")],
        attachments=[
            ("Premier document", SimpleUploadedFile("un.pdf", PDF)),
            ("Second document", SimpleUploadedFile("deux.pdf", PDF)),
        ],
        title_fr="Protocole départemental",
        summary_fr="Un protocole signé par tous.",
        description_fr="Le **protocole** organise le signalement.",
        submit="1",
    )
    client = Client(raise_request_exception=False)
    client.force_login(member)
    patch, calls = failing_on_call(fail_at)
    with patch, django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/en/practices/new/", data)
    assert len(calls) == fail_at  # the failure did happen where intended
    assert response.status_code == 500
    assert not Practice.objects.exists()
    assert not Partner.objects.exists()
    assert not Link.objects.exists()
    assert not Attachment.objects.exists()
    assert media_files() == []
    assert callbacks == []
    assert mailoutbox == []


def test_the_same_practice_saves_whole_when_storage_works(group, mailoutbox):
    """The control: the form above is complete and valid."""
    member = member_user(group)
    organisation = member.person.organisation
    data = practice_post_data(
        territory=group.territory,
        group=group,
        sectors=("justice", "police"),
        partners=[(organisation, "lead"), (OrganisationFactory(), "partner")],
        attachments=[
            ("Premier document", SimpleUploadedFile("un.pdf", PDF)),
            ("Second document", SimpleUploadedFile("deux.pdf", PDF)),
        ],
        title_fr="Protocole départemental",
    )
    client = Client()
    client.force_login(member)
    assert client.post("/en/practices/new/", data).status_code == 302
    assert Partner.objects.count() == 2
    assert Attachment.objects.count() == 2
    assert len(media_files()) == 2


def test_a_meeting_document_that_cannot_be_stored_leaves_no_row(group, coordinator):
    meeting = MeetingFactory(group=group)
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    patch, calls = failing_on_call(1)
    # (The failed INSERT marks the test's transaction for rollback: a savepoint absorbs it.)
    with patch, transaction.atomic():
        response = client.post(
            f"/en/meetings/{meeting.pk}/documents/",
            {"doc-title": "Ordre du jour", "doc-file": SimpleUploadedFile("odj.pdf", PDF)},
        )
    assert calls
    assert response.status_code == 500
    assert not MeetingAttachment.objects.exists()
    assert media_files() == []
