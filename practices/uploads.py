"""What an uploaded document is, judged by its content with bounded work, never by its name;
the name it is stored and downloaded under follows from that.

Office documents are zip archives. Their central directory is checked first (number of
entries, declared sizes, compression ratio, encryption, overlapping entries) and then a few
bytes of each entry are read, never more: a zip bomb is refused without being inflated.
"""

import errno
import os
import re
import struct
import unicodedata
import uuid
import zipfile
import zlib
from urllib.parse import quote

import puremagic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MiB = 1024 * 1024
MAX_ATTACHMENT_BYTES = 10 * MiB
# How much of a file is read to recognise its type.
SNIFF_BYTES = 64 * 1024

# Office documents (zip archives): limits far above what Word, Excel, PowerPoint or
# LibreOffice write, far below what a compression bomb needs.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 200 * MiB  # all entries together, as the archive declares them
ZIP_MAX_RATIO = 100  # declared size ÷ compressed size, of an entry or of the whole archive
ZIP_RATIO_FROM = MiB  # smaller entries may compress better (a page of blank XML)
ZIP_HEAD_BYTES = 8  # bytes read from each entry (to find archives nested inside)

# What an attachment may be, recognised by its content: type → extensions (the first one is
# the one the file is stored and downloaded with).
ALLOWED_TYPES = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
    "application/vnd.oasis.opendocument.presentation": (".odp",),
    "application/msword": (".doc",),
    "application/vnd.ms-excel": (".xls",),
    "application/vnd.ms-powerpoint": (".ppt",),
}
BY_EXTENSION = {ext: kind for kind, extensions in ALLOWED_TYPES.items() for ext in extensions}
OOXML_PARTS = {"word/": ".docx", "xl/": ".xlsx", "ppt/": ".pptx"}
ODF_TYPES = {kind for kind in ALLOWED_TYPES if kind.startswith("application/vnd.oasis.")}
# Word, Excel and PowerPoint 97–2003 share one container (OLE): its signature alone does not
# say which of the three a file is, so the uploader's extension chooses among them.
OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
OLE_EXTENSIONS = (".doc", ".xls", ".ppt")
# Beginnings of compressed or archive formats that have no place inside an office document.
ARCHIVE_SIGNATURES = (
    b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07", b"\x28\xb5\x2f\xfd", b"MSCF",
)  # fmt: skip
MACRO_PARTS = re.compile(r"(^|/)vbaProject\.bin$|^(Basic|Scripts)/", re.IGNORECASE)


def _refusal(message, code, **params):
    return ValidationError(message, code=code, params=params or None)


BAD_TYPE = _(
    "This file type is not accepted. Send a PDF, an office document (Word, Excel, "
    "PowerPoint, OpenDocument) or an image (PNG, JPEG, GIF, WebP)."
)
DAMAGED = _(
    "This document is damaged: its contents cannot be read. Save it again from your office "
    "program, or send it as a PDF."
)


