"""Uploads are recognised with bounded work: a zip bomb is refused from its directory without
being inflated, and encrypted, nested, overlapping or damaged archives get a clear,
translated error; files are stored and downloaded under the extension of their real type."""

import random
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from practices import uploads
from practices.models import Attachment, Practice
from tests.meetings.factories import MeetingFactory

from .archives import (
    DOCX,
    ODT,
    ODT_FILE,
    MiB,
    encrypted,
    many_entries,
    odt_bomb,
    overlapping,
    wrong_checksum,
    zipped,
)
from .factories import org_of
from .test_forms import complete_post, media_files

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def refusal(content: bytes, name="document.odt") -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        uploads.detect_type(SimpleUploadedFile(name, content))
    return refused.value


def test_a_zip_bomb_is_refused_from_its_directory_without_being_inflated():
    bomb = odt_bomb()
    assert len(bomb) < 3 * MiB  # on disk; its "mimetype" entry inflates to 2 GiB
    with zipfile.ZipFile(SimpleUploadedFile("x.odt", bomb)) as archive:
        assert archive.getinfo("mimetype").file_size == 2048 * MiB

    upload = SimpleUploadedFile("compte-rendu.odt", bomb)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            uploads.detect_type(upload)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert refused.value.code == "bomb"
    assert peak < MiB  # the check read the archive's directory, nothing was inflated


