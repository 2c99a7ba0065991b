"""The attachment store on a shared mount: a name always points at complete
bytes (temporary name, fsync, rename, fsync of the directory), identical
files are stored once, and writers on several hosts cannot harm each other."""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os

import pytest

from rsi_case.documents import storage
from rsi_case.documents.storage import AttachmentStore, BlobStore, FilesystemStore, TooLarge


def test_the_filesystem_store_is_an_attachment_store_under_its_old_name_too(tmp_path):
    store = FilesystemStore(tmp_path)
    assert isinstance(store, AttachmentStore) and BlobStore is FilesystemStore
    sha, size = store.put_bytes(b"hej")
    assert sha == hashlib.sha256(b"hej").hexdigest() and size == 3
    assert store.path(sha) == tmp_path / sha[:2] / sha[2:4] / sha
    assert store.read(sha) == b"hej" and store.exists(sha) and store.matches(sha)
    assert [s.sha256 for s in store.stored()] == [sha]
    assert not store.exists("../../etc/passwd") and not store.exists("A" * 64)
    with pytest.raises(ValueError):
        store.path("../" + "a" * 61)


def test_a_write_is_synced_before_it_is_renamed_into_place_and_the_directory_after(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync-dir" if os.path.isdir(f"/proc/self/fd/{fd}") else "fsync-file"))
        real_fsync(fd)

    def replace(src, dst):
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "fsync", fsync)
    monkeypatch.setattr(storage.os, "replace", replace)
    FilesystemStore(tmp_path / "blobs").put_bytes(b"indhold")
    assert "fsync-file" in events and events.index("fsync-file") < events.index("rename")
    assert events[-1] == "fsync-dir"  # the rename itself is made durable
    # a second write of the same bytes: the same order again (it refreshes the file)
    events.clear()
    FilesystemStore(tmp_path / "blobs").put_bytes(b"indhold")
    assert events[:2] == ["fsync-file", "rename"] and events[-1] == "fsync-dir"


class Exploding(io.RawIOBase):
    def __init__(self):
        self.sent = 0

    def readable(self):
        return True

    def read(self, n=-1):
        if self.sent > 3 * storage.CHUNK:
            raise ConnectionResetError("the client went away")
        self.sent += storage.CHUNK
        return b"x" * storage.CHUNK


def test_an_interrupted_or_too_large_upload_leaves_nothing_behind(tmp_path):
    store = FilesystemStore(tmp_path)
    with pytest.raises(ConnectionResetError):
        store.put(Exploding())
    with pytest.raises(TooLarge):
        store.put(io.BytesIO(b"y" * 5000), limit=4000)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert store.leftovers() == []


def _put_many(root, payloads, queue):
    store = FilesystemStore(root)
    queue.put([store.put_bytes(p)[0] for p in payloads])


def test_processes_storing_the_same_files_at_once_end_with_one_intact_copy_each(tmp_path):
    payloads = [bytes([i]) * (200_000 + i) for i in range(12)]
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_put_many, args=(tmp_path, payloads[::step], queue)) for step in (1, 1, 2, 3)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    store = FilesystemStore(tmp_path)
    expected = {hashlib.sha256(p).hexdigest() for p in payloads}
    assert {s for r in results for s in r} == expected
    assert {s.sha256 for s in store.stored()} == expected
    assert all(store.matches(s) for s in expected)
    assert store.leftovers() == []


def test_delete_removes_only_the_named_file(tmp_path):
    store = FilesystemStore(tmp_path)
    a, _ = store.put_bytes(b"a")
    b, _ = store.put_bytes(b"b")
    store.delete(a)
    assert not store.exists(a) and store.exists(b)
    store.delete(a)  # already gone: fine
