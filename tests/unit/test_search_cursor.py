"""The per-index cursor over the change log: gaps for transactions that
commit out of id order, and what a commit of the index carries."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from rsi_case.search import cursor as cursors
from rsi_case.search.models import SearchOutbox


def test_an_id_missing_below_the_newest_read_is_waited_for_and_then_applied():
    c = cursors.Cursor(high=4).advanced([5, 7, 8], now=1000.0)
    assert c.high == 8 and c.gaps == {6: 1000.0}
    assert c.pending_ids(now=1010.0) == [6]
    c = c.advanced([6], now=1020.0)
    assert c.high == 8 and c.gaps == {}


def test_a_gap_that_never_appears_is_forgotten_after_a_while():
    c = cursors.Cursor(high=1).advanced([3], now=0.0)
    assert c.pending_ids(now=cursors.GAP_SECONDS - 1) == [2]
    assert c.pending_ids(now=cursors.GAP_SECONDS + 1) == []
    assert c.advanced([4], now=cursors.GAP_SECONDS + 1).gaps == {}


def test_holes_far_below_the_newest_are_pruned_rows_not_open_transactions():
    c = cursors.Cursor(high=0).advanced([cursors.GAP_SPAN * 3], now=0.0)
    assert len(c.gaps) == cursors.GAP_SPAN and min(c.gaps) == cursors.GAP_SPAN * 2


def test_the_cursor_belongs_to_the_generation_it_was_committed_with(app):
    store = app.registry["search.store"]
    indexer = app.registry["search.indexer"]
    indexer.rebuild()
    ix = store.open()
    before = cursors.read(ix)
    generation = ix.latest_generation()
    # a cursor written for a generation that never committed (a crash before the table of
    # contents) is not the index's: the open generation keeps its own
    cursors.write(ix.storage.folder, generation + 1, cursors.Cursor(high=10 ** 6))
    assert cursors.read(store.open()) == before


@pytest.mark.postgresql_only("SQLite has one writer at a time: its ids are committed in order")
def test_a_change_committed_after_a_newer_one_was_applied_is_not_skipped(app, engine, make_case, make_document):
    """PostgreSQL hands out ids at insert: id n can commit after n+1 was read."""
    make_document(make_case(), title="Sen transaktion")
    with engine.connect() as conn:
        case_id, doc_id = conn.execute(sa.text("SELECT case_id, id FROM documents ORDER BY id DESC LIMIT 1")).one()
    indexer = app.registry["search.indexer"]
    indexer.drain()
    slow = engine.connect()
    slow_tx = slow.begin()
    slow.execute(sa.insert(SearchOutbox), [{"kind": "document", "object_id": doc_id}])  # id n, not committed
    with engine.begin() as conn:
        conn.execute(sa.insert(SearchOutbox), [{"kind": "case", "object_id": case_id}])  # id n+1, committed
    indexer.drain()
    held = indexer.cursor()
    assert len(held.pending_ids()) == 1 and held.high == held.pending_ids()[0] + 1
    assert indexer.lag()["queued"] == 0  # n is not in the log yet, as far as anyone can see
    slow_tx.commit()
    slow.close()
    assert indexer.lag()["queued"] == 1
    assert indexer.drain() == 1
    assert indexer.cursor().gaps == {} and indexer.lag()["queued"] == 0


@pytest.mark.postgresql_only("LISTEN/NOTIFY is PostgreSQL's; on SQLite other processes' changes are polled for")
def test_a_waiting_indexer_is_woken_by_a_save_committed_elsewhere(app, make_case):
    import threading
    import time

    indexer = app.registry["search.indexer"]
    indexer.wait_for_changes(0.01)  # LISTEN from here on
    saver = threading.Timer(0.5, lambda: make_case(title="Vækket"))
    started = time.monotonic()
    saver.start()
    indexer.wait_for_changes(30)
    woke = time.monotonic() - started
    saver.join()
    indexer._listener.close()
    assert woke < 10, f"woken after {woke:.1f} s: no NOTIFY at commit?"