def detect_type(upload) -> str:
    """The MIME type of ``upload`` judged by its bytes, or a ValidationError that says why it
    is refused. Reads at most SNIFF_BYTES, plus a bounded part of an office document's
    archive (its directory and a few bytes of each entry)."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise _refusal(
            _("The file is too large (%(size)s MB); the limit is 10 MB."),
            "too_large",
            size=round(upload.size / MiB, 1),
        )
    if upload.size == 0:
        raise _refusal(_("The file is empty."), "empty")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    try:
        if head.startswith(b"PK\x03\x04"):
            return _office_archive_type(upload)
        if head.startswith(OLE_SIGNATURE):
            extension = os.path.splitext(upload.name or "")[1].lower()
            return BY_EXTENSION[extension if extension in OLE_EXTENSIONS else ".doc"]
        try:
            matches = puremagic.magic_string(head, filename=None)
        except puremagic.PureError:
            matches = []
        for match in matches:
            kind = BY_EXTENSION.get((match.extension or "").lower())
            if kind and kind not in {BY_EXTENSION[e] for e in OLE_EXTENSIONS}:
                return kind
        raise _refusal(BAD_TYPE, "bad_type")
    finally:
        upload.seek(0)


def _office_archive_type(upload) -> str:
    """The type of an Office Open XML or OpenDocument file, after checking its archive."""
    entries, directory_offset = _zip_directory(upload)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise _refusal(DAMAGED, "damaged") from error
    with archive:  # (closes what zipfile opened, not the upload)
        infos = archive.infolist()
        if len(infos) != entries:
            raise _refusal(DAMAGED, "damaged")
        _check_declared(infos, upload.size, directory_offset)
        for info in infos:
            if MACRO_PARTS.search(info.filename):
                raise _refusal(
                    _(
                        "This document contains macros, which are not accepted. Save it "
                        "without macros (for example as .docx, .xlsx or .pptx), or send it as "
                        "a PDF."
                    ),
                    "macros",
                )
            if _head(archive, info, ZIP_HEAD_BYTES).startswith(ARCHIVE_SIGNATURES):
                raise _refusal(
                    _(
                        "This document contains another archive or compressed file (an "
                        "embedded document, for example). Send it without embedded files, "
                        "or as a PDF."
                    ),
                    "nested",
                )
        names = {info.filename for info in infos}
        if "mimetype" in names:
            declared = _head(archive, "mimetype", 100).decode("ascii", "replace").strip()
            if declared in ODF_TYPES:
                return declared
        elif "[Content_Types].xml" in names:
            for prefix, extension in OOXML_PARTS.items():
                if any(name.startswith(prefix) for name in names):
                    return BY_EXTENSION[extension]
    raise _refusal(BAD_TYPE, "bad_type")


def _zip_directory(upload) -> tuple[int, int]:
    """The number of entries and the offset of the central directory, read from the end of
    central directory record (APPNOTE 4.3.16, and 4.3.14 for zip64) before zipfile reads the
    directory itself: an archive announcing more entries than any document has is refused
    without building them."""
    tail_size = min(upload.size, 22 + 65535)
    upload.seek(upload.size - tail_size)
    tail = upload.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise _refusal(DAMAGED, "damaged")
    _sig, disk, _cd_disk, _here, entries, size, offset, _comment = struct.unpack(
        "<4s4H2LH", tail[at : at + 22]
    )
    if 0xFFFF in (entries, disk) or 0xFFFFFFFF in (size, offset):
        # zip64: the real numbers are in a zip64 record that a locator just before points to.
        locator = tail[at - 20 : at] if at >= 20 else b""
        if not locator.startswith(b"PK\x06\x07"):
            raise _refusal(DAMAGED, "damaged")
        (record_offset,) = struct.unpack("<Q", locator[8:16])
        if record_offset + 56 > upload.size:
            raise _refusal(DAMAGED, "damaged")
        upload.seek(record_offset)
        record = upload.read(56)
        if not record.startswith(b"PK\x06\x06"):
            raise _refusal(DAMAGED, "damaged")
        disk, _cd_disk, _here, entries, size, offset = struct.unpack("<2L4Q", record[16:56])
    if disk != 0 or offset + size > upload.size:
        raise _refusal(DAMAGED, "damaged")  # split over several files, or truncated
    if entries > ZIP_MAX_ENTRIES:
        raise _refusal(
            _(
                "This document is made of too many parts (more than %(limit)s). Send a "
                "smaller document, or a PDF."
            ),
            "too_many_parts",
            limit=ZIP_MAX_ENTRIES,
        )
    return entries, offset


def _check_declared(infos, archive_size: int, directory_offset: int) -> None:
    """Refuse encrypted entries, unknown compression, overlapping entries and declared
    sizes that only a compression bomb has, from the directory alone."""
    total, end_of_previous = 0, 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.flag_bits & 0x1:
            raise _refusal(
                _(
                    "This document is protected by a password. Send it without a password "
                    "(the portal's access rules protect it)."
                ),
                "encrypted",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refusal(DAMAGED, "damaged")
        # Each entry's data must end before the next entry begins (30 bytes of local header
        # and the name at least): entries that share data are how the worst bombs are made.
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"  # as zipfile decoded it
        name_length = len(info.orig_filename.encode(encoding, "replace"))
        if info.header_offset < end_of_previous:
            raise _refusal(DAMAGED, "damaged")
        end_of_previous = info.header_offset + 30 + name_length + info.compress_size
        if end_of_previous > directory_offset:
            raise _refusal(DAMAGED, "damaged")
        total += info.file_size
        if info.file_size > ZIP_RATIO_FROM and info.file_size > ZIP_MAX_RATIO * info.compress_size:
            raise _bomb()
    if total > ZIP_MAX_UNCOMPRESSED or total > ZIP_RATIO_FROM + ZIP_MAX_RATIO * archive_size:
        raise _bomb()


def _bomb():
    return _refusal(
        _(
            "This document would unpack to far more than an office document holds (more than "
            "%(ratio)s times its size, or over %(limit)s MB): it is refused. Save it again "
            "from your office program, or send it as a PDF."
        ),
        "bomb",
        ratio=ZIP_MAX_RATIO,
        limit=ZIP_MAX_UNCOMPRESSED // MiB,
    )


def _head(archive, entry, size: int) -> bytes:
    """The first ``size`` bytes of an entry: zipfile inflates no more than it is asked for."""
    try:
        with archive.open(entry) as handle:
            return handle.read(size)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError,
            ValueError, EOFError) as error:  # fmt: skip
        raise _refusal(DAMAGED, "damaged") from error


# ---------------------------------------------------------------- names on disk and in downloads


def stored_name(folder: str, content_type: str) -> str:
    """A generated name whose extension is that of the detected type: the uploader's file
    name never reaches the file system, and a file is never stored as ``.html``."""
    extensions = ALLOWED_TYPES.get(content_type, (".bin",))
    return f"{folder}/{uuid.uuid4().hex}{extensions[0]}"


def safe_name(name: str) -> str:
    """The uploader's file name, for display and download only: no path, no control chars."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>:|?*')
    return name.strip(". ")[:200] or "document"


def download_name(original_name: str, content_type: str) -> str:
    """The name a document is downloaded under: the uploader's, with the extension of the
    type found in its content (``rapport.html`` holding a PDF downloads as ``rapport.pdf``)."""
    name = safe_name(original_name or "")
    extensions = ALLOWED_TYPES.get(content_type, (".bin",))
    stem, extension = os.path.splitext(name)
    if extension.lower() in extensions:
        return name
    if re.fullmatch(r"\.[A-Za-z0-9]{1,5}", extension):
        name = stem or "document"
    return name + extensions[0]


def content_disposition(name: str) -> str:
    """``attachment`` with the name twice (RFC 6266): an ASCII fallback, and the name itself
    in UTF-8 (RFC 8187) for the browsers that read it, which all current ones do."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9 ._()+,=@&'-]", "_", ascii_name).strip(" .") or "document"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


# ---------------------------------------------------------------- a full disk

DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
STORAGE_FULL = _(
    "The document could not be stored: the server has no room left for files. Nothing has "
    "been saved. Try again later, or save without the document; the site's team has been told."
)


def is_disk_full(error: BaseException) -> bool:
    """Whether ``error`` says the storage has no room left (a full disk, a quota)."""
    return isinstance(error, OSError) and error.errno in DISK_FULL
