"""Several nodes: two application processes with index folders of their
own, against one database (the test's SQLite file or PostgreSQL database)
and one attachment store. Each applies the shared change log to its own
index with its own cursor: a save on either is searchable on both, a node
that was down catches up, and one whose index is missing — or whose cursor
the pruned log has left behind — rebuilds while it serves pages."""

from __future__ import annotations

import shutil
import time

import pytest
import sqlalchemy as sa

from tests.conftest import settings_for
from tests.functional.test_durability import Client, Server, word
from tests.functional.test_worker import _document, _searchable

pytestmark = pytest.mark.slow

ON_A, ON_B = 2.0, 5.0  # issue 14: searchable on the node that saved within 2 s, on another within 5 s


def node(tmp_path, database_url, name):
    folder = tmp_path / name
    folder.mkdir()
    settings = settings_for(folder, database_url, **{"rsi_case.search.mode": "background", "rsi_case.node": name,
                                                     "rsi_case.blobs": str(tmp_path / "shared-blobs")})
    return Server(settings, folder), folder / "index"


def searchable_within(clients: dict, w: str, seconds: float) -> dict:
    """When ``w`` became searchable on each node (seconds from now), checking them in turn."""
    started = time.monotonic()
    found = {}
    while len(found) < len(clients) and time.monotonic() - started < seconds:
        for name, client in clients.items():
            if name not in found and _searchable(client, w):
                found[name] = time.monotonic() - started
        time.sleep(0.05)
    return found


def test_two_nodes_share_the_log_each_with_its_own_index(tmp_path, database_url, users, make_case, app):
    case = make_case(title="To knuder")
    app.registry["db.engine"].dispose()
    a, a_index = node(tmp_path, database_url, "a")
    b, b_index = node(tmp_path, database_url, "b")
    a.start()
    b.start()
    try:
        ca, cb = Client(a.base), Client(b.base)
        ca.login("sekretariat")
        cb.login("sekretariat")
        form = f"/cases/{case.slug}/documents/new?kind=notat"
        token_a, token_b = ca.token(form), cb.token(form)

        def save(client, token, w):
            status, _loc, text = client.request(form, _document(token, w))
            assert status == 303, text[:300]

        # a save on A: searchable on A within 2 s, on B within 5 s (and the other way round)
        timings = []
        for n, (client, token, here, there) in enumerate([(ca, token_a, "a", "b"), (cb, token_b, "b", "a")] * 2):
            w = word(100 + n)
            save(client, token, w)
            found = searchable_within({"a": ca, "b": cb}, w, 30)
            assert here in found and found[here] <= ON_A, (w, found)
            assert there in found and found[there] <= ON_B, (w, found)
            timings.append((here, found[here], found[there]))

        # B is down while A saves; B catches up from its cursor when it is back
        b.stop()
        w_down = word(200)
        save(ca, token_a, w_down)
        b.start()
        cb = Client(b.base)  # (a new port)
        cb.login("sekretariat")
        assert searchable_within({"b": cb}, w_down, 30), "B did not catch up after being down"

        # B's index is lost: it rebuilds, serving pages meanwhile
        b.stop()
        shutil.rmtree(b_index)
        b.start()
        cb = Client(b.base)
        cb.login("sekretariat")
        status, _loc, _text = cb.request(f"/cases/{case.slug}")
        assert status == 200
        assert searchable_within({"b": cb}, w_down, 60), "B did not rebuild its missing index"

        # the log is pruned past B's cursor while B is down: B rebuilds instead of missing changes
        b.stop()
        w_pruned, w_after = word(300), word(301)
        save(ca, token_a, w_pruned)
        save(ca, token_a, w_after)  # the newest row stays in the log; w_pruned's goes
        assert searchable_within({"a": ca}, w_after, 30)
        engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
        with engine.begin() as conn:
            newest = conn.execute(sa.text("SELECT MAX(id) FROM search_outbox")).scalar()
            conn.execute(sa.text("DELETE FROM search_outbox WHERE id < :n"), {"n": newest})
        engine.dispose()
        b.start()
        cb = Client(b.base)
        cb.login("sekretariat")
        assert searchable_within({"b": cb}, w_after, 60)
        assert searchable_within({"b": cb}, w_pruned, 5), "B missed changes pruned from the log"
        status, _loc, text = cb.request("/health")
        assert status == 200
        print("\ntwo nodes (saved on, seconds there, seconds on the other): "
              + "; ".join(f"{h} {x:.2f}/{y:.2f}" for h, x, y in timings))
    finally:
        a.stop()
        b.stop()
