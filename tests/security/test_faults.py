"""Faults: the database going away and coming back, and storage failing halfway through a
save. (Closing a meeting that fails halfway is covered in tests/meetings/test_services.py:
test_closing_is_all_or_nothing and test_closing_undoes_everything_...)"""

import errno
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

from lanzarote.storage import MediaStorage
from meetings.models import MeetingAttachment
from practices.models import Attachment, Link, Partner, Practice
from stakeholders.models import Membership
from tests.factories import OrganisationFactory, member_user
from tests.meetings.factories import MeetingFactory
from tests.practices.helpers import form_data, practice_post_data

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


# ---------------------------------------------------------------- the disk fills up


class _Filling:
    """An upload's content that a full disk cuts off after ``room`` bytes, inside the write
    loop of the storage, as a real ``write()`` fails with ENOSPC."""

    def __init__(self, content, storage):
        self.content, self.storage = content, storage

    def chunks(self):
        for chunk in self.content.chunks():
            room = self.storage.capacity - self.storage.written
            if len(chunk) > room:
                self.storage.written += room
                yield chunk[:room]
                raise OSError(errno.ENOSPC, "No space left on device")
            self.storage.written += len(chunk)
            yield chunk


class TinyStorage(MediaStorage):
    """The portal's storage on a disk with room for ``capacity`` bytes."""

    def __init__(self, capacity=0, **kwargs):
        super().__init__(**kwargs)
        self.capacity, self.written = capacity, 0

    def _save(self, name, content):
        return super()._save(name, _Filling(content, self))


class TinyStorageWithoutCleanUp(TinyStorage):
    """The same disk under Django's own FileSystemStorage (the control experiment)."""

    def _save(self, name, content):
        return FileSystemStorage._save(self, name, _Filling(content, self))


@pytest.fixture
def tiny_disk(settings):
    def use(capacity, storage=TinyStorage):
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": f"{__name__}.{storage.__name__}",
                "OPTIONS": {"capacity": capacity},
            },
        }

    return use


def practice_with_two_documents(group, member):
    return practice_post_data(
        territory=group.territory,
        group=group,
        sectors=("justice", "police"),
        partners=[(member.person.organisation, "lead"), (OrganisationFactory(), "partner")],
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


@pytest.mark.parametrize(
    ("room", "lang", "message"),
    [
        (10, "en", "The document could not be stored: the server has no room left for files."),
        (
            len(PDF) + 10,
            "fr",
            "le serveur n’a plus de place pour les fichiers",
        ),
    ],
    ids=["first document cut off", "second document cut off"],
)
def test_a_full_disk_shows_a_clear_error_keeps_the_form_and_leaves_nothing_behind(
    group, mailoutbox, django_capture_on_commit_callbacks, tiny_disk, caplog, room, lang, message
):
    """Partners, links (and the first document) are written before a document's file is
    cut off by the full disk: everything is undone, no partial file remains in MEDIA_ROOT,
    no email goes out, and the member sees why, with what they typed."""
    member = member_user(group)
    member_user(group, role=Membership.Role.COORDINATOR)  # would be told of the submission
    tiny_disk(room)
    client = Client(raise_request_exception=False)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            f"/{lang}/practices/new/", practice_with_two_documents(group, member)
        )

    assert response.status_code == 507
    content = response.content.decode()
    assert message in content
    assert 'value="Protocole départemental"' in content
    assert "Le **protocole** organise le signalement." in content
    assert "<h1>Ajouter une pratique</h1>" in content or "<h1>Add a practice</h1>" in content
    assert not Practice.objects.exists()
    assert not Partner.objects.exists()
    assert not Link.objects.exists()
    assert not Attachment.objects.exists()
    assert media_files() == []
    assert callbacks == []
    assert mailoutbox == []
    assert "the storage is full" in caplog.text  # the team is told, in the error log


def test_the_tiny_disk_does_cut_files_off_halfway(group, tiny_disk):
    """The control experiment: without the portal's storage, the same full disk leaves a
    truncated file behind."""
    member = member_user(group)
    tiny_disk(10, TinyStorageWithoutCleanUp)
    client = Client(raise_request_exception=False)
    client.force_login(member)
    client.post("/en/practices/new/", practice_with_two_documents(group, member))
    assert [path.stat().st_size for path in media_files()] == [10]


def test_a_full_disk_while_editing_keeps_the_practice_as_it_was(client, group, tiny_disk):
    member = member_user(group)
    client.force_login(member)
    data = practice_with_two_documents(group, member)
    del data["submit"]
    assert client.post("/en/practices/new/", data).status_code == 302
    practice = Practice.objects.get()
    edit = f"/en/practices/{practice.slug}/edit/"
    data = form_data(client.get(edit))
    data["title_fr"] = "Titre changé"
    data["attachments-2-title"] = "Troisième"
    data["attachments-2-file"] = SimpleUploadedFile("trois.pdf", PDF)
    tiny_disk(5)

    response = client.post(edit, data)

    assert response.status_code == 507
    assert 'value="Titre changé"' in response.content.decode()
    practice.refresh_from_db()
    assert (practice.title_fr, practice.version) == ("Protocole départemental", 1)
    assert Attachment.objects.count() == 2
    assert len(media_files()) == 2


def test_a_meeting_document_on_a_full_disk_says_so_and_leaves_nothing(
    group, coordinator, tiny_disk
):
    meeting = MeetingFactory(group=group)
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    tiny_disk(10)
    response = client.post(
        f"/en/meetings/{meeting.pk}/documents/",
        {"doc-title": "Ordre du jour", "doc-file": SimpleUploadedFile("odj.pdf", PDF)},
        follow=True,
    )
    assert response.status_code == 200
    assert "the server has no room left for files" in response.content.decode()
    assert not MeetingAttachment.objects.exists()
    assert media_files() == []


def test_other_storage_errors_are_bugs_not_a_full_disk(group, coordinator):
    """A permission error is a misconfiguration: the 500 page, not a form message."""
    meeting = MeetingFactory(group=group)
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    denied = OSError(errno.EACCES, "Permission denied")
    with mock.patch.object(MediaStorage, "_save", side_effect=denied), transaction.atomic():
        response = client.post(
            f"/en/meetings/{meeting.pk}/documents/",
            {"doc-title": "Ordre du jour", "doc-file": SimpleUploadedFile("odj.pdf", PDF)},
        )
    assert response.status_code == 500
    assert not MeetingAttachment.objects.exists()
