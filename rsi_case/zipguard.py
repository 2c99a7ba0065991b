"""A zip container (.docx, .xlsx, .pptx, .odt, .ods) is checked before any
parser opens it.

A 340 KB .docx whose ``word/document.xml`` inflates to 300 MB took 31 s and
2.2 GB to read. The checks read the zip's central directory and each
member's local header first — nothing is inflated before the declared sizes
have passed — and refuse

* more unpacked bytes in all than ``max_unpacked`` (declared sizes, nested
  archives counted as well),
* a member above ``ratio_grace`` that unpacks to more than ``max_ratio``
  times its packed size (Apache POI's long-standing 1:100),
* more members than ``max_members``, or a central directory that could hold
  that many (zipfile builds one object per entry before we could count),
* archives inside archives deeper than ``max_depth`` (a chart in a .docx is
  an embedded .xlsx: one level is everyday Word),
* encrypted members, compression other than stored/deflate, duplicate
  names, names longer than ``max_name`` or holding NUL, data before the
  archive, and members whose local header disagrees with the directory or
  whose bytes overlap another member's (David Fifield's "better zip bomb"
  shares one compressed kernel between thousands of entries),
* a member that inflates to more than it declares, or fails its CRC.

That last check inflates every member, as a stream (64 KiB in, at most
256 KiB out at a time), stopping at the declared size: declared sizes alone
bound nothing, because CPython's ``ZipFile.read`` — what python-docx and
mammoth call — inflates all of a member's compressed bytes in one go and
only then cuts the result to the declared size (a 260 KB member
declaring 100 KB took 460 MB; tests/unit/test_zipguard.py). So the work here is
bounded by ``max_unpacked``, its memory by a few chunks, and what passes
holds no more than it says.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import struct
import tempfile
import zipfile
import zlib
from typing import BinaryIO

from .i18n import _

log = logging.getLogger(__name__)

MiB = 1024 * 1024

_EOCD = struct.Struct("<4s4H2LH")  # end of central directory
_EOCD64_LOCATOR = struct.Struct("<4sLQL")
_EOCD64 = struct.Struct("<4sQ2H2L4Q")
_LOCAL = struct.Struct("<4s5H3L2H")  # local file header
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a member that is itself an archive (or an empty one)


@dataclasses.dataclass(frozen=True)
class ZipLimits:
    max_unpacked: int = 300 * MiB
    max_ratio: int = 100
    ratio_grace: int = 1 * MiB
    max_members: int = 10_000
    max_depth: int = 2
    max_name: int = 1024
    max_directory: int = 4 * MiB

    @classmethod
    def from_settings(cls, settings) -> ZipLimits:
        mb = float(settings.get("rsi_case.zip_max_unpacked_mb", 300))
        return cls(max_unpacked=int(mb * MiB))


DEFAULT_LIMITS = ZipLimits()

_MESSAGES = {
    "size": _("zip-too-large", default="The file “${name}” unpacks to more than ${mb} MB and cannot be read."),
    "ratio": _("zip-ratio", default="The file “${name}” is packed unusually tightly (a part of it unpacks to more "
                                    "than ${ratio} times its size) and cannot be read."),
    "members": _("zip-members", default="The file “${name}” consists of more than ${max} parts and cannot be read."),
    "depth": _("zip-nested", default="The file “${name}” holds packed files more than ${depth} levels deep and "
                                     "cannot be read."),
    "encrypted": _("zip-encrypted", default="The file “${name}” is encrypted and cannot be read. Save it without a "
                                            "password and try again."),
    "malformed": _("zip-malformed", default="The file “${name}” is put together in a way a valid ${ext} file never "
                                            "is, and cannot be read."),
    "damaged": _("file-unreadable", default="The file “${name}” does not look like a valid ${ext} file. It may be "
                                            "damaged or renamed."),
}


class ZipRefused(ValueError):
    """Why a container was refused: ``reason`` (a key of _MESSAGES), the
    numbers for the message, and a ``detail`` for the log (never shown)."""

    def __init__(self, reason: str, detail: str = "", **mapping):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.mapping = mapping

    def message_for(self, filename: str):
        """The Danish-ready message and its mapping, naming the file."""
        ext = os.path.splitext(filename)[1].lstrip(".").upper() or "ZIP"
        numbers = {key: f"{value:,}".replace(",", ".") if isinstance(value, int) else value  # 10.000, as Danes write it
                   for key, value in self.mapping.items()}
        return _MESSAGES[self.reason], {"name": filename, "ext": ext, **numbers}


@dataclasses.dataclass
class _Budget:
    limits: ZipLimits
    members: int = 0
    unpacked: int = 0


def check(source: str | os.PathLike | BinaryIO, limits: ZipLimits = DEFAULT_LIMITS) -> dict:
    """Raise ZipRefused unless ``source`` (a path or a seekable binary file)
    is a zip container within ``limits``; returns what was counted."""
    budget = _Budget(limits)
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fh:
            _check(fh, 0, budget)
    else:
        _check(source, 0, budget)
    return {"members": budget.members, "unpacked": budget.unpacked}


def _check(fh: BinaryIO, depth: int, budget: _Budget) -> None:
    limits = budget.limits
    cd_offset, _cd_size = _directory(fh, limits)
    try:
        fh.seek(0)
        with zipfile.ZipFile(fh) as zf:  # a file object passed in stays open
            infos = zf.infolist()
        _check_members(infos, budget)
        starts = _check_layout(fh, infos, cd_offset)
        for info in infos:
            nested = _inflate(fh, info, starts[info.header_offset], depth, budget)
            if nested is not None:
                with nested:
                    _check(nested, depth + 1, budget)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, struct.error, ValueError, NotImplementedError,
            RuntimeError, KeyError, UnicodeError, zlib.error) as exc:
        if isinstance(exc, ZipRefused):
            raise
        raise ZipRefused("damaged", f"zipfile: {exc}") from None


def _directory(fh: BinaryIO, limits: ZipLimits) -> tuple[int, int]:
    """Find the end-of-central-directory record ourselves, so an oversized
    directory is refused before zipfile turns every entry into an object."""
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    tail_len = min(size, _EOCD.size + 0xFFFF)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or pos + _EOCD.size > len(tail):
        raise ZipRefused("damaged", "no end of central directory")
    eocd_at = size - tail_len + pos
    _sig, disk, cd_disk, _n_disk, entries, cd_size, cd_offset, _comment = _EOCD.unpack(tail[pos:pos + _EOCD.size])
    record_at = eocd_at
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
        if eocd_at < _EOCD64_LOCATOR.size:
            raise ZipRefused("damaged", "zip64 locator missing")
        fh.seek(eocd_at - _EOCD64_LOCATOR.size)
        sig, _disk, record_at, _disks = _EOCD64_LOCATOR.unpack(fh.read(_EOCD64_LOCATOR.size))
        if sig != b"PK\x06\x07" or record_at > eocd_at:
            raise ZipRefused("damaged", "zip64 locator")
        fh.seek(record_at)
        raw = fh.read(_EOCD64.size)
        if len(raw) != _EOCD64.size:
            raise ZipRefused("damaged", "zip64 record")
        sig, _sz, _v1, _v2, disk, cd_disk, _n_disk, entries, cd_size, cd_offset = _EOCD64.unpack(raw)
        if sig != b"PK\x06\x06":
            raise ZipRefused("damaged", "zip64 record")
    if disk or cd_disk:
        raise ZipRefused("malformed", "spans several disks")
    if entries > limits.max_members or cd_size > limits.max_directory:
        raise ZipRefused("members", f"{entries} entries, directory of {cd_size} bytes", max=limits.max_members)
    if cd_offset + cd_size != record_at:
        # bytes in front of the archive (a self-extractor, a polyglot): zipfile
        # would shift every offset by them; no office program writes such a file
        raise ZipRefused("malformed", f"directory at {cd_offset}+{cd_size}, record at {record_at}")
    return cd_offset, cd_size


def _check_members(infos: list[zipfile.ZipInfo], budget: _Budget) -> None:
    limits = budget.limits
    names = set()
    for info in infos:
        budget.members += 1
        if budget.members > limits.max_members:
            raise ZipRefused("members", f"more than {limits.max_members} members", max=limits.max_members)
        raw_name = info.orig_filename
        if len(raw_name) > limits.max_name or "\x00" in raw_name:
            raise ZipRefused("malformed", f"member name of {len(raw_name)} characters")
        if info.filename in names:
            raise ZipRefused("malformed", f"duplicate member {info.filename!r}")
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise ZipRefused("encrypted", info.filename)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ZipRefused("malformed", f"compression method {info.compress_type} in {info.filename!r}")
        if info.file_size > limits.ratio_grace and info.file_size > limits.max_ratio * info.compress_size:
            raise ZipRefused("ratio", f"{info.filename!r}: {info.compress_size} -> {info.file_size} bytes",
                             ratio=limits.max_ratio)
        budget.unpacked += info.file_size
        if budget.unpacked > limits.max_unpacked:
            raise ZipRefused("size", f"more than {budget.unpacked} bytes unpacked", mb=limits.max_unpacked // MiB)


def _check_layout(fh: BinaryIO, infos: list[zipfile.ZipInfo], cd_offset: int) -> dict[int, int]:
    """Each member's local header names it as the directory does, its bytes
    lie before the directory and after the previous member's: no two entries
    share compressed data. Returns where each member's data starts."""
    starts = {}
    end = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        start = info.header_offset
        if start < end:
            raise ZipRefused("malformed", f"{info.filename!r} overlaps the member before it")
        fh.seek(start)
        raw = fh.read(_LOCAL.size)
        if len(raw) != _LOCAL.size:
            raise ZipRefused("damaged", f"local header of {info.filename!r} cut off")
        (sig, _version, flags, _method, _time, _date, _crc, csize, usize, name_len,
         extra_len) = _LOCAL.unpack(raw)
        if sig != b"PK\x03\x04":
            raise ZipRefused("malformed", f"no local header for {info.filename!r}")
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
        if fh.read(name_len) != info.orig_filename.encode(encoding, "replace"):
            raise ZipRefused("malformed", f"local name differs for {info.filename!r}")
        if not flags & 0x8 and 0xFFFFFFFF not in (csize, usize) \
                and (csize, usize) != (info.compress_size, info.file_size):
            raise ZipRefused("malformed", f"local sizes of {info.filename!r} differ from the directory")
        starts[start] = start + _LOCAL.size + name_len + extra_len
        end = starts[start] + info.compress_size
        if end > cd_offset:
            raise ZipRefused("malformed", f"{info.filename!r} runs into the central directory")
    return starts


