"""Hostile files, built in the test and small on disk: zip bombs (flat, many
members, nested, overlapping entries, a lying header), Word files with
entity expansion or absurd nesting, and a PDF with a stream that inflates to
gigabytes.

Inflating data is made without compressing it: deflate restarts after a
full flush, so one compressed MiB of zeros can be repeated to describe as
many MiB as wanted (1 GiB of zeros is 1 MB on disk, made in milliseconds).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx

MiB = 1024 * 1024
_ZEROS = bytes(MiB)


def _block(chunk: bytes) -> tuple[bytes, bytes]:
    """``chunk`` as a raw deflate block ending in a full flush, and the
    stream's end (an empty final block)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert block == again  # the property everything here relies on
    return block, c.flush(zlib.Z_FINISH)


def deflated_repeat(chunk: bytes, times: int, prefix: bytes = b"") -> tuple[bytes, int, int]:
    """Raw deflate of ``prefix`` + ``chunk`` × ``times``: (data, crc32, size)."""
    block, end = _block(chunk)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH) if prefix else b""
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return head + block * times + end, crc, len(prefix) + times * len(chunk)


def deflated_zeros(mib: int, prefix: bytes = b"") -> tuple[bytes, int, int]:
    """Raw deflate of ``prefix`` + ``mib`` MiB of zeros: (data, crc32, size)."""
    return deflated_repeat(_ZEROS, mib, prefix)


def zlib_zeros(mib: int) -> bytes:
    """``mib`` MiB of zeros as a zlib stream (PDF's FlateDecode), with its checksum."""
    block, end = _block(_ZEROS)
    adler = 1
    for _ in range(mib):
        adler = zlib.adler32(_ZEROS, adler)
    return b"\x78\xda" + block * mib + end + struct.pack(">I", adler)


# -- zip files by hand ------------------------------------------------------------------

def _local(name: bytes, method: int, crc: int, csize: int, usize: int, flags: int = 0) -> bytes:
    return struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, method, 0, 0x21, crc, csize, usize, len(name), 0) + name


def _central(name: bytes, method: int, crc: int, csize: int, usize: int, offset: int, flags: int = 0) -> bytes:
    return struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, method, 0, 0x21, crc, csize, usize,
                       len(name), 0, 0, 0, 0, 0, offset) + name


def _end(entries: int, cd_size: int, cd_offset: int) -> bytes:
    return struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, entries, entries, cd_size, cd_offset, 0)


def raw_zip(members) -> bytes:
    """A zip of ``members``: (name, compressed data, method, crc, declared
    size) — the declared size is whatever the caller says."""
    out = io.BytesIO()
    central = []
    for name, data, method, crc, usize in members:
        name = name.encode()
        offset = out.tell()
        out.write(_local(name, method, crc, len(data), usize))
        out.write(data)
        central.append(_central(name, method, crc, len(data), usize, offset))
    cd_offset = out.tell()
    cd = b"".join(central)
    out.write(cd)
    out.write(_end(len(central), len(cd), cd_offset))
    return out.getvalue()


def flat_bomb(mib: int = 1024, name: str = "bomb.bin") -> bytes:
    """One member that inflates to ``mib`` MiB (1 MB on disk per GiB)."""
    data, crc, size = deflated_zeros(mib)
    return raw_zip([(name, data, zipfile.ZIP_DEFLATED, crc, size)])


def many_members(n: int) -> bytes:
    """``n`` empty stored members."""
    return raw_zip([(f"d/{i}.xml", b"", zipfile.ZIP_STORED, 0, 0) for i in range(n)])


def overlapping(n: int = 50, kernel_mib: int = 10) -> bytes:
    """David Fifield's "better zip bomb" (quoted overlap): member i's data is a
    stored deflate block quoting the local header of member i+1, then that
    member's data, and so on into one shared kernel — ``n`` members each
    inflate to the whole kernel, which is stored once. (Only the last
    member's CRC is right: nothing here is meant to be inflated.)"""
    kernel, kernel_crc, kernel_size = deflated_zeros(kernel_mib)
    names = [f"word/part{i:03d}.xml".encode() for i in range(n)]
    header_len = [30 + len(name) for name in names]
    csize, usize = [0] * n, [0] * n
    csize[-1], usize[-1] = len(kernel), kernel_size
    for i in range(n - 2, -1, -1):
        csize[i] = 5 + header_len[i + 1] + csize[i + 1]
        usize[i] = header_len[i + 1] + usize[i + 1]
    out = io.BytesIO()
    central = []
    for i in range(n):
        crc = kernel_crc if i == n - 1 else 0
        central.append(_central(names[i], zipfile.ZIP_DEFLATED, crc, csize[i], usize[i], out.tell()))
        out.write(_local(names[i], zipfile.ZIP_DEFLATED, crc, csize[i], usize[i]))
        if i < n - 1:  # a non-final stored block whose content is the next local header
            out.write(struct.pack("<BHH", 0, header_len[i + 1], header_len[i + 1] ^ 0xFFFF))
    out.write(kernel)
    cd_offset = out.tell()
    cd = b"".join(central)
    out.write(cd)
    out.write(_end(n, len(cd), cd_offset))
    return out.getvalue()


