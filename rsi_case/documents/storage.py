"""Attachment bytes, addressed by SHA-256 (never by the uploaded name).

:class:`AttachmentStore` is what the application asks of the place that
keeps the files; :class:`FilesystemStore` keeps them in a directory —
``var/blobs/ab/cd/abcd…`` on a laptop, a shared mount (NFS, SMB) that every
app node sees in production. Identical files are stored once.

Safe on a shared mount, where several processes on several hosts write at
once and the power may go at any moment:

* a write goes to a temporary file with a unique name in the store's own
  directory (so the rename below stays on one file system), is fsynced, and
  only then renamed into place; the directory is fsynced after the rename
  (and after making a new fan-out directory), so a name that exists always
  points at complete bytes, also after a crash;
* the name is the content's hash, so two nodes storing the same file write
  the same bytes under the same name — whichever rename wins, the result is
  the same, and nothing is ever overwritten with different content;
* a stored file is never changed; it is removed only by
  ``rsi-case-verify --prune-orphans`` when no row refers to it any more.

Every table column named ``sha256`` refers to a file in the store (that is
how backup and verify find the references).
"""

from __future__ import annotations

import abc
import dataclasses
import hashlib
import io
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

CHUNK = 1024 * 1024
TMP_PREFIX = ".upload-"
HEX = frozenset("0123456789abcdef")


class TooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


def valid_hash(sha256: str) -> bool:
    return isinstance(sha256, str) and len(sha256) == 64 and set(sha256) <= HEX


@dataclasses.dataclass(frozen=True)
class Stored:
    """One stored file: its hash, size in bytes and last modification (epoch seconds)."""

    sha256: str
    size: int
    modified: float


class AttachmentStore(abc.ABC):
    """Content-addressed storage of attachment bytes."""

    @abc.abstractmethod
    def exists(self, sha256: str) -> bool:
        """Whether the file is stored (False for anything that is not a hash)."""

    @abc.abstractmethod
    def put(self, fileobj, limit: int | None = None) -> tuple[str, int]:
        """Store a stream; returns (sha256, size). Raises TooLarge past ``limit``
        bytes, and then stores nothing."""

    @abc.abstractmethod
    def open(self, sha256: str):
        """The stored bytes as a binary file object (FileNotFoundError if absent)."""

    @abc.abstractmethod
    def stat(self, sha256: str) -> Stored:
        """Size and age of a stored file (FileNotFoundError if absent)."""

    @abc.abstractmethod
    def stored(self) -> Iterator[Stored]:
        """Every stored file (verify, backup)."""

    @abc.abstractmethod
    def delete(self, sha256: str) -> None:
        """Remove a file no row refers to any more (only ``rsi-case-verify --prune-orphans``)."""

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        return self.put(io.BytesIO(data))

    def read(self, sha256: str) -> bytes:
        with self.open(sha256) as fh:
            return fh.read()

    def matches(self, sha256: str) -> bool:
        """Whether the stored bytes still hash to their name (damage on disk)."""
        digest = hashlib.sha256()
        with self.open(sha256) as fh:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest() == sha256


def _fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in ``path`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some network file systems refuse fsync on a directory
        pass
    finally:
        os.close(fd)


class FilesystemStore(AttachmentStore):
    """Files under ``root/ab/cd/<sha256>``, written with temp name + fsync + rename + fsync of the directory."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        """Where the file lives (the file responses hand it to the server as a file)."""
        if not valid_hash(sha256):
            raise ValueError("not a sha256 hex digest")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        try:
            return self.path(sha256).is_file()
        except ValueError:
            return False

    def _make_dirs(self, directory: Path) -> None:
        missing = []
        d = directory
        while not d.exists() and d != self.root.parent:
            missing.append(d)
            d = d.parent
        directory.mkdir(parents=True, exist_ok=True)
        for made in reversed(missing):
            _fsync_dir(made.parent)

    def put(self, fileobj, limit: int | None = None) -> tuple[str, int]:
        self._make_dirs(self.root)
        digest = hashlib.sha256()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=TMP_PREFIX)
        try:
            with os.fdopen(fd, "wb") as out:
                while True:
                    chunk = fileobj.read(CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if limit is not None and size > limit:
                        raise TooLarge(limit)
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = self.path(sha)
            self._make_dirs(target.parent)
            # also when the name exists: the same bytes, freshly checked, and a new
            # modification time, so a concurrent --prune-orphans of old files leaves them
            os.replace(tmp, target)
            _fsync_dir(target.parent)
            return sha, size
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def open(self, sha256: str):
        return self.path(sha256).open("rb")

    def stat(self, sha256: str) -> Stored:
        st = self.path(sha256).stat()
        return Stored(sha256, st.st_size, st.st_mtime)

    def stored(self) -> Iterator[Stored]:
        if not self.root.is_dir():
            return
        for first in sorted(self.root.iterdir()):
            if len(first.name) != 2 or not first.is_dir():
                continue
            for second in sorted(first.iterdir()):
                if not second.is_dir():
                    continue
                for f in sorted(second.iterdir()):
                    if valid_hash(f.name) and f.name[:2] == first.name and f.name[2:4] == second.name and f.is_file():
                        st = f.stat()
                        yield Stored(f.name, st.st_size, st.st_mtime)

    def leftovers(self, older_than_seconds: float = 0) -> list[Path]:
        """Temporary files of writes that never finished (a killed process), older than the given age."""
        if not self.root.is_dir():
            return []
        cutoff = time.time() - older_than_seconds
        return [p for p in self.root.glob(TMP_PREFIX + "*") if p.stat().st_mtime <= cutoff]

    def delete(self, sha256: str) -> None:
        path = self.path(sha256)
        path.unlink(missing_ok=True)
        _fsync_dir(path.parent)


# the name the rest of the application has always used
BlobStore = FilesystemStore


def store_from_settings(settings: dict) -> AttachmentStore:
    """The store an installation's settings name (``rsi_case.blobs``, default ``<rsi_case.var>/blobs``)."""
    return FilesystemStore(settings.get("rsi_case.blobs") or Path(settings.get("rsi_case.var", "var")) / "blobs")
