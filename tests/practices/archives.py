"""Zip archives for upload tests, built by hand where zipfile would refuse or take too long:
office documents, a zip bomb (small on disk, gigabytes inflated), encrypted, overlapping,
nested and damaged archives."""

import io
import struct
import zipfile
import zlib

MiB = 1024 * 1024
ODT = "application/vnd.oasis.opendocument.text"


def zipped(files: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped(
    {
        "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
        "word/document.xml": '<?xml version="1.0"?><w:document/>',
    }
)
# OpenDocument puts its type, uncompressed, in a first entry named "mimetype".
ODT_FILE = zipped({"mimetype": ODT, "content.xml": "<x/>"}, compression=zipfile.ZIP_STORED)


def _zeros_deflated(mebibytes: int) -> bytes:
    """A raw deflate stream of ``mebibytes`` MiB of zeros, made without compressing them all:
    one MiB compressed and fully flushed (so that it stands alone) is repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(MiB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * mebibytes + b"\x03\x00"  # an empty final block ends the stream


# zlib.crc32 of 2 GiB of zeros (computed once; computing it takes seconds).
CRC32_OF_2_GIB_OF_ZEROS = 0x4DBDF21C


def _entry(name: bytes, data: bytes, *, size: int, crc: int, method: int, flags=0, offset=0):
    """The local header (with data) and the central directory record of one entry."""
    local = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, flags, method, 0, 0x21, crc, len(data), size, len(name), 0
    )
    central = struct.pack(
        "<4s6H3L5H2L",
        b"PK\x01\x02", 20, 20, flags, method, 0, 0x21, crc, len(data), size, len(name),
        0, 0, 0, 0, 0, offset,
    )  # fmt: skip
    return local + name + data, central + name


def _archive(entries) -> bytes:
    """A zip of (name, data, size, crc, method, flags, offset or None) entries; an entry with
    an offset points into data written for an earlier entry (overlapping entries)."""
    body, directory = b"", b""
    for name, data, size, crc, method, flags, offset in entries:
        own_offset = len(body) if offset is None else offset
        local, central = _entry(
            name, data, size=size, crc=crc, method=method, flags=flags, offset=own_offset
        )
        if offset is None:
            body += local
        directory += central
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(body), 0
    )
    return body + directory + end


def odt_bomb() -> bytes:
    """An OpenDocument text whose "mimetype" entry inflates to 2 GiB of zeros: about 2 MB
    on disk, well within the 10 MB upload limit."""
    return _archive(
        [
            (b"mimetype", _zeros_deflated(2048), 2048 * MiB, CRC32_OF_2_GIB_OF_ZEROS, 8, 0, None),
            (b"content.xml", b"<x/>", 4, zlib.crc32(b"<x/>"), 0, 0, None),
        ]
    )


def overlapping(copies: int = 50) -> bytes:
    """An OpenDocument text whose entries all point at the same stored data, as David
    Fifield's "better zip bomb" does: each entry looks harmless, together they are many
    times the file (with compressed data, thousands of times)."""
    content = b"<x/>" * 1000
    entries = [(b"mimetype", ODT.encode(), len(ODT), zlib.crc32(ODT.encode()), 0, 0, None)]
    entries.append((b"content.xml", content, len(content), zlib.crc32(content), 0, 0, None))
    shared = len(_entry(b"mimetype", ODT.encode(), size=0, crc=0, method=0)[0])
    crc = zlib.crc32(content)
    entries += [(b"content.xml", content, len(content), crc, 0, 0, shared)] * copies
    return _archive(entries)


def wrong_checksum() -> bytes:
    """An OpenDocument text whose "mimetype" entry does not match its CRC-32."""
    return _archive([(b"mimetype", ODT.encode(), len(ODT), 0xDEADBEEF, 0, 0, None)])


def encrypted(content: bytes) -> bytes:
    """``content`` (a zip) with every entry marked as encrypted (general purpose flag bit 0),
    as a password-protected archive is."""
    data = bytearray(content)
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + flag_at] |= 0x01
            start += 4
    return bytes(data)


def many_entries(count: int) -> bytes:
    return zipped({"mimetype": ODT, **{f"p/{i}.xml": "" for i in range(count)}})