def lying(declared: int = 1000, real_mib: int = 64, name: str = "word/document.xml") -> bytes:
    """A member that says it unpacks to ``declared`` bytes while its data
    inflates to ``real_mib`` MiB (its CRC is that of the real data)."""
    data, crc, _size = deflated_zeros(real_mib)
    return raw_zip([(name, data, zipfile.ZIP_DEFLATED, crc, declared)])


# -- Word files -------------------------------------------------------------------------

def word_file(paragraphs=("Et helt almindeligt notat.",)) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_members(base: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
                 raw: dict[str, tuple[bytes, int, int]] | None = None) -> bytes:
    """``base`` (a zip) with members replaced or added; ``raw`` members are
    (raw deflate data, crc, size) written as they are, without compressing."""
    replace, add, raw = replace or {}, add or {}, raw or {}
    src = zipfile.ZipFile(io.BytesIO(base))
    members = []
    for info in src.infolist():
        if info.filename in raw:
            continue
        data = replace.get(info.filename, None)
        data = src.read(info) if data is None else data
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = c.compress(data) + c.flush()
        members.append((info.filename, packed, zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data)))
    for name, data in add.items():
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        members.append((name, c.compress(data) + c.flush(), zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data)))
    for name, (data, crc, size) in raw.items():
        members.append((name, data, zipfile.ZIP_DEFLATED, crc, size))
    return raw_zip(members)


def docx_bomb(mib: int = 300) -> bytes:
    """The issue's file: a real .docx whose word/document.xml inflates to
    ``mib`` MiB (an XML start, then zeros) — 340 KB on disk for 300 MiB."""
    prefix = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    return with_members(word_file(), raw={"word/document.xml": deflated_zeros(mib, prefix)})


def nested(levels: int, inner: bytes | None = None) -> bytes:
    """A .docx holding a zip holding a zip … ``levels`` archives deep."""
    data = inner if inner is not None else b"innerst"
    name = "innerst.txt"
    for level in range(levels):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(name, data)
        data, name = out.getvalue(), f"niveau{level}.zip"
    return with_members(word_file(), add={f"word/embeddings/{name}": data})


DOCUMENT_START = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def large_word_file(paragraphs: int, words: int = 30, seed: int = 5) -> bytes:
    """No bomb, just big: ``paragraphs`` paragraphs of Danish words (20,000 of
    them are 5.8 MB of XML at 9 : 1, and take a parser 130 MB and seconds)."""
    import random

    rng = random.Random(seed)
    vocab = ("region fælles udbud drift styregruppe beslutning projekt strategi indsats frist sekretariat "
             "telefoni kontrakt laboratoriesystem vedligehold").split()
    body = "".join(f"<w:p><w:r><w:t>{' '.join(rng.choice(vocab) for _ in range(words))}</w:t></w:r></w:p>"
                   for _ in range(paragraphs))
    xml = DOCUMENT_START + b"<w:document " + W_NS + b"><w:body>" + body.encode() + b"</w:body></w:document>"
    return with_members(word_file(), replace={"word/document.xml": xml})


def billion_laughs() -> bytes:
    """word/document.xml with nested entities expanding to 10^9 "ha"s."""
    entities = [b'<!ENTITY l0 "ha">'] + [
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">'.encode() for i in range(1, 10)]
    xml = (DOCUMENT_START + b"<!DOCTYPE w:document [" + b"".join(entities) + b"]>"
           + b"<w:document " + W_NS + b"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>")
    return with_members(word_file(), replace={"word/document.xml": xml})


def deep_xml(depth: int = 100_000) -> bytes:
    """word/document.xml nested ``depth`` elements deep (tables in tables)."""
    xml = (DOCUMENT_START + b"<w:document " + W_NS + b"><w:body>" + b"<w:tbl><w:tr><w:tc>" * depth
           + b"<w:p><w:r><w:t>dybt</w:t></w:r></w:p>" + b"</w:tc></w:tr></w:tbl>" * depth + b"</w:body></w:document>")
    return with_members(word_file(), replace={"word/document.xml": xml})


# -- PDF ----------------------------------------------------------------------------------

def pdf(streams: list[bytes]) -> bytes:
    """A PDF with one page per content stream (each a FlateDecode stream,
    already compressed), Helvetica as /F1."""
    n = len(streams)
    font = 3 + 2 * n
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n))
               + b"] /Count %d >>" % n]
    for i, stream in enumerate(streams):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >>"
                       b" /Contents %d 0 R >>" % (font, 4 + 2 * i))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_text(*lines: str) -> bytes:
    """An ordinary one-page PDF with these lines of text."""
    ops = b"BT /F1 12 Tf 72 770 Td 14 TL " + b" ".join(
        b"(" + line.encode("latin-1") + b") '" for line in lines) + b" ET"
    return pdf([zlib.compress(ops)])


def pdf_bomb(mib: int = 1024) -> bytes:
    """A one-page PDF whose content stream inflates to ``mib`` MiB of zeros."""
    return pdf([zlib_zeros(mib)])


def pdf_slow(pages: int = 20, mib: int = 3) -> bytes:
    """Pages of text operators, ``mib`` MiB each, from a few KB each: pypdf
    takes seconds and hundreds of MB per page (4 MiB: 13 s and 220 MB)."""
    op = b"BT /F1 12 Tf (ha) Tj ET\n"
    chunk = op * (MiB // len(op))
    stream = zlib.compress(chunk * mib, 9)
    return pdf([stream] * pages)