def _inflate(fh: BinaryIO, info: zipfile.ZipInfo, start: int, depth: int, budget: _Budget):
    """Inflate one member as a stream and hold it to its declared size and CRC.
    A member that is itself an archive is spooled to a temporary file (its
    declared size at most) and returned, to be checked the same way within
    the same budget; it is never held in memory."""
    fh.seek(start)
    left = info.compress_size
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    size = crc = 0
    spool = None
    try:
        while True:
            if inflater is not None and inflater.unconsumed_tail:
                piece = inflater.decompress(inflater.unconsumed_tail, 256 * 1024)
            else:
                chunk = fh.read(min(64 * 1024, left))
                left -= len(chunk)
                if not chunk:
                    break
                piece = inflater.decompress(chunk, 256 * 1024) if inflater is not None else chunk
            if size == 0 and piece:
                if piece[:4] in _ZIP_MAGIC:
                    if depth + 1 > budget.limits.max_depth:
                        raise ZipRefused("depth", f"{info.filename!r} at level {depth + 1}",
                                         depth=budget.limits.max_depth)
                    spool = tempfile.TemporaryFile(prefix="rsi-zip-")
            size += len(piece)
            if size > info.file_size:
                raise ZipRefused("malformed", f"{info.filename!r} inflates beyond its declared {info.file_size} bytes")
            crc = zlib.crc32(piece, crc)
            if spool is not None:
                spool.write(piece)
            if inflater is not None and inflater.eof:
                break
        if size != info.file_size or crc != info.CRC:
            raise ZipRefused("damaged", f"{info.filename!r}: {size} bytes, CRC {crc:08x} (declared "
                                        f"{info.file_size}, {info.CRC:08x})")
    except BaseException:
        if spool is not None:
            spool.close()
        raise
    if spool is not None:
        spool.seek(0)
    return spool
