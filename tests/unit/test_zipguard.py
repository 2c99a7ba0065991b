"""The zip guard (rsi_case.zipguard) against generated bombs, and real
office files — python-docx's, the sample memo's, LibreOffice's — that must
pass it untouched."""

from __future__ import annotations

import io
import os
import resource
import struct
import subprocess
import time
import uuid
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.shared import Inches

from rsi_case import zipguard
from rsi_case.zipguard import ZipLimits, ZipRefused
from tests import bombs
from tests.office import soffice

ROOT = Path(__file__).resolve().parents[2]
MiB = 1024 * 1024
LOOSE = ZipLimits(max_unpacked=10**12, max_ratio=10**9, max_members=10**6, max_depth=50, max_directory=10**9)


def refused(data: bytes, limits: ZipLimits = zipguard.DEFAULT_LIMITS) -> ZipRefused:
    with pytest.raises(ZipRefused) as err:
        zipguard.check(io.BytesIO(data), limits)
    return err.value


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def inflated_size(data: bytes, name: str) -> int:
    """What a reader that trusts nothing but the stream gets out of a member."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    raw = data[info.header_offset + 30 + len(info.orig_filename.encode()):]
    d = zlib.decompressobj(-15)
    total = pos = 0
    while not d.eof:
        chunk = d.unconsumed_tail or raw[pos:pos + 64 * 1024]
        if not d.unconsumed_tail:
            pos += 64 * 1024
        if not chunk:
            break
        total += len(d.decompress(chunk, MiB))
    return total


# -- the bombs are real -------------------------------------------------------------------

def test_the_generated_bombs_really_inflate():
    flat = bombs.flat_bomb(64)
    assert len(flat) < 100_000
    assert inflated_size(flat, "bomb.bin") == 64 * MiB
    issue = bombs.docx_bomb(300)
    assert len(issue) < 400_000  # the issue's 340 KB file
    with zipfile.ZipFile(io.BytesIO(issue)) as zf:
        assert zf.getinfo("word/document.xml").file_size > 300 * MiB
    # every member of the overlapping bomb runs into the one shared kernel
    overlap = bombs.overlapping(n=20, kernel_mib=2)
    with zipfile.ZipFile(io.BytesIO(overlap)) as zf:
        infos = zf.infolist()
    assert len(infos) == 20 and len(overlap) < 10_000
    assert sum(i.file_size for i in infos) > 40 * MiB
    assert inflated_size(overlap, infos[0].filename) == infos[0].file_size


# -- refused, and before anything is inflated ---------------------------------------------

def test_a_flat_bomb_is_refused_by_its_ratio_without_inflating_it():
    data = bombs.flat_bomb(1024)  # 1 GiB from 1 MB
    before, started = peak_mb(), time.monotonic()
    err = refused(data)
    assert err.reason == "ratio" and err.mapping == {"ratio": 100}
    assert time.monotonic() - started < 1
    assert peak_mb() - before < 20


def test_the_docx_of_the_issue_is_refused():
    err = refused(bombs.docx_bomb(300))
    assert err.reason == "ratio"
    assert "word/document.xml" in err.detail


def test_too_much_in_all_is_refused_even_at_an_ordinary_ratio():
    # four members declaring 80 MiB each from 0.85 MiB of data: 94:1, but 320 MiB in all
    c = zlib.compressobj(1, zlib.DEFLATED, -15)
    chunk = c.compress(os.urandom(int(0.85 * MiB))) + c.flush()
    members = [(f"xl/worksheets/sheet{i}.xml", chunk, zipfile.ZIP_DEFLATED, 0, 80 * MiB) for i in range(4)]
    err = refused(bombs.raw_zip(members))
    assert err.reason == "size" and err.mapping == {"mb": 300}
    message, mapping = err.message_for("regneark.xlsx")
    assert mapping == {"name": "regneark.xlsx", "ext": "XLSX", "mb": "300"}
    assert message.default.startswith("The file “${name}” unpacks to more than ${mb} MB")


def test_the_limit_on_the_total_is_a_setting():
    # honest members at 95:1 (a MiB of 9 KB noise and zeros, again and again): 8 MiB in all
    chunk = os.urandom(9_000) + bytes(MiB - 9_000)
    data, crc, size = bombs.deflated_repeat(chunk, 2)
    assert 80 < size / len(data) < 100
    archive = bombs.raw_zip([(f"xl/worksheets/sheet{i}.xml", data, zipfile.ZIP_DEFLATED, crc, size) for i in range(4)])
    assert ZipLimits.from_settings({}).max_unpacked == 300 * MiB
    assert refused(archive, ZipLimits.from_settings({"rsi_case.zip_max_unpacked_mb": "7"})).mapping == {"mb": 7}
    assert zipguard.check(io.BytesIO(archive), ZipLimits.from_settings({"rsi_case.zip_max_unpacked_mb": "9"})) == {
        "members": 4, "unpacked": 8 * MiB}


def test_too_many_members_are_refused_before_zipfile_lists_them():
    err = refused(bombs.many_members(10_001))
    assert err.reason == "members" and err.mapping == {"max": 10_000}
    assert "entries" in err.detail  # counted from the end record, not from a list of 10,001 objects
    zipguard.check(io.BytesIO(bombs.many_members(10_000)))


def test_an_end_record_that_understates_the_members_does_not_help():
    data = bytearray(bombs.many_members(10_001))
    end = data.rfind(b"PK\x05\x06")
    data[end + 8:end + 12] = struct.pack("<HH", 5, 5)  # "5 entries"
    err = refused(bytes(data))
    assert err.reason == "members"
    assert "more than 10000 members" in err.detail


def test_a_huge_central_directory_is_refused():
    long_names = [("x" * 1000 + f"{i}.xml", b"", zipfile.ZIP_STORED, 0, 0) for i in range(5000)]
    err = refused(bombs.raw_zip(long_names))
    assert err.reason == "members"
    assert "directory of" in err.detail


def _zip64(entries: int) -> bytes:
    """One member, with its end record moved to a zip64 record that claims ``entries``."""
    one = bombs.raw_zip([("word/document.xml", b"<a/>", zipfile.ZIP_STORED, zlib.crc32(b"<a/>"), 4)])
    end = one.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack("<LL", one[end + 12:end + 20])
    record = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, entries, entries, cd_size, cd_offset)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    return (one[:end] + record + locator
            + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))


def test_a_zip64_end_record_is_read():
    assert zipguard.check(io.BytesIO(_zip64(1))) == {"members": 1, "unpacked": 4}
    err = refused(_zip64(10**9))
    assert err.reason == "members" and "1000000000 entries" in err.detail


def test_nesting_is_checked_to_two_levels_and_refused_beyond():
    zipguard.check(io.BytesIO(bombs.nested(1)))  # a chart's workbook in a .docx
    zipguard.check(io.BytesIO(bombs.nested(2)))
    err = refused(bombs.nested(3))
    assert err.reason == "depth" and err.mapping == {"depth": 2}


def test_a_bomb_inside_an_embedded_archive_is_found():
    err = refused(bombs.nested(1, inner=bombs.flat_bomb(256)))
    assert err.reason == "ratio"
    # and a nested archive's members count towards the same budget
    err = refused(bombs.nested(1, inner=bombs.many_members(9_990)))
    assert err.reason == "members"


def test_overlapping_entries_are_refused():
    data = bombs.overlapping(n=50, kernel_mib=10)
    assert refused(data).reason == "ratio"  # with the default limits, the ratio already tells
    err = refused(data, LOOSE)  # and without them, the layout does
    assert err.reason == "malformed"
    assert "overlaps" in err.detail


def test_two_entries_with_the_same_data_are_refused():
    one = bombs.raw_zip([("word/document.xml", b"<a/>", zipfile.ZIP_STORED, zlib.crc32(b"<a/>"), 4)])
    end = one.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack("<L", one[end + 16:end + 20])[0]
    entry = one[cd_offset:end]
    twin = entry.replace(b"word/document.xml", b"word/documenT.xml")
    cd = entry + twin
    data = one[:cd_offset] + cd + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 2, 2, len(cd), cd_offset, 0)
    err = refused(data, LOOSE)
    assert err.reason == "malformed"


@pytest.mark.parametrize("name,change,reason", [
    ("encrypted", lambda d: _flags(d, 0x1), "encrypted"),
    ("bzip2", lambda d: _method(d, 12), "malformed"),
    ("duplicate", lambda d: bombs.raw_zip([("a.xml", b"", 0, 0, 0), ("a.xml", b"", 0, 0, 0)]), "malformed"),
    ("long name", lambda d: bombs.raw_zip([("a" * 1025, b"", 0, 0, 0)]), "malformed"),
    ("data in front", lambda d: b"MZ" + b"\x00" * 200 + d, "malformed"),
    ("local sizes differ", lambda d: _local_size(d, 3), "malformed"),
    ("not a zip", lambda d: b"PK\x03\x04" + b"\x00" * 100, "damaged"),
])
def test_malformed_containers_are_refused(name, change, reason):
    base = bombs.raw_zip([("word/document.xml", b"<a/>", zipfile.ZIP_STORED, zlib.crc32(b"<a/>"), 4)])
    zipguard.check(io.BytesIO(base))
    assert refused(change(base)).reason == reason


def _flags(data: bytes, flags: int) -> bytes:
    data = bytearray(data)
    for sig, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(sig)
        data[pos + at:pos + at + 2] = struct.pack("<H", flags)
    return bytes(data)


def _method(data: bytes, method: int) -> bytes:
    data = bytearray(data)
    for sig, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        pos = data.find(sig)
        data[pos + at:pos + at + 2] = struct.pack("<H", method)
    return bytes(data)


def _local_size(data: bytes, size: int) -> bytes:
    data = bytearray(data)
    pos = data.find(b"PK\x03\x04")
    data[pos + 22:pos + 26] = struct.pack("<L", size)
    return bytes(data)


# -- a member that lies about its size ---------------------------------------------------

def test_a_member_that_inflates_beyond_its_declared_size_is_refused():
    """Declared sizes bound nothing by themselves: CPython's ZipFile.read (what
    python-docx and mammoth call) inflates all of a member's compressed bytes
    in one go and only then cuts them to the declared size — this member,
    declaring 100 KB, cost 460 MB that way. So the guard inflates each member
    as a stream and stops where the declared size ends."""
    data = bombs.lying(declared=100_000, real_mib=256)
    before, started = peak_mb(), time.monotonic()
    err = refused(data)
    assert err.reason == "malformed" and "inflates beyond its declared" in err.detail
    assert peak_mb() - before < 20
    assert time.monotonic() - started < 1


def test_a_lie_with_a_matching_crc_is_refused_too():
    """A careful liar gives the CRC of the bytes it declares: zipfile would
    then hand out the declared bytes without complaint."""
    data, _crc, _size = bombs.deflated_zeros(64)
    lie = bombs.raw_zip([("word/document.xml", data, zipfile.ZIP_DEFLATED, zlib.crc32(bytes(100_000)), 100_000)])
    with zipfile.ZipFile(io.BytesIO(lie)) as zf:
        with zf.open("word/document.xml") as fh:
            assert fh.read(200_000) == bytes(100_000)  # no error at all
    assert refused(lie).reason == "malformed"


def test_a_member_shorter_than_declared_or_with_a_wrong_crc_is_damaged():
    data, crc, size = bombs.deflated_zeros(2)
    assert refused(bombs.raw_zip([("a.xml", data, zipfile.ZIP_DEFLATED, crc, size + 1)]), LOOSE).reason == "damaged"
    assert refused(bombs.raw_zip([("a.xml", data, zipfile.ZIP_DEFLATED, crc ^ 1, size)]), LOOSE).reason == "damaged"
    zipguard.check(io.BytesIO(bombs.raw_zip([("a.xml", data, zipfile.ZIP_DEFLATED, crc, size)])), LOOSE)


# -- real office files pass ----------------------------------------------------------------

def _rich_docx() -> bytes:
    png = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
           + struct.pack(">I", zlib.crc32(b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))))
    idat = zlib.compress(b"\x00\xff\x00\x00")
    png += struct.pack(">I", len(idat)) + b"IDAT" + idat + struct.pack(">I", zlib.crc32(b"IDAT" + idat))
    png += struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    document = docx.Document()
    document.add_heading("Strategi for fælles sundheds-it", 1)
    for i in range(300):
        document.add_paragraph(f"Afsnit {i}: regionerne samarbejder om drift og udvikling. " * 5)
    table = document.add_table(rows=200, cols=6)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{r}.{c}"
    document.add_picture(io.BytesIO(png), width=Inches(1))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_files_pass():
    for data in (bombs.word_file(), _rich_docx(), (ROOT / "docs/eksempler/gammelt-notat-18342-11.docx").read_bytes()):
        counted = zipguard.check(io.BytesIO(data))
        assert counted["members"] > 10


def _libreoffice(tmp_path: Path, source: Path, fmt: str) -> bytes:
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex[:8]}"
    result = subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", fmt, "--outdir", str(tmp_path / fmt.split(":")[0]), str(source)],
        capture_output=True, text=True, timeout=240)
    target = tmp_path / fmt.split(":")[0] / (source.stem + "." + fmt.split(":")[0])
    assert result.returncode == 0 and target.exists(), f"LibreOffice could not convert: {result.stdout} {result.stderr}"
    return target.read_bytes()


@pytest.mark.slow
def test_libreoffice_files_pass(tmp_path):
    """What LibreOffice Writer saves (.odt, and .docx as Word 2007) passes:
    its zips use data descriptors and a stored mimetype member. (The tests
    install Writer only, so no spreadsheets from it here.)"""
    memo = tmp_path / "notat.docx"
    memo.write_bytes(_rich_docx())
    for fmt in ("odt", "docx:MS Word 2007 XML"):
        data = _libreoffice(tmp_path, memo, fmt)
        assert zipfile.is_zipfile(io.BytesIO(data)), fmt
        assert zipguard.check(io.BytesIO(data))["members"] > 5
