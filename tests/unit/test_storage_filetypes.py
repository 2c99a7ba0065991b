"""Attachment bytes on disk (BlobStore) and the file-type gate (filetypes)."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import zlib

import pytest

from rsi_case.demo.wordmemo import sample_memo
from rsi_case.documents import filetypes
from rsi_case.documents.filetypes import FileTypeError, check, content_type_for, safe_filename
from rsi_case.documents.storage import BlobStore, TooLarge

PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
       b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run in DOS mode."


def png_bytes() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def files_under(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


# --- BlobStore -----------------------------------------------------------------


def test_put_stores_under_the_sha256_path(tmp_path):
    store = BlobStore(tmp_path / "blobs")
    data = "Referat fra styregruppemødet".encode()
    sha, size = store.put_bytes(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert size == len(data)
    expected = tmp_path / "blobs" / sha[:2] / sha[2:4] / sha
    assert store.path(sha) == expected
    assert expected.read_bytes() == data
    assert store.exists(sha)
    assert store.read(sha) == data
    with store.open(sha) as fh:
        assert fh.read() == data
    # nothing else on disk: no temporary file, no file under a human name
    assert files_under(tmp_path / "blobs") == [expected]


def test_put_streams_from_a_file_object_in_chunks(tmp_path):
    store = BlobStore(tmp_path)
    data = os.urandom(3 * 1024 * 1024 + 17)  # more than one CHUNK
    sha, size = store.put(io.BytesIO(data))
    assert size == len(data)
    assert store.read(sha) == data


def test_identical_content_is_stored_once(tmp_path):
    store = BlobStore(tmp_path)
    first = store.put_bytes(b"samme indhold")
    second = store.put(io.BytesIO(b"samme indhold"))
    assert first == second
    assert len(files_under(tmp_path)) == 1
    other, _size = store.put_bytes(b"andet indhold")
    assert other != first[0]
    assert len(files_under(tmp_path)) == 2


def test_too_large_raises_and_leaves_nothing_behind(tmp_path):
    store = BlobStore(tmp_path)
    with pytest.raises(TooLarge) as err:
        store.put(io.BytesIO(b"x" * 5000), limit=4096)
    assert err.value.limit == 4096
    assert files_under(tmp_path) == []


def test_exactly_at_the_limit_is_accepted(tmp_path):
    store = BlobStore(tmp_path)
    sha, size = store.put(io.BytesIO(b"x" * 4096), limit=4096)
    assert size == 4096 and store.exists(sha)


def test_a_failing_stream_leaves_no_temporary_file(tmp_path):
    class Broken(io.BytesIO):
        def read(self, n=-1):
            if self.tell() > 0:
                raise OSError("disk gone")
            return super().read(10)

    store = BlobStore(tmp_path)
    with pytest.raises(OSError):
        store.put(Broken(b"0123456789abcdef"))
    assert files_under(tmp_path) == []


@pytest.mark.parametrize("bad", ["../../etc/passwd", "abc", "A" * 64, "g" * 64, "", "0" * 63 + "/"])
def test_path_refuses_anything_but_a_hex_digest(tmp_path, bad):
    store = BlobStore(tmp_path)
    with pytest.raises(ValueError):
        store.path(bad)
    assert store.exists(bad) is False


def test_exists_is_false_for_an_unknown_digest(tmp_path):
    assert BlobStore(tmp_path).exists("0" * 64) is False


# --- filetypes.check -----------------------------------------------------------


def write(tmp_path, name, data):
    path = tmp_path / ("upload-" + str(abs(hash(name))))
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name,data,ctype", [
    ("rapport.pdf", PDF, "application/pdf"),
    ("figur.png", png_bytes(), "image/png"),
    ("notat.docx", sample_memo(), filetypes.DOCX),
    ("referat.txt", "Referat fra mødet – æøå ÆØÅ".encode(), "text/plain; charset=utf-8"),
    ("gammel.txt", "Windows-tekst æøå".encode("cp1252"), "text/plain; charset=utf-8"),
    ("data.csv", "region;beløb\nHovedstaden;10\n".encode(), "text/csv; charset=utf-8"),
    ("FOTO.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
    ("RAPPORT.PDF", PDF, "application/pdf"),
])
def test_check_accepts_real_files(tmp_path, name, data, ctype):
    assert check(name, write(tmp_path, name, data)) == ctype


@pytest.mark.parametrize("name,data", [
    ("faktura.pdf", EXE),
    ("notat.docx", EXE),
    ("billede.png", EXE),
    ("referat.txt", EXE),            # holds NUL bytes: not text
    ("billede.png", PDF),            # a real PDF, but not a PNG
    ("notat.docx", PDF),
    ("notat.docx", b"PK\x03\x04 but no real zip"),
    ("rapport.pdf", b"<html><script>alert(1)</script></html>"),
    ("tekst.txt", "UTF-16 tekst".encode("utf-16")),
])
def test_check_refuses_renamed_or_garbage_files(tmp_path, name, data):
    with pytest.raises(FileTypeError) as err:
        check(name, write(tmp_path, name, data))
    assert err.value.mapping["name"] == name
    assert err.value.mapping["ext"] == os.path.splitext(name)[1].lstrip(".").upper()


def test_check_refuses_an_empty_file(tmp_path):
    with pytest.raises(FileTypeError) as err:
        check("tom.pdf", write(tmp_path, "tom.pdf", b""))
    assert err.value.mapping == {"name": "tom.pdf"}


@pytest.mark.parametrize("name", ["program.exe", "side.html", "logo.svg", "script.js", "makro.docm", "uden-endelse",
                                  "arkiv.zip", "notat.pdf.exe"])
def test_check_refuses_unknown_extensions(tmp_path, name):
    with pytest.raises(FileTypeError) as err:
        check(name, write(tmp_path, name, PDF))
    allowed = err.value.mapping["allowed"]
    assert "pdf" in allowed and "docx" in allowed
    assert "exe" not in allowed and "svg" not in allowed and "html" not in allowed


def test_content_type_for():
    assert content_type_for("A.DOCX") == filetypes.DOCX
    assert content_type_for("x.svg") is None
    assert content_type_for("x") is None


def test_nothing_that_can_run_script_is_shown_inline():
    assert "image/svg+xml" not in filetypes.INLINE
    assert "text/html" not in filetypes.INLINE
    assert not any(t.startswith("text/") for t in filetypes.INLINE)


# --- safe_filename -------------------------------------------------------------


@pytest.mark.parametrize("raw,safe", [
    ("../../etc/passwd", "passwd"),
    ("C:\\x\\y.docx", "y.docx"),
    ("\\\\server\\share\\notat.docx", "notat.docx"),
    ("/var/www/../notat.pdf", "notat.pdf"),
    ("rapport\x00.pdf", "rapport.pdf"),
    ("re\x1bport\x7f.pdf", "report.pdf"),
    ("Referat\u202e.fdp.exe", "Referat.fdp.exe"),   # no right-to-left override trick
    ("  mødereferat   2009 .docx ", "mødereferat 2009 .docx"),
    ("Mødereferat æøå.pdf", "Mødereferat æøå.pdf"),
    ("", "fil"),
    ("..", "fil"),
    ("/", "fil"),
])
def test_safe_filename(raw, safe):
    assert safe_filename(raw) == safe


def test_safe_filename_is_nfc():
    assert safe_filename("mo\u0308de.docx") == "m\u00f6de.docx"


def test_safe_filename_has_no_separators_or_control_characters():
    name = safe_filename("a/b\\c\r\nd\te.txt")
    assert "/" not in name and "\\" not in name
    assert not any(ord(ch) < 32 for ch in name)
    assert name.endswith(".txt")


def test_a_long_file_name_is_shortened_but_keeps_its_extension():
    name = safe_filename("x" * 300 + ".pdf")
    assert len(name) <= 200
    assert name.endswith(".pdf")
    assert content_type_for(name) == "application/pdf"
