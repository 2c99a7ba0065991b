"""The search service sees every write to the index at the next search
(SearchService._current): it looks again whenever the index's files may
have changed, and skips the look only when two stats prove they have not.
"""

from __future__ import annotations

import os
import random
import time

from whoosh import index as whoosh_index

from rsi_case.search.index import IndexStore
from rsi_case.search.service import SearchService

from .test_search_engine import entry

STAFF = ["role:sekretariat"]


def _made(tmp_path, n=60):
    rng = random.Random(3)
    store = IndexStore(tmp_path)
    path = store.new_generation()
    ix = whoosh_index.open_dir(str(path))
    writer = ix.writer()
    for i in range(1, n + 1):
        writer.add_document(**entry(i, rng))
    writer.commit()
    store.publish(path)
    return store, ix, path


def _age(store, path, seconds=60):
    """Let the index's files look as if last written ``seconds`` ago."""
    then = time.time() - seconds
    for p in (store.current_file, path):
        os.utime(p, (then, then))


def _looks(service, monkeypatch):
    calls = []
    real = service.store.current_dir

    def counted():
        calls.append(1)
        return real()

    monkeypatch.setattr(service.store, "current_dir", counted)
    return calls


def _marked(ix, uid_number, word="kvasar"):
    e = entry(uid_number, random.Random(uid_number))
    e["body"] += f" {word}"
    writer = ix.writer()
    writer.add_document(**e)
    writer.commit(merge=False)


def test_an_unchanged_index_is_not_looked_at_again_and_a_write_is_seen_at_once(tmp_path, monkeypatch):
    store, ix, path = _made(tmp_path)
    _age(store, path)
    service = SearchService(store)
    looks = _looks(service, monkeypatch)
    for _ in range(2):  # (the first opens the index: its stamp is taken from the next look on)
        assert service.search("kvasar", STAFF).total == 0
    looks.clear()
    for _ in range(3):
        assert service.search("telefoni", STAFF).total > 0
    assert not looks  # trusted: the index's files have not changed since the last look
    _marked(ix, 1001)  # a commit adds files to the generation's folder: its time changes
    assert service.search("kvasar", STAFF).total == 1
    assert len(looks) == 1


def test_a_deletion_is_seen_at_once(tmp_path):
    store, ix, path = _made(tmp_path)
    _marked(ix, 1001)
    _age(store, path)
    service = SearchService(store)
    assert service.search("kvasar", STAFF).total == 1
    service.search("kvasar", STAFF)  # (now answered on the trusted stamp)
    writer = ix.writer()
    writer.delete_by_term("uid", "doc:1001")
    writer.commit(merge=False)
    assert service.search("kvasar", STAFF).total == 0


def test_a_new_generation_is_seen_at_once(tmp_path):
    store, _ix, path = _made(tmp_path)
    _age(store, path)
    service = SearchService(store)
    assert service.search("kvasar", STAFF).total == 0
    service.search("kvasar", STAFF)
    rebuilt = store.new_generation()  # a rebuild publishes a new folder: the pointer file is replaced
    ix2 = whoosh_index.open_dir(str(rebuilt))
    _marked(ix2, 2002)
    store.publish(rebuilt)
    assert service.search("kvasar", STAFF).total == 1


def test_times_within_the_clock_tick_of_a_look_are_not_trusted(tmp_path, monkeypatch):
    """A write in the same tick of the file system's clock as the look would
    leave the same times behind: recent times mean looking every time."""
    store, ix, path = _made(tmp_path)
    service = SearchService(store)
    looks = _looks(service, monkeypatch)
    for _ in range(3):
        service.search("telefoni", STAFF)
    assert len(looks) >= 3
    # and a write that keeps every time it can (the same second, as on a coarse clock) is still seen
    stamp_before = (os.stat(store.current_file).st_mtime_ns, os.stat(path).st_mtime_ns)
    _marked(ix, 1001)
    os.utime(path, ns=(stamp_before[1], stamp_before[1]))
    assert service.search("kvasar", STAFF).total == 1