def test_a_bomb_sent_through_the_form_is_refused_in_the_visitors_language(client, group, member):
    client.force_login(member)
    for lang, message in [
        ("en", "This document would unpack to far more than an office document holds"),
        ("fr", "Ce document se décompresserait en bien plus de données"),
    ]:
        data = complete_post(
            group,
            org_of(member),
            attachments=[("Compte rendu", SimpleUploadedFile("cr.odt", odt_bomb()))],
        )
        response = client.post(f"/{lang}/practices/new/", data)

        assert response.status_code == 400
        content = response.content.decode()
        assert message in content
        assert "Protocole départemental" in content  # what was typed is still there
    assert not Practice.objects.exists()
    assert not Attachment.objects.exists()
    assert media_files() == []


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (overlapping(), "damaged"),
        (encrypted(ODT_FILE), "encrypted"),
        (encrypted(DOCX), "encrypted"),
        (many_entries(uploads.ZIP_MAX_ENTRIES), "too_many_parts"),
        (zipped({"[Content_Types].xml": "<T/>", "word/document.xml": "<w/>",
                 "word/embeddings/sheet.xlsx": DOCX}), "nested"),
        (zipped({"mimetype": ODT, "content.xml": "<x/>",
                 "Pictures/photo.png": zipped({"inner.txt": "x"})}), "nested"),
        (zipped({"mimetype": ODT, "Pictures/a.gz": b"\x1f\x8b\x08\x00rest"}), "nested"),
        (zipped({"[Content_Types].xml": "<T/>", "word/document.xml": "<w/>",
                 "word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}), "macros"),
        (zipped({"mimetype": ODT, "Basic/Standard/Module1.xml": "<macro/>"}), "macros"),
        (zipped({"mimetype": ODT, "content.xml": "<x/>"}, zipfile.ZIP_BZIP2), "damaged"),
        (DOCX[: len(DOCX) // 2], "damaged"),
        (DOCX[:-22] + DOCX[-22:-6] + b"\xff\xff\xff\x7f" + DOCX[-2:], "damaged"),
        (b"PK\x03\x04" + bytes(100), "damaged"),
        (wrong_checksum(), "damaged"),
        (zipped({"readme.txt": "hello"}), "bad_type"),
        (zipped({"mimetype": "text/html", "index.html": "<script>alert(1)</script>"}), "bad_type"),
    ],
    ids=["overlapping", "encrypted odt", "encrypted docx", "too many parts", "nested zip",
         "nested zip as png", "nested gzip", "vba macros", "odf macros", "bzip2", "truncated",
         "directory past the end", "no directory", "wrong checksum", "plain zip", "html as odt"],
)  # fmt: skip
def test_archives_that_are_no_honest_office_document_are_refused(content, code):
    assert refusal(content).code == code


def test_each_refusal_says_why_in_french_and_english(client, group, member):
    client.force_login(member)
    cases = [
        (encrypted(ODT_FILE), "protected by a password", "protégé par un mot de passe"),
        (overlapping(), "This document is damaged", "Ce document est endommagé"),
        (many_entries(uploads.ZIP_MAX_ENTRIES), "too many parts (more than 2000)",
         "trop de parties (plus de 2000)"),
        (zipped({"mimetype": ODT, "a.zip": DOCX}), "contains another archive",
         "contient une autre archive"),
        (zipped({"mimetype": ODT, "Basic/m.xml": "x"}), "contains macros", "contient des macros"),
    ]  # fmt: skip
    for content, english, french in cases:
        for lang, message in (("en", english), ("fr", french)):
            upload = SimpleUploadedFile("doc.odt", content)
            data = complete_post(group, org_of(member), attachments=[("Doc", upload)])
            response = client.post(f"/{lang}/practices/new/", data)
            assert response.status_code == 400
            assert message in response.content.decode(), (lang, message)
    assert not Attachment.objects.exists()


def test_large_honest_office_documents_pass():
    """A spreadsheet of 40,000 rows of varied figures and a text of 300,000 words (MBs of
    XML each, compressed as office programs do) are within the limits."""
    rng = random.Random(11)
    rows = "".join(
        f'<row r="{i}"><c r="A{i}"><v>{rng.randint(0, 10**6)}</v></c>'
        f'<c r="B{i}" t="s"><v>{rng.randint(0, 500)}</v></c></row>'
        for i in range(1, 40_001)
    )
    sheet = zipped(
        {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>",
         "xl/worksheets/sheet1.xml": f"<worksheet><sheetData>{rows}</sheetData></worksheet>"}
    )  # fmt: skip
    assert uploads.detect_type(SimpleUploadedFile("budget.xlsx", sheet)) == XLSX
    words = ["protection", "enfant", "audition", "signalement", "parquet", "école", "santé"]
    text = " ".join(rng.choice(words) + str(rng.randint(0, 99)) for _ in range(300_000))
    document = zipped({"mimetype": ODT, "content.xml": f"<text>{text}</text>"})
    assert len(document) < uploads.MAX_ATTACHMENT_BYTES
    assert uploads.detect_type(SimpleUploadedFile("rapport.odt", document)) == ODT


@pytest.mark.parametrize(
    ("name", "expected"),
    [("ancien.doc", ".doc"), ("budget.XLS", ".xls"), ("diapos.ppt", ".ppt"), ("x.msi", ".doc")],
)
def test_legacy_office_files_take_their_kind_from_their_extension(name, expected):
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(1000)
    kind = uploads.detect_type(SimpleUploadedFile(name, ole))
    assert uploads.ALLOWED_TYPES[kind][0] == expected


# ---------------------------------------------------------------- stored and served names

POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n%%EOF\n"


def test_a_polyglot_named_html_is_stored_and_served_as_what_its_content_is(client, group, member):
    client.force_login(member)
    data = complete_post(
        group,
        org_of(member),
        attachments=[("Page", SimpleUploadedFile("page.html", POLYGLOT, "text/html"))],
    )
    assert client.post("/en/practices/new/", data).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.endswith(".pdf")
    assert [p.suffix for p in media_files()] == [".pdf"]

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"page.pdf\"; filename*=UTF-8''page.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == POLYGLOT


@pytest.mark.parametrize(
    ("original", "content_type", "downloaded"),
    [
        ("Compte rendu.pdf", "application/pdf", "Compte rendu.pdf"),
        ("photo.JPEG", "image/jpeg", "photo.JPEG"),
        ("page.html", "application/pdf", "page.pdf"),
        ("image-named-as.pdf", "image/png", "image-named-as.png"),
        ("v1.2 final", "application/pdf", "v1.2 final.pdf"),
        ("", "application/pdf", "document.pdf"),
        (".htaccess", "application/pdf", "htaccess.pdf"),
    ],
)
def test_downloads_are_named_after_their_real_type(original, content_type, downloaded):
    assert uploads.download_name(original, content_type) == downloaded


def test_non_ascii_names_are_offered_in_utf8_with_an_ascii_fallback():
    header = uploads.content_disposition('Procès-verbal "réunion" n°3; été.pdf')

    assert header == (
        'attachment; filename="Proces-verbal _reunion_ n3_ ete.pdf"; '
        "filename*=UTF-8''Proc%C3%A8s-verbal%20%22r%C3%A9union%22%20n%C2%B03%3B%20%C3%A9t%C3%A9.pdf"
    )
    assert "\n" not in uploads.content_disposition("a\r\nSet-Cookie: x=1.pdf")


def test_meeting_documents_are_stored_and_served_the_same_way(client, group, coordinator, member):
    meeting = MeetingFactory(group=group)
    client.force_login(coordinator)
    upload = SimpleUploadedFile("ordre du jour.html", POLYGLOT, "text/html")
    client.post(f"/en/meetings/{meeting.pk}/documents/", {"doc-title": "ODJ", "doc-file": upload})
    document = meeting.attachments.get()
    assert Path(document.file.name).suffix == ".pdf"

    client.force_login(member)
    response = client.get(f"/en/meetings/{meeting.pk}/documents/{document.pk}/")

    assert response["Content-Disposition"].startswith('attachment; filename="ordre du jour.pdf"')
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
